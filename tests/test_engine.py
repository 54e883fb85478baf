"""The durable-rules adapter against its own failure modes (design/durable-rules.md)."""
from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from vetting.rules import conditions
from vetting.engine.engine import Engine
from vetting.io.errors import EngineError
from vetting.model.models import Deal
from vetting.rules.rulepack import load_pack
from vetting.engine.ruleset import RuleSet

MINI = Path(__file__).parent / "data" / "mini_pack"
AS_OF = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def mini():
    return RuleSet((load_pack(MINI),))


def deal(**kw):
    base = {"id": "d", "provider": {"name": "P"}}
    base.update(kw)
    return Deal.model_validate(base)


def statuses(ruleset, d, rule_id):
    return {o.subject: o.status for o in ruleset.outcomes(d, AS_OF) if o.rule.id == rule_id}


def test_more_sessions_than_the_live_limit(mini):
    # durable-rules dies for good past 1024 live sessions; each deal's session must be freed.
    d = deal(contract={"stop_loss": {"present": False}})
    for _ in range(1500):
        assert statuses(mini, d, "MIN-001") == {"deal": "risk"}


def test_a_deal_that_fires_nothing_does_not_crash(mini):
    # delete_state on a session that never ran an action segfaults; the always-rule prevents it.
    d = deal()
    for _ in range(50):
        assert statuses(mini, d, "MIN-001") == {"deal": "unknown"}


def test_no_timer_threads_are_started(mini):
    before = threading.active_count()
    fresh = RuleSet((load_pack(MINI),))
    fresh.outcomes(deal(), AS_OF)
    assert threading.active_count() == before


METRICS = ["gmv", "net_sales", "profit_margin", "return_rate", "units", "acos", "conversion_rate"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(METRICS), max_size=6), st.randoms())
def test_negation_does_not_depend_on_kpi_order(mini, metrics, rnd):
    kpis = [{"id": f"k{i}", "metric": m} for i, m in enumerate(metrics)]
    shuffled = list(kpis)
    rnd.shuffle(shuffled)
    healthy = any(m in ("profit_margin", "return_rate") for m in metrics)
    expected = {f"kpis[{k['id']}]": ("risk" if k["metric"] in ("gmv", "net_sales") and not healthy else "pass") for k in kpis}
    assert statuses(mini, deal(kpis=kpis), "MIN-002") == expected
    assert statuses(mini, deal(kpis=shuffled), "MIN-002") == expected


def test_an_exception_inside_an_action_fails_loudly():
    # the public path runs Python actions, and durable-rules swallows what they raise
    engine = Engine({"R-1": [{"d": {"kind": "deal"}}]})
    engine._action = lambda rule_id: (lambda c: 1 / 0)  # noqa: E731 - an action that raises
    engine._host = None
    with pytest.raises(EngineError, match="swallowed an exception: .*division by zero"):
        engine.fire_public({"kind": "deal", "id": "deal"}, [])
    # the binding path runs no action code: the same engine still reports what fired
    assert engine.fire({"kind": "deal", "id": "deal"}, []) == {("R-1", "deal")}


def test_both_paths_report_rule_and_subject():
    engine = Engine({"R-1": [{"d": {"kind": "deal"}}, {"subj": {"$and": [{"kind": "kpi"}, {"$gt": {"target": 5}}]}}],
                     "R-2": [{"d": {"$and": [{"kind": "deal"}, {"fee": 1}]}}]})
    kpis = [{"kind": "kpi", "id": f"kpis[k{i}]", "target": t} for i, t in enumerate([3, 8, 9])]
    deal_fact = {"kind": "deal", "id": "deal", "fee": 1}
    expected = {("R-1", "kpis[k1]"), ("R-1", "kpis[k2]"), ("R-2", "deal")}
    assert engine.fire(deal_fact, kpis) == engine.fire_public(deal_fact, kpis) == expected
    assert engine.fire(dict(deal_fact, fee=2), []) == set()


@pytest.mark.parametrize("path", ["fire", "fire_public"])
def test_refused_facts_fail_the_deal_not_the_process(path):
    # two facts with the same id are refused by durable-rules (MessageObserved): an EngineError, not a
    # segfault when the session, which ran no action, is deleted; and it is deleted, so the next deals run
    engine = Engine({"R-1": [{"d": {"kind": "deal"}}], "R-2": [{"d": {"kind": "deal"}}, {"subj": {"kind": "kpi"}}]})
    fire = getattr(engine, path)
    for _ in range(3):
        with pytest.raises(EngineError, match="refused|Observed"):
            fire({"kind": "deal", "id": "deal"}, [{"kind": "kpi", "id": "deal"}])
    for _ in range(1100):  # more than the live-session limit: every session was deleted
        assert fire({"kind": "deal", "id": "deal"}, []) == {("R-1", "deal")}


def test_engine_and_evaluator_must_agree():
    # If the engine and the three-valued evaluator ever disagree, nothing is reported.
    broken = RuleSet((load_pack(MINI),))
    for plan in broken.plans:  # the judgment both evaluators share now says "pass" whatever the facts
        plan.judge.when = lambda facts: False
    with pytest.raises(EngineError, match="MIN-001 on deal: the engine fired"):
        broken.outcomes(deal(contract={"stop_loss": {"present": False}}), AS_OF)


def test_a_comparison_with_a_missing_field_is_unknown_not_a_risk(mini):
    # durable-rules treats `a > b` as true when b is missing; the compiler guards against it.
    from vetting.rules.conditions import parse, to_durable
    node = parse([{"contract.termination.early_termination_fee": {"gt": {"path": "derived.monthly_fixed_fee", "times": 3}}}])
    [deal_pattern] = to_durable(node, "deal")
    assert {"$ex": {"derived.monthly_fixed_fee": 1}} in json.loads(json.dumps(deal_pattern))["d"]["$and"][1]["$and"]


def test_a_negation_over_a_record_with_unknown_fields_stays_unknown(mini):
    # a KPI without a metric might be the margin KPI: "GMV and no margin KPI" cannot be a known risk
    d = deal(kpis=[{"id": "gmv", "metric": "gmv"}, {"id": "k2", "name": "店铺健康度"}])
    assert statuses(mini, d, "MIN-002") == {"kpis[gmv]": "unknown", "kpis[k2]": "unknown"}


@pytest.mark.parametrize("value, expected", [(1e-05, 0), (1.5e-05, 0), (0.00015, 0.0001), (1e16, 10**15), (-1e300, -10**15), (float("inf"), 10**15), (2**70, 10**15), (1e-300, 0),
                                             (2.0, 2), (12.34567, 12.3457)])
def test_numbers_are_cleaned_for_the_engine_parser(value, expected):
    # the engine's JSON parser rejects 1e-05 style floats; ints and integral floats must join alike
    cleaned = conditions.clean_number(value)
    assert cleaned == expected and "e" not in repr(cleaned)


def test_tiny_fractions_reach_the_engine_without_error(mini):
    d = deal(seller={"monthly_gmv": 10_000_000}, fees={"base_monthly": 0.001})
    assert statuses(mini, d, "MIN-005") == {"deal": "pass"}


def test_long_text_is_capped_at_load():
    with pytest.raises(Exception, match="4000"):
        deal(claims=[{"text": "保" * 70_000}])


def test_mentions_matches_chinese_and_case_insensitive_english(mini):
    d = deal(claims=[{"text": "保你月销百万", "guaranteed": True, "in_contract": False},
                     {"text": "We GUARANTEE page one", "guaranteed": True, "in_contract": False},
                     {"text": "We aim for page one", "guaranteed": True, "in_contract": False}])
    assert statuses(mini, d, "MIN-004") == {"claims[0]": "risk", "claims[1]": "risk", "claims[2]": "pass"}


def test_three_valued_and_passes_on_one_known_false(mini):
    # fee model known to be fixed: the ad-budget rule cannot apply, whatever the approval is
    assert statuses(mini, deal(fees={"model": "fixed"}), "MIN-003") == {"deal": "pass"}
    assert statuses(mini, deal(fees={"model": "ad_spend_pct"}), "MIN-003") == {"deal": "unknown"}
    assert statuses(mini, deal(fees={"model": "ad_spend_pct", "ad_budget_approval": False}), "MIN-003") == {"deal": "risk"}


def test_one_compile_per_process(mini):
    host = mini.engine.host
    mini.outcomes(deal(), AS_OF)
    assert mini.engine.host is host


def test_a_firing_names_its_record_from_the_echoed_text_or_by_decoding_it():
    from vetting.engine.engine import _Echo

    deal, k0, k1 = '{"kind": "deal", "id": "deal"}', '{"kind": "kpi", "id": "kpis[a]"}', '{"kind": "kpi", "id": "kpis[b]"}'
    echo = _Echo(deal, {"kpis[a]": k0, "kpis[b]": k1})
    assert echo.subject("R-1", '{"R-1":{"d":' + deal + ',"subj":' + k1 + "}}") == "kpis[b]"
    # as vetting sends them, a record's text starts with its id: found without scanning the others
    f0, f1 = '{"id":"kpis[a]","kind":"kpi"}', '{"id":"kpis[b]","kind":"kpi","target":7}'
    echo = _Echo(deal, {"kpis[a]": f0, "kpis[b]": f1})
    assert echo.subject("R-1", '{"R-1":{"d":' + deal + ',"subj":' + f1 + "}}") == "kpis[b]"
    # an id that matches but a text that does not is not taken for that record
    assert echo.subject("R-1", '{"R-1":{"d":' + deal + ',"subj":{"id":"kpis[b]","kind":"kpi","target":8}}}') is None
    echo = _Echo(deal, {"kpis[a]": k0, "kpis[b]": k1})
    # anything else (another alias order, other spacing, a fact it did not send) is left to json.loads
    assert echo.subject("R-1", '{"R-1":{"subj":' + k1 + ',"d":' + deal + "}}") is None
    assert echo.subject("R-1", '{"R-1": {"d":' + deal + ',"subj":' + k1 + "}}") is None
    assert echo.subject("R-1", '{"R-1":{"d":' + deal + ',"subj":{"kind": "kpi", "id": "kpis[c]"}}}') is None
    # and the engine's own firings take the fast way and name the same records as the public API
    engine = Engine({"R-1": [{"d": {"kind": "deal"}}, {"subj": {"$and": [{"kind": "kpi"}, {"$gt": {"target": 5}}]}}]})
    kpis = [{"kind": "kpi", "id": f"kpis[{i}]", "target": t, "note": "保证 \"quoted\""} for i, t in enumerate([9, 3, 7])]
    assert engine.fire({"kind": "deal", "id": "deal"}, kpis) == {("R-1", "kpis[0]"), ("R-1", "kpis[2]")}


def test_facts_orjson_refuses_are_sent_as_json_dumps_writes_them():
    # orjson writes facts ten times as fast, but refuses integers beyond 64 bits: those facts go
    # through json.dumps, and the engine sees the same facts either way
    from vetting.engine.engine import _text

    engine = Engine({"R-1": [{"d": {"$and": [{"kind": "deal"}, {"$gt": {"fee": 5}}]}}]})
    huge = {"kind": "deal", "id": "deal", "fee": 2 ** 70, "note": "无责解约"}
    assert json.loads(_text(huge)) == huge and "无责解约" in _text(huge)
    assert json.loads(_text({"kind": "deal", "id": "deal", "fee": 7.5})) == {"kind": "deal", "id": "deal", "fee": 7.5}
    assert engine.fire(huge, []) == engine.fire_public(huge, []) == {("R-1", "deal")}
