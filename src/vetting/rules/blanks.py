"""The grammar of blanks in rule texts, ``{name|fallback}`` (docs/rule-format.md): found, filled, blanked.

A rule pack checks its texts with it when it loads (rules layer); ``vetting.text.placeholders``
fills the blanks from the deal in the report's language.
"""
from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{([a-z_]+)\|([^{}]*)\}")


def names_in(text: str) -> list[str]:
    return [m.group(1) for m in PLACEHOLDER.finditer(text or "")]


def has_placeholders(text: str | None) -> bool:
    return bool(text) and "{" in text and PLACEHOLDER.search(text) is not None


def fill(text: str, values: dict[str, str]) -> str:
    """The text with each placeholder replaced by its value, or by its fallback when unknown."""
    if not text or "{" not in text:
        return text
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or m.group(2), text)


def blank(text: str) -> str:
    """The text as a reader with no deal sees it: every placeholder by its fallback."""
    return fill(text, {})
