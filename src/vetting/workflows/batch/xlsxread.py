"""Reading an XLSX workbook cell by cell, typed, in bounded memory.

openpyxl's own readers (and pandas on top of them) pad every row to the sheet's width and every
gap to the sheet's height: one stray cell at XFD200000 makes 3.3 billion empty cells. Here each
sheet's XML is streamed and only the cells it holds are seen, so time and memory follow the
file's size. The workbook's uncompressed size and shared strings are checked before anything is parsed
(io.archive: a few KiB of ZIP can inflate to gigabytes).

Cells keep their types: numbers, booleans and dates as Excel stores them (the flat reader turns
1 and 0 into booleans for a yes/no column, a number into text for a text column). A formula
with no saved result (a workbook written by a program and never opened in Excel) is an error
row: its value is not known, and guessing "unknown" would change the verdict silently.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ...io.archive import percent_styles
from ...io.cells import Percent
from ...io.errors import said

from .flatcolumns import _COLUMNS, DEALS_SHEET, RECORD_LISTS, SHEET_COLUMNS, Header, _empty, _problem
from .unflatten import _as_text
from ...io.errors import InputError
from ...io import archive
from ...io.archive import close_zip, open_xlsx

MAX_COLUMNS = 1000  # a deals sheet has about 150 fields; cells beyond are reported, never padded


def _letter(column: int) -> str:
    """A column's letters (1 → A), as openpyxl names them; openpyxl is loaded only once a workbook is read."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _parser_class():
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        """openpyxl's cell parser, reading saved results (data_only) and marking a formula without one."""

        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["data_type"] = "formula"
            return cell
    return Parser


def _sheet_rows(wb, ws, parser_class) -> Iterator[tuple[int, dict[int, object], list[str]]]:
    """(row number, {column: value}, formula cells without a result) for each row holding cells. A number
    in a cell formatted as a percentage comes as cells.Percent (0.05 for a cell showing 5%)."""
    percent = getattr(wb, "_vetting_percent", None)
    if percent is None:
        percent = wb._vetting_percent = percent_styles(wb)
    with wb._archive.open(ws._worksheet_path) as src:
        parser = parser_class(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                              date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for row, cells in parser.parse():
            values: dict[int, object] = {}
            formulas = []
            for cell in cells:
                if cell["data_type"] == "formula":
                    formulas.append(f"{_letter(cell['column'])}{row}")
                elif cell["value"] is not None:
                    value = cell["value"]
                    if percent and cell.get("style_id") in percent and isinstance(value, (int, float)) \
                            and not isinstance(value, bool):
                        value = Percent(float(value))
                    values[cell["column"]] = value
            if values or formulas:
                yield row, values, formulas


class _Sheet:
    """One sheet read: its header and rows as (row, {column name: value}, problems)."""

    def __init__(self, source: str, rows: Iterator, types: dict[str, str]):
        self.source = source
        self.rows = rows
        first = next(rows, None)
        names: list[str] = []
        self.head_problems: list[tuple[str, str]] = []
        self.pending = None
        if first is not None and first[0] == 1:
            first = self._path_row(first, rows, types)
            _, values, formulas = first
            width = max(values, default=0)
            if width > MAX_COLUMNS:
                self.head_problems.append(("", said("xlsx_wide", column=_letter(width), max=MAX_COLUMNS)))
                width = MAX_COLUMNS
            names = [_text(values.get(c, "")) for c in range(1, width + 1)]
            for cell in formulas:
                self.head_problems.append(("", said("xlsx_header_formula", cell=cell)))
        elif first is not None:
            self.pending = first  # no header row: every row is reported as having cells without a column
        self.header = Header(names, types)
        self.width = len(names)

    def _path_row(self, first, rows, types: dict[str, str]):
        """The header row. A template in Chinese (`vetting init --format xlsx --lang zh`) names its columns
        in words on row 1 and by their field paths on row 2: then row 2 is the header (row 1 is for people)."""
        second = next(rows, None)
        if second is None or second[0] != 2 or second[2]:
            if second is not None:
                self.pending = second
            return first
        labels = [_text(v) for v in first[1].values()]
        paths = [_text(v) for v in second[1].values() if _text(v)]
        if paths and all(p in types for p in paths) and not all(x in types for x in labels if x):
            return second
        self.pending = second
        return first

    def __iter__(self):
        if self.pending is not None:
            yield self._row(*self.pending)
        for item in self.rows:
            yield self._row(*item)

    def _row(self, row: int, values: dict[int, object], formulas: list[str]):
        problems = [("", said("xlsx_formula", cell=cell)) for cell in formulas]
        stray = [c for c in values if c > self.width and not _empty(values[c])]
        if stray:
            cells = ", ".join(f"{_letter(c)}{row}" for c in stray[:5]) + (" ..." if len(stray) > 5 else "")
            problems.append(("", said("xlsx_stray" if len(stray) > 1 else "xlsx_stray_one", count=len(stray), cells=cells)))
        cells = [values.get(c) for c in range(1, self.width + 1)]
        data, found = self.header.row(cells)
        return row, data, problems + found


def _text(value) -> str:
    return "" if value is None else str(_as_text(value)).strip()


def read_xlsx(path: Path) -> Iterator[dict]:
    source = str(path)
    try:
        wb = open_xlsx(path, what="workbook", limits=archive.WORKBOOK)  # size, parts and shared strings checked first
    except InputError as e:
        yield _problem(source, None, "", e.problems[0].message)
        return
    try:
        yield from _read(wb, source)
    finally:
        close_zip(wb)


def _record_sheets(wb, source: str, parser_class, by_deal: dict, where: dict) -> Iterator[dict]:
    """The record sheets' rows into ``by_deal`` (by deal_id and sheet) and ``where`` (their sheet rows);
    yields the problems found on the way."""
    names = wb.sheetnames
    for name in RECORD_LISTS:
        if name not in names:
            continue
        sheet_source = f"{source}!{name}"
        sheet = _Sheet(sheet_source, _sheet_rows(wb, wb[name], parser_class), SHEET_COLUMNS[name])
        for col, msg in sheet.head_problems + sheet.header.problems:
            yield _problem(sheet_source, 1, col, msg)
        if "deal_id" not in sheet.header.names:
            yield _problem(sheet_source, 1, "deal_id", said("xlsx_needs_deal_id", name=name))
            continue
        for row, data, problems in sheet:
            deal_id = _text(data.pop("deal_id", ""))
            if all(_empty(v) for v in data.values()) and not deal_id and not problems:
                continue
            if not deal_id:
                yield _problem(sheet_source, row, "deal_id", said("xlsx_empty_deal_id"))
                continue
            if problems:  # reported at this sheet's row, against its deal
                for field, message in problems:
                    yield {"source": sheet_source, "row": row, "kind": "problem", "data": None,
                           "problems": [(field, message)], "deal_id": deal_id}
                by_deal.setdefault(deal_id, {}).setdefault("!failed", []).append((sheet_source, row))
                continue
            by_deal.setdefault(deal_id, {}).setdefault(name, []).append(data)
            where.setdefault(deal_id, {}).setdefault(name, []).append((sheet_source, row))


def _read(wb, source: str) -> Iterator[dict]:
    parser_class = _parser_class()
    names = wb.sheetnames
    main = DEALS_SHEET if DEALS_SHEET in names else next((n for n in names if n not in RECORD_LISTS), None)
    if main is None:
        yield _problem(source, None, "", said("xlsx_no_deals", sheet=DEALS_SHEET))
        return
    for name in names:
        if name != main and name not in RECORD_LISTS:
            yield _problem(f"{source}!{name}", None, "", said("xlsx_sheet_unread", name=name, main=main,
                                                                  listed=", ".join(RECORD_LISTS)))
    # Record sheets first: their rows grouped by deal_id, kept with their sheet row numbers. They are
    # held in memory (a few rows per deal); the deals sheet is then streamed.
    by_deal: dict[str, dict[str, list]] = {}
    where: dict[str, dict[str, list]] = {}
    yield from _record_sheets(wb, source, parser_class, by_deal, where)
    main_source = f"{source}!{main}"
    sheet = _Sheet(main_source, _sheet_rows(wb, wb[main], parser_class), _COLUMNS)
    for col, msg in sheet.head_problems + sheet.header.problems:
        yield _problem(main_source, 1, col, msg)
    used: set[str] = set()
    for row, data, problems in sheet:
        if all(_empty(v) for v in data.values()):
            for field, message in problems:  # no deal on this row: its stray cells or formulas are reported alone
                yield _problem(main_source, row, field, message)
            continue
        deal_id = _text(data.get("id"))
        rec = {"source": main_source, "row": row, "kind": "flat", "data": data, "problems": problems}
        records = by_deal.get(deal_id) if deal_id and deal_id not in used else None
        if records is not None:
            used.add(deal_id)
            failed = records.get("!failed")
            if failed:
                rec["problems"] = problems + [("", said("xlsx_record_row", listed=", ".join(
                    f"{s.rsplit('!', 1)[-1]} row {r}" for s, r in failed)))]
            rec["sheets"] = {k: v for k, v in records.items() if k != "!failed"}
            rec["sheet_rows"] = where.get(deal_id, {})
        yield rec
    for deal_id, sheets in where.items():
        if deal_id not in used:
            for name, rows in sheets.items():
                for sheet_source, r in rows:
                    yield _problem(sheet_source, r, "deal_id", said("xlsx_no_deal", deal_id=deal_id, main=main))
