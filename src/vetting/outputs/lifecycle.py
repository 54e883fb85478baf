"""The lifecycle reports (``vetting diff``, ``vetting track``) as Markdown or HTML, through the checklist's
Jinja environment: ``tr``/``fmt`` look up the main string table, ``lt`` the lifecycle one
(``vetting.text.lifecycle_text``), both escaping what they fill in the way the checklist does."""
from __future__ import annotations

from ..io.visible import visible
from ..text.lifecycle_text import LifeTexts
from ..text.tables import Texts
from .report import environment


def render(template: str, lang: str, fmt: str, **context) -> str:
    """A lifecycle report (``diff`` or ``tracking``) as md or html."""
    html = fmt == "html"
    tr = Texts(lang, html, markdown=not html)
    return visible(environment(html).get_template(f"{template}.{fmt}.j2").render(
        tr=tr, fmt=tr, lt=LifeTexts(lang, html), lang=lang, **context))  # no control character from the deal
