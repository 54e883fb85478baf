"""Bounded decompression of ZIP containers (XLSX, DOCX) before anything parses them.

A few hundred KiB of ZIP can inflate to gigabytes, and a workbook's shared-strings table is read
whole into memory by every XLSX library: 830 KiB of them made 1.9 GB and three minutes. Here the
central directory's sizes are checked first (declared sizes; the parts are then read through
``zipfile``, which stops at the declared size), the shared strings are counted by streaming their
XML (stopping at the limit), and a sheet is streamed cell by cell (``xlsx_rows``) with its rows and
columns bounded, so that one cell at XFD200000 is one problem, not three billion empty cells.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from xml.etree.ElementTree import XMLPullParser

from .errors import InputError, Problem, said
from .reading import MIB, open_regular
from .cells import percent_format
from .cells import Formula, Percent


@dataclass(frozen=True)
class ZipLimits:
    uncompressed: int = 64 * MIB  # all parts together
    parts: int = 10_000
    shared_strings: int = 200_000
    rows: int = 100_000
    columns: int = 100


WORKBOOK = ZipLimits(uncompressed=1024 * MIB, parts=100_000, shared_strings=2_000_000, rows=2_000_000, columns=1000)
ACTUALS = ZipLimits()


def _fail(source: str, key: str, **values) -> InputError:
    return InputError([Problem(source, "", said(key, **values))])


def _checked(fh, source: str, limits: ZipLimits) -> zipfile.ZipFile:
    try:
        z = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise _fail(source, "xlsx_unreadable", detail=str(e)) from None
    infos = z.infolist()
    size = sum(i.file_size for i in infos)
    if len(infos) > limits.parts:
        z.close()
        raise _fail(source, "zip_parts", count=len(infos), max=limits.parts)
    if size > limits.uncompressed:
        z.close()
        raise _fail(source, "xlsx_too_big", mib=size // MIB, max=limits.uncompressed // MIB)
    return z


def open_zip(path: str | Path, *, what: str = "file", limits: ZipLimits = ACTUALS) -> zipfile.ZipFile:
    """An open ZipFile for a regular file whose parts unpack to at most ``limits.uncompressed``
    bytes in at most ``limits.parts`` parts (a DOCX, an XLSX); InputError otherwise. Close it with
    ``close_zip``."""
    fh = open_regular(path, what=what)
    try:
        z = _checked(fh, str(path), limits)
    except BaseException:
        fh.close()
        raise
    z._vetting_file = fh
    return z


def close_zip(z) -> None:
    """Close a ZipFile from ``open_zip`` or a workbook from ``open_xlsx``, and the file under it."""
    z.close()
    fh = getattr(z, "_vetting_file", None)
    if fh is not None:
        fh.close()


def count_elements(z: zipfile.ZipFile, part: str, tag: str, stop: int) -> int:
    """How many ``tag`` elements the XML part holds, counted while streaming; stops past ``stop``."""
    parser = XMLPullParser(events=("end",))
    count = 0
    with z.open(part) as src:
        while chunk := src.read(256 * 1024):
            parser.feed(chunk)
            for _, element in parser.read_events():
                if element.tag.rpartition("}")[2] == tag:
                    count += 1
                element.clear()
            if count > stop:
                return count
    return count


def _check_strings(z: zipfile.ZipFile, source: str, limits: ZipLimits) -> None:
    part = "xl/sharedStrings.xml"
    if part not in set(z.namelist()):
        return
    try:
        count = count_elements(z, part, "si", limits.shared_strings)
    except Exception as e:  # a broken part
        raise _fail(source, "xlsx_unreadable", detail=f"{type(e).__name__}: {e}") from None
    if count > limits.shared_strings:
        raise _fail(source, "xlsx_shared_strings", max=limits.shared_strings)


def check_xlsx(path: str | Path, *, what: str = "file", limits: ZipLimits = ACTUALS) -> None:
    """InputError when the workbook at ``path`` would unpack beyond ``limits`` (size, parts, shared
    strings)."""
    z = open_zip(path, what=what, limits=limits)
    try:
        _check_strings(z, str(path), limits)
    finally:
        close_zip(z)


def open_xlsx(path: str | Path, *, what: str = "file", limits: ZipLimits = ACTUALS):
    """An openpyxl read-only workbook (values, not formulas) of a file checked as ``check_xlsx``
    does, read from the same open file; close it with ``close_zip``. InputError for a file that is
    not a workbook."""
    from openpyxl import load_workbook

    source = str(path)
    z = open_zip(path, what=what, limits=limits)
    fh = z._vetting_file
    try:
        _check_strings(z, source, limits)
        z.close()
        fh.seek(0)
        try:
            wb = load_workbook(fh, read_only=True, data_only=True)
        except Exception as e:  # openpyxl's and zipfile's own errors for a file that is not a workbook
            raise _fail(source, "xlsx_unreadable", detail=f"{type(e).__name__}: {e}") from None
    except BaseException:
        fh.close()
        raise
    wb._vetting_file = fh
    return wb


def xlsx_rows(path: str | Path, *, what: str = "file", sheet: int = 0,
              limits: ZipLimits = ACTUALS) -> Iterator[tuple[int, list]]:
    """(row number, values from column A to the row's last cell) of one sheet (by index, or the
    workbook itself from ``open_xlsx``), streamed: only the cells it holds are seen. A cell beyond
    ``limits.columns`` or a row beyond ``limits.rows`` is InputError naming the cell."""
    wb = open_xlsx(path, what=what, limits=limits)
    try:
        yield from sheet_rows(wb, wb.worksheets[sheet], str(path), limits)
    finally:
        close_zip(wb)


def percent_styles(wb) -> frozenset[int]:
    """The workbook's cell styles whose number format shows a percentage ("0%", "0.00%" …)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    out = set()
    for i, style in enumerate(wb._cell_styles):
        fid = style.numFmtId
        fmt = BUILTIN_FORMATS.get(fid) if fid < 164 else (
            wb._number_formats[fid - 164] if fid - 164 < len(wb._number_formats) else None)
        if percent_format(fmt):
            out.add(i)
    return frozenset(out)


def sheet_rows(wb, ws, source: str, limits: ZipLimits, percent: bool = False,
               formulas: bool = False) -> Iterator[tuple[int, list]]:
    """The rows of worksheet ``ws`` of an open read-only workbook, bounded as ``xlsx_rows`` says. With
    ``percent``, a number in a cell formatted as a percentage comes as cells.Percent (0.05 for 5%); with
    ``formulas``, a formula cell comes as cells.Formula (its text), not as the value it last showed."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    styles = percent_styles(wb) if percent else frozenset()

    def typed(c):
        v = c["value"]
        if formulas and c.get("data_type") == "f":
            return Formula(str(v))
        if styles and c.get("style_id") in styles and isinstance(v, (int, float)) and not isinstance(v, bool):
            return Percent(float(v))
        return v

    with wb._archive.open(ws._worksheet_path) as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=not formulas, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for row, cells in parser.parse():
            values = {c["column"]: typed(c) for c in cells if c["value"] is not None}
            if not values:
                continue
            last = max(values)
            if last > limits.columns or row > limits.rows:
                cell = f"{get_column_letter(min(last, 16384))}{row}"
                raise _fail(source, "xlsx_range", cell=cell, rows=limits.rows,
                            column=get_column_letter(limits.columns))
            yield row, [values.get(c) for c in range(1, last + 1)]
