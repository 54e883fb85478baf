"""Parse a contract file in a child process with a memory and CPU-time limit.

A hostile PDF or DOCX (a decompression bomb that slips past the ZIP checks, a PDF whose object
graph makes the parser loop) then costs at most ``MEMORY`` bytes and ``CPU_SECONDS`` seconds, and
ends as one line ("could not be parsed within the limits"), not as a stuck or killed ``vetting``.
The child prints one JSON document: the pages, or the refusal's message key and values.
"""
from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path
import resource
from ..io.reading import read_bytes
from .readers import MAX_FILE
from .readers import ReadRefused, read

MEMORY = 1024 * 1024 * 1024  # bytes of address space for the parser
CPU_SECONDS = 60
WALL_SECONDS = 180
# Reading scanned pages by OCR (ocr.py, the optional extra): the models need about 2 GB of address
# space and some seconds of CPU per page.
OCR_MEMORY = 3 * 1024 * 1024 * 1024
OCR_CPU_SECONDS = 900
OCR_WALL_SECONDS = 1200


class ParseFailed(Exception):
    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(key)


def _limit(memory: int | None = None, cpu: int | None = None):  # runs in the child before exec
    memory, cpu = memory or MEMORY, cpu or CPU_SECONDS
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def read_isolated(path: Path) -> dict:
    """The reader's result for ``path``: its bytes read here through vetting.io.reading (a regular file
    within the size limit, never a FIFO or a device), parsed by a limited child process."""

    data = read_bytes(path, what="contract", limit=MAX_FILE + 1)  # over MAX_FILE: the reader's own line
    try:
        return _run_child(path, data, with_ocr=False)
    except ParseFailed as e:
        if e.key != "scan_needs_ocr":
            raise
    return _run_child(path, data, with_ocr=True)  # scanned pages, and the OCR extra is installed


def _run_child(path: Path, data: bytes, with_ocr: bool) -> dict:
    src = str(Path(__file__).resolve().parents[2])  # the folder holding the vetting package
    code = f"import sys; sys.path.insert(0, {src!r}); from vetting.intake.sandbox import child; child()"
    cmd = [sys.executable, "-I", "-c", code, str(Path(path).resolve())] + (["--ocr"] if with_ocr else [])
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    limit = functools.partial(_limit, OCR_MEMORY, OCR_CPU_SECONDS) if with_ocr else _limit
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=OCR_WALL_SECONDS if with_ocr else WALL_SECONDS,
                              preexec_fn=limit, env=env, input=data)
    except subprocess.TimeoutExpired:
        raise ParseFailed("scan_limits") from None
    try:
        out = json.loads(done.stdout.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ParseFailed("scan_limits") from None
    if "error" in out:
        raise ParseFailed(out["error"], **out.get("values", {}))
    return out


def child() -> None:
    """The child's entry point: parse the bytes on stdin as the file named argv[1], print the result as JSON."""

    try:
        out = read(Path(sys.argv[1]), sys.stdin.buffer.read(), with_ocr="--ocr" in sys.argv[2:])
    except ReadRefused as e:
        out = {"error": e.key, "values": e.values}
    except MemoryError:
        out = {"error": "scan_limits", "values": {}}
    sys.stdout.write(json.dumps(out, ensure_ascii=False))
    sys.stdout.flush()
