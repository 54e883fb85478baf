"""A loaded set of rule packs, compiled once, that turns a deal into rule outcomes.

The engine fires for known risks only (each firing costs ~15-20 µs). A rule
that did not fire and whose inputs are all known is a pass; one with unknown
inputs is evaluated three-valued over the same facts to tell an open question
from a pass. A fired rule is checked against the same evaluation, and with
``verify=True`` every rule is: a disagreement is an EngineError, never a
silently wrong finding.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from . import conditions, facts as factsmod
from .engine import Engine
from .errors import EngineError
from .facts import DERIVED_SOURCES
from .fields import CHILD_KINDS
from .models import Deal
from .rulepack import LoadedRule, Pack, load_packs


@dataclass(frozen=True)
class Outcome:
    """One rule's verdict on one subject, before scoring."""

    rule: LoadedRule
    subject: str  # "deal" or a record label such as "kpis[gmv-growth]"
    status: str  # risk | unknown | pass
    missing: tuple[str, ...] = ()  # for an open question: the unknown facts behind it


@dataclass(frozen=True)
class Evaluation:
    """Every rule outcome for one deal, and how many of the facts rules read were known."""

    outcomes: tuple[Outcome, ...]
    known_facts: int


def _expand(path: str) -> tuple[str, ...]:
    return DERIVED_SOURCES.get(path, (path,))


@dataclass(frozen=True)
class _Compiled:
    rule: LoadedRule
    subject_kind: str
    deal_paths: tuple[str, ...]
    subject_paths: tuple[str, ...]
    child_paths: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, paths) read through exists/none
    evaluate: object  # compiled three-valued evaluator


class RuleSet:
    """Rule packs compiled into one engine for this process."""

    def __init__(self, packs: tuple[Pack, ...]):
        self.packs = packs
        self.rules: tuple[LoadedRule, ...] = tuple(r for p in packs for r in p.rules)
        self.by_id = {r.id: r for r in self.rules}
        used: dict[str, set[str]] = {"deal": set()}
        compiled, patterns = [], {}
        for r in self.rules:
            refs = conditions.referenced(r.cond)
            subject_kind = r.rule.subject
            for key, paths in refs.items():
                kind = subject_kind if key == "subject" else key
                used.setdefault(kind, set()).update(paths)
                # sources of derived fields travel too, so open questions can name them
                for p in paths:
                    used[kind].update(_expand(p))
            compiled.append(_Compiled(
                r, subject_kind, tuple(sorted(refs.get("deal", ()))), tuple(sorted(refs.get("subject", ()))),
                tuple((k, tuple(sorted(v))) for k, v in sorted(refs.items()) if k in CHILD_KINDS),
                conditions.compile_eval(r.cond)))
            patterns[r.id] = conditions.to_durable(r.cond, subject_kind)
        for kind, (path, _) in CHILD_KINDS.items():
            if kind in used:
                used["deal"].add(path)  # the list's count tells "none" from "unknown"
        self._compiled = tuple(compiled)
        self._used_paths = {k: tuple(sorted(v)) for k, v in used.items()}
        self._used = {k: factsmod.path_tree(v) for k, v in used.items()}
        self.engine = Engine(patterns)

    @property
    def labels(self) -> list[str]:
        return [p.label for p in self.packs]

    def facts(self, deal: Deal, as_of: dt.date) -> factsmod.Facts:
        return factsmod.build(deal, as_of, self._used)

    def outcomes(self, deal: Deal, as_of: dt.date, verify: bool = False) -> list[Outcome]:
        return list(self.evaluate(deal, as_of, verify).outcomes)

    def evaluate(self, deal: Deal, as_of: dt.date, verify: bool = False) -> Evaluation:
        f = self.facts(deal, as_of)
        children = [c for kind in CHILD_KINDS for c in (f.children[kind] or ())]
        fired = self.engine.fire(f.deal, children)
        get = conditions.get_path
        deal_null = {p for p in self._used_paths["deal"] if get(f.deal, p) is None}
        child_null: dict[str, dict[str, set[str]]] = {}
        for kind, records in f.children.items():
            paths = self._used_paths.get(kind, ())
            child_null[kind] = {rec["id"]: {p for p in paths if get(rec, p) is None} for rec in (records or ())}

        out: list[Outcome] = []
        for c in self._compiled:
            r = c.rule
            subjects = (None,) if c.subject_kind == "deal" else (f.children.get(c.subject_kind) or ())
            for subj in subjects:
                label = "deal" if subj is None else subj["id"]
                missing = self._missing(c, f, subj, deal_null, child_null)
                hit = (r.id, label) in fired
                if hit or missing or verify:
                    value = c.evaluate((f.deal, subj, None, f.children))
                    if hit != (value is True):
                        raise EngineError(
                            f"rule {r.id} on {label}: the engine {'fired' if hit else 'did not fire'} but the condition "
                            f"evaluates to {value}; findings would be wrong, so nothing is reported")
                    status = "risk" if hit else ("unknown" if value is None else "pass")
                else:
                    status = "pass"
                out.append(Outcome(r, label, status, tuple(sorted(missing)) if status == "unknown" else ()))
        return Evaluation(tuple(out), self._known_count(f, deal_null, child_null))

    def _missing(self, c: _Compiled, f, subj, deal_null, child_null) -> set[str]:
        missing: set[str] = set()
        for p in c.deal_paths:
            if p in deal_null:
                # a derived field names its unknown sources; with none unknown (e.g. a zero GMV) itself
                missing.update([q for q in _expand(p) if q in deal_null] or [p])
        if subj is not None:
            nulls = child_null[c.subject_kind][subj["id"]]
            for p in c.subject_paths:
                if p in nulls:
                    missing.update(f"{subj['id']}.{q}" for q in ([q for q in _expand(p) if q in nulls] or [p]))
        for kind, paths in c.child_paths:
            records = f.children.get(kind)
            if records is None:
                missing.add(CHILD_KINDS[kind][0])
                continue
            for rec in records:
                if rec is subj:
                    continue
                nulls = child_null[kind][rec["id"]]
                missing.update(f"{rec['id']}.{p}" for p in paths if p in nulls)
        return missing

    def _known_count(self, f, deal_null, child_null) -> int:
        """How many of the (non-derived) facts that some rule reads are known for this deal."""
        known = sum(1 for p in self._used_paths["deal"] if p not in DERIVED_SOURCES and p not in deal_null)
        for kind, records in f.children.items():
            paths = [p for p in self._used_paths.get(kind, ()) if p not in DERIVED_SOURCES]
            for rec in records or ():
                nulls = child_null[kind][rec["id"]]
                known += sum(1 for p in paths if p not in nulls)
        return known


@lru_cache(maxsize=8)
def _ruleset(extra: tuple[str, ...]) -> RuleSet:
    return RuleSet(load_packs(extra))


def get_ruleset(extra: tuple[str, ...] | list[str] = ()) -> RuleSet:
    """The compiled rule set for the core pack plus ``extra`` pack folders (cached per process)."""
    return _ruleset(tuple(str(e) for e in extra))
