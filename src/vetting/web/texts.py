"""The web pages' words (report_templates/web.<lang>.yaml) and their Jinja environment
(src/vetting/web/templates, autoescaped: every deal text is escaped)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from ..outputs.report import templates_dir
from ..io.yamlsafe import load_yaml_text

LANGS = ("en", "zh")
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
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    path = templates_dir() / f"web.{lang}.yaml"
    return Table(load_yaml_text(path.read_text(encoding="utf-8"), str(path)))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: f"{v * 100:.0f}%"
    env.filters["fid"] = lambda path: "f-" + "".join(c if c.isalnum() or c == "_" else "-" for c in path)
    return env
