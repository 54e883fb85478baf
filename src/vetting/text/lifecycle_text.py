"""The string tables of the lifecycle commands (remind, diff, track):
``report_templates/strings_lifecycle.<lang>.yaml``; both languages hold the same keys (a test checks it)."""
from __future__ import annotations

from functools import lru_cache

from ..io.visible import visible
from ..rules.rulepack import LANGS


@lru_cache(maxsize=4)
def table(lang: str) -> dict:
    from ..outputs.report import _table

    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    return _table(f"strings_lifecycle.{lang}.yaml")


def text(lang: str, key: str, **values) -> str:
    from ..outputs.report import lookup

    value = lookup(table(lang), key)
    return value.format(**values) if values else value


def figure(x: float) -> str:
    """A target or an actual as people write it: 1,000,000; 12.5; −3."""
    text = f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")
    return text.replace("-", "\u2212")


def render(template: str, lang: str, fmt: str, **context) -> str:
    """A lifecycle report (``diff`` or ``tracking``) as md or html: ``tr``/``fmt`` look up the main string
    table, ``lt`` the lifecycle one, both escaping what they fill in the way the checklist does."""
    from ..outputs.report import Texts, environment

    html = fmt == "html"
    tr = Texts(lang, html, markdown=not html)
    return visible(environment(html).get_template(f"{template}.{fmt}.j2").render(
        tr=tr, fmt=tr, lt=LifeTexts(lang, html), lang=lang, **context))  # no control character from the deal


@lru_cache(maxsize=1)
def _texts_class():
    from ..outputs.report import Texts

    class _LifeTexts(Texts):
        """report.Texts over the lifecycle table (values escaped in HTML and Markdown alike)."""

        def __init__(self, lang: str, html: bool):
            super().__init__(lang, html, markdown=not html)
            self.table = table(lang)
    return _LifeTexts


def LifeTexts(lang: str, html: bool):  # noqa: N802 - a class, built on first use (report.py is heavy)
    return _texts_class()(lang, html)
