"""Running vetting as a user does, in a child process bounded in time and memory, for the hostile-input
tests: a case that used to hang or exhaust memory fails its test instead of stalling the suite."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEMORY = 3 * 1024 ** 3  # address space of the child


def _limits():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def vetting(*args, timeout: float = 60, env: dict | None = None, cwd=None, limit_memory: bool = True,
            **kw) -> subprocess.CompletedProcess:
    """``vetting ARGS`` in a child process; TimeoutExpired (the test fails) when it runs longer than ``timeout``.
    ``limit_memory=False`` for a run that starts Chromium (it reserves far more address space than it uses)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-c", "from vetting.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=full_env, cwd=cwd,
                          preexec_fn=_limits if limit_memory else None, **kw)


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
