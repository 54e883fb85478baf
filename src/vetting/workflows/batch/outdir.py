"""A batch's output folder: owned by one run at a time, and holding one run's files.

- **Lock.** A run holds an exclusive ``flock`` on the folder itself from before it
  writes anything until it has finished; a second run into the same folder meanwhile is
  refused (OutputError, exit 2) instead of mixing its files with the first one's. The
  lock is the kernel's: a run that is killed releases it, and no lock file is left.
- **Manifest.** ``OUT/.vetting-manifest.json`` lists every file the last run wrote
  (paths relative to OUT). When a run finishes, files of the earlier run that it did not
  write again (a workbook or Parquet files the new run skipped, reports of deals no
  longer in the input) are deleted: only files the manifest lists, only regular files
  inside OUT, never anything else a user put there. An interrupted run keeps the earlier
  run's list plus what it had written, so the next run still cleans them up.
"""
from __future__ import annotations

import errno
import json
import os
from pathlib import Path

from ...io.atomic import reason, same_file, write_atomic
from ...io.errors import OutputError

MANIFEST_NAME = ".vetting-manifest.json"
MANIFEST_FORMAT = "vetting/batch-manifest@1"
# the files a run may write at the top of OUT; an input must not be one of them
TABLE_NAMES = tuple(f"{name}.{ext}" for name in ("summary", "findings", "errors") for ext in ("csv", "parquet")) + (
    "results.xlsx",)


class OutputFolder:
    """``with OutputFolder(out, inputs=[...]) as folder:`` … ``folder.wrote(path)`` … ``folder.finish()``."""

    def __init__(self, out: str | Path, inputs=()):
        self.out = Path(out)
        self.inputs = [Path(p) for p in inputs]
        self.written: set[str] = set()
        self.pending: set[str] = set()  # files this run is about to write (listed if it is stopped meanwhile)
        self.previous: list[str] = []
        self._fd: int | None = None
        self._finished = False

    def __enter__(self) -> "OutputFolder":
        for source in self.inputs:
            for name in (*TABLE_NAMES, MANIFEST_NAME):
                if same_file(self.out / name, source):
                    raise OutputError(self.out / name, f"it is the input file {source}; vetting never writes over "
                                                       "its input: choose another --out folder",
                                      key="input_folder", source=str(source))
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.out, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as e:
            raise OutputError(self.out, reason(e), errno=e.errno) from None
        import fcntl

        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(self._fd)
            self._fd = None
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputError(self.out, "another vetting batch is writing into this folder; wait for it to "
                                            "finish or choose another --out", key="locked") from None
            raise OutputError(self.out, reason(e), errno=e.errno) from None
        self.previous = self._read_manifest()
        return self

    def wrote(self, path: str | Path) -> None:
        """``path`` (inside OUT) was written by this run."""
        rel = os.path.relpath(Path(path), self.out)
        if not rel.startswith(".."):
            self.written.add(Path(rel).as_posix())

    def may_write(self, paths) -> None:
        """``paths`` (inside OUT) are about to be written: if the run is stopped before it can say
        which were, they are listed anyway, so that the next run removes them."""
        for path in paths:
            rel = os.path.relpath(Path(path), self.out)
            if not rel.startswith(".."):
                self.pending.add(Path(rel).as_posix())

    def finish(self) -> list[str]:
        """The run is complete: delete the earlier run's files it did not rewrite, record its own.
        Returns the files deleted (relative to OUT)."""
        removed = [rel for rel in self.previous if rel not in self.written and self._remove(rel)]
        self._write_manifest(sorted(self.written))
        self._finished = True
        return removed

    def __exit__(self, *exc) -> None:
        try:
            if not self._finished and (self.written or self.pending):
                # interrupted or failed: the earlier files are still there, and so is what this run wrote
                self._write_manifest(sorted(set(self.previous) | self.written | self.pending))
        finally:
            if self._fd is not None:
                os.close(self._fd)  # releases the lock
                self._fd = None

    # -- the manifest -------------------------------------------------------------------------

    def _read_manifest(self) -> list[str]:
        try:
            data = json.loads((self.out / MANIFEST_NAME).read_text(encoding="utf-8"))
            files = data["files"] if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else []
        except (OSError, ValueError, KeyError, TypeError):
            return []  # no manifest, or not ours: nothing is deleted
        return [f for f in files if isinstance(f, str) and _inside(f)]

    def _write_manifest(self, files: list[str]) -> None:
        # one file a line; not json.dumps(indent=...), whose pure-Python encoder leaves reference cycles
        text = "{\"format\": \"%s\", \"files\": [\n%s\n]}\n" % (MANIFEST_FORMAT, ",\n".join(json.dumps(f, ensure_ascii=False) for f in files))
        write_atomic(self.out / MANIFEST_NAME, text.encode("utf-8"))

    def _remove(self, rel: str) -> bool:
        path = self.out / rel
        try:
            if not path.is_symlink() and path.is_file():  # a regular file, as vetting wrote it
                path.unlink()
                return True
        except OSError:
            pass
        return False


def _inside(rel: str) -> bool:
    """A manifest entry that names a file inside OUT: relative, no '..', not the manifest itself."""
    parts = Path(rel).parts
    return (bool(parts) and not Path(rel).is_absolute() and ".." not in parts
            and rel != MANIFEST_NAME)
