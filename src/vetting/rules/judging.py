"""The score model: known risks (Items) to load, score, level and verdict (docs/scoring.md).

The constants, the clause groups and the pure figures that both ``scoring`` (a deal's Score) and
``negotiation`` (what fixing findings does to it) read; scoring.py explains the model.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from .reference import Outcome

# -- the model's constants (docs/scoring.md gives the reasoning and the calibration) -------------
AREA_CAP = 20.0  # at most this many points from the medium and low risks of one area
SCALE = 150.0  # load in points at which the score reaches 1 − 1/e ≈ 63
# Levels by score: below 15 low, below 40 medium, below 70 high, else critical.
LEVELS = ((15.0, "low"), (40.0, "medium"), (70.0, "high"), (float("inf"), "critical"))
LEVEL_ORDER = tuple(name for _, name in LEVELS)
MEDIUM, CRITICAL = LEVELS[0][0], LEVELS[2][0]  # score floors: a known high risk, a known blocker
PROCEED_MIN_COMPLETENESS = 0.8  # "proceed" needs at least this much known
JUDGE_MIN_COMPLETENESS = 0.5  # below this, too little is known to judge: insufficient_information
VERDICT_ORDER = ("proceed", "negotiate", "insufficient_information", "do_not_sign")  # best first
UNCAPPED = frozenset({"blocker", "high"})
PATH_MAX_STEPS = 30
FIX_FIRST = 5  # how many fixes "Fix these first" lists
# The fix unit "every fixable blocker at once", when several units each hold one (negotiation._units): fixing one
# of them leaves the deal unsignable, its score in the critical band. Its title: strings fix_blockers_together.
BLOCKERS_TOGETHER = "blockers_together"

# Findings that one clause fixes. A group fixes together those of its rules that are known risks
# (or open questions); a rule in no group is fixed alone. Names: strings.<lang>.yaml clause_group.
CLAUSE_GROUPS: dict[str, tuple[str, ...]] = {
    # Annex 1: one line per KPI with metric, baseline and its period, target, formula, data source,
    # review period, refunds and tax netted, attribution window.
    "kpi_annex": ("KPI-001", "KPI-002", "KPI-003", "KPI-004", "KPI-006", "KPI-007", "KPI-008",
                  "KPI-009", "KPI-010"),
    "growth_plan": ("KPI-017", "KPI-018", "KPI-019"),  # month-by-month plan with staged milestones
    "stop_loss": ("EXIT-001", "EXIT-002", "EXIT-003", "EXIT-004"),  # a no-fault exit when KPIs are missed
    "exit_terms": ("EXIT-005", "EXIT-006", "EXIT-007", "FEE-007"),  # exit on notice, prepaid fees refunded pro rata
    "handover": ("EXIT-008", "EXIT-009"),  # hand back everything, drop access on the last day
    "ip_assignment": ("IP-001", "IP-005"),  # creatives and copy assigned to the seller
    "data_and_accounts": ("DATA-005", "DATA-006", "DATA-007", "DATA-008"),  # data and accounts stay the seller's
    "reporting": ("DATA-003", "DATA-004", "DATA-009"),  # live access, raw exports, a fixed report template
    "review_cadence": ("GOV-002", "GOV-003", "GOV-004", "GOV-005"),  # weekly meeting, daily brief, KPI reviews
    "scope": ("GOV-008", "GOV-009"),  # a positive list of services and who does what
    "renewal": ("REN-001", "REN-002", "REN-003", "REN-006"),  # no tacit renewal, or short notice and term
    # a partner authorisation or least-privilege user, 2-step on the seller's phone, no payout rights
    "account_control": ("SEC-001", "SEC-003", "SEC-004", "SEC-009"),
    "compliance_warranty": ("CMP-007", "CMP-008"),  # black-hat tactics forbidden, provider indemnifies
    "commission_basis": ("FEE-001", "FEE-002", "KPI-020"),  # commission on incremental GMV over a baseline
    "case_evidence": ("CRED-009", "CRED-010"),  # case studies verified against backend data
}
GROUP_OF = {rid: name for name, ids in CLAUSE_GROUPS.items() for rid in ids}


class Scored(NamedTuple):
    outcome: Outcome
    points: float  # contribution to the score (0 for all but the rule's worst subject, and for open questions)
    waived: bool


class Item(NamedTuple):
    """One rule as scoring sees it: the worst outcome's figures."""

    category: str
    points: float
    severity: str
    walk_away: bool = False  # no clause fixes it: never a fix, and while it stands no fix reaches a better verdict
    core_term: bool = False  # the term the deal is bought for: while its question is open, no "proceed"


@dataclass(frozen=True)
class Step:
    """One fix: the findings it turns into passes and where the deal then stands."""

    rule_ids: tuple[str, ...]
    group: str | None  # the clause group, or None for a rule fixed alone
    status: str  # risk (a clause to get) | unknown (a question to get answered well)
    subject: str  # the subject of the group's largest finding
    score_after: float
    level_after: str
    verdict_after: str
    completeness_after: float


def level_for(score: float) -> str:
    for bound, name in LEVELS:
        if score < bound:
            return name
    return "critical"


def area_load(points: float) -> float:
    """What the medium and low risks of one area add, points summed: soft-capped at AREA_CAP."""
    return AREA_CAP * -math.expm1(-points / AREA_CAP)


def load(items) -> tuple[float, dict[str, float]]:
    """The load T of known risks (Items) and the per-area sums of their medium and low points."""
    total = 0.0
    capped: dict[str, float] = {}
    for it in items:
        if it.severity in UNCAPPED:
            total += it.points
        else:
            capped[it.category] = capped.get(it.category, 0.0) + it.points
    return total + sum(area_load(v) for v in capped.values()), capped


def share_removed(known: dict, fixed) -> float:
    """The share (%) of the known risk's load that fixing the rules ``fixed`` removes, the others standing:
    what "Fix these first" says beside each fix, legible where the headline score is near its top."""
    total = load(known.values())[0]
    if total <= 0:
        return 0.0
    rest = load(it for rid, it in known.items() if rid not in fixed)[0]
    return max(0.0, (total - rest) / total * 100.0)


def raw_score(t: float) -> float:
    return -100.0 * math.expm1(-t / SCALE)


def floored(t: float, blocker: bool, high: bool) -> float:
    """The score of a load ``t``, with the floors of a known blocker and a known high risk.

    A known blocker puts the deal in the critical band, placed within it by the whole load
    (``CRITICAL + (100 − CRITICAL) × raw``): two unsignable deals are still told apart by how much
    else is wrong, and the score never falls when a risk is added."""
    s = raw_score(t)
    if blocker:
        return CRITICAL + (100.0 - CRITICAL) * s / 100.0
    if high:
        return max(s, MEDIUM)
    return s


def headline_score(items) -> float:
    """The score of a set of known risks (Items): the load mapped to 0–100, with the floors."""
    items = list(items)
    severities = {it.severity for it in items}
    return floored(load(items)[0], "blocker" in severities, "high" in severities)


SERIOUS = ("blocker", "high", "medium")  # a known risk of these severities stands between a deal and "proceed"


def verdict_for(level: str, blockers: bool, completeness: float, serious: bool = False, unread: bool = False) -> str:
    """``serious``: an unwaived known risk of medium severity or more remains; ``unread``: an unwaived open
    question of a core term (the term the deal is bought for) remains. "Proceed" means "sign on these
    terms", so it needs neither (a waiver is how a buyer accepts one), besides level low."""
    if blockers or level == "critical":
        return "do_not_sign"
    if completeness < JUDGE_MIN_COMPLETENESS:
        return "insufficient_information"
    if level == "low" and completeness >= PROCEED_MIN_COMPLETENESS and not serious and not unread:
        return "proceed"
    return "negotiate"


def unread(questions) -> bool:
    """Whether any of the open questions (Items) asks for a core term."""
    return any(it.core_term for it in questions)


def judge(items, completeness: float, open_items=()) -> tuple[float, str, str]:
    """(score, level, verdict) of a set of known risks at a completeness, with the open questions (Items)
    still standing (only a core term's counts: docs/scoring.md)."""
    items = list(items)
    s = headline_score(items)
    level = level_for(s)
    return s, level, verdict_for(level, any(it.severity == "blocker" for it in items), completeness,
                                 any(it.severity in SERIOUS for it in items), unread(open_items))


def shares(items: dict[str, Item], total: float, figures: tuple | None = None) -> dict[str, float]:
    """Split ``total`` over the rules in proportion to what each adds to the load: a high risk its
    points, a medium or low one its share of its area's capped load. The parts add up to ``total``.
    ``figures``: the (load, per-area sums) of a larger set the items belong to, when already known."""
    t, capped = figures if figures is not None else load(items.values())
    if t <= 0:
        return {rid: 0.0 for rid in items}
    k = total / t
    per_point = {c: (area_load(v) / v if v > 0 else 0.0) for c, v in capped.items()}
    return {rid: k * it.points * (1.0 if it.severity in UNCAPPED else per_point[it.category])
            for rid, it in items.items()}
