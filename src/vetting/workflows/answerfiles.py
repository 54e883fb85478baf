"""The files ``vetting merge`` reads: a filled questionnaire (XLSX as Excel, WPS or LibreOffice save it),
the HTML questionnaire's saved answers (``vetting/answers@1``) and a ``vetting scan`` proposals file.

A questionnaire answer counts only in a row this form asked: its field-path cell (column A) and row tag
(column B) must carry this computer's signature for this form (workflows.formkey), and the form's digest
must name this deal. Everything else a provider may have done to the workbook is one problem each, with
its cell, and is not applied: a row added or moved, an edited path or tag cell, a formula, a cell filled
outside the answer columns, an added or hidden sheet. Of a proposals file only the proposals marked
``accept: true`` are answers, from the contract, with their page and quote.

Files are read through io.reading and io.archive (bounded), cells through io.cells (in merging.py).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..io.archive import ZipLimits, close_zip, open_xlsx, sheet_rows
from ..io.cells import CellError, Formula, is_blank, read_date
from ..io.errors import InputError, Problem, said
from ..io.reading import read_text
from ..model.loading import parse_text
from .answertypes import Answer, FormInfo, MergeProblem
from .formkey import form_digest, form_key, row_tag, same

FORM_FORMAT = "vetting/questions@1"
ANSWERS_FORMAT = "vetting/answers@1"
SCAN_FORMAT = "vetting/scan@1"
QUESTION_SHEETS = ("Questions", "问题")
INSTRUCTION_SHEETS = ("Instructions", "填写说明")
META_SHEET = "_vetting"
FIRST_ROW = 7  # the first asked row (CONTRACTS D): A path, B tag, C topic, D question, E allowed, F..I filled in
ANSWER, EVIDENCE, EVIDENCE_DATE, COMMENT = 5, 6, 7, 8  # columns F, G, H, I (0-based)
FORM_LIMITS = ZipLimits(uncompressed=64 * 1024 * 1024, parts=2000, shared_strings=100_000, rows=20_000, columns=60)
_CLAUSE = re.compile(r"第[0-9一二三四五六七八九十百零〇]+(?:\.[0-9]+)*条|(?:Article|Clause|Section)\s+[0-9]+(?:\.[0-9]+)*",
                     re.IGNORECASE)

Result = tuple[FormInfo, list[Answer], list[MergeProblem]]


def _col(index: int) -> str:
    out, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _refuse(source: str, key: str, **values) -> InputError:
    return InputError([Problem(source, "", said(key, **values))])


def read_answers(path, *, deal_data: dict, by: str | None = None, today: dt.date | None = None) -> Result:
    """(what the file is, its answers, the problems of its rows and cells) of one answers file;
    InputError when the file itself is not one (wrong type, unreadable, not a form vetting made)."""
    path = Path(path)
    suffix = path.suffix.lower()
    today = today or dt.date.today()
    deal_id = str(deal_data.get("id", "")) if isinstance(deal_data, dict) else ""
    if suffix == ".xlsx":
        return read_form(path, deal_id, by, today)
    if suffix == ".json":
        return read_saved(path, deal_id, by, today)
    if suffix in (".yaml", ".yml"):
        return read_proposals(path, by, today)
    raise _refuse(str(path), "merge_file_type", suffix=suffix or "(none)")


# ---------------------------------------------------------------- the XLSX form

def _meta(wb, ws, source: str) -> dict:
    out = {}
    for row, values in sheet_rows(wb, ws, source, FORM_LIMITS):
        if row == 1:
            out["format"] = values[0] if values else None
        elif len(values) >= 2 and isinstance(values[0], str):
            out[values[0].strip()] = values[1]
    return out


def _sheets(wb, source: str) -> tuple[dict, object, list[MergeProblem]]:
    """(the meta sheet's entries, the questions sheet (None: hidden), problems of added or hidden sheets)."""
    by_title = {ws.title: ws for ws in wb.worksheets}
    if META_SHEET not in by_title:
        raise _refuse(source, "merge_not_form")
    meta = _meta(wb, by_title[META_SHEET], source)
    questions = next((by_title[n] for n in QUESTION_SHEETS if n in by_title), None)
    if meta.get("format") != FORM_FORMAT or questions is None:
        raise _refuse(source, "merge_not_form")
    problems = []
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        if ws.title not in QUESTION_SHEETS + INSTRUCTION_SHEETS or ws is not questions and ws.title in QUESTION_SHEETS:
            problems.append(MergeProblem(f"{ws.title}!A1", None, "merge_added_sheet", {"sheet": ws.title}))
        elif getattr(ws, "sheet_state", "visible") != "visible":
            problems.append(MergeProblem(f"{ws.title}!A1", None, "merge_hidden_sheet", {"sheet": ws.title}))
            if ws is questions:
                questions = None
    return meta, questions, problems


def read_form(path: Path, deal_id: str, by: str | None, today: dt.date) -> Result:
    source = str(path)
    wb = open_xlsx(path, what="answers", limits=FORM_LIMITS)
    try:
        meta, ws, problems = _sheets(wb, source)
        title = ws.title if ws is not None else QUESTION_SHEETS[0]
        rows = list(sheet_rows(wb, ws, source, FORM_LIMITS, percent=True, formulas=True)) if ws is not None else []
    finally:
        close_zip(wb)
    info = FormInfo("xlsx", source, _text(meta.get("ask_id")), _text(meta.get("digest")), _text(meta.get("deal_id")),
                    _text(meta.get("lang")), _text(meta.get("created")), _count(meta.get("rows")))
    _same_deal(info, deal_id, source)
    key = form_key()
    answers, asked = [], []
    for row, values in rows:
        if row < FIRST_ROW:
            continue
        cells = list(values) + [None] * max(0, COMMENT + 1 - len(values))
        where = lambda col, r=row: f"{title}!{_col(col)}{r}"  # noqa: E731
        if is_blank(cells[0]):
            problems += [MergeProblem(where(c), None, "merge_outside", {}) for c in range(ANSWER, len(cells))
                         if not is_blank(cells[c])]
            continue
        path, tag = cells[0], cells[1]
        if (isinstance(path, Formula) or not isinstance(path, str) or not isinstance(tag, str)
                or not same(row_tag(key, info.ask_id or "", row, path.strip()), tag.strip())):
            problems.append(MergeProblem(where(0), _text(path), "merge_bad_tag", {}))
            continue
        path = path.strip()
        asked.append((row, path))
        problems += [MergeProblem(where(c), path, "merge_outside", {}) for c in range(COMMENT + 1, len(cells))
                     if not is_blank(cells[c])]
        answer = _row_answer(cells, path, row, where, info.ask_id, by, today, problems)
        if answer is not None:
            answers.append(answer)
    return info, *_signed(info, key, asked, answers, problems, rows_tagged=any(
        r >= FIRST_ROW and len(v) > 0 and not is_blank(v[0]) for r, v in rows))


def _row_answer(cells, path, row, where, ask_id, by, today, problems) -> Answer | None:
    formulas = [c for c in (ANSWER, EVIDENCE, EVIDENCE_DATE, COMMENT) if isinstance(cells[c], Formula)]
    problems += [MergeProblem(where(c), path, "merge_formula", {"formula": cells[c].text}) for c in formulas]
    if ANSWER in formulas or all(is_blank(cells[c]) for c in (ANSWER, EVIDENCE, EVIDENCE_DATE, COMMENT)):
        return None
    keep = {c: (None if c in formulas else cells[c]) for c in (EVIDENCE, EVIDENCE_DATE, COMMENT)}
    evidence_date = _date(keep[EVIDENCE_DATE], where(EVIDENCE_DATE), path, problems)
    source = {"from": "provider", "by": by, "on": today, "evidence": _text(keep[EVIDENCE]),
              "evidence_date": evidence_date, "verified": False, "form": ask_id, "comment": _text(keep[COMMENT])}
    return Answer(path, cells[ANSWER], {k: v for k, v in source.items() if v is not None}, where(ANSWER))


def _date(value, where: str, path: str, problems: list) -> dt.date | None:
    try:
        return read_date(value)
    except CellError as e:
        msg = e.message
        problems.append(MergeProblem(where, path, getattr(msg, "key", "") or "merge_value",
                                     dict(getattr(msg, "values", ())) or {"detail": str(msg)}))
        return None


def _signed(info: FormInfo, key: bytes, asked, answers, problems, rows_tagged: bool):
    """The answers when the form's digest is this computer's for these rows; none when nothing in it is."""
    if same(form_digest(key, info.ask_id or "", info.deal_id or "", asked), info.digest or ""):
        return answers, problems
    if not asked and (rows_tagged or not answers):
        raise _refuse(info.source, "merge_unsigned")
    where = f"{META_SHEET}!B1" if info.kind == "xlsx" else "digest"
    return answers, problems + [MergeProblem(where, None, "merge_digest", {})]


def _same_deal(info: FormInfo, deal_id: str, source: str) -> None:
    if not info.ask_id or not info.digest:
        raise _refuse(source, "merge_not_form" if info.kind == "xlsx" else "merge_not_answers")
    if info.deal_id != deal_id:
        raise _refuse(source, "merge_other_deal", form=info.deal_id or "?", deal=deal_id)


def _text(value) -> str | None:
    if is_blank(value) or isinstance(value, Formula):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value).strip()


def _count(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# ---------------------------------------------------------------- the HTML form's saved answers

def read_saved(path: Path, deal_id: str, by: str | None, today: dt.date) -> Result:
    source = str(path)
    data, _ = parse_text(read_text(path, what="answers"), source, ".json")
    if not isinstance(data, dict) or data.get("format") != ANSWERS_FORMAT or not isinstance(data.get("rows"), list):
        raise _refuse(source, "merge_not_answers")
    info = FormInfo("html", source, _text(data.get("ask_id")), _text(data.get("digest")), _text(data.get("deal_id")),
                    None, _text(data.get("date")), len(data["rows"]))
    _same_deal(info, deal_id, source)
    key = form_key()
    on = _date(data.get("date"), "date", "", []) or today
    by = by or _text(data.get("answered_by"))
    answers, asked, problems = [], [], []
    for i, r in enumerate(data["rows"]):
        row = r.get("row") if isinstance(r, dict) else None
        where = f"rows[{i}]"
        path, tag = (r.get("field"), r.get("tag")) if isinstance(r, dict) else (None, None)
        if (not isinstance(row, int) or isinstance(row, bool) or not isinstance(path, str) or not isinstance(tag, str)
                or not same(row_tag(key, info.ask_id or "", row, path.strip()), tag.strip())):
            problems.append(MergeProblem(where, path if isinstance(path, str) else None, "merge_bad_tag", {}))
            continue
        path = path.strip()
        asked.append((row, path))
        if all(is_blank(r.get(k)) for k in ("answer", "evidence", "evidence_date", "comment")):
            continue
        evidence_date = _date(r.get("evidence_date"), f"{where}.evidence_date", path, problems)
        src = {"from": "provider", "by": by, "on": on, "evidence": _text(r.get("evidence")),
               "evidence_date": evidence_date, "verified": False, "form": info.ask_id, "comment": _text(r.get("comment"))}
        answers.append(Answer(path, r.get("answer"), {k: v for k, v in src.items() if v is not None}, f"{where}.answer"))
    return info, *_signed(info, key, asked, answers, problems, rows_tagged=bool(data["rows"]))


# ---------------------------------------------------------------- vetting scan's proposals

def clause_of(quote: str) -> str | None:
    """The clause a quoted sentence names ("第8.2条", "Clause 8.2"), None when it names none."""
    m = _CLAUSE.search(quote or "")
    return m.group(0) if m else None


def read_proposals(path: Path, by: str | None, today: dt.date) -> Result:
    source = str(path)
    data, _ = parse_text(read_text(path, what="answers"), source, path.suffix.lower())
    if not isinstance(data, dict) or data.get("format") != SCAN_FORMAT or not isinstance(data.get("proposals"), list):
        raise _refuse(source, "merge_not_proposals")
    info = FormInfo("proposals", source, rows=len(data["proposals"]))
    answers, problems = [], []
    for i, p in enumerate(data["proposals"]):
        where = f"proposals[{i}]"
        if not isinstance(p, dict) or not isinstance(p.get("field"), str) or "accept" not in p:
            problems.append(MergeProblem(where, None, "merge_proposal", {"index": i + 1}))
            continue
        if not isinstance(p["accept"], bool):
            problems.append(MergeProblem(f"{where}.accept", p["field"], "merge_accept", {"value": str(p["accept"])}))
            continue
        if not p["accept"]:
            continue
        page = p.get("page") if isinstance(p.get("page"), int) and not isinstance(p.get("page"), bool) else None
        quote = _text(p.get("quote"))
        src = {"from": "contract", "by": by, "on": today, "evidence": _text(p.get("file")),
               "page": page if page and page >= 1 else None, "quote": quote, "clause": clause_of(quote or "")}
        shown = f"{where} ({src['evidence']}, p. {page})" if page else where
        answers.append(Answer(p["field"], p.get("value"), {k: v for k, v in src.items() if v is not None}, shown))
    return info, answers, problems
