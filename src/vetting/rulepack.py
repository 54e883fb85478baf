"""Rule packs: YAML files of rules, validated at load.

A pack is a folder with ``pack.yaml`` (name, version) and one or more
``*.yaml`` files, each holding ``category:`` and ``rules:``. Every rule is
checked with pydantic (closed enums, no unknown keys, texts in en and zh) and
its condition is checked against the deal format (conditions.py).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from . import conditions
from .errors import RulePackError
from .yamlsafe import YamlProblem, load_yaml_text

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
_CJK_SPACE = re.compile(f"(?<=[\u3000-\u303f\uff00-\uffef]) +|(?<=[{_CJK}]) +(?=[{_CJK}])")


def _cjk_joined(value):
    return _CJK_SPACE.sub("", value) if isinstance(value, str) else value


class RuleText(BaseModel):
    """What a reader sees, in one language."""

    model_config = ConfigDict(extra="forbid")
    _joined = field_validator("*", mode="after")(classmethod(lambda cls, v: _cjk_joined(v)))
    title: Annotated[str, StringConstraints(min_length=2, max_length=140, strip_whitespace=True)]
    why: NonEmpty
    ask: NonEmpty
    evidence: NonEmpty
    fix: NonEmpty
    # the title of a pass, stated positively ("A stop-loss exit is in the contract"); required, so a pass
    # never reads as the risk's title
    passed: Annotated[str, StringConstraints(min_length=2, max_length=140, strip_whitespace=True)]
    # what a finding assumes while a fact of ``applies:`` is unknown
    assumes: Optional[NonEmpty] = None


class VariantText(BaseModel):
    """The texts a variant replaces, in one language."""

    model_config = ConfigDict(extra="forbid")
    _joined = field_validator("*", mode="after")(classmethod(lambda cls, v: _cjk_joined(v)))
    title: Optional[Annotated[str, StringConstraints(min_length=2, max_length=140, strip_whitespace=True)]] = None
    why: Optional[NonEmpty] = None
    ask: Optional[NonEmpty] = None
    evidence: Optional[NonEmpty] = None
    fix: Optional[NonEmpty] = None
    passed: Optional[Annotated[str, StringConstraints(min_length=2, max_length=140, strip_whitespace=True)]] = None


class Variant(BaseModel):
    """Texts for the deals where ``if`` is known to hold (the first such variant wins)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    if_: Any = Field(alias="if")
    en: VariantText
    zh: VariantText

    @model_validator(mode="after")
    def _same_fields(self):
        en = {k for k in VARIANT_FIELDS if getattr(self.en, k)}
        zh = {k for k in VARIANT_FIELDS if getattr(self.zh, k)}
        if not en:
            raise ValueError("a variant replaces at least one text")
        if en != zh:
            raise ValueError(f"a variant replaces the same texts in en and zh (en: {sorted(en)}, zh: {sorted(zh)})")
        return self


class Rule(BaseModel):
    """One rule as written in a pack file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
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
    en: RuleText
    zh: RuleText

    @model_validator(mode="after")
    def _points_fit_severity(self):
        lo, hi = POINT_RANGES[self.severity]
        if not lo <= self.points <= hi:
            raise ValueError(f"points {self.points:g} outside {lo}-{hi} for severity '{self.severity}'")
        return self

    @model_validator(mode="after")
    def _assumption_stated(self):
        for lang in LANGS:
            has = getattr(self, lang).assumes is not None
            if self.applies is not None and not has:
                raise ValueError(f"{lang}.assumes is required with applies: (what a finding assumes while "
                                 "the applicability is unknown)")
            if self.applies is None and has:
                raise ValueError(f"{lang}.assumes is only used with applies:")
        if (self.en.passed is None) != (self.zh.passed is None):
            raise ValueError("passed: is given in one language only")
        return self

    @field_validator("zh")
    @classmethod
    def _zh_is_chinese(cls, text: RuleText):
        for name in (*TEXT_FIELDS, "passed", "assumes"):
            value = getattr(text, name)
            if value is not None and not re.search(r"[\u4e00-\u9fff]", value):
                raise ValueError(f"zh.{name} has no Chinese text")
        return text

    def text(self, lang: str) -> RuleText:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class LoadedRule:
    """A validated rule with its parsed condition and where it came from."""

    rule: Rule
    cond: Any  # what the engine fires on: ``when`` joined with ``applies`` (conditions.with_applicability)
    pack: str
    file: str
    when: Any = None  # the parsed parts, for the three-valued judgment
    applies: Any = None
    variant_conds: tuple = ()
    id: str = ""
    # per language: the parts of a finding that depend only on the rule (built once, used per deal)
    finding_parts: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)

    # findings of equal weight are listed gravest severity first, then by id: the severity's rank
    # and the id in one string ("0KPI-001"), which sorts as the pair would (ids are all [A-Z]+-ddd,
    # so none is a prefix of another) and faster (scoring sorts by it for every deal)
    sort_key: str = ""
    # the rule's own points, severity and category, one attribute away (scoring reads them per outcome)
    points: float = dataclasses.field(default=0, compare=False)
    severity: str = dataclasses.field(default="", compare=False)
    category: str = dataclasses.field(default="", compare=False)

    def __post_init__(self):
        object.__setattr__(self, "id", self.rule.id)
        object.__setattr__(self, "points", self.rule.points)
        object.__setattr__(self, "severity", self.rule.severity)
        object.__setattr__(self, "category", self.rule.category)
        object.__setattr__(self, "sort_key", f"{SEVERITIES.index(self.rule.severity)}{self.rule.id}")
        if self.when is None:
            object.__setattr__(self, "when", self.cond)
        r = self.rule
        for lang in LANGS:
            t = r.text(lang)
            parts = [(r.category, r.severity, list(r.refs), t.title, t.why, t.ask, t.evidence, t.fix, list(r.sources))]
            for v in r.variants:
                vt = getattr(v, lang)
                parts.append((r.category, r.severity, list(r.refs), vt.title or t.title, vt.why or t.why,
                              vt.ask or t.ask, vt.evidence or t.evidence, vt.fix or t.fix, list(r.sources)))
            # variant -1 (the base texts) is the last entry, so that parts[variant] works for every variant
            self.finding_parts[lang] = (*parts[1:], parts[0])
            self.finding_parts[("passed", lang)] = tuple(
                [(getattr(v, lang).passed or t.passed or t.title) for v in r.variants] + [t.passed or t.title])

    def parts(self, lang: str, variant: int = -1) -> tuple:
        """(category, severity, refs, title, why, ask, evidence, fix, sources) in ``lang`` for a variant (-1: base)."""
        return self.finding_parts[lang][variant]

    def pass_title(self, lang: str, variant: int = -1) -> str:
        return self.finding_parts[("passed", lang)][variant]

    def title_for(self, lang: str, status: str, variant: int = -1) -> str:
        """The title an outcome is listed under: a pass by what is right, anything else by what is wrong."""
        if status == "pass":
            return self.finding_parts[("passed", lang)][variant]
        return self.finding_parts[lang][variant][3]


@dataclass(frozen=True)
class Pack:
    name: str
    version: str
    rules: tuple[LoadedRule, ...]

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


class _PackMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,40}$")]
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    description: Optional[str] = None


class _RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: Category
    rules: list[dict]


def _fmt_loc(loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problems(err: ValidationError) -> list[str]:
    return [f"{_fmt_loc(e['loc']) or 'rule'}: {e['msg'].removeprefix('Value error, ')}" for e in err.errors()]


def core_pack_dir() -> Path:
    """The bundled core pack: inside the wheel, or rules/ of a source checkout."""
    bundled = resources.files("vetting") / "rules"
    if bundled.is_dir():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[2] / "rules"


def load_pack(folder: Path | str) -> Pack:
    """Load and validate one pack; every problem is collected, then raised at once."""
    folder = Path(folder)
    problems: list[str] = []
    if not folder.is_dir():
        raise RulePackError([f"{folder}: not a folder of rule files"])
    meta_file = folder / "pack.yaml"
    name, version = folder.name, "0.0.0"
    if meta_file.exists():
        try:
            meta = _PackMeta.model_validate(load_yaml_text(meta_file.read_text(encoding="utf-8"), str(meta_file)))
            name, version = meta.name, meta.version
        except ValidationError as e:
            problems += [f"{meta_file}: {p}" for p in _problems(e)]
        except Exception as e:  # broken YAML
            problems.append(f"{meta_file}: {e}")
    else:
        problems.append(f"{meta_file}: missing (a pack needs name: and version:)")
    loaded: list[LoadedRule] = []
    seen: dict[str, str] = {}
    # pack.yaml is the pack's name and version; rates.yaml the reference exchange rates (derived.py)
    files = sorted(p for p in folder.glob("*.yaml") if p.name not in ("pack.yaml", "rates.yaml"))
    if not files:
        problems.append(f"{folder}: no rule files (*.yaml)")
    for path in files:
        try:
            data = load_yaml_text(path.read_text(encoding="utf-8"), str(path))
            rf = _RuleFile.model_validate(data)
        except ValidationError as e:
            problems += [f"{path}: {p}" for p in _problems(e)]
            continue
        except YamlProblem as e:
            problems.append(f"{path}:{e.line}: {e}" if e.line else f"{path}: {e}")
            continue
        except (OSError, UnicodeDecodeError) as e:
            problems.append(f"{path}: cannot read: {e}")
            continue
        for i, raw in enumerate(rf.rules):
            rid = raw.get("id", f"rules[{i}]") if isinstance(raw, dict) else f"rules[{i}]"
            raw = {"category": rf.category, **raw}
            try:
                rule = Rule.model_validate(raw)
            except ValidationError as e:
                problems += [f"{path}: {rid}: {p}" for p in _problems(e)]
                continue
            if rule.category != rf.category:
                problems.append(f"{path}: {rid}: category '{rule.category}' differs from the file's '{rf.category}'")
            if rule.id in seen:
                problems.append(f"{path}: {rid}: id already used in {seen[rule.id]}")
                continue
            part = "when"
            try:
                when = conditions.parse(rule.when, rule.subject)
                part = "applies"
                applies = None if rule.applies is None else conditions.parse(rule.applies, rule.subject, plain=True)
                variant_conds = []
                for k, v in enumerate(rule.variants):
                    part = f"variants[{k}].if"
                    variant_conds.append(conditions.parse(v.if_, rule.subject, plain=True))
                part = "applies" if applies is not None else "when"
                cond = conditions.with_applicability(applies, when)
                conditions.to_durable(cond, rule.subject)
            except conditions.ConditionError as e:
                problems.append(f"{path}: {rid}: {part}: {e}")
                continue
            seen[rule.id] = path.name
            loaded.append(LoadedRule(rule, cond, f"{name}@{version}", path.name, when, applies, tuple(variant_conds)))
    if problems:
        raise RulePackError(problems)
    return Pack(name, version, tuple(sorted(loaded, key=lambda r: r.id)))


@lru_cache(maxsize=8)
def _cached(folders: tuple[str, ...]) -> tuple[Pack, ...]:
    return tuple(load_pack(f) for f in folders)


def load_packs(extra: tuple[str, ...] | list[str] = ()) -> tuple[Pack, ...]:
    """The core pack plus any custom packs; rule ids must be unique across all."""
    folders = (str(core_pack_dir()), *(str(Path(e).resolve()) for e in extra))
    packs = _cached(folders)
    owner: dict[str, str] = {}
    clashes = []
    for pack in packs:
        for r in pack.rules:
            if r.id in owner:
                clashes.append(f"{pack.label}: {r.id}: id already defined by {owner[r.id]}; custom rules need their own ids")
            owner[r.id] = pack.label
    if clashes:
        raise RulePackError(clashes)
    return packs
