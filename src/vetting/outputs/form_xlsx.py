"""The questionnaire form as an XLSX workbook (CONTRACTS D, docs/questionnaire.md):

- sheet "Questions" (问题): rows 1–4 the title, the seller, the deal, the date and the form's id and
  digest; row 6 the headers; from row 7 a topic heading row, then one row per asked fact: A the field
  path (hidden), B the row's tag (hidden), C topic, D question, E allowed answers, F the answer (a
  drop-down for yes/no/unknown and enums, in the form's language), G evidence, H evidence date, I
  comment. The sheet is protected; only F–I of the question rows are unlocked.
- sheet "Instructions" (填写说明): how to fill it in, in the provider's language.
- sheet "_vetting" (veryHidden): A1 vetting/questions@1, then ask_id, digest, deal_id, lang, created,
  rows; drop-down lists too long to write inline (Excel's 255 characters) are kept in its column D on.

openpyxl is imported when a form is made (a lazy seam: the CLI's start does not pay for it).
"""
from __future__ import annotations

import io

from ..text.tables import Texts
from .form import FORMAT, HEADER_ROW, FormSpec, texts

INLINE_LIST_LIMIT = 255  # characters of a list validation written inline (Excel's limit)
WIDTHS = {"A": 30, "B": 18, "C": 16, "D": 60, "E": 34, "F": 24, "G": 32, "H": 16, "I": 30}
ANSWER_COLUMNS = ("F", "G", "H", "I")


def form_xlsx(spec: FormSpec) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook

    t = texts(spec.lang)
    wb = Workbook()
    ws = wb.active
    ws.title = t("sheet")
    _top(ws, spec, t)
    hidden = wb.create_sheet("_vetting")
    _questions(ws, hidden, spec, t)
    _instructions(wb.create_sheet(t("sheet_instructions"), 1), t)
    _state(hidden, spec)
    hidden.sheet_state = "veryHidden"
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _top(ws, spec: FormSpec, t: Texts) -> None:
    from openpyxl.styles import Font

    lines = [(t("title"), Font(bold=True, size=14)), (t("seller", seller=spec.seller), None),
             (t("deal", deal=spec.deal), None),
             (t("date_id", date=spec.created, ask_id=spec.ask_id, digest=spec.digest), None)]
    for i, (text, font) in enumerate(lines, 1):
        cell = ws.cell(row=i, column=3, value=text)
        if font:
            cell.font = font
    for column, width in WIDTHS.items():
        ws.column_dimensions[column].width = width
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].hidden = True


def _questions(ws, hidden, spec: FormSpec, t: Texts) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    bold, head_fill = Font(bold=True), PatternFill("solid", fgColor="D9E1F2")
    topic_fill, answer_fill = PatternFill("solid", fgColor="EDEDED"), PatternFill("solid", fgColor="FFF2CC")
    for j, text in enumerate(t.items("headers"), 1):
        cell = ws.cell(row=HEADER_ROW, column=j, value=text)
        cell.font, cell.fill = bold, head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    lists: dict[tuple[str, ...], object] = {}
    for r in spec.rows:
        if r.field is None:
            cell = ws.cell(row=r.row, column=3, value=r.topic)
            cell.font, cell.fill = bold, topic_fill
            continue
        for j, value in enumerate((r.field, r.tag, r.topic, r.question, r.allowed), 1):
            ws.cell(row=r.row, column=j, value=value).alignment = wrap
        for column in ANSWER_COLUMNS:
            cell = ws[f"{column}{r.row}"]
            cell.protection = Protection(locked=False)
            cell.fill = answer_fill
            cell.alignment = wrap
            cell.number_format = "@"  # text: an answer such as 0012 or 2026-01 is kept as typed
        if r.choices:
            _drop_down(ws, hidden, lists, r.choices, f"F{r.row}", t)
    ws.freeze_panes = f"D{HEADER_ROW + 1}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # the provider may widen a column to read
    ws.protection.formatRows = False


def _drop_down(ws, hidden, lists: dict, choices: tuple[str, ...], cell: str, t: Texts) -> None:
    """One list validation per set of choices, inline when it fits, else a range on the hidden sheet."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = lists.get(choices)
    if dv is None:
        inline = '"' + ",".join(choices) + '"'
        if len(inline) <= INLINE_LIST_LIMIT and not any("," in c for c in choices):
            formula = inline
        else:
            column = 4 + sum(1 for v in lists.values() if not str(v.formula1).startswith('"'))
            letter = hidden.cell(row=1, column=column).column_letter
            for i, value in enumerate(choices, 1):
                hidden.cell(row=i, column=column, value=value)
            formula = f"_vetting!${letter}$1:${letter}${len(choices)}"
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                            showErrorMessage=True, errorStyle="warning", error=t("allowed.enum",
                                values=" / ".join(choices[:-1]))[:255])
        ws.add_data_validation(dv)
        lists[choices] = dv
    dv.add(cell)


def _instructions(ws, t: Texts) -> None:
    from openpyxl.styles import Alignment, Font

    ws.column_dimensions["A"].width = 100
    ws.cell(row=1, column=1, value=t("title")).font = Font(bold=True, size=14)
    for i, line in enumerate(t.items("instructions"), 3):
        ws.cell(row=i, column=1, value=f"{i - 2}. {line}").alignment = Alignment(wrap_text=True, vertical="top")
    ws.protection.sheet = True


def _state(ws, spec: FormSpec) -> None:
    ws.cell(row=1, column=1, value=FORMAT)
    rows = [("ask_id", spec.ask_id), ("digest", spec.digest), ("deal_id", spec.deal_id), ("lang", spec.lang),
            ("created", spec.created), ("rows", len(spec.asked))]
    for i, (key, value) in enumerate(rows, 2):
        ws.cell(row=i, column=1, value=key)
        ws.cell(row=i, column=2, value=value)
    ws.protection.sheet = True
