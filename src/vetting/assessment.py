"""The assessment: what scoring decided, in the shape of the JSON contract
``vetting/assessment@1`` (design/architecture.md). Reports render from it and
compute nothing of their own."""
from __future__ import annotations

import json
from typing import Optional

from pydantic import BaseModel, ConfigDict

ASSESSMENT_FORMAT = "vetting/assessment@1"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Finding(_Out):
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


class CategoryFigures(_Out):
    score: float
    risks: int
    unknowns: int
    passed: int
    accepted: int


class TopReason(_Out):
    rule_id: str
    subject: str
    status: str
    title: str
    fix: str
    points: float
    score_if_fixed: float  # the score with this rule passing


class CancelBy(_Out):
    date: str
    status: str  # ok | near | passed
    days_left: int
    term_end: str
    notice_days: int


class WaiverStatus(_Out):
    rule: str
    reason: str
    by: Optional[str]
    expires: Optional[str]
    status: str  # applied | expired | refused_blocker | no_finding


class RulesInfo(_Out):
    packs: list[str]
    count: int


class DealInfo(_Out):
    title: Optional[str]
    seller: Optional[str]
    currency: str
    as_of: str
    digest: str


class Assessment(_Out):
    format: str = ASSESSMENT_FORMAT
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

    def to_json(self) -> str:
        """Canonical JSON: same input, same bytes."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
