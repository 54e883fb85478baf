"""A loaded set of rule packs, compiled once, that turns a deal into rule outcomes.

The engine fires for known risks only (each firing costs ~15-20 µs). A rule
that did not fire and whose inputs are all known is a pass; one with unknown
inputs is evaluated three-valued over the same facts to tell an open question
from a pass. A fired rule is checked against the same evaluation, and with
``verify=True`` every rule is: a disagreement is an EngineError, never a
silently wrong finding.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import operator
from dataclasses import dataclass
from functools import lru_cache

from . import conditions, facts as factsmod
from .engine import Engine
from .derived import Rates, default_rates_file, load_rates
from .errors import EngineError
from .facts import DERIVED_SOURCES
from .fields import CHILD_KINDS, catalog
from .models import Deal
from .reference import Evaluation, Judge, Outcome, Reference
from .rulepack import LoadedRule, Pack, load_packs


# Entries per rule memo. ~100 rules × 2,000 entries of a few hundred bytes stays under
# 100 MB per process even when every deal brings new numbers (the memo then just misses).
MEMO_LIMIT = 2_000


def _expand(path: str) -> tuple[str, ...]:
    return DERIVED_SOURCES.get(path, (path,))


@dataclass(frozen=True)
class _Compiled:
    rule: LoadedRule
    subject_kind: str
    deal_paths: tuple[str, ...]
    subject_paths: tuple[str, ...]
    child_paths: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, paths) read through exists/none
    judge: Judge  # the reference judgment of one subject (status, missing, assumed, variant)
    deal_mask: int = 0  # bits of the deal fields it reads (see RuleSet._bits)
    subject_mask: int = 0
    child_masks: tuple[tuple[str, int], ...] = ()
    source_mask: int = 0  # bits of the sources of the derived fields it reads
    key_of: object = None  # picks its deal fields' values (and nothing else) out of the deal's value list
    memo: dict | None = None  # deal-only rules: input values (and source nulls) -> (outcome, is true, value)
    fired_key: tuple = ()  # (rule id, "deal"): how the engine reports it
    risk: Outcome | None = None  # its deal-level outcomes, made once
    passed: Outcome | None = None
    # rules on one record (a KPI, a claim) that read no other records: the same answer for the
    # same values of the record and of the deal fields they read
    subject_memo: dict | None = None  # key -> (value, unknown deal facts, unknown record facts)
    subject_source_mask: int = 0  # bits of the sources of the record's derived fields it reads
    # no applies: and no variants: a rule that did not fire and reads no unknown fact is a pass
    plain: bool = True


class RuleSet:
    """Rule packs compiled into one engine for this process."""

    def __init__(self, packs: tuple[Pack, ...], rates: Rates | None = None):
        self.packs = packs
        self.rates = rates if rates is not None else load_rates(default_rates_file())
        self.rules: tuple[LoadedRule, ...] = tuple(r for p in packs for r in p.rules)
        self.by_id = {r.id: r for r in self.rules}
        self.blocker_ids = frozenset(r.id for r in self.rules if r.rule.severity == "blocker")
        used: dict[str, set[str]] = {"deal": set()}
        compiled, patterns = [], {}
        self.judges = {r.id: Judge(r) for r in self.rules}
        for r in self.rules:
            # the variants' conditions are read too (which texts apply), so they are part of memo keys
            refs = conditions.referenced(conditions.All((r.cond, *r.variant_conds)))
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
                self.judges[r.id], plain=r.applies is None and not r.variant_conds))
            patterns[r.id] = conditions.to_durable(r.cond, subject_kind)
        for kind, (path, _) in CHILD_KINDS.items():
            if kind in used:
                used["deal"].add(path)  # the list's count tells "none" from "unknown"
        self._used_paths = {k: tuple(sorted(v)) for k, v in used.items()}
        # One bit per field read, per fact kind: "does this rule read an unknown field?" is one AND.
        self._bits = {k: {p: 1 << i for i, p in enumerate(paths)} for k, paths in self._used_paths.items()}
        # records' fields are read one getter at a time (the deal's all at once: self._extract, below)
        self._getters = {k: tuple((1 << i, _getter(p)) for i, p in enumerate(paths))
                         for k, paths in self._used_paths.items() if k != "deal"}
        self._index = {k: {p: i for i, p in enumerate(paths)} for k, paths in self._used_paths.items()}
        self._raw_mask = {k: sum(b for p, b in bits.items() if p not in DERIVED_SOURCES) for k, bits in self._bits.items()}

        def mask(kind, paths):
            # a set: two derived fields may share a source, and a bit added twice would carry into another
            return sum(self._bits[kind][p] for p in set(paths))

        def sources_in(kind, paths):
            return [q for p in paths for q in DERIVED_SOURCES.get(p, ()) if q in self._bits[kind]]

        self._compiled = tuple(dataclasses.replace(
            c, deal_mask=mask("deal", c.deal_paths),
            subject_mask=mask(c.subject_kind, c.subject_paths) if c.subject_kind != "deal" else 0,
            child_masks=tuple((k, mask(k, ps)) for k, ps in c.child_paths),
            source_mask=mask("deal", sources_in("deal", c.deal_paths)),
            key_of=operator.itemgetter(*(self._index["deal"][p] for p in c.deal_paths)) if c.deal_paths else _no_key,
            # A rule that reads only deal fields gives the same answer for the same values:
            # remember it (a batch repeats the same booleans and enums over and over).
            memo={} if c.subject_kind == "deal" and not c.child_paths else None,
            fired_key=(c.rule.id, "deal"), risk=Outcome(c.rule, "deal", "risk"), passed=Outcome(c.rule, "deal", "pass"),
            subject_memo={} if self._memoisable_on_records(c) else None,
            subject_source_mask=mask(c.subject_kind, sources_in(c.subject_kind, c.subject_paths))
            if c.subject_kind != "deal" else 0)
            # in the order findings are listed: evaluate returns outcomes in that order
            for c in sorted(compiled, key=lambda c: c.rule.sort_key))
        # How a deal's outcomes are put in listing order: the deal-only rules' outcomes come decided
        # in columns, the others one rule at a time; each step is (the next column outcomes
        # row[start:stop], then one other rule's outcomes or None).
        layout, start, stop = [], 0, 0
        for c in self._compiled:
            if c.memo is not None:
                stop += 1
            else:
                layout.append((start, stop, c))
                start = stop
        layout.append((start, stop, None))
        self._layout = tuple(layout)
        # every deal field some rule reads, in one call: values (lists as tuples, memo keys) and null mask
        deal_fields = catalog("deal")
        self._extract = conditions.extractor(
            self._used_paths["deal"], frozenset(p for p, info in deal_fields.items() if info.type == "list"))
        self._used = {k: factsmod.path_tree(v) for k, v in used.items()}
        self.reference = Reference(self.rules, self.judges)
        self.engine = Engine(patterns)

    @staticmethod
    def _memoisable_on_records(c: _Compiled) -> bool:
        if c.subject_kind == "deal" or c.child_paths:
            return False
        fields = catalog(c.subject_kind)
        return all("." not in p and (p not in fields or fields[p].type != "list") for p in c.subject_paths)

    @property
    def labels(self) -> list[str]:
        return [p.label for p in self.packs]

    def facts(self, deal: Deal, as_of: dt.date) -> factsmod.Facts:
        return factsmod.build(deal, as_of, self._used, self.rates)

    def outcomes(self, deal: Deal, as_of: dt.date, verify: bool = False) -> list[Outcome]:
        return list(self.evaluate(deal, as_of, verify).outcomes)

    def evaluate_reference(self, deal: Deal, as_of: dt.date) -> Evaluation:
        """Every rule's outcome for one deal by the reference evaluator (reference.py): no engine,
        no memo. ``evaluate`` must give the same (tests/test_reference.py)."""
        from .reference import known_count

        f = self.facts(deal, as_of)
        return Evaluation(self.reference.outcomes(f), known_count(f, self._used_paths))

    def evaluate(self, deal: Deal, as_of: dt.date, verify: bool = False) -> Evaluation:
        """Every rule's outcome for one deal. ``verify`` evaluates every rule, not only where needed."""
        result = self.evaluate_many([(deal, as_of)], verify)[0]
        if isinstance(result, EngineError):
            raise result
        return result

    def evaluate_many(self, items: list[tuple[Deal, dt.date]], verify: bool = False) -> list[Evaluation | EngineError]:
        """``evaluate`` for several deals at once: an Evaluation, or the EngineError of that deal alone.

        The engine runs deal by deal. The rules that read only deal fields are then
        decided rule by rule across all the deals (a memo lookup each, in C loops),
        which is what makes a batch fast; the other rules deal by deal. Each deal's
        outcomes come in listing order: by rule (``sort_key``), then subject."""
        results: list = [None] * len(items)
        live, facts, fired = [], [], []
        for i, (deal, as_of) in enumerate(items):
            f = self.facts(deal, as_of)
            try:
                fired.append(self.engine.fire(f.deal, [c for kind in CHILD_KINDS for c in (f.children[kind] or ())]))
            except EngineError as e:
                results[i] = e
                continue
            live.append(i)
            facts.append(f)
        values_of, deal_nulls, rec_nulls, listed = [], [], [], []
        extract = self._extract
        for f in facts:
            # each kind's records by label, the order their outcomes are listed in
            listed.append({kind: sorted(records, key=_label) if records and len(records) > 1 else records
                           for kind, records in f.children.items()})
            values, null = extract(f.deal)
            values_of.append(values)
            deal_nulls.append(null)
            rec_null: dict[int, int] = {}  # id(record) -> null mask
            for kind, records in f.children.items():
                getters = self._getters.get(kind, ())
                for rec in records or ():
                    rec_null[id(rec)] = _null_mask(rec, getters)
            rec_nulls.append(rec_null)

        failed: dict[int, EngineError] = {}  # position in facts -> the disagreement
        by_column = [] if verify else [c for c in self._compiled if c.memo is not None]
        columns = [self._decide_column(c, facts, fired, values_of, deal_nulls, failed) for c in by_column]
        rows = zip(*columns) if columns else itertools.repeat(())
        layout = tuple((0, 0, c) for c in self._compiled) if verify else self._layout
        for k, (f, fr, row) in enumerate(zip(facts, fired, rows)):
            i = live[k]
            if k in failed:
                results[i] = failed[k]
                continue
            out: list[Outcome] = []
            try:
                for start, stop, c in layout:
                    if start != stop:
                        out.extend(row[start:stop])
                    if c is not None:
                        self._decide(c, f, listed[k], fr, values_of[k], deal_nulls[k], rec_nulls[k], verify, out)
            except EngineError as e:
                results[i] = e
                continue
            results[i] = Evaluation(tuple(out), self._known_count(f, deal_nulls[k], rec_nulls[k]))
        return results

    def _decide_column(self, c: _Compiled, facts, fired, values_of, deal_nulls, failed: dict) -> list[Outcome]:
        """One deal-only rule across many deals: the memo holds (outcome, condition is true) per input values."""
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
                        entry = memo[keys[k]] = self._memo_entry(c, facts[k], deal_nulls[k])
                    got[k] = entry
        hits = [c.fired_key in fr for fr in fired]
        if list(map(_second, got)) != hits:
            for k, (entry, hit) in enumerate(zip(got, hits)):
                if entry[1] != hit:
                    failed.setdefault(k, _disagreement(c.rule.id, "deal", hit, entry[2]))
        return list(map(_first, got))

    def _memo_entry(self, c: _Compiled, f, deal_null: int) -> tuple[Outcome, bool, object]:
        status, missing, assumed, variant = c.judge((f.deal, None, None, f.children))
        if c.plain and status != "unknown":
            outcome = c.risk if status == "risk" else c.passed
        else:
            outcome = Outcome(c.rule, "deal", status, missing, assumed, variant)
        return outcome, status == "risk", status

    def _decide(self, c: _Compiled, f, listed: dict, fired, values: list, deal_null: int, rec_null: dict[int, int],
                verify: bool, out: list[Outcome]) -> None:
        """One rule's outcomes (one per subject, records in ``listed`` order) for one deal, appended to ``out``."""
        r = c.rule
        subjects = (None,) if c.subject_kind == "deal" else (listed.get(c.subject_kind) or ())
        memo = None if verify else c.subject_memo
        deal_key = None  # the deal fields' part of the memo key: the same for every record
        for subj in subjects:
            label = "deal" if subj is None else subj["id"]
            hit = (r.id, label) in fired
            if c.plain and not (hit or verify or self._reads_unknown(c, f, subj, deal_null, rec_null)):
                out.append(c.passed if subj is None else Outcome(r, label, "pass"))
                continue
            if memo is not None:
                if deal_key is None:
                    deal_key = (c.key_of(values), deal_null & c.source_mask)
                key = (tuple(map(subj.get, c.subject_paths)), rec_null[id(subj)] & c.subject_source_mask, deal_key)
                entry = memo.get(key)
                if entry is None:
                    if len(memo) > MEMO_LIMIT:
                        memo.clear()
                    entry = memo[key] = _relative(c.judge((f.deal, subj, None, f.children)), label + ".")
                status, missing, assumed, variant = entry
                prefix = label + "."
                missing = tuple(sorted(m[1:] if m[0] == "\0" else prefix + m for m in missing)) if missing else ()
                assumed = tuple(sorted(m[1:] if m[0] == "\0" else prefix + m for m in assumed)) if assumed else ()
            else:
                status, missing, assumed, variant = c.judge((f.deal, subj, None, f.children))
            if hit != (status == "risk"):
                raise _disagreement(r.id, label, hit, status)
            out.append(Outcome(r, label, status, missing, assumed, variant))

    def _reads_unknown(self, c: _Compiled, f, subj, deal_null: int, rec_null: dict[int, int]) -> bool:
        if deal_null & c.deal_mask:
            return True
        if subj is not None and rec_null[id(subj)] & c.subject_mask:
            return True
        for kind, m in c.child_masks:
            records = f.children.get(kind)
            if records is None:
                return True
            for rec in records:
                if rec is not subj and rec_null[id(rec)] & m:
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


_getter = conditions.getter
_label = operator.itemgetter("id")
_first = operator.itemgetter(0)
_second = operator.itemgetter(1)


def _disagreement(rule_id: str, label: str, hit: bool, status) -> EngineError:
    return EngineError(
        f"rule {rule_id} on {label}: the engine {'fired' if hit else 'did not fire'} but the reference "
        f"judgment is '{status}'; findings would be wrong, so nothing is reported")


def _relative(judged: tuple, prefix: str) -> tuple:
    """A record's judgment with its own label taken out of the fact names (memo entries are shared by
    records with the same values); other names are marked with a leading NUL."""
    status, missing, assumed, variant = judged
    def rel(names):
        return tuple(m[len(prefix):] if m.startswith(prefix) else "\0" + m for m in names)
    return status, rel(missing), rel(assumed), variant


def _no_key(values):
    return ()


def _null_mask(fact: dict, getters) -> int:
    mask = 0
    for bit, get in getters:
        if get(fact) is None:
            mask |= bit
    return mask


@lru_cache(maxsize=8)
def _ruleset(extra: tuple[str, ...], rates: str | None) -> RuleSet:
    return RuleSet(load_packs(extra), load_rates(rates) if rates else None)


def get_ruleset(extra: tuple[str, ...] | list[str] = (), rates: str | None = None) -> RuleSet:
    """The compiled rule set for the core pack plus ``extra`` pack folders, with the reference
    exchange rates of ``rates`` (a file; default rules/rates.yaml), cached per process."""
    return _ruleset(tuple(str(e) for e in extra), str(rates) if rates else None)
