"""``vetting rules check``: a pack must load, compile into the engine and run on worst-case deals.

The pack is checked together with the core pack, as ``assess --rules DIR`` would load it. The
engine is compiled at once (durable-rules compiles lazily, on the first deal), then fed deals built
from the conditions themselves: one that makes every test of every rule hold at once as far as
the tests allow (every alternative of an ``any`` too: the engine's limits are about how many tests
hold for one fact), and one per rule that makes that rule hold. The engine runs in a child
process, so a crash or a hang is a refusal, not the end of the check. On each deal, what the
engine fires must be what the three-valued evaluator says holds.
"""
from __future__ import annotations

import multiprocessing
from pathlib import Path

from ..rules import conditions
from ..rules.conditions import All, Any_, Exists, Maybe, Ref, Test, clean_number
from ..io.errors import EngineError, Problem, RulePackError, said
from ..text import messages
from ..model.fields import CHILD_KINDS
from ..rules.rulepack import LoadedRule, Pack, core_pack_dir, load_pack, load_packs

TRIAL_SECONDS = 120  # a trial that takes longer is taken for a hang


def check_pack(folder: str | Path) -> Pack:
    """The pack in ``folder`` if it loads, compiles and runs; RulePackError (file: rule: reason) if not."""
    pack = load_pack(folder)
    core = Path(folder).resolve() == core_pack_dir().resolve()
    packs = load_packs(() if core else (str(folder),))
    rules = [r for p in packs for r in p.rules]
    where = {r.id: str(Path(folder) / r.file) for r in pack.rules}
    problems = _trial_in_child(rules)
    if problems:
        core_name = messages.msg("cli.core_pack")  # a rule of the core pack that the pack in folder broke
        raise RulePackError([Problem(where.get(rid, core_name), "", msg, rule=rid) if rid else Problem(str(folder), "", msg)
                             for rid, msg in problems])
    return pack


def _trial_in_child(rules: list[LoadedRule]) -> list[tuple[str, str]]:
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(rules, send), daemon=True)
    child.start()
    send.close()
    problems = None
    if receive.poll(TRIAL_SECONDS):
        try:
            problems = receive.recv()
        except EOFError:
            problems = None
    child.join(5)
    if child.is_alive():
        child.kill()
        child.join()
        return [("", said("engine_timeout", seconds=TRIAL_SECONDS))]
    if problems is None:
        if child.exitcode and child.exitcode < 0:
            return [("", said("engine_crash_signal", signal=-child.exitcode))]
        return [("", said("engine_crash_exit", code=child.exitcode))]
    return problems


def _child(rules, send) -> None:
    try:
        send.send(trial(rules))
    except BaseException as e:  # noqa: BLE001 - report anything, never hang the parent
        send.send([("", said("check_failed", error=f"{type(e).__name__}: {e}"))])
    finally:
        send.close()


def trial(rules: list[LoadedRule]) -> list[tuple[str, str]]:
    """(rule id, problem) for rules the engine refuses or fires differently from the evaluator."""
    from ..engine.engine import Engine

    engine = Engine({r.id: conditions.to_durable(r.cond, r.rule.subject) for r in rules})
    try:
        engine.compile()
    except EngineError as e:
        return [(r, said("engine_rejected", detail=m)) for r, m in getattr(e, "rules", ())] or [("", str(e))]
    evaluators = {r.id: conditions.compile_eval(r.cond) for r in rules}
    problems: dict[str, str] = {}
    for deal, records in worst_cases(rules):
        try:
            fired = engine.fire(deal, [rec for recs in records.values() for rec in recs])
        except EngineError as e:
            return [("", said("engine_failed", error=str(e)))]
        for r in rules:
            subjects = [None] if r.rule.subject == "deal" else records.get(r.rule.subject, [])
            for subj in subjects:
                label = "deal" if subj is None else subj["id"]
                value = evaluators[r.id]((deal, subj, None, records))
                if ((r.id, label) in fired) != (value is True) and r.id not in problems:
                    problems[r.id] = said("engine_fired" if (r.id, label) in fired else "engine_not_fired", value=value)
    return sorted(problems.items())


# ---------------------------------------------------------------- worst-case deals

def worst_cases(rules: list[LoadedRule]):
    """(deal fact, records by kind) pairs: every rule's tests at once, then each rule's alone."""
    merged = _Facts()
    for r in rules:
        merged.add(r)
    yield merged.build()
    for r in rules:
        one = _Facts()
        one.add(r)
        yield one.build()


class _Facts:
    def __init__(self):
        self.deal: dict = {}
        self.subjects: dict[str, dict] = {}  # kind -> the one record every subject rule's tests are put on
        self.others: dict[str, list[dict]] = {}  # kind -> records made for exists

    def add(self, r: LoadedRule) -> None:
        subject = r.rule.subject
        self._put(r.cond, subject, None)

    def _put(self, node, subject: str, child: dict | None) -> None:
        if isinstance(node, Test):
            if node.scope == "child":
                target = child
            elif node.scope == "subject":
                target = self.subjects.setdefault(subject, {})
            else:
                target = self.deal
            _assign(target, node)
        elif isinstance(node, (All, Any_)):
            for item in node.items:  # every alternative too: as many tests holding as possible
                self._put(item, subject, child)
        elif isinstance(node, Maybe):  # applies: true makes the rule fire, like its when:
            self._put(node.cond, subject, child)
        elif isinstance(node, Exists) and not node.negated:
            rec: dict = {}
            self._put(node.cond, subject, rec)
            self.others.setdefault(node.kind, []).append(rec)

    def build(self) -> tuple[dict, dict[str, list[dict]]]:
        deal = dict(self.deal, kind="deal", id="deal")
        records: dict[str, list[dict]] = {}
        for kind in CHILD_KINDS:
            recs = ([self.subjects[kind]] if kind in self.subjects else []) + self.others.get(kind, [])
            label = CHILD_KINDS[kind][0]
            records[kind] = [dict(rec, kind=kind, id=f"{label}[w{i}]") for i, rec in enumerate(recs)]
            _set(deal, CHILD_KINDS[kind][0], len(records[kind]))
        return deal, records


def _set(target: dict, path: str, value) -> None:
    *head, last = path.split(".")
    for part in head:
        nxt = target.get(part)
        if not isinstance(nxt, dict):
            nxt = target[part] = {}
        target = nxt
    target[last] = value


def _get(target: dict, path: str):
    for part in path.split("."):
        if not isinstance(target, dict):
            return None
        target = target.get(part)
    return target


def _assign(target: dict, t: Test) -> None:
    """Make the test hold on ``target`` (as far as the values already there allow)."""
    op, a, p = t.op, t.arg, t.path
    if op in ("lt", "le", "gt", "ge"):
        if isinstance(a, Ref):
            _set(target, a.path, 1)
            a = a.times
        _set(target, p, clean_number(a - 1 if op == "lt" else a + 1 if op == "gt" else a))
    elif op in ("eq", "in"):
        _set(target, p, a if op == "eq" else a[0])
    elif op in ("ne", "not_in"):
        other = _other(a if op == "not_in" else (a,))
        if other is not None:
            _set(target, p, other)
    elif op == "present":
        if _get(target, p) is None:
            _set(target, p, 1)
    elif op in ("contains", "contains_any"):
        have = _get(target, p)
        have = list(have) if isinstance(have, list) else []
        _set(target, p, have + [v for v in ((a,) if op == "contains" else a) if v not in have])
    elif op == "mentions":
        have = _get(target, p)
        _set(target, p, " ".join(([have] if isinstance(have, str) else []) + list(a)))
    # missing: left out


def _other(taken: tuple):
    """A value of the test's field's type that is none of ``taken``."""
    sample = taken[0]
    if isinstance(sample, bool):
        return not sample if len(set(taken)) == 1 else None
    if isinstance(sample, (int, float)):
        return clean_number(max(taken) + 1)
    return "zz-" + "-".join(map(str, taken))[:50]
