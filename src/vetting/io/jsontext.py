"""Strict JSON out: no bare ``Infinity`` or ``NaN``, which JSON does not have, and no character a reader
must never receive raw.

Python's json module writes them by default, and a strict parser (JavaScript's
JSON.parse, jq, Go, most databases) then refuses the whole document. A figure that is
not a finite number (a cost beyond the largest float, a ratio of nothing to nothing)
is written as ``null``: "no figure", as the documentation of each format says.

With ``ensure_ascii=False`` json escapes the C0 controls but writes DEL, the C1 controls (0x9B is a
terminal's CSI) and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) raw, so
``cat report.json`` or a viewer would obey them. :func:`escape` writes each as ``\\uXXXX``: the same JSON
value (lossless: a reader gets the character back), nothing a terminal or viewer acts on. Every JSON
vetting writes goes through :func:`dumps` (the assessment, diff, tracking, comparison, batch results, the
scan, a JSON deal's new version).
"""
from __future__ import annotations

import json
import math
import dataclasses

from .visible import HIDDEN


def finite(value):
    """``value`` with every float that is not finite replaced by None (in dicts, lists, tuples)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def escape(text: str) -> str:
    """JSON text with every control and bidi character that json left raw written as ``\\uXXXX`` (they
    can only stand inside a string there, where the escape is the same character)."""
    return HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(value, **kwargs) -> str:
    """``json.dumps`` that never writes Infinity or NaN (they become null), nor a raw C1 control or bidi
    override (:func:`escape`)."""
    return escape(json.dumps(finite(value), allow_nan=False, **kwargs))


class Document:
    """A dataclass that is a JSON document of its own (vetting/assessment, diff, tracking): its
    ``format`` field first, then the rest; canonical text: same input, same bytes."""

    __slots__ = ()

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        return {"format": data.pop("format"), **data}

    def to_json(self) -> str:
        return dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
