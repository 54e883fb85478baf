"""A rule as written in a pack file: its pydantic models and the vocabulary they check
(categories, severities, languages, points by severity, the texts a variant may replace).

Every rule is checked with pydantic (closed enums, no unknown keys, texts in en and zh);
``rules.rulepack`` loads the files and parses the conditions. The models build their validators
on first use (``defer_build``): a pack read back from the cache is rebuilt from validated data
(``constructed``) and never needs them.
"""

import re
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ..io.errors import said

CATEGORIES = ("kpi", "data", "exit", "renewal", "ip", "credibility", "fees", "security", "governance", "compliance")
SEVERITIES = ("blocker", "high", "medium", "low", "info")
LANGS = ("en", "zh")
SEED_POINTS = tuple(f"S{i}" for i in range(1, 27))
# Points a rule may carry, by severity: keeps packs calibrated with each other.
POINT_RANGES = {"blocker": (25, 60), "high": (8, 25), "medium": (3, 12), "low": (1, 5), "info": (0, 2)}
TEXT_FIELDS = ("title", "why", "ask", "evidence", "fix")
# Texts a variant may replace (a variant of a rule says the same thing for another law or platform).
VARIANT_FIELDS = ("title", "why", "ask", "evidence", "fix", "passed")

Category = Literal["kpi", "data", "exit", "renewal", "ip", "credibility", "fees", "security", "governance", "compliance"]
Severity = Literal["blocker", "high", "medium", "low", "info"]
Subject = Literal["deal", "kpi", "claim", "case_study", "milestone"]
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=3000, strip_whitespace=True)]

# A folded YAML text (>-) joins its lines with a space, which Chinese does not use: no space after full-width
# punctuation, none between two Chinese characters. Spaces next to Latin letters and digits stay.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# compiled by `re` on first use: only validating a rule needs it (a pack read back from the cache is not)
_CJK_SPACE = f"(?<=[\u3000-\u303f\uff00-\uffef]) +|(?<=[{_CJK}]) +(?=[{_CJK}])"


def _cjk_joined(value):
    return re.sub(_CJK_SPACE, "", value) if isinstance(value, str) else value


class RuleText(BaseModel):
    """What a reader sees, in one language."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    _joined = field_validator("*", mode="after")(classmethod(lambda cls, v: _cjk_joined(v)))
    title: Annotated[str, StringConstraints(min_length=2, max_length=140, strip_whitespace=True)]
    why: NonEmpty
    ask: NonEmpty
    evidence: NonEmpty
    # what the seller checks with their own eyes beside the evidence the provider sends (a test export
    # from their own login, their own sales figures): listed on the seller's own checklist, never in the
    # letter to the provider (docs/rule-format.md)
    check: Optional[NonEmpty] = None
    fix: NonEmpty
    # the title of a pass, stated positively ("A stop-loss exit is in the contract"); required, so a pass
    # never reads as the risk's title
    passed: Annotated[str, StringConstraints(min_length=2, max_length=140, strip_whitespace=True)]
    # what a finding assumes while a fact of ``applies:`` is unknown
    assumes: Optional[NonEmpty] = None


class VariantText(BaseModel):
    """The texts a variant replaces, in one language."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    _joined = field_validator("*", mode="after")(classmethod(lambda cls, v: _cjk_joined(v)))
    title: Optional[Annotated[str, StringConstraints(min_length=2, max_length=140, strip_whitespace=True)]] = None
    why: Optional[NonEmpty] = None
    ask: Optional[NonEmpty] = None
    evidence: Optional[NonEmpty] = None
    fix: Optional[NonEmpty] = None
    passed: Optional[Annotated[str, StringConstraints(min_length=2, max_length=140, strip_whitespace=True)]] = None


def _paths(cond) -> list[str]:
    """The field paths a condition reads (inside all, any, exists and none too)."""
    if isinstance(cond, list):
        return [p for c in cond for p in _paths(c)]
    if not isinstance(cond, dict):
        return []
    out = []
    for key, value in cond.items():
        if key in ("all", "any"):
            out += _paths(value)
        elif key in ("exists", "none"):
            out.append(f"{key}.{value.get('kind', '') if isinstance(value, dict) else ''}")
        else:
            out.append(key)
    return out


class Variant(BaseModel):
    """Texts for the deals where ``if`` is known to hold (the first such variant wins). A graded variant
    also carries its own ``points`` (and ``severity``, the rule's when omitted): one exposure, one rule,
    whose known risk weighs what the deal's grade of it weighs (docs/rule-format.md, "Graded outcomes")."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)
    if_: Any = Field(alias="if")
    points: Optional[Annotated[float, Field(ge=0, le=60)]] = None
    severity: Optional[Severity] = None
    en: VariantText
    zh: VariantText

    @property
    def graded(self) -> bool:
        return self.points is not None

    @model_validator(mode="after")
    def _same_fields(self):
        en = {k for k in VARIANT_FIELDS if getattr(self.en, k)}
        zh = {k for k in VARIANT_FIELDS if getattr(self.zh, k)}
        if not en:
            raise ValueError(said("variant_empty"))
        if en != zh:
            raise ValueError(said("variant_same", en=str(sorted(en)), zh=str(sorted(zh))))
        if self.severity is not None and self.points is None:
            raise ValueError(said("grade_severity_alone"))
        return self


# Rule ids retired from the core pack, never reused, each with the rule that took over its finding
# (docs/rule-format.md, "Retired rule ids"): a waiver naming one is refused with its successor's id.
RETIRED = {"IP-002": "IP-001", "IP-003": "IP-001", "IP-004": "IP-001", "KPI-005": "KPI-004",
           "SEC-002": "SEC-001", "SEC-005": "SEC-001", "FEE-017": "FEE-014", "FEE-018": "FEE-014"}


class Rule(BaseModel):
    """One rule as written in a pack file."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,6}-\d{3}$")]
    category: Category
    severity: Severity
    points: Annotated[float, Field(ge=0, le=60)]
    refs: list[Literal[SEED_POINTS]] = []  # type: ignore[valid-type]
    sources: Annotated[list[NonEmpty], Field(min_length=1)]
    subject: Subject = "deal"
    applies: Any = None  # whom the rule concerns; ``when`` says what is wrong
    when: Any
    variants: list[Variant] = []
    # the evidence is the seller's own check (a registry search, a reference call, a look at the backend),
    # not a document the provider sends: the report lists it on the seller's own checklist, and the letter
    # to the provider asks the question without it (docs/rule-format.md)
    own_check: bool = False
    # a fact the provider cannot fix by a clause (it offers black-hat services, wants paying into a personal
    # account, the signer is not the company checked, its record in court): a reason to walk away or to
    # check first, never a step of the negotiation (docs/scoring.md)
    walk_away: bool = False
    # the rule asks for the term the deal is bought for (the KPIs of an ongoing service): while its question is
    # open the verdict is at best "negotiate", for "proceed" means "sign on these terms" and nobody signs terms
    # they have not read; a background check or a clause the seller checks itself stays an open point (docs/scoring.md)
    core_term: bool = False
    # the rule asks for a list the deal file leaves out (the pitch's promises): its ``when`` is unknown while the
    # list is unknown and false once it is known, empty or not, so it is an open question or a pass, never a known
    # risk; its weight is what the rules on that list could weigh, so that its open exposure covers them
    # (docs/rule-format.md)
    question_only: bool = False
    en: RuleText
    zh: RuleText

    @model_validator(mode="after")
    def _points_fit_severity(self):
        lo, hi = POINT_RANGES[self.severity]
        if not lo <= self.points <= hi:
            raise ValueError(said("points_range", points=f"{self.points:g}", lo=lo, hi=hi, severity=self.severity))
        return self

    @model_validator(mode="after")
    def _grades_fit(self):
        """Graded variants come first, worst first (the first known to hold sets the weight, so a worse
        deal never picks a lighter grade), each with points in its severity's range, on a deal rule."""
        seen_plain, last = False, None
        for v in self.variants:
            if not v.graded:
                seen_plain = True
                continue
            severity = v.severity or self.severity
            lo, hi = POINT_RANGES[severity]
            if not lo <= v.points <= hi:
                raise ValueError(said("points_range", points=f"{v.points:g}", lo=lo, hi=hi, severity=severity))
            weight = (-SEVERITIES.index(severity), v.points)
            if seen_plain or not self._grade_is_deal_wide(v) or (last is not None and weight > last):
                raise ValueError(said("grades_order"))
            last = weight
        return self

    def _grade_is_deal_wide(self, v: Variant) -> bool:
        """A record rule counts once, at its worst subject: its graded variant may only read deal facts
        (``deal.…``) beside the rule's own ``when`` written as is, so that every subject that is a risk takes the
        same grade."""
        if self.subject == "deal":
            return True
        when = self.when if isinstance(self.when, list) else [self.when]
        tests = v.if_ if isinstance(v.if_, list) else [v.if_]
        return all(t in when or all(p.startswith("deal.") for p in _paths(t)) for t in tests)

    def grade(self, variant: int) -> tuple[float, str]:
        """(points, severity) of a known risk whose texts are those of ``variant`` (-1: the base)."""
        v = self.variants[variant] if variant >= 0 else None
        if v is None or not v.graded:
            return self.points, self.severity
        return v.points, v.severity or self.severity

    @model_validator(mode="after")
    def _assumption_stated(self):
        for lang in LANGS:
            has = getattr(self, lang).assumes is not None
            if self.applies is not None and not has:
                raise ValueError(said("assumes_required", lang=lang))
            if self.applies is None and has:
                raise ValueError(said("assumes_unused", lang=lang))
        if (self.en.passed is None) != (self.zh.passed is None):
            raise ValueError(said("passed_one_lang"))
        if (self.en.check is None) != (self.zh.check is None):
            raise ValueError(said("check_one_lang"))
        if self.own_check and self.en.check is not None:
            raise ValueError(said("check_with_own_check"))
        return self

    @field_validator("zh")
    @classmethod
    def _zh_is_chinese(cls, text: RuleText):
        for name in (*TEXT_FIELDS, "passed", "assumes", "check"):
            value = getattr(text, name)
            if value is not None and not re.search(r"[\u4e00-\u9fff]", value):
                raise ValueError(said("zh_not_chinese", name=name))
        return text

    def text(self, lang: str) -> RuleText:
        return self.en if lang == "en" else self.zh



class _PackMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,40}$")]
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    description: Optional[str] = None


class _RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    category: Category
    rules: list[Any]  # each checked on its own (load_pack), so one bad rule does not hide the others


def constructed(data: dict) -> Rule:
    """A Rule from the data of a validated one (``Rule.model_dump()``), without validating it again:
    what the rule-pack cache holds is only ever written from rules that passed validation."""
    variants = [Variant.model_construct(if_=v["if_"], points=v.get("points"), severity=v.get("severity"),
                                        en=VariantText.model_construct(**v["en"]),
                                        zh=VariantText.model_construct(**v["zh"])) for v in data["variants"]]
    return Rule.model_construct(**{**data, "en": RuleText.model_construct(**data["en"]),
                                   "zh": RuleText.model_construct(**data["zh"]), "variants": variants})
