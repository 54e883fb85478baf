"""Files written atomically: a temporary file beside the target, moved into place.

A crash, Ctrl-C or SIGTERM never leaves a half-written file under the final name, and
no temporary file behind: every temporary file made here is remembered until it is moved
into place, and ``remove_temporaries`` (called by the CLI when it is interrupted) deletes
whatever is still left. A file that cannot be written is an ``OutputError``
("cannot write PATH: reason"), never a raw OSError.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError

_LIVE: set[str] = set()  # temporary files made by this process and not yet moved into place


def reason(error: OSError) -> str:
    """An OSError in plain words: its strerror ("Permission denied"), else its text."""
    return error.strerror or str(error)


def temp_beside(path: Path) -> tuple[int, Path]:
    """An open temporary file in ``path``'s folder, with the permissions a new file normally gets.

    (mkstemp makes it 0600; a report or a table is an ordinary file others may read.)"""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    _LIVE.add(tmp)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    return fd, Path(tmp)


def settled(tmp: Path) -> None:
    """``tmp`` was moved into place (or removed): nothing to clean up for it any more."""
    _LIVE.discard(str(tmp))


def remove_temporaries() -> list[str]:
    """Delete every temporary file this process made and has not moved into place; returns them."""
    removed = []
    for tmp in list(_LIVE):
        try:
            os.unlink(tmp)
            removed.append(tmp)
        except FileNotFoundError:  # already moved into place by code that did not say so
            pass
        except OSError:
            continue
        _LIVE.discard(tmp)
    return removed


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name the same existing file (through symlinks and hard links too)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_inputs(output: str | Path, inputs) -> None:
    """OutputError when ``output`` is one of ``inputs`` (same file: a symlink or hard link counts)."""
    for source in inputs:
        if same_file(output, source):
            raise OutputError(output, f"it is the input file {source}; "
                                      "vetting never writes over its input: choose another output file")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    A symlink is followed (its target is written, the link stays a link). A target that
    exists and is not a regular file (``/dev/null``, ``/dev/stdout``, a FIFO) is written
    through, never replaced: renaming a file over a device node as root would replace
    it for the whole machine. A folder, a missing parent that cannot be made, or no
    permission: OutputError naming ``path``."""
    shown = path
    try:
        path = Path(os.path.realpath(path))
        if path.is_dir():
            raise OutputError(shown, "it is a folder; give a file name")
        if path.exists() and not path.is_file():
            with open(path, "wb") as fh:
                fh.write(data)
            return
        fd, tmp = temp_beside(path)
    except OSError as e:
        raise OutputError(shown, reason(e)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        settled(tmp)
        if isinstance(e, OSError):
            raise OutputError(shown, reason(e)) from None
        raise
    settled(tmp)
