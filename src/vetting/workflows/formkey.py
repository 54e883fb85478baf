"""The seller's own key that signs a questionnaire form (``vetting ask``) and checks it on the way back
(``vetting merge``): a provider can type answers, but cannot add a question, move an answer to another
field or edit the hidden field-path column without the merge noticing.

The key is 32 random bytes in ``$VETTING_CONFIG_DIR/form-key`` (default ``~/.config/vetting/form-key``,
or ``$XDG_CONFIG_HOME/vetting/form-key``), created 0600 in a 0700 folder on first use; a key file or
folder that is a symbolic link, not a regular file, or readable by others is refused. A form can only
be merged on a machine that has the key that signed it (docs/questionnaire.md).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from ..io.errors import OutputError

KEY_BYTES = 32
TAG_CHARS = 16


def config_dir() -> Path:
    """Where the key lives: $VETTING_CONFIG_DIR, else $XDG_CONFIG_HOME/vetting, else ~/.config/vetting."""
    given = os.environ.get("VETTING_CONFIG_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "vetting"


def _refuse(path: Path, key: str) -> OutputError:
    return OutputError(path, key=key)


def form_key() -> bytes:
    """The signing key, created on first use (0600 in a 0700 folder); never read through a link."""
    folder = config_dir()
    if folder.is_symlink():
        raise _refuse(folder, "key_link")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / "form-key"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return _create(path)
    except OSError as e:
        raise OutputError(path, os.strerror(e.errno), errno=e.errno) from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size != KEY_BYTES or st.st_mode & 0o077:
            raise _refuse(path, "key_bad")
        return f.read(KEY_BYTES)


def _create(path: Path) -> bytes:
    key = secrets.token_bytes(KEY_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:  # another process made it meanwhile: read theirs
        return form_key()
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


def _mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:TAG_CHARS]


def new_ask_id() -> str:
    """A fresh id for one `ask` run: 12 hex characters."""
    return secrets.token_hex(6)


def row_tag(key: bytes, ask_id: str, row: int, path: str) -> str:
    """The tag of one asked row: ties the row number and the field path to this form."""
    return _mac(key, f"{ask_id}\n{row}\n{path}")


def form_digest(key: bytes, ask_id: str, deal_id: str, rows: list[tuple[int, str]]) -> str:
    """The digest of the whole form: which rows it asked, for which fields, about which deal."""
    body = "\n".join(f"{row}:{path}" for row, path in rows)
    return _mac(key, f"{ask_id}\n{deal_id}\n{body}")


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two tags or digests."""
    return hmac.compare_digest(str(a), str(b))
