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

from . import conditions, limits
from .errors import Problem, RulePackError, did_you_mean
from .placeholders import blank, has_placeholders
from .yamlsafe import PACK_DEPTH, YamlProblem, load_with_lines

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
    # the evidence is the seller's own check (a registry search, a reference call, a look at the backend),
    # not a document the provider sends: the report lists it on the seller's own checklist, and the letter
    # to the provider asks the question without it (docs/rule-format.md)
    own_check: bool = False
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
        if (self.en.check is None) != (self.zh.check is None):
            raise ValueError("check: is given in one language only")
        if self.own_check and self.en.check is not None:
            raise ValueError("check: is for a rule whose evidence the provider sends; with own_check: true "
                             "the evidence itself is the seller's check")
        return self

    @field_validator("zh")
    @classmethod
    def _zh_is_chinese(cls, text: RuleText):
        for name in (*TEXT_FIELDS, "passed", "assumes", "check"):
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
    # per (language, variant): why, ask, evidence, fix with their {placeholders}, for the texts that have any
    # (finding_parts holds them with the fallbacks: placeholders.py)
    templated: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)

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
            parts = [*parts[1:], parts[0]]
            for i, p in enumerate(parts):
                if any(has_placeholders(x) for x in p[4:8]):
                    self.templated[(lang, i if i < len(parts) - 1 else -1)] = p[4:8]
                    parts[i] = (*p[:4], *(blank(x) for x in p[4:8]), p[8])
            self.finding_parts[lang] = tuple(parts)
            # the seller's own check beside the provider's evidence ("" when the rule has none), with its
            # placeholders as written: the assessment fills them like the other texts
            self.finding_parts[("check", lang)] = t.check or ""
            self.finding_parts[("passed", lang)] = tuple(
                [(getattr(v, lang).passed or t.passed or t.title) for v in r.variants] + [t.passed or t.title])

    def parts(self, lang: str, variant: int = -1) -> tuple:
        """(category, severity, refs, title, why, ask, evidence, fix, sources) in ``lang`` for a variant (-1: base)."""
        return self.finding_parts[lang][variant]

    def check(self, lang: str) -> str:
        """The seller's own check beside the evidence, with its placeholders ("" when the rule has none)."""
        return self.finding_parts[("check", lang)]

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
    folder: str = ""  # where it was loaded from (errors name the rule's file)

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
    rules: list[Any]  # each checked on its own (load_pack), so one bad rule does not hide the others


def _fmt_loc(loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_PATTERNS = {  # what a pattern asks for, in words
    r"^[A-Z]{2,6}-\d{3}$": "2-6 capital letters, '-' and three digits (e.g. ACME-001)",
    r"^[a-z0-9][a-z0-9_-]{0,40}$": "lower-case letters, digits, '_' or '-' (e.g. acme-policy)",
    r"^\d+\.\d+\.\d+$": "a version as three numbers (e.g. 1.0.0)",
}


def _plain(err: dict, model: type[BaseModel]) -> tuple[str, str]:
    """A pydantic error in the words deal errors use (loading._message): (message, suggestion),
    field names suggested from the model that holds the field."""
    from .loading import _message

    if err["type"] == "extra_forbidden":
        holder: Any = model
        for part in err["loc"][:-1]:
            fld = holder.model_fields.get(part) if isinstance(part, str) and isinstance(holder, type) else None
            holder = fld.annotation if fld is not None else None
        names = list(holder.model_fields) if isinstance(holder, type) and issubclass(holder, BaseModel) else []
        return f"unknown field '{err['loc'][-1]}'", did_you_mean(err["loc"][-1], names,
                                                                 f"; known fields: {', '.join(names)}" if names else "")
    if err["type"] == "value_error":  # our own validators' messages are already plain
        return err["msg"].removeprefix("Value error, "), ""
    if err["type"] in ("string_too_short", "too_short"):
        n = (err.get("ctx") or {}).get("min_length", 1)
        what = "characters" if err["type"] == "string_too_short" else ("entries" if n > 1 else "entry")
        return f"needs at least {n} {what}, got {err.get('input')!r:.60}", ""
    if err["type"] == "string_pattern_mismatch":
        expected = _PATTERNS.get((err.get("ctx") or {}).get("pattern"), "the pattern " + str((err.get("ctx") or {}).get("pattern")))
        return f"{err.get('input')!r:.60} must be {expected}", ""
    return _message(err), ""


def _problems(err: ValidationError, path: Path, model: type[BaseModel], lines: dict[str, int],
              prefix: str = "", rule: str | None = None) -> list[Problem]:
    """One Problem per pydantic error: file, line of the field (or of the rule), rule id, field, plain words."""
    from .loading import _line_for

    out = []
    for e in err.errors():
        field = _fmt_loc(e["loc"])
        where = f"{prefix}.{field}" if prefix and field and not field.startswith("[") else f"{prefix}{field}"
        message, suggestion = _plain(e, model)
        out.append(Problem(str(path), field, message, _line_for(lines, where), rule, suggestion))
    return out


def core_pack_dir() -> Path:
    """The bundled core pack: inside the wheel, or rules/ of a source checkout."""
    bundled = resources.files("vetting") / "rules"
    if bundled.is_dir():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[2] / "rules"


def load_pack(folder: Path | str) -> Pack:
    """Load and validate one pack; every problem is collected, then raised at once."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise RulePackError([Problem(str(folder), "", "not a folder of rule files")])
    meta_file = folder / "pack.yaml"
    name, version = folder.name, "0.0.0"
    if meta_file.exists():
        lines: dict[str, int] = {}
        try:
            data, lines = load_with_lines(meta_file.read_text(encoding="utf-8"), str(meta_file), hint=PACK_DEPTH)
            meta = _PackMeta.model_validate(data)
            name, version = meta.name, meta.version
        except ValidationError as e:
            problems += _problems(e, meta_file, _PackMeta, lines)
        except YamlProblem as e:
            problems.append(Problem(str(meta_file), "", str(e), e.line))
        except (OSError, UnicodeDecodeError) as e:
            problems.append(Problem(str(meta_file), "", f"cannot read: {e}"))
    else:
        problems.append(Problem(str(meta_file), "", "missing (a pack needs name: and version:)"))
    loaded: list[LoadedRule] = []
    seen: dict[str, str] = {}
    # pack.yaml is the pack's name and version; rates.yaml the reference exchange rates (derived.py)
    files = sorted(p for p in folder.glob("*.yaml") if p.name not in ("pack.yaml", "rates.yaml"))
    if not files:
        problems.append(Problem(str(folder), "", "no rule files (*.yaml)"))
    for path in files:
        lines = {}
        try:
            data, lines = load_with_lines(path.read_text(encoding="utf-8"), str(path), hint=PACK_DEPTH)
            rf = _RuleFile.model_validate(data)
        except ValidationError as e:
            problems += _problems(e, path, _RuleFile, lines)
            continue
        except YamlProblem as e:
            problems.append(Problem(str(path), "", str(e), e.line))
            continue
        except (OSError, UnicodeDecodeError) as e:
            problems.append(Problem(str(path), "", f"cannot read: {e}"))
            continue
        for i, raw in enumerate(rf.rules):
            rid = str(raw.get("id", f"rules[{i}]")) if isinstance(raw, dict) else f"rules[{i}]"
            at = f"rules[{i}]"

            def problem(field: str, message: str) -> Problem:
                from .loading import _line_for

                return Problem(str(path), field, message, _line_for(lines, f"{at}.{field}" if field else at), rid)

            if not isinstance(raw, dict):
                problems.append(problem("", f"expected a rule (a mapping with id:, severity:, when: ...), got {raw!r:.60}"))
                continue
            raw = {"category": rf.category, **raw}
            try:
                rule = Rule.model_validate(raw)
            except ValidationError as e:
                problems += _problems(e, path, Rule, lines, at, rid)
                continue
            if rule.category != rf.category:
                problems.append(problem("category", f"'{rule.category}' differs from the file's '{rf.category}'"))
            if rule.id in seen:
                problems.append(problem("id", f"already used in {seen[rule.id]}"))
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
                _fits_the_engine(conditions.to_durable(cond, rule.subject))
            except conditions.ConditionError as e:
                problems.append(problem(part, str(e)))
                continue
            seen[rule.id] = path.name
            loaded.append(LoadedRule(rule, cond, f"{name}@{version}", path.name, when, applies, tuple(variant_conds)))
    if problems:
        raise RulePackError(problems)
    return Pack(name, version, tuple(sorted(loaded, key=lambda r: r.id)), str(folder))


def _fits_the_engine(patterns: list[dict]) -> None:
    """Refuse a condition too wide for one durable-rules rule set (docs/engine.md)."""
    for kind, (width, every) in limits.weight(patterns).items():
        if width > limits.RULE_WIDTH or every > limits.RULE_ALL:
            raise conditions.ConditionError(
                f"too large for the rule engine: {width} tests that can hold at once and {every} in all on "
                f"a {kind} fact (at most {limits.RULE_WIDTH} and {limits.RULE_ALL}); split it into several rules")


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
                clashes.append(Problem(pack.label, "", f"id already defined by {owner[r.id]}; custom rules need their own ids",
                                       rule=r.id))
            owner[r.id] = pack.label
    if clashes:
        raise RulePackError(clashes)
    return packs
