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

import datetime as dt
import json
import os
import re
import stat
from itertools import compress
from pathlib import Path
from typing import Iterator


from ...io import cells
from ...io.cells import Percent
from ...io.errors import InputError, did_you_mean, Problem, said
from ...model.fields import FieldInfo, _walk, catalog
from ...model.loading import DEAL_SUFFIXES, json_problems, loads_json
from ...model.models import Waiver
from ...io.yamlsafe import MAX_BYTES, MAX_DEPTH, depth_message
from ...io.csvread import CsvProblem, count_records, read_rows
from ...io.reading import open_regular
from ...io.reading import iter_folder

# Lists of records: a JSON text cell, or (XLSX) a sheet of that name with a deal_id column.
RECORD_LISTS = ("kpis", "claims", "track_record.case_studies", "contract.milestones", "waivers")
INPUT_KINDS = {".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}
DEALS_SHEET = "deals"


def _columns() -> dict[str, str]:
    """Every column a flat deal may have → its type (from the deal models)."""
    cols = {p: info.type for p, info in catalog("deal").items() if not info.derived}
    for name in RECORD_LISTS:
        cols[name] = "records"
    cols["format"] = "text"
    return cols


def _sheet_columns() -> dict[str, dict[str, str]]:
    """The columns of each record sheet (XLSX) → their types, deal_id included."""
    out = {}
    for name, kind in (("kpis", "kpi"), ("claims", "claim"), ("track_record.case_studies", "case_study"),
                       ("contract.milestones", "milestone")):
        out[name] = {p: info.type for p, info in catalog(kind).items() if not info.derived}
    waiver: dict[str, FieldInfo] = {}
    _walk(Waiver, "", waiver)
    out["waivers"] = {p: info.type for p, info in waiver.items()}
    for cols in out.values():
        cols["deal_id"] = "text"
    return out


_COLUMNS = _columns()
SHEET_COLUMNS = _sheet_columns()
LIST_COLUMNS = frozenset(p for p, t in _COLUMNS.items() if t == "list")
# Unknown columns get a did-you-mean each up to this many (10,000 misspelt columns would take seconds).
MAX_HINTS = 200


def check_columns(columns: list[str], types: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(column, message) for each unknown or repeated column name, with a did-you-mean."""
    types = _COLUMNS if types is None else types
    out = []
    seen = set()
    hints = 0
    for col in columns:
        name = (col or "").strip()
        if not name:
            out.append(("(header)", "a column has no name"))
            continue
        if name in seen:
            out.append((name, "column appears twice; each field has one column"))
        seen.add(name)
        if name not in types:
            hints += 1
            otherwise = "; see `vetting schema` for the field names"
            hint = did_you_mean(name, types, otherwise) if hints <= MAX_HINTS else otherwise
            out.append((name, said("batch_unknown_column", name=name, hint=hint)))
    return out


class Header:
    """A header row read once: which columns are known (kept) and which are not (reported once,
    against the header; a row filling one of them fails with one problem naming them)."""

    def __init__(self, names: list[str], types: dict[str, str]):
        self.names = [("" if n is None else str(n)).strip() for n in names]
        self.problems = check_columns(self.names, types)
        # unknown or unnamed: a row that fills one fails (its value would otherwise be lost)
        self.unknown = [i for i, n in enumerate(self.names) if n not in types]
        skip = set(self.unknown)
        self.keep = [i for i in range(len(self.names)) if i not in skip]
        self.kept = [self.names[i] for i in self.keep]
        self.all_kept = len(self.keep) == len(self.names)

    def row(self, cells) -> tuple[dict, list[tuple[str, str]]]:
        """One row's cells → ({known column: cell}, problems)."""
        if self.all_kept:
            return dict(zip(self.names, cells)), []
        n = len(cells)
        filled = [self.names[i] or f"(column {i + 1}, unnamed)" for i in self.unknown if i < n and not _empty(cells[i])]
        data = {name: cells[i] if i < n else "" for name, i in zip(self.kept, self.keep)}
        if not filled:
            return data, []
        if len(filled) == 1:
            return data, [(filled[0], said("batch_unknown_filled", name=filled[0]))]
        listed = ", ".join(filled[:5])
        if len(filled) > 5:
            return data, [("", said("batch_unknown_filled_more", count=len(filled), listed=listed, more=len(filled) - 5))]
        return data, [("", said("batch_unknown_filled_many", count=len(filled), listed=listed))]


def _empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from a spreadsheet reader
        return True
    return isinstance(value, str) and not value.strip()


def _put(target: dict, path: str, value, problems: list) -> None:
    parts = path.split(".")
    node = target
    for i, part in enumerate(parts[:-1]):
        nxt = node.setdefault(part, {})
        if not isinstance(nxt, dict):
            problems.append((path, said("batch_value_and_group", name=".".join(parts[:i + 1]))))
            return
        node = nxt
    if isinstance(node.get(parts[-1]), dict):
        problems.append((path, said("batch_value_and_group", name=path)))
        return
    node[parts[-1]] = value


# Each header is compiled once into a plan: per column its kind, the group it goes in (an index
# into the plan's groups, 0 being the deal itself) and its key there. Rows of the same file share
# a header, so the per-cell work is one strip and one dict store; a group's dict is made when its
# first filled cell comes, so the mapping's key order is the one cell-by-cell nesting gives. A
# header that cannot be nested without conflicts ("seller" and "seller.name", a repeated column)
# or whose names are not text takes the general path, ``_unflatten_any``, which reports the
# conflicts of the cells that are filled.
_PLAIN, _LIST, _RECORDS, _BOOL, _TEXT, _PCT, _DATE, _NUM = 0, 1, 2, 3, 4, 5, 6, 7
_KINDS = {"list": _LIST, "records": _RECORDS, "bool": _BOOL, "text": _TEXT, "enum": _TEXT, "date": _DATE, "number": _NUM}


def _is_percent(name: str) -> bool:
    """A percentage field (models.Pct): their names end in _pct (commission_pct, threshold_pct …)."""
    return name.rpartition(".")[2].endswith("_pct")
_PLANS: dict[tuple, tuple | None] = {}
_MAX_PLANS = 256


def _kind(name: str, types: dict[str, str] | None) -> int:
    if _is_percent(name):
        return _PCT
    if types is None:
        return _RECORDS if name in RECORD_LISTS else _LIST if name in LIST_COLUMNS else _KINDS.get(_COLUMNS.get(name), _PLAIN)
    return _KINDS.get(types.get(name), _PLAIN)


def _compile(columns: tuple, types: dict[str, str] | None = None) -> tuple | None:
    """A header → (cells, groups), or None for the general path.

    cells: per column (kind, group index, key, column name); groups: per group index
    (parent group index, key in the parent), index 0 (the deal) having None.
    """
    cells = []
    groups: list = [None]
    group_ids: dict[tuple, int] = {(): 0}
    paths = set()
    for col in columns:
        if not isinstance(col, str):
            return None
        name = col.strip()
        parts = tuple(name.split("."))
        kind = _kind(name, types)
        for i in range(1, len(parts)):
            if parts[:i] not in group_ids:
                group_ids[parts[:i]] = len(groups)
                groups.append((group_ids[parts[:i - 1]], parts[i - 1]))
        cells.append((kind, group_ids[parts[:-1]], parts[-1], name))
        paths.add(parts)
    if len(paths) != len(cells) or not paths.isdisjoint(group_ids):
        return None  # a repeated column, or a column that is a value and a group at once
    return tuple(cells), tuple(groups)


def _plan_for(row: dict, types: dict[str, str] | None = None) -> tuple | None:
    columns = (tuple(row), id(types))  # types are module-level tables: their ids are stable
    try:
        return _PLANS[columns]
    except KeyError:
        pass
    plan = _compile(columns[0], types)
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
    _PLANS[columns] = plan
    return plan


def _group(nodes: list, groups: tuple, gid: int) -> dict:
    """The dict of group ``gid`` in this row, made (with its parents) on first use."""
    parent_id, key = groups[gid]
    parent = nodes[parent_id]
    if parent is None:
        parent = _group(nodes, groups, parent_id)
    node = nodes[gid] = parent[key] = {}
    return node


_strip = str.strip
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def _records_cell(col: str, value: str, problems: list):
    """A JSON text cell of a record list (stripped) → the list, or None with a problem appended.
    Read as a deal file's JSON is: a key given twice, nesting deeper than MAX_DEPTH or an over-long
    number is a problem of the cell's record."""
    try:
        parsed = loads_json(value)
    except RecursionError:
        problems.append((col, depth_message(MAX_DEPTH)))
        return None
    except json.JSONDecodeError as e:
        problems.append((col, said("batch_cell_json", detail=e.msg, pos=e.pos + 1)))
        return None
    except ValueError as e:  # NaN, Infinity
        problems.append((col, e.args[0] if e.args else str(e)))
        return None
    if not isinstance(parsed, list):
        problems.append((col, said("batch_cell_list", kind=type(parsed).__name__)))
        return None
    found = json_problems(parsed, "", prefix=col)
    if found:
        problems += [(p.path, p.message) for p in found]
        return None
    return parsed


def _list_cell(value: str) -> list:
    # "[]" says "known to be none", which an empty cell (unknown) cannot
    if ";" not in value:  # value is stripped and not empty
        return [] if value == "[]" else [value]
    return [v.strip() for v in value.split(";") if v.strip()]


# What spreadsheets write for booleans (a yes/no column only): Excel's TRUE/FALSE, pandas' 1.0/0.0.
BOOL_WORDS = {"true": True, "false": False, "1": True, "0": False, "1.0": True, "0.0": False, "是": True, "否": False}


def _special_cell(kind, name: str, value, problems: list):
    """A filled cell of a list, record-list, yes/no or text column, read; None (and a problem) when it cannot be.
    Text cells (stripped) are read as the deal format says; typed cells (an XLSX number, date or
    boolean) are used with their type: 1 and 0 in a yes/no column, a number in a text column as its text."""
    if isinstance(value, str):
        if kind == _LIST:
            return _list_cell(value)
        if kind == _RECORDS:
            return _records_cell(name, value, problems)
        if kind in (_BOOL, _PCT, _DATE, _NUM):
            return _read_cell(kind, name, value, problems)
        return value
    if kind in (_PCT, _DATE, _NUM) or (kind == _BOOL and isinstance(value, Percent)):
        return _read_cell(kind, name, value, problems)
    if isinstance(value, Percent):  # a percent-formatted cell in a text column: the text it shows
        value = f"{value.stored * 100:g}%"
    if kind == _BOOL:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (0, 1):
            return bool(value)
        return value
    if kind in (_TEXT, _LIST) and not isinstance(value, bool):
        text = _as_text(value)
        return [text] if kind == _LIST else text
    return value


def _read_cell(kind: int, name: str, value, problems: list):
    """A cell of a percent, date, number or yes/no column through the one cell reader (vetting.cells);
    None and a problem saying how to write it when it cannot be read. A plain number typed as text
    goes on as it is (the model reads it)."""
    if kind == _NUM and value.__class__ is str and _PLAIN_NUMBER.fullmatch(value):
        return value
    try:
        if kind == _PCT:
            return cells.read_percent(value)
        if kind == _DATE:
            return cells.read_date(value)
        if kind == _BOOL:
            return cells.read_bool(value)
        return cells.read_number(value)
    except cells.CellError as e:
        problems.append((name, e.message))
        return None


def _as_text(value):
    """A typed spreadsheet value as the text it shows: 7.0 as "7", a date cell as 2026-01-31."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def unflatten(row: dict, problems: list, types: dict[str, str] | None = None) -> dict:
    """One flat row (dotted column → cell text) → the nested deal mapping. Problems are appended.
    ``types``: the columns' types when the row is not a deal (a record sheet's row)."""
    plan = _plan_for(row, types)
    if plan is None:
        return _unflatten_any(row, problems, types)
    cells, groups = plan
    try:
        values = list(map(_strip, row.values()))
    except TypeError:  # not all text: a data frame's numbers, NaN or None
        return _fill(_typed_cells(row, cells), groups, problems)
    # the filled cells only: an empty cell means unknown
    return _fill(zip(compress(cells, values), filter(None, values)), groups, problems)


def _typed_cells(row: dict, cells: tuple):
    """(plan cell, value) for the filled cells of a row whose cells are not all text (kept as they are)."""
    for cell, value in zip(cells, row.values()):
        if isinstance(value, str):
            value = value.strip()
            if value:
                yield cell, value
        elif not _empty(value):
            yield cell, value


def _fill(filled, groups: tuple, problems: list) -> dict:
    """The nested deal mapping from (plan cell, value) pairs of filled cells."""
    out: dict = {}
    nodes = [out] + [None] * (len(groups) - 1)
    bool_words = BOOL_WORDS
    for (kind, gid, key, name), value in filled:
        if kind:
            if kind == _TEXT and value.__class__ is str:
                pass  # text as it is: most cells
            elif kind == _BOOL and value.__class__ is str and value.lower() in bool_words:
                value = bool_words[value.lower()]
            else:
                value = _special_cell(kind, name, value, problems)
                if value is None:
                    continue
        node = nodes[gid]
        if node is None:
            node = _group(nodes, groups, gid)
        node[key] = value
    return out


def _unflatten_any(row: dict, problems: list, types: dict[str, str] | None = None) -> dict:
    """``unflatten`` for any header: resolves each filled cell's path on its own."""
    out: dict = {}
    for col, value in row.items():
        if _empty(value):
            continue
        col = str(col).strip()
        if isinstance(value, str):
            value = value.strip()
        kind = _kind(col, types)
        if kind:
            value = _special_cell(kind, col, value, problems)
            if value is None:
                continue
        _put(out, col, value, problems)
    return out


def to_deal_data(record: dict) -> tuple[dict | None, list[tuple]]:
    """A record → (the deal mapping to validate, problems found while reading). A problem is
    (field, message), or (field, message, source, row) when it belongs to a record sheet's row."""
    problems = list(record.get("problems") or ())
    kind = record["kind"]
    if kind == "flat":
        data = unflatten(record["data"], problems)
        sheet_rows = record.get("sheet_rows") or {}
        for name, rows in (record.get("sheets") or {}).items():
            if name in _get_nested_keys(data, name):
                problems.append((name, said("batch_cell_and_sheet", name=name)))
                continue
            items = []
            for sub, (source, row) in zip(rows, sheet_rows.get(name) or [(None, None)] * len(rows)):
                found: list = []
                items.append(unflatten(sub, found, SHEET_COLUMNS.get(name)))
                problems += [(f, m, source, row) if source else (f, m) for f, m, *_ in found]
            _put(data, name, items, problems)
        return data, problems
    return record["data"], problems


def _get_nested_keys(data: dict, path: str) -> set[str]:
    node = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return set()
    return {path} if isinstance(node, dict) and parts[-1] in node else set()


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
        from ...io.reading import open_regular

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
        from .xlsxread import read_xlsx

        yield from read_xlsx(path)
    else:
        yield from _read_folder(path)


def _problem(source: str, row, field: str, message: str) -> dict:
    return {"source": source, "row": row, "kind": "problem", "data": None, "problems": [(field, message)]}


def _failed(source: str, row, message: str) -> dict:
    """A deal row that cannot be read: an error row that counts as a failed deal."""
    return {"source": source, "row": row, "kind": "unreadable", "data": None, "problems": [("", message)]}


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


def flatten(deal: dict) -> dict[str, str]:
    """A nested deal mapping → one flat row (the inverse of ``unflatten``), e.g. to build a CSV."""
    out: dict[str, str] = {}

    def walk(node: dict, prefix: str) -> None:
        for key, value in node.items():
            path = f"{prefix}{key}"
            if value is None:
                continue
            if path in RECORD_LISTS:
                out[path] = json.dumps(value, ensure_ascii=False, default=str)
            elif isinstance(value, dict):
                walk(value, path + ".")
            elif isinstance(value, list):
                out[path] = ";".join(str(v) for v in value) if value else "[]"
            elif isinstance(value, bool):
                out[path] = "true" if value else "false"
            else:
                out[path] = str(value)

    walk(deal, "")
    return out
