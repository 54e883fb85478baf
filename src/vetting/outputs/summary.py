"""What a person reads first, made from an Assessment: the terminal summary (`vetting assess` on a
terminal) and the one-page summary to forward (`vetting assess --summary`, md/html; pdf prints the
html). Blockers and fixes are named by their titles, never by bare rule ids.

The words come from ``report_templates/strings_summary.<lang>.yaml`` (through ``Texts``) and the checklist's own table
(verdict, level, cancel-by sentences), so the summary says exactly what page one of the checklist says.
The terminal summary is a list of :class:`Line` with a tone; the CLI decides whether to colour it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..decide.assessment import Assessment
from ..io.visible import visible
from ..text.tables import Texts, filled
from .report import blocker_titles, drop, environment, num, share

MAX_BLOCKERS = 6  # a terminal summary stays within 60 lines whatever the deal holds
MAX_FIXES = 5
MAX_ASKS = 5

VERDICT_TONE = {"proceed": "good", "negotiate": "warn", "do_not_sign": "bad", "insufficient_information": "warn"}
LEVEL_TONE = {"low": "good", "medium": "plain", "high": "warn", "critical": "bad"}


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the terminal summary; ``tone`` is title | good | warn | bad | plain | dim."""

    text: str
    tone: str = "plain"


def text(lang: str, key: str, **values) -> str:
    return filled("strings_summary", lang, key, **values)


def ask_first(a: Assessment) -> list:
    """The findings of the questions to ask first (the first of each rule)."""
    first = {}
    for f in a.findings:
        if f.rule_id in a.ask_first and f.status == "unknown" and f.rule_id not in first:
            first[f.rule_id] = f
    return [first[rid] for rid in a.ask_first if rid in first]


def cancel_sentence(a: Assessment, tr) -> str | None:
    """The checklist's sentence about the cancel-by date (None when the deal does not renew)."""
    cb = a.cancel_by
    if cb is None:
        return None
    key = "renewed" if cb.status == "passed" and cb.term_end <= a.report_date else cb.status
    return tr(f"cancel.{key}", date=tr.date(cb.date), term_end=tr.date(cb.term_end), notice_days=tr.days(cb.notice_days),
              days_left=tr.days(cb.days_left), days_ago=tr.days(abs(cb.days_left)))


def _one_line(value) -> str:
    """Text on one line: line breaks folded into spaces. Other control characters (a carriage return,
    an escape) stay, for the CLI to show them escaped rather than obey them."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", str(value)).strip(" \t")


def _effect(a: Assessment, fix, tr) -> str:
    return tr("top.effect", score=num(a.score), after=num(fix.score_after), drop=drop(a.score - fix.score_after),
              share=share(fix.share), level=tr(f"level.{fix.level_after}"), verdict=tr(f"verdict.{fix.verdict_after}"))


def _capped(items: list, cap: int, lang: str, render) -> list[Line]:
    out = [render(i, item) for i, item in enumerate(items[:cap], 1)]
    if len(items) > cap:
        out.append(Line("   " + text(lang, "terminal.more", n=len(items) - cap), "dim"))
    return out


def terminal_lines(a: Assessment, commands: list[str], lang: str | None = None) -> list[Line]:
    """The terminal summary: the deal, verdict, score and level, the blockers and first fixes by title,
    the cancel-by date and the commands that write the full report (``commands``, shown as given)."""

    lang = lang or a.lang
    tr = Texts(lang, html=False)
    sep = tr("doc.colon")
    none = tr("header.none")
    out = [Line(_one_line(f"{tr('doc.title')}{sep}{a.deal.title or a.deal_id}"), "title"),
           Line(_one_line(text(lang, "terminal.parties", provider=a.provider or none, seller=a.deal.seller or none)), "dim"),
           Line(""),
           Line(f"{tr('summary.verdict')}{sep}{tr('verdict.' + a.verdict)}", VERDICT_TONE[a.verdict]),
           Line(tr("verdict_text." + a.verdict)),
           Line(f"{tr('summary.score')}{sep}{tr('summary.score_value', score=num(a.score), level=tr('level.' + a.level))}",
                LEVEL_TONE[a.level])]
    if a.exposure:
        out.append(Line(f"{tr('summary.exposure')}{sep}" + tr("summary.exposure_value", score=num(a.score),
                                                                   worst=num(a.score + a.exposure), exposure=num(a.exposure))))
    out.append(Line(f"{tr('summary.completeness')}{sep}{tr('summary.completeness_value', pct=tr.pct(a.completeness))}"))
    blockers = blocker_titles(a)
    if blockers:
        out += [Line(""), Line(text(lang, "terminal.blockers"), "bad")]
        out += _capped(blockers, MAX_BLOCKERS, lang, lambda i, b: Line(f"  ✖ {_one_line(b[1])}{tr('doc.aside', text=b[0])}", "bad"))
    walk = walk_away_blockers(a)
    if walk:
        out += [Line(""), Line(text(lang, "one_page.walk_away"), "bad")]
    if a.fix_first:
        out += [Line(""), Line(text(lang, "terminal.fixes"), "title")]
        out += _capped(a.fix_first, MAX_FIXES, lang, lambda i, r: Line(
            f"  {i}. {_one_line(r.title)}{tr('doc.aside', text=tr('doc.id_sep').join(r.rule_ids))}{sep}{_effect(a, r, tr)}"))
    if a.verdict == "insufficient_information" and a.ask_first:
        out += [Line(""), Line(text(lang, "terminal.asks"), "title")]
        out += _capped(ask_first(a), MAX_ASKS, lang, lambda i, f: Line(f"  {i}. {_one_line(f.title)}{tr('doc.aside', text=f.rule_id)}"))
    cancel = cancel_sentence(a, tr)
    if cancel:
        out += [Line(""), Line(f"{tr('cancel.heading')}{sep}{cancel}", "warn" if a.cancel_by.status != "ok" else "plain")]
    if commands:
        out += [Line(""), Line(text(lang, "terminal.full_report"), "dim")]
        out += [Line(f"  {c}", "dim") for c in commands[:1]]
        if len(commands) > 1:
            out += [Line(text(lang, "terminal.forward"), "dim")] + [Line(f"  {c}", "dim") for c in commands[1:]]
    return out


def walk_away_blockers(a: Assessment) -> list[str]:
    """The ids of the blockers no clause fixes (a rule's walk_away: black-hat offers, a personal account),
    when they are why no fix is listed: the summary says so instead of an empty fix list."""
    if a.fix_first:
        return []
    return list(dict.fromkeys(f.rule_id for f in a.findings if f.walk_away and f.status == "risk"
                              and not f.waived and f.severity == "blocker"))


def render_summary(a: Assessment, fmt: str, lang: str | None = None, commands: list[str] | None = None) -> str:
    """The one-page summary to forward, as 'md' or 'html' (pdf: print the html)."""

    if fmt not in ("md", "html"):
        raise ValueError("format must be md or html")
    lang = lang or a.lang
    html = fmt == "html"
    tr = Texts(lang, html, markdown=not html)
    st = summary_texts(lang, html)
    return visible(environment(html).get_template(f"summary.{fmt}.j2").render(
        a=a, tr=tr, fmt=tr, st=st, lang=lang, blockers=blocker_titles(a), asks=ask_first(a),
        walk=walk_away_blockers(a),
        cancel=cancel_sentence(a, tr), commands=commands or [],
        caps={"blockers": MAX_BLOCKERS, "fixes": MAX_FIXES, "asks": MAX_ASKS}))


def summary_texts(lang: str, html: bool) -> Texts:
    """This module's table (strings_summary), escaping what it fills in the way the checklist's Texts does."""
    return Texts(lang, html, markdown=not html, stem="strings_summary")
