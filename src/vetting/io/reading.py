"""The one guarded way to read a file the user names: deal, actuals, rates, rule packs, tables,
spreadsheets, contracts, questionnaire answers.

- Only a regular file is read. The file is opened without blocking (a named pipe would wait for a
  writer forever) and checked on the open descriptor, so nothing can swap it in between: a FIFO,
  a device (``/dev/zero`` never ends), a socket or a folder is one clear problem.
- At most ``limit`` bytes are read (the default depends on ``what`` the file is), checked before
  reading and while reading (a file that grows).
- ``inside``: the file, once opened, must lie inside that folder (a symlink in an input folder
  that leads out of it, to ``/etc/shadow`` or a key file, is refused and its content never read).
- ZIP containers (XLSX, DOCX) are checked before anything parses them: total uncompressed size,
  number of parts, and for a workbook the number of shared strings and its cells' range
  (``check_xlsx``; ``xlsx_rows`` streams a sheet without padding empty cells).

Problems are ``InputError`` lines (``file: what is wrong``), never an OSError.
"""
from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path
from typing import BinaryIO, Iterator

from .errors import InputError, Problem, said
from .encoding import decode

MIB = 1024 * 1024
# the most a file of each kind may be (bytes); a deal is a few KiB, an actuals table a few hundred rows
LIMITS = {"deal": 5 * MIB, "rates": MIB, "rules": 5 * MIB, "actuals": 16 * MIB, "table": 64 * 1024 * MIB,
          "workbook": 512 * MIB, "contract": 64 * MIB, "answers": 16 * MIB, "file": 64 * MIB}


def _fail(source: str, key: str, **values) -> InputError:
    return InputError([Problem(source, "", said(key, **values))])


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words (problem.not_regular's detail)."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a file"


def _real(fd: int, path: str) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return os.path.realpath(path)


def is_inside(real: str, folder: str | Path) -> bool:
    """Whether the real path ``real`` lies inside ``folder`` (itself resolved)."""
    root = os.path.realpath(folder)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def open_regular(path: str | Path, *, what: str = "file", inside: str | Path | None = None) -> BinaryIO:
    """An open binary file for ``path`` when it is a regular file (inside ``inside``, when given);
    InputError otherwise. The caller closes it."""
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as e:
        if e.errno == 21:  # EISDIR
            raise _fail(source, _key(what, "not_regular"), detail="a folder") from None
        raise _fail(source, "cannot_read", reason=e.strerror or str(e)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _fail(source, _key(what, "not_regular"), detail=kind_of(info.st_mode))
        if inside is not None and not is_inside(_real(fd, source), inside):
            raise _fail(source, "outside_folder", folder=str(inside))
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _key(what: str, key: str) -> str:
    """The deal's own wording for a deal file, the general one for other files."""
    return key if what == "deal" else "io_" + key


def read_bytes(path: str | Path, *, what: str = "file", limit: int | None = None,
               inside: str | Path | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (default: ``LIMITS[what]``)."""
    limit = LIMITS.get(what, LIMITS["file"]) if limit is None else limit
    source = str(path)
    with open_regular(path, what=what, inside=inside) as fh:
        if os.fstat(fh.fileno()).st_size > limit:
            raise _fail(source, _key(what, "too_large"), mib=_mib(limit))
        try:
            raw = fh.read(limit + 1)
        except OSError as e:
            raise _fail(source, "cannot_read", reason=e.strerror or str(e)) from None
    if len(raw) > limit:  # grew since it was opened
        raise _fail(source, _key(what, "too_large"), mib=_mib(limit))
    return raw


def _mib(limit: int) -> str:
    return f"{limit / MIB:g}"


def read_text(path: str | Path, *, what: str = "file", limit: int | None = None, inside: str | Path | None = None,
              legacy: bool = False) -> str:
    """The text of a regular file, its encoding decided from its bytes (encoding.decode: UTF-8 or
    UTF-16, with or without a byte-order mark; GBK too when ``legacy``)."""
    return decode(read_bytes(path, what=what, limit=limit, inside=inside), str(path), legacy=legacy)


def iter_folder(folder: str | Path, *, suffixes: tuple[str, ...]) -> Iterator[tuple[Path, str | None]]:
    """(path, None) for each file of ``folder`` and its sub-folders with one of ``suffixes``, in a
    stable order, hidden names left out; (path, problem) for a symlink among them that leads out of
    ``folder`` (its target is never read), a file or sub-folder that cannot be listed. A link to a
    sub-folder is not followed: what it points at inside ``folder`` is listed where it really is."""
    root = os.path.realpath(folder)
    for base, dirs, files in os.walk(folder, followlinks=False, onerror=None):
        kept = []
        for d in sorted(dirs):
            if d.startswith("."):
                continue
            full = Path(base) / d
            if full.is_symlink():
                if not is_inside(os.path.realpath(full), root):
                    yield full, said("outside_folder", folder=str(folder))
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in suffixes:
                continue
            full = Path(base) / name
            if full.is_symlink() and not is_inside(os.path.realpath(full), root):
                yield full, said("outside_folder", folder=str(folder))
                continue
            yield full, None
