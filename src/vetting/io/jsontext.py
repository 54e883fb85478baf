"""Strict JSON out: no bare ``Infinity`` or ``NaN``, which JSON does not have.

Python's json module writes them by default, and a strict parser (JavaScript's
JSON.parse, jq, Go, most databases) then refuses the whole document. A figure that is
not a finite number (a cost beyond the largest float, a ratio of nothing to nothing)
is written as ``null``: "no figure", as the documentation of each format says.
"""
from __future__ import annotations

import json
import math
import dataclasses


def finite(value):
    """``value`` with every float that is not finite replaced by None (in dicts, lists, tuples)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def dumps(value, **kwargs) -> str:
    """``json.dumps`` that never writes Infinity or NaN (they become null)."""
    return json.dumps(finite(value), allow_nan=False, **kwargs)


class Document:
    """A dataclass that is a JSON document of its own (vetting/assessment, diff, tracking): its
    ``format`` field first, then the rest; canonical text: same input, same bytes."""

    __slots__ = ()

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        return {"format": data.pop("format"), **data}

    def to_json(self) -> str:
        return dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
