"""Files written atomically: a temporary file beside the target, moved into place.

A crash, Ctrl-C or SIGTERM never leaves a half-written file under the final name, and
no temporary file behind: every temporary file made here is remembered until it is moved
into place, and ``remove_temporaries`` (called by the CLI when it is interrupted) deletes
whatever is still left. A file that cannot be written is an ``OutputError``
("cannot write PATH: reason"), never a raw OSError.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from .errors import OutputError

_LIVE: set[str] = set()  # temporary files made by this process and not yet moved into place

NAME_MAX = 255  # bytes of one file name on Linux and macOS file systems


def temp_name(name: str) -> str:
    """A hidden temporary name for ``name``, unique enough, at most NAME_MAX bytes."""
    tag = f".{secrets.token_hex(6)}.tmp"
    room = NAME_MAX - len(tag.encode()) - 1
    base = os.fsencode(name)[:room].decode("utf-8", "ignore")
    return f".{base}{tag}"


def reason(error: OSError) -> str:
    """An OSError in plain words: its strerror ("Permission denied"), else its text."""
    return error.strerror or str(error)


def temp_beside(path: Path) -> tuple[int, Path]:
    """An open temporary file in ``path``'s folder, with the permissions a new file normally gets
    (0666 less the umask; mkstemp would make it 0600, and a report or a table is an ordinary file
    others may read).

    The name is remembered *before* the file is made, so a signal arriving at any point leaves
    nothing that ``remove_temporaries`` does not know (a signal lands on the first Python
    bytecode after a system call returns: with mkstemp, often inside it, before its caller
    could remember the name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = str(path.parent / temp_name(path.name))
        _LIVE.add(tmp)
        try:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:  # someone else's file: 2**48 names, try another
            _LIVE.discard(tmp)
            continue
        # any other failure, or a signal right after the file was made: the name stays listed
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
            raise OutputError(output, key="input_file", source=str(source))

