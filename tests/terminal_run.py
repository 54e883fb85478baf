"""Run `vetting` with its stdout on a pseudo-terminal (python's pty), as a person at a terminal runs it."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path


def on_a_terminal(args: list[str], cwd: Path, env_extra: dict | None = None) -> tuple[str, int]:
    """What `vetting ARGS` showed on the terminal (CRLF as LF), and its exit code; stderr must be empty."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "VETTING_LANG")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "120"}, **(env_extra or {}))
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "vetting.cli", *args], stdout=child, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, cwd=cwd, env=env)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    _, err = proc.communicate(timeout=120)
    assert not err, err.decode(errors="replace")
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), proc.returncode
