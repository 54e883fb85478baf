"""What the interview knows about each deal field: its input kind, allowed values, label, help and
the seller's question, in both languages.

The one adapter between the web layer and the description of the deal's fields. Until the field
registry lands it reads the kinds and allowed values from the pydantic models (models.py), the
labels from report_templates/fields.<lang>.yaml and the questions from
report_templates/questions.<lang>.yaml; nothing else in vetting.web reads those sources.

Paths are patterns: an item of a list of records is written ``kpis[].target``.
"""
from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel

from ..model import aliases, models
from ..model.fields import unwrap
from ..model.registry import notes as field_notes
from ..outputs.report import templates_dir
from ..io.yamlsafe import load_yaml_text

LANGS = ("en", "zh")
# kinds: bool, int, number, enum, enums (a list of enum values), tags (a list of free words), codes
# (a list of ISO codes), code (one ISO code), text, longtext, date, records (a list of records)


@dataclass(frozen=True)
class FieldSpec:
    path: str  # pattern, e.g. "kpis[].metric"
    kind: str
    values: tuple[str, ...] = ()
    required: bool = False
    children: tuple[str, ...] = ()  # records: the patterns of a record's fields

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1].rstrip("[]")

    @property
    def money(self) -> bool:
        return self.kind == "number" and self.path in MONEY


# Money amounts (shown with the deal's currency); from models.Money.
MONEY: set[str] = set()


def _meta(annotation) -> list:
    out = []
    while typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        out.extend(args[1:])
        annotation = args[0]
    return out


def _string_kind(annotation) -> str:
    pattern = max_length = None
    for m in _meta(annotation):
        pattern = getattr(m, "pattern", None) or pattern
        max_length = getattr(m, "max_length", None) or max_length
    if pattern in (r"^[A-Z]{2}$", r"^[A-Z]{3}$"):
        return "code"
    return "longtext" if max_length and max_length > 300 else "text"


def _kind(annotation) -> tuple[str, tuple[str, ...], typing.Any]:
    core = unwrap(annotation)
    origin = typing.get_origin(core)
    if origin is typing.Literal:
        return "enum", tuple(typing.get_args(core)), None
    if origin is list:
        raw_item = typing.get_args(core)[0]
        item = unwrap(raw_item)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "records", (), item
        if typing.get_origin(item) is typing.Literal:
            return "enums", tuple(typing.get_args(item)), None
        return ("codes" if _string_kind(raw_item) == "code" else "tags"), (), None
    if core is bool:
        return "bool", (), None
    if core is int:
        return "int", (), None
    if core is float:
        return "number", (), None
    if core is dt.date:
        return "date", (), None
    return _string_kind(_strip_optional(annotation)), (), None


def _strip_optional(annotation):
    if typing.get_origin(annotation) in (typing.Union, getattr(__import__("types"), "UnionType")):
        return next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def _walk(model: type[BaseModel], prefix: str, out: dict[str, FieldSpec]) -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{field.alias or name}"
        core = unwrap(field.annotation)
        if isinstance(core, type) and issubclass(core, BaseModel):
            names.extend(_walk(core, path + ".", out))
            continue
        kind, values, record = _kind(field.annotation)
        children: tuple[str, ...] = ()
        if record is not None:
            children = tuple(_walk(record, path + "[].", out))
        if kind == "number" and _strip_optional(field.annotation) is models.Money:
            MONEY.add(path)
        out[path] = FieldSpec(path, kind, values, field.is_required(), children)
        names.append(path)
    return names


@lru_cache(maxsize=1)
def specs() -> dict[str, FieldSpec]:
    """Every field of a deal the interview asks about, by pattern."""
    out: dict[str, FieldSpec] = {}
    _walk(models.Deal, "", out)
    out["format"] = FieldSpec("format", "hidden", (models.DEAL_FORMAT,))  # kept as the file had it
    return out


def note_key(pattern: str) -> str:
    """The key of fields.<lang>.yaml for a pattern (items without an index: ``kpis.target``)."""
    return pattern.replace("[]", "")


def label(pattern: str, lang: str) -> str:
    """What the field is (fields.<lang>.yaml): the help shown a click away."""
    return field_notes(lang).get(note_key(pattern), note_key(pattern))


@lru_cache(maxsize=2)
def _questions(lang: str) -> dict[str, dict]:
    path = templates_dir() / f"questions.{lang}.yaml"
    data = load_yaml_text(path.read_text(encoding="utf-8"), str(path))
    return {str(k): v for k, v in (data or {}).items()}


def question(pattern: str, lang: str, who: str = "seller") -> str:
    """The question the interview asks about the field, as a practitioner asks it."""
    entry = _questions(lang).get(note_key(pattern)) or {}
    return str(entry.get(who) or label(pattern, lang))


def questions(lang: str) -> dict[str, dict]:
    """The whole question table of one language (for the tests)."""
    return _questions(lang)


def choice(value: str, lang: str) -> str:
    """An enum value as the interview offers it: the Chinese name in Chinese, words in English."""
    if lang == "zh" or value in aliases.WRITTEN_AS:
        return aliases.label(value, lang)
    words = [_UPPER.get(w, w) for w in value.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


_UPPER = {w: w.upper() for w in ("gmv", "erp", "bi", "api", "roi", "seo", "kpi")} | {"saas": "SaaS"}
