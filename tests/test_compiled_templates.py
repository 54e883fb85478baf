"""The report templates compiled ahead of time (vetting.outputs.templates) are a speed-up only: every
checklist and summary, md and html, in both languages, on every bundled fixture, renders to the same
bytes as Jinja2 compiling the templates itself; the shipped code is what Jinja2 generates from today's
templates (or, under another Jinja2 release, is not used at all); a template edited after its code was
made compiles as before."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest

from vetting.model.loading import load_deal
from vetting.outputs import compile_templates, report, summary, templates
from vetting.workflows.assess import assess

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted(ROOT.glob("fixtures/*.yaml"))
TODAY = dt.date(2026, 12, 1)


def _pages(a) -> dict:
    out = {}
    for lang in ("en", "zh"):
        for fmt in ("md", "html"):
            out[(lang, fmt)] = report.render(a, fmt, lang)
            out[(lang, fmt, "summary")] = summary.render_summary(a, fmt, lang)
    return out


@pytest.fixture
def plain(monkeypatch):
    """Render with Jinja2 compiling every template itself (no ahead-of-time code)."""
    def render_plain(a):
        monkeypatch.setattr(templates, "NAMES", {})
        report.environment.cache_clear()
        try:
            return _pages(a)
        finally:
            monkeypatch.undo()
            report.environment.cache_clear()
    return render_plain


@pytest.mark.parametrize("deal", FIXTURES, ids=lambda p: p.stem)
def test_ahead_of_time_code_renders_the_same_bytes(deal, plain):
    a = assess(load_deal(str(deal)), today=TODAY)
    report.environment.cache_clear()
    compiled = _pages(a)
    assert compiled == plain(a)


def test_the_shipped_code_is_what_jinja_makes_of_todays_templates():
    for env in (report.environment(False), report.environment(True)):
        kind = templates.kind_of(env)
        for name, kinds in templates.NAMES.items():
            if kind not in kinds:
                continue
            path = templates.HERE / f"{templates.module_name(name, kind)}.py"
            shipped = path.read_text(encoding="utf-8")
            if f"JINJA2 = {jinja2.__version__!r}" in shipped:
                assert shipped == compile_templates.generate(env, name), (
                    f"{path.name} is stale: run python -m vetting.outputs.compile_templates")
                source = env.loader.get_source(env, name)[0]
                assert templates._compiled(name, kind, templates.digest(source)) is not None
            else:  # made by another Jinja2 release: never used, the template compiles as before
                source = env.loader.get_source(env, name)[0]
                assert templates._compiled(name, kind, templates.digest(source)) is None


def test_an_edited_template_compiles_as_before():
    assert templates._compiled("checklist.md.j2", "md_final", "0" * 64) is None
    assert templates._compiled("checklist.md.j2", "html", "0" * 64) is None  # not made for that kind
    assert templates._compiled("comparison.md.j2", "md_final", "0" * 64) is None  # not compiled ahead
