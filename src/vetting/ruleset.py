"""A loaded set of rule packs, compiled once, that turns a deal into rule outcomes.

The engine fires for known risks only (each firing costs ~15-20 µs); for the
rules that did not fire, the same condition evaluated three-valued over the same
facts tells an open question from a pass. The two must agree on every risk, and
a disagreement is an EngineError, never a silently dropped finding.
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
    known: tuple[str, ...]  # input facts that were known
    missing: tuple[str, ...]  # input facts that were unknown (what to ask about)


def _expand(path: str) -> tuple[str, ...]:
    return DERIVED_SOURCES.get(path, (path,))


class RuleSet:
    """Rule packs compiled into one engine for this process."""

    def __init__(self, packs: tuple[Pack, ...]):
        self.packs = packs
        self.rules: tuple[LoadedRule, ...] = tuple(r for p in packs for r in p.rules)
        self.by_id = {r.id: r for r in self.rules}
        used: dict[str, set[str]] = {}
        self._inputs: dict[str, dict[str, tuple[str, ...]]] = {}
        patterns = {}
        for r in self.rules:
            refs = conditions.referenced(r.cond)
            per_kind: dict[str, tuple[str, ...]] = {}
            for key, paths in refs.items():
                kind = r.rule.subject if key == "subject" else key
                used.setdefault(kind, set()).update(paths)
                per_kind[key] = tuple(sorted(paths))
            self._inputs[r.id] = per_kind
            patterns[r.id] = conditions.to_durable(r.cond, r.rule.subject)
        # The engine needs the list counts that subject rules hang on.
        self._used = {k: factsmod.path_tree(v) for k, v in used.items()}
        self.engine = Engine(patterns)

    @property
    def labels(self) -> list[str]:
        return [p.label for p in self.packs]

    def facts(self, deal: Deal, as_of: dt.date) -> factsmod.Facts:
        return factsmod.build(deal, as_of, self._used)

    def outcomes(self, deal: Deal, as_of: dt.date) -> list[Outcome]:
        f = self.facts(deal, as_of)
        children = [c for kind in CHILD_KINDS for c in (f.children[kind] or ())]
        fired = self.engine.fire(f.deal, children)
        out: list[Outcome] = []
        for r in self.rules:
            subject_kind = r.rule.subject
            subjects = [None] if subject_kind == "deal" else (f.children.get(subject_kind) or [])
            for subj in subjects:
                label = "deal" if subj is None else subj["id"]
                value = conditions.evaluate(r.cond, f.deal, subj, f.children)
                hit = (r.id, label) in fired
                if hit != (value is True):
                    raise EngineError(
                        f"rule {r.id} on {label}: the engine {'fired' if hit else 'did not fire'} but the condition "
                        f"evaluates to {value}; findings would be wrong, so nothing is reported")
                status = "risk" if hit else ("unknown" if value is None else "pass")
                known, missing = self._known_missing(r, f, subj, label)
                out.append(Outcome(r, label, status, known, missing))
        return out

    def _known_missing(self, r: LoadedRule, f: factsmod.Facts, subj, label):
        known: set[str] = set()
        missing: set[str] = set()
        for key, paths in self._inputs[r.id].items():
            if key == "deal":
                for p in paths:
                    (known if conditions.get_path(f.deal, p) is not None else missing).update(_expand(p))
            elif key == "subject":
                for p in paths:
                    bucket = known if conditions.get_path(subj, p) is not None else missing
                    bucket.update(f"{label}.{q}" for q in _expand(p))
            else:  # records read through exists/none
                records = f.children.get(key)
                base = CHILD_KINDS[key][0]
                if records is None:
                    missing.add(base)
                    continue
                known.add(base)
                for rec in records:
                    if rec is subj:
                        continue
                    for p in paths:
                        bucket = known if conditions.get_path(rec, p) is not None else missing
                        bucket.update(f"{rec['id']}.{q}" for q in _expand(p))
        # A derived field is unknown when any source is; its known sources still count as known.
        known -= missing
        return tuple(sorted(known)), tuple(sorted(missing))


@lru_cache(maxsize=8)
def _ruleset(extra: tuple[str, ...]) -> RuleSet:
    return RuleSet(load_packs(extra))


def get_ruleset(extra: tuple[str, ...] | list[str] = ()) -> RuleSet:
    """The compiled rule set for the core pack plus ``extra`` pack folders (cached per process)."""
    return _ruleset(tuple(str(e) for e in extra))
