"""The catalog of fact fields that rules may test, derived from the deal models.

Rule conditions are checked against this catalog at load time, so a typo in a
rule pack fails with a did-you-mean instead of silently never firing.
"""
from __future__ import annotations

import datetime as _dt
import types
import typing
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel

from . import derived, models

# Fact kinds: the deal itself and one fact per record of these lists.
CHILD_KINDS = {
    "kpi": ("kpis", models.Kpi),
    "claim": ("claims", models.Claim),
    "case_study": ("track_record.case_studies", models.CaseStudy),
    "milestone": ("contract.milestones", models.Milestone),
}
KINDS = ("deal", *CHILD_KINDS)


@dataclass(frozen=True)
class FieldInfo:
    """What a rule may do with one field."""

    path: str
    type: str  # bool | number | enum | text | list | date | count
    values: tuple[str, ...] = ()  # allowed values for enum and list-of-enum fields
    derived: bool = False  # computed by vetting, not written in the deal file


# Fields computed from the deal (derived.py, the one registry). Documented in docs/rule-format.md.
DERIVED_DEAL = {path: FieldInfo(path, d.type, d.values, derived=True) for path, d in derived.BY_PATH.items()}
DERIVED_CHILD = {
    "kpi": {"implied_growth_pct": FieldInfo("implied_growth_pct", "number", derived=True)},
}


def unwrap(annotation, lists: bool = False):
    """Strip Optional/Annotated (and, with ``lists``, list[...]) down to the core type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        elif lists and origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def _describe(path: str, annotation) -> FieldInfo | None:
    core = unwrap(annotation)
    origin = typing.get_origin(core)
    if origin is typing.Literal:
        return FieldInfo(path, "enum", tuple(typing.get_args(core)))
    if origin is list:
        item = unwrap(typing.get_args(core)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return FieldInfo(path, "count")  # lists of records become their length in the deal fact
        if typing.get_origin(item) is typing.Literal:
            return FieldInfo(path, "list", tuple(typing.get_args(item)))
        return FieldInfo(path, "list")
    if core is bool:
        return FieldInfo(path, "bool")
    if core in (int, float):
        return FieldInfo(path, "number")
    if core is str:
        return FieldInfo(path, "text")
    if core is _dt.date:
        return FieldInfo(path, "date")
    return None


def _walk(model: type[BaseModel], prefix: str, out: dict[str, FieldInfo]) -> None:
    for name, field in model.model_fields.items():
        key = field.alias or name
        path = f"{prefix}{key}"
        core = unwrap(field.annotation)
        if isinstance(core, type) and issubclass(core, BaseModel):
            _walk(core, path + ".", out)
            continue
        info = _describe(path, field.annotation)
        if info is not None:
            out[path] = info


@lru_cache(maxsize=None)
def catalog(kind: str) -> dict[str, FieldInfo]:
    """Every testable field of one fact kind, by dotted path."""
    out: dict[str, FieldInfo] = {}
    if kind == "deal":
        _walk(models.Deal, "", out)
        out.pop("waivers", None)
        out.pop("format", None)
        out.update(DERIVED_DEAL)
    else:
        _walk(CHILD_KINDS[kind][1], "", out)
        out.update(DERIVED_CHILD.get(kind, {}))
    return out
