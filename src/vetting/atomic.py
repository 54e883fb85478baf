"""Files written atomically: a temporary file beside the target, moved into place.

A crash or Ctrl-C never leaves a half-written file under the final name.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def temp_beside(path: Path) -> tuple[int, Path]:
    """An open temporary file in ``path``'s folder, with the permissions a new file normally gets.

    (mkstemp makes it 0600; a report or a table is an ordinary file others may read.)"""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    return fd, Path(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    A symlink is followed (its target is written, the link stays a link). A target that
    exists and is not a regular file (``/dev/null``, ``/dev/stdout``, a FIFO) is written
    through, never replaced: renaming a file over a device node as root would replace
    it for the whole machine."""
    path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file():
        with open(path, "wb") as fh:
            fh.write(data)
        return
    fd, tmp = temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
