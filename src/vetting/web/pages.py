"""The web pages' Jinja environment (src/vetting/web/templates, autoescaped: every deal text is
escaped) and their words: the text layer's ``Texts`` of ``report_templates/web.<lang>.yaml``
(and of the report's ``strings`` table, for the names a report gives verdicts and severities),
plain, since the environment escapes what a page shows."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from ..text.tables import LANGS, Texts, every_language  # noqa: F401 (the pages' languages, named here too)

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=8)
def words(lang: str, stem: str = "web") -> Texts:
    """The texts of one language, ``t("a.b", **values)`` (shared by every page: never given names)."""
    return Texts(lang, html=False, stem=stem)


def both(key: str) -> str:
    """A page text in every language, a line each (a refusal comes before the page's language is known)."""
    return every_language("web", key)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: f"{v * 100:.0f}%"
    env.filters["fid"] = lambda path: "f-" + "".join(c if c.isalnum() or c == "_" else "-" for c in path)
    return env
