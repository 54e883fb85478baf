"""Issue 24 item 7: a comparison converts every quote into one currency with the rate table (named on
the page, --rates overrides it), so a USD quote among CNY ones is ranked on cost instead of dropping out;
each rank is explained against the next one in one sentence (with blockers on both, the Chinese rank 1
does not say 「排在最后」); money at risk counts only what is lost if the deal fails."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.decide.costs import CostOptions, deal_cost
from vetting.model.loading import load_deal

_register()
ROOT = Path(__file__).resolve().parents[1]
QUOTES = sorted((Path(__file__).parent / "data" / "users" / "quotes").glob("*.yaml"))
DATA = Path(__file__).parent / "data" / "users"


def _compare(*args):
    r = CliRunner().invoke(cli, ["compare", *map(str, args)])
    assert r.exit_code == 0, r.output
    return r.output


def test_a_usd_quote_among_cny_ones_is_converted_priced_and_ranked():
    doc = json.loads(_compare(*QUOTES, "--format", "json"))
    assert doc["comparable"] is True and doc["currencies"] == ["CNY"]
    by = {d["key"]: d for d in doc["deals"]}
    assert all(d["ranking_cost"] is not None for d in doc["deals"])  # nobody drops out of the ranking on cost
    assert doc["ranking_rule"]["mode"] != "risk_only"
    # 2,500 USD a month + 1,500 setup, at 7.17 CNY per USD, in the first year: at least 12 × 17,925 + 10,755
    assert by["quote-us-agency"]["ranking_cost"] >= 12 * 2500 * 7.17 + 1500 * 7.17
    note = next(a for a in doc["assumptions"] if a.startswith("quotes in other currencies are converted to CNY"))
    assert "1 USD = 7.17 CNY" in note and "2025-06-30" in note and "ECB" in note and "--rates" in note
    assert not any("all are priced at" in w for w in doc["warnings"])  # 62,760 USD is 450,000 CNY within 1 %
    page = _compare(*QUOTES, "--format", "html")
    assert "1 USD = 7.17 CNY" in page and "Quoted in" in page


def test_rates_overrides_the_table_and_the_page_names_it(tmp_path):
    rates = tmp_path / "rates.yaml"
    rates.write_text("as_of: 2026-03-01\nsource: the seller's bank, 1 March 2026\nper_usd:\n  USD: 1\n  CNY: 7.0\n",
                     encoding="utf-8")
    doc = json.loads(_compare(*QUOTES, "--format", "json", "--rates", rates))
    note = next(a for a in doc["assumptions"] if a.startswith("quotes in other currencies are converted to CNY"))
    assert "1 USD = 7 CNY" in note and "the seller's bank, 1 March 2026" in note
    default = json.loads(_compare(*QUOTES, "--format", "json"))
    cost = {d["key"]: d["ranking_cost"] for d in doc["deals"]}
    before = {d["key"]: d["ranking_cost"] for d in default["deals"]}
    assert cost["quote-cn-agency"] == before["quote-cn-agency"]
    assert abs(cost["quote-us-agency"] / before["quote-us-agency"] - 7.0 / 7.17) < 0.02


def test_each_rank_is_explained_against_the_next_one():
    lines = [x for x in _compare(*QUOTES).splitlines() if x.startswith("  ") and x[2:3].isdigit()][:3]
    assert lines[0].startswith("  1. quote-us-agency (Summit Commerce LLC) — ranks above quote-cn-agency: ")
    assert lines[1].startswith("  2. quote-cn-agency (华南电商服务) — ranks above quote-cn-studio: a lower risk score")
    assert lines[2].startswith("  3. quote-cn-studio (前海运营工作室) — ranks below quote-cn-agency: a higher risk score")


def test_with_blockers_on_both_the_chinese_first_rank_does_not_read_ranked_last():
    out = _compare(ROOT / "fixtures" / "black-hat-promises.yaml", DATA / "renewing-rank-package.yaml", "--lang", "zh")
    first = next(x for x in out.splitlines() if x.startswith("  1. "))
    second = next(x for x in out.splitlines() if x.startswith("  2. "))
    assert "排在最后" not in first and first.startswith("  1. rank-boost-2026（极速排名工作室）— 排在 home-rank-2026 之前：")
    assert second.startswith("  2. home-rank-2026（星辰跨境代运营）— 排在 rank-boost-2026 之后：")


def test_money_at_risk_leaves_out_commission_on_growth_that_happened():
    """3 % on incremental GMV: if the deal fails there is no growth and no such commission to lose."""
    deal = load_deal(str(QUOTES[0])).deal  # quote-cn-agency: 20,000 a month + 3 % of growth, stop-loss after 2 months
    cost = deal_cost(deal, [("current", 450000.0), ("+30%", 585000.0)], CostOptions(), current_gmv=450000.0)
    now, grown = cost.at("current"), cost.at("+30%")
    assert grown.monthly > now.monthly  # the commission on growth is a real cost when growth happens …
    assert grown.at_risk == now.at_risk == 10000 + 20000 * 2  # … but not money at risk: setup + 2 months' base fee
