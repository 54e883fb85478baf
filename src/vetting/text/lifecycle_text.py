"""The string tables of the lifecycle commands (remind, diff, track):
``report_templates/strings_lifecycle.<lang>.yaml``; both languages hold the same keys (a test checks it)."""
from __future__ import annotations

from .tables import Texts, filled, lang_table


def table(lang: str) -> dict:
    return lang_table("strings_lifecycle", lang)


def text(lang: str, key: str, **values) -> str:
    return filled("strings_lifecycle", lang, key, **values)


def figure(x: float) -> str:
    """A target or an actual as people write it: 1,000,000; 12.5; −3."""
    text = f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")
    return text.replace("-", "\u2212")


class LifeTexts(Texts):
    """Texts over the lifecycle table (values escaped in HTML and Markdown alike)."""

    def __init__(self, lang: str, html: bool):
        super().__init__(lang, html, markdown=not html, stem="strings_lifecycle")
