"""What the server does with a deal's answers, run on the engine worker: validate, assess, and the
panel beside the form (verdict, score, fixes, what to find out next, findings, the letter)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup

from ..workflows.assess import assess
from ..decide.assessment import Assessment, Finding
from ..io.errors import InputError, in_lang
from ..io.visible import visible
from ..model.loading import LoadedDeal, validate
from ..outputs.report import render
from ..text import messages
from . import fieldinfo, pages


@dataclass(frozen=True)
class Settings:
    """What ``vetting serve`` was started with that every assessment uses (as ``vetting assess`` does)."""

    rules: tuple[str, ...] = ()
    today: dt.date | None = None
    rates: str | None = None


@dataclass
class Outcome:
    assessment: Assessment | None = None
    loaded: LoadedDeal | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field path, message in the page's language)


def problem_lines(error: InputError, lang: str) -> list[tuple[str, str]]:
    return [(p.path, in_lang(p.message, lang) + (messages.hint(p.suggestion, lang) if p.suggestion else ""))
            for p in error.problems]


def evaluate(data: dict, source: str, lang: str, settings: Settings) -> Outcome:
    """The assessment of deal data, or every problem that stops it (each with its field path)."""
    try:
        loaded = validate(data, source)
        result = assess(loaded, lang=lang, rules=settings.rules, today=settings.today, rates=settings.rates)
    except InputError as e:
        return Outcome(problems=problem_lines(e, lang))
    return Outcome(result, loaded)


def verdict_label(key: str, lang: str) -> str:
    """A verdict's name in ``lang``, as the reports write it."""
    return pages.words(lang, "strings")(f"verdict.{key}")


def letter(a: Assessment) -> str:
    """The questions to send the provider, as the Markdown report writes them, ready to paste."""
    md = render(a, "md")
    heading = "## " + pages.words(a.lang, "strings")("questions.heading")
    start = md.find("\n" + heading + "\n")
    if start < 0:
        return ""
    body = md[start + len(heading) + 2:]
    end = body.find("\n## ")
    lines = [ln for ln in (body[:end] if end >= 0 else body).splitlines() if ln.startswith(">")]
    return "\n".join(ln[2:] if ln.startswith("> ") else ln[1:] for ln in lines).strip()


def panel_context(a: Assessment, lang: str) -> dict:
    """What the panel shows, picked from the assessment (nothing computed again)."""
    r = pages.words(lang, "strings")
    live = [f for f in a.findings if not f.waived]
    risks = [f for f in live if f.status == "risk"]
    unknowns = [f for f in live if f.status == "unknown"]
    nxt: Finding | None = None
    if a.ask_first:
        nxt = next((f for f in unknowns if f.rule_id == a.ask_first[0]), None)
    return {
        "a": a, "risks": risks, "unknowns": unknowns, "next": nxt,
        "verdict_label": r(f"verdict.{a.verdict}"), "level_label": r(f"level.{a.level}"),
        "verdict_of": lambda key: r(f"verdict.{key}"),
        "severity_of": lambda key: r(f"severity.{key}"),
        "field_label": lambda path: fieldinfo.label(_pattern(path), lang), "t": pages.words(lang),
        "finding_html": lambda f: finding_html(lang, *(getattr(f, k) for k in _SHOWN)),
    }


# What the panel shows of a finding: a finding that did not change since the last answer is not
# rendered again (most of them, when one answer changes).
_SHOWN = ("rule_id", "status", "severity", "title", "subject_name", "points", "because", "why", "ask", "evidence",
          "fix", "check")


@lru_cache(maxsize=4096)
def finding_html(lang: str, *shown) -> Markup:
    """One finding's ``<details>`` (templates/_finding.html.j2), kept by what it shows."""
    r = pages.words(lang, "strings")
    return Markup(pages.environment().get_template("_finding.html.j2").render(
        f=dict(zip(_SHOWN, shown)), t=pages.words(lang), severity_of=lambda key: r(f"severity.{key}")))


def _pattern(path: str) -> str:
    """A finding's fact path (``kpis[sales].formula``) as a field pattern (``kpis[].formula``)."""
    return re.sub(r"\[[^\]]*\]", "[]", path)


def panel(a: Assessment, lang: str, slot: str) -> str:
    """The panel's HTML (the letter is fetched when its section is opened: it costs a Markdown report)."""
    html = pages.environment().get_template("panel.html.j2").render(**panel_context(a, lang), lang=lang, slot=slot)
    return visible(html)  # no control character or bidi override from the deal (vetting.io.visible)
