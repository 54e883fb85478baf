"""The columns of the flat batch input: every column a flat deal (or an XLSX record sheet) may
have and its type, from the deal models; a header row checked once (unknown and repeated columns,
with a did-you-mean); the records a reader yields for a problem of the input itself."""
from __future__ import annotations

from ...io.errors import did_you_mean, said
from ...model.fields import FieldInfo, _walk, catalog
from ...model.models import Waiver

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
    """(column, message) for each column without a name, and once for each unknown name (with a
    did-you-mean) or known name given more than one column: a name is one problem however often it
    repeats (an unknown one is dropped whole, so it is only unknown)."""
    types = _COLUMNS if types is None else types
    out = []
    seen, told = set(), set()
    hints = 0
    for col in columns:
        name = (col or "").strip()
        if not name:
            out.append((said("batch_header_field"), said("batch_column_unnamed")))
            continue
        if name not in told and name not in types:
            hints += 1
            otherwise = "; see `vetting schema` for the field names"
            hint = _hint(name, types, otherwise) if hints <= MAX_HINTS else otherwise
            out.append((name, said("batch_unknown_column", name=name, hint=hint)))
            told.add(name)
        elif name not in told and name in seen:
            out.append((name, said("batch_column_twice")))
            told.add(name)
        seen.add(name)
    return out


def _hint(name: str, types: dict[str, str], otherwise: str) -> str:
    """The did-you-mean for an unknown column; ``deal_id`` (the result tables' name for a deal's id)
    is the deals table's ``id``."""
    if name.lower() == "deal_id" and "id" in types:
        return did_you_mean("id", types, otherwise)
    return did_you_mean(name, types, otherwise)


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
        # a name once, however many of its columns are filled (an unnamed column by its number)
        filled = list(dict.fromkeys(self.names[i] or said("batch_unnamed_column", column=i + 1)
                                    for i in self.unknown if i < n and not _empty(cells[i])))
        data = {name: cells[i] if i < n else "" for name, i in zip(self.kept, self.keep)}
        if not filled:
            return data, []
        if len(filled) == 1:
            return data, [(filled[0], said("batch_unknown_filled", name=filled[0]))]
        listed = tuple(filled[:5])
        if len(filled) > 5:
            return data, [("", said("batch_unknown_filled_more", count=len(filled), listed=listed, more=len(filled) - 5))]
        return data, [("", said("batch_unknown_filled_many", count=len(filled), listed=listed))]


def _empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from a spreadsheet reader
        return True
    return isinstance(value, str) and not value.strip()


def _problem(source: str, row, field: str, message: str) -> dict:
    return {"source": source, "row": row, "kind": "problem", "data": None, "problems": [(field, message)]}


def _failed(source: str, row, message: str) -> dict:
    """A deal row that cannot be read: an error row that counts as a failed deal."""
    return {"source": source, "row": row, "kind": "unreadable", "data": None, "problems": [("", message)]}
