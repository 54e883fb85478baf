"""The deal format as a JSON Schema that helps in an editor (what `vetting schema` prints).

Built from the pydantic models, then made useful where an editor reads it:

- every field has a ``description``, its help in the field registry (model/registry.py), which
  `vetting init` writes its comments from, so hovering a key says what it means;
- an enum's description lists its values, with their Chinese names from the registry (the names the
  deal files accept) in the Chinese schema;
- an optional field is one schema with ``null`` among its types (``"type": ["boolean", "null"]``,
  ``"type": ["object", "null"]``) instead of "any of: X, or null", so that a validator reports a bad
  value at the field itself (``contract.stop_loss.present: 'maybe' is not of type 'boolean', 'null'``)
  rather than "not valid under any of the given schemas" at its section.
"""
from __future__ import annotations

import copy

from ..model import registry
from ..model.models import Deal
from ..text.tables import Texts

SCHEMA_ID = "https://json-schema.org/draft/2020-12/schema"
_NULLABLE: list[set] = []  # the definitions reached as optional sections, during one deal_schema call


def _nullable(node: dict, nullable_defs: set | None = None) -> dict:
    """``anyOf: [X, {type: null}]`` as X with ``null`` among its types (X inlined when it is a $ref)."""
    options = node.get("anyOf")
    if not options or len(options) != 2 or {"type": "null"} not in options:
        return node
    (inner,) = [o for o in options if o != {"type": "null"}]
    out = {k: v for k, v in node.items() if k != "anyOf"}
    if "$ref" in inner:
        out["$ref"] = inner["$ref"]  # the definition itself then accepts null (deal_schema)
        if nullable_defs is not None:
            nullable_defs.add(inner["$ref"].rsplit("/", 1)[-1])
        return out
    if not isinstance(inner.get("type"), str):
        return node
    out.update(inner)
    out["type"] = [inner["type"], "null"]
    if "enum" in inner:
        out["enum"] = [*inner["enum"], None]
    return out


def _values_text(path: str, values, lang: str) -> str:
    """The allowed values as the registry names them: with their Chinese names in the Chinese schema
    (``format.named_value`` of the language's string table shows a value's name or not)."""
    t = Texts(lang, html=False)
    field = registry.registry().get(path)
    names = {c.value: c.zh for c in field.choices if c.aliases} if field is not None else {}
    shown = [t("format.named_value", value=v, name=names[v]) if v in names else str(v) for v in values]
    return t("init.schema_values", values=t("doc.list_comma").join(shown))


def _describe(node: dict, path: str, notes: dict[str, str], lang: str, defs: dict, seen: set) -> None:
    note = notes.get(path)
    items = node.get("items") if isinstance(node.get("items"), dict) else None
    enum = node.get("enum") or (items or {}).get("enum")
    if note is not None:
        values = [v for v in enum or () if v is not None]
        node["description"] = note + _values_text(path, values, lang) if values else note
    ref = node.get("$ref") or (items or {}).get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name not in seen:
            seen.add(name)
            _walk(defs[name], path + ".", notes, lang, defs, seen)


def _walk(model: dict, prefix: str, notes, lang, defs, seen) -> None:
    props = model.get("properties") or {}
    for key in list(props):
        props[key] = _nullable(props[key], _NULLABLE[-1])
        if isinstance(props[key].get("items"), dict):
            props[key]["items"] = _nullable(props[key]["items"])
        _describe(props[key], prefix + key, notes, lang, defs, seen)


def deal_schema(lang: str = "en") -> dict:
    """The JSON Schema (Draft 2020-12) of a deal file, described in ``lang``."""

    doc = copy.deepcopy(Deal.model_json_schema(by_alias=True))
    doc["$schema"] = SCHEMA_ID
    doc["title"] = "vetting deal file (vetting/deal@1)"
    defs = doc.get("$defs", {})
    _NULLABLE.append(set())
    try:
        _walk(doc, "", registry.notes(lang), lang, defs, set())
        nullable = _NULLABLE[-1]
    finally:
        _NULLABLE.pop()
    for name in nullable:  # a section that may be left empty (unknown)
        if defs[name].get("type") == "object":
            defs[name]["type"] = ["object", "null"]
    return doc


__all__ = ["deal_schema"]
