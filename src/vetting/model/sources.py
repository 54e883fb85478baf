"""Provenance: where a fact of the deal came from (the deal format's optional ``sources`` mapping).

``sources`` is keyed by a concrete field path: list items by KPI id or by position
(``kpis[K1].formula``, ``claims[0].in_contract``, ``track_record.case_studies[1].verifiable``); each value
is one source record (models.Source): the seller, the provider's answer (who, when, with which evidence and its date,
whether the seller verified it), the contract (clause, page, quote) or a registry check. A source is
about the fact, never the fact itself: the value stays where the deal format keeps it.

This module knows the deal models only through the class it is given (models.py imports it), so that
the path check here and the field registry read the same fields.
"""
from __future__ import annotations

import re
import types
import typing
from functools import lru_cache

from pydantic import BaseModel
from pydantic_core import PydanticCustomError

from ..io import wording

ORIGINS = ("seller", "provider", "contract", "registry")
# a list of records, the deal's key of its items (None: by position only)
RECORD_IDS = {"kpis": "id", "claims": None, "track_record.case_studies": None, "contract.milestones": None,
              "waivers": None}
_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]{1,64})\])?")


def split(path: str) -> list[tuple[str, str | None]] | None:
    """``kpis[K1].formula`` → [("kpis", "K1"), ("formula", None)]; None when it is not a field path."""
    out = []
    for part in path.split("."):
        m = _PART.fullmatch(part)
        if not m:
            return None
        out.append((m[1], m[2]))
    return out


def generic(path: str) -> str | None:
    """The registry's path of a concrete one (``kpis[K1].formula`` → ``kpis.formula``); None when malformed."""
    parts = split(path)
    return None if parts is None else ".".join(name for name, _ in parts)


def _unwrap(annotation):
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


@lru_cache(maxsize=4)
def leaf_paths(model: type) -> dict[str, str]:
    """{generic path: the list of records it lies in ("" none)} of every leaf field of ``model``."""
    out: dict[str, str] = {}
    stack = [(model, "", "")]
    while stack:
        cls, prefix, record = stack.pop()
        for key, f in cls.model_fields.items():
            path = prefix + (f.alias or key)
            core = _unwrap(f.annotation)
            item = _unwrap(typing.get_args(core)[0]) if typing.get_origin(core) is list else None
            if isinstance(core, type) and issubclass(core, BaseModel):
                stack.append((core, path + ".", record))
            elif isinstance(item, type) and issubclass(item, BaseModel):
                stack.append((item, path + ".", path))
            elif typing.get_origin(core) is not dict:
                out[path] = record
    return out


def _items(data: dict, record: str):
    cur = data
    for part in record.split("."):
        cur = cur.get(part) if isinstance(cur, dict) else getattr(cur, part, None)
    return cur if isinstance(cur, list) else []


def locate(path: str, model: type, data: dict) -> tuple[str | None, str]:
    """(the problem with ``path`` as a key of ``sources`` for a deal of ``data``, or None; its generic path)."""
    parts = split(path)
    if parts is None:
        return "malformed", ""
    known = leaf_paths(model)
    gen = ".".join(name for name, _ in parts)
    if gen not in known or gen.startswith("sources"):
        return "unknown", gen
    prefix = ""
    for name, index in parts:
        prefix = f"{prefix}.{name}" if prefix else name
        if index is None:
            if prefix in RECORD_IDS and prefix != gen:
                return "no_item", gen
            continue
        if prefix not in RECORD_IDS:
            return "malformed", gen
        items = _items(data, prefix)
        if index.isdigit():
            if int(index) >= len(items):
                return "no_item", gen
        elif RECORD_IDS[prefix] is None or not any(_id(i, RECORD_IDS[prefix]) == index for i in items):
            return "no_item", gen
    return None, gen


def _id(item, key: str) -> str | None:
    value = item.get(key) if isinstance(item, dict) else getattr(item, key, None)
    return None if value is None else str(value)


def check_keys(sources: dict, model: type, data: dict) -> dict:
    """The ``sources`` mapping, or PydanticCustomError naming the first key that is not a field of the deal."""
    for key in sources:
        problem, gen = locate(str(key), model, data)
        if problem:
            # the message is the table's (problem.source_path_<why>): the loader writes it in the run's language
            raise PydanticCustomError("source_path", wording.get(f"problem.source_path_{problem}", "en"),
                                      {"key": str(key), "why": problem, "generic": gen})
    return sources


# ---------------------------------------------------------------- paths in a deal's data

class NoItem(LookupError):
    """A path names a list item the deal does not have."""


def _item(items, index: str, record: str):
    if not isinstance(items, list):
        raise NoItem(record)
    if index.isdigit():
        i = int(index)
        if i >= len(items):
            raise NoItem(record)
        return i
    key = RECORD_IDS.get(record)
    for i, item in enumerate(items):
        if key and isinstance(item, dict) and str(item.get(key)) == index:
            return i
    raise NoItem(record)


def resolve(data: dict, path: str, create: bool = False):
    """(the mapping that holds the field at ``path``, its key, the path with list positions) —
    ``kpis[K1].target`` → (the KPI's mapping, "target", "kpis[0].target"). NoItem for a list item
    the deal does not have; with ``create``, missing sections are made."""
    parts = split(path) or []
    cur, shown, record = data, "", ""
    for n, (name, index) in enumerate(parts):
        record = f"{record}.{name}" if record else name
        shown = f"{shown}.{name}" if shown else name
        last = n == len(parts) - 1
        if last and index is None:
            return cur, name, shown
        nxt = cur.get(name)
        if index is not None:
            i = _item(nxt, index, record)
            shown += f"[{i}]"
            nxt = nxt[i]
        elif not isinstance(nxt, dict):
            if not create:
                return None, name, shown
            nxt = cur[name] = {}
        if not isinstance(nxt, dict):
            raise NoItem(record)
        cur = nxt
    raise NoItem(path)


def current(data: dict, path: str):
    try:
        holder, key, _ = resolve(data, path)
    except NoItem:
        return None
    return holder.get(key) if isinstance(holder, dict) else None


__all__ = ["NoItem", "resolve", "current", "ORIGINS", "split", "generic", "leaf_paths", "locate", "check_keys", "RECORD_IDS"]
