"""A batch's output folder: owned by one run at a time, and holding one run's files.

- **Lock.** A run holds an exclusive ``flock`` on the folder itself from before it
  writes anything until it has finished; a second run into the same folder meanwhile is
  refused (OutputError, exit 2) instead of mixing its files with the first one's. The
  lock is the kernel's: a run that is killed releases it, and no lock file is left.
  Workers do not keep it: a forked worker closes its copy of the lock's descriptor
  (``forget_lock``), so the lock goes with the parent, however the parent ends.
- **Manifest.** ``OUT/.vetting-manifest.json`` lists every file the last run wrote
  (paths relative to OUT). When a run finishes, files of the earlier run that it did not
  write again (a workbook or Parquet files the new run skipped, reports of deals no
  longer in the input) are deleted: only files the manifest lists, only regular files
  inside OUT reached without passing a symbolic link (io.writing.remove_inside), never
  anything else a user put there. While a run writes, each file is added to the journal
  ``OUT/.vetting-manifest.journal`` before it is written, so a run killed at any point
  (``kill -9``, out of memory) has listed everything it wrote, and the next run cleans it up.
"""
from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

from ...io.atomic import reason, same_file
from ...io.jsontext import escape
from ...io.writing import write_file
from ...io.errors import OutputError
from ...io.writing import remove_inside
import fcntl

MANIFEST_NAME = ".vetting-manifest.json"
JOURNAL_NAME = ".vetting-manifest.journal"  # one path a line, appended as files are written
MANIFEST_FORMAT = "vetting/batch-manifest@1"
# the files a run may write at the top of OUT; an input must not be one of them
TABLE_NAMES = tuple(f"{name}.{ext}" for name in ("summary", "findings", "errors") for ext in ("csv", "parquet")) + (
    "results.xlsx",)


class OutputFolder:
    """``with OutputFolder(out, inputs=[...]) as folder:`` … ``folder.wrote(path)`` … ``folder.finish()``."""

    def __init__(self, out: str | Path, inputs=()):
        self.out = folder_path(out)
        self.inputs = [Path(p) for p in inputs]
        self.written: set[str] = set()
        self.pending: set[str] = set()  # files this run is about to write (listed if it is stopped meanwhile)
        self.previous: list[str] = []
        self._fd: int | None = None
        self._journal: int | None = None
        self._finished = False

    def __enter__(self) -> "OutputFolder":
        for source in self.inputs:
            for name in (*TABLE_NAMES, MANIFEST_NAME, JOURNAL_NAME):
                if same_file(self.out / name, source):
                    raise OutputError(self.out / name, key="input_folder", source=str(source))
        if self.out.exists() and not self.out.is_dir():  # a file or a named pipe: "File exists" said nothing
            raise OutputError(self.out, key="not_folder", blocking=str(self.out))
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.out, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as e:
            raise OutputError(self.out, reason(e), errno=e.errno) from None

        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(self._fd)
            self._fd = None
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputError(self.out, key="locked") from None
            raise OutputError(self.out, reason(e), errno=e.errno) from None
        self.previous = self._read_manifest()
        return self

    @property
    def lock_fd(self) -> int | None:
        """The descriptor holding the lock (a forked worker closes it: ``forget_lock``)."""
        return self._fd

    def wrote(self, path: str | Path) -> None:
        """``path`` (inside OUT) is written by this run: listed in the journal before it is written."""
        rel = os.path.relpath(Path(path), self.out)
        if not rel.startswith(".."):
            rel = Path(rel).as_posix()
            if rel not in self.written:
                self.written.add(rel)
                self._journal_add([rel])

    def may_write(self, paths) -> None:
        """``paths`` (inside OUT) are about to be written: if the run is stopped before it can say
        which were, they are listed anyway, so that the next run removes them."""
        new = []
        for path in paths:
            rel = os.path.relpath(Path(path), self.out)
            if not rel.startswith(".."):
                rel = Path(rel).as_posix()
                if rel not in self.pending:
                    self.pending.add(rel)
                    new.append(rel)
        self._journal_add(new)

    def _journal_add(self, rels: list[str]) -> None:
        if not rels:
            return
        if self._journal is None:
            try:
                self._journal = os.open(JOURNAL_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                                        0o644, dir_fd=self._fd)
            except OSError as e:
                raise OutputError(self.out / JOURNAL_NAME, reason(e), errno=e.errno) from None
        line = "".join(escape(json.dumps(r, ensure_ascii=False)) + "\n" for r in rels).encode("utf-8")
        try:
            os.write(self._journal, line)
        except OSError as e:
            raise OutputError(self.out / JOURNAL_NAME, reason(e), errno=e.errno) from None

    def finish(self) -> list[str]:
        """The run is complete: delete the earlier run's files it did not rewrite, record its own.
        Returns the files deleted (relative to OUT)."""
        removed = [rel for rel in self.previous if rel not in self.written and self._remove(rel)]
        self._write_manifest(sorted(self.written))
        self._end_journal()
        self._finished = True
        return removed

    def __exit__(self, *exc) -> None:
        try:
            if not self._finished and (self.written or self.pending):
                # interrupted or failed: the earlier files are still there, and so is what this run wrote
                self._write_manifest(sorted(set(self.previous) | self.written | self.pending))
                self._end_journal()
        finally:
            if self._journal is not None:
                os.close(self._journal)
                self._journal = None
            if self._fd is not None:
                os.close(self._fd)  # releases the lock
                self._fd = None

    # -- the manifest -------------------------------------------------------------------------

    def _end_journal(self) -> None:
        """The manifest now lists everything: the journal is not needed any more."""
        if self._journal is not None:
            os.close(self._journal)
            self._journal = None
        try:
            os.unlink(JOURNAL_NAME, dir_fd=self._fd)
        except OSError:
            pass

    def _read_manifest(self) -> list[str]:
        """The earlier run's files: its manifest, and what a run killed before it could write one
        listed in the journal."""
        files: list = []
        try:
            data = json.loads(self._read_own(MANIFEST_NAME))
            files = data["files"] if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else []
        except (OSError, ValueError, KeyError, TypeError):
            files = []  # no manifest, or not ours
        try:
            for line in self._read_own(JOURNAL_NAME).splitlines():
                try:
                    files.append(json.loads(line))
                except ValueError:
                    continue  # a line cut short by the kill
        except (OSError, ValueError):
            pass
        if not isinstance(files, list):
            return []
        return list(dict.fromkeys(f for f in files if isinstance(f, str) and _inside(f)))

    def _read_own(self, name: str) -> str:
        """A file vetting keeps in OUT, read without following a link (a planted link is not read)."""
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=self._fd)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise ValueError(name)
            return fh.read(64 * 1024 * 1024).decode("utf-8")

    def _write_manifest(self, files: list[str]) -> None:
        # one file a line; not json.dumps(indent=...), whose pure-Python encoder leaves reference cycles
        text = "{\"format\": \"%s\", \"files\": [\n%s\n]}\n" % (MANIFEST_FORMAT, ",\n".join(escape(json.dumps(f, ensure_ascii=False)) for f in files))
        write_file(self.out / MANIFEST_NAME, text.encode("utf-8"), root=self.out)

    def _remove(self, rel: str) -> bool:
        """Delete an earlier run's file: a regular file inside OUT, reached without passing a link."""
        return remove_inside(self.out, rel)


def folder_path(out: str | Path) -> Path:
    """``--out`` as a Path; an empty name is refused (Path("") is the current folder, never taken for it
    silently)."""
    if os.fspath(out) == "":
        raise OutputError(out, key="empty_folder")
    return Path(out)


def _inside(rel: str) -> bool:
    """A manifest entry that names a file inside OUT: relative, no '..', not the manifest itself."""
    parts = Path(rel).parts
    return (bool(parts) and not Path(rel).is_absolute() and ".." not in parts
            and rel not in (MANIFEST_NAME, JOURNAL_NAME))


def forget_lock(fd: int | None) -> None:
    """In a forked worker: close the worker's copy of the folder lock's descriptor, so that the lock
    is the parent's alone and goes when the parent goes (a worker outliving a killed parent would
    otherwise keep every later run out)."""
    if fd is not None:
        try:
            os.close(fd)
        except OSError:
            pass
