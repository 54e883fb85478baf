"""Result tables on disk while a batch runs: the formats a run asks for, each the ``stream`` of its
entry in the one registry of table formats (``outputs.formats.FORMATS``: csv always, then xlsx, the
portfolio page and Parquet as asked), driven together: rows in chunk by chunk, files moved into place
at the end, in the registry's order (csv first: the workbook's Errors sheet and Parquet read it).

Every file is written to a temporary name in the output folder and moved into place by
``vetting.io.writing.place``, so a crash never leaves a half-written table under the final name, and
the tables get every guard of the other outputs: an existing file keeps its mode, a file with several
hard links or a link planted in OUT is refused (checked before the first deal, and again as each table
is moved into place). ``read_table`` reads a result CSV back as a typed DataFrame (pandas).
"""
from __future__ import annotations

import time
from pathlib import Path

from ...io.writing import check_target
from ...outputs.formats import FORMATS
from ...outputs.rows import column_type
from ...outputs.stream import Run
from ...outputs.table_csv import CSV_ENCODING


class TableWriter:
    """summary.csv, findings.csv, errors.csv and, as asked, results.xlsx, portfolio.html and the .parquet
    files in ``out``."""

    def __init__(self, out: Path, *, xlsx: bool = True, parquet: bool | None = None, passes: bool = False,
                 lang: str = "en", ruleset=None, reports: str | None = None, portfolio: bool = False):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.xlsx = xlsx
        self.parquet = FORMATS["parquet"].available() if parquet is None else parquet
        self.passes = passes
        self.run = Run(self.out, lang, ruleset, reports, passes)
        wanted = {"csv": True, "xlsx": xlsx, "portfolio": portfolio, "parquet": self.parquet}
        self.formats = [FORMATS[name] for name in FORMATS if wanted.get(name)]
        self.seconds: dict[str, float] = {}  # time spent writing each output (reported when it was long)
        for final in self.files():  # refused now, not after the whole run
            check_target(final, root=self.out)
        self.streams = []
        try:
            for f in self.formats:
                self.streams.append(f.stream(self.run))
        except BaseException:  # nothing half-made is left behind
            self.abort()
            raise
        self.csv = self.streams[0]
        self.counts = self.csv.counts

    def files(self) -> list[Path]:
        """The files this writer will put at the top of OUT."""
        return [self.out / name for f in self.formats for name in f.files]

    def add(self, name: str, rows, *, safe: bool = False) -> None:
        """Append summary or error rows; ``safe`` rows were already neutralised by the batch core."""
        for stream in self.streams:
            stream.add(name, rows, safe=safe)

    def add_deals(self, deals) -> None:
        """The assessed deals of one chunk (after duplicates were taken out), in input order: to every
        format, and to the rule tally the workbook and the portfolio page count from."""
        add = self.run.tally.add_deal
        for d in deals:
            add(d.rules)
        for stream in self.streams:
            t0 = time.perf_counter()
            stream.add_deals(deals)
            self.seconds[stream.adding] = self.seconds.get(stream.adding, 0.0) + time.perf_counter() - t0

    def close(self, progress=None) -> tuple[list[Path], list[str]]:
        """Move the CSVs into place, finish the workbook, the portfolio page and Parquet; returns
        (files written, notes). ``progress(stage)`` is called as each output finished at the end starts."""
        files = []
        for stream in self.streams:
            if progress and stream.stage:
                progress(stream.stage)
            t0 = time.perf_counter()
            files += stream.close()
            if stream.stage:
                self.seconds[stream.stage] = self.seconds.get(stream.stage, 0.0) + time.perf_counter() - t0
        return files, []

    def abort(self) -> None:
        for stream in self.streams:
            stream.abort()


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
