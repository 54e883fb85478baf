"""The engine and the three-valued evaluator agree on every rule, for random deals.

Production skips the evaluator where the engine's answer is certain (a rule that
did not fire and has every input known is a pass) and memoises deal-only rules;
this test checks, with ``verify=True`` (every rule evaluated, no memo), that
neither shortcut ever changes an outcome.
"""
from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings, strategies as st

from vetting.model.fields import CHILD_KINDS, catalog
from vetting.model.loading import validate
from vetting.engine.ruleset import get_ruleset

AS_OF = dt.date(2026, 1, 15)
NUMBERS = [0, 1, 2, 3, 5, 6, 7, 10, 12, 14, 15, 20, 25, 30, 45, 60, 80, 90, 100, 150, 5000, 20000, 60000, 300000, 1200000]
TEXTS = ["保你月销百万", "We guarantee page one", "conversion rate per Business Report", "甲方满意", "sessions / units"]


def _value(info, rnd: random.Random, path: str):
    if info.type == "bool":
        return rnd.choice([True, False])
    if info.type == "enum":
        return rnd.choice(info.values)
    if info.type == "list":
        if info.values:
            return rnd.sample(info.values, rnd.randint(0, min(3, len(info.values))))
        return rnd.sample(["US", "DE", "CN", "SG"], 2) if path.endswith("markets") else ["home"]
    if info.type == "number":
        n = rnd.choice(NUMBERS)
        if path.endswith(("_pct", "percent")) or "pct" in path:
            n = min(n, 100)
        if path.endswith(("_days", "days")):
            n = min(n, 365)
        if path.endswith("months"):
            n = min(n, 36)
        if path.endswith("consecutive_periods"):
            n = max(1, min(n, 12))
        return n
    if info.type == "text":
        return rnd.choice(TEXTS)
    if info.type == "date":
        return rnd.choice(["2025-03-01", "2026-02-01", "2026-01-20"])
    return None


def _set(d, path, value):
    *parents, leaf = path.split(".")
    for p in parents:
        d = d.setdefault(p, {})
    d[leaf] = value


def random_deal(rnd: random.Random, p_known: float) -> dict:
    deal: dict = {"id": "r", "provider": {"name": "P"}, "as_of": "2026-01-15"}
    for path, info in catalog("deal").items():
        if info.derived or info.type == "count" or path in ("id", "title", "currency", "as_of", "provider.name"):
            continue
        if rnd.random() < p_known:
            v = _value(info, rnd, path)
            if v is not None:
                _set(deal, path, v)
    for kind, (path, _) in CHILD_KINDS.items():
        if rnd.random() < 0.2:
            continue  # the list itself unknown
        records = []
        for i in range(rnd.randint(0, 3)):
            rec = {}
            for field, info in catalog(kind).items():
                if info.derived or field == "id":
                    continue
                if field in ("text", "month") or rnd.random() < p_known:
                    v = _value(info, rnd, field)
                    if v is not None:
                        rec[field] = v
            if kind == "kpi":
                rec["id"] = f"k{i}"
            if kind == "milestone":
                rec["month"] = min(rec.get("month", 1), 36)
            records.append(rec)
        _set(deal, path, records)
    return deal


def _valid(data):
    """Validate, dropping the few random values the format rejects (e.g. 300000 years)."""
    from vetting.io.errors import InputError
    for _ in range(5):
        try:
            return validate(data, "random")
        except InputError as e:
            for p in e.problems:
                node, parts = data, p.path.replace("]", "").replace("[", ".").split(".")
                for part in parts[:-1]:
                    node = node[int(part)] if part.isdigit() else node[part]
                last = parts[-1]
                if isinstance(node, list):
                    node.pop(int(last))
                else:
                    node.pop(last, None)
    return validate(data, "random")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32), st.floats(0.1, 0.95))
def test_engine_and_evaluators_agree_on_random_deals(seed, p_known):
    rnd = random.Random(seed)
    data = random_deal(rnd, p_known)
    loaded = _valid(data)
    ruleset = get_ruleset()
    ev = ruleset.evaluate(loaded.deal, AS_OF, verify=True)  # raises EngineError on any disagreement
    fast = {(o.rule.id, o.subject): o.status for o in ruleset.evaluate(loaded.deal, AS_OF).outcomes}
    assert fast == {(o.rule.id, o.subject): o.status for o in ev.outcomes}


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32), st.floats(0.1, 0.95))
def test_binding_and_public_api_fire_the_same_rules(seed, p_known):
    # the engine drives durable-rules' C binding directly (design/durable-rules.md §5): it must fire
    # exactly what the public API with Python actions fires, for the same facts
    loaded = _valid(random_deal(random.Random(seed), p_known))
    ruleset = get_ruleset()
    f = ruleset.facts(loaded.deal, AS_OF)
    children = [c for kind in CHILD_KINDS for c in (f.children[kind] or ())]
    assert ruleset.engine.fire(f.deal, children) == ruleset.engine.fire_public(f.deal, children)


def test_binding_and_public_api_fire_the_same_rules_on_the_fixtures():
    from pathlib import Path

    from vetting.model.loading import load_deal

    ruleset = get_ruleset()
    paths = sorted((Path(__file__).parents[1] / "fixtures").rglob("*.yaml"))
    assert len(paths) > 10
    fired = 0
    for path in paths:
        deal = load_deal(path).deal
        f = ruleset.facts(deal, deal.as_of or AS_OF)
        children = [c for kind in CHILD_KINDS for c in (f.children[kind] or ())]
        got = ruleset.engine.fire(f.deal, children)
        assert got == ruleset.engine.fire_public(f.deal, children), path
        fired += len(got)
    assert fired > 50  # the fixtures do fire rules: the comparison is not vacuous


_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=3), st.lists(st.integers(0, 3), max_size=2))
_NODE = st.recursive(_LEAF, lambda inner: st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), _NODE, max_size=3))
def test_extractor_reads_what_getters_read(fact):
    # the batch reads every deal field with one generated function; it must agree with the getters
    from vetting.rules.conditions import extractor, getter

    paths = ("a", "a.b", "a.b.c", "b", "b.a", "c.c.c", "c")
    values, null = extractor(paths, frozenset({"a.b", "c"}))(fact)
    expected = [getter(p)(fact) for p in paths]
    expected = [tuple(v) if p in ("a.b", "c") and isinstance(v, list) else v for p, v in zip(paths, expected)]
    assert values == expected
    assert null == sum(1 << i for i, v in enumerate(expected) if v is None)
