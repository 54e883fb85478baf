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
import math
from dataclasses import dataclass
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
STATUS_RANK = {"risk": 0, "unknown": 1, "pass": 2}
# Levels by score: below 20 low, below 45 medium, below 75 high, else critical.
LEVELS = ((20.0, "low"), (45.0, "medium"), (75.0, "high"), (float("inf"), "critical"))
LEVEL_ORDER = tuple(name for _, name in LEVELS)
PROCEED_MIN_COMPLETENESS = 0.8


class Scored(NamedTuple):
    outcome: Outcome
    points: float  # contribution (0 for all but the rule's worst subject)
    waived: bool


@dataclass(frozen=True)
class Score:
    score: float
    level: str
    verdict: str
    completeness: float
    findings: tuple[Scored, ...]  # ordered by contribution
    blockers: tuple[str, ...]
    top: tuple[tuple[Scored, float], ...]  # (finding, score if fixed)


def level_for(score: float) -> str:
    for bound, name in LEVELS:
        if score < bound:
            return name
    return "critical"


def combine(charges) -> float:
    """100 × (1 − Π(1 − c/100)) for charges c in 0–100."""
    safe = 1.0
    for c in charges:
        safe *= 1.0 - c / 100.0
    return 100.0 * (1.0 - safe)


def charge(points: float, severity: str, status: str) -> float:
    """What one outcome adds on its own, 0-100."""
    if status == "risk":
        return points
    if status == "unknown":
        return points * UNKNOWN_WEIGHT[severity]
    return 0.0


def blend(risks: dict[str, float], opens: dict[str, float]) -> float:
    """The score: known risks combined, then open questions filling at most OPEN_SHARE of the room left."""
    r = combine(risks.values()) / 100.0
    u = combine(opens.values()) / 100.0
    return 100.0 * (1.0 - (1.0 - r) * (1.0 - OPEN_SHARE * u))


def _log_weights(charges: dict[str, float]) -> dict[str, float]:
    return {rid: -math.log1p(-min(c, 99.999) / 100.0) for rid, c in charges.items()}


def attribute(risks: dict[str, float], opens: dict[str, float]) -> dict[str, float]:
    """Split the score over the rules so that the parts add up to it exactly.

    The score is 1 − (1−r)(1−αu): each of the two factors gets its share of the
    score in proportion to −ln(factor), and each rule its share of its factor in
    proportion to −ln(1 − its charge)."""
    total = blend(risks, opens)
    r = combine(risks.values()) / 100.0
    u = combine(opens.values()) / 100.0
    lr, lu = -math.log1p(-min(r, 0.99999)), -math.log1p(-min(OPEN_SHARE * u, 0.99999))
    out: dict[str, float] = {}
    for group, weight in ((risks, lr), (opens, lu)):
        logs = _log_weights(group)
        total_log = sum(logs.values())
        if total_log <= 0 or lr + lu <= 0:
            continue
        for rid, lg in logs.items():
            out[rid] = total * (weight / (lr + lu)) * (lg / total_log)
    return out


def _one_question_per_fact_set(opens: dict[str, float], worst: dict[str, Outcome]) -> dict[str, float]:
    """Open questions that hang on exactly the same unknown facts are one question:
    only the gravest of them counts (e.g. six black-hat rules all waiting on
    ``compliance.tactics_offered``)."""
    best: dict[frozenset, str] = {}
    for rid in opens:  # already in rule-id order
        key = frozenset(worst[rid].missing)
        if not key:
            continue
        cur = best.get(key)
        if cur is None or opens[rid] > opens[cur]:
            best[key] = rid
    keep = set(best.values())
    return {rid: (c if rid in keep or not worst[rid].missing else 0.0) for rid, c in opens.items()}


def _charge(o: Outcome, waived: bool) -> float:
    return 0.0 if waived else charge(o.rule.rule.points, o.rule.rule.severity, o.status)


def score(outcomes: list[Outcome], waived_rules: frozenset[str] = frozenset(), known_facts: int = 0) -> Score:
    """Score rule outcomes; rules in ``waived_rules`` are reported but do not count.

    ``known_facts`` is how many facts the rules read were known (RuleSet.evaluate);
    completeness is that over known plus the unknown facts behind open questions."""
    worst: dict[str, Outcome] = {}
    rank = STATUS_RANK
    for o in outcomes:
        rid = o.rule.id
        cur = worst.get(rid)
        if cur is None or (rank[o.status], o.subject) < (rank[cur.status], cur.subject):
            worst[rid] = o
    # In rule-id order, so that floating-point sums do not depend on input order.
    risks: dict[str, float] = {}
    opens: dict[str, float] = {}
    for rid in sorted(worst):
        o = worst[rid]
        if o.status == "risk":
            risks[rid] = _charge(o, rid in waived_rules)
        elif o.status == "unknown":
            opens[rid] = _charge(o, rid in waived_rules)
    opens = _one_question_per_fact_set(opens, worst)
    total = blend(risks, opens)
    shares = attribute(risks, opens)

    scored = []
    keys = []
    for o in outcomes:
        rid = o.rule.id
        waived = o.status != "pass" and rid in waived_rules
        share = shares.get(rid, 0.0) if worst[rid] is o else 0.0
        scored.append(Scored(o, share, waived))
        keys.append((-share, rank[o.status], o.rule.sort_key, o.subject))
    order = sorted(range(len(scored)), key=keys.__getitem__)
    scored = [scored[i] for i in order]

    blockers = sorted({s.outcome.rule.id for s in scored
                       if s.outcome.status == "risk" and s.outcome.rule.rule.severity == "blocker" and not s.waived})
    # Completeness: a rule that decided without a fact did not need it, so only the
    # unknown facts behind open questions count against the known ones.
    asked_unknown = {m for o in outcomes if o.status == "unknown" for m in o.missing}
    denominator = known_facts + len(asked_unknown)
    completeness = known_facts / denominator if denominator else 1.0

    level = level_for(total)
    high_risk = any(s.outcome.status == "risk" and not s.waived and s.outcome.rule.rule.severity in ("blocker", "high")
                    for s in scored)
    # Open questions alone stay below "critical" (OPEN_SHARE), so "critical" always rests on known risks.
    if blockers or level == "critical":
        verdict = "do_not_sign"
    elif level == "low" and completeness >= PROCEED_MIN_COMPLETENESS and not high_risk:
        verdict = "proceed"
    else:
        verdict = "negotiate"

    top = []
    for s in scored[:4]:
        if s.points <= 0:
            break
        rid = s.outcome.rule.id
        top.append((s, blend({k: v for k, v in risks.items() if k != rid}, {k: v for k, v in opens.items() if k != rid})))
    return Score(total, level, verdict, completeness, tuple(scored), tuple(blockers), tuple(top))


def category_figures(scored: tuple[Scored, ...]) -> dict[str, dict]:
    out = {c: {"score": 0.0, "risks": 0, "unknowns": 0, "passed": 0, "accepted": 0} for c in CATEGORIES}
    for s in scored:
        fig = out[s.outcome.rule.rule.category]
        fig["score"] += s.points
        if s.waived:
            fig["accepted"] += 1
        elif s.outcome.status == "risk":
            fig["risks"] += 1
        elif s.outcome.status == "unknown":
            fig["unknowns"] += 1
        else:
            fig["passed"] += 1
    return out


def waiver_in_force(expires: dt.date | None, as_of: dt.date) -> bool:
    return expires is None or expires >= as_of
