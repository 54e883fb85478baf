"""`vetting compare` on the three fixture proposals for the same seller."""
import json
import re
import shutil

import pytest
import yaml
from click.testing import CliRunner

from vetting.cli import _register, cli

_register()
ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
COMPARE = ROOT / "fixtures" / "compare"
DEALS = [str(COMPARE / f"{n}.yaml") for n in ("adpilot-ads", "bluewave-growth", "linkstar-full-store")]


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_table_key_lines():
    r = invoke("compare", *DEALS)
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "Proposal comparison"
    assert "                                              adpilot-ads          bluewave-growth      linkstar-full-store" in lines
    for expected in (
        "Monthly GMV                                   450,000 CNY          450,000 CNY          450,000 CNY",
        "Monthly cost                                  6,900 CNY            0 CNY                37,500 CNY",
        "First 12 months (incl. setup)                 85,800 CNY           0 CNY                460,000 CNY",
        "Effective take rate                           1.59%                0%                   8.52%",
        "Cost of leaving after 3 months                30,600 CNY           0 CNY                322,500 CNY",
        "Money at risk before the first stop-loss      23,700 CNY           0 CNY                322,500 CNY",
        "  - bluewave-growth: incremental GMV measured against the current monthly GMV (450,000) as baseline",
        "  - adpilot-ads: ad spend assumed at 10% of GMV (--ad-spend)",
        "  - linkstar-full-store: no exit for convenience: leaving early is assumed to cost the fixed fees of the whole "
        "12-month term",
    ):
        assert expected in lines, expected
    ranking = lines[lines.index("Ranking (best first)") + 1:lines.index("Ranking (best first)") + 4]
    assert ranking[0].startswith("  1. bluewave-growth — risk score ")
    assert ranking[1].startswith("  2. adpilot-ads — risk score ")
    assert " + 2 × 1.59 points of take rate above the cheapest (1.59%) = " in ranking[1]
    assert ranking[2].startswith("  3. linkstar-full-store — ranked last: blocker(s) SEC-001")
    # the difference that matters: a stop-loss in two proposals, none in LinkStar
    exit1 = next(line for line in lines if line.startswith("EXIT-001 "))
    assert exit1.split()[-3:] == ["pass", "pass", "risk"]


def test_gmv_scenarios():
    r = invoke("compare", *DEALS, "--gmv", "-20%", "--gmv", "+30%", "--gmv", "1000000")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    for title in ("Cost at the current monthly GMV", "Cost at -20%", "Cost at +30%", "Cost at 1,000,000"):
        assert title in lines
    plus30 = lines[lines.index("Cost at +30%"):]
    assert "Monthly cost                                  8,520 CNY            10,800 CNY           44,250 CNY" in plus30


def test_json_contract_and_scores_equal_assess():
    r = invoke("compare", *DEALS, "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["format"] == "vetting/comparison@1"
    assert {"format", "ranking", "deals", "assumptions"} <= set(doc)
    assert doc["ranking"] == [d["deal_id"] for d in doc["deals"]]
    assert doc["ranking"][-1] == "linkstar-full-store"
    assert doc["comparable"] is True
    for d in doc["deals"]:
        assert {"deal_id", "provider", "score", "level", "verdict", "completeness", "blockers", "cost"} <= set(d)
        single = json.loads(invoke("assess", str(COMPARE / f"{d['deal_id']}.yaml"), "--format", "json").output)
        for key in ("score", "level", "verdict", "completeness", "blockers", "provider"):
            assert d[key] == single[key], (d["deal_id"], key)
        assert d["categories"] == {k: v["score"] for k, v in single["categories"].items()}
    cost = {d["deal_id"]: d["cost"] for d in doc["deals"]}
    cur = cost["adpilot-ads"]["scenarios"][0]
    assert cur == {"scenario": "current", "monthly_gmv": 450000.0, "monthly": 6900.0, "first_year": 85800.0,
                   "take_rate_pct": 1.59, "exit_after_3_months": 30600.0, "at_risk_before_stop_loss": 23700.0}
    assert cost["adpilot-ads"]["unknown_fields"] == ["contract.termination.early_termination_fee"]
    assert any(a.startswith("ranking: deals with blockers last") for a in doc["assumptions"])
    # deterministic
    assert invoke("compare", *DEALS, "--format", "json").output == r.output


def test_currency_mismatch_is_said_and_costs_not_ranked(tmp_path):
    data = yaml.safe_load((COMPARE / "adpilot-ads.yaml").read_text(encoding="utf-8"))
    data["id"], data["currency"] = "adpilot-usd", "USD"
    usd = tmp_path / "usd.yaml"
    usd.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = invoke("compare", DEALS[1], str(usd), "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["comparable"] is False
    assert doc["currencies"] == ["CNY", "USD"]
    assert ("the deals are in different currencies (CNY, USD): costs are shown in each deal's own currency and "
            "are not compared or ranked") in doc["assumptions"]
    assert all(d["rank_reason"].endswith("(costs not ranked)") or "ranked last" in d["rank_reason"] for d in doc["deals"])
    table = invoke("compare", DEALS[1], str(usd)).output
    row = next(line for line in table.splitlines() if line.startswith("Monthly cost "))
    assert re.split(r"\s{2,}", row) == ["Monthly cost", "0 CNY", "6,900 USD"]


def test_errors_exit_2(tmp_path):
    shutil.copy(DEALS[0], tmp_path / "copy.yaml")
    r = CliRunner().invoke(cli, ["compare", DEALS[0], str(tmp_path / "copy.yaml")])
    assert r.exit_code == 2
    assert r.output.strip() == (f"{tmp_path / 'copy.yaml'}: id: deal id 'adpilot-ads' is also used by {DEALS[0]}; "
                                "each deal needs its own id")
    r = CliRunner().invoke(cli, ["compare", *DEALS, "--gmv", "lots"])
    assert r.exit_code == 2
    assert r.output.strip() == "--gmv lots: expected a number or a change like -20% / +30%"
    r = CliRunner().invoke(cli, ["compare", DEALS[0]])
    assert r.exit_code == 2
    assert "give at least two deal files to compare" in r.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nprovider: {name: P}\nfees: {model: hourly}\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["compare", DEALS[0], str(bad)])
    assert r.exit_code == 2
    assert "fees.model" in r.output


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_other_formats(fmt, tmp_path):
    out = tmp_path / f"c.{fmt}"
    r = invoke("compare", *DEALS, "--format", fmt, "-o", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    if fmt == "md":
        assert "| Monthly cost | 6,900 CNY | 0 CNY | 37,500 CNY |" in text.splitlines()
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
        assert 'style="background: ' in text  # the category heat map
    else:
        assert text.splitlines()[0] == "section,item,adpilot-ads,bluewave-growth,linkstar-full-store"
        assert "Cost at the current monthly GMV,Monthly cost,\"6,900 CNY\",0 CNY,\"37,500 CNY\"" in text.splitlines()


def test_chinese():
    r = invoke("compare", *DEALS, "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "方案对比"
    assert "排名(最优在前)" in r.output


def test_help_has_example():
    for cmd in ("compare", "batch"):
        assert "Example:" in invoke(cmd, "--help").output


def test_strings_have_the_same_keys_in_both_languages():
    from vetting.compare import strings
    from vetting.costs import NOTES_EN

    en, zh = strings("en"), strings("zh")
    assert set(en) == set(zh)
    assert {k: v for k, v in en.items() if k.startswith("cost_")} == {f"cost_{k}": v for k, v in NOTES_EN.items()}
    import re

    for key in en:  # same placeholders
        assert set(re.findall(r"{(\w+)}", en[key])) == set(re.findall(r"{(\w+)}", zh[key])), key


def test_chinese_assumptions():
    r = invoke("compare", *DEALS, "--lang", "zh")
    assert "  - bluewave-growth: 增量GMV以当前月GMV(450,000)为基线计算" in r.output.splitlines()


def test_a_deal_too_little_is_known_about_ranks_after_the_judged_ones():
    # Scoring v2: its score is only the known risk (0 here), which must not put it first
    fx = ROOT / "fixtures"
    doc = json.loads(invoke("compare", str(fx / "mostly-unknown.yaml"), str(fx / "lock-in.yaml"),
                            str(fx / "gold-standard.yaml"), "--format", "json").stdout)
    order = sorted(doc["deals"], key=lambda d: d["rank"])
    assert [d["deal_id"] for d in order] == ["gold-2026", "lazada-lockin", "tiktok-first-call"]
    assert order[-1]["rank_reason"] == ("ranked after the deals that can be judged: too little is known (5% of the "
                                        "facts; risk score 0, could rise to 99.7)")
