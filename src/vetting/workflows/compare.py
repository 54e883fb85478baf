"""Several proposals for the same seller side by side: risk, cost across GMV scenarios, a ranking.

``compare(deals)`` assesses each deal exactly as ``vetting assess`` does (the
scores are the same numbers), prices each with ``costs.deal_cost`` at the same
GMV scenarios, finds the GMVs where two proposals' monthly costs cross, lists
the rules whose outcome differs, and ranks the proposals by one rule that fits
in a sentence (``Comparison.rule``):

* proposals with a blocker last, then by verdict (proceed, negotiate,
  insufficient information, do not sign);
* within that, by risk score (the Assessment's ``score``, lower first), and
  between proposals whose scores are within ``margin`` points of each other,
  the cheaper one first; "cost" is the expected cost over the horizon across
  the scenarios (weights default equal), or the cost at one scenario
  (``rank_at``);
* or, with ``cost_weight`` W, by risk score + W × the points of GMV by which the
  proposal's expected take rate is above the cheapest (a documented weighting).

Risk stays in points and cost in money everywhere; every assumption is
returned with the result so that no figure is shown bare. Rendering is in
``compare_render`` (its ``render``; the CLI and the web app call it there).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass


from .assess import assess
from ..decide.assessment import Assessment
from ..decide.costs import CostOptions, Curve, DealCost, crossings, deal_cost
from ..text.costwords import compare_strings, describe, notes as cost_notes
from ..model.loading import LoadedDeal
from ..rules.rulepack import SEVERITIES
from ..outputs.report import blocker_names
from ..text.tables import Texts
from .compare_fx import converted, plan
# what compare is given (compare_inputs); Scenario and num are named here too, for the renderers
from .compare_inputs import Scenario, _default, _keys, _mismatches, _scenarios, num

COMPARISON_FORMAT = "vetting/comparison@2"
FORMATS = ("table", "md", "html", "csv", "json")
STATUS_ORDER = {"risk": 0, "unknown": 1, "pass": 2, "n/a": 3}
# Verdicts best first; a verdict vetting does not know yet sorts just before do_not_sign.
VERDICT_ORDER = ("proceed", "negotiate", "insufficient_information", "do_not_sign")
DEFAULT_MARGIN = 5.0  # risk points within which cost decides
PLAUSIBLE = (0.5, 1.5)  # break-even and chart range: half the lowest scenario GMV to 1.5 × the highest


@dataclass(frozen=True)
class Difference:
    """One rule whose outcome is not the same for every deal."""

    rule_id: str
    category: str
    severity: str
    title: str
    statuses: tuple[str, ...]  # per deal, in input order: risk | unknown | pass | accepted | n/a


@dataclass(frozen=True)
class BreakEven:
    """Two proposals cost the same per month at ``monthly_gmv``; the cheaper one changes there."""

    a: str  # entry keys
    b: str
    monthly_gmv: float
    monthly_cost: float
    cheaper_below: str
    cheaper_above: str


@dataclass(frozen=True)
class Entry:
    assessment: Assessment
    cost: DealCost
    source: str
    key: str  # the deal id, or the deal id with a version label when two files share it
    version: str | None  # file name or as_of when two files share a deal id
    rank: int
    expected_cost: float | None  # the cost the ranking uses (money over the horizon); None when costs are not ranked
    take_above_pp: float | None  # expected take rate above the cheapest, % points (cost_weight ranking only)
    rank_value: float | None  # risk score + weighted take rate (cost_weight ranking only)
    reason: tuple[str, dict]  # why it sits where it does: (reason key, values)

    @property
    def deal_id(self) -> str:
        return self.assessment.deal_id


@dataclass(frozen=True)
class Comparison:
    entries: tuple[Entry, ...]  # input order
    ranking: tuple[str, ...]  # entry keys, best first
    differences: tuple[Difference, ...]
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]  # different sellers or GMVs: said in every format
    comparable: bool  # same currency: costs may be compared and ranked
    currencies: tuple[str, ...]
    scenarios: tuple[Scenario, ...]  # shared scenarios (comparable) — empty otherwise
    labels: tuple[str, ...]  # every scenario label shown
    rank_at: str | None
    cost_ranked: bool
    margin: float
    cost_weight: float | None
    break_even: tuple[BreakEven, ...]
    plausible: tuple[float, float] | None  # the monthly GMV range searched for break-even points and charted
    rule: str  # the ranking in one sentence
    options: CostOptions
    lang: str

    def by_key(self) -> dict[str, Entry]:
        return {e.key: e for e in self.entries}

    def ranked(self) -> list[Entry]:
        by = self.by_key()
        return [by[k] for k in self.ranking]


strings = compare_strings  # the comparison's labels and sentences in a language (text.costwords)


def scenario_label(label: str, s: Texts) -> str:
    return s("scenario_current") if label == "current" else label


def verdict_name(verdict: str, lang: str) -> str:
    """The verdict as the checklist report names it (one name for each verdict, in every report)."""

    return Texts(lang, html=False)(f"verdict.{verdict}")


def _worst(a: Assessment) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in a.findings:
        status = "accepted" if f.waived else ("n/a" if f.status == "na" else f.status)
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
            if f.status == "risk" or f.rule_id not in meta:  # a difference is named by its risk title
                meta[f.rule_id] = f if f.status == "risk" else meta.get(f.rule_id, f)
    out = []
    for rule_id, f in meta.items():
        statuses = tuple(w.get(rule_id, "n/a") for w in worst)
        if len(set(statuses)) > 1 and "risk" in statuses:
            out.append(Difference(rule_id, f.category, f.severity, f.title, statuses))
    sev = {s: i for i, s in enumerate(SEVERITIES)}
    out.sort(key=lambda d: (sev[d.severity], -sum(s == "risk" for s in d.statuses), d.rule_id))
    return out


# -- ranking ------------------------------------------------------------------

def _verdict_rank(verdict: str) -> float:
    return VERDICT_ORDER.index(verdict) if verdict in VERDICT_ORDER else len(VERDICT_ORDER) - 1.5


def _expected(cost: DealCost, scenarios: list[Scenario], rank_at: str | None, attr: str) -> float:
    if rank_at is not None:
        return getattr(cost.at(rank_at), attr)
    total = sum(x.weight for x in scenarios)
    return sum(x.weight * getattr(cost.at(x.label), attr) for x in scenarios) / total


def _order(assessments, costs, scenarios, rank_at, margin, cost_weight, cost_ranked, months):
    """Indices best first, with each one's reason, expected cost, take rate above the cheapest and ranking value."""
    n = len(assessments)
    expected = [None] * n
    takes = [None] * n
    if cost_ranked:
        expected = [_expected(c, scenarios, rank_at, "first_year") for c in costs]
        gmv = (_expected(costs[0], scenarios, rank_at, "monthly_gmv")) * months
        takes = [e / gmv * 100 if gmv > 0 else None for e in expected]
    info = [dict() for _ in range(n)]
    above = [None] * n
    value = [None] * n
    groups: dict[tuple, list[int]] = {}
    for i, a in enumerate(assessments):
        groups.setdefault((bool(a.blockers), _verdict_rank(a.verdict)), []).append(i)
    order: list[int] = []
    for gkey in sorted(groups):
        members = groups[gkey]
        if cost_weight is not None and cost_ranked and all(t is not None for t in takes):
            low = min(takes[i] for i in members)
            for i in members:
                above[i] = round(takes[i] - low, 2)
                value[i] = round(assessments[i].score + cost_weight * above[i], 2)
                info[i] = {"kind": "weight"}
            order.extend(sorted(members, key=lambda i: (value[i], assessments[i].score, expected[i], i)))
            continue
        by_score = sorted(members, key=lambda i: (assessments[i].score, i))
        while by_score:
            lead = by_score[0]
            if cost_ranked:
                close = [i for i in by_score if assessments[i].score <= assessments[lead].score + margin]
                close.sort(key=lambda i: (expected[i], assessments[i].score, i))
            else:
                close = [lead]
            for i in close:
                others = [j for j in close if j != i]
                info[i] = {"kind": "close" if others else "alone", "others": others}
            order.extend(close)
            by_score = [i for i in by_score if i not in close]
    for i in range(n):
        info[i]["blocked"] = bool(assessments[i].blockers)
    return order, info, expected, above, value


def _in_one_currency(loaded, keys, written, rates, s: Texts, notes: list) -> tuple:
    """The deals converted into one currency where the rate table allows: (deals, the currencies that
    could not be converted, warnings, the currencies shown); the conversion noted in ``notes``."""
    conv, unconvertible = plan(written, rates)
    deals = [converted(ld.deal, conv) for ld in loaded]
    warnings = _mismatches(deals, keys, s)
    missing = [k for k, ld in zip(keys, loaded) if ld.deal.currency is None]
    if missing:  # a deal that leaves the currency out is shown as written, never converted
        warnings.append(s("warn_no_currency", deals=s("item_sep").join(missing)))
    codes = tuple(dict.fromkeys(d.currency for d in deals))
    currencies = tuple(c or s("currency_unknown") for c in codes)
    if conv is not None:
        notes.append(s("note_converted",
            currency=conv.currency, rates=s("list_sep").join(
                s("note_rate", one=c, rate=f"{r:.4g}", currency=conv.currency) for c, r in conv.rates.items()),
            as_of=conv.as_of, source=conv.source))
    return deals, unconvertible, warnings, currencies


def _plausible(shared, keys, costs, order, s: Texts, notes: list) -> tuple:
    """The chart's GMV range (half the lowest scenario to 1.5 × the highest) and the break-even points in it."""
    lo = PLAUSIBLE[0] * min(x.monthly_gmv for x in shared)
    hi = PLAUSIBLE[1] * max(x.monthly_gmv for x in shared)
    if hi <= lo:
        return None, []
    notes.append(s("note_plausible", lo=num(lo), hi=num(hi)))
    return (round(lo, 2), round(hi, 2)), _break_even([keys[i] for i in order], [costs[i].curve for i in order], lo, hi)


def _priced_at(deals, comparable: bool, gmv, rank_at, written, unconvertible, s: Texts, notes: list) -> tuple:
    """The GMV scenarios: (the shared ones, the one ranked at, each deal's, each deal's current GMV)."""
    if comparable:  # one seller, one currency: every deal is priced at the same GMV
        gmvs = [d.seller.monthly_gmv for d in deals if d.seller is not None and d.seller.monthly_gmv is not None]
        current = gmvs[0] if gmvs else None
        if current is None:
            notes.append(s("note_no_gmv"))
        shared, at = _scenarios(current, _default(gmv, current), rank_at, s)
        return shared, at, [shared for _ in deals], [current for _ in deals]
    # each deal at its own seller's GMV, in its own currency
    notes.append(s("note_currencies", currencies=", ".join(str(c or s("currency_unknown")) for c in dict.fromkeys(written)),
                                             missing=", ".join(str(c or s("currency_unknown")) for c in unconvertible)))
    currents = [d.seller.monthly_gmv if d.seller else None for d in deals]
    return [], None, [_scenarios(cur, _default(gmv, cur), rank_at, s)[0] for cur in currents], currents


def compare(loaded: list[LoadedDeal], *, lang: str = "en", rules: tuple[str, ...] | list[str] = (),
            gmv: tuple[str, ...] | list[str] | None = None, options: CostOptions = CostOptions(),
            margin: float = DEFAULT_MARGIN, cost_weight: float | None = None, rank_at: str | None = None,
            today: dt.date | None = None, rates: str | None = None) -> Comparison:
    """Assess, price and rank several deals for the same seller.

    ``gmv`` holds extra scenarios: absolute monthly GMV ("600000") or a change
    from the current GMV ("-20%", "+30%"), each with an optional weight
    ("+30%@2"; "current@2" weights the current GMV); None means -20 % and +30 %
    where the current GMV is known. ``rank_at`` ranks on one
    scenario's cost instead of the weighted mean. Raises InputError for the
    same file given twice or an unusable scenario.
    """
    s = strings(lang)
    keys, versions, notes = _keys(loaded, s)

    written = [ld.deal.currency for ld in loaded]
    deals, unconvertible, warnings, currencies = _in_one_currency(loaded, keys, written, rates, s, notes)
    comparable = len(currencies) == 1  # deals that all leave the currency out are taken to share one (and told so)
    shared, at, per_deal, currents = _priced_at(deals, comparable, gmv, rank_at, written, unconvertible, s, notes)
    labels = tuple(dict.fromkeys(x.label for sc in per_deal for x in sc))

    assessments = [assess(ld, lang=lang, rules=rules, today=today, rates=rates) for ld in loaded]
    costs = [deal_cost(d, [(x.label, x.monthly_gmv) for x in sc], options, current_gmv=cur)
             for d, sc, cur in zip(deals, per_deal, currents)]
    costs = [c if c.currency else dataclasses.replace(c, currency=s("currency_unknown")) for c in costs]
    if labels:
        notes.append(s("note_horizon", months=options.months, exit=options.exit_after))

    cost_ranked = comparable and bool(shared)
    weighted = [x for x in shared if x.weight > 0]
    order, info, expected, above, value = _order(assessments, costs, weighted, at, margin, cost_weight,
                                                 cost_ranked, options.months)
    rule = ranking_rule(s, lang, cost_ranked, at, weighted, margin, cost_weight, options.months)
    if cost_ranked and at is None:
        notes.append(s("note_weights",
            weights=s("list_sep").join(f"{scenario_label(x.label, s)} {num(x.weight)}" for x in shared)))

    plausible, breaks = _plausible(shared, keys, costs, order, s, notes) if cost_ranked else (None, [])

    for k, c in zip(keys, costs):
        texts = note_texts(lang)
        for n in c.notes:
            notes.append(f"{k}{s('colon')}{describe(n, texts)}")

    entries: list[Entry | None] = [None] * len(loaded)
    for rank, i in enumerate(order, 1):
        inf = dict(info[i])
        inf["others"] = [keys[j] for j in inf.get("others", [])]
        entries[i] = Entry(assessments[i], costs[i], loaded[i].source, keys[i], versions[i], rank,
                           None if expected[i] is None else round(expected[i], 2), above[i], value[i],
                           (inf.pop("kind"), inf))
    return Comparison(
        entries=tuple(entries), ranking=tuple(keys[i] for i in order), differences=tuple(differences(assessments)),
        assumptions=tuple(dict.fromkeys(notes)), warnings=tuple(warnings), comparable=comparable,
        currencies=currencies, scenarios=tuple(shared), labels=labels, rank_at=at, cost_ranked=cost_ranked,
        margin=margin, cost_weight=cost_weight, break_even=tuple(breaks), plausible=plausible, rule=rule,
        options=options, lang=lang)


def _break_even(keys: list[str], curves: list[Curve], lo: float, hi: float) -> list[BreakEven]:
    out = []
    eps = (hi - lo) * 1e-6
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            a, b = curves[i], curves[j]
            for x in crossings(a, b, lo, hi):
                below = keys[i] if a.at(x - eps) < b.at(x - eps) else keys[j]
                above = keys[i] if a.at(x + eps) < b.at(x + eps) else keys[j]
                out.append(BreakEven(keys[i], keys[j], round(x, 2), round(a.at(x), 2), below, above))
    out.sort(key=lambda b: (b.monthly_gmv, b.a, b.b))
    return out


def ranking_rule(s: Texts, lang: str, cost_ranked: bool, at: str | None, scenarios: list[Scenario],
                 margin: float, cost_weight: float | None, months: int) -> str:
    """The ranking rule in one sentence."""
    verdicts = s("list_sep").join(verdict_name(v, lang) for v in VERDICT_ORDER)
    if not cost_ranked:
        return s("rule_risk_only", verdicts=verdicts)
    if at is not None:
        measure = s("measure_at", months=months, scenario=scenario_label(at, s))
    else:
        measure = s("measure_expected",
            months=months, scenarios=s("list_sep").join(scenario_label(x.label, s) for x in scenarios))
    if cost_weight is not None:
        return s("rule_weight", verdicts=verdicts, weight=num(cost_weight), measure=measure)
    return s("rule_margin", verdicts=verdicts, margin=num(margin), measure=measure)


def note_texts(lang: str) -> dict[str, str]:
    return cost_notes(lang)  # strings_compare's cost_* sentences


def blocker_text(a, lang: str) -> str:
    """The blockers by their titles (each with its rule id aside), '; '-separated: titles hold commas."""
    tr = Texts(lang, html=False)
    return tr("doc.list_sep").join(blocker_names(a, tr("doc.aside")))
