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
negotiation.py; the clause groups that fix several findings at once are here
(``CLAUSE_GROUPS``).
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import operator
from dataclasses import dataclass, field
from typing import NamedTuple

from .rulepack import CATEGORIES
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
    "ip_assignment": ("IP-001", "IP-004", "IP-005"),  # creatives and copy assigned to the seller
    "data_and_accounts": ("DATA-005", "DATA-006", "DATA-007", "DATA-008"),  # data and accounts stay the seller's
    "reporting": ("DATA-003", "DATA-004", "DATA-009"),  # live access, raw exports, a fixed report template
    "review_cadence": ("GOV-002", "GOV-003", "GOV-004", "GOV-005"),  # weekly meeting, daily brief, KPI reviews
    "scope": ("GOV-008", "GOV-009"),  # a positive list of services and who does what
    "renewal": ("REN-001", "REN-002", "REN-003", "REN-006"),  # no tacit renewal, or short notice and term
    "permissions": ("SEC-003", "SEC-004"),  # least-privilege access
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


def verdict_for(level: str, blockers: bool, completeness: float, serious: bool = False) -> str:
    """``serious``: an unwaived known risk of medium severity or more remains. "Proceed" means "sign on
    these terms", so it needs none (a waiver is how a buyer accepts one), besides level low."""
    if blockers or level == "critical":
        return "do_not_sign"
    if completeness < JUDGE_MIN_COMPLETENESS:
        return "insufficient_information"
    if level == "low" and completeness >= PROCEED_MIN_COMPLETENESS and not serious:
        return "proceed"
    return "negotiate"


def judge(items, completeness: float) -> tuple[float, str, str]:
    """(score, level, verdict) of a set of known risks at a completeness."""
    items = list(items)
    s = headline_score(items)
    level = level_for(s)
    return s, level, verdict_for(level, any(it.severity == "blocker" for it in items), completeness,
                                 any(it.severity in SERIOUS for it in items))


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


# id(LoadedRule) -> (the rule, its Item): a batch scores sixty rules per deal, always the same ones
_ITEMS: dict[tuple[int, int], tuple[object, Item]] = {}
_listing_key = operator.attrgetter("rule.sort_key", "subject")
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
        from .negotiation import after

        return after(self, fixed, answered)

    @functools.cached_property
    def fix_first(self) -> tuple[Step, ...]:
        """The known-risk fixes that do most for the verdict, then for the score (negotiation.fix_first)."""
        from .negotiation import fix_first

        return fix_first(self)

    @functools.cached_property
    def path(self) -> tuple[Step, ...]:
        """The negotiation path: fixes one after another until negotiate, then proceed (negotiation.path)."""
        from .negotiation import path

        return path(self)


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
        graded = r.rule.variants[o.variant].points if o.variant >= 0 and r.rule.variants else None
        key = (id(r), o.variant if graded else -1)
        entry = items.get(key)
        if entry is None:  # r kept alive: its id stays its own
            entry = items[key] = (r, Item(r.category, graded or r.points, r.severity, r.rule.walk_away))
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
    then subject, as RuleSet.evaluate gives them; otherwise they are put in that order first."""
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
    verdict = verdict_for(level, blocker, completeness, any(it.severity in SERIOUS for it in known.values()))
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


def waiver_in_force(expires: dt.date | None, as_of: dt.date) -> bool:
    return expires is None or expires >= as_of
