"""The string tables of the lifecycle commands (remind, diff, track):
``report_templates/strings_lifecycle.<lang>.yaml``; both languages hold the same keys (a test checks it)."""
from __future__ import annotations

from functools import lru_cache

from .rulepack import LANGS


@lru_cache(maxsize=4)
def table(lang: str) -> dict:
    from .report import _table

    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    return _table(f"strings_lifecycle.{lang}.yaml")


def text(lang: str, key: str, **values) -> str:
    from .report import lookup

    value = lookup(table(lang), key)
    return value.format(**values) if values else value


def figure(x: float) -> str:
    """A target or an actual as people write it: 1,000,000; 12.5; −3."""
    text = f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")
    return text.replace("-", "\u2212")


class LifeTexts:
    """Looks up the lifecycle table like report.Texts does the main one (values escaped in HTML)."""

    def __init__(self, lang: str, html: bool):
        self.lang, self.html, self.table = lang, html, table(lang)

    def __call__(self, name: str, /, **values) -> str:
        from markupsafe import Markup, escape

        from .report import MdText, lookup, md_escape

        value = lookup(self.table, name)
        if self.html:
            return Markup(escape(value)).format(**values) if values else Markup(escape(value))
        # Markdown: the table's text is ours (kept as it is), the values filled in are escaped
        return MdText(value.format(**{k: md_escape(v) for k, v in values.items()}) if values else value)
