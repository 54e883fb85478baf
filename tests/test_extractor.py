"""The fast path's extractor (rules.evaluation.extractor): its first calls walk the path tree, later ones
run the code generated from the same tree. Both give, for any fact, the same values of the same types and
the same null mask; the generated code is the specification the walk is checked against."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from conftest import FIXTURES
from vetting.engine.ruleset import get_ruleset
from vetting.model.fields import catalog
from vetting.model.loading import load_deal
from vetting.rules import evaluation
from vetting.rules.evaluation import GENERATE_AFTER, extractor, generated, walked

PATHS = ("a", "b.c", "b.d", "b", "b.e.f", "g.h", "list", "b.list", "z")
AS_TUPLE = frozenset({"list", "b.list"})
LEAVES = (None, 0, 0.0, False, True, "", "x", 3, 2.5, [], [1, 2], ["p"], {}, {"c": 1}, (1,))


def _tree(paths):
    tree: dict = {}
    for i, p in enumerate(paths):
        node = tree
        for part in p.split("."):
            node = node.setdefault(part, {})
        node[None] = i
    return tree


def _random_fact(rnd: random.Random, depth: int = 0):
    if depth > 2 or rnd.random() < 0.3:
        return rnd.choice(LEAVES)
    keys = ["a", "b", "c", "d", "e", "f", "g", "h", "list", "z", "other"]
    return {k: _random_fact(rnd, depth + 1) for k in rnd.sample(keys, rnd.randint(0, len(keys)))}


def _same(x, y) -> bool:
    # repr tells a list from a tuple, 1 from 1.0 and True from 1
    return repr(x) == repr(y)


def test_the_walk_gives_what_the_generated_code_gives_on_random_facts():
    rnd = random.Random(19)
    tree = _tree(PATHS)
    code = generated(tree, len(PATHS), AS_TUPLE)
    facts = [_random_fact(rnd) for _ in range(5000)] + [None, [], "text", {"b": {"e": {"f": [1]}}}]
    for f in facts:
        assert _same(walked(tree, len(PATHS), AS_TUPLE, f), code(f)), f


def test_every_fixture_deal_is_read_the_same_by_the_walk_and_by_the_generated_code():
    ruleset = get_ruleset()
    paths = ruleset.used["deal"]
    lists = frozenset(p for p, info in catalog("deal").items() if info.type == "list")
    tree = _tree(paths)
    code = generated(tree, len(paths), lists)
    facts = [ruleset.facts(d, d.as_of or dt.date(2026, 1, 15)).deal
             for d in (load_deal(p).deal for p in sorted(FIXTURES.glob("*.yaml")))]
    assert len(facts) >= 15
    for f in facts:
        values, null = walked(tree, len(paths), lists, f)
        assert _same((values, null), code(f))
        assert null != (1 << len(paths)) - 1  # something is known: the walk read the deal


def test_an_extractor_walks_first_then_runs_generated_code_with_the_same_answers(monkeypatch):
    made = []
    monkeypatch.setattr(evaluation, "generated", lambda *a: made.append(a) or generated(*a))
    extract = extractor(PATHS, AS_TUPLE)
    code = generated(_tree(PATHS), len(PATHS), AS_TUPLE)
    rnd = random.Random(7)
    for i in range(GENERATE_AFTER + 5):
        f = _random_fact(rnd)
        assert _same(extract(f), code(f))
        assert len(made) == (0 if i < GENERATE_AFTER else 1)  # generated once, after GENERATE_AFTER walks


@pytest.mark.parametrize("fact", [{"b": {"list": [1, 2]}, "list": ["x"]}, {"b": {"list": (1,)}, "list": "x"}])
def test_lists_at_tuple_paths_become_tuples_and_nothing_else_does(fact):
    extract = extractor(PATHS, AS_TUPLE)
    values, _ = extract(fact)
    assert _same(values, generated(_tree(PATHS), len(PATHS), AS_TUPLE)(fact)[0])
    assert isinstance(values[PATHS.index("b.list")], tuple)
