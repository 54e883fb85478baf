"""What the interview knows about each deal field: its input kind, allowed values with their Chinese
names, topic, interview order, the engagement types it concerns, label, help and the seller's
question, in both languages.

The one adapter between the web layer and the field registry (vetting.model.registry, which reads
model/fields.yaml, the deal models and the text tables); nothing else in vetting.web reads those.
The registry says a field's type (bool, number, enum, text, list, date); the input shown for it is
that type made precise by the field's declaration in the deal models (a whole number or not, a
country or currency code, a long text), which the registry hands over with it.

Paths are patterns: an item of a list of records is written ``kpis[].target``.
"""
from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel

from ..model import models
from ..model.fields import unwrap
from ..model.registry import Field, choice_label, model_fields, notes, registry
from ..model.registry import questions as question_slots

LANGS = ("en", "zh")
# kinds: bool, int, number, enum, enums (a list of enum values), tags (a list of free words), codes
# (a list of ISO codes), code (one ISO code), text, longtext, date, records (a list of records), hidden
# The fields whose answer says what kind of engagement a deal is: a registry entry's `kinds`
# (provider.kind values) and `engagements` (service.engagement values) are read against their values.
ENGAGEMENT_FIELDS = ("provider.kind", "service.engagement")
_ENGAGEMENT_ATTRIBUTES = ("kinds", "engagements")


@dataclass(frozen=True)
class FieldSpec:
    path: str  # pattern, e.g. "kpis[].metric"
    kind: str
    values: tuple[str, ...] = ()
    required: bool = False
    children: tuple[str, ...] = ()  # records: the patterns of a record's fields
    money: bool = False  # an amount in the deal's currency (the registry's unit)
    topic: str = ""
    order: int = 0
    concerns: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (engagement field, the values it applies to)

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1].rstrip("[]")


def pattern(f: Field) -> str:
    """The registry's path of a field (``kpis.target``) as an input pattern (``kpis[].target``)."""
    return f"{f.record}[]{f.path[len(f.record):]}" if f.record else f.path


def note_key(pattern: str) -> str:
    """The registry's path of a pattern (items without an index: ``kpis.target``)."""
    return pattern.replace("[]", "")


def _meta(annotation) -> list:
    out = []
    while typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        out.extend(args[1:])
        annotation = args[0]
    return out


def _text_kind(annotation) -> str:
    pattern_, longest = None, None
    for m in _meta(annotation):
        pattern_ = getattr(m, "pattern", None) or pattern_
        longest = getattr(m, "max_length", None) or longest
    if pattern_ in (r"^[A-Z]{2}$", r"^[A-Z]{3}$"):
        return "code"
    return "longtext" if longest and longest > 300 else "text"


def _input_kind(f: Field, annotation) -> str:
    """The registry's type, made precise for the input by the model's declaration."""
    if f.type == "enum":
        return "enum"
    if f.type == "list":
        if f.values:
            return "enums"
        item = typing.get_args(unwrap(annotation))[0]
        return "codes" if _text_kind(item) == "code" else "tags"
    if f.type == "number":
        return "int" if unwrap(annotation) is int else "number"
    if f.type == "text":
        return _text_kind(annotation)
    return f.type  # bool, date


def _required() -> set[str]:
    """The patterns the deal models require (a deal without them does not load)."""
    out: set[str] = set()

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, fld in model.model_fields.items():
            path = prefix + (fld.alias or name)
            core = unwrap(fld.annotation)
            item = unwrap(core, lists=True)
            if isinstance(core, type) and issubclass(core, BaseModel):
                walk(core, path + ".")
            elif typing.get_origin(core) is list and isinstance(item, type) and issubclass(item, BaseModel):
                walk(item, path + "[].")
            elif fld.is_required():
                out.add(path)
    walk(models.Deal, "")
    return out


def _concerns(f: Field) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """For each engagement field the registry has: the values of it the field applies to (only when
    it does not apply to every one)."""
    reg = registry()
    named: set[str] = set()
    for attribute in _ENGAGEMENT_ATTRIBUTES:
        named.update(getattr(f.attributes, attribute, None) or ())
    if not named:
        return ()
    out = []
    for gate in ENGAGEMENT_FIELDS:
        g = reg.get(gate)
        if g is None or gate == f.path:
            continue
        allowed = tuple(v for v in g.values if v in named)
        if allowed and len(allowed) < len(g.values):
            out.append((gate, allowed))
    return tuple(out)


@lru_cache(maxsize=1)
def specs() -> dict[str, FieldSpec]:
    """Every field of a deal the interview asks about, by pattern, in the registry's order."""
    reg = registry()
    required = _required()
    out: dict[str, FieldSpec] = {}
    records: dict[str, list[Field]] = {}
    for f in reg:
        if f.record:
            records.setdefault(f.record, []).append(f)
        p = pattern(f)
        kind = "hidden" if f.path == "format" else _input_kind(f, model_fields()[f.path][3])
        out[p] = FieldSpec(p, kind, f.values, p in required, (), f.unit == "money", f.attributes.topic, f.order,
                           _concerns(f))
    for record, fields in records.items():
        first = fields[0]
        out[record] = FieldSpec(record, "records", (), False, tuple(pattern(f) for f in fields), False,
                                first.attributes.topic, first.order - 1, _group_concerns(fields))
    return dict(sorted(out.items(), key=lambda kv: kv[1].order))


def _group_concerns(fields: list[Field]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A list of records concerns the engagements any of its fields concerns."""
    each = [dict(_concerns(f)) for f in fields]
    gates = set.intersection(*(set(c) for c in each)) if each else set()
    return tuple((g, tuple(v for v in registry()[g].values if any(v in c[g] for c in each)))
                 for g in ENGAGEMENT_FIELDS if g in gates)


def topics() -> tuple[str, ...]:
    """The interview's topics, in the registry's order."""
    return registry().topics


def label(pattern_: str, lang: str) -> str:
    """What the field is (its help): shown a click away."""
    f = registry().get(note_key(pattern_))
    if f is not None:
        return f.help(lang) or note_key(pattern_)
    return notes(lang).get(note_key(pattern_), note_key(pattern_))  # a list of records: its section's help


def question(pattern_: str, lang: str, who: str = "seller") -> str:
    """The question the interview asks about the field, as a practitioner asks it."""
    entry = questions(lang).get(note_key(pattern_)) or {}
    return str(entry.get(who) or label(pattern_, lang))


@lru_cache(maxsize=2)
def questions(lang: str) -> dict[str, dict]:
    """The registry's question slots of one language, {path: {seller, provider}} (for the tests, too)."""
    return {k: v.model_dump() for k, v in question_slots(lang).items()}


def choice(value: str, lang: str) -> str:
    """An enum value as the interview offers it: the field registry's one label, the one the offline
    form and the reports use (``registry.choice_label``)."""
    return choice_label(value, lang)

