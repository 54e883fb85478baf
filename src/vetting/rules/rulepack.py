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
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from . import conditions, limits
from ..io.errors import InputError, Problem, RulePackError, Said, did_you_mean, said
from ..io.reading import read_text
from .blanks import blank, has_placeholders
from ..io.yamlsafe import PACK_DEPTH, YamlProblem, load_with_lines
from ..model.derived import core_pack_dir
from ..model.loading import _message
from ..model.loading import _line_for

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
            raise ValueError(said("variant_empty"))
        if en != zh:
            raise ValueError(said("variant_same", en=str(sorted(en)), zh=str(sorted(zh))))
        return self


# Rule ids retired from the core pack, never reused, each with the rule that took over its finding
# (docs/rule-format.md, "Retired rule ids"): a waiver naming one is refused with its successor's id.
RETIRED = {"IP-002": "IP-001", "IP-003": "IP-001", "KPI-005": "KPI-004"}


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
    # a fact the provider cannot fix by a clause (it offers black-hat services, wants paying into a personal
    # account, the signer is not the company checked, its record in court): a reason to walk away or to
    # check first, never a step of the negotiation (docs/scoring.md)
    walk_away: bool = False
    en: RuleText
    zh: RuleText

    @model_validator(mode="after")
    def _points_fit_severity(self):
        lo, hi = POINT_RANGES[self.severity]
        if not lo <= self.points <= hi:
            raise ValueError(said("points_range", points=f"{self.points:g}", lo=lo, hi=hi, severity=self.severity))
        return self

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


_PATTERNS = {  # what a pattern asks for, in words: problem.<key> of the CLI message table
    r"^[A-Z]{2,6}-\d{3}$": "pattern_rule_id",
    r"^[a-z0-9][a-z0-9_-]{0,40}$": "pattern_pack_name",
    r"^\d+\.\d+\.\d+$": "pattern_version",
}


def _plain(err: dict, model: type[BaseModel]) -> tuple[str, str]:
    """A pydantic error in the words deal errors use (loading._message): (message, suggestion),
    field names suggested from the model that holds the field."""

    if err["type"] == "extra_forbidden":
        holder: Any = model
        for part in err["loc"][:-1]:
            fld = holder.model_fields.get(part) if isinstance(part, str) and isinstance(holder, type) else None
            holder = fld.annotation if fld is not None else None
        names = list(holder.model_fields) if isinstance(holder, type) and issubclass(holder, BaseModel) else []
        return said("unknown_field", field=err["loc"][-1], hint=""), did_you_mean(err["loc"][-1], names,
                                                                 f"; known fields: {', '.join(names)}" if names else "")
    if err["type"] == "value_error":  # our own validators' messages are already plain (and in the table)
        error = (err.get("ctx") or {}).get("error")
        if error is not None and error.args and isinstance(error.args[0], Said):
            return error.args[0], ""
        return err["msg"].removeprefix("Value error, "), ""
    if err["type"] in ("string_too_short", "too_short"):
        n = (err.get("ctx") or {}).get("min_length", 1)
        key = "min_chars" if err["type"] == "string_too_short" else ("min_entries" if n > 1 else "min_entry")
        return said(key, n=n, value=f"{err.get('input')!r:.60}"), ""
    if err["type"] == "string_pattern_mismatch":
        pattern = (err.get("ctx") or {}).get("pattern")
        value = f"{err.get('input')!r:.60}"
        return (said(_PATTERNS[pattern], value=value) if pattern in _PATTERNS
                else said("pattern_other", value=value, pattern=str(pattern))), ""
    return _message(err), ""


def _problems(err: ValidationError, path: Path, model: type[BaseModel], lines: dict[str, int],
              prefix: str = "", rule: str | None = None) -> list[Problem]:
    """One Problem per pydantic error: file, line of the field (or of the rule), rule id, field, plain words."""

    out = []
    for e in err.errors():
        field = _fmt_loc(e["loc"])
        where = f"{prefix}.{field}" if prefix and field and not field.startswith("[") else f"{prefix}{field}"
        message, suggestion = _plain(e, model)
        out.append(Problem(str(path), field, message, _line_for(lines, where), rule, suggestion))
    return out


def load_pack(folder: Path | str) -> Pack:
    """Load and validate one pack; every problem is collected, then raised at once."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise RulePackError([Problem(str(folder), "", said("pack_not_folder"))])
    meta_file = folder / "pack.yaml"
    name, version = folder.name, "0.0.0"
    if meta_file.exists():
        lines: dict[str, int] = {}
        try:
            data, lines = load_with_lines(read_text(meta_file, what="rules", inside=folder), str(meta_file), hint=PACK_DEPTH)
            meta = _PackMeta.model_validate(data)
            name, version = meta.name, meta.version
        except ValidationError as e:
            problems += _problems(e, meta_file, _PackMeta, lines)
        except YamlProblem as e:
            problems.append(Problem(str(meta_file), "", e.args[0], e.line))
        except InputError as e:  # not a regular file, too large, not UTF-8, a link leading out (io.reading)
            problems += e.problems
    else:
        problems.append(Problem(str(meta_file), "", said("pack_meta_missing")))
    loaded: list[LoadedRule] = []
    seen: dict[str, str] = {}
    # pack.yaml is the pack's name and version; rates.yaml the reference exchange rates (derived.py)
    files = sorted(p for p in folder.glob("*.yaml") if p.name not in ("pack.yaml", "rates.yaml"))
    if not files:
        problems.append(Problem(str(folder), "", said("pack_no_rules")))
    for path in files:
        lines = {}
        try:
            data, lines = load_with_lines(read_text(path, what="rules", inside=folder), str(path), hint=PACK_DEPTH)
            rf = _RuleFile.model_validate(data)
        except ValidationError as e:
            problems += _problems(e, path, _RuleFile, lines)
            continue
        except YamlProblem as e:
            problems.append(Problem(str(path), "", e.args[0], e.line))
            continue
        except InputError as e:
            problems += e.problems
            continue
        for i, raw in enumerate(rf.rules):
            rid = str(raw.get("id", f"rules[{i}]")) if isinstance(raw, dict) else f"rules[{i}]"
            at = f"rules[{i}]"

            def problem(field: str, message: str) -> Problem:
                return Problem(str(path), field, message, _line_for(lines, f"{at}.{field}" if field else at), rid)

            if not isinstance(raw, dict):
                problems.append(problem("", said("rule_not_mapping", value=f"{raw!r:.60}")))
                continue
            raw = {"category": rf.category, **raw}
            try:
                rule = Rule.model_validate(raw)
            except ValidationError as e:
                problems += _problems(e, path, Rule, lines, at, rid)
                continue
            if rule.category != rf.category:
                problems.append(problem("category", said("rule_category", category=rule.category, file_category=rf.category)))
            if rule.id in seen:
                problems.append(problem("id", said("rule_id_used", file=seen[rule.id])))
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
                problems.append(problem(part, e.args[0]))
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
            raise conditions.ConditionError(said("engine_too_wide", width=width, every=every, kind=kind,
                                                 max_width=limits.RULE_WIDTH, max_all=limits.RULE_ALL))


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
                clashes.append(Problem(pack.label, "", said("rule_id_clash", owner=owner[r.id]), rule=r.id))
            owner[r.id] = pack.label
    if clashes:
        raise RulePackError(clashes)
    return packs
