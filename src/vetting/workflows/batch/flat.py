"""Batch input in the flat form of design/deal-format.md: CSV, XLSX, JSONL or a folder of deal files.

Reading yields *records*: plain picklable dicts that a worker (a process, or a
Dask worker on another machine) turns into a deal with ``to_deal_data``::

    {"source": "deals.csv", "row": 7, "kind": "flat" | "nested" | "file",
     "data": {...}, "problems": [(field, message), ...]}

``row`` is the spreadsheet row (the header is row 1) for CSV/XLSX, the line
for JSONL, and ``None`` for a file in a folder. Cells are passed on as text:
the pydantic models convert "true", "12.5", "2026-02-01" to the right types
and reject anything else with a message, so a wrong value becomes an error
row, never a silent drop. An empty cell means unknown; ``[]`` in a list
column means a known empty list (``compliance.tactics_offered = []``).

CSV and JSONL are streamed (constant memory); XLSX is read whole (openpyxl).
"""
from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Iterator

from ...io.csvread import CsvProblem, count_records, read_rows
from ...io.errors import InputError, Problem, said
from ...io.reading import iter_folder, open_regular
from ...io.yamlsafe import MAX_BYTES, MAX_DEPTH, depth_message
from ...model.loading import DEAL_SUFFIXES, json_problems, loads_json
# the columns and the cells live in their own modules; their names stay importable from here
from .flatcolumns import (_COLUMNS, DEALS_SHEET, INPUT_KINDS, LIST_COLUMNS, MAX_HINTS, RECORD_LISTS,  # noqa: F401
                          SHEET_COLUMNS, Header, _empty, _failed, _problem, check_columns)
from .xlsxread import read_xlsx
from .unflatten import BOOL_WORDS, _as_text, flatten, to_deal_data, unflatten  # noqa: F401


# -- reading ------------------------------------------------------------------

def input_kind(path: Path) -> str:
    """csv | xlsx | jsonl | folder; ValueError for anything else, a FIFO or a device included
    (reading one could block or never end)."""
    if path.is_dir():
        return "folder"
    kind = INPUT_KINDS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(str(Problem(str(path), "", said("batch_input_type", suffix=path.suffix or "(none)"))))
    try:
        mode = path.stat().st_mode
    except OSError:
        return kind  # reading reports it
    if not stat.S_ISREG(mode):
        raise ValueError(str(Problem(str(path), "", said("batch_not_regular"))))
    return kind


def count_rows(path: Path) -> int | None:
    """How many records reading will yield (for a progress bar); None when unknown."""
    kind = input_kind(path)
    if kind == "folder":
        return sum(1 for _ in _folder_files(path))
    if kind == "jsonl":
        try:
            with open_regular(path, what="table") as fh:
                return sum(1 for line in fh if line.strip())
        except InputError:
            return None
    if kind == "csv":
        return count_records(path, _COLUMNS)
    return None


def read_records(path: str | Path) -> Iterator[dict]:
    """Every record of the input, in input order. Problems of the input itself are records too
    (kind "problem"): the header's unknown columns, a sheet row naming no deal, a row that
    cannot be read. Nothing raises: a reader failure is a problem record and reading goes on."""
    path = Path(path)
    kind = input_kind(path)
    if kind == "csv":
        yield from _read_csv(path)
    elif kind == "jsonl":
        yield from _read_jsonl(path)
    elif kind == "xlsx":
        yield from read_xlsx(path)
    else:
        yield from _read_folder(path)


def _read_csv(path: Path) -> Iterator[dict]:
    source = str(path)
    try:
        rows = read_rows(path, _COLUMNS)
        first = next(rows, None)
    except CsvProblem as e:
        yield _problem(source, None, "", e.args[0])
        return
    except InputError as e:  # not a regular file (io.reading)
        yield _problem(source, None, "", e.problems[0].message)
        return
    except OSError as e:
        yield _problem(source, None, "", said("cannot_read", reason=e.strerror or str(e)))
        return
    if first is None:
        yield _problem(source, None, "", said("batch_empty"))
        return
    if first[1] is None:
        yield _problem(source, 1, "", said("batch_header", detail=first[2]))
        return
    header = Header(first[1], _COLUMNS)
    for col, msg in header.problems:
        yield _problem(source, 1, col, msg)
    width = len(header.names)
    for row_no, cells, problem in rows:
        if cells is None:
            yield _failed(source, row_no, problem)
            continue
        if not any(c.strip() for c in cells):
            continue  # a blank line is not a row
        rec = {"source": source, "row": row_no, "kind": "flat", "data": None, "problems": []}
        if len(cells) != width:
            rec["problems"].append(("", said("batch_row_width", cells=len(cells), width=width)))
            cells = (cells + [""] * width)[:width]
        rec["data"], found = header.row(cells)
        rec["problems"] += found
        yield rec


def _read_jsonl(path: Path) -> Iterator[dict]:
    source = str(path)
    try:
        fh = open_regular(path, what="table")
    except InputError as e:
        yield _problem(source, None, "", e.problems[0].message)
        return
    with fh:
        line_no = 0
        while True:
            raw = fh.readline(MAX_BYTES + 1)  # a line is read no further than a deal file could be
            if not raw:
                return
            line_no += 1
            if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
                while (rest := fh.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of this line, a chunk at a time
                yield _failed(source, line_no, said("batch_line_long", mib=MAX_BYTES // (1024 * 1024)))
                continue
            if not raw.strip():
                continue
            rec = {"source": source, "row": line_no, "kind": "nested", "data": None, "problems": []}
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                rec["problems"].append(("", said("batch_line_utf8", byte=e.start + 1)))
                yield rec
                continue
            try:
                data = loads_json(line)
            except RecursionError:
                rec["problems"].append(("", depth_message(MAX_DEPTH)))
            except json.JSONDecodeError as e:
                rec["problems"].append(("", said("invalid_json", detail=e.msg)))
            except ValueError as e:  # NaN, Infinity
                rec["problems"].append(("", e.args[0] if e.args else str(e)))
            else:
                structure = json_problems(data, source)
                if structure:
                    rec["problems"] += [(p.path, p.message) for p in structure]
                else:
                    rec["data"] = data
            yield rec


def _folder_files(path: Path):
    yield from iter_folder(path, suffixes=DEAL_SUFFIXES)


def _read_folder(path: Path) -> Iterator[dict]:
    any_file = False
    for file, problem in _folder_files(path):
        any_file = True
        if problem is not None:  # a link leading out of the folder: refused, its target never read
            yield _failed(str(file), None, problem)
            continue
        yield {"source": str(file), "row": None, "kind": "file", "data": str(file), "root": str(path), "problems": []}
    if not any_file:
        yield _problem(str(path), None, "", said("batch_folder_empty"))


