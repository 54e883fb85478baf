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

from .rulepack import CATEGORIES, SEVERITIES
from .ruleset import Outcome

UNKNOWN_WEIGHT = 0.4
STATUS_WEIGHT = {"risk": 1.0, "unknown": UNKNOWN_WEIGHT, "pass": 0.0}
STATUS_RANK = {"risk": 0, "unknown": 1, "pass": 2}
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
# Levels by score: below 20 low, below 40 medium, below 65 high, else critical.
LEVELS = ((20.0, "low"), (40.0, "medium"), (65.0, "high"), (float("inf"), "critical"))
LEVEL_ORDER = ("low", "medium", "high", "critical")
PROCEED_MIN_COMPLETENESS = 0.8


@dataclass(frozen=True)
class Scored:
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


def _charge(o: Outcome, waived: bool) -> float:
    return 0.0 if waived else o.rule.rule.points * STATUS_WEIGHT[o.status]


def score(outcomes: list[Outcome], waived_rules: frozenset[str] = frozenset()) -> Score:
    """Score rule outcomes; rules in ``waived_rules`` are reported but do not count."""
    worst: dict[str, Outcome] = {}
    for o in outcomes:
        cur = worst.get(o.rule.id)
        key = (STATUS_RANK[o.status], o.subject)
        if cur is None or key < (STATUS_RANK[cur.status], cur.subject):
            worst[o.rule.id] = o
    # Sorted by rule id so that floating-point sums do not depend on input order.
    charges = {rid: _charge(worst[rid], rid in waived_rules) for rid in sorted(worst)}
    total = combine(charges.values())
    logs = {rid: -math.log1p(-min(c, 99.999) / 100.0) for rid, c in charges.items()}
    log_sum = sum(logs.values())

    scored = []
    for o in outcomes:
        waived = o.rule.id in waived_rules and o.status != "pass"
        share = 0.0
        if worst[o.rule.id] is o and log_sum > 0:
            share = total * logs[o.rule.id] / log_sum
        scored.append(Scored(o, share, waived))
    scored.sort(key=lambda s: (-round(s.points, 6), STATUS_RANK[s.outcome.status],
                               SEVERITY_RANK[s.outcome.rule.rule.severity], s.outcome.rule.id, s.outcome.subject))

    blockers = sorted({s.outcome.rule.id for s in scored
                       if s.outcome.status == "risk" and s.outcome.rule.rule.severity == "blocker" and not s.waived})
    # Completeness: facts the rules needed. A rule that decided without a fact did not need it.
    known: set[str] = set()
    asked_unknown: set[str] = set()
    for o in outcomes:
        known.update(o.known)
        if o.status == "unknown":
            asked_unknown.update(o.missing)
    asked_unknown -= known
    denominator = len(known) + len(asked_unknown)
    completeness = len(known) / denominator if denominator else 1.0

    level = level_for(total)
    high_risk = any(s.outcome.status == "risk" and not s.waived and s.outcome.rule.rule.severity in ("blocker", "high")
                    for s in scored)
    # "Do not sign" is a judgement on what is known: blockers, or known risks alone at critical.
    # A score driven to critical by open questions says "find out first" (negotiate).
    known_only = combine(c for rid, c in charges.items() if worst[rid].status == "risk")
    if blockers or level_for(known_only) == "critical":
        verdict = "do_not_sign"
    elif level == "low" and completeness >= PROCEED_MIN_COMPLETENESS and not high_risk:
        verdict = "proceed"
    else:
        verdict = "negotiate"

    top = []
    for s in scored[:4]:
        if s.points <= 0:
            break
        rest = [c for rid, c in charges.items() if rid != s.outcome.rule.id]
        top.append((s, combine(rest)))
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
