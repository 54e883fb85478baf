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

import csv
import json
import os
from itertools import compress
from pathlib import Path
from typing import Iterator

from ..errors import did_you_mean
from ..fields import catalog
from ..loading import DEAL_SUFFIXES

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


_COLUMNS = _columns()
LIST_COLUMNS = frozenset(p for p, t in _COLUMNS.items() if t == "list")


def check_columns(columns: list[str]) -> list[tuple[str, str]]:
    """(column, message) for each unknown or repeated column name, with a did-you-mean."""
    out = []
    seen = set()
    for col in columns:
        name = (col or "").strip()
        if not name:
            out.append(("(header)", "a column has no name"))
            continue
        if name in seen:
            out.append((name, "column appears twice; each field has one column"))
        seen.add(name)
        if name not in _COLUMNS:
            hint = did_you_mean(name, _COLUMNS, "; see `vetting schema` for the field names")
            out.append((name, f"unknown column '{name}'{hint}"))
    return out


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
            problems.append((path, f"'{'.'.join(parts[:i + 1])}' is given as a value and as a group of columns"))
            return
        node = nxt
    if isinstance(node.get(parts[-1]), dict):
        problems.append((path, f"'{path}' is given as a value and as a group of columns"))
        return
    node[parts[-1]] = value


# Each header is compiled once into a plan: per column its kind, the group it goes in (an index
# into the plan's groups, 0 being the deal itself) and its key there. Rows of the same file share
# a header, so the per-cell work is one strip and one dict store; a group's dict is made when its
# first filled cell comes, so the mapping's key order is the one cell-by-cell nesting gives. A
# header that cannot be nested without conflicts ("seller" and "seller.name", a repeated column)
# or whose names are not text takes the general path, ``_unflatten_any``, which reports the
# conflicts of the cells that are filled.
_PLAIN, _LIST, _RECORDS = 0, 1, 2
_PLANS: dict[tuple, tuple | None] = {}
_MAX_PLANS = 256


def _compile(columns: tuple) -> tuple | None:
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
        kind = _RECORDS if name in RECORD_LISTS else _LIST if name in LIST_COLUMNS else _PLAIN
        for i in range(1, len(parts)):
            if parts[:i] not in group_ids:
                group_ids[parts[:i]] = len(groups)
                groups.append((group_ids[parts[:i - 1]], parts[i - 1]))
        cells.append((kind, group_ids[parts[:-1]], parts[-1], name))
        paths.add(parts)
    if len(paths) != len(cells) or not paths.isdisjoint(group_ids):
        return None  # a repeated column, or a column that is a value and a group at once
    return tuple(cells), tuple(groups)


def _plan_for(row: dict) -> tuple | None:
    columns = tuple(row)
    try:
        return _PLANS[columns]
    except KeyError:
        pass
    plan = _compile(columns)
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


_scan_json = json.JSONDecoder().scan_once  # what json.loads runs, without its wrapper
_strip = str.strip


def _records_cell(col: str, value: str, problems: list):
    """A JSON text cell of a record list (stripped) → the list, or None with a problem appended."""
    try:
        # The cell is stripped, so it has no JSON whitespace around it: json.loads would give the same.
        parsed, end = _scan_json(value, 0)
        if end == len(value) and isinstance(parsed, list):
            return parsed
    except (ValueError, StopIteration, RecursionError):
        pass
    try:  # every other case, and the message, as json.loads gives it
        parsed = json.loads(value)
    except json.JSONDecodeError as e:
        problems.append((col, f"invalid JSON in this cell ({e.msg} at character {e.pos + 1}); expected a "
                              f"JSON list such as [{{\"id\": \"gmv\", \"metric\": \"gmv\", \"target\": 15}}]"))
        return None
    if not isinstance(parsed, list):
        problems.append((col, f"expected a JSON list of records, got {type(parsed).__name__}"))
        return None
    return parsed


def _list_cell(value: str) -> list:
    # "[]" says "known to be none", which an empty cell (unknown) cannot
    if ";" not in value:  # value is stripped and not empty
        return [] if value == "[]" else [value]
    return [v.strip() for v in value.split(";") if v.strip()]


def _special_cell(kind, name: str, value: str, problems: list):
    """A filled, stripped cell of a list or record-list column, read; None (and a problem) when it cannot be."""
    if kind == _LIST:
        return _list_cell(value)
    return _records_cell(name, value, problems)


def unflatten(row: dict, problems: list) -> dict:
    """One flat row (dotted column → cell text) → the nested deal mapping. Problems are appended."""
    plan = _plan_for(row)
    if plan is None:
        return _unflatten_any(row, problems)
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
    for (kind, gid, key, name), value in filled:
        if kind and isinstance(value, str):
            value = _special_cell(kind, name, value, problems)
            if value is None:
                continue
        node = nodes[gid]
        if node is None:
            node = _group(nodes, groups, gid)
        node[key] = value
    return out


def _unflatten_any(row: dict, problems: list) -> dict:
    """``unflatten`` for any header: resolves each filled cell's path on its own."""
    out: dict = {}
    for col, value in row.items():
        if _empty(value):
            continue
        col = col.strip()
        if isinstance(value, str):
            value = value.strip()
        if col in RECORD_LISTS and isinstance(value, str):
            value = _records_cell(col, value, problems)
            if value is None:
                continue
        elif col in LIST_COLUMNS and isinstance(value, str):
            value = _list_cell(value)
        _put(out, col, value, problems)
    return out


def to_deal_data(record: dict) -> tuple[dict | None, list[tuple[str, str]]]:
    """A record → (the deal mapping to validate, problems found while reading)."""
    problems = list(record.get("problems") or ())
    kind = record["kind"]
    if kind == "flat":
        data = unflatten(record["data"], problems)
        for name, rows in (record.get("sheets") or {}).items():
            if name in _get_nested_keys(data, name):
                problems.append((name, f"'{name}' is given both as a cell and in the '{name}' sheet"))
                continue
            items = []
            for sub in rows:
                item = unflatten(sub, problems)
                items.append(item)
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
    if path.is_dir():
        return "folder"
    kind = INPUT_KINDS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"{path}: unsupported input '{path.suffix or '(none)'}'; give a .csv, .xlsx or .jsonl file, "
                         "or a folder of deal files")
    return kind


def count_rows(path: Path) -> int | None:
    """How many records reading will yield (for a progress bar); None when unknown."""
    kind = input_kind(path)
    if kind == "folder":
        return sum(1 for _ in _folder_files(path))
    if kind == "jsonl":
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    if kind == "csv":
        with open(path, newline="", encoding="utf-8-sig", errors="replace") as fh:
            return max(0, sum(1 for row in csv.reader(fh) if any(c.strip() for c in row)) - 1)
    return None


def read_records(path: str | Path) -> Iterator[dict]:
    """Every record of the input, in input order. Problems of the input itself are records too
    (kind "problem"): the header's unknown columns, a sheet row naming no deal."""
    path = Path(path)
    kind = input_kind(path)
    if kind == "csv":
        yield from _read_csv(path)
    elif kind == "jsonl":
        yield from _read_jsonl(path)
    elif kind == "xlsx":
        yield from _read_xlsx(path)
    else:
        yield from _read_folder(path)


def _problem(source: str, row, field: str, message: str) -> dict:
    return {"source": source, "row": row, "kind": "problem", "data": None, "problems": [(field, message)]}


def _read_csv(path: Path) -> Iterator[dict]:
    source = str(path)
    try:
        fh = open(path, newline="", encoding="utf-8-sig")
    except OSError as e:
        yield _problem(source, None, "", f"cannot read: {e.strerror or e}")
        return
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as e:
            yield _problem(source, 1, "", f"cannot read the header: {e}")
            return
        if header is None:
            yield _problem(source, None, "", "the file is empty; the first row must name the columns (id, provider.name, ...)")
            return
        header = [h.strip() for h in header]
        for col, msg in check_columns(header):
            yield _problem(source, 1, col, msg)
        row_no = 1
        while True:
            row_no += 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError as e:
                yield _problem(source, row_no, "", f"not UTF-8 text (byte {e.start}); save the file as UTF-8; "
                                                   "the rest of the file cannot be read")
                break
            except csv.Error as e:
                yield _problem(source, row_no, "", f"malformed CSV row: {e}")
                continue
            if not any(c.strip() for c in cells):
                continue  # a blank line is not a row
            rec = {"source": source, "row": row_no, "kind": "flat", "data": None, "problems": []}
            if len(cells) != len(header):
                rec["problems"].append(("", f"the row has {len(cells)} cells but the header has {len(header)} columns"))
                cells = (cells + [""] * len(header))[:len(header)]
            rec["data"] = dict(zip(header, cells))
            yield rec


def _read_jsonl(path: Path) -> Iterator[dict]:
    source = str(path)
    try:
        fh = open(path, encoding="utf-8-sig")
    except OSError as e:
        yield _problem(source, None, "", f"cannot read: {e.strerror or e}")
        return
    with fh:
        line_no = 0
        while True:
            try:
                line = fh.readline()
            except UnicodeDecodeError as e:
                yield _problem(source, line_no + 1, "", f"not UTF-8 text (byte {e.start}); the rest of the file cannot be read")
                return
            if not line:
                return
            line_no += 1
            if not line.strip():
                continue
            rec = {"source": source, "row": line_no, "kind": "nested", "data": None, "problems": []}
            try:
                rec["data"] = json.loads(line, parse_constant=_reject_constant)
            except (json.JSONDecodeError, ValueError) as e:
                rec["problems"].append(("", f"invalid JSON: {getattr(e, 'msg', str(e))}"))
            yield rec


def _reject_constant(name):
    raise ValueError(f"{name} is not a number a deal can hold")


def _folder_files(path: Path):
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in DEAL_SUFFIXES:
                yield Path(root) / name


def _read_folder(path: Path) -> Iterator[dict]:
    any_file = False
    for file in _folder_files(path):
        any_file = True
        yield {"source": str(file), "row": None, "kind": "file", "data": str(file), "problems": []}
    if not any_file:
        yield _problem(str(path), None, "", "the folder holds no deal files (.yaml, .yml, .json)")


def _read_xlsx(path: Path) -> Iterator[dict]:
    import pandas as pd

    source = str(path)
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as e:  # a corrupt or non-XLSX file
        yield _problem(source, None, "", f"cannot read as XLSX: {type(e).__name__}: {e}")
        return
    names = list(sheets)
    main = DEALS_SHEET if DEALS_SHEET in sheets else next((n for n in names if n not in RECORD_LISTS), None)
    if main is None:
        yield _problem(source, None, "", f"no sheet of deals (name it '{DEALS_SHEET}')")
        return
    for name in names:
        if name != main and name not in RECORD_LISTS:
            yield _problem(f"{source}!{name}", None, "", f"sheet '{name}' is not read: sheets are '{main}' and "
                                                        f"{', '.join(RECORD_LISTS)}")
    # Record sheets: rows grouped by deal_id, kept with their sheet row numbers.
    by_deal: dict[str, dict[str, list]] = {}
    sheet_rows: dict[tuple[str, str], list[int]] = {}
    for name in RECORD_LISTS:
        if name not in sheets:
            continue
        frame = sheets[name]
        cols = [str(c).strip() for c in frame.columns]
        if "deal_id" not in cols:
            yield _problem(f"{source}!{name}", 1, "deal_id", f"the '{name}' sheet needs a deal_id column")
            continue
        for i, values in enumerate(frame.itertuples(index=False, name=None)):
            row = dict(zip(cols, values))
            deal_id = str(row.pop("deal_id", "")).strip()
            if all(_empty(v) for v in row.values()) and not deal_id:
                continue
            if not deal_id:
                yield _problem(f"{source}!{name}", i + 2, "deal_id", "empty deal_id: this row belongs to no deal")
                continue
            by_deal.setdefault(deal_id, {}).setdefault(name, []).append(row)
            sheet_rows.setdefault((deal_id, name), []).append(i + 2)
    frame = sheets[main]
    header = [str(c).strip() for c in frame.columns]
    for col, msg in check_columns(header):
        yield _problem(f"{source}!{main}", 1, col, msg)
    used: set[str] = set()
    for i, values in enumerate(frame.itertuples(index=False, name=None)):
        row = dict(zip(header, values))
        if all(_empty(v) for v in row.values()):
            continue
        deal_id = str(row.get("id") or "").strip()
        rec = {"source": f"{source}!{main}", "row": i + 2, "kind": "flat", "data": row, "problems": []}
        if deal_id and deal_id in by_deal and deal_id not in used:
            rec["sheets"] = by_deal[deal_id]
            used.add(deal_id)
        yield rec
    for (deal_id, name), rows in sheet_rows.items():
        if deal_id not in used:
            for r in rows:
                yield _problem(f"{source}!{name}", r, "deal_id", f"no deal with id '{deal_id}' in the '{main}' sheet")


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
