"""The assessment: what scoring decided, in the shape of the JSON contract
``vetting/assessment@2`` (design/architecture.md, docs/scoring.md). Reports render from it and
compute nothing of their own.

Plain dataclasses with slots: every value comes from validated rules and from
scoring, so there is nothing to validate, and a batch builds a hundred findings
per deal (a frozen dataclass takes eight times as long to build). Treat them as
values: nothing in vetting changes an assessment after it is made.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional
from ..io.jsontext import Document

ASSESSMENT_FORMAT = "vetting/assessment@2"


@dataclass(slots=True)
class Finding:
    rule_id: str
    category: str
    severity: str
    status: str  # risk | unknown | pass | na
    points: float  # contribution to the score (0 for open questions, passes, waived findings, and repeats of a rule)
    subject: str
    refs: list[str]
    title: str  # for a pass, the rule's pass title ("A stop-loss exit is in the contract")
    why: str
    ask: str
    evidence: str
    fix: str
    sources: list[str]
    missing: list[str]  # the unknown facts behind an open question
    waived: bool = False
    exposure: float = 0.0  # an open question's share of the open exposure (0 for the rest)
    # a risk or open question whose applicability is unknown: the unknown facts that decide it, and what was assumed
    assumed: list[str] = field(default_factory=list)
    assumes: str = ""
    # the evidence is the seller's own check, not something to ask the provider for (rule's own_check)
    own_check: bool = False
    subject_name: str = ""  # the subject as the deal names it: a KPI's name ("" when the deal gives none)
    # what the seller checks themselves beside the evidence the provider sends (rule's check; "" when none)
    check: str = ""
    # a risk or open question: the deal's facts behind it in one line, as `vetting explain` words it ("" otherwise)
    because: str = ""
    # no clause fixes it: a reason to walk away or to check first, never a negotiation step (rule's walk_away)
    walk_away: bool = False
    # the facts behind it that only the provider stated, not verified: it stays open until the seller checks
    # them (decide/provenance.py); [] for the rest
    unverified: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FactSource:
    """Where one fact of the deal came from (the deal's ``sources``), as the reports' facts table shows it."""

    field: str  # the concrete path: contract.auto_renewal.present, kpis[K1].target
    value: object  # the fact as the deal states it (null: unknown)
    origin: str  # seller | provider | contract | registry (the source's ``from``)
    by: Optional[str]
    on: Optional[str]
    evidence: Optional[str]
    evidence_date: Optional[str]
    verified: Optional[bool]
    form: Optional[str]
    clause: Optional[str]
    page: Optional[int]
    quote: Optional[str]
    comment: Optional[str]
    unverified: bool  # the provider's word only, on a fact to verify: it cannot clear a risk (decide/provenance.py)
    stale: bool  # the evidence is older than --evidence-max-age months before the report date
    check: str  # for an unverified fact: the seller's own check beside it ("" otherwise)


@dataclass(slots=True)
class CategoryFigures:
    score: float
    risks: int
    unknowns: int
    passed: int
    accepted: int
    not_applicable: int


@dataclass(slots=True)
class Fix:
    """One fix: the findings one clause (or one good answer) turns into passes, and where the deal
    then stands. In ``fix_first`` each fix is applied alone; in ``path`` one after another."""

    rule_ids: list[str]
    subject: str  # the subject of the largest of the findings fixed
    score_after: float
    level_after: str
    verdict_after: str
    group: Optional[str]  # the clause group (docs/scoring.md), or null for a rule fixed alone
    status: str  # risk: a clause to get; unknown: a question to get answered well
    title: str  # the clause group's name, or the rule's title
    points: float  # what the fixed findings add to the score now
    share: float = 0.0  # % of today's known risk (the load of known risks) this fix removes on its own


@dataclass(slots=True)
class CancelBy:
    date: str
    status: str  # ok | near | passed
    days_left: int
    term_end: str
    notice_days: int


@dataclass(slots=True)
class WaiverStatus:
    rule: str
    reason: str
    by: Optional[str]
    expires: Optional[str]
    status: str  # applied | expired | refused_blocker | no_finding


@dataclass(slots=True)
class RulesInfo:
    packs: list[str]
    count: int


@dataclass(slots=True)
class DealInfo:
    title: Optional[str]
    seller: Optional[str]
    currency: Optional[str]  # null when the deal file leaves it out (unknown)
    as_of: str
    digest: str


@dataclass(slots=True)
class LetterQuestion:
    field: str  # the fact asked, as a concrete path (kpis[sales].formula)
    topic: str  # the field registry's topic
    about: str  # the KPI, claim or case study it is about ("" for the deal itself)
    question: str  # the question to the provider (report_templates/questions.<lang>.yaml)


@dataclass(slots=True)
class Letter:
    """The letter to the provider: the first fixes of the negotiation path as requests, then the facts
    the provider can answer and the deal does not know (decide/questions.py), the most decisive in the
    body and the rest in an annex."""

    requests: list[str]  # the first three clause fixes of the path (their titles)
    questions: list[LetterQuestion]  # at most ten, grouped by topic, most decisive first
    annex: list[LetterQuestion]


@dataclass(slots=True)
class Assessment(Document):
    deal_id: str
    provider: str
    score: float
    level: str
    verdict: str
    completeness: float
    exposure: float  # how far the score would rise if every open question were answered badly
    categories: dict[str, CategoryFigures]
    blockers: list[str]
    fix_first: list[Fix]
    path: list[Fix]
    ask_first: list[str]  # the open questions to ask first (rule ids, largest share of the exposure first)
    report_date: str  # the day the report was made (`--today`); deal.as_of is the day the deal was evaluated as of
    cancel_by: Optional[CancelBy]  # days_left and status count from report_date
    waivers: list[WaiverStatus]
    findings: list[Finding]
    rules: RulesInfo
    deal: DealInfo
    lang: str
    letter: Letter  # the letter to the provider (requests, questions, annex); additive under @2
    # where the deal's facts came from (its ``sources``), in the deal's order; [] when it names none
    sources: list[FactSource] = field(default_factory=list)
    format: str = field(default=ASSESSMENT_FORMAT)

