"""A cache of data that is slow to compute and quick to read back: JSON only (never pickle), each
entry named by the content hash of what it was computed from, so that an edited input is a new key.

The folder is ``$VETTING_CACHE_DIR``, else ``$XDG_CACHE_HOME/vetting``, else ``~/.cache/vetting``;
it is created 0700, and a folder that is a symbolic link is refused (``OutputError``, key
``cache_link``). An entry that cannot be read or parsed is a miss, never an error: the caller
computes the data again and the entry is rewritten. Writes go through ``io.writing`` (atomic, no link
followed below the folder), so two runs filling one entry at once each leave a whole file.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from .errors import OutputError
from .writing import write_file

MAX_ENTRY = 32 * 1024 * 1024  # an entry larger than this is not read back (a miss)


def cache_dir() -> Path:
    """Where entries live: $VETTING_CACHE_DIR, else $XDG_CACHE_HOME/vetting, else ~/.cache/vetting."""
    given = os.environ.get("VETTING_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vetting"


def content_key(kind: str, *parts: str | bytes) -> str:
    """The key of an entry: ``kind`` and a SHA-256 of the parts it was computed from."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return f"{kind}-{h.hexdigest()}"


def round_trips(value) -> bool:
    """Whether ``value`` comes back equal from JSON (no dates, no non-string keys, no NaN): only such
    data is kept, so that what is read back is what was computed."""
    try:
        return json.loads(json.dumps(value, allow_nan=False)) == value
    except (TypeError, ValueError):
        return False


def _folder(create: bool) -> Path | None:
    folder = cache_dir()
    if folder.is_symlink():
        raise OutputError(folder, key="cache_link")
    if create:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:  # a read-only home, a full disk: the run goes on without keeping the entry
            return None
    try:
        st = os.stat(folder, follow_symlinks=False)
    except OSError:  # not there yet, or a file in its path: no entry
        return None
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(folder, key="cache_not_folder")
    return folder


def read_entry(key: str):
    """The data stored under ``key``, or None when there is none (or it cannot be read)."""
    folder = _folder(create=False)
    if folder is None:
        return None
    try:
        fd = os.open(folder / f"{key}.json", os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY:
            return None
        try:
            return json.loads(fh.read())
        except ValueError:
            return None


def write_entry(key: str, data) -> None:
    """Store ``data`` (JSON-able) under ``key``; a folder that cannot be written leaves no entry."""
    folder = _folder(create=True)
    if folder is None:
        return
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    try:
        write_file(folder / f"{key}.json", body, root=folder)  # no link below the folder is followed
    except OutputError:
        return
