"""Filled questionnaires for the merge tests, written the way CONTRACTS D lays out `vetting ask`'s form
and signed with the test's own form key ($VETTING_CONFIG_DIR under tmp_path): a provider's answers
typed into column F, evidence in G and H, a comment in I.

``write_form(path, deal_id, rows)``: ``rows`` is a list of ``Row`` (or ``(field, answer)`` pairs); a
topic row (empty A) heads the rows. Returns the form's id and the row number of each asked field.
``saved_answers(...)`` writes the HTML form's answers file (``vetting/answers@1``) for the same rows.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from vetting.workflows.formkey import form_digest, form_key, new_ask_id, row_tag

FIRST_ROW = 7


@dataclass
class Row:
    field: str
    answer: object = None
    evidence: object = None
    evidence_date: object = None
    comment: object = None


def _rows(rows) -> list[Row]:
    return [r if isinstance(r, Row) else Row(*r) for r in rows]


def layout(rows) -> list[tuple[int, Row]]:
    """The sheet row of each asked field: a topic heading at 7, the questions from 8."""
    return [(FIRST_ROW + 1 + i, r) for i, r in enumerate(_rows(rows))]


def write_form(path: Path, deal_id: str, rows, *, lang: str = "en", ask_id: str | None = None) -> tuple[str, dict]:
    ask_id = ask_id or new_ask_id()
    key = form_key()
    placed = layout(rows)
    digest = form_digest(key, ask_id, deal_id, [(n, r.field) for n, r in placed])
    wb = Workbook()
    ws = wb.active
    ws.title = "问题" if lang == "zh" else "Questions"
    ws["A1"] = "供应商问卷" if lang == "zh" else "Questions for the provider"
    ws["A2"] = "卖家：深圳小店" if lang == "zh" else "Seller: Shenzhen Shop"
    ws["A3"] = f"{deal_id}"
    ws["A4"] = f"Form id: {ask_id} · {digest}"
    ws.append([])
    ws.append(["field", "tag", "topic", "question", "allowed", "answer", "evidence", "evidence date", "comment"])
    ws.cell(FIRST_ROW, 3, "合同" if lang == "zh" else "Contract")
    dv = DataValidation(type="list", formula1='"是,否,不确定"' if lang == "zh" else '"yes,no,unknown"', allow_blank=True)
    ws.add_data_validation(dv)
    for n, r in placed:
        ws.cell(n, 1, r.field)
        ws.cell(n, 2, row_tag(key, ask_id, n, r.field))
        ws.cell(n, 4, f"What is {r.field}?")
        for col, value in ((6, r.answer), (7, r.evidence), (8, r.evidence_date), (9, r.comment)):
            if value is not None:
                ws.cell(n, col, value)
        dv.add(f"F{n}")
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].hidden = True
    info = wb.create_sheet("填写说明" if lang == "zh" else "Instructions")
    info["A1"] = "请在F列填写答案。" if lang == "zh" else "Type your answers in column F."
    meta = wb.create_sheet("_vetting")
    meta["A1"] = "vetting/questions@1"
    for i, (k, v) in enumerate((("ask_id", ask_id), ("digest", digest), ("deal_id", deal_id), ("lang", lang),
                                ("created", "2026-11-18"), ("rows", len(placed))), start=2):
        meta.cell(i, 1, k)
        meta.cell(i, 2, v)
    meta.sheet_state = "veryHidden"
    wb.save(path)
    return ask_id, {r.field: n for n, r in placed}


def saved_answers(path: Path, deal_id: str, rows, *, answered_by: str = "王经理 (LinkStar)",
                  date: str = "2026-11-20", ask_id: str | None = None) -> str:
    ask_id = ask_id or new_ask_id()
    key = form_key()
    placed = layout(rows)
    doc = {"format": "vetting/answers@1", "ask_id": ask_id,
           "digest": form_digest(key, ask_id, deal_id, [(n, r.field) for n, r in placed]),
           "deal_id": deal_id, "answered_by": answered_by, "date": date,
           "rows": [{"row": n, "field": r.field, "tag": row_tag(key, ask_id, n, r.field), "answer": r.answer,
                     "evidence": r.evidence, "evidence_date": _iso(r.evidence_date), "comment": r.comment}
                    for n, r in placed]}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return ask_id


def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value
