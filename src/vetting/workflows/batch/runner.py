"""Running a batch: read → chunks → ``assess_chunk`` (here, in a process pool, or on Dask) → tables.

Results are consumed in input order whatever runs them, so the output files
are the same for 1 or N workers. At most a few chunks are in flight at a time,
so memory stays flat however long the input is.
"""
from __future__ import annotations

import collections
import contextlib
import dataclasses
import gc
import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ...io.errors import VettingError, in_lang, said
from .core import ChunkOptions, ChunkResult, assess_chunk
from .flat import read_records
from .outdir import OutputFolder, folder_path
from .workerpool import pooled
from ...io.writing import write_file
from .writers import TableWriter
from ...outputs.formats import FORMATS
from .flat import input_kind
from ...engine.ruleset import get_ruleset

DEFAULT_CHUNK = 64
# While a batch runs, the cyclic collector's young generation holds this many new objects before
# a pass (Python's default: 700). A chunk keeps its deals' outcomes, scores and rows alive until it
# is written, so at 700 the collector walks them again and again; and a batch makes no cyclic
# garbage to collect (test_batch checks it). About 3 % of a deal's instructions, more of its time.
BATCH_GC_THRESHOLD = 100_000


class SchedulerError(VettingError):
    """A Dask scheduler was asked for and cannot be used."""

DASK_CONNECT_TIMEOUT = "10s"


FIRST_ERRORS = 5  # problems the terminal names after the summary line (errors.csv has them all)


@dataclass
class BatchOutcome:
    rows: int = 0  # deal records read (rows, lines or files)
    assessed: int = 0  # ended as a summary row
    failed: int = 0  # ended as error rows
    problems: int = 0  # rows in errors.csv (a failed row can have several; input-level problems count too)
    seconds: float = 0.0
    writing: dict[str, float] = field(default_factory=dict)  # seconds spent writing each output
    levels: collections.Counter = field(default_factory=collections.Counter)
    files: list[Path] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # the earlier run's files this run did not rewrite (deleted)
    notes: list[str] = field(default_factory=list)
    first_errors: list[tuple] = field(default_factory=list)  # the first FIRST_ERRORS rows of errors.csv, for the terminal

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


def chunked(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    it = iter(records)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def _serial(chunks, options):
    for chunk in chunks:
        yield assess_chunk(chunk, options)


def _dask(chunks, options, scheduler: str):
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerError(said("scheduler_missing")) from None
    try:
        client = Client(scheduler, set_as_default=False, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as e:
        raise SchedulerError(said("scheduler_unreachable", address=scheduler, reason=str(e))) from None
    try:
        workers = max(1, sum(client.nthreads().values()))
        window = collections.deque()
        for chunk in chunks:
            window.append(client.submit(assess_chunk, chunk, options, pure=False))
            if len(window) >= 2 * workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        client.close()


def run(input_path: str | Path, out: str | Path, *, options: ChunkOptions = ChunkOptions(), workers: int = 1,
        scheduler: str | None = None, chunk_size: int = DEFAULT_CHUNK, xlsx: bool = True,
        parquet: bool | None = None, passes: bool = False, portfolio: bool = True,
        progress: Callable[..., None] | None = None) -> BatchOutcome:
    """Assess every deal of ``input_path`` and write the result tables (and reports) into ``out``.

    ``progress(n)`` is called as each chunk of n records is done, then ``progress(0, stage)`` as
    each output that is finished at the end (the workbook, the portfolio page, Parquet) starts.
    ``passes``: findings.csv (and the workbook) list the passes too.

    Raises ValueError for an input that is not CSV, XLSX, JSONL or a folder, RulePackError
    for a rule pack in ``options.rules`` that does not load, SchedulerError when a Dask
    scheduler was asked for and cannot be used, and OutputError when ``out`` cannot be
    written, is in use by another run, or would overwrite the input (outdir.py: the
    folder's lock and manifest).
    """

    input_path, out = Path(input_path), folder_path(out)
    input_kind(input_path)  # unsupported input: ValueError before anything is written
    ruleset = get_ruleset(options.rules, options.rates)  # a broken rule pack: RulePackError before anything is written, not one per deal
    started = time.perf_counter()
    result = BatchOutcome()
    if parquet is None:
        parquet = FORMATS["parquet"].available()
    # the pass rows are made only when something shows them: findings.csv with --passes, Parquet,
    # or the workbook's Rules sheet (in how many deals each rule passed)
    options = dataclasses.replace(options, passes=bool(passes or xlsx or parquet), texts=bool(xlsx),
                                  pass_texts=bool(xlsx and passes))
    chunks = chunked(read_records(input_path), chunk_size)
    inputs = ([input_path] if input_path.is_file() else []) + _pack_files(options)
    with OutputFolder(out, inputs=inputs) as folder, _batch_gc(not scheduler):
        if scheduler:
            results = _dask(chunks, options, scheduler)
        elif workers > 1:
            results = pooled(assess_chunk, chunks, (options,), workers, folder.lock_fd)
        else:
            results = _serial(chunks, options)
        writer = TableWriter(out, xlsx=xlsx, parquet=parquet, passes=passes, lang=options.lang, ruleset=ruleset,
                             reports=options.reports, portfolio=portfolio)
        seen: dict[str, int | str] = {}
        reports_dir = out / "reports"
        try:
            for chunk in results:
                _take(chunk, writer, seen, result, reports_dir, options, folder)
                if progress is not None:
                    progress(chunk.rows)
        except BaseException:
            writer.abort()
            raise
        del seen  # a million ids are not needed while the tables are converted
        _finish(writer, folder, result, progress)
        result.seconds = time.perf_counter() - started
        return result


def _finish(writer, folder, result: BatchOutcome, progress) -> None:
    """The tables converted and closed (workbook, portfolio page, Parquet), each file recorded in the folder."""
    folder.may_write(writer.files())
    writer.run.input_rows, writer.run.failed = result.rows, result.failed
    try:
        files, notes = writer.close((lambda stage: progress(0, stage)) if progress is not None else None)
    except BaseException:
        writer.abort()
        raise
    result.writing = {k: v for k, v in writer.seconds.items() if k != "csv"}
    result.files = files
    for f in files:
        folder.wrote(f)
    result.removed = folder.finish()
    result.notes.extend(notes)
    result.problems = writer.counts["errors"]


def _pack_files(options: ChunkOptions) -> list[Path]:
    """The rule packs' files and the rate table: inputs no output may be written over."""
    files = [p for folder in options.rules for p in sorted(Path(folder).glob("*.yaml"))]
    return files + ([Path(options.rates)] if options.rates else [])


@contextlib.contextmanager
def _batch_gc(applies: bool):
    """The cyclic collector tuned for a batch run in this process (and in workers forked from it),
    restored afterwards: everything alive (the rules are loaded by now) is moved into the
    permanent generation, so the modules, models and compiled rules are not walked again on
    every full pass; and passes come every BATCH_GC_THRESHOLD new objects instead of every 700."""
    if not applies:
        yield
        return
    thresholds = gc.get_threshold()
    # A heap that is already frozen is left as it is: the caller froze it (or Python 3.12, which
    # keeps a few hundred objects of its own frozen from the start; there the batch does without).
    freeze = not gc.get_freeze_count()
    if freeze:
        gc.collect()
        gc.freeze()
    if thresholds[0]:  # 0: the caller turned automatic collection off
        gc.set_threshold(max(thresholds[0], BATCH_GC_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()


def _take(chunk: ChunkResult, writer: TableWriter, seen: dict[str, int | str], result: BatchOutcome,
          reports_dir: Path, options: ChunkOptions, folder: OutputFolder | None = None) -> None:
    """Write one chunk's results; a deal id already assessed earlier in the input becomes an error row."""
    errors = list(zip(chunk.error_at, chunk.errors))
    failed = chunk.failed
    summaries, assessed = [], []  # written once per chunk: one write call, not one per deal
    for d in chunk.deals:
        source, row = d.summary[-2], d.summary[-1]
        first = seen.get(d.deal_id)
        if first is not None:
            # rows come from one table (its source is this record's); files from a folder have none
            said_so = (said("duplicate_deal_row", id=d.deal_id, file=source, row=first) if isinstance(first, int)
                       else said("duplicate_deal_file", id=d.deal_id, file=first))
            errors.append((d.index, (source, row, d.deal_id, "id", in_lang(said_so, options.lang))))
            failed += 1
            continue
        seen[d.deal_id] = row if row is not None else source  # kept for every deal: small values
        summaries.append(d.summary)
        assessed.append(d)
        result.levels[d.level] += 1
        if d.report is not None:
            path = reports_dir / f"{d.deal_id}.{options.reports}"
            if folder is not None:  # listed first: a run stopped at any point has every file it wrote listed
                folder.wrote(path)
            write_file(path, d.report.encode("utf-8"), root=reports_dir.parent)
    writer.add("summary", summaries, safe=True)
    writer.add_deals(assessed)
    result.assessed += len(summaries)
    errors.sort(key=lambda e: e[0])  # input order (stable within one record)
    writer.add("errors", [e for _, e in errors])
    room = FIRST_ERRORS - len(result.first_errors)
    if room > 0:
        result.first_errors.extend(e for _, e in errors[:room])
    result.rows += chunk.rows
    result.failed += failed
