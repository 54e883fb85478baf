"""The field registry: one description of every field of the deal format (vetting/deal@1).

For each field, by dotted path (items of a list without an index: ``kpis.target``): its type and
allowed values with their Chinese names and aliases (from the deal models and aliases.py), its unit,
label and help in both languages, topic and interview order, the engagement types it concerns, who
can answer it, whether its question may go to the provider, whether a provider's answer needs
verifying, which direction is worse, and slots for the question to the seller and to the provider
in both languages. KPI metrics (the values of ``kpis.metric``) carry whether lower is better, whether
the platform defines them and whether they are service levels. A list of records the provider answers
as a whole (``lists:``, kpis) has attributes too, and a question (:func:`attributes`; not a Field).

Where each part is kept: ``model/fields.yaml``, the attributes (checked with pydantic when it is read);
``report_templates/fields.<lang>.yaml``, label and help (an entry is its help, or ``{help, name}``);
``report_templates/questions.<lang>.yaml``, ``path: {seller: ..., provider: ...}`` (a missing file or
entry is an empty slot); ``models.py`` (types, bounds, values) and ``aliases.py`` (Chinese names).

`vetting init` (yaml, xlsx, csv), `vetting schema`, the because line, the diff labels, the batch column
notes and the unknown facts of a report read the texts through :func:`help_text`, :func:`label`,
:func:`name` and :func:`notes`, which load only the text table of one language (cheap, cached: an
assessment's cold start reads no more than it did). :func:`registry` reads everything once.
"""

import re
import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, ValidationError

from ..io.tables import read_yaml as _read_yaml, templates_dir as _templates
from . import models
from .aliases import ALIASES, label as value_label
from .fields import describe, unwrap
from .models import Engagement, ProviderKind

LANGS = ("en", "zh")
ANSWERERS = ("seller", "provider", "contract", "registry")
UNITS = ("money", "pct", "days", "months", "years")
ROLES = ("seller", "provider")
DATA_FILE = Path(__file__).with_name("fields.yaml")

# Where a help text's first aside starts: the label is what comes before it ("the target number
# (empty: no number given)" → "the target number"); the because line names facts by it.
_LABEL_END = re.compile(r" \(|（|; |；|: |：|, e\.g\.|，如|, as written|, as described|, any language|，照原文|，按对方描述|，任何语言")


class RegistryError(ValueError):
    """The registry's data files disagree with the deal models or with each other (a bug, not user input)."""


# ---------------------------------------------------------------- the data file, as pydantic checks it

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Attributes(_Strict):
    topic: str
    answered_by: tuple[Literal["seller", "provider", "contract", "registry"], ...]
    show_to_provider: bool
    verify: bool
    unit: Optional[Literal["money", "pct", "days", "months", "years"]] = None
    # true/false, higher/lower, more, or an enum's values best first (a tuple inside: values with no order
    # between them, all worse than those before and better than those after)
    worse: Union[bool, Literal["higher", "lower", "more"], tuple[Union[str, tuple[str, ...]], ...], None] = None
    kinds: Optional[tuple[str, ...]] = None
    # the engagements (service.engagement values) it concerns; None: every engagement
    engagements: Optional[tuple[str, ...]] = None
    # no rule reads it: why it is in the format all the same (one line; tests/test_every_field_judged.py)
    informational: Optional[str] = None


class Metric(_Strict):
    lower_is_better: Optional[bool]
    platform_defined: Optional[bool]
    service_level: Optional[bool]


class _DataFile(_Strict):
    topics: tuple[str, ...]
    fields: dict[str, Attributes]
    lists: dict[str, Attributes] = {}  # a list of records as a whole (kpis), where the provider answers the list
    metrics: dict[str, Metric]


class _Questions(_Strict):
    seller: str = ""
    provider: str = ""


# ---------------------------------------------------------------- what the registry gives

@dataclass(frozen=True)
class Choice:
    """One allowed value of an enum (or list-of-enum) field."""

    value: str
    zh: str  # its Chinese name (aliases.label: a brand or metric as written everywhere, else the first alias)
    aliases: tuple[str, ...]  # every other way a deal file may write it (aliases.py)
    en: str = ""  # its English label (report_templates/choices.en.yaml)

    def shown(self, lang: str) -> str:
        """As a form offers it: the Chinese name, or the English label."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Field:
    """One deal field, everything vetting knows about it."""

    path: str
    type: str  # bool | number | enum | text | list | date
    choices: tuple[Choice, ...]
    record: str  # the list of records it belongs to ("kpis", "contract.milestones" …), "" for the deal itself
    attributes: Attributes
    order: int  # the interview order, over every field
    texts: dict = field(repr=False, compare=False, default_factory=dict)  # lang -> (help, name)
    questions: dict = field(repr=False, compare=False, default_factory=dict)  # lang -> _Questions

    def __getattr__(self, name):  # topic, answered_by, show_to_provider, verify, unit, worse, kinds, engagements
        if name in Attributes.model_fields:
            return getattr(self.attributes, name)
        raise AttributeError(name)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def help(self, lang: str) -> str:
        return self.texts[lang][0]

    def label(self, lang: str) -> str:
        return label(self.path, lang)

    def name(self, lang: str) -> str:
        return name(self.path, lang)

    def question(self, role: str, lang: str) -> str:
        """The question to the seller or to the provider ("" while it is not written)."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        q = self.questions.get(lang)
        return getattr(q, role) if q is not None else ""

    def concerns(self, kind: str | None) -> bool:
        """Whether the field concerns an engagement of ``kind`` (provider.kind; None: unknown, so yes)."""
        return kind is None or self.attributes.kinds is None or kind in self.attributes.kinds

    def concerns_engagement(self, engagement: str | None) -> bool:
        """Whether the field concerns an engagement of type ``engagement`` (None: unknown, so yes)."""
        return engagement is None or self.attributes.engagements is None or engagement in self.attributes.engagements


@dataclass(frozen=True)
class Registry:
    fields: dict[str, Field]
    topics: tuple[str, ...]
    metrics: dict[str, Metric]

    def __getitem__(self, path: str) -> Field:
        return self.fields[path]

    def __iter__(self):
        return iter(self.fields.values())

    def __len__(self) -> int:
        return len(self.fields)

    def get(self, path: str) -> Field | None:
        return self.fields.get(path)

    def by_topic(self, topic: str) -> list[Field]:
        return [f for f in self if f.attributes.topic == topic]


# ---------------------------------------------------------------- texts: one language at a time

def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")


@lru_cache(maxsize=4)
def _texts(lang: str) -> dict[str, tuple[str, str]]:
    """{path: (help, name)} of one language, sections included ("" when no short name is written)."""
    _check_lang(lang)
    path = _templates() / f"fields.{lang}.yaml"
    out = {}
    for key, entry in (_read_yaml(path) or {}).items():
        if isinstance(entry, dict):
            if set(entry) - {"help", "name"} or not isinstance(entry.get("help"), str):
                raise RegistryError(f"{path}: {key}: expected a text or {{help: ..., name: ...}}")
            out[str(key)] = (entry["help"], str(entry.get("name") or ""))
        else:
            out[str(key)] = (str(entry), "")
    return out


def notes(lang: str) -> dict[str, str]:
    """Every field's help in ``lang`` by path, sections (``contract.stop_loss``) included."""
    return {k: v[0] for k, v in _texts(lang).items()}


def help_text(path: str, lang: str) -> str | None:
    """The field's help in ``lang``: what it means, as `vetting init` writes it (None: no such field)."""
    entry = _texts(lang).get(path)
    return entry[0] if entry else None


@lru_cache(maxsize=4096)
def label(path: str, lang: str) -> str:
    """The field's label: its help up to the first aside ("" for no such field); the because line names facts by it."""
    entry = _texts(lang).get(path)
    return _LABEL_END.split(entry[0], maxsplit=1)[0].lstrip(".… ").strip() if entry else ""


def name(path: str, lang: str) -> str | None:
    """The field's name in a (diff's) table row: its short name, else its help (None: no such field)."""
    entry = _texts(lang).get(path)
    return (entry[1] or entry[0]) if entry else None


@lru_cache(maxsize=1)
def choice_labels() -> dict[str, str]:
    """Every enum value's English label (report_templates/choices.en.yaml): cheap, no registry."""
    return {str(k): str(v) for k, v in (_read_yaml(_templates() / "choices.en.yaml") or {}).items()}


def choice_label(value: str, lang: str) -> str:
    """An enum value as forms, the interview and reports name it: in Chinese ``aliases.label`` (TikTok Shop,
    else its first Chinese alias), in English its label (choices.en.yaml)."""
    if lang == "zh":
        return value_label(value, "zh")
    return choice_labels().get(value, value)


@lru_cache(maxsize=4)
def questions(lang: str) -> dict[str, _Questions]:
    """``report_templates/questions.<lang>.yaml``: {path: {seller, provider}}; {} while it does not exist."""
    _check_lang(lang)
    path = _templates() / f"questions.{lang}.yaml"
    if not path.is_file():
        return {}
    data = _read_yaml(path) or {}
    if not isinstance(data, dict):
        raise RegistryError(f"{path}: expected a mapping of field paths to {{seller: ..., provider: ...}}")
    try:
        return {str(k): _Questions.model_validate(v or {}) for k, v in data.items()}
    except ValidationError as e:
        raise RegistryError(f"{path}: {e}") from None


@lru_cache(maxsize=1)
def attributes() -> dict[str, Attributes]:
    """Every field's attributes (model/fields.yaml, checked with pydantic) in the interview order, a list the
    provider answers whole (``lists``: kpis) before its first field; what the letter reads on a cold start."""
    try:
        data = _DataFile.model_validate(_read_yaml(DATA_FILE))
    except ValidationError as e:
        raise RegistryError(f"{DATA_FILE}: {e}") from None
    out: dict[str, Attributes] = {}
    for path, attrs in data.fields.items():
        out.update((p, a) for p, a in data.lists.items() if path.startswith(p + ".") and p not in out)
        out[path] = attrs
    return out


# ---------------------------------------------------------------- the deal models' fields

@lru_cache(maxsize=None)
def typed_units(record: str = "") -> dict[str, str]:
    """{path within ``record`` ("" the deal, "kpis" …): "money" | "pct"} of the fields the deal models
    type as Money or Pct. Cheap (no data file: the because line reads it on every cold start); the
    registry's ``unit:`` entries are checked against the same types."""
    named = {id(models.Money): "money", id(models.Pct): "pct"}
    cut = len(record) + 1 if record else 0
    return {path[cut:]: named[id(ann)] for path, (_t, _v, rec, ann) in model_fields().items()
            if rec == record and id(ann) in named}


@lru_cache(maxsize=1)
def model_fields() -> dict[str, tuple[str, tuple[str, ...], str, object]]:
    """{path: (type, allowed values, record list, annotation)} of every leaf field of the deal models."""
    out: dict = {}
    _walk(models.Deal, "", "", out)
    return out


def _walk(model, prefix: str, record: str, out: dict) -> None:
    for key, f in model.model_fields.items():
        key = f.alias or key
        path = prefix + key
        core = unwrap(f.annotation)
        if typing.get_origin(core) is dict:  # sources: about the facts, not a fact (model/sources.py)
            continue
        if isinstance(core, type) and issubclass(core, BaseModel):
            _walk(core, path + ".", record, out)
            continue
        item = unwrap(core, lists=True)
        if typing.get_origin(core) is list and isinstance(item, type) and issubclass(item, BaseModel):
            _walk(item, path + ".", path, out)
            continue
        info = describe(path, f.annotation)
        out[path] = (info.type, info.values, record, _optional_inner(f.annotation))


def _optional_inner(annotation):
    """``Optional[X]`` → X (the models' named types, Money or Pct, stay whole)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


# ---------------------------------------------------------------- everything, once

@lru_cache(maxsize=1)
def registry() -> Registry:
    """The registry, read and checked once per process (RegistryError when its files disagree)."""
    try:
        data = _DataFile.model_validate(_read_yaml(DATA_FILE))
    except ValidationError as e:
        raise RegistryError(f"{DATA_FILE}: {e}") from None
    known = model_fields()
    problems = [f"{p}: no such field in the deal models" for p in data.fields if p not in known]
    problems += [f"{p}: missing (every field of the deal models needs an entry)" for p in known if p not in data.fields]
    problems += [f"lists: {p}: not a list of records of the deal models" for p in data.lists
                 if not any(rec == p for _t, _v, rec, _a in known.values())]
    texts = {lang: _texts(lang) for lang in LANGS}
    asked = {lang: questions(lang) for lang in LANGS}
    for lang in LANGS:
        # a question may name a field or a whole section or list (kpis: the interview's group of KPIs)
        problems += [f"questions.{lang}.yaml: {p}: no such field" for p in asked[lang]
                     if p not in known and not any(k.startswith(p + ".") for k in known)]
    out = {}
    for order, (path, attrs) in enumerate(data.fields.items()):
        if path not in known:
            continue
        kind, values, record, annotation = known[path]
        problems += _check(path, attrs, kind, values, annotation, data)
        problems += [f"choices.en.yaml: {v}: missing (the English label of a value of {path})"
                     for v in values if v not in choice_labels()]
        problems += [f"fields.{lang}.yaml: {path}: missing" for lang in LANGS if path not in texts[lang]]
        out[path] = Field(path, kind, _choices(values), record, attrs, order,
                          {lang: texts[lang].get(path, ("", "")) for lang in LANGS},
                          {lang: asked[lang][path] for lang in LANGS if path in asked[lang]})
    if problems:
        raise RegistryError("field registry: " + "; ".join(problems))
    return Registry(out, data.topics, dict(data.metrics))


def _choices(values) -> tuple[Choice, ...]:
    return tuple(Choice(v, choice_label(v, "zh"), ALIASES.get(v, ()), choice_label(v, "en")) for v in values)


def _flat(order) -> list[str]:
    return [v for tier in order for v in ((tier,) if isinstance(tier, str) else tier)]


def tiers(order) -> list[tuple[str, ...]]:
    """An enum's ``worse`` order as tiers of values, best first."""
    return [(tier,) if isinstance(tier, str) else tuple(tier) for tier in order]


def _check(path: str, a: Attributes, kind: str, values, annotation, data: _DataFile) -> list[str]:
    """What an entry says that the deal models contradict."""
    out = []
    if a.topic not in data.topics:
        out.append(f"{path}: topic {a.topic!r} is not one of {list(data.topics)}")
    kinds = set(typing.get_args(typing.get_args(ProviderKind)[0]))
    out += [f"{path}: kinds: {k!r} is not a provider.kind" for k in a.kinds or () if k not in kinds]
    engagements = set(typing.get_args(typing.get_args(Engagement)[0]))
    out += [f"{path}: engagements: {e!r} is not a service.engagement" for e in a.engagements or ()
            if e not in engagements]
    if a.engagements is not None and not a.engagements:
        out.append(f"{path}: engagements: an empty list (omit it: every engagement)")
    typed_unit = {id(models.Money): "money", id(models.Pct): "pct", id(models.Days): "days",
                  id(models.Months): "months"}.get(id(annotation))
    if typed_unit and a.unit != typed_unit:
        out.append(f"{path}: unit must be {typed_unit} (its type in models.py)")
    if a.unit is not None and kind != "number":
        out.append(f"{path}: a unit on a {kind} field")
    w = a.worse
    ok = (w is None or (isinstance(w, bool) and kind == "bool") or (w in ("higher", "lower") and kind == "number")
          or (w == "more" and kind == "list")
          or (isinstance(w, tuple) and kind == "enum" and len(w) >= 2 and set(_flat(w)) <= set(values)
              and len(set(_flat(w))) == len(_flat(w))))
    if not ok:
        out.append(f"{path}: worse {w!r} does not fit a {kind} field with values {list(values)}")
    if path == "kpis.metric" and set(data.metrics) != set(values):
        out.append(f"metrics: expected exactly the values of kpis.metric {list(values)}")
    return out


__all__ = ["Registry", "Field", "Choice", "Attributes", "Metric", "RegistryError", "registry", "notes", "help_text",
           "label", "name", "choice_label", "choice_labels", "questions", "attributes", "model_fields", "typed_units",
           "tiers", "ANSWERERS", "UNITS", "LANGS"]
