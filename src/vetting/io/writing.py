"""The one guarded way to write an output file.

``write_file(path, data, inputs=..., root=...)``:

- atomic: a temporary file beside the target, moved into place; a crash, Ctrl-C or SIGTERM never
  leaves a half-written file under the final name, and the temporary file is removed
  (``atomic.remove_temporaries``). Temporary names fit the file-name limit (255 bytes) whatever
  the target's name (``temp_name``).
- never over an input of the run (``inputs``: deal, rule-pack files, rates, actuals; the same file
  through a symlink or hard link counts);
- a path ending in '/' names a folder, not a file: refused (``-o reports/`` never writes a file
  called ``reports``);
- an existing file keeps its mode (a 0600 report stays 0600) and, as root, its owner; a file with
  several hard links is refused with a clear line (replacing it would silently cut it off from its
  other names; writing in place would change them all);
- below ``root`` (a batch's ``--out``): the path must be inside it, and no folder on the way and
  not the file itself may be a symbolic link (every folder is opened with O_NOFOLLOW, relative to
  the one before, so nothing can be swapped in between); a file that is not a regular file is
  refused. Without ``root`` (``-o FILE``), a symlink the user names is followed and a device or
  FIFO the user names (``/dev/stdout``) is written through, never replaced; a FIFO is opened without
  blocking, so one that nothing reads is refused with one line instead of waiting forever.

Every failure is an ``OutputError`` naming the path, never a raw OSError.
"""
from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from . import atomic
from .atomic import temp_name
from .errors import OutputError

def _fail(shown, e: OSError) -> OutputError:
    return OutputError(shown, atomic.reason(e), errno=e.errno)


def _open_dir(name: str, dir_fd: int | None, shown, root: Path, walked: Path) -> int:
    """Open folder ``name`` (relative to ``dir_fd``) without following a link; made when missing."""
    try:
        os.mkdir(name, dir_fd=dir_fd)
    except FileExistsError:
        pass
    except OSError as e:
        raise _fail(shown, e) from None
    try:
        return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dir_fd)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENOTDIR):
            info = os.lstat(name, dir_fd=dir_fd)
            if stat.S_ISLNK(info.st_mode):
                raise OutputError(shown, key="through_link", link=str(walked)) from None
            raise OutputError(shown, key="not_folder", blocking=str(walked)) from None
        raise _fail(shown, e) from None


def _inside_root(path: Path, root: Path, shown) -> tuple[int, str, Path]:
    """(descriptor of the target's folder, target's name, its folder's path) for ``path`` below ``root``."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    parts = Path(rel).parts
    if not parts or parts[0] == ".." or Path(rel).is_absolute() or rel == ".":
        raise OutputError(shown, key="outside_root", root=str(root))
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as e:
        raise _fail(shown, e) from None
    walked = Path(root)
    try:
        for part in parts[:-1]:
            walked = walked / part
            nxt = _open_dir(part, fd, shown, root, walked)
            os.close(fd)
            fd = nxt
    except BaseException:
        os.close(fd)
        raise
    return fd, parts[-1], walked


def _outside_root(path: Path, shown) -> tuple[int, str, Path] | None:
    """As ``_inside_root`` for ``-o FILE``: a symlink is followed, missing folders are made; None when the
    target is a device or FIFO to write through."""
    real = Path(os.path.realpath(path))
    if real.is_dir():
        raise OutputError(shown, key="folder")
    blocking = next((d for d in real.parents if d.exists() or d.is_symlink()), None)
    if blocking is not None and not blocking.is_dir():
        raise OutputError(shown, key="not_folder", blocking=str(blocking))
    if real.exists() and not real.is_file():
        return None
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(real.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as e:
        raise _fail(shown, e) from None
    return fd, real.name, real.parent


def write_file(path: str | Path, data: bytes, *, inputs=(), root: str | Path | None = None) -> None:
    """Write ``data`` to ``path`` as the module docstring says; OutputError when it must not or cannot."""
    shown = path
    found = _target(path, inputs, root)
    if found is None:
        _write_through(path, data)
        return
    fd, name, folder = found
    try:
        _replace(fd, name, folder, data, shown, follow=root is None)
    finally:
        os.close(fd)


def _target(path: str | Path, inputs, root) -> tuple[int, str, Path] | None:
    """The guards every write passes before anything is made: (descriptor of the target's folder, its
    name, the folder's path), or None for a device or FIFO named with ``-o`` (written through)."""
    if os.fspath(path) == "":
        raise OutputError(path, key="empty_name")
    if os.fspath(path).endswith(("/", os.sep)):
        raise OutputError(path, key="trailing_slash")
    atomic.refuse_inputs(path, inputs)
    if root is None:
        return _outside_root(Path(path), path)
    return _inside_root(Path(path), Path(root), path)


def check_target(path: str | Path, *, inputs=(), root: str | Path | None = None) -> None:
    """Refuse, before a long run starts, a target ``write_file`` or ``place`` would refuse at its end (a
    file with several hard links, a planted link, an input, a folder); nothing is written."""
    found = _target(path, inputs, root)
    if found is None:
        return
    fd, name, _folder = found
    try:
        _existing(fd, name, path, follow=root is None)
    finally:
        os.close(fd)


def place(tmp: str | Path, path: str | Path, *, inputs=(), root: str | Path | None = None) -> None:
    """Move ``tmp``, a finished temporary file made in ``path``'s own folder (``atomic.temp_beside``), into
    place as ``path`` with every guard ``write_file`` applies (for files written a chunk at a time, like the
    batch's tables): the existing file's mode kept, a file with several hard links or a planted link
    refused, never over an input, never outside ``root``. On refusal ``tmp`` is removed."""
    tmp = Path(tmp)
    try:
        if os.path.abspath(tmp.parent) != os.path.abspath(Path(path).parent):
            raise ValueError(f"{tmp} is not beside {path}")
        found = _target(path, inputs, root)
        if found is None:
            raise OutputError(path, key="not_regular_out")
    except BaseException:
        _drop(tmp)
        raise
    fd, name, _folder = found
    try:
        before = _existing(fd, name, path, follow=root is None)
        if before is not None:
            keep = os.open(tmp.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd)
            try:
                _keep_owner(keep, before)
            finally:
                os.close(keep)
        os.replace(tmp.name, name, src_dir_fd=fd, dst_dir_fd=fd)
    except BaseException as e:
        try:
            os.unlink(tmp.name, dir_fd=fd)
        except OSError:
            pass
        atomic.settled(tmp)
        if isinstance(e, OSError):
            raise _fail(path, e) from None
        raise
    finally:
        os.close(fd)
    atomic.settled(tmp)


def _drop(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
    atomic.settled(tmp)


def _keep_owner(fd: int, before: os.stat_result) -> None:
    """The new file ``fd`` gets the mode (and, as root, the owner) of the file it replaces."""
    os.fchmod(fd, stat.S_IMODE(before.st_mode))
    if os.geteuid() == 0 and (before.st_uid, before.st_gid) != (os.geteuid(), os.getegid()):
        os.fchown(fd, before.st_uid, before.st_gid)


def _write_through(path, data: bytes) -> None:
    """Write ``data`` into the device or named pipe the user named with ``-o`` (``/dev/stdout``, a pipe a
    viewer reads). Opened without blocking: a named pipe with nothing reading it is refused at once with
    one line (a plain open would wait for a reader forever); once open, the write blocks as usual."""
    try:
        fd = os.open(os.path.realpath(path), os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as e:
        if e.errno == errno.ENXIO:
            raise OutputError(path, key="pipe_no_reader") from None
        raise _fail(path, e) from None
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb", closefd=False) as fh:
            fh.write(data)
    except OSError as e:
        raise _fail(path, e) from None
    finally:
        os.close(fd)


def _existing(dir_fd: int, name: str, shown, follow: bool):
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise _fail(shown, e) from None
    if stat.S_ISLNK(info.st_mode) and not follow:
        raise OutputError(shown, key="through_link", link=str(shown))
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(shown, key="folder")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(shown, key="not_regular_out")
    if info.st_nlink > 1:
        raise OutputError(shown, key="hard_links", count=info.st_nlink)
    return info


def _replace(dir_fd: int, name: str, folder: Path, data: bytes, shown, follow: bool) -> None:
    before = _existing(dir_fd, name, shown, follow)
    while True:
        tmp = temp_name(name)
        live = str(folder / tmp)
        atomic._LIVE.add(live)  # listed before it exists: a signal at any point leaves nothing unknown
        try:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666, dir_fd=dir_fd)
            break
        except FileExistsError:
            atomic._LIVE.discard(live)
        except OSError as e:
            atomic._LIVE.discard(live)
            raise _fail(shown, e) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if before is not None:
                _keep_owner(fh.fileno(), before)
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException as e:
        try:
            os.unlink(tmp, dir_fd=dir_fd)
        except OSError:
            pass
        atomic.settled(Path(live))
        if isinstance(e, OSError):
            raise _fail(shown, e) from None
        raise
    atomic.settled(Path(live))


def remove_inside(root: str | Path, rel: str) -> bool:
    """Delete the regular file ``rel`` below ``root`` when no folder on the way and not the file itself is
    a symbolic link (nothing outside ``root`` is ever reached); whether it was deleted."""
    parts = Path(rel).parts
    if not parts or Path(rel).is_absolute() or ".." in parts:
        return False
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        for part in parts[:-1]:
            nxt = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd)
            os.close(fd)
            fd = nxt
        info = os.stat(parts[-1], dir_fd=fd, follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):
            return False
        os.unlink(parts[-1], dir_fd=fd)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
