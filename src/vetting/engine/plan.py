"""The plan: each rule compiled once, with everything the evaluators need.

A ``RulePlan`` holds the parsed condition, the durable-rules pattern the engine
fires on, the three-valued ``Judge`` (reference.py says what its answer means),
the fields the rule reads, by fact kind, and the rule's texts (through
``rule``). Both evaluators — the reference and the fast path — read plans;
nothing else compiles a condition.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..rules import conditions
from ..rules.reference import judge
from ..rules.facts import DERIVED_SOURCES
from ..model.fields import CHILD_KINDS
from ..rules.rulepack import LoadedRule


class Judge:
    """One rule's three-valued parts, compiled: ``judge(facts)`` -> (status, missing, assumed, variant)
    for ``facts`` = (deal, subject or None, None, records by kind). The meaning is reference.judge."""

    def __init__(self, rule: LoadedRule):
        self.rule = rule
        self.when = conditions.compile_eval(rule.when)
        self.applies = conditions.compile_eval(rule.applies) if rule.applies is not None else None
        self.variants = tuple(conditions.compile_eval(v) for v in rule.variant_conds)

    def __call__(self, facts: tuple):
        return judge(self, facts)


@dataclass(frozen=True)
class RulePlan:
    rule: LoadedRule
    subject: str  # the fact kind judged: "deal", "kpi", "claim", "case_study", "milestone"
    judge: Judge
    pattern: list  # durable-rules "all" list: fires when ``when`` holds and ``applies`` is not known false
    deal_paths: tuple[str, ...]  # deal fields read (variants' too: they choose the texts)
    subject_paths: tuple[str, ...]  # fields of the subject record read
    child_paths: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, fields) of other records read (exists/none)

    @property
    def plain(self) -> bool:
        """No applies: and no variants: a rule that did not fire and reads no unknown fact is a pass."""
        return self.rule.applies is None and not self.rule.variant_conds


def plan(rule: LoadedRule) -> RulePlan:
    refs = conditions.referenced(conditions.All((rule.cond, *rule.variant_conds)))
    return RulePlan(
        rule, rule.rule.subject, Judge(rule),
        rule.pattern if rule.pattern is not None else conditions.to_durable(rule.cond, rule.rule.subject),
        tuple(sorted(refs.get("deal", ()))), tuple(sorted(refs.get("subject", ()))),
        tuple((k, tuple(sorted(v))) for k, v in sorted(refs.items()) if k in CHILD_KINDS))


def plans(rules) -> tuple[RulePlan, ...]:
    """Every rule's plan, in the order findings are listed (severity, then id)."""
    return tuple(plan(r) for r in sorted(rules, key=lambda r: r.sort_key))


def fields_read(plans_: tuple[RulePlan, ...]) -> dict[str, tuple[str, ...]]:
    """The fields some rule reads, by fact kind, with the sources of derived fields (an open question
    names those) and each record list's own path (its count tells "none" from "unknown")."""
    used: dict[str, set[str]] = {"deal": set()}
    for p in plans_:
        for kind, paths in (("deal", p.deal_paths), (p.subject, p.subject_paths), *p.child_paths):
            if not paths:
                continue
            bucket = used.setdefault(kind, set())
            for path in paths:
                bucket.update(DERIVED_SOURCES.get(path, (path,)))
                bucket.add(path)
    for kind, (path, _) in CHILD_KINDS.items():
        if kind in used:
            used["deal"].add(path)
    return {k: tuple(sorted(v)) for k, v in used.items()}
