"""results.xlsx: the output model's tables as a workbook. ``write_xlsx`` writes the three tables as
they are, a sheet each (findings with their texts); ``XlsxStream`` writes the workbook a batch hands
to a client while it runs (outputs.workbook: Summary worst first, Findings, Rules, Errors, headers and
values in the report language). Text cells are spreadsheet-safe in both."""
from __future__ import annotations

import io
import os
from pathlib import Path

from ..io.atomic import temp_beside
from ..io.spreadsheet import neutralise
from ..io.writing import place
from ..io.xlsx import Book, col_letter, inline_cell, number_cell
from .rows import COLUMNS, FINDING_COLUMNS, TEXT_COLUMNS, Tables
from .stream import Run, Stream
from .workbook import ResultsWorkbook


def write_xlsx(tables: Tables) -> dict[str, bytes]:
    """results.xlsx with a sheet per table (findings with their texts), text cells spreadsheet-safe."""
    buf = io.BytesIO()
    book = Book(buf, temp=None)
    for name, rows in (("summary", tables.summary), ("findings", tables.findings), ("errors", tables.errors)):
        cols = rows[0]._fields if rows else (*FINDING_COLUMNS, *TEXT_COLUMNS) if name == "findings" else COLUMNS[name]
        sheet = book.add_sheet(name, [16] * len(cols), cols, direct=True)
        for r in rows:
            n = sheet.rows + 1
            sheet.raw("".join(_xlsx_cell(f"{col_letter(i)}{n}", v) for i, v in enumerate(r)))
    book.save()
    return {"results.xlsx": buf.getvalue()}


def _xlsx_cell(ref: str, value) -> str:
    if value is None or value == "":  # an empty cell: unknown, or no text
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return number_cell(ref, value)
    return inline_cell(ref, neutralise(str(value)))


class XlsxStream(Stream):
    """The batch's workbook, sheets written as the deals come; the Rules and Errors sheets at the end
    (from the run's rule tally and errors.csv, which is in place by then)."""

    stage = adding = "results.xlsx"

    def __init__(self, run: Run):
        super().__init__(run)
        fd, self._tmp = temp_beside(self.out / "results.xlsx")
        os.close(fd)
        try:
            self.workbook = ResultsWorkbook(self._tmp, lambda: temp_beside(self.out / "results.xlsx"), run.lang,
                                            run.ruleset, reports=run.reports, passes=run.passes)
        except BaseException:
            self._tmp.unlink(missing_ok=True)
            raise

    def add_deals(self, deals) -> None:
        self.workbook.add(deals)

    def close(self) -> list[Path]:
        final = self.out / "results.xlsx"
        try:
            self.workbook.finish(self.run.tally, self.out / "errors.csv")
            place(self._tmp, final, root=self.out)
        except BaseException:
            self._tmp.unlink(missing_ok=True)
            raise
        self.workbook = None  # in place: nothing for abort() to remove
        return [final]

    def abort(self) -> None:
        if self.workbook is not None:
            self.workbook.abort()
            self._tmp.unlink(missing_ok=True)
            self.workbook = None
