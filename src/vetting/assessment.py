"""The assessment: what scoring decided, in the shape of the JSON contract
``vetting/assessment@1`` (design/architecture.md). Reports render from it and
compute nothing of their own.

Plain dataclasses with slots: every value comes from validated rules and from
scoring, so there is nothing to validate, and a batch builds a hundred findings
per deal (a frozen dataclass takes eight times as long to build). Treat them as
values: nothing in vetting changes an assessment after it is made.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Optional

ASSESSMENT_FORMAT = "vetting/assessment@1"


@dataclass(slots=True)
class Finding:
    rule_id: str
    category: str
    severity: str
    status: str  # risk | unknown | pass
    points: float  # contribution to the score (0 for passes, waived findings, and repeats of a rule)
    subject: str
    refs: list[str]
    title: str
    why: str
    ask: str
    evidence: str
    fix: str
    sources: list[str]
    missing: list[str]  # the unknown facts behind an open question
    waived: bool = False
    # a risk or open question on a rule whose applicability is unknown: the unknown facts and what was assumed
    assumed: list[str] = field(default_factory=list)
    assumes: str = ""


@dataclass(slots=True)
class CategoryFigures:
    score: float
    risks: int
    unknowns: int
    passed: int
    accepted: int


@dataclass(slots=True)
class TopReason:
    rule_id: str
    subject: str
    status: str
    title: str
    fix: str
    points: float
    score_if_fixed: float  # the score with this rule passing


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
    currency: str
    as_of: str
    digest: str


@dataclass(slots=True)
class Assessment:
    deal_id: str
    provider: str
    score: float
    level: str
    verdict: str
    completeness: float
    categories: dict[str, CategoryFigures]
    blockers: list[str]
    top_reasons: list[TopReason]
    cancel_by: Optional[CancelBy]
    waivers: list[WaiverStatus]
    findings: list[Finding]
    rules: RulesInfo
    deal: DealInfo
    lang: str
    format: str = field(default=ASSESSMENT_FORMAT)

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        return {"format": data.pop("format"), **data}

    def to_json(self) -> str:
        """Canonical JSON: same input, same bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
