"""Scoring v2: a pure function from rule outcomes to score, level and verdict (docs/scoring.md).

Two figures. **Known risk** (the headline score, 0–100) comes from known,
unwaived risks only. **Open exposure** is how far the score would rise if
every open question were answered badly. An open question never adds to the
headline, so a deal nobody knows anything about cannot outrank one with known
problems; it gets the verdict ``insufficient_information`` instead.

The model, as an experienced buyer weighs a contract:

- each rule counts once, at its worst subject, with its points;
- a known **high** (or blocker) risk is a problem of its own: its points add in
  full;
- known **medium and low** risks in one area overlap (five flaws of a KPI
  section are one weak KPI section): an area's medium and low points add up
  to at most ``AREA_CAP``, softly: ``AREA_CAP × (1 − e^(−sum/AREA_CAP))``;
- the load ``T`` (points) maps to the score by ``100 × (1 − e^(−T/SCALE))``,
  with a scale large enough that a deal negotiation can fix is not pinned at
  100 and fixing one high risk of a bad deal still moves it by points, not
  tenths;
- a known blocker puts the score in the critical band, ``CRITICAL`` plus the
  band's share of the load's score (critical, do not sign; two unsignable deals
  are still ordered by how much else is wrong); a known high risk puts it at
  least at ``MEDIUM`` (never "low").

What fixing findings does ("Fix these first", the negotiation path) is in
negotiation.py; the constants, the clause groups that fix several findings at once
(``CLAUSE_GROUPS``) and the figures from load to verdict are in judging.py (both read them; this
module re-exports them, so ``scoring.CLAUSE_GROUPS`` and the like keep working).
"""
from __future__ import annotations

import datetime as dt
import functools
import operator
from dataclasses import dataclass, field

from .rulepack import CATEGORIES
from .reference import Outcome
from .judging import (AREA_CAP, SCALE, LEVELS, LEVEL_ORDER, MEDIUM, CRITICAL, PROCEED_MIN_COMPLETENESS,
                      JUDGE_MIN_COMPLETENESS, VERDICT_ORDER, UNCAPPED, PATH_MAX_STEPS, FIX_FIRST, BLOCKERS_TOGETHER,
                      CLAUSE_GROUPS, GROUP_OF, Scored, Item, Step, level_for, area_load, load,
                      share_removed, raw_score, floored, headline_score, SERIOUS, verdict_for, judge,
                      shares, unread)
from . import negotiation

# (id(LoadedRule), variant) -> (the rule, its Item): a batch scores sixty rules per deal, always the same ones
_ITEMS: dict[tuple[int, int], tuple[object, Item]] = {}
# by rule, then subject in the canonical order of its list (model.order: a claim rule's worst claim first)
_listing_key = operator.attrgetter("rule.sort_key", "rank", "subject")
_points = operator.itemgetter(1)
_first = operator.itemgetter(0)


@dataclass(frozen=True)
class Score:
    score: float  # known risk, 0–100: the headline
    level: str
    verdict: str
    completeness: float
    exposure: float  # how far the score rises if every open question is answered badly
    # every risk and open question with its contribution, known risks by contribution, then open
    # questions by their share of the exposure, as plain (outcome, points, waived) tuples
    ranked: tuple[tuple[Outcome, float, bool], ...]
    passes: tuple[Outcome, ...]  # the passes, in rule order (they add nothing and come last)
    not_applicable: tuple[Outcome, ...]  # status "na": listed apart, never counted as passed
    blockers: tuple[str, ...]
    categories: dict[str, dict]  # per category: score, risks, unknowns, passed, accepted, not_applicable
    open_shares: dict[str, float] = field(compare=False, repr=False)  # rule id -> share of the exposure
    known: dict[str, Item] = field(compare=False, repr=False)  # unwaived known risks by rule
    questions: dict[str, tuple[Item, frozenset]] = field(compare=False, repr=False)  # unwaived open questions
    subjects: dict[str, str] = field(compare=False, repr=False)  # rule id -> subject of its worst outcome
    known_facts: int = field(compare=False, repr=False, default=0)
    asked: frozenset = field(compare=False, repr=False, default=frozenset())  # the unknown facts counted
    risk_missing: dict[str, frozenset] = field(compare=False, repr=False, default_factory=dict)  # known risks' unknown subjects

    @property
    def findings(self) -> tuple[Scored, ...]:
        """Every outcome with its contribution: risks, open questions, passes, not applicable."""
        return (tuple(map(Scored._make, self.ranked)) + tuple(Scored(o, 0.0, False) for o in self.passes)
                + tuple(Scored(o, 0.0, False) for o in self.not_applicable))

    # -- fixing (negotiation.py) ----------------------------------------------------------------
    def after(self, fixed: frozenset, answered: frozenset = frozenset()) -> tuple[float, str, str, float]:
        """(score, level, verdict, completeness) once the known risks ``fixed`` pass and the open
        questions ``answered`` come back good."""
        return negotiation.after(self, fixed, answered)

    @functools.cached_property
    def fix_first(self) -> tuple[Step, ...]:
        """The known-risk fixes that do most for the verdict, then for the score (negotiation.fix_first)."""
        return negotiation.fix_first(self)

    @functools.cached_property
    def path(self) -> tuple[Step, ...]:
        """The negotiation path: fixes one after another until negotiate, then proceed (negotiation.path)."""
        return negotiation.path(self)


def _sort_items(worst: dict, waived_rules, missing_of: dict, known: dict, questions: dict) -> None:
    """Each rule not waived by its worst outcome: a known risk into ``known``, an open question (with the
    unknown facts behind it) into ``questions``."""
    items = _ITEMS
    if len(items) > 10_000:
        items.clear()
    for rid in sorted(worst):
        if rid in waived_rules:
            continue
        o = worst[rid]
        r = o.rule
        # a graded rule weighs what its worst outcome's grade weighs (the variant picks it: docs/rule-format.md)
        key = (id(r), o.variant)
        entry = items.get(key)
        if entry is None:
            entry = items[key] = (r, Item(r.category, *r.grade(o.variant), r.rule.walk_away, r.rule.core_term))  # r kept alive: its id stays its own
        it = entry[1]
        if o.status == "risk":
            known[rid] = it
        else:
            questions[rid] = (it, frozenset(missing_of.get(rid, ())))


def _exposure(questions: dict, t_known: float, capped: dict, blocker: bool, high: bool, total: float) -> tuple:
    """(exposure, each open question's share of it): the worst case adds every open question as a known risk."""
    open_items = {rid: q[0] for rid, q in questions.items()}
    t_worst, capped_worst = t_known - sum(area_load(v) for v in capped.values()), dict(capped)
    for it in open_items.values():
        if it.severity in UNCAPPED:
            t_worst += it.points
        else:
            capped_worst[it.category] = capped_worst.get(it.category, 0.0) + it.points
    t_worst += sum(area_load(v) for v in capped_worst.values())
    open_sev = {it.severity for it in open_items.values()}
    worst_blocker = blocker or "blocker" in open_sev
    exposure = max(0.0, floored(t_worst, worst_blocker, worst_blocker or high or "high" in open_sev) - total)
    open_part = shares(open_items, 1.0, (t_worst, capped_worst))
    open_sum = sum(open_part.values())
    return exposure, {rid: (exposure * p / open_sum if open_sum > 0 else 0.0) for rid, p in open_part.items()}


def _categories(others, risky, unknown, passes, na, waived_rules, risk_shares: dict, known: dict) -> dict:
    """Per category: its score (the known risks' shares) and how many risks, open questions, passes,
    accepted (waived) and not applicable outcomes it has."""
    cats = {c: {"score": 0.0, "risks": 0, "unknowns": 0, "passed": 0, "accepted": 0, "not_applicable": 0}
            for c in CATEGORIES}
    if waived_rules:
        for o in others:
            if o.rule.id in waived_rules:
                cats[o.rule.category]["accepted"] += 1
        risky = [o for o in risky if o.rule.id not in waived_rules]
        unknown = [o for o in unknown if o.rule.id not in waived_rules]
    for o in risky:
        cats[o.rule.category]["risks"] += 1
    for o in unknown:
        cats[o.rule.category]["unknowns"] += 1
    for o in passes:
        cats[o.rule.category]["passed"] += 1
    for o in na:
        cats[o.rule.category]["not_applicable"] += 1
    for rid, p in risk_shares.items():
        cats[known[rid].category]["score"] += p
    return cats


def score(outcomes, waived_rules: frozenset[str] = frozenset(), known_facts: int = 0, *, listed: bool = False) -> Score:
    """Score rule outcomes; rules in ``waived_rules`` are reported but do not count.

    ``known_facts`` is how many facts the rules read were known (RuleSet.evaluate);
    completeness is that over known plus the unknown facts behind the open questions
    not waived. ``listed``: the outcomes come in listing order, by rule (``sort_key``)
    then subject (``rank``, its place in the canonical order of its list), as RuleSet.evaluate gives
    them; otherwise they are put in that order first."""
    if not listed:
        outcomes = sorted(outcomes, key=_listing_key)
    passes = [o for o in outcomes if o.status == "pass"]
    na = [o for o in outcomes if o.status == "na"]
    risky = [o for o in outcomes if o.status == "risk"]
    unknown = [o for o in outcomes if o.status == "unknown"]
    # By status, then in listing order: each rule's first outcome here is its worst.
    others = risky + unknown
    worst = {o.rule.id: o for o in reversed(others)}
    known: dict[str, Item] = {}
    questions: dict[str, tuple[Item, frozenset]] = {}
    missing_of: dict[str, tuple] = {}  # the unknown facts of each rule's open subjects (few per rule)
    for o in unknown:
        rid = o.rule.id
        if rid not in waived_rules and o.missing:
            m = missing_of.get(rid)
            missing_of[rid] = o.missing if m is None else m + o.missing
    _sort_items(worst, waived_rules, missing_of, known, questions)
    # a known risk's rule can have open subjects too: their facts are still unknown
    risk_missing = {rid: frozenset(m) for rid, m in missing_of.items() if rid in known}
    asked = frozenset().union(*missing_of.values())
    denominator = known_facts + len(asked)
    completeness = known_facts / denominator if denominator else 1.0

    # the known load, once: the headline (as judge() gives it) and each risk's share
    t_known, capped = load(known.values())
    blocker = any(it.severity == "blocker" for it in known.values())
    high = blocker or any(it.severity == "high" for it in known.values())
    total = floored(t_known, blocker, high)
    level = level_for(total)
    verdict = verdict_for(level, blocker, completeness, any(it.severity in SERIOUS for it in known.values()),
                          unread(q[0] for q in questions.values()))
    risk_shares = shares(known, total, (t_known, capped))
    exposure, open_shares = _exposure(questions, t_known, capped, blocker, high, total)

    n_risky = len(risky)
    waived = [o.rule.id in waived_rules for o in others] if waived_rules else [False] * len(others)
    # known risks first by contribution, then open questions by their share of the exposure; a stable
    # sort keeps equal ones in listing order (by rule and subject)
    risk_rows = sorted(zip(risky, [risk_shares.get(o.rule.id, 0.0) if worst[o.rule.id] is o else 0.0 for o in risky],
                           waived[:n_risky]), key=_points, reverse=True)
    open_order = [open_shares.get(o.rule.id, 0.0) if worst[o.rule.id] is o else 0.0 for o in unknown]
    open_rows = [(o, 0.0, w) for _, o, w in sorted(zip(open_order, unknown, waived[n_risky:]),
                                                    key=_first, reverse=True)]
    ranked = tuple(risk_rows) + tuple(open_rows)

    cats = _categories(others, risky, unknown, passes, na, waived_rules, risk_shares, known)
    blockers = tuple(sorted(rid for rid, it in known.items() if it.severity == "blocker"))
    subjects = {rid: o.subject for rid, o in worst.items()}
    return Score(total, level, verdict, completeness, exposure, ranked, tuple(passes), tuple(na), blockers, cats,
                 open_shares, known, questions, subjects, known_facts, asked, risk_missing)


def waiver_in_force(expires: dt.date | None, report_date: dt.date) -> bool:
    """A waiver holds through its expiry day, judged on the report date (not the deal's as_of)."""
    return expires is None or expires >= report_date
