"""The one registry of the table formats (as Ruff's emitters and Semgrep's formatter modules): each
entry names the files it writes, how it writes the output model's ``Tables`` whole (``write``: Tables
→ {file name: bytes}) and how a batch writes it while it runs (``stream``: a ``Stream`` per run), and
the optional library it needs. One formatter module per format:

- ``csv``: summary.csv, findings.csv, errors.csv (outputs.table_csv);
- ``json``: results.json, whole tables only (outputs.table_json);
- ``xlsx``: results.xlsx (outputs.table_xlsx; the batch's workbook is outputs.workbook);
- ``parquet``: the three tables as Parquet, pyarrow needed (outputs.table_parquet);
- ``portfolio``: portfolio.html, the batch at a glance, streamed only (outputs.portfolio).

A batch streams csv first (the workbook's Errors sheet and Parquet read its files when they close),
then the others it was asked for, in this order.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Callable

from .portfolio import PortfolioStream
from .rows import COLUMNS, Tables
from .stream import Run, Stream
from .table_csv import CsvStream, write_csv
from .table_json import write_json
from .table_parquet import ParquetStream, write_parquet
from .table_xlsx import XlsxStream, write_xlsx


@dataclass(frozen=True)
class Format:
    name: str
    files: tuple[str, ...]  # the files it writes at the top of the output folder
    write: Callable[[Tables], dict[str, bytes]] | None = None  # the whole tables at once
    stream: Callable[[Run], Stream] | None = None  # written while a batch runs
    needs: str | None = None  # an optional library it needs

    def available(self) -> bool:
        """Whether it can be written here (its optional library is installed)."""
        return self.needs is None or importlib.util.find_spec(self.needs) is not None


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("csv", tuple(f"{n}.csv" for n in COLUMNS), write_csv, CsvStream),
    Format("json", ("results.json",), write_json),
    Format("xlsx", ("results.xlsx",), write_xlsx, XlsxStream),
    Format("portfolio", ("portfolio.html",), stream=PortfolioStream),
    Format("parquet", tuple(f"{n}.parquet" for n in COLUMNS), write_parquet, ParquetStream, needs="pyarrow"),
)}
