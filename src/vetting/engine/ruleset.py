"""A loaded set of rule packs, compiled once, that turns a deal into rule outcomes.

What the outcomes mean is written once, in reference.py. A RuleSet builds the
facts, lets durable-rules fire for known risks, and decides every outcome with
one of two evaluators behind the same signature, chosen here and nowhere else:

- ``"fast"`` (the default): fastpath.FastPath, masks and memos for batches;
- ``"reference"``: reference.evaluate, rule by rule, subject by subject.

Both are checked against what the engine fired: a disagreement is an
EngineError for that deal, never a silently wrong finding.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache

from ..rules import facts as factsmod, reference
from ..model.derived import Rates, default_rates_file, load_rates
from ..io.errors import EngineError
from .fastpath import FastPath, disagreement
from ..model.fields import CHILD_KINDS
from ..model.models import Deal
from .plan import fields_read, plans
from ..rules.reference import Evaluation, Outcome
from ..rules.rulepack import LoadedRule, Pack, load_packs

EVALUATORS = ("fast", "reference")

__all__ = ["RuleSet", "get_ruleset", "Outcome", "Evaluation", "EVALUATORS"]


class RuleSet:
    """Rule packs compiled into one engine for this process."""

    def __init__(self, packs: tuple[Pack, ...], rates: Rates | None = None, evaluator: str = "fast"):
        if evaluator not in EVALUATORS:
            raise ValueError(f"evaluator must be one of {EVALUATORS}")
        self.packs = packs
        self.rates = rates if rates is not None else load_rates(default_rates_file())
        self.rules: tuple[LoadedRule, ...] = tuple(r for p in packs for r in p.rules)
        self.by_id = {r.id: r for r in self.rules}
        # blockers whatever the deal: a graded rule with a lighter grade is a blocker only where its grade is
        self.blocker_ids = frozenset(r.id for r in self.rules if r.rule.severity == "blocker"
                                     and all(r.rule.grade(i)[1] == "blocker" for i in range(len(r.rule.variants))))
        self.plans = plans(self.rules)
        self.used = fields_read(self.plans)
        self._trees = {k: factsmod.path_tree(v) for k, v in self.used.items()}
        self.evaluator = evaluator
        self.fast = FastPath(self.plans, self.used) if evaluator == "fast" else None
        from .engine import Engine  # lazy seam (pyproject: durable-rules): light commands never load the engine

        self.engine = Engine({p.rule.id: p.pattern for p in self.plans})

    @property
    def labels(self) -> list[str]:
        return [p.label for p in self.packs]

    def facts(self, deal: Deal, as_of: dt.date) -> factsmod.Facts:
        return factsmod.build(deal, as_of, self._trees, self.rates)

    def outcomes(self, deal: Deal, as_of: dt.date, verify: bool = False) -> list[Outcome]:
        return list(self.evaluate(deal, as_of, verify).outcomes)

    def evaluate_reference(self, deal: Deal, as_of: dt.date) -> Evaluation:
        """Every rule's outcome for one deal by the reference evaluator alone: no engine, no memo."""
        f = self.facts(deal, as_of)
        return replace(reference.evaluate(self.plans, f, self.used), facts=f)

    def evaluate(self, deal: Deal, as_of: dt.date, verify: bool = False) -> Evaluation:
        """Every rule's outcome for one deal. ``verify`` evaluates every rule, not only where needed."""
        result = self.evaluate_many([(deal, as_of)], verify)[0]
        if isinstance(result, EngineError):
            raise result
        return result

    def evaluate_many(self, items: list[tuple[Deal, dt.date]], verify: bool = False) -> list[Evaluation | EngineError]:
        """``evaluate`` for several deals at once: an Evaluation, or the EngineError of that deal alone.
        Each deal's outcomes come in listing order: by rule (severity, then id), then subject."""
        results: list = [None] * len(items)
        live, facts, fired = [], [], []
        for i, (deal, as_of) in enumerate(items):
            f = self.facts(deal, as_of)
            try:
                fired.append(self.engine.fire(f.deal, [c for kind in CHILD_KINDS for c in (f.children[kind] or ())]))
            except EngineError as e:
                results[i] = self._located(e)
                continue
            live.append(i)
            facts.append(f)
        if self.fast is not None:
            decided = self.fast.evaluate(facts, fired, verify)
        else:
            decided = [_checked(reference.evaluate(self.plans, f, self.used), fr) for f, fr in zip(facts, fired)]
        for i, f, result in zip(live, facts, decided):
            # the facts stay with their outcomes: the because lines and `vetting explain` read these,
            # never facts of their own
            results[i] = replace(result, facts=f) if isinstance(result, Evaluation) else result
        return results


    def _located(self, error: EngineError) -> EngineError:
        """An engine refusal of rules, each named with its pack file (as `vetting rules check` does)."""
        refused = getattr(error, "rules", ())
        if not refused:
            return error
        where = {r.id: f"{p.folder}/{r.file}" if p.folder else r.file for p in self.packs for r in p.rules}
        located = RulesRefused("\n".join(f"{where.get(rid, '?')}: {rid}: the rule engine rejected this rule: {why}"
                                        for rid, why in refused))
        located.rules = refused
        return located


class RulesRefused(EngineError):
    """Rules the engine cannot compile, one line each: file: rule id: reason (exit 2, like a bad pack)."""

    def lines(self) -> list[str]:
        return str(self).splitlines()


def _checked(evaluation: Evaluation, fired) -> Evaluation | EngineError:
    """The reference's outcomes, if the engine fired for exactly its risks."""
    risks = {(o.rule.id, o.subject) for o in evaluation.outcomes if o.status == "risk"}
    if risks != set(fired):
        rule_id, label = min(risks ^ set(fired))
        status = next((o.status for o in evaluation.outcomes if (o.rule.id, o.subject) == (rule_id, label)), "?")
        return disagreement(rule_id, label, (rule_id, label) in fired, status)
    return evaluation


@lru_cache(maxsize=8)
def _ruleset(extra: tuple[str, ...], rates: str | None, evaluator: str) -> RuleSet:
    return RuleSet(load_packs(extra), load_rates(rates) if rates else None, evaluator)


def get_ruleset(extra: tuple[str, ...] | list[str] = (), rates: str | None = None, evaluator: str = "fast") -> RuleSet:
    """The compiled rule set for the core pack plus ``extra`` pack folders, with the reference
    exchange rates of ``rates`` (a file; default rules/rates.yaml), cached per process.
    ``evaluator="reference"`` decides outcomes with the reference evaluator (tests compare the two)."""
    return _ruleset(tuple(str(e) for e in extra), str(rates) if rates else None, evaluator)
