"""The facts of a deal as `vetting diff` shows them: a flattened path's label, kind and value in the
reader's language, and a fact's source record (split out of diff.py)."""
from __future__ import annotations

import datetime as dt
import re
import types
import typing

from pydantic import BaseModel

from ..model import models
from ..model.aliases import label
from ..model.fields import unwrap
from ..model.registry import name
from ..text.lifecycle_text import figure, text
from ..text.tables import Texts

SOURCE_KEYS = ("from", "by", "on", "evidence", "evidence_date", "verified", "form", "clause", "page", "quote", "comment")


def source_record(record: dict) -> types.SimpleNamespace:
    """A source record (a dict) with every key as an attribute (None when not given), for the templates."""
    return types.SimpleNamespace(**{k: record.get(k) for k in SOURCE_KEYS})


def _annotation(path: str):
    """The model annotation of a flattened fact path (``kpis[sales].target`` → Kpi.target), or None."""

    model, annotation = models.Deal, None
    for part in re.sub(r"\[[^\]]*\]", "", path).split("."):
        if model is None:
            return None
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return None
        annotation = field.annotation
        core = unwrap(annotation, lists=True)
        model = core if isinstance(core, type) and issubclass(core, BaseModel) else None
    return annotation


def fact_kind(path: str) -> str:
    """How a fact's value reads: money | pct | date | enum | other (from the deal models' types)."""

    annotation = _annotation(path)
    if annotation is None:
        return "other"
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    bare = args[0] if typing.get_origin(annotation) in (typing.Union, types.UnionType) and args else annotation
    if bare is models.Money:
        return "money"
    if bare is models.Pct:
        return "pct"
    core = unwrap(annotation, lists=True)
    if core is dt.date:
        return "date"
    if typing.get_origin(unwrap(core)) is typing.Literal:
        return "enum"
    return "other"


def enum_label(value: str, lang: str) -> str:
    """An enum value as the reader's language names it (aliases.label)."""

    return label(value, lang)


def fact_value(path: str, v, lang: str, currency: str | None = None) -> str:
    """A fact's value as the checklist writes it: enums by name, yes/no, money with its currency,
    percentages with %, dates in the language's format; unknown as "unknown"."""

    if v is None:
        return text(lang, "diff.unknown")
    if isinstance(v, bool):
        return text(lang, f"diff.{str(v).lower()}")
    t = Texts(lang, False)
    kind = fact_kind(path)
    if isinstance(v, list):
        if not v:
            return text(lang, "diff.empty")
        return t("doc.list_comma").join(enum_label(x, lang) if kind == "enum" else str(x) for x in v)
    if kind == "enum" and isinstance(v, str):
        return enum_label(v, lang)
    if kind == "date" and isinstance(v, str):
        try:
            return t.date(v)
        except ValueError:
            return v
    if isinstance(v, (int, float)):
        if kind == "money" and currency:
            return t.money(v, currency)
        if kind == "pct":
            return t.percent(figure(v))
        return figure(v)
    return str(v)


def fact_label(path: str, lang: str) -> str:
    """What a fact is, in words: its name in the field registry (its short name where its help is an
    instruction for filling in, else its help), with its record (``kpis[sales].target`` → 'KPI「sales」：
    目标值'); the path itself for a field the registry does not have."""

    t = Texts(lang, False)
    canon = re.sub(r"\[[^\]]*\]", "", path)
    note = name(canon, lang) or path
    m = re.fullmatch(r"(.+\[[^\]]*\])\.[^\[\]]+", path)
    if m is None or note == path:
        return note
    named = re.fullmatch(r"(.+)\[“(.*)”( \d+)?\]", m.group(1))  # a record by its stable name (diff.record_keys)
    record = t.subject(f"{named[1]}[0]", named[2]) + (named[3] or "") if named else t.subject(m.group(1))
    return text(lang, "diff.field_of", record=record, field=note)
