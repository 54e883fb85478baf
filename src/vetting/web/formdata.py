"""Form answers to deal data and back. Every input's ``name`` is the field's path in the deal
(``contract.stop_loss.present``, ``kpis[0].target``), so the two map one to one.

What the form cannot say in the deal's terms (a records list said to be empty and listed at the
same time, an unknown name) becomes a problem next to the field, never a silent drop.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..workflows.merging import current
from . import fieldinfo

NONE = "[]"  # the value of the "there are none" box of a list: a known empty list, not an unknown one
_INDEX = re.compile(r"\[(\d{1,4})\]")
_SPLIT = re.compile(r"[,，、;；\n]+")


@dataclass
class Answers:
    """The deal data the form says, and the problems of what it could not read (path, message key)."""

    data: dict
    problems: list[tuple[str, str]] = field(default_factory=list)


@lru_cache(maxsize=8192)
def pattern_of(path: str) -> str:
    """``kpis[0].target`` -> ``kpis[].target``."""
    return _INDEX.sub("[]", path)


def _number(text: str, kind: str):
    try:
        if kind == "int" and re.fullmatch(r"[-+]?\d{1,15}", text):
            return int(text)
        if re.fullmatch(r"[-+]?(\d{1,15}(\.\d*)?|\.\d+)", text):
            value = float(text)
            if math.isfinite(value):
                return int(value) if kind == "int" and value.is_integer() else value
    except ValueError:
        pass
    return text  # validation names the field and what was expected


def convert(spec: fieldinfo.FieldSpec, values: list[str]):
    """One field's answer from its submitted values; None when unanswered (unknown)."""
    values = [v.strip() for v in values]
    if spec.kind == "enums":
        chosen = [v for v in values if v and v != NONE]
        return chosen if chosen else ([] if NONE in values else None)
    text = next((v for v in reversed(values) if v), "")
    if not text:
        return None
    if spec.kind == "bool":
        return {"true": True, "false": False}.get(text, text)
    if spec.kind in ("int", "number"):
        return _number(text.replace("\u00a0", "").replace(" ", ""), spec.kind)
    if spec.kind in ("tags", "codes"):
        items = [t.strip() for t in _SPLIT.split(text) if t.strip()]
        return [t.upper() for t in items] if spec.kind == "codes" else items
    if spec.kind == "code":
        return text.upper()
    return text


def _put(data: dict, parts: list, value) -> None:
    node = data
    for i, part in enumerate(parts[:-1]):
        nxt = parts[i + 1]
        if isinstance(part, int):
            while len(node) <= part:
                node.append({})
            node = node[part]
        else:
            node = node.setdefault(part, [] if isinstance(nxt, int) else {})
    node[parts[-1]] = value


@lru_cache(maxsize=8192)
def _split_path(path: str) -> tuple:
    """``kpis[0].target`` -> ("kpis", 0, "target") (kept: a page sends the same names on every answer)."""
    return tuple(_parts_of(path))


def _parts(path: str) -> list:
    return list(_split_path(path))


def _parts_of(path: str) -> list:
    out: list = []
    for piece in path.split("."):
        m = re.fullmatch(r"([A-Za-z_]+)((?:\[\d{1,4}\])*)", piece)
        if not m:
            raise ValueError(path)
        out.append(m.group(1))
        out.extend(int(i) for i in _INDEX.findall(m.group(2)))
    return out


def read(pairs: list[tuple[str, str]]) -> Answers:
    """The deal data of submitted (name, value) pairs, in the form's order."""
    specs = fieldinfo.specs()
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    answers = Answers({})
    records: dict[str, dict[int, dict]] = {}  # list path -> index -> record's own answers
    flags: dict[str, bool] = {}
    for name, values in grouped.items():
        if name in ("csrf", "lang"):
            continue
        spec = specs.get(pattern_of(name))
        if spec is None:
            answers.problems.append((name, "unknown_field"))
            continue
        if spec.kind == "records":
            flags[name] = NONE in [v.strip() for v in values]
            continue
        value = convert(spec, values)
        if value is None:
            continue
        try:
            parts = _parts(name)
        except ValueError:
            answers.problems.append((name, "unknown_field"))
            continue
        _put(answers.data, parts, value)
    _compact(answers.data, "")
    answers.data.setdefault("provider", {})  # required: a missing name is reported at provider.name, beside its input
    for name, none in flags.items():
        parts = _parts(name)
        present = _get(answers.data, parts)
        if none and present:
            answers.problems.append((name, "none_and_listed"))
        elif none:
            _put(answers.data, parts, [])
    return answers


def _get(data, parts):
    node = data
    for part in parts:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _compact(node, path: str) -> None:
    """Records removed in the page leave gaps in their numbers: the list keeps its order without them."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, list) and value and isinstance(value[0], dict | type(None)):
                node[key] = [v for v in value if v]
            _compact(node[key], key)
    elif isinstance(node, list):
        for item in node:
            _compact(item, path)


def flatten(data: dict) -> tuple[dict[str, object], dict[str, int]]:
    """The form's values of deal data: {input name: value} and {records path: how many records}."""
    values: dict[str, object] = {}
    counts: dict[str, int] = {}
    specs = fieldinfo.specs()

    def walk(node, prefix: str, pattern: str) -> None:
        for key, value in node.items():
            path, pat = (f"{prefix}.{key}", f"{pattern}.{key}") if prefix else (key, key)
            spec = specs.get(pat)
            if spec is None and isinstance(value, dict):
                walk(value, path, pat)
            elif spec is not None and spec.kind == "records" and isinstance(value, list):
                counts[path] = len(value)
                if not value:
                    values[path] = NONE
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        walk(item, f"{path}[{i}]", f"{pat}[]")
            else:
                values[path] = value
    walk(data, "", "")
    return values, counts


def shown(value, spec: fieldinfo.FieldSpec) -> str:
    """A value as the text input shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def keep_sources(old: dict, new: dict) -> None:
    """The form has no inputs for where facts came from (the deal's ``sources``): ``new`` keeps the source
    of every fact whose value the answers left as it was; a fact the seller changed is the seller's now."""
    sources = old.get("sources")
    if not isinstance(sources, dict) or not sources:
        return
    kept = {path: src for path, src in sources.items() if current(new, path) is not None
            and current(new, path) == current(old, path)}
    if kept:
        new["sources"] = kept
