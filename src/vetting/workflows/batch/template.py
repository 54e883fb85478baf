"""The flat input template of ``vetting batch`` (``vetting init --format xlsx|csv``).

One column per field of the deal format, in the flat layout ``flat.py`` reads (dotted names such
as ``fees.base_monthly``; lists as ``a;b``), and one sample row. In XLSX, each header cell has a
comment saying what the field means and which values it takes (from the field registry),
every enum and yes/no column has a drop-down, and the lists of records (KPIs, claims, case
studies, milestones, waivers) are sheets of their own with a ``deal_id`` column. In CSV the lists
of records are JSON text cells, and a CSV file has no room for notes: the XLSX template, or
``vetting schema``, has them.

The columns come from the deal models (``fields.catalog``), so the template cannot drift from
the format; ``vetting batch`` assesses the untouched template's sample without a problem (tested).
"""
from __future__ import annotations

import csv
import io
import json

from ...model.fields import CHILD_KINDS, catalog
from .flat import DEALS_SHEET, RECORD_LISTS, flatten
from ...model.fields import FieldInfo
from ...model.models import Waiver
from ...model.registry import help_text
from ...outputs.report import Texts
from ...model.aliases import label
import re
from ...model.registry import notes as field_notes
import datetime as dt

DEAL_ID = "deal_id"
SAMPLE_ID = "sample-001"
EXCEL_LIST_LIMIT = 255  # characters of an inline drop-down list


def sample_deal(lang: str) -> dict:
    """One realistic deal to show how cells are filled in; its texts in the template's language."""
    t = Texts(lang, html=False).section("init.sample")
    return {
        "id": SAMPLE_ID, "title": t["title"], "currency": "USD",
        "seller": {"name": t["seller"], "platforms": ["amazon"], "markets": ["US"], "monthly_gmv": 80000,
                   "brand_registered": True},
        "provider": {"name": t["provider"], "kind": "store_operation", "country": "CN", "office_verified": False},
        "contract": {"written": True, "start_date": "2026-03-01", "term_months": 12,
                     "auto_renewal": {"present": True, "cancel_notice_days": 30},
                     "stop_loss": {"present": False}},
        "fees": {"model": "base_plus_commission", "base_monthly": 3000, "commission_pct": 5,
                 "commission_basis": "total_gmv", "setup_fee": 0},
        "kpis": [{"id": "gmv-growth", "metric": "gmv", "target": 20, "target_kind": "growth_pct", "period": "month",
                  "formula": t["formula"], "data_source": "seller_central"}],
        "claims": [{"text": t["claim"], "guaranteed": True, "in_contract": False}],
        "track_record": {"case_studies": [{"client": t["client"], "verifiable": False, "evidence": "screenshots"}]},
    }


def deal_columns() -> list[tuple[str, object]]:
    """(column, FieldInfo) of the deals sheet: every field but the lists of records, in model order."""
    return [(p, info) for p, info in catalog("deal").items() if not info.derived and p not in RECORD_LISTS]


def record_columns() -> dict[str, list[tuple[str, object]]]:
    """Per record sheet (kpis, claims …): its (column, FieldInfo), after deal_id."""

    out = {}
    for kind, (path, _model) in CHILD_KINDS.items():
        out[path] = [(p, info) for p, info in catalog(kind).items() if not info.derived]
    waiver = []
    for name, field in Waiver.model_fields.items():
        kind = "date" if "date" in str(field.annotation) else "text"
        waiver.append((name, FieldInfo(name, kind)))
    out["waivers"] = waiver
    return {name: out[name] for name in RECORD_LISTS if name in out}


def _note(path: str, info, lang: str) -> str:
    """What a column means and what it takes, in ``lang``: its help in the field registry."""

    texts = Texts(lang, html=False)
    meaning = help_text(path, lang) or path
    if info.type == "enum":
        values = " | ".join(info.values)
    elif info.type == "list":
        values = (" ; ".join(info.values) if info.values else texts("init.type_list")) + " (a;b)"
    else:
        values = texts({"bool": "init.type_bool", "date": "init.type_date", "number": "init.type_number",
                        "count": "init.type_number"}.get(info.type, "init.type_text"))
    return f"{path}\n{meaning}\n{texts('init.values')}{texts('doc.colon')}{values}"


def csv_template(lang: str = "en") -> bytes:
    """The CSV template: a header of every column (records as JSON cells) and the sample row,
    UTF-8 with a byte-order mark (so that Excel opens it correctly on any Windows)."""
    cols = [p for p, _ in deal_columns()]
    at = {p: i for i, p in enumerate(cols)}
    for name in RECORD_LISTS:  # the JSON cells go where the list sits in the model
        cols.append(name)
    cols.sort(key=lambda c: at[c] if c in at else _record_position(c, at))
    row = flatten(sample_deal(lang))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    w.writerow([row.get(c, "") for c in cols])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _record_position(name: str, at: dict) -> float:
    """Where a list of records goes among the deal columns: after its section's columns."""
    section = name.rpartition(".")[0]
    if not section:
        return len(at) + RECORD_LISTS.index(name)
    last = max((i for c, i in at.items() if c.startswith(section + ".")), default=len(at))
    return last + 0.5


def xlsx_template(lang: str = "en") -> bytes:
    """The XLSX template: the deals sheet and one sheet per list of records, each header cell with
    its note as a comment, a drop-down on every enum and yes/no column, the sample filled in."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sample = sample_deal(lang)
    flat = flatten({k: v for k, v in sample.items() if k not in ("kpis", "claims")} |
                   {"track_record": {k: v for k, v in sample["track_record"].items() if k != "case_studies"}})
    records = {name: _dig(sample, name) or [] for name in RECORD_LISTS}
    wb = Workbook()
    sheets = [(DEALS_SHEET, deal_columns(), [flat])]
    for name, cols in record_columns().items():
        rows = [{DEAL_ID: SAMPLE_ID, **{k: _cell(v) for k, v in r.items()}} for r in records.get(name, [])]
        sheets.append((name, [(DEAL_ID, None)] + cols, rows))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E7E6E6")
    two_rows = lang != "en"  # row 1 in the template's language for people, row 2 the field paths vetting reads
    first = 3 if two_rows else 2
    for i, (name, cols, rows) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        for j, (path, info) in enumerate(cols, 1):
            key = path if name == DEALS_SHEET else f"{name}.{path}"
            note = _note(key, info, lang) if info is not None else Texts(lang, html=False)("init.deal_id_note")
            heads = [(1, _label(key, lang)), (2, path)] if two_rows else [(1, path)]
            for r, text in heads:
                cell = ws.cell(row=r, column=j, value=text)
                cell.font, cell.fill = bold, fill
                cell.alignment = Alignment(vertical="top", wrap_text=r == 1 and two_rows)
            ws.cell(row=1, column=j).comment = Comment(note, "vetting", width=320, height=140 if info else 80)
            ws.column_dimensions[get_column_letter(j)].width = min(max(len(path) + 2, 12), 40)
            choices = _choices(info, lang)
            if choices:
                dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle=path[:32], error=note.split("\n", 1)[1][:255])
                dv.add(f"{get_column_letter(j)}{first}:{get_column_letter(j)}10000")
                ws.add_data_validation(dv)
        for r, row in enumerate(rows, first):
            for j, (path, info) in enumerate(cols, 1):
                if row.get(path) not in (None, ""):
                    _typed_cell(ws.cell(row=r, column=j), row[path], info, lang)
        ws.freeze_panes = ("B" if name == DEALS_SHEET else "A") + str(first)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _choices(info, lang: str = "en") -> list[str] | None:
    """The drop-down of an enum or yes/no column, in the template's language (Chinese names are read
    back as the values they name: aliases.py)."""

    if info is None:
        return None
    if info.type == "enum":
        values = [label(v, lang) for v in info.values] if lang != "en" else list(info.values)
    elif info.type == "bool":
        t = Texts(lang, html=False)
        values = [t("init.bool_yes"), t("init.bool_no")]
    else:
        return None
    return values if len(",".join(values)) + 2 <= EXCEL_LIST_LIMIT else None


def _label(path: str, lang: str) -> str:
    """A column's name for people: the field's note up to its first pause ("你的公司或店铺名称")."""

    if path.rpartition(".")[2] == DEAL_ID:
        return Texts(lang, html=False)("init.deal_id_label")
    note = field_notes(lang).get(path.replace("[]", ""), path)
    short = re.split(r"[，：；（(]", note, maxsplit=1)[0].strip()
    return short or path


def _typed_cell(cell, text, info, lang: str) -> None:
    """A sample value as a person types it in Excel: a number as a number, a percentage as a percent-
    formatted cell (5% is stored as 0.05), a date as a date cell, yes/no and enum values as the drop-down
    shows them."""

    kind = getattr(info, "type", None)
    path = getattr(info, "path", "") or ""
    if kind in ("number", "count") and isinstance(text, str) and _is_number(text):
        value = float(text)
        value = int(value) if value.is_integer() else value
        if path.rpartition(".")[2].endswith("_pct"):
            cell.value, cell.number_format = value / 100, "0%"
        else:
            cell.value, cell.number_format = value, "#,##0.##" if not float(value).is_integer() else "#,##0"
        return
    if kind == "date" and isinstance(text, str):
        cell.value, cell.number_format = dt.date.fromisoformat(text), "yyyy-mm-dd"
        return
    if kind == "bool" and text in ("true", "false", True, False):
        yes = text in ("true", True)
        t = Texts(lang, html=False)  # English is the format vetting reads: a boolean cell
        cell.value = yes if lang == "en" else t("init.bool_yes") if yes else t("init.bool_no")
        return
    if kind == "enum" and isinstance(text, str):
        cell.value = label(text, lang) if lang != "en" else text
        return
    cell.value = text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _dig(node: dict, dotted: str):
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _cell(value):
    """A record's value as a cell: lists as a;b, nested mappings as JSON, the rest as it is."""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


__all__ = ["csv_template", "xlsx_template", "sample_deal", "deal_columns", "record_columns"]
