"""What the rules mean: the reference evaluator, rule by rule and subject by subject.

This module is the specification. It uses no engine, no masks and no memos; the
fast path (``ruleset.RuleSet.evaluate``, which lets durable-rules fire for known
risks and decides the rest in bulk) must give exactly the same outcomes, and a
differential test (tests/test_reference.py) checks that on generated deals.

For one rule and one subject (the deal, or one KPI, claim, case study or milestone):

    A = applies  (three-valued; true when the rule has no ``applies:``)
    C = when     (three-valued)

    A is false  -> "na"       the rule does not concern this deal
    C is true   -> "risk"     a known risk (if A is unknown: assumed to apply, and the
                              unknown facts A hangs on are listed in ``assumed``)
    C unknown   -> "unknown"  an open question, hanging on the unknown facts in ``missing``
    C is false  -> "pass"

An unknown applicability fact therefore never turns a known risk into an open
question. ``assumed`` names exactly the unknown facts on which A depends: those read by a
part of ``applies`` that the known facts leave undecided (``deciding_facts``). An unknown
fact read only where a known fact already decides (an ``any`` one of whose branches is
known to hold) is left out: no answer to it could change A.

Three-valued logic is Kleene's (conditions.compile_eval): a test on an
unknown field is unknown, ``all`` is false as soon as one part is false, ``any``
true as soon as one part is true. Texts: the first variant whose ``if`` is known
to hold replaces the base texts (``variant``; -1 for none).
"""
from __future__ import annotations

from dataclasses import dataclass

from . import conditions
from .conditions import All, Any_, Exists, Maybe, Test
from .facts import DERIVED_SHADOWED, DERIVED_SOURCES, Facts
from ..model.fields import CHILD_KINDS

STATUSES = ("risk", "unknown", "pass", "na")


@dataclass(slots=True)
class Outcome:
    """One rule's verdict on one subject, before scoring. Treat it as immutable. Slotted and not
    frozen on purpose: a batch makes and reads about a hundred per deal, and slot attributes are
    the fastest to make and to read."""

    rule: object  # rulepack.LoadedRule
    subject: str  # "deal" or a record label such as "kpis[gmv-growth]"
    status: str  # risk | unknown | pass | na
    missing: tuple[str, ...] = ()  # for an open question: the unknown facts behind it
    assumed: tuple[str, ...] = ()  # for a risk or an open question: the unknown facts ``applies`` hangs on
    variant: int = -1  # which of the rule's text variants applies (-1: the base texts)
    rank: int = 0  # the subject's place in the canonical order of its list (model.order; 0 for the deal)


@dataclass(frozen=True)
class Evaluation:
    """Every rule outcome for one deal, and how many of the facts rules read were known."""

    outcomes: tuple[Outcome, ...]  # in listing order: by rule (sort_key), then subject
    known_facts: int
    facts: object = None  # the Facts the outcomes were judged on (RuleSet.evaluate_many sets them)


def judge(j, facts: tuple) -> tuple[str, tuple[str, ...], tuple[str, ...], int]:
    """(status, missing, assumed, variant) of one rule on one subject. ``j`` is the rule's compiled
    parts (plan.Judge: ``when``, ``applies``, ``variants`` as three-valued functions); ``facts`` is
    (deal, subject record or None, None, records by kind)."""
    rule = j.rule
    a = True if j.applies is None else j.applies(facts)
    if a is False:
        return "na", (), (), -1
    c = j.when(facts)
    assumed = () if a is True else deciding_facts(rule.applies, facts)
    variant = next((i for i, v in enumerate(j.variants) if v(facts) is True), -1)
    if c is True:
        return "risk", (), assumed, variant
    if c is None:
        missing = tuple(m for m in unknown_facts(rule.when, facts) if m not in assumed)
        return "unknown", missing, assumed, variant
    return "pass", (), (), variant


def unknown_facts(node, facts: tuple) -> tuple[str, ...]:
    """The unknown facts a condition reads, sorted: deal paths, ``label.path`` for records,
    the list's own path when a list of records is unknown. A derived field is named by
    its unknown sources (an open question asks for what the seller can fill in)."""
    out: set[str] = set()
    _walk(node, facts, None, out)
    return tuple(sorted(out))


def deciding_facts(node, facts: tuple) -> tuple[str, ...]:
    """The unknown facts an undecided condition hangs on, sorted (named as ``unknown_facts`` names
    them): those read by its undecided parts. A part the known facts decide adds nothing: in an
    undecided ``all`` every part is true or undecided, and only the undecided ones count; in an
    undecided ``any`` every part is false or undecided, likewise. Empty for a decided condition.
    ``node`` is a plain condition (tests, ``all``, ``any``: an ``applies:``)."""
    out: set[str] = set()
    _decide(node, facts, out)
    return tuple(sorted(out))


def _decide(node, facts: tuple, out: set[str]) -> bool | None:
    """The three-valued value of ``node``; when it is undecided, adds the facts it hangs on to ``out``."""
    if isinstance(node, Test):
        value = _compiled(node)(facts)
        if value is None:
            _walk(node, facts, None, out)
        return value
    if not isinstance(node, (All, Any_)):
        raise TypeError(f"deciding_facts reads plain conditions (tests, all, any), not {type(node).__name__}")
    decides = False if isinstance(node, All) else True  # the value one part decides alone
    undecided: set[str] = set()
    value = not decides
    for item in node.items:
        v = _decide(item, facts, undecided)
        if v is decides:
            return decides
        if v is None:
            value = None
    out.update(undecided)
    return value


_TESTS: dict = {}  # Test -> its compiled three-valued closure (a pack has a few hundred)


def _compiled(test: Test):
    fn = _TESTS.get(test)
    if fn is None:
        fn = _TESTS[test] = conditions.compile_eval(test)
    return fn


def _unknown(fact: dict, path: str, prefix: str, out: set[str]) -> None:
    if conditions.getter(path)(fact) is not None:
        return
    shadowed = DERIVED_SHADOWED.get(path, {})
    sources = [q for q in DERIVED_SOURCES.get(path, ()) if conditions.getter(q)(fact) is None
               and (q not in shadowed or conditions.getter(shadowed[q])(fact) is None)]
    out.update(prefix + q for q in (sources or [path]))


def _walk(node, facts: tuple, record: dict | None, out: set[str]) -> None:
    # module-level recursion on purpose: a nested recursive function is a reference cycle,
    # and a batch makes no cyclic garbage (tests/test_batch.py)
    deal, subject, _, children = facts
    if isinstance(node, Test):
        for p in (node.path, *([node.arg.path] if isinstance(node.arg, conditions.Ref) else [])):
            if node.scope == "deal":
                _unknown(deal, p, "", out)
            elif node.scope == "subject":
                _unknown(subject, p, subject["id"] + ".", out)
            else:
                _unknown(record, p, record["id"] + ".", out)
    elif isinstance(node, (All, Any_)):
        for item in node.items:
            _walk(item, facts, record, out)
    elif isinstance(node, Maybe):
        _walk(node.cond, facts, record, out)
    elif isinstance(node, Exists):
        records = children.get(node.kind)
        if records is None:
            out.add(CHILD_KINDS[node.kind][0])
            return
        for rec in records:
            if rec is not subject:
                _walk(node.cond, facts, rec, out)


def subjects(kind: str, facts: Facts) -> list[tuple[str, dict | None]]:
    """The subjects a rule on ``kind`` judges, in listing order: the deal, or each record by label, in the
    canonical order facts.build puts them in (model.order)."""
    if kind == "deal":
        return [("deal", None)]
    return [(rec["id"], rec) for rec in facts.children.get(kind) or []]


def evaluate(plans, facts: Facts, used: dict[str, tuple[str, ...]]) -> Evaluation:
    """Every rule's outcome for one deal, rule by rule (``plans`` are in listing order), subject by subject."""
    out = []
    for p in plans:
        for rank, (label, record) in enumerate(subjects(p.subject, facts)):
            status, missing, assumed, variant = judge(p.judge, (facts.deal, record, None, facts.children))
            out.append(Outcome(p.rule, label, status, missing, assumed, variant, rank))
    return Evaluation(tuple(out), known_count(facts, used))


def known_count(facts: Facts, used: dict[str, tuple[str, ...]]) -> int:
    """How many of the facts some rule reads (derived fields aside) are known for this deal."""
    def known(fact, paths):
        return sum(1 for p in paths if p not in DERIVED_SOURCES and conditions.getter(p)(fact) is not None)

    total = known(facts.deal, used.get("deal", ()))
    for kind, records in facts.children.items():
        for rec in records or ():
            total += known(rec, used.get(kind, ()))
    return total


__all__ = ["Outcome", "Evaluation", "STATUSES", "judge", "evaluate", "unknown_facts", "deciding_facts", "subjects",
           "known_count"]