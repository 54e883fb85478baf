"""Rendering an Assessment (and rule pages) through Jinja2 templates in report_templates/.

The renderer computes nothing that scoring did not already decide; deal text is
data, never a template.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from .assessment import Assessment


def templates_dir() -> Path:
    bundled = resources.files("vetting") / "report_templates"
    if bundled.is_dir():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[2] / "report_templates"


@lru_cache(maxsize=2)
def environment(autoescape: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(assessment: Assessment, fmt: str) -> str:
    """The assessment as 'json', 'md' or 'html'."""
    if fmt == "json":
        return assessment.to_json()
    env = environment(fmt == "html")
    return env.get_template(f"checklist.{fmt}.j2").render(a=assessment)


def render_rule_page(loaded_rule, lang: str) -> str:
    return environment(False).get_template("rule.md.j2").render(r=loaded_rule.rule, t=loaded_rule.rule.text(lang), lang=lang)
