"""Which encoding a text file is in, decided from its bytes.

- A byte-order mark: UTF-8, UTF-16 LE or BE.
- UTF-16 without a mark: text with ASCII structure (keys, commas, line breaks) has a NUL in every
  other byte; the side the NULs are on gives the byte order.
- Else UTF-8 when the bytes decode as UTF-8, except that short GBK text can be valid UTF-8 too
  ("伟业" is CE B0 D2 B5, which reads as UTF-8 "ΰҵ"). Such bytes are read as GBK (GB18030) when the
  UTF-8 reading holds no character beyond U+07FF and puts characters of different scripts next to
  each other inside one word (Greek beside Cyrillic, a Latin letter beside Cyrillic), which
  written text does not do; real UTF-8 Chinese has three-byte characters, Russian or Greek text
  stays in its one script, and "café" keeps its accents next to Latin letters.
- Else GB18030 (GBK as Excel on Chinese Windows saves CSV) where ``legacy`` allows it.
"""
from __future__ import annotations

import codecs
import re

from .errors import InputError, Problem, said

_SCRIPTS = ((0x0080, 0x024F, "latin"), (0x0250, 0x036F, "marks"), (0x0370, 0x03FF, "greek"),
            (0x0400, 0x052F, "cyrillic"), (0x0530, 0x058F, "armenian"), (0x0590, 0x05FF, "hebrew"),
            (0x0600, 0x06FF, "arabic"), (0x0700, 0x07FF, "other"))
_RUN = re.compile(r"[^\x00-\x7f]+")


def _script(ch: str) -> str:
    code = ord(ch)
    return next((name for lo, hi, name in _SCRIPTS if lo <= code <= hi), "wide")


def utf16_order(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text without a byte-order mark, else None."""
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0), odd.count(0)
    half = len(sample) // 2
    if nul_odd * 4 >= half and nul_even == 0:
        return "utf-16-le"
    if nul_even * 4 >= half and nul_odd == 0:
        return "utf-16-be"
    return None


def gbk_in_utf8(text: str) -> bool:
    """Whether text that decoded as UTF-8 reads like GBK bytes taken for UTF-8 (module docstring)."""
    if any(ord(ch) > 0x07FF for ch in text):
        return False
    for run in _RUN.findall(text):
        if len({_script(ch) for ch in run}) > 1 or any(_script(ch) == "marks" for ch in run):
            return True
    return False


def detect(head: bytes, *, legacy: bool = True) -> str | None:
    """The codec for a file starting with ``head``; None when it cannot be told."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    order = utf16_order(head[:65536])
    if order:
        return order
    cut = head.rfind(b"\n")
    sample = head[:cut + 1] if 0 < cut and len(head) >= 65536 else head
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if legacy and gbk_in_utf8(text) and _decodes(sample, "gb18030"):
            return "gb18030"
        return "utf-8"
    if legacy and b"\x00" not in sample and _decodes(sample, "gb18030"):
        return "gb18030"
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def decode(raw: bytes, source: str, *, legacy: bool = False) -> str:
    """The text of a whole file. ``legacy``: GBK is read too (tables Excel saved); without it (deal
    files, rule packs, rate tables: UTF-8 or UTF-16 only) GBK is refused with a line saying so,
    also when its bytes happen to be valid UTF-8."""
    codec = detect(raw, legacy=True)
    if codec is None or codec.startswith("utf-8") or codec == "gb18030":
        if b"\x00" in raw:
            raise InputError([Problem(source, "", said("binary"))])
    if codec == "gb18030" and not legacy:
        raise InputError([Problem(source, "", said("looks_gbk"))])
    if codec is None:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError([Problem(source, "", said("not_utf8", byte=e.start))]) from None
    try:
        text = raw.decode(codec or "utf-8")
    except UnicodeDecodeError as e:  # broken UTF-16 is neither: counted from the start, as UTF-8 would fail
        raise InputError([Problem(source, "", said("not_utf8", byte=0 if codec.startswith("utf-16") else e.start))]) from None
    if "\x00" in text:
        raise InputError([Problem(source, "", said("binary"))])
    return text.lstrip("\ufeff")
