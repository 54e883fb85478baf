"""Rule packs: YAML files of rules, validated at load.

A pack is a folder with ``pack.yaml`` (name, version) and one or more
``*.yaml`` files, each holding ``category:`` and ``rules:``. Every rule is
checked with pydantic (``rules.rulemodel``: closed enums, no unknown keys, texts
in en and zh) and its condition is checked against the deal format (conditions.py).

Parsing the YAML and validating the rules is most of a cold start's loading time, so
a pack that loads without a problem leaves its validated rules (their data, as JSON)
in the cache (``io.cache``), keyed by the content hash of its files: the next run
rebuilds the rules from that data instead of parsing and validating the files again,
and still parses every condition; each rule's durable-rules pattern, checked against the
engine's limits when the pack was validated, is kept beside its data and read back as it is.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import conditions, limits
from ..io.cache import content_key, read_entry, round_trips, write_entry
from ..io.errors import InputError, Problem, RulePackError, said
from ..io.reading import read_text
from ..io.yamlsafe import PACK_DEPTH, YamlProblem, load_with_lines
from ..model.loading import _line_for
from .blanks import blank, has_placeholders
from ..model.derived import core_pack_dir
from .packproblems import _fmt_loc, _plain, _problems  # noqa: F401  (the names tests and callers use)
from .rulemodel import (CATEGORIES, LANGS, POINT_RANGES, RETIRED, SEED_POINTS, SEVERITIES, TEXT_FIELDS,  # noqa: F401
                        VARIANT_FIELDS, Category, NonEmpty, Rule, RuleText, Severity, Subject, Variant, VariantText,
                        _cjk_joined, _PackMeta, _RuleFile, constructed)

CACHE_FORMAT = "pack-rules-3"  # changes when what an entry holds changes: old entries are then never read


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
    # the durable-rules "all" list of ``cond`` (conditions.to_durable), made once when the rule is loaded:
    # the size check reads it, and the engine's plan takes it (None: the plan makes it)
    pattern: Any = dataclasses.field(default=None, compare=False, repr=False)
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
            for i, v in enumerate(r.variants):
                vt = getattr(v, lang)
                parts.append((r.category, r.grade(i)[1], list(r.refs), vt.title or t.title, vt.why or t.why,
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

    def grade(self, variant: int = -1) -> tuple[float, str]:
        """(points, severity) of a known risk with the texts of ``variant``: a graded variant's own, else the rule's."""
        return self.rule.grade(variant)

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


def _read_texts(folder: Path, names: list[str]) -> dict[str, str | InputError]:
    """Each file's text, read through io.reading (inside the pack folder), or why it could not be."""
    texts: dict[str, str | InputError] = {}
    for name in names:
        path = folder / name
        try:
            texts[name] = read_text(path, what="rules", inside=folder)
        except InputError as e:  # not a regular file, too large, not UTF-8, a link leading out (io.reading)
            texts[name] = e
    return texts


def _cache_key(texts: dict) -> str | None:
    if any(isinstance(t, InputError) for t in texts.values()):
        return None
    # the engine's limits are part of the key: a pattern kept in the cache was checked against these
    return content_key(CACHE_FORMAT, f"{limits.RULE_WIDTH} {limits.RULE_ALL}",
                       *(x for name in sorted(texts) for x in (name, texts[name])))


def _parse(folder: Path, texts: dict) -> dict[str, tuple | YamlProblem | InputError]:
    """Each file parsed: (data, lines), a YamlProblem or the InputError of reading it."""
    parsed: dict[str, tuple | YamlProblem | InputError] = {}
    for name, text in texts.items():
        if isinstance(text, InputError):
            parsed[name] = text
            continue
        try:
            parsed[name] = load_with_lines(text, str(folder / name), hint=PACK_DEPTH)
        except YamlProblem as e:
            parsed[name] = e
    return parsed


def _remember(key: str | None, pack: Pack) -> None:
    """Keep a pack's validated rules for the next run, when all of them survive JSON unchanged."""
    if key is None:
        return
    entry = {"name": pack.name, "version": pack.version,
             "rules": [[r.file, r.rule.model_dump(), r.pattern] for r in pack.rules]}
    if round_trips(entry):
        write_entry(key, entry)


def _recalled(folder: Path, key: str | None) -> Pack | None:
    """The pack rebuilt from its cache entry (conditions parsed again, patterns as kept), or None when there
    is none."""
    entry = read_entry(key) if key else None
    try:
        label = f"{entry['name']}@{entry['version']}"
        loaded = []
        for file, data, pattern in entry["rules"]:
            rule = constructed(data)
            cond, when, applies, variant_conds = _parsed(rule)
            loaded.append(LoadedRule(rule, cond, label, file, when, applies, variant_conds, pattern=pattern))
    except (TypeError, KeyError, ValueError, AttributeError):  # no entry, or not one this version wrote
        return None
    return Pack(entry["name"], entry["version"], tuple(loaded), str(folder))


def _validated(path: Path, parsed, model, problems: list[Problem]):
    """The file's data validated by ``model`` and its line map, or (None, lines) with its problems added."""
    if isinstance(parsed, InputError):
        problems += parsed.problems
        return None, {}
    if isinstance(parsed, YamlProblem):
        problems.append(Problem(str(path), "", parsed.args[0], parsed.line))
        return None, {}
    data, lines = parsed
    try:
        return model.model_validate(data), lines
    except ValidationError as e:
        problems += _problems(e, path, model, lines)
        return None, lines


def _parsed(rule: Rule):
    """(cond, when, applies, variant conditions) of a rule, or ConditionError with the part it is in (as
    ``part`` of the error)."""
    part = "when"
    try:
        when = conditions.parse(rule.when, rule.subject)
        part = "applies"
        applies = None if rule.applies is None else conditions.parse(rule.applies, rule.subject, plain=True)
        variant_conds = []
        for k, v in enumerate(rule.variants):
            part = f"variants[{k}].if"
            variant_conds.append(conditions.parse(v.if_, rule.subject, plain=True))
    except conditions.ConditionError as e:
        e.part = part
        raise
    return conditions.with_applicability(applies, when), when, applies, tuple(variant_conds)


def _rule_conditions(rule: Rule):
    """(cond, when, applies, variant conditions, durable-rules pattern of cond) of a rule, the pattern
    checked against the engine's limits, or ConditionError with the part it is in (as ``part``)."""
    cond, when, applies, variant_conds = _parsed(rule)
    try:
        pattern = conditions.to_durable(cond, rule.subject)
        _fits_the_engine(pattern)
    except conditions.ConditionError as e:
        e.part = "applies" if applies is not None else "when"
        raise
    return cond, when, applies, variant_conds, pattern


def _load_rules(path: Path, rf, lines: dict, label: str, seen: dict, problems: list) -> list[LoadedRule]:
    """The rules of one validated file; each rule's problems are added to ``problems``."""
    loaded = []
    for i, raw in enumerate(rf.rules):
        rid = str(raw.get("id", f"rules[{i}]")) if isinstance(raw, dict) else f"rules[{i}]"
        at = f"rules[{i}]"

        def problem(field: str, message: str) -> Problem:
            return Problem(str(path), field, message, _line_for(lines, f"{at}.{field}" if field else at), rid)

        if not isinstance(raw, dict):
            problems.append(problem("", said("rule_not_mapping", value=f"{raw!r:.60}")))
            continue
        try:
            rule = Rule.model_validate({"category": rf.category, **raw})
        except ValidationError as e:
            problems += _problems(e, path, Rule, lines, at, rid)
            continue
        if rule.category != rf.category:
            problems.append(problem("category", said("rule_category", category=rule.category, file_category=rf.category)))
        if rule.id in seen:
            problems.append(problem("id", said("rule_id_used", file=seen[rule.id])))
            continue
        try:
            cond, when, applies, variant_conds, pattern = _rule_conditions(rule)
        except conditions.ConditionError as e:
            problems.append(problem(e.part, e.args[0]))
            continue
        seen[rule.id] = path.name
        loaded.append(LoadedRule(rule, cond, label, path.name, when, applies, variant_conds, pattern=pattern))
    return loaded


def load_pack(folder: Path | str) -> Pack:
    """Load and validate one pack; every problem is collected, then raised at once."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise RulePackError([Problem(str(folder), "", said("pack_not_folder"))])
    meta_file = folder / "pack.yaml"
    # pack.yaml is the pack's name and version; rates.yaml the reference exchange rates (derived.py)
    files = sorted(p for p in folder.glob("*.yaml") if p.name not in ("pack.yaml", "rates.yaml"))
    has_meta = meta_file.exists()
    texts = _read_texts(folder, ["pack.yaml"] * has_meta + [p.name for p in files])
    key = _cache_key(texts)
    pack = _recalled(folder, key)
    if pack is not None:
        return pack
    parsed = _parse(folder, texts)
    name, version = folder.name, "0.0.0"
    if has_meta:
        meta, _ = _validated(meta_file, parsed["pack.yaml"], _PackMeta, problems)
        if meta is not None:
            name, version = meta.name, meta.version
    else:
        problems.append(Problem(str(meta_file), "", said("pack_meta_missing")))
    if not files:
        problems.append(Problem(str(folder), "", said("pack_no_rules")))
    loaded: list[LoadedRule] = []
    seen: dict[str, str] = {}
    for path in files:
        rf, lines = _validated(path, parsed[path.name], _RuleFile, problems)
        if rf is not None:
            loaded += _load_rules(path, rf, lines, f"{name}@{version}", seen, problems)
    if problems:
        raise RulePackError(problems)
    pack = Pack(name, version, tuple(sorted(loaded, key=lambda r: r.id)), str(folder))
    _remember(key, pack)
    return pack


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
