"""Judgment v3: claims read by meaning (vetting.model.claims), walk-away findings, retired rule ids."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.model.claims import inferred_kind, promise
from vetting.model.loading import validate
from vetting.outputs.report import render
from vetting.rules.rulepack import RETIRED
from vetting.workflows.assess import assess, decide_many

ROOT = Path(__file__).resolve().parents[1]

@pytest.mark.parametrize("text, kind, promised", [
    ("We do not guarantee sales results; the targets are in the KPI annex", "result_promise", False),
    ("我们不保证销量，具体目标见KPI附件", "result_promise", False),
    ("我们不作任何销量保证", "result_promise", False),
    ("我们不保证销量，但保证上首页", "result_promise", True),
    ("包上首页，包回本", "earnings_claim", True),
    ("不出单不收费", "result_promise", True),
    ("We promise to double your sales in six months", "result_promise", True),
    ("99.9 % monthly uptime SLA with service credits", "service_level", False),
    ("Same-day shipping guaranteed", "service_level", False),
    ("我们是亚马逊SPN官方认证服务商", "credential", False),
    ("Passive income from an AI-powered store we fully manage", "earnings_claim", None),
    ("Make $5,000 a month", "earnings_claim", None),
    ("月入两万，躺赚", "earnings_claim", True),
    # the provider's own pay is not an income promised to the buyer (blind round 31, a revenue-share agency)
    ("No sales guarantee. We only earn when you sell.", "result_promise", False),
    ("我们不保证销量，我们的利润率只取决于你的增量", "result_promise", False),
    ("You will earn $3,000 a month from the store we run for you", "earnings_claim", None),
    # the provider named near the word, but the income is the buyer's
    ("Join us and earn $5,000 a month", "earnings_claim", None),
    ("We help you earn passive income", "earnings_claim", None),
    ("和我们一起做，月入三万", "earnings_claim", None),
    ("和我们一起月入三万", "earnings_claim", None),
])
def test_a_claim_is_read_by_meaning_with_negation_in_both_languages(text, kind, promised):
    claim = {"text": text, "guaranteed": True if kind == "service_level" else None}
    assert inferred_kind(text) == kind
    assert promise(claim) is promised


def test_the_sellers_own_kind_and_guaranteed_flag_decide_over_the_words():
    assert promise({"text": "Guaranteed certified team", "kind": "credential", "guaranteed": True}) is False
    assert promise({"text": "Top 10 in the category", "kind": "result_promise", "guaranteed": True}) is True
    assert promise({"text": "Top 10 in the category", "kind": "result_promise", "guaranteed": False}) is False


def _deal(claims):
    return {"id": "c", "provider": {"name": "深圳某代运营公司", "kind": "store_operation"}, "claims": claims}


def test_chinese_and_english_forms_of_a_claim_give_the_same_outcome():
    pairs = [("We guarantee page one within three months", "保证三个月内上首页"),
             ("We do not guarantee sales", "我们不保证销量"),
             ("Passive income, 8-20 % monthly margins", "被动收入，月利润率8%-20%")]
    deals = [validate(_deal([{"text": t, "in_contract": False}]), t) for pair in pairs for t in pair]
    results = decide_many(deals)
    for i in range(0, len(results), 2):
        en, zh = results[i].result, results[i + 1].result
        assert (en.verdict, sorted(en.known), sorted(en.questions)) == (zh.verdict, sorted(zh.known), sorted(zh.questions))


def test_reordering_claims_changes_nothing_in_the_verdict_or_the_findings():
    claims = [{"text": "我们是TikTok Shop官方TSP服务商", "in_contract": False},
              {"text": "我们承诺三个月销量翻倍", "in_contract": False},
              {"text": "We do not guarantee rankings", "in_contract": False}]
    a = assess(validate(_deal(claims), "a"))
    b = assess(validate(_deal(claims[::-1]), "b"))
    assert (a.verdict, a.score) == (b.verdict, b.score)
    named = lambda x: sorted((f.rule_id, f.status) for f in x.findings if f.status in ("risk", "unknown"))
    assert named(a) == named(b)
    # the credential is never named as a result to write into the contract
    assert not any(f.rule_id == "KPI-016" and "TSP" in f.fix for f in a.findings + b.findings if f.status == "risk")


def test_kpi_016_weighs_and_names_the_worst_promise_whatever_the_order():
    # a credential, a plain description, a forecast marked not guaranteed, a promise and a guarantee, none
    # in the contract: KPI-016 fires on the promise and the guarantee and counts once, on the guarantee, and
    # its text (clause, report line, fix) names it in every order; the others never fire it
    claims = [{"text": "我们是亚马逊SPN官方认证服务商", "in_contract": False, "kind": "credential"},
              {"text": "We run your store with a team of five", "in_contract": False, "kind": "description"},
              {"text": "We will double your sales", "in_contract": False},
              {"text": "Page one in 30 days", "guaranteed": False, "in_contract": False, "kind": "result_promise"},
              {"text": "保你月销百万", "guaranteed": True, "in_contract": False}]
    seen = set()
    for order in (claims, claims[::-1], claims[1:] + claims[:1]):
        a = assess(validate(_deal(order), "a"))
        kpi16 = [f for f in a.findings if f.rule_id == "KPI-016"]
        fired = sorted(f.subject_name for f in kpi16 if f.status == "risk")
        assert fired == ["We will double your sales", "保你月销百万"], fired
        weighed = [f for f in kpi16 if f.points]
        assert [f.subject_name for f in weighed] == ["保你月销百万"]
        passed = sorted(f.subject_name for f in kpi16 if f.status == "pass")
        assert {"我们是亚马逊SPN官方认证服务商", "We run your store with a team of five", "Page one in 30 days"} <= set(passed)
        seen.add((weighed[0].subject_name, weighed[0].fix, a.score))
        for lang in ("en", "zh"):
            md = render(a, "md", lang)
            assert "保你月销百万" in md and ("claim 1" not in md and "第 1 条承诺" not in md)
    assert len(seen) == 1


def test_walk_away_findings_are_never_fixes():
    deal = _deal([{"text": "我们提供测评服务，保证月销翻倍", "in_contract": False}])
    deal["fees"] = {"payee_is_contracting_entity": False}
    a = assess(validate(deal, "w"))
    walk = {f.rule_id for f in a.findings if f.walk_away and f.status == "risk"}
    assert {"CMP-010", "FEE-008"} <= walk and a.verdict == "do_not_sign"
    steps = {r for fix in a.fix_first + a.path for r in fix.rule_ids}
    assert not steps & walk


def test_a_waiver_naming_a_retired_rule_names_its_successor_and_exits_2(tmp_path):
    _register()
    deal = tmp_path / "deal.yaml"
    deal.write_text("id: w\nprovider: {name: X}\nwaivers:\n  - {rule: KPI-005, reason: accepted}\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["assess", str(deal)])
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [f"{deal}:4: waivers[0].rule: rule 'KPI-005' is retired: its finding is now "
                                     "KPI-004; name KPI-004 in the waiver"]


def test_every_retired_id_is_listed_in_the_rule_format_doc():
    doc = (ROOT / "docs" / "rule-format.md").read_text(encoding="utf-8")
    table = doc.split("### Retired rule ids")[1]
    for rid, successor in RETIRED.items():
        assert re.search(rf"`{rid}`.*`{successor}`", table), rid
