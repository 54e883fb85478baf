"""Answers in, a new version of the deal out: ``vetting merge`` and the serve screen that merges.

An :class:`Answer` is one fact as someone gave it (a provider's form row, the HTML form's saved answer,
an accepted ``vetting scan`` proposal) with its source record (docs/deal-format.md, "Where a fact came
from"). :func:`apply_answers` reads each value as the deal format does (yes/no, 是/否, enum names and
their Chinese aliases such as 代运营, percentages and dates as spreadsheets hold them), refuses a field
its answerer may not answer (the field registry's ``answered_by``: a waiver, the seller's own checks and
registry results are never the provider's), lists a conflict with a fact the deal already states
(applied only with ``prefer="answers"``; a contract source always beats a provider's answer), and keeps
each applied answer's source in the deal's ``sources``. A value the deal format refuses refuses the whole
set (``MergeResult.refused``): nothing is applied, every row is named.

:func:`read_answers` reads one file (answerfiles.py).
"""
from __future__ import annotations

import copy
import datetime as dt
import re

from ..io.cells import CellError, is_blank, read_bool, read_date, read_number, read_percent
from ..io.errors import InputError, said
from ..model import models
from ..model.aliases import canonical, lookup
from ..model.loading import validate
from ..model.registry import attributes, registry
from ..model.sources import ORIGINS, NoItem as _NoItem, current, resolve, split
from .answerfiles import read_answers
from .answertypes import NOT_APPLIED, Answer, FormInfo, MergeProblem, MergeResult

PREFER = ("deal", "answers")
# answers that say "not known": the fact stays unknown (a re-sent form asks it again)
UNKNOWN_WORDS = {"unknown", "not sure", "unsure", "don't know", "do not know", "n/a", "?", "不确定", "不知道", "未知",
                 "不清楚", "待定"}
_LIST_SPLIT = re.compile(r"\s*[,，、;；\n]\s*")

# ---------------------------------------------------------------- values as the deal format reads them

def is_unknown(value) -> bool:
    return is_blank(value) or (isinstance(value, str) and value.strip().casefold() in UNKNOWN_WORDS)


def read_value(f, value):
    """A given answer as the deal format's value for registry field ``f`` (None: unknown); CellError."""
    if is_unknown(value):
        return None
    if f.type == "bool":
        return read_bool(value)
    if f.type == "number":
        number = read_percent(value) if f.unit == "pct" else read_number(value)
        return int(number) if float(number).is_integer() else number
    if f.type == "date":
        return read_date(value)
    if f.type == "enum":
        return canonical(_unlabelled(f, value), lookup(f.values)) if isinstance(value, str) else value
    if f.type == "list":
        items = value if isinstance(value, list) else [v for v in _LIST_SPLIT.split(str(value).strip()) if v]
        table = lookup(f.values) if f.values else None
        return [canonical(_unlabelled(f, v), table) if table and isinstance(v, str) else v for v in items]
    if isinstance(value, (dict, list, bool)) or value is None:
        return value  # not text: the deal model refuses it, naming the cell
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value.strip() if isinstance(value, str) else str(value)


def _unlabelled(f, text: str) -> str:
    """An English form's drop-down shows a value's label (the registry's): the value it stands for."""
    text = text.strip()
    return next((c.value for c in f.choices if c.en and c.en.casefold() == text.casefold()), text)


def same_value(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, dt.date) or isinstance(b, dt.date):
        return str(a) == str(b)
    return a == b


def _source(answer: Answer) -> dict:
    src = {k: v for k, v in dict(answer.source).items() if v is not None and v != ""}
    if isinstance(src.get("evidence_date"), str) or isinstance(src.get("evidence_date"), dt.datetime):
        try:
            src["evidence_date"] = read_date(src["evidence_date"])
        except CellError:
            pass  # the deal model reports it
    return src


# ---------------------------------------------------------------- applying

def _problem(answer: Answer, key: str, **params) -> MergeProblem:
    return MergeProblem(answer.where, answer.field, key, params)


def _check(answer: Answer) -> tuple[object, MergeProblem | None, object]:
    """(the registry field, a problem, the value read)."""
    parts = split(answer.field)
    gen = ".".join(n for n, _ in parts) if parts else None
    f = registry().get(gen) if gen else None
    if f is None and gen in attributes():  # a list the provider answers whole (kpis): its items are the contract's
        if is_unknown(answer.value):
            return None, None, None
        return None, _problem(answer, "merge_kpi_list", field=answer.field, value=_short(answer.value)), None
    if f is None:
        return None, _problem(answer, "merge_unknown_field", field=answer.field), None
    origin = str(answer.source.get("from", ""))
    if origin != "seller" and (origin not in f.answered_by or (origin == "provider" and not f.show_to_provider)):
        return f, _problem(answer, "merge_not_answerable", field=answer.field,
                           origin=said(f"merge_who_{origin}") if origin in ORIGINS else origin,
                           who=said(f"merge_who_{f.answered_by[0]}")), None
    try:
        value = read_value(f, answer.value)
    except CellError as e:
        msg = e.message
        return f, MergeProblem(answer.where, answer.field, getattr(msg, "key", "") or "merge_value",
                               dict(getattr(msg, "values", ())) or {"detail": str(msg)}), None
    return f, None, value


def _short(value, limit: int = 300) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _rank(answer: Answer) -> int:
    return {"contract": 3, "registry": 2, "seller": 1}.get(str(answer.source.get("from")), 0)


def _dedupe(answers: list[Answer], problems: list) -> list[tuple[Answer, object]]:
    """One answer per field: the contract's over a provider's (the other one listed as a conflict by
    the caller); two answers of the same standing that disagree: neither."""
    by_field: dict[str, list[tuple[Answer, object]]] = {}
    for a, v in answers:
        by_field.setdefault(a.field, []).append((a, v))
    out = []
    for group in by_field.values():
        best = max(_rank(a) for a, _ in group)
        top = [(a, v) for a, v in group if _rank(a) == best]
        if any(not same_value(v, top[0][1]) for _, v in top[1:]):
            problems.extend(_problem(a, "merge_twice", field=a.field, other=top[0 if i else 1][0].where or "?")
                            for i, (a, _) in enumerate(top))
            continue
        out.append(top[0])
        out.extend((a, ("overruled", v)) for a, v in group if _rank(a) < best and not same_value(v, top[0][1]))
    return out


def apply_answers(deal_data: dict, answers: list[Answer], *, prefer: str = "deal") -> MergeResult:
    """``answers`` applied to a copy of ``deal_data`` (see the module's doc)."""
    if prefer not in PREFER:
        raise ValueError(f"prefer must be one of {PREFER}")
    data = copy.deepcopy(deal_data)
    problems: list[MergeProblem] = []
    read, unknown = [], []
    for a in answers:
        f, problem, value = _check(a)
        if problem:
            problems.append(problem)
        elif value is None:
            unknown.append((a.field, a.where))
        else:
            read.append((a, value))
    applied, conflicts = [], []
    for a, value in _dedupe(read, problems):
        if isinstance(value, tuple) and value[:1] == ("overruled",):
            conflicts.append((a.field, current(data, a.field), value[1], a.where))
            continue
        _apply_one(data, a, value, prefer, applied, conflicts, problems)
    problems += _validated(data, applied, read)
    if any(p.refuses for p in problems):
        return MergeResult(copy.deepcopy(deal_data), [], conflicts, problems, unknown)
    return MergeResult(data, applied, conflicts, problems, unknown)


def _apply_one(data, a: Answer, value, prefer, applied, conflicts, problems) -> None:
    try:
        holder, key, _ = resolve(data, a.field, create=True)
    except _NoItem:
        if not _new_kpi(data, a):
            problems.append(_problem(a, "merge_no_item", field=a.field))
            return
        holder, key, _ = resolve(data, a.field, create=True)
    old = holder.get(key)
    sources = data.get("sources") if isinstance(data.get("sources"), dict) else {}
    was = str((sources.get(a.field) or {}).get("from", "seller")) if isinstance(sources.get(a.field), dict) else "seller"
    origin = str(a.source.get("from"))
    if old is not None and not same_value(old, value):
        conflicts.append((a.field, old, value, a.where))
        contract_beats = origin == "contract" and was == "provider"
        if not contract_beats and (prefer == "deal" or (was == "contract" and origin == "provider")):
            return
    elif old is not None and not (origin == "contract" and was != "contract"):
        return  # the deal already says so; a contract quote is kept as its source
    holder[key] = value
    data.setdefault("sources", {})
    if not isinstance(data["sources"], dict):
        data["sources"] = {}
    data["sources"][a.field] = _source(a)
    applied.append((a.field, old, value, data["sources"][a.field]))


def _new_kpi(data: dict, a: Answer) -> bool:
    """A KPI the contract agrees and the deal lacks (vetting scan's ``kpis[gmv].target``): its item is added."""
    parts = split(a.field) or []
    if str(a.source.get("from")) != "contract" or len(parts) != 2 or parts[0][0] != "kpis" or not parts[0][1]:
        return False
    if data.get("kpis") is None:
        data["kpis"] = []
    if not isinstance(data["kpis"], list):
        return False
    data["kpis"].append({"id": parts[0][1]})
    return True


def _validated(data: dict, applied: list, read: list) -> list[MergeProblem]:
    """The merged data checked by the deal model; each problem named by the answer that caused it."""
    try:
        validate(data, "merge")
    except InputError as e:
        by_path = {}
        for a, _ in read:
            try:
                by_path[resolve(data, a.field)[2]] = a
            except _NoItem:
                continue
        out = []
        for p in e.problems:
            a = next((a for path, a in by_path.items() if p.path == path or p.path.startswith(path + ".")), None)
            if a is None:
                a = next((a for a, _ in read if p.path.startswith("sources") and a.field in p.path), None)
            out.append(MergeProblem(a.where if a else None, a.field if a else p.path, p.key or "merge_value",
                                    dict(p.values) if p.key else {"detail": p.message}))
        return out
    return []


def merged_deal(result: MergeResult) -> models.Deal:
    """The merged data as a Deal (InputError when it does not validate)."""
    return validate(result.data, "merge").deal


__all__ = ["Answer", "MergeProblem", "MergeResult", "FormInfo", "apply_answers", "read_answers", "read_value",
           "resolve", "current", "PREFER", "NOT_APPLIED"]

