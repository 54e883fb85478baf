"""The fast path: the reference's outcomes (reference.evaluate), decided in bulk for a batch.

Same answers as the reference, proven by tests/test_reference.py; only the work differs:

- the engine has already fired for known risks (a firing costs ~15-20 µs), so a plain rule
  (no applies:, no variants:) that did not fire and reads no unknown fact is a pass without
  evaluating it: "does it read an unknown fact?" is one AND of bit masks;
- rules that read only deal fields are decided rule by rule across all the deals of a batch,
  one memo lookup each (a batch repeats the same booleans and enums over and over);
- rules on one record (a KPI, a claim) that read no other records are memoised on the
  record's values and the deal fields they read.

Every outcome it decides is checked against the engine: a disagreement is an EngineError,
never a silently wrong finding. What the judgment of a rule reads, and so what a memo key must
hold, is the values of the fields it reads and which sources of its unknown derived fields are
unknown: that decides the status, ``missing`` and ``assumed`` (reference.deciding_facts: the
unknown facts of the undecided parts of ``applies``) alike.
"""
from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass

from ..rules import conditions
from ..io.errors import EngineError, said
from ..rules.facts import DERIVED_SOURCES
from ..model.fields import catalog
from .plan import Judge, RulePlan
from ..rules.reference import Evaluation, Outcome

# Entries per rule memo. ~100 rules × 2,000 entries of a few hundred bytes stays under
# 100 MB per process even when every deal brings new numbers (the memo then just misses).
MEMO_LIMIT = 2_000


@dataclass(frozen=True)
class _Rule:
    """A plan with the masks and memos of the fast path (built once, in FastPath.__init__)."""

    plan: RulePlan
    rule: object
    judge: Judge
    plain: bool
    deal_mask: int  # bits of the deal fields it reads
    subject_mask: int
    child_masks: tuple[tuple[str, int], ...]
    source_mask: int  # bits of the sources of the derived deal fields it reads
    key_of: object  # picks its deal fields' values out of the deal's value list
    memo: dict | None  # deal-only rules: key -> (outcome, engine should fire, status)
    subject_memo: dict | None  # record rules reading no other record: key -> relative judgment
    subject_source_mask: int
    risk: Outcome
    passed: Outcome


class FastPath:
    def __init__(self, plans: tuple[RulePlan, ...], used: dict[str, tuple[str, ...]]):
        self.used = used
        # One bit per field read, per fact kind: "does this rule read an unknown field?" is one AND.
        self._bits = {k: {p: 1 << i for i, p in enumerate(paths)} for k, paths in used.items()}
        self._getters = {k: tuple((1 << i, conditions.getter(p)) for i, p in enumerate(paths))
                         for k, paths in used.items() if k != "deal"}
        index = {p: i for i, p in enumerate(used["deal"])}
        self._raw_mask = {k: sum(b for p, b in bits.items() if p not in DERIVED_SOURCES) for k, bits in self._bits.items()}
        self.rules = tuple(self._rule(p, index) for p in plans)
        # How a deal's outcomes are put in listing order: the deal-only rules' outcomes come decided
        # in columns, the others one rule at a time; each step is (the next column outcomes
        # row[start:stop], then one other rule's outcomes or None).
        layout, start, stop = [], 0, 0
        for c in self.rules:
            if c.memo is not None:
                stop += 1
            else:
                layout.append((start, stop, c))
                start = stop
        layout.append((start, stop, None))
        self._layout = tuple(layout)
        deal_fields = catalog("deal")
        self._extract = conditions.extractor(
            used["deal"], frozenset(p for p, info in deal_fields.items() if info.type == "list"))

    def _mask(self, kind: str, paths) -> int:
        # a set: two derived fields may share a source, and a bit added twice would carry into another
        return sum(self._bits[kind][p] for p in set(paths))

    def _sources(self, kind: str, paths) -> list[str]:
        return [q for p in paths for q in DERIVED_SOURCES.get(p, ()) if q in self._bits[kind]]

    def _rule(self, p: RulePlan, index: dict[str, int]) -> _Rule:
        on_record = p.subject != "deal"
        return _Rule(
            p, p.rule, p.judge, p.plain,
            deal_mask=self._mask("deal", p.deal_paths),
            subject_mask=self._mask(p.subject, p.subject_paths) if on_record else 0,
            child_masks=tuple((k, self._mask(k, ps)) for k, ps in p.child_paths),
            source_mask=self._mask("deal", self._sources("deal", p.deal_paths)),
            key_of=operator.itemgetter(*(index[q] for q in p.deal_paths)) if p.deal_paths else _no_key,
            memo={} if not on_record and not p.child_paths else None,
            subject_memo={} if _memoisable_on_records(p) else None,
            subject_source_mask=self._mask(p.subject, self._sources(p.subject, p.subject_paths)) if on_record else 0,
            risk=Outcome(p.rule, "deal", "risk"), passed=Outcome(p.rule, "deal", "pass"))

    def evaluate(self, facts: list, fired: list, verify: bool = False) -> list[Evaluation | EngineError]:
        """Each deal's Evaluation (or the EngineError of that deal alone), outcomes in listing order.
        ``fired`` holds, per deal, the (rule id, subject) pairs the engine fired for."""
        results: list = [None] * len(facts)
        values_of, deal_nulls, rec_nulls, listed = [], [], [], []
        extract = self._extract
        for f in facts:
            # each kind's records in the order their outcomes are listed in (facts.build's canonical order)
            listed.append(f.children)
            values, null = extract(f.deal)
            values_of.append(values)
            deal_nulls.append(null)
            rec_null: dict[int, int] = {}  # id(record) -> null mask
            for kind, records in f.children.items():
                getters = self._getters.get(kind, ())
                for rec in records or ():
                    rec_null[id(rec)] = _null_mask(rec, getters)
            rec_nulls.append(rec_null)

        failed: dict[int, EngineError] = {}  # deal position -> the disagreement
        by_column = [] if verify else [c for c in self.rules if c.memo is not None]
        columns = [self._decide_column(c, facts, fired, values_of, deal_nulls, failed) for c in by_column]
        rows = zip(*columns) if columns else itertools.repeat(())
        layout = tuple((0, 0, c) for c in self.rules) if verify else self._layout
        for k, (f, fr, row) in enumerate(zip(facts, fired, rows)):
            if k in failed:
                results[k] = failed[k]
                continue
            out: list[Outcome] = []
            try:
                for start, stop, c in layout:
                    if start != stop:
                        out.extend(row[start:stop])
                    if c is not None:
                        self._decide(c, f, listed[k], fr, values_of[k], deal_nulls[k], rec_nulls[k], verify, out)
            except EngineError as e:
                results[k] = e
                continue
            results[k] = Evaluation(tuple(out), self._known_count(f, deal_nulls[k], rec_nulls[k]))
        return results

    def _decide_column(self, c: _Rule, facts, fired, values_of, deal_nulls, failed: dict) -> list[Outcome]:
        """One deal-only rule across many deals: the memo holds (outcome, engine fires, status) per input values."""
        memo = c.memo
        if c.source_mask:
            keys = [(c.key_of(v), n & c.source_mask) for v, n in zip(values_of, deal_nulls)]
        else:
            keys = list(map(c.key_of, values_of))
        got = list(map(memo.get, keys))
        if None in got:
            if len(memo) > MEMO_LIMIT:  # bounded: numeric inputs can make every key new
                memo.clear()
            for k, entry in enumerate(got):
                if entry is None:
                    entry = memo.get(keys[k])
                    if entry is None:
                        entry = memo[keys[k]] = self._memo_entry(c, facts[k])
                    got[k] = entry
        fired_key = (c.rule.id, "deal")
        hits = [fired_key in fr for fr in fired]
        if list(map(_second, got)) != hits:
            for k, (entry, hit) in enumerate(zip(got, hits)):
                if entry[1] != hit:
                    failed.setdefault(k, disagreement(c.rule.id, "deal", hit, entry[2]))
        return list(map(_first, got))

    @staticmethod
    def _memo_entry(c: _Rule, f) -> tuple[Outcome, bool, str]:
        status, missing, assumed, variant = c.judge((f.deal, None, None, f.children))
        if c.plain and status != "unknown":
            outcome = c.risk if status == "risk" else c.passed
        else:
            outcome = Outcome(c.rule, "deal", status, missing, assumed, variant)
        return outcome, status == "risk", status

    def _decide(self, c: _Rule, f, listed: dict, fired, values: list, deal_null: int, rec_null: dict[int, int],
                verify: bool, out: list[Outcome]) -> None:
        """One rule's outcomes (one per subject, records in ``listed`` order) for one deal, appended to ``out``."""
        r = c.rule
        subjects = (None,) if c.plan.subject == "deal" else (listed.get(c.plan.subject) or ())
        memo = None if verify else c.subject_memo
        deal_key = None  # the deal fields' part of the memo key: the same for every record
        # per kind of other records it reads: how many have an unknown field it reads (once per deal, so
        # that a rule on every KPI reading the other KPIs costs time linear in the KPIs)
        counts = self._unknown_counts(c, f, rec_null) if c.child_masks else ()
        for rank, subj in enumerate(subjects):
            label = "deal" if subj is None else subj["id"]
            hit = (r.id, label) in fired
            if c.plain and not (hit or verify or self._reads_unknown(c, subj, deal_null, rec_null, counts)):
                out.append(c.passed if subj is None else Outcome(r, label, "pass", rank=rank))
                continue
            if memo is not None:
                if deal_key is None:
                    deal_key = (c.key_of(values), deal_null & c.source_mask)
                key = (tuple(map(subj.get, c.plan.subject_paths)), rec_null[id(subj)] & c.subject_source_mask, deal_key)
                entry = memo.get(key)
                if entry is None:
                    if len(memo) > MEMO_LIMIT:
                        memo.clear()
                    entry = memo[key] = _relative(c.judge((f.deal, subj, None, f.children)), label + ".")
                status, missing, assumed, variant = entry
                missing, assumed = _absolute(missing, label + "."), _absolute(assumed, label + ".")
            else:
                status, missing, assumed, variant = c.judge((f.deal, subj, None, f.children))
            if hit != (status == "risk"):
                raise disagreement(r.id, label, hit, status)
            out.append(Outcome(r, label, status, missing, assumed, variant, rank))

    @staticmethod
    def _unknown_counts(c: _Rule, f, rec_null: dict[int, int]) -> tuple:
        """(kind, mask, how many of its records read an unknown field; None when the list is unknown)."""
        out = []
        for kind, m in c.child_masks:
            records = f.children.get(kind)
            out.append((kind, m, None if records is None else sum(1 for rec in records if rec_null[id(rec)] & m)))
        return tuple(out)

    @staticmethod
    def _reads_unknown(c: _Rule, subj, deal_null: int, rec_null: dict[int, int], counts: tuple) -> bool:
        if deal_null & c.deal_mask:
            return True
        if subj is not None and rec_null[id(subj)] & c.subject_mask:
            return True
        for kind, m, n in counts:
            if n is None:
                return True
            if subj is not None and kind == c.plan.subject and rec_null[id(subj)] & m:
                n -= 1  # the subject itself is not one of the "other" records
            if n:
                return True
        return False

    def _known_count(self, f, deal_null: int, rec_null: dict[int, int]) -> int:
        """How many of the (non-derived) facts that some rule reads are known for this deal."""
        known = (self._raw_mask["deal"] & ~deal_null).bit_count()
        for kind, records in f.children.items():
            raw = self._raw_mask.get(kind, 0)
            for rec in records or ():
                known += (raw & ~rec_null[id(rec)]).bit_count()
        return known


def _memoisable_on_records(p: RulePlan) -> bool:
    if p.subject == "deal" or p.child_paths:
        return False
    fields = catalog(p.subject)
    return all("." not in q and (q not in fields or fields[q].type != "list") for q in p.subject_paths)


def disagreement(rule_id: str, label: str, hit: bool, status) -> EngineError:
    return EngineError(said("engine_disagrees_fired" if hit else "engine_disagrees_not_fired",
                            rule=rule_id, label=label, status=status))


def _relative(judged: tuple, prefix: str) -> tuple:
    """A record's judgment with its own label taken out of the fact names (memo entries are shared by
    records with the same values); other names are marked with a leading NUL."""
    status, missing, assumed, variant = judged
    return status, _rel(missing, prefix), _rel(assumed, prefix), variant


def _rel(names, prefix: str) -> tuple:
    return tuple(m[len(prefix):] if m.startswith(prefix) else "\0" + m for m in names)


def _absolute(names, prefix: str) -> tuple:
    return tuple(sorted(m[1:] if m[0] == "\0" else prefix + m for m in names)) if names else ()


def _no_key(values):
    return ()


def _null_mask(fact: dict, getters) -> int:
    mask = 0
    for bit, get in getters:
        if get(fact) is None:
            mask |= bit
    return mask


_first = operator.itemgetter(0)
_second = operator.itemgetter(1)
