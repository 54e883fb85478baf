"""Result tables on disk: CSV and the workbook streamed chunk by chunk, Parquet at the end.

The CSV files start with a UTF-8 byte-order mark, so that Excel on a Chinese (or any non-UTF-8)
Windows opens them as UTF-8 instead of garbling the Chinese text; pandas and ``encoding="utf-8-sig"``
read them as they are. findings.csv holds the risks, open questions and accepted findings; the
passes too with ``passes=True`` (``--passes``). findings.parquet always holds every outcome.

Every file is written to a temporary name in the output folder and moved into
place by ``vetting.io.writing.place``, so a crash never leaves a half-written table
under the final name, and the tables get every guard of the other outputs: an existing
file keeps its mode, a file with several hard links or a link planted in OUT is refused
(checked before the first deal, and again as each table is moved into place). Text cells that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with
``'`` in CSV and XLSX.
"""
from __future__ import annotations

import csv
import functools
import importlib.util
import os
import time
from pathlib import Path

from ...io.atomic import temp_beside
from ...io.writing import check_target, place
from ...outputs.rows import COLUMNS, column_type, text_cell
from .portfolio import PortfolioCollector
from .workbook import ResultsWorkbook, RuleTally
import json

CSV_ENCODING = "utf-8-sig"
PARQUET_SLICE = 25_000  # rows per row group at most
PARQUET_BLOCK = 1 << 20  # bytes of CSV read at a time (more, or threads, took more memory and no less time)


_temp = temp_beside


def parquet_available() -> bool:
    """Whether Parquet files can be written (pyarrow is installed: ``pip install 'vetting[parquet]'``)."""
    return importlib.util.find_spec("pyarrow") is not None


class TableWriter:
    """summary.csv, findings.csv, errors.csv, results.xlsx (and .parquet files) in ``out``."""

    def __init__(self, out: Path, *, xlsx: bool = True, parquet: bool | None = None, passes: bool = False,
                 lang: str = "en", ruleset=None, reports: str | None = None, portfolio: bool = False):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.xlsx = xlsx
        self.parquet = parquet_available() if parquet is None else parquet
        self.passes = passes
        self.counts = {name: 0 for name in COLUMNS}
        self.outcomes = 0  # findings rows, passes included (what findings.parquet holds)
        self.seconds: dict[str, float] = {}  # time spent writing each output (reported when it was long)
        self._files = {}
        self._writers = {}
        self._temps: dict[str, Path] = {}
        self._text_pending = set(COLUMNS)  # files with text not yet handed to their byte buffer (the headers)
        self._all = self.workbook = self.portfolio = None
        for final in self._finals(xlsx, portfolio):  # refused now, not after the whole run
            check_target(final, root=self.out)
        try:
            self._open(xlsx, passes, lang, ruleset, reports, portfolio)
        except BaseException:  # nothing half-made is left behind
            self.abort()
            raise

    def _open(self, xlsx, passes, lang, ruleset, reports, portfolio) -> None:
        for name, cols in COLUMNS.items():
            fd, tmp = _temp(self.out / f"{name}.csv")
            fh = os.fdopen(fd, "w", newline="", encoding=CSV_ENCODING)
            self._files[name], self._temps[name] = fh, tmp
            self._writers[name] = csv.writer(fh, lineterminator="\n")
            self._writers[name].writerow(cols)
        # every outcome, for Parquet, when findings.csv leaves the passes out
        if self.parquet and not passes:
            fd, self._all_tmp = _temp(self.out / "findings.all.csv")
            self._all = os.fdopen(fd, "wb")
            self._all.write(",".join(COLUMNS["findings"]).encode() + b"\n")

        self.tally = RuleTally()
        if xlsx:
            fd, self._xlsx_tmp = _temp(self.out / "results.xlsx")
            os.close(fd)
            try:
                workbook = ResultsWorkbook(self._xlsx_tmp, lambda: _temp(self.out / "results.xlsx"), lang, ruleset,
                                           reports=reports, passes=passes)
            except BaseException:
                self._xlsx_tmp.unlink(missing_ok=True)
                raise
            self.workbook = workbook
        if portfolio:
            self.portfolio = PortfolioCollector(lang, ruleset, reports=reports)

    def _finals(self, xlsx: bool, portfolio: bool) -> list[Path]:
        """The files this writer will put at the top of OUT."""
        names = [f"{name}.csv" for name in COLUMNS]
        names += ["results.xlsx"] * xlsx + ["portfolio.html"] * portfolio
        names += [f"{name}.parquet" for name in COLUMNS] if self.parquet else []
        return [self.out / n for n in names]

    def add_deals(self, deals) -> None:
        """The assessed deals of one chunk (after duplicates were taken out), in input order:
        their findings to findings.csv (and Parquet's copy), the workbook, the rule tally."""
        t0 = time.perf_counter()
        found = b"".join(d.findings for d in deals)
        n_found = sum(d.n_findings for d in deals)
        if self.passes:
            lines = b"".join(d.findings + d.passes for d in deals)
            self.add_lines("findings", lines, n_found + sum(d.n_passes for d in deals))
        else:
            self.add_lines("findings", found, n_found)
        self.outcomes += n_found + sum(d.n_passes for d in deals)
        if self._all is not None:
            self._all.write(b"".join(d.findings + d.passes for d in deals))
        add = self.tally.add_deal
        for d in deals:
            add(d.rules)
        t1 = time.perf_counter()
        self.seconds["csv"] = self.seconds.get("csv", 0.0) + t1 - t0
        if self.workbook is not None:
            self.workbook.add(deals)
            t2 = time.perf_counter()
            self.seconds["results.xlsx"] = self.seconds.get("results.xlsx", 0.0) + t2 - t1
            t1 = t2
        if self.portfolio is not None:
            self.portfolio.add(deals)
            self.seconds["portfolio.html"] = self.seconds.get("portfolio.html", 0.0) + time.perf_counter() - t1

    def add(self, name: str, rows, *, safe: bool = False) -> None:
        """Append rows; ``safe`` rows were already neutralised by the batch core (None is written as empty)."""
        if name == "errors" and self.portfolio is not None and rows:
            self.portfolio.add_errors(rows)
        self._text_pending.add(name)
        if safe:
            self._writers[name].writerows(rows)
            self.counts[name] += len(rows)
            return
        w = self._writers[name]
        for row in rows:
            w.writerow([text_cell(v) for v in row])
        self.counts[name] += len(rows)

    def add_lines(self, name: str, lines: bytes, rows: int) -> None:
        """Append ``rows`` rows already written as UTF-8 CSV lines (and neutralised) by the batch core."""
        fh = self._files[name]
        if name in self._text_pending:  # what went through the text layer goes out first
            fh.flush()
            self._text_pending.discard(name)
        fh.buffer.write(lines)
        self.counts[name] += rows

    def close(self, progress=None) -> tuple[list[Path], list[str]]:
        """Move the CSVs into place, finish the workbook, the portfolio page and Parquet; returns
        (files written, notes). ``progress(stage)`` is called as each output starts."""
        files, notes = [], []
        for name, fh in self._files.items():
            fh.close()
            final = self.out / f"{name}.csv"
            place(self._temps[name], final, root=self.out)
            files.append(final)
        self._files = {}
        if self._all is not None:
            self._all.close()
        try:
            if self.workbook is not None:
                if progress:
                    progress("results.xlsx")
                t0 = time.perf_counter()
                files.append(self._write_xlsx())
                self.workbook = None  # in place: nothing for abort() to remove
                self.seconds["results.xlsx"] = self.seconds.get("results.xlsx", 0.0) + time.perf_counter() - t0
            if self.portfolio is not None:
                if progress:
                    progress("portfolio.html")
                t0 = time.perf_counter()
                files.append(self.portfolio.write(self.out / "portfolio.html", self.tally, root=self.out))
                self.seconds["portfolio.html"] = self.seconds.get("portfolio.html", 0.0) + time.perf_counter() - t0
            if self.parquet:
                if progress:
                    progress("Parquet")
                t0 = time.perf_counter()
                for name in COLUMNS:
                    source = self._all_tmp if name == "findings" and self._all is not None else None
                    files.append(self._write_parquet(name, source))
                self.seconds["Parquet"] = time.perf_counter() - t0
        finally:
            if self._all is not None:
                self._all_tmp.unlink(missing_ok=True)
                self._all = None
        return files, notes

    def abort(self) -> None:
        for name, fh in self._files.items():
            fh.close()
            try:
                os.unlink(self._temps[name])
            except OSError:
                pass
        self._files = {}
        if self._all is not None:
            self._all.close()
            self._all_tmp.unlink(missing_ok=True)
            self._all = None
        if self.workbook is not None:
            self.workbook.abort()
            self._xlsx_tmp.unlink(missing_ok=True)

    def _write_xlsx(self) -> Path:
        final = self.out / "results.xlsx"
        tmp = self._xlsx_tmp
        try:
            self.workbook.finish(self.tally, self.out / "errors.csv")
            place(tmp, final, root=self.out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return final

    def _write_parquet(self, name: str, source: Path | None = None) -> Path:
        """The CSV table as Parquet, read by Arrow's streaming CSV reader a block at a time (memory
        stays flat; no pandas frames). Column types as ``read_table`` gives them, pandas metadata
        included, so ``pandas.read_parquet`` returns the same frame as ``read_table``."""
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq

        final = self.out / f"{name}.parquet"
        fd, tmp = _temp(final)
        os.close(fd)
        schema = parquet_schema(name)
        source = source or self.out / f"{name}.csv"
        try:
            reader = pacsv.open_csv(
                source, read_options=pacsv.ReadOptions(block_size=PARQUET_BLOCK, use_threads=False),
                convert_options=pacsv.ConvertOptions(
                    column_types={f.name: f.type for f in schema}, include_columns=schema.names,
                    strings_can_be_null=False, null_values=[""], true_values=["true"], false_values=["false"]))
            with pq.ParquetWriter(tmp, schema) as writer:
                for batch in reader:
                    writer.write_batch(batch.cast(schema) if batch.schema != schema else batch,
                                       row_group_size=PARQUET_SLICE)
            place(tmp, final, root=self.out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return final


@functools.lru_cache(maxsize=None)
def parquet_schema(name: str):
    """The Arrow schema of a table with the column types ``read_table`` gives (text, float64,
    nullable Int64 row numbers, nullable booleans), and the pandas metadata that makes
    ``pandas.read_parquet`` restore them: written here, so that pandas is not imported for it
    (it would double the memory the conversion takes)."""

    import pyarrow as pa

    types = {"int": (pa.int64(), "int64", "Int64"), "float": (pa.float64(), "float64", "float64"),
             "bool": (pa.bool_(), "bool", "boolean"), "text": (pa.string(), "unicode", "object")}
    fields, meta = [], []
    for col in COLUMNS[name]:
        typ, pandas_type, numpy_type = types[column_type(col)]
        fields.append(pa.field(col, typ))
        meta.append({"name": col, "field_name": col, "pandas_type": pandas_type, "numpy_type": numpy_type,
                     "metadata": None})
    pandas = {"index_columns": [], "column_indexes": [], "columns": meta,
              "creator": {"library": "pyarrow", "version": pa.__version__}}
    return pa.schema(fields, metadata={b"pandas": json.dumps(pandas).encode()})


def read_table(path: Path, name: str, chunksize: int | None = None):
    """A result CSV back as a DataFrame with its column types (ids stay text; empty text stays empty).

    With ``chunksize``, an iterator of DataFrames of that many rows.
    """
    import pandas as pd

    if chunksize is not None:
        reader = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, chunksize=chunksize,
                             encoding=CSV_ENCODING)
        return (_typed(frame) for frame in reader)
    return _typed(pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding=CSV_ENCODING))


def _typed(frame):
    import pandas as pd

    for col in frame.columns:
        kind = column_type(col)
        if kind in ("int", "float"):
            frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce").astype("float64")
            if kind == "int":
                frame[col] = frame[col].astype("Int64")
        elif kind == "bool":
            frame[col] = frame[col].map({"true": True, "false": False}).astype("boolean")
    return frame
