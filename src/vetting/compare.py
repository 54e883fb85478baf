"""Several proposals for the same seller side by side: risk, cost at the seller's scale, a ranking.

``compare(deals)`` assesses each deal exactly as ``vetting assess`` does (the
scores are the same numbers), prices each with ``costs.deal_cost`` at the same
GMV scenarios, lists the rules whose outcome differs between the deals, and
ranks them: deals with blockers last, then by risk score plus a cost premium
(``cost_weight`` points per percentage point of GMV that its
effective take rate is above the cheapest deal's). Every
assumption is returned with the result so that no figure is shown bare.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from functools import lru_cache

from .api import assess
from .assessment import Assessment
from .costs import CostOptions, DealCost, deal_cost, describe, parse_scenario
from .errors import InputError, Problem
from .loading import LoadedDeal
from .report import lookup, strings as report_strings
from .rulepack import CATEGORIES, SEVERITIES
from .spreadsheet import neutralise

COMPARISON_FORMAT = "vetting/comparison@1"
FORMATS = ("table", "md", "html", "csv", "json")
STATUS_ORDER = {"risk": 0, "unknown": 1, "pass": 2}
DEFAULT_COST_WEIGHT = 2.0
SHOWN_DIFFERENCES = 15  # in table, md and html; json and csv list them all


@dataclass(frozen=True)
class Difference:
    """One rule whose outcome is not the same for every deal."""

    rule_id: str
    category: str
    severity: str
    title: str
    statuses: tuple[str, ...]  # per deal, in input order: risk | unknown | pass | accepted | n/a


@dataclass(frozen=True)
class Entry:
    assessment: Assessment
    cost: DealCost
    source: str
    combined: float  # the ranking value: score + cost premium points
    premium_pp: float | None  # take rate above the cheapest deal's, in % points; None when costs are not ranked
    rank: int
    reason: str  # why it sits where it does, in words and numbers

    @property
    def deal_id(self) -> str:
        return self.assessment.deal_id


@dataclass(frozen=True)
class Comparison:
    entries: tuple[Entry, ...]  # input order
    ranking: tuple[str, ...]  # deal ids, best first
    differences: tuple[Difference, ...]
    assumptions: tuple[str, ...]
    comparable: bool  # same currency: costs may be compared and ranked
    currencies: tuple[str, ...]
    scenarios: tuple[str, ...]  # scenario labels, the first being the one the ranking uses
    options: CostOptions
    cost_weight: float
    lang: str


def _worst(a: Assessment) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in a.findings:
        status = "accepted" if f.waived else f.status
        cur = out.get(f.rule_id)
        if cur is None or STATUS_ORDER.get(status, 1) < STATUS_ORDER.get(cur, 1):
            out[f.rule_id] = status
    return out


def differences(assessments: list[Assessment]) -> list[Difference]:
    """Rules that are a known risk for some deals but not for others, most severe first.

    (A rule that is only unknown-versus-pass is a question to ask, not a difference between offers.)
    """
    worst = [_worst(a) for a in assessments]
    meta = {}
    for a in assessments:
        for f in a.findings:
            meta.setdefault(f.rule_id, f)
    out = []
    for rule_id, f in meta.items():
        statuses = tuple(w.get(rule_id, "n/a") for w in worst)
        if len(set(statuses)) > 1 and "risk" in statuses:
            out.append(Difference(rule_id, f.category, f.severity, f.title, statuses))
    sev = {s: i for i, s in enumerate(SEVERITIES)}
    out.sort(key=lambda d: (sev[d.severity], -sum(s == "risk" for s in d.statuses), d.rule_id))
    return out


def _current_gmv(loaded: list[LoadedDeal], notes: list[str], s: dict) -> float | None:
    values = [(ld.deal.id, ld.deal.seller.monthly_gmv) for ld in loaded
              if ld.deal.seller is not None and ld.deal.seller.monthly_gmv is not None]
    if not values:
        notes.append(s["note_no_gmv"])
        return None
    if len({v for _, v in values}) > 1:
        notes.append(s["note_gmv_differs"].format(deal=values[0][0], gmv=_num(values[0][1])))
    return values[0][1]


def _scenarios(current: float | None, gmv) -> list[tuple[str, float]]:
    """("current", GMV) when known, then each --gmv scenario; InputError for one that cannot be used."""
    out: list[tuple[str, float]] = [("current", current)] if current is not None else []
    for text in gmv:
        try:
            out.append(parse_scenario(text, current))
        except ValueError as e:
            raise InputError([Problem(f"--gmv {text}", "", str(e))]) from None
    return list(dict(out).items())  # a scenario given twice counts once


def compare(loaded: list[LoadedDeal], *, lang: str = "en", rules: tuple[str, ...] | list[str] = (),
            gmv: tuple[str, ...] | list[str] = (), options: CostOptions = CostOptions(),
            cost_weight: float = DEFAULT_COST_WEIGHT, today: dt.date | None = None) -> Comparison:
    """Assess, price and rank several deals for the same seller.

    ``gmv`` holds extra scenarios: absolute monthly GMV ("600000") or a change
    from the current GMV ("-20%", "+30%"). Raises InputError for duplicate ids
    or an unusable scenario.
    """
    s = strings(lang)
    seen: dict[str, str] = {}
    problems = []
    for ld in loaded:
        if ld.deal.id in seen:
            problems.append(Problem(ld.source, "id", s["err_duplicate"].format(id=ld.deal.id, other=seen[ld.deal.id])))
        seen.setdefault(ld.deal.id, ld.source)
    if problems:
        raise InputError(problems)

    notes: list[str] = []
    currencies = tuple(dict.fromkeys(ld.deal.currency for ld in loaded))
    comparable = len(currencies) == 1
    if comparable:  # one seller, one currency: every deal is priced at the same GMV
        current = _current_gmv(loaded, notes, s)
        shared = _scenarios(current, gmv)
        per_deal = [shared for _ in loaded]
        currents = [current for _ in loaded]
    else:  # each deal at its own seller's GMV, in its own currency
        notes.append(s["note_currencies"].format(currencies=", ".join(currencies)))
        currents = [ld.deal.seller.monthly_gmv if ld.deal.seller else None for ld in loaded]
        per_deal = [_scenarios(cur, gmv) for cur in currents]
    labels = tuple(dict.fromkeys(lbl for sc in per_deal for lbl, _ in sc))

    assessments = [assess(ld, lang=lang, rules=rules, today=today) for ld in loaded]
    costs = [deal_cost(ld.deal, sc, options, current_gmv=cur) for ld, sc, cur in zip(loaded, per_deal, currents)]
    if labels:
        notes.append(s["note_horizon"].format(months=options.months, exit=options.exit_after))
    texts = _note_texts(lang)
    for ld, c in zip(loaded, costs):
        for n in c.notes:
            notes.append(f"{ld.deal.id}: {describe(n, texts)}")
    scenarios = per_deal[0] if comparable else []

    # Ranking value: risk score + cost_weight × (take rate − lowest take rate), in points of GMV.
    # A take rate is defined even when a deal costs nothing at this GMV, unlike a relative premium.
    takes = [c.scenarios[0].take_rate_pct for c in costs] if (comparable and scenarios) else []
    ranked_costs = bool(takes) and all(t is not None for t in takes)
    lowest = min(takes) if ranked_costs else None
    if ranked_costs:
        notes.append(s["note_ranking"].format(weight=_num(cost_weight), scenario=_label(scenarios[0][0], s)))
    else:
        notes.append(s["note_ranking_risk_only"])
    prelim = []
    for i, a in enumerate(assessments):
        premium = round(takes[i] - lowest, 2) if ranked_costs else None
        combined = a.score + (cost_weight * premium if premium is not None else 0.0)
        # tiers: judged deals, then deals too little is known about to judge (their score is only the
        # known risk: ranking them on it would put the least known first), then deals with blockers
        tier = 2 if a.blockers else 1 if a.verdict == "insufficient_information" else 0
        prelim.append((tier, round(combined, 6), a.score, a.deal_id, i, premium, combined))
    order = sorted(prelim)
    entries: list[Entry | None] = [None] * len(loaded)
    for rank, (tier, _, score, deal_id, i, premium, combined) in enumerate(order, 1):
        a = assessments[i]
        if tier == 2:
            reason = s["reason_blockers"].format(blockers=", ".join(a.blockers), score=_num(a.score))
        elif tier == 1:
            reason = s["reason_insufficient"].format(completeness=f"{a.completeness * 100:.0f}%", score=_num(a.score),
                                                     worst=_num(min(100.0, a.score + a.exposure)))
        elif premium is not None:
            reason = s["reason_cost"].format(score=_num(a.score), take=_num(takes[i]), premium=_num(premium),
                                             weight=_num(cost_weight), combined=_num(round(combined, 1)))
        else:
            reason = s["reason_risk"].format(score=_num(a.score))
        entries[i] = Entry(a, costs[i], loaded[i].source, round(combined, 2), premium, rank, reason)
    return Comparison(
        entries=tuple(entries), ranking=tuple(o[3] for o in order), differences=tuple(differences(assessments)),
        assumptions=tuple(dict.fromkeys(notes)), comparable=comparable, currencies=currencies,
        scenarios=labels, options=options, cost_weight=cost_weight, lang=lang)


# -- output -------------------------------------------------------------------

@lru_cache(maxsize=4)
def strings(lang: str) -> dict[str, str]:
    """The comparison's labels and sentences in ``lang`` (report_templates/strings_compare.<lang>.yaml)."""
    import yaml

    from .report import templates_dir

    path = templates_dir() / f"strings_compare.{lang}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _num(x) -> str:
    if x is None:
        return "—"
    x = float(x)
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


def _label(label: str, s: dict) -> str:
    return s["scenario_current"] if label == "current" else label


def _cost_json(c: DealCost, lang: str) -> dict:
    return {
        "currency": c.currency,
        "current_monthly_gmv": c.current_gmv,
        "scenarios": [
            {"scenario": x.label, "monthly_gmv": x.monthly_gmv, "monthly": x.monthly, "first_year": x.first_year,
             "take_rate_pct": x.take_rate_pct, "exit_after_3_months": x.exit_cost, "at_risk_before_stop_loss": x.at_risk}
            for x in c.scenarios],
        "unknown_fields": list(c.unknown_fields),
        "assumptions": [describe(n, _note_texts(lang)) for n in c.notes],
    }


def _note_texts(lang: str) -> dict[str, str]:
    return {k[len("cost_"):]: v for k, v in strings(lang).items() if k.startswith("cost_")}


def to_dict(c: Comparison) -> dict:
    """The JSON contract ``vetting/comparison@1``."""
    by_id = {e.deal_id: e for e in c.entries}
    return {
        "format": COMPARISON_FORMAT,
        "ranking": list(c.ranking),
        "deals": [
            {"deal_id": e.deal_id, "provider": e.assessment.provider, "score": e.assessment.score,
             "level": e.assessment.level, "verdict": e.assessment.verdict, "completeness": e.assessment.completeness,
             "blockers": list(e.assessment.blockers), "cost": _cost_json(e.cost, c.lang),
             "categories": {k: v.score for k, v in e.assessment.categories.items()},
             "rank": e.rank, "rank_value": e.combined, "take_rate_above_lowest_pp": e.premium_pp, "rank_reason": e.reason}
            for e in (by_id[d] for d in c.ranking)],
        "differences": [
            {"rule_id": d.rule_id, "category": d.category, "severity": d.severity, "title": d.title,
             "statuses": {e.deal_id: st for e, st in zip(c.entries, d.statuses)}}
            for d in c.differences],
        "comparable": c.comparable,
        "currencies": list(c.currencies),
        "assumptions": list(c.assumptions),
    }


def _pct(x) -> str:
    return "—" if x is None else f"{_num(round(x * 100))}%"


def sections(c: Comparison, limit: int | None = None) -> list[dict]:
    """The comparison as titled blocks of rows: [label, value per deal...] (shared by table, md, csv, html).

    Each cell is {"text": str, "heat": 0..4 or None}; heat marks category scores for the HTML heat map.
    """
    s = strings(c.lang)
    es = c.entries
    names = report_strings(c.lang)  # verdict, level and category names as the checklist report says them

    def row(label, values, heat=None):
        return {"label": label, "cells": [{"text": v, "heat": (heat[i] if heat else None)} for i, v in enumerate(values)]}

    out = []
    overview = [
        row(s["provider"], [e.assessment.provider for e in es]),
        row(s["rank"], [f"{e.rank}" for e in es]),
        row(s["verdict"], [lookup(names, f"verdict.{e.assessment.verdict}") for e in es]),
        row(s["score"], [_num(e.assessment.score) for e in es]),
        row(s["level"], [lookup(names, f"level.{e.assessment.level}") for e in es]),
        row(s["completeness"], [_pct(e.assessment.completeness) for e in es]),
        row(s["blockers"], [", ".join(e.assessment.blockers) or s["none"] for e in es]),
        row(s["cancel_by"], [e.assessment.cancel_by.date if e.assessment.cancel_by else "—" for e in es]),
    ]
    out.append({"title": s["overview"], "rows": overview})

    cats = []
    for cat in CATEGORIES:
        vals = [e.assessment.categories[cat].score for e in es]
        cats.append(row(lookup(names, f"categories.{cat}"), [_num(v) for v in vals], [_heat(v) for v in vals]))
    out.append({"title": s["categories"], "rows": cats})

    for label in c.scenarios:
        rows = []
        xs = [e.cost.at(label) for e in es]
        cur = [e.cost.currency for e in es]

        def money(attr):
            return [("—" if x is None else f"{_num(getattr(x, attr))} {k}") for x, k in zip(xs, cur)]

        rows.append(row(s["monthly_gmv"], money("monthly_gmv")))
        rows.append(row(s["monthly_cost"], money("monthly")))
        rows.append(row(s["first_year"].format(months=c.options.months), money("first_year")))
        rows.append(row(s["take_rate"], ["—" if x is None or x.take_rate_pct is None else f"{_num(x.take_rate_pct)}%"
                                         for x in xs]))
        rows.append(row(s["exit_cost"].format(months=c.options.exit_after), money("exit_cost")))
        rows.append(row(s["at_risk"], money("at_risk")))
        out.append({"title": s["scenario_title"].format(scenario=_label(label, s)), "rows": rows})

    if c.differences:
        st = {k: s[f"status_{k.replace('/', '')}"] for k in ("risk", "unknown", "pass", "accepted", "n/a")}
        shown = c.differences if limit is None else c.differences[:limit]
        rows = [row(f"{d.rule_id} {d.title}", [st[x] for x in d.statuses]) for d in shown]
        if len(shown) < len(c.differences):
            rows.append(row(s["more_differences"].format(n=len(c.differences) - len(shown)), ["" for _ in es]))
        out.append({"title": s["differences"], "rows": rows})
    return out


def _heat(points: float) -> int:
    for level, bound in enumerate((0.01, 5, 10, 20)):
        if points < bound:
            return level
    return 4


def _ranking_lines(c: Comparison) -> list[str]:
    by_id = {e.deal_id: e for e in c.entries}
    return [f"{by_id[d].rank}. {d} — {by_id[d].reason}" for d in c.ranking]


def render(c: Comparison, fmt: str) -> str:
    """The comparison as 'table', 'md', 'html', 'csv' or 'json'."""
    if fmt == "json":
        return json.dumps(to_dict(c), ensure_ascii=False, indent=2) + "\n"
    s = strings(c.lang)
    secs = sections(c, None if fmt == "csv" else SHOWN_DIFFERENCES)
    ids = [e.deal_id for e in c.entries]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["section", "item", *ids])
        for sec in secs:
            for r in sec["rows"]:
                w.writerow([neutralise(sec["title"]), neutralise(r["label"]), *(neutralise(x["text"]) for x in r["cells"])])
        w.writerow([s["ranking"], "", *(f"{e.rank}" for e in c.entries)])
        return buf.getvalue()
    if fmt == "table":
        return _table(c, secs, ids, s)
    if fmt in ("md", "html"):
        from .report import environment

        template = environment(fmt == "html").get_template(f"comparison.{fmt}.j2")
        return template.render(c=c, s=s, ids=ids, sections=secs, ranking=_ranking_lines(c),
                               heat_colors=("#f4f9f4", "#fdf3d8", "#fbdcae", "#f6b38a", "#e8776a"))
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _table(c: Comparison, secs: list[dict], ids: list[str], s: dict) -> str:
    label_w = 44
    col_w = max(14, *(min(_width(i), 24) for i in ids))
    # The ranking and its reasons first: which proposal to sign, at a glance.
    lines = [s["title"], "", s["ranking"], *(f"  {line}" for line in _ranking_lines(c)), ""]
    header = _pad("", label_w) + "  " + "  ".join(_pad(_clip(i, col_w), col_w) for i in ids)
    for sec in secs:
        lines.append(f"{sec['title']}")
        lines.append(header.rstrip())
        for r in sec["rows"]:
            cells = "  ".join(_pad(_clip(x["text"], col_w), col_w) for x in r["cells"])
            lines.append((_pad(_clip(r["label"], label_w), label_w) + "  " + cells).rstrip())
        lines.append("")
    lines.append(s["assumptions"])
    lines.extend(f"  - {a}" for a in c.assumptions)
    return "\n".join(lines) + "\n"
