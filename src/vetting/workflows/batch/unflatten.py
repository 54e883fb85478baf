"""A flat row (dotted column → cell) to the nested deal mapping, and back (``flatten``).

Each cell is read as the deal format says (lists split at ";", record lists as JSON text,
yes/no, percent, date and number cells through ``io.cells``); a cell that cannot be read is a
problem of its row, never a silent drop. ``to_deal_data`` turns a record of the readers
(``batch.flat``) into the deal mapping to validate.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from itertools import compress

from ...io import cells
from ...io.cells import Percent
from ...io.errors import said
from ...io.yamlsafe import MAX_DEPTH, depth_message
from ...model.loading import json_problems, loads_json
from .flatcolumns import _COLUMNS, LIST_COLUMNS, RECORD_LISTS, SHEET_COLUMNS, _empty


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
