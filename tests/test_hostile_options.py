"""Numeric options refuse nan, inf and values that overflow (exit 2, one line; never a hang or an internal
error); compare takes a deal without a currency; diff prices each version in its own currency, says when
two files are not versions of one deal, and takes --rates. Each case runs vetting in a child process
bounded in time (a nan once made compare search forever)."""
from __future__ import annotations

import json

import pytest

from hostile import ROOT, no_traceback, vetting

A = ROOT / "fixtures" / "compare" / "adpilot-ads.yaml"
B = ROOT / "fixtures" / "compare" / "bluewave-growth.yaml"
V1 = ROOT / "fixtures" / "linkstar-proposal.yaml"
V2 = ROOT / "fixtures" / "linkstar-proposal-v2.yaml"


@pytest.mark.parametrize("option, line", [
    ("--gmv=+1e308%", "--gmv +1e308%: a monthly GMV must be at most 1,000,000,000,000"),
    ("--gmv=1e308", "--gmv 1e308: a monthly GMV must be at most 1,000,000,000,000"),
    ("--gmv=+10%@1e308", "--gmv +10%@1e308: a weight after @ must be a number from 0 to 1000, as in +30%@2"),
    ("--rank-at=+1e308%", "--rank-at +1e308%: a monthly GMV must be at most 1,000,000,000,000"),
])
def test_an_overflowing_scenario_is_one_line_and_exit_2(tmp_path, option, line):
    r = vetting("compare", A, B, option, "--format", "json", "-o", tmp_path / "c.json", timeout=60)
    no_traceback(r)
    assert r.returncode == 2
    assert r.stderr.strip() == line


@pytest.mark.parametrize("option", ["--risk-margin", "--ad-spend", "--margin", "--cost-weight"])
@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf"])
def test_nan_and_inf_are_refused_by_every_numeric_option(tmp_path, option, value):
    r = vetting("compare", A, B, f"{option}={value}", "-o", tmp_path / "c.md", timeout=30)
    no_traceback(r)
    assert r.returncode == 2
    assert f"Invalid value for '{option}'" in r.stderr
    assert not (tmp_path / "c.md").exists()


def _without_currency(tmp_path, source, name):
    p = tmp_path / name
    p.write_text("".join(line for line in source.read_text(encoding="utf-8").splitlines(keepends=True)
                         if not line.startswith("currency:")), encoding="utf-8")
    return p


@pytest.mark.parametrize("fmt", ["table", "md", "html", "csv", "json"])
def test_compare_takes_a_deal_without_a_currency(tmp_path, fmt):
    a = _without_currency(tmp_path, A, "adpilot-ads.yaml")
    out = tmp_path / f"c.{fmt}"
    r = vetting("compare", a, B, "--format", fmt, "-o", out, timeout=90)
    no_traceback(r)
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "None" not in text
    if fmt in ("table", "md"):
        assert ("adpilot-ads: no currency given (currency): amounts are shown as written and not converted; "
                "add the currency to the deal file (e.g. CNY)") in text
    if fmt == "json":
        doc = json.loads(text)
        assert doc["currencies"] == [None, "CNY"]


def test_compare_of_deals_none_of_which_gives_a_currency_prints_no_none(tmp_path):
    a = _without_currency(tmp_path, A, "adpilot-ads.yaml")
    b = _without_currency(tmp_path, B, "bluewave-growth.yaml")
    out = tmp_path / "c.md"
    r = vetting("compare", a, b, "--format", "md", "--lang", "zh", "-o", out, timeout=90)
    no_traceback(r)
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "None" not in text
    assert "adpilot-ads；bluewave-growth 未注明币种（currency）" in text


def _in_usd(tmp_path, source=V1, name="v1-usd.yaml"):
    p = tmp_path / name
    p.write_text(source.read_text(encoding="utf-8").replace("\ncurrency: CNY\n", "\ncurrency: USD\n"), encoding="utf-8")
    return p


def test_diff_prices_each_version_in_its_own_currency(tmp_path):
    usd = _in_usd(tmp_path)
    out = tmp_path / "d.md"
    r = vetting("diff", V1, usd, "-o", out, timeout=90)
    no_traceback(r)
    text = out.read_text(encoding="utf-8")
    # CN¥15,000 → $15,000 is a change, not "no change"
    assert "| fixed monthly fee (`fees.base_monthly`) | CN¥15,000 | $15,000 |" in text
    assert ("Note: the two versions are in different currencies (CNY → USD): each is priced in its own, and the "
            "earlier cost is also shown in USD, converted with the rate table of 2025-06-30") in text
    row = next(line for line in text.splitlines() if line.startswith("| Monthly cost at the current GMV"))
    before, after = row.split("|")[2:4]
    assert before.strip().startswith("CN¥") and "(about $" in before and after.strip().startswith("$")


def test_diff_json_gives_each_side_its_currency(tmp_path):
    usd = _in_usd(tmp_path)
    out = tmp_path / "d.json"
    r = vetting("diff", V1, usd, "--format", "json", "-o", out, timeout=90)
    no_traceback(r)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["before"]["currency"], doc["after"]["currency"]) == ("CNY", "USD")
    assert doc["before"]["monthly_cost_converted"] is not None and doc["after"]["monthly_cost_converted"] is None
    assert len(doc["warnings"]) == 1


def test_diff_takes_rates_and_converts_with_them(tmp_path):
    usd = _in_usd(tmp_path)
    rates = tmp_path / "rates.yaml"
    rates.write_text("as_of: 2026-01-15\nsource: my bank\nper_usd:\n  USD: 1\n  CNY: 5\n", encoding="utf-8")
    out = tmp_path / "d.json"
    r = vetting("diff", V1, usd, "--rates", rates, "--format", "json", "-o", out, timeout=90)
    no_traceback(r)
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "rate table of 2026-01-15" in doc["warnings"][0]
    before = doc["before"]
    assert before["monthly_cost_converted"] == pytest.approx(before["monthly_cost"] / 5, abs=0.01)


def test_diff_warns_when_two_files_are_not_versions_of_one_deal(tmp_path):
    out = tmp_path / "d.md"
    r = vetting("diff", V1, A, "-o", out, timeout=90)
    no_traceback(r)
    text = out.read_text(encoding="utf-8")
    assert (f"Note: {V1} and {A} do not look like versions of one deal (id linkstar-2026-q1 → adpilot-ads; provider "
            "联星出海 LinkStar → AdPilot): read this comparison with care") in text


def test_two_versions_of_one_deal_get_no_warning(tmp_path):
    out = tmp_path / "d.json"
    r = vetting("diff", V1, V2, "--format", "json", "-o", out, timeout=90)
    no_traceback(r)
    assert json.loads(out.read_text(encoding="utf-8"))["warnings"] == []
