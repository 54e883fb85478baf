"""Result tables on disk: CSV streamed chunk by chunk, then XLSX (and Parquet) at the end.

Every file is written to a temporary name in the output folder and moved into
place with ``os.replace``, so a crash never leaves a half-written table under
the final name. Text cells that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with
``'`` in CSV and XLSX.
"""
from __future__ import annotations

import csv
import importlib.util
import os
from pathlib import Path

from ..atomic import temp_beside
from ..spreadsheet import neutralise
from .core import COLUMNS, NUMERIC

EXCEL_MAX_ROWS = 1_048_576  # including the header row
PARQUET_SLICE = 25_000  # rows converted at a time (slices of 100,000 findings rows took ~230 MB at the end of a 1M-deal run)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


_temp = temp_beside


def parquet_available() -> bool:
    """Whether Parquet files can be written (pyarrow is installed: ``pip install 'vetting[parquet]'``)."""
    return importlib.util.find_spec("pyarrow") is not None


class TableWriter:
    """summary.csv, findings.csv, errors.csv, results.xlsx (and .parquet files) in ``out``."""

    def __init__(self, out: Path, *, xlsx: bool = True, parquet: bool | None = None):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.xlsx = xlsx
        self.parquet = parquet_available() if parquet is None else parquet
        self.counts = {name: 0 for name in COLUMNS}
        self._files = {}
        self._writers = {}
        self._temps: dict[str, Path] = {}
        self._text_pending = set(COLUMNS)  # files with text not yet handed to their byte buffer (the headers)
        for name, cols in COLUMNS.items():
            fd, tmp = _temp(self.out / f"{name}.csv")
            fh = os.fdopen(fd, "w", newline="", encoding="utf-8")
            self._files[name], self._temps[name] = fh, tmp
            self._writers[name] = csv.writer(fh, lineterminator="\n")
            self._writers[name].writerow(cols)

    def add(self, name: str, rows, *, safe: bool = False) -> None:
        """Append rows; ``safe`` rows were already neutralised by the batch core (None is written as empty)."""
        self._text_pending.add(name)
        if safe:
            self._writers[name].writerows(rows)
            self.counts[name] += len(rows)
            return
        w = self._writers[name]
        for row in rows:
            w.writerow([_cell(v) for v in row])
        self.counts[name] += len(rows)

    def add_lines(self, name: str, lines: bytes, rows: int) -> None:
        """Append ``rows`` rows already written as UTF-8 CSV lines (and neutralised) by the batch core."""
        fh = self._files[name]
        if name in self._text_pending:  # what went through the text layer goes out first
            fh.flush()
            self._text_pending.discard(name)
        fh.buffer.write(lines)
        self.counts[name] += rows

    def close(self) -> tuple[list[Path], list[str]]:
        """Move the CSVs into place and write XLSX / Parquet; returns (files written, notes)."""
        files, notes = [], []
        for name, fh in self._files.items():
            fh.close()
            final = self.out / f"{name}.csv"
            os.replace(self._temps[name], final)
            files.append(final)
        self._files = {}
        too_big = [n for n, c in self.counts.items() if c + 1 > EXCEL_MAX_ROWS]
        if self.xlsx and too_big:
            notes.append("results.xlsx not written: " + ", ".join(f"{n} has {self.counts[n]:,} rows" for n in too_big)
                         + f"; Excel holds {EXCEL_MAX_ROWS - 1:,} rows per sheet (use the CSV files)")
        if self.xlsx and not too_big:
            frames = {name: read_table(self.out / f"{name}.csv", name) for name in COLUMNS}
            files.append(self._write_xlsx(frames))
            del frames
        if self.parquet:
            for name in COLUMNS:
                files.append(self._write_parquet(name))
        return files, notes

    def abort(self) -> None:
        for name, fh in self._files.items():
            fh.close()
            try:
                os.unlink(self._temps[name])
            except OSError:
                pass
        self._files = {}

    def _write_xlsx(self, frames) -> Path:
        import pandas as pd

        final = self.out / "results.xlsx"
        fd, tmp = _temp(final)
        os.close(fd)
        try:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                for name, frame in frames.items():
                    frame.to_excel(xw, sheet_name=name, index=False)
            os.replace(tmp, final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return final

    def _write_parquet(self, name: str) -> Path:
        """The CSV table as Parquet, converted a slice at a time (memory stays flat)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        final = self.out / f"{name}.parquet"
        fd, tmp = _temp(final)
        os.close(fd)
        try:
            writer = None
            for frame in read_table(self.out / f"{name}.csv", name, chunksize=PARQUET_SLICE):
                table = pa.Table.from_pandas(frame, schema=writer.schema if writer else None, preserve_index=False)
                if writer is None:
                    writer = pq.ParquetWriter(tmp, table.schema)
                writer.write_table(table)
            if writer is None:  # no rows: an empty table with the columns
                empty = read_table(self.out / f"{name}.csv", name)
                writer = pq.ParquetWriter(tmp, pa.Table.from_pandas(empty, preserve_index=False).schema)
            writer.close()
            os.replace(tmp, final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return final


def read_table(path: Path, name: str, chunksize: int | None = None):
    """A result CSV back as a DataFrame with its column types (ids stay text; empty text stays empty).

    With ``chunksize``, an iterator of DataFrames of that many rows.
    """
    import pandas as pd

    if chunksize is not None:
        reader = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, chunksize=chunksize)
        return (_typed(frame) for frame in reader)
    return _typed(pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False))


def _typed(frame):
    import pandas as pd

    for col in frame.columns:
        if col in NUMERIC:
            frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce").astype("float64")
            if col == "row":
                frame[col] = frame[col].astype("Int64")
        elif col == "waived":
            frame[col] = frame[col].map({"true": True, "false": False}).astype("boolean")
    return frame
