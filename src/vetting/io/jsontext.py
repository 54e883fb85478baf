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
import re
import dataclasses

import orjson

from .visible import HIDDEN

# where orjson's text of a number can differ from Python's: an exponent (Python writes 1e-05 and 1e+16,
# orjson 1e-5 and 1e16) or a figure below 1e-4 written out (0.00005, which Python writes 5e-05). Found
# anywhere first (one fast scan), then kept only where it is in a number (``_in_number``).
_CANDIDATE = re.compile(rb"[0-9][eE]|0\.0000")


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
        """``dumps(self.to_dict(), ensure_ascii=False, indent=2)`` and a newline, byte for byte; written by
        orjson when its text is certainly that one (Python's indented JSON is pure Python: ten times slower),
        escaped as :func:`dumps` escapes."""
        fast = _orjson_text(self)
        if fast is not None:
            return fast
        return dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _orjson_text(doc: Document) -> str | None:
    """The document as ``Document.to_json`` writes it, by orjson (it writes dataclasses in field order and
    Infinity and NaN as null, as ``finite`` does), or None where orjson's text could differ from Python's:
    what orjson refuses (integers beyond 64 bits, keys that are not strings, a lone surrogate, a
    named tuple) and numbers it writes another way (``_CANDIDATE``, ``_in_number``)."""
    names = [f.name for f in dataclasses.fields(doc)]
    ordered = {"format": doc.format, **{n: getattr(doc, n) for n in names if n != "format"}}
    try:
        text = orjson.dumps(ordered, option=orjson.OPT_INDENT_2)
    except TypeError:  # orjson.JSONEncodeError
        return None
    if any(_in_number(text, m.start()) for m in _CANDIDATE.finditer(text)):
        return None
    return escape(text.decode()) + "\n"


def _in_number(text: bytes, at: int) -> bool:
    """Whether position ``at`` of orjson's indented text may be inside a number: its run of digits, dots
    and minus signs starts a line (a list's item) or follows '": ' (a key's value). Inside a string a
    line never starts (newlines are escaped) and '": ' is '\\": ', so a string only ever costs the slower
    path, never a different byte."""
    start = at
    while start and text[start - 1] in b"0123456789.-":
        start -= 1
    blank = start
    while blank and text[blank - 1] == 32:  # spaces
        blank -= 1
    if start == 0:  # the whole text is a number
        return True
    return blank < start and (blank == 0 or text[blank - 1] == 10 or text[blank - 2:blank] == b'":')
