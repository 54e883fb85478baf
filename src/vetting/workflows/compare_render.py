"""A Comparison as a terminal table, Markdown, HTML, CSV or JSON (``vetting/comparison@2``).

Every format renders from the same blocks (``sections``): titled rows of
cells, one cell per proposal, best first. A cell keeps its number, unit and
currency apart from its text, so CSV gets numeric cells and HTML right-aligned
figures; a note on a cell is the assumption behind that figure.
"""
from __future__ import annotations

from ..io import jsontext
from .compare import (Comparison, Entry, blocker_text, note_texts, num, scenario_label, strings,
                      verdict_name)
from .compare_chart import chart, style
from .compare_reason import sentence as reason
from ..decide.costs import figure_of
from ..text.costwords import describe
from ..outputs.report import environment
from ..text.tables import Texts
from ..rules.rulepack import CATEGORIES
from .compare import COMPARISON_FORMAT, FORMATS
# the plain-text forms (compare_text), named here too
from .compare_text import _cell_notes, _csv, _table, break_even_lines, ranking_lines  # noqa: F401
from ..io.spreadsheet import neutralise
from ..io.visible import visible


def _cell(text, value=None, unit=None, currency=None, note=None, heat=None, cls=None):
    return {"text": text, "value": value, "unit": unit, "currency": currency, "note": note, "heat": heat, "cls": cls}


def _money(x, currency, unit="total", note=None):
    if x is None:
        return _cell("—", unit=unit, currency=currency, note=note)
    return _cell(f"{num(x)} {currency}", x, unit, currency, note)


def _yes_no(v, s):
    return s("word_yes") if v is True else s("word_no") if v is False else s("word_unknown")


def _heat(points: float) -> int:
    for level, bound in enumerate((0.01, 5, 10, 20)):
        if points < bound:
            return level
    return 4


def _row(key, label, cells, scenario=None, sub=False):
    return {"key": key, "label": label, "cells": cells, "scenario": scenario, "sub": sub}


def _term_notes(e: Entry, lang: str) -> dict[str, list[str]]:
    """The deal's cost assumptions, by the fee-term row they are printed beside."""
    texts = note_texts(lang)
    out: dict[str, list[str]] = {}
    for n in e.cost.notes:
        out.setdefault(figure_of(n[0], e.cost.terms), []).append(describe(n, texts))
    return out


def sections(c: Comparison) -> list[dict]:
    """The comparison as titled blocks of rows, proposals best first (shared by table, md, html and csv)."""
    s = strings(c.lang)
    es = c.ranked()
    names = Texts(c.lang, html=False)  # the checklist's names of levels and categories
    months, exit_after = c.options.months, c.options.exit_after
    out = []

    overview = [
        _row("proposal", s("proposal"), [_cell(e.key) for e in es]),
        _row("rank", s("rank"), [_cell(str(e.rank), e.rank, "rank") for e in es]),
        *([_row("quoted_in", s("quoted_in"), [_cell(e.assessment.deal.currency or "—") for e in es])]
          if any(e.assessment.deal.currency != e.cost.currency for e in es) else []),
        _row("verdict", s("verdict"), [_cell(verdict_name(e.assessment.verdict, c.lang), cls=f"v-{e.assessment.verdict}")
                                       for e in es]),
        _row("score", s("score"), [_cell(num(e.assessment.score), e.assessment.score, "points") for e in es]),
        _row("level", s("level"), [_cell(_level(names, e.assessment.level), cls=f"lvl-{e.assessment.level}")
                                   for e in es]),
        _row("completeness", s("completeness"),
             [_cell(f"{num(round(e.assessment.completeness * 100))}%", round(e.assessment.completeness * 100, 1), "pct")
              for e in es]),
        _row("blockers", s("blockers"), [_cell(blocker_text(e.assessment, c.lang) or s("none"))
                                         for e in es]),
        _row("cancel_by", s("cancel_by"), [_cell(e.assessment.cancel_by.date if e.assessment.cancel_by else "—")
                                           for e in es]),
    ]
    if c.cost_ranked:
        label = (s("ranked_cost_at", months=months, scenario=scenario_label(c.rank_at, s)) if c.rank_at
                 else s("expected_cost", months=months))
        overview.append(_row("expected_cost", label, [_money(e.expected_cost, e.cost.currency) for e in es]))
    out.append({"key": "overview", "title": s("overview"), "rows": overview})

    cats = []
    for cat in CATEGORIES:
        vals = [e.assessment.categories[cat].score for e in es]
        cats.append(_row(f"category.{cat}", names(f"categories.{cat}"),
                         [_cell(num(v), v, "points", heat=_heat(v)) for v in vals]))
    out.append({"key": "categories", "title": s("categories"), "rows": cats})

    if c.labels:
        out.append({"key": "terms", "title": s("terms"), "rows": _terms(c, es, s)})
    for label in c.labels:
        out.append(_scenario_section(c, es, s, label, months, exit_after))

    if c.differences:
        st = {k: s(f"status_{k.replace('/', '')}") for k in ("risk", "unknown", "pass", "accepted", "n/a")}
        pos = {e.key: i for i, e in enumerate(c.entries)}
        rows = [_row(f"rule.{d.rule_id}", f"{d.rule_id} {d.title}",
                     [_cell(st[d.statuses[pos[e.key]]], cls=f"st-{d.statuses[pos[e.key]].replace('/', '')}")
                      for e in es]) for d in c.differences]
        out.append({"key": "differences", "title": s("differences"), "rows": rows})
    return out


def _level(names, level):
    try:
        return names(f"level.{level}")
    except KeyError:
        return level


def _terms(c: Comparison, es: list[Entry], s: Texts) -> list[dict]:
    notes = [_term_notes(e, c.lang) for e in es]

    def row(key, label, cells):
        for cell, n in zip(cells, notes):
            extra = n.get(key, [])
            if extra:
                cell["note"] = s("item_sep").join(([cell["note"]] if cell["note"] else []) + extra)
        return _row(key, label, cells)

    def commission(e):
        t = e.cost.terms
        if not t.commission_pct:
            return _cell("—", unit="pct")
        basis = s(f"basis_{t.commission_basis}", baseline=num(e.cost.curve.baseline))
        return _cell(s("commission_value", pct=num(t.commission_pct), basis=basis), t.commission_pct, "pct")

    def ad_fee(e):
        t = e.cost.terms
        if not t.ad_spend_fee_pct:
            return _cell("—", unit="pct")
        return _cell(s("ad_spend_value", pct=num(t.ad_spend_fee_pct)), t.ad_spend_fee_pct, "pct")

    def prepaid(e):
        t = e.cost.terms
        cell = _money(t.prepaid, e.cost.currency)
        if t.prepaid_months:
            cell["note"] = s("prepaid_note", months=num(t.prepaid_months), refundable=_yes_no(t.refundable, s))
        return cell

    def stop(e):
        m = e.cost.terms.stop_loss_months
        return _cell(s("no_stop_loss"), unit="months") if m is None else _cell(num(m), m, "months")

    return [
        row("fixed_fee", s("fixed_fee"), [_money(e.cost.terms.fixed_fee, e.cost.currency, "per_month") for e in es]),
        row("software", s("software"), [_money(e.cost.terms.software, e.cost.currency, "per_month") for e in es]),
        row("setup", s("setup"), [_money(e.cost.terms.setup, e.cost.currency) for e in es]),
        row("commission", s("commission_terms"), [commission(e) for e in es]),
        row("ad_spend_fee", s("ad_spend_terms"), [ad_fee(e) for e in es]),
        row("prepaid", s("prepaid"), [prepaid(e) for e in es]),
        row("forced_purchases", s("forced_purchases"), [_cell(_yes_no(e.cost.terms.forced_purchases, s)) for e in es]),
        row("lock", s("lock"), [_cell(num(e.cost.terms.lock_months), e.cost.terms.lock_months, "months") for e in es]),
        row("notice", s("notice"), [_cell(num(e.cost.terms.notice_months), e.cost.terms.notice_months, "months")
                                    for e in es]),
        row("termination_fee", s("termination_fee"),
            [_money(e.cost.terms.termination_fee, e.cost.currency) for e in es]),
        row("stop_loss", s("stop_loss"), [stop(e) for e in es]),
    ]


def _scenario_section(c, es, s, label, months, exit_after) -> dict:
    xs = [e.cost.at(label) for e in es]
    cur = [e.cost.currency for e in es]
    gmv = next((x.monthly_gmv for x in xs if x is not None), None)

    def money(attr, unit="total", note=None):
        return [_money(None if x is None else getattr(x, attr), k, unit, None if x is None or note is None else note(x, e))
                for x, k, e in zip(xs, cur, es)]

    def exit_part(attr):
        return [_money(None if x is None else getattr(x.exit, attr), k) for x, k in zip(xs, cur)]

    def commission_note(x, e):
        t = e.cost.terms
        if x.commission_base is None:
            return None
        return s("commission_on", pct=num(t.commission_pct), base=num(x.commission_base),
                                         basis=s(f"base_{t.commission_basis}"))

    def ad_note(x, e):
        if not e.cost.terms.ad_spend_fee_pct:
            return None
        return s("ad_spend_on", pct=num(e.cost.terms.ad_spend_fee_pct), base=num(x.ad_spend))

    def risk_note(x, e):
        m = e.cost.terms.stop_loss_months
        return None if m is None else s("at_risk_note", months=num(m))

    take = [_cell("—", unit="pct") if x is None or x.take_rate_pct is None else
            _cell(f"{num(x.take_rate_pct)}%", x.take_rate_pct, "pct") for x in xs]
    rows = [
        _row("monthly_gmv", s("monthly_gmv"), money("monthly_gmv", "per_month"), label),
        _row("commission", s("commission"), money("commission", "per_month", commission_note), label),
        _row("ad_spend_fee", s("ad_spend_fee"), money("ad_spend_fee", "per_month", ad_note), label),
        _row("monthly", s("monthly_cost"), money("monthly", "per_month"), label),
        _row("first_year", s("first_year", months=months), money("first_year"), label),
        _row("take_rate", s("take_rate"), take, label),
        _row("exit_cost", s("exit_cost", months=exit_after), money("exit_cost"), label),
        _row("exit.setup", s("exit_setup"), exit_part("setup"), label, True),
        _row("exit.fixed_served", s("exit_fixed_served"), exit_part("fixed_served"), label, True),
        _row("exit.fixed_owed", s("exit_fixed_owed"), exit_part("fixed_owed"), label, True),
        _row("exit.variable_served", s("exit_variable"), exit_part("variable_served"), label, True),
        _row("exit.termination_fee", s("exit_fee"), exit_part("termination_fee"), label, True),
        _row("at_risk", s("at_risk"), money("at_risk", note=risk_note), label),
    ]
    title = s("scenario_title", scenario=scenario_label(label, s), gmv=num(gmv) if c.comparable else "…")
    return {"key": f"scenario.{label}", "title": title, "rows": rows, "scenario": label}


# -- JSON ---------------------------------------------------------------------

def _cost_json(c: Comparison, e: Entry) -> dict:
    cost, t = e.cost, e.cost.terms
    texts = note_texts(c.lang)
    return {
        "currency": cost.currency if cost.currency != strings(c.lang)("currency_unknown") else None,
        "current_monthly_gmv": cost.current_gmv,
        "terms": {
            "fixed_fee_monthly": t.fixed_fee, "bundled_software_monthly": t.software, "setup_fee": t.setup,
            "commission_pct": t.commission_pct, "commission_basis": t.commission_basis,
            "ad_spend_fee_pct": t.ad_spend_fee_pct, "prepaid_months": t.prepaid_months, "prepaid": t.prepaid,
            "refundable_on_exit": t.refundable, "forced_purchases": t.forced_purchases,
            "forced_purchases_priced": False, "early_termination_fee": t.termination_fee,
            "fixed_fee_months_owed": t.lock_months, "notice_months": t.notice_months,
            "stop_loss_after_months": t.stop_loss_months,
        },
        "monthly_cost_curve": {"fixed": round(cost.curve.fixed, 2), "share_of_gmv": round(cost.curve.rate, 6),
                               "share_of_gmv_above_baseline": round(cost.curve.incremental_rate, 6),
                               "baseline": cost.curve.baseline},
        "scenarios": [
            {"scenario": x.label, "monthly_gmv": x.monthly_gmv, "monthly": x.monthly,
             "breakdown": {"fixed_fee": t.fixed_fee, "bundled_software": t.software, "commission": x.commission,
                           "commission_base": x.commission_base, "ad_spend_assumed": x.ad_spend,
                           "ad_spend_fee": x.ad_spend_fee},
             "first_year": x.first_year, "months": c.options.months, "take_rate_pct": x.take_rate_pct,
             "exit": {"after_months": c.options.exit_after, "total": x.exit_cost, "setup": x.exit.setup,
                      "fixed_fees_served": x.exit.fixed_served, "fixed_fees_still_owed": x.exit.fixed_owed,
                      "commission_and_ad_share_served": x.exit.variable_served,
                      "early_termination_fee": x.exit.termination_fee},
             "at_risk_before_stop_loss": x.at_risk}
            for x in cost.scenarios],
        "unknown_fields": list(cost.unknown_fields),
        "assumptions": [{"key": n[0], "text": describe(n, texts), "figure": figure_of(n[0], t)}
                        for n in cost.notes],
    }


def to_dict(c: Comparison) -> dict:
    """The JSON contract ``vetting/comparison@2``."""

    pos = {e.key: i for i, e in enumerate(c.entries)}
    return {
        "format": COMPARISON_FORMAT,
        "lang": c.lang,
        "ranking": list(c.ranking),
        "ranking_rule": {
            "text": c.rule, "cost_ranked": c.cost_ranked,
            "mode": "risk_only" if not c.cost_ranked else ("cost_weight" if c.cost_weight is not None else "margin"),
            "margin_points": c.margin, "cost_weight": c.cost_weight, "rank_at": c.rank_at,
            "horizon_months": c.options.months},
        "warnings": list(c.warnings),
        "scenarios": [{"scenario": x.label, "monthly_gmv": x.monthly_gmv, "weight": x.weight} for x in c.scenarios],
        "deals": [
            {"key": e.key, "deal_id": e.deal_id, "version": e.version, "source": e.source,
             "provider": e.assessment.provider, "score": e.assessment.score,
             "level": e.assessment.level, "verdict": e.assessment.verdict, "completeness": e.assessment.completeness,
             "blockers": list(e.assessment.blockers),
             "categories": {k: v.score for k, v in e.assessment.categories.items()},
             "rank": e.rank, "ranking_cost": e.expected_cost, "take_rate_above_cheapest_pp": e.take_above_pp,
             "rank_value": e.rank_value, "rank_reason": reason(c, e), "cost": _cost_json(c, e)}
            for e in c.ranked()],
        "break_even": [
            {"a": b.a, "b": b.b, "monthly_gmv": b.monthly_gmv, "monthly_cost": b.monthly_cost,
             "cheaper_below": b.cheaper_below, "cheaper_above": b.cheaper_above}
            for b in c.break_even],
        "break_even_text": break_even_lines(c),
        "plausible_monthly_gmv": None if c.plausible is None else {"from": c.plausible[0], "to": c.plausible[1]},
        "differences": [
            {"rule_id": d.rule_id, "category": d.category, "severity": d.severity, "title": d.title,
             "statuses": {e.key: d.statuses[pos[e.key]] for e in c.ranked()}}
            for d in c.differences],
        "comparable": c.comparable,
        "currencies": [x if x != strings(c.lang)("currency_unknown") else None for x in c.currencies],
        "assumptions": list(c.assumptions),
    }


# -- Markdown and HTML --------------------------------------------------------

def compact_costs(c: Comparison) -> list[dict]:
    """Monthly cost per scenario (rows) and proposal (columns), for the Markdown's table instead of a chart."""
    s = strings(c.lang)
    rows = []
    for label in c.labels:
        xs = [e.cost.at(label) for e in c.ranked()]
        gmv = next((x.monthly_gmv for x in xs if x is not None), None)
        rows.append({"label": s("scenario_gmv", scenario=scenario_label(label, s), gmv=num(gmv)) if c.comparable else scenario_label(label, s),
                     "cells": [_money(None if x is None else x.monthly, e.cost.currency, "per_month")
                               for x, e in zip(xs, c.ranked())]})
    return rows


def render(c: Comparison, fmt: str) -> str:
    if fmt == "json":
        return jsontext.dumps(to_dict(c), ensure_ascii=False, indent=2) + "\n"  # strict: Infinity/NaN -> null
    s = strings(c.lang)
    secs = sections(c)
    if fmt == "csv":
        return _csv(c, secs)
    if fmt == "table":
        return _table(c, secs, s)
    if fmt in ("md", "html"):
        template = environment(fmt == "html").get_template(f"comparison.{fmt}.j2")
        return visible(template.render(
            c=c, s=s, entries=c.ranked(), sections=secs, ranking=ranking_lines(c), reason=reason,
            break_even=break_even_lines(c), compact=compact_costs(c), notes_of=lambda sec, es: _cell_notes(sec, es, s),
            verdict_name=verdict_name, num=num, blocker_names=lambda a: blocker_text(a, c.lang),
            chart=chart(c) if fmt == "html" else "", chart_style=style,
            heat_colors=("#e7f5ec", "#fff4e0", "#fde2c4", "#f8c4b4", "#f1a59c")))

    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
