"""The web pages' words (report_templates/web.<lang>.yaml) and their Jinja environment
(src/vetting/web/templates, autoescaped: every deal text is escaped)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from ..io.tables import LANGS, lang_table

HERE = Path(__file__).resolve().parent


class Table(dict):
    """A nested string table; ``t("a.b", **values)`` is one entry, filled in."""

    def __call__(self, key: str, **values) -> str:
        node = self
        for part in key.split("."):
            node = node[part]
        return str(node).format(**values) if values else str(node)


@lru_cache(maxsize=2)
def table(lang: str) -> Table:
    return Table(lang_table("web", lang))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: f"{v * 100:.0f}%"
    env.filters["fid"] = lambda path: "f-" + "".join(c if c.isalnum() or c == "_" else "-" for c in path)
    return env
