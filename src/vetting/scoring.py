"""Scoring: a pure function from rule outcomes to score, level and verdict.

Each rule counts once, at its worst subject: a known risk with its full
points, an open question with UNKNOWN_WEIGHT of them, a pass with none. Rules
combine like independent risks, ``score = 100 × (1 − Π (1 − cᵢ/100))``, so the
score stays in 0–100, never falls when a finding gets worse, and does not
depend on order. Each finding's contribution is its share of the score in
proportion to ``−ln(1 − cᵢ/100)``, so contributions add up to the score.
The README has a worked example.
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import operator
from dataclasses import dataclass, field
from typing import NamedTuple

from .rulepack import CATEGORIES
from .ruleset import Outcome

# An open question counts this share of the rule's points. It is smaller for the
# gravest rules: "we don't know yet whether they want the main login" is a question
# to ask, not a finding that the deal is as bad as if they did.
UNKNOWN_WEIGHT = {"blocker": 0.15, "high": 0.3, "medium": 0.4, "low": 0.4, "info": 0.0}
# Open questions together can fill at most this share of the room that known risks
# leave: a deal nobody knows anything about is "high" (find out first), never
# "critical", which is kept for what is known to be bad.
OPEN_SHARE = 0.6
# Levels by score: below 20 low, below 45 medium, below 75 high, else critical.
LEVELS = ((20.0, "low"), (45.0, "medium"), (75.0, "high"), (float("inf"), "critical"))
LEVEL_ORDER = tuple(name for _, name in LEVELS)
PROCEED_MIN_COMPLETENESS = 0.8


class Scored(NamedTuple):
    outcome: Outcome
    points: float  # contribution (0 for all but the rule's worst subject)
    waived: bool


class _Products(NamedTuple):
    """The charges behind a score, in rule-id order, with their running products (for ``Score.top``)."""

    risk_ids: list[str]
    risk_c: list[float]
    prefix_r: list[float]
    open_ids: list[str]
    open_c: list[float]
    prefix_u: list[float]


@dataclass(frozen=True)
class Score:
    score: float
    level: str
    verdict: str
    completeness: float
    # every outcome that is not a pass, ordered by contribution, as plain (outcome, points, waived)
    # tuples (a batch makes sixty per deal; ``findings`` gives them as Scored)
    ranked: tuple[tuple[Outcome, float, bool], ...]
    passes: tuple[Outcome, ...]  # the passes, in rule order (they add nothing and come last)
    blockers: tuple[str, ...]
    categories: dict[str, dict]  # per category: score, risks, unknowns, passed, accepted
    products: _Products = field(compare=False, repr=False)

    @property
    def findings(self) -> tuple[Scored, ...]:
        """Every outcome with its contribution, ordered by contribution (passes last, in rule order)."""
        return tuple(map(Scored._make, self.ranked)) + tuple(Scored(o, 0.0, False) for o in self.passes)

    @functools.cached_property
    def top(self) -> tuple[tuple[Scored, float], ...]:
        """The (up to) four largest findings, each with the score if it were fixed. Worked out on
        first use: a report shows them, a batch's tables do not (it saves a tenth of scoring)."""
        p = self.products
        safe_r, safe_u = p.prefix_r[-1], p.prefix_u[-1]
        position = {rid: i for i, rid in enumerate(p.risk_ids)}
        position_u = {rid: i for i, rid in enumerate(p.open_ids)}
        top = []
        for s in map(Scored._make, self.ranked[:4]):
            if s.points <= 0:
                break
            rid = s.outcome.rule.id
            if rid in position:
                fixed = _blend(_without(p.risk_c, p.prefix_r, position[rid]), safe_u)
            else:
                fixed = _blend(safe_r, _without(p.open_c, p.prefix_u, position_u[rid]))
            top.append((s, fixed))
        return tuple(top)


def level_for(score: float) -> str:
    for bound, name in LEVELS:
        if score < bound:
            return name
    return "critical"


def _safe(charges, safe: float = 1.0) -> float:
    """``safe`` × Π(1 − c/100), multiplied in order: the chance that none of the charges happens."""
    return _prefix(charges, safe)[-1]


def charge(points: float, severity: str, status: str) -> float:
    """What one outcome adds on its own, 0-100."""
    if status == "risk":
        return points
    if status == "unknown":
        return points * UNKNOWN_WEIGHT[severity]
    return 0.0


def _blend(safe_r: float, safe_u: float) -> float:
    """The score from the two products: 100 × (1 − (1 − r)(1 − OPEN_SHARE·u)), r = 1 − safe_r, u = 1 − safe_u."""
    r, u = 1.0 - safe_r, 1.0 - safe_u
    return 100.0 * (1.0 - (1.0 - r) * (1.0 - OPEN_SHARE * u))


def blend(risks: dict[str, float], opens: dict[str, float]) -> float:
    """The score: known risks combined, then open questions filling at most OPEN_SHARE of the room left."""
    return _blend(_safe(risks.values()), _safe(opens.values()))


_LOG_WEIGHTS: dict[float, float] = {}  # charge -> −ln(1 − charge/100); charges come from a small set


def _log_weights(charges: list[float]) -> list[float]:
    """−ln(1 − c/100) for each charge (cached: charges come from a small set)."""
    try:
        return [_LOG_WEIGHTS[c] for c in charges]
    except KeyError:
        if len(_LOG_WEIGHTS) > 10_000:
            _LOG_WEIGHTS.clear()
        for c in charges:
            if c not in _LOG_WEIGHTS:
                _LOG_WEIGHTS[c] = -math.log1p(-min(c, 99.999) / 100.0)
        return [_LOG_WEIGHTS[c] for c in charges]


def _shares(total: float, safe_r: float, safe_u: float, risk_c: list[float], open_c: list[float]):
    """Each charge's share of ``total``, as two lists aligned with the two lists of charges."""
    r, u = 1.0 - safe_r, 1.0 - safe_u
    lr, lu = -math.log1p(-min(r, 0.99999)), -math.log1p(-min(OPEN_SHARE * u, 0.99999))
    out = []
    for charges, weight in ((risk_c, lr), (open_c, lu)):
        logs = _log_weights(charges)
        total_log = sum(logs)
        if total_log <= 0 or lr + lu <= 0:
            out.append([0.0] * len(charges))
            continue
        k = total * (weight / (lr + lu))
        out.append([k * (lg / total_log) for lg in logs])
    return out


def attribute(risks: dict[str, float], opens: dict[str, float]) -> dict[str, float]:
    """Split the score over the rules so that the parts add up to it exactly.

    The score is 1 − (1−r)(1−αu): each of the two factors gets its share of the
    score in proportion to −ln(factor), and each rule its share of its factor in
    proportion to −ln(1 − its charge)."""
    safe_r, safe_u = _safe(risks.values()), _safe(opens.values())
    share_r, share_u = _shares(_blend(safe_r, safe_u), safe_r, safe_u, list(risks.values()), list(opens.values()))
    return {**dict(zip(risks, share_r)), **dict(zip(opens, share_u))}


def _without(charges: list[float], prefix: list[float], i: int) -> float:
    """_safe(charges without the i-th), multiplied in the same order: the prefix, then the rest."""
    return _safe(charges[i + 1:], prefix[i])


def _prefix(charges, safe: float = 1.0) -> list[float]:
    """The running products [safe, safe·(1 − c₁/100), ...], each step one multiplication, in order."""
    out = [safe]
    for c in charges:
        safe *= 1.0 - c / 100.0
        out.append(safe)
    return out


def _one_question_per_fact_set(charges: list[float], missing: list[tuple]) -> list[float]:
    """Open questions that hang on exactly the same unknown facts are one question:
    only the gravest of them counts (e.g. six black-hat rules all waiting on
    ``compliance.tactics_offered``). Both lists are in rule-id order; each ``missing``
    is sorted and unique (RuleSet.evaluate)."""
    best: dict[tuple, int] = {}
    setdefault = best.setdefault
    for i, (key, c) in enumerate(zip(missing, charges)):
        if key:
            cur = setdefault(key, i)
            if c > charges[cur]:
                best[key] = i
    if len(best) == sum(map(bool, missing)):
        return charges  # no two share their facts
    keep = set(best.values())
    return [c if i in keep or not missing[i] else 0.0 for i, c in enumerate(charges)]


_listing_key = operator.attrgetter("rule.sort_key", "subject")
_points = operator.itemgetter(1)


def score(outcomes, waived_rules: frozenset[str] = frozenset(), known_facts: int = 0, *, listed: bool = False) -> Score:
    """Score rule outcomes; rules in ``waived_rules`` are reported but do not count.

    ``known_facts`` is how many facts the rules read were known (RuleSet.evaluate);
    completeness is that over known plus the unknown facts behind open questions.
    ``listed``: the outcomes come in listing order, by rule (``sort_key``) then subject,
    as RuleSet.evaluate gives them; otherwise they are put in that order first.

    A batch scores a hundred outcomes per deal, most of them passes, which add
    nothing. Scoring is the batch's costliest step after the engine, so it keeps
    to plain loops and comprehensions over slotted outcomes, and to sorts on
    float or string keys."""
    if not listed:
        outcomes = sorted(outcomes, key=_listing_key)
    passes = [o for o in outcomes if o.status == "pass"]
    risky = [o for o in outcomes if o.status == "risk"]
    unknown = [o for o in outcomes if o.status == "unknown"]
    # By status, then in listing order: each rule's first outcome here is its worst (a pass is
    # never the worst when the rule has another), and the order in which equal contributions rank.
    others = risky + unknown
    worst = {o.rule.id: o for o in reversed(others)}
    # In rule-id order, so that floating-point products do not depend on input order.
    risk_ids, risk_c, open_ids, open_c, open_missing = [], [], [], [], []
    for rid in sorted(worst):
        o = worst[rid]
        r = o.rule
        c = 0.0 if rid in waived_rules else charge(r.points, r.severity, o.status)
        if o.status == "risk":
            risk_ids.append(rid)
            risk_c.append(c)
        else:
            open_ids.append(rid)
            open_c.append(c)
            open_missing.append(o.missing)
    open_c = _one_question_per_fact_set(open_c, open_missing)
    prefix_r, prefix_u = _prefix(risk_c), _prefix(open_c)
    safe_r, safe_u = prefix_r[-1], prefix_u[-1]
    total = _blend(safe_r, safe_u)
    share_r, share_u = _shares(total, safe_r, safe_u, risk_c, open_c)
    shares = dict(zip(risk_ids, share_r))
    shares.update(zip(open_ids, share_u))

    # Each outcome's contribution (only a rule's worst counts), then ranked: a stable sort by
    # contribution keeps equal ones by status, rule and subject.
    points = [shares[o.rule.id] if worst[o.rule.id] is o else 0.0 for o in others]
    waived = [o.rule.id in waived_rules for o in others] if waived_rules else itertools.repeat(False)
    ranked = tuple(sorted(zip(others, points, waived), key=_points, reverse=True))

    cats = {c: {"score": 0.0, "risks": 0, "unknowns": 0, "passed": 0, "accepted": 0} for c in CATEGORIES}
    asked_unknown = {m for o in unknown for m in o.missing}
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
    for o, p, _ in ranked:  # category scores add up in ranked order; zero shares (at the end) add nothing
        if not p:
            break
        cats[o.rule.category]["score"] += p
    blockers = {o.rule.id for o in risky if o.rule.severity == "blocker"}
    high_risk = any(o.rule.severity in ("blocker", "high") for o in risky)

    # Completeness: a rule that decided without a fact did not need it, so only the
    # unknown facts behind open questions count against the known ones.
    denominator = known_facts + len(asked_unknown)
    completeness = known_facts / denominator if denominator else 1.0

    level = level_for(total)
    # Open questions alone stay below "critical" (OPEN_SHARE), so "critical" always rests on known risks.
    if blockers or level == "critical":
        verdict = "do_not_sign"
    elif level == "low" and completeness >= PROCEED_MIN_COMPLETENESS and not high_risk:
        verdict = "proceed"
    else:
        verdict = "negotiate"

    return Score(total, level, verdict, completeness, ranked, tuple(passes), tuple(sorted(blockers)), cats,
                 _Products(risk_ids, risk_c, prefix_r, open_ids, open_c, prefix_u))


def waiver_in_force(expires: dt.date | None, as_of: dt.date) -> bool:
    return expires is None or expires >= as_of
