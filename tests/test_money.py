"""Money in any currency: thresholds through the dated rate table (rules/rates.yaml) or --rates FILE;
an omitted currency is unknown, never CNY; a store with no sales paying a fee is a known risk."""
from __future__ import annotations

import json

from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.model.derived import load_rates, default_rates_file

_register()


def _deal(tmp_path, **fields) -> str:
    deal = {"id": "money", "as_of": "2026-01-15", "provider": {"name": "Kedai Maju Sdn Bhd", "kind": "store_operation"},
            "fees": {"model": "base_plus_commission", "commission_pct": 6, "commission_basis": "total_gmv"}}
    deal.update(fields)
    path = tmp_path / "deal.json"
    path.write_text(json.dumps(deal, ensure_ascii=False), encoding="utf-8")
    return str(path)


def status(tmp_path, rule: str, *extra, **fields) -> str:
    result = CliRunner().invoke(cli, ["assess", _deal(tmp_path, **fields), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return {f["rule_id"]: f["status"] for f in json.loads(result.stdout)["findings"]}[rule]


def test_the_bundled_table_is_dated_and_sourced():
    rates = load_rates(default_rates_file())
    assert rates.as_of == "2025-06-30" and "ECB" in rates.source
    assert {"CNY", "USD", "EUR", "GBP", "JPY", "MYR", "SGD", "THB", "IDR", "PHP", "VND"} <= set(rates.per_usd)


def test_a_malaysian_store_is_judged_in_ringgit(tmp_path):
    # RM 250,000 a month is about 59,000 US dollars: a mature store, so a commission on total sales is a toll
    assert status(tmp_path, "FEE-002", currency="MYR", seller={"monthly_gmv": 250000}) == "risk"
    # RM 60,000 a month (about 14,000 US dollars) is a small store
    assert status(tmp_path, "FEE-002", currency="MYR", seller={"monthly_gmv": 60000}) == "pass"
    # the same figure in yen is a tiny store
    assert status(tmp_path, "FEE-002", currency="JPY", seller={"monthly_gmv": 250000}) == "pass"


def test_an_omitted_currency_is_unknown_not_cny(tmp_path):
    assert status(tmp_path, "FEE-002", seller={"monthly_gmv": 450000}) == "unknown"


def test_rates_file_replaces_the_table(tmp_path):
    own = tmp_path / "rates.yaml"
    # a made-up rate at which RM 250,000 is only 25,000 US dollars: the store is no longer "mature"
    own.write_text("as_of: 2026-11-30\nsource: our treasury desk\nper_usd: {MYR: 10}\n", encoding="utf-8")
    assert status(tmp_path, "FEE-002", "--rates", str(own), currency="MYR", seller={"monthly_gmv": 250000}) == "pass"


def test_a_broken_rates_file_is_one_line_per_problem(tmp_path):
    bad = tmp_path / "rates.yaml"
    bad.write_text("as_of: 2026-11-30\nsource: x\nper_usd: {MYR: -1, usd: 1}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", _deal(tmp_path), "--rates", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{bad}: per_usd.MYR: expected a positive number of MYR per US dollar, got -1",
        f"{bad}: per_usd.usd: not a three-letter ISO 4217 code"]


def test_a_store_with_no_sales_paying_a_package_fee_is_a_known_risk(tmp_path):
    # the incubator pattern: no sales yet, a 49,800 CNY "package" up front
    fields = dict(currency="CNY", seller={"monthly_gmv": 0},
                  fees={"model": "per_project", "setup_fee": 49800, "base_monthly": 0})
    assert status(tmp_path, "FEE-013", **fields) == "risk"
    # no fee at all: nothing to weigh
    fields["fees"] = {"model": "per_project", "setup_fee": 0, "base_monthly": 0}
    assert status(tmp_path, "FEE-013", **fields) == "pass"


def _derived(**fields) -> dict:
    import datetime as dt

    from vetting.model import derived
    from vetting.model.models import Deal

    deal = Deal.model_validate({"id": "d", "provider": {"name": "P"}, **fields})
    return derived.compute(deal, dt.date(2026, 1, 15), load_rates(default_rates_file()))


def test_the_monthly_fee_counts_the_commission_expected_at_current_sales():
    # 8 % of 300,000 CNY a month, nothing fixed: the provider earns 24,000 CNY a month
    got = _derived(currency="CNY", seller={"monthly_gmv": 300000},
                   fees={"model": "commission_only", "commission_pct": 8, "commission_basis": "total_gmv"})
    assert (got["expected_monthly_commission"], got["monthly_fee"], got["monthly_fee_floor"],
            got["monthly_fee_ceiling"]) == (24000, 24000, 24000, 24000)
    assert round(got["expected_monthly_commission_usd"]) == round(24000 / load_rates(default_rates_file()).per_usd["CNY"])
    # base plus commission on total GMV: both count
    got = _derived(seller={"monthly_gmv": 450000},
                   fees={"model": "base_plus_commission", "base_monthly": 15000, "commission_pct": 5,
                         "commission_basis": "total_gmv"})
    assert (got["monthly_fee"], got["monthly_fee_floor"], got["monthly_fee_ceiling"]) == (37500, 37500, 37500)
    assert "expected_monthly_commission_usd" not in got  # no currency: no dollar figure
    # a commission on growth is some part of today's sales, none of it certain: the monthly fee lies between
    # the fixed fee and the fixed fee plus the commission on all of today's sales
    got = _derived(seller={"monthly_gmv": 450000},
                   fees={"model": "base_plus_commission", "base_monthly": 15000, "commission_pct": 5,
                         "commission_basis": "incremental_gmv"})
    assert got["expected_monthly_commission"] == 22500 and "monthly_fee" not in got
    assert (got["monthly_fee_floor"], got["monthly_fee_ceiling"]) == (15000, 37500)
    # the basis not stated: between the fixed fee and the fixed fee plus the commission on total GMV
    got = _derived(seller={"monthly_gmv": 450000},
                   fees={"model": "base_plus_commission", "base_monthly": 15000, "commission_pct": 5})
    assert "monthly_fee" not in got
    assert (got["monthly_fee_floor"], got["monthly_fee_ceiling"]) == (15000, 37500)
    # no commission: the fixed fee, whatever the sales
    got = _derived(fees={"model": "fixed", "base_monthly": 12000})
    assert (got["expected_monthly_commission"], got["monthly_fee"]) == (0, 12000)
    # the rate or the sales unknown: the commission is unknown
    assert "expected_monthly_commission" not in _derived(fees={"model": "commission_only", "commission_pct": 8})
    assert "expected_monthly_commission" not in _derived(seller={"monthly_gmv": 300000},
                                                         fees={"model": "commission_only"})
    # no sales yet: no commission
    got = _derived(seller={"monthly_gmv": 0}, fees={"model": "commission_only", "commission_pct": 8,
                                                    "commission_basis": "total_gmv"})
    assert (got["expected_monthly_commission"], got["monthly_fee"]) == (0, 0)


def test_a_commission_only_deal_with_a_large_exit_fee_is_judged(tmp_path):
    """The deal a seller fills in: commission only, 8 % of 300,000 CNY a month of sales, an exit fee of
    100,000 CNY. The provider earns about 24,000 CNY a month, so the exit fee is more than four months of
    it: an experienced buyer flags it and asks for a cap at one month's fees."""
    deal = tmp_path / "commission-only.yaml"
    deal.write_text(
        "id: fangyuan-commission-only\n"
        "as_of: 2026-01-15\n"
        "currency: CNY\n"
        "seller: {name: 某户外用品店, platforms: [amazon], monthly_gmv: 300000}\n"
        "provider: {name: 方圆出海, kind: store_operation}\n"
        "service: {scope: [store_operation, ads, listing]}\n"
        "contract:\n"
        "  term_months: 12\n"
        "  termination: {for_convenience: true, notice_days: 30, early_termination_fee: 100000}\n"
        "fees: {model: commission_only, commission_pct: 8, commission_basis: total_gmv}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", str(deal), "--format", "json"])
    assert result.exit_code == 0, result.output
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["rule_id"] == "EXIT-007"]
    assert (finding["status"], finding["assumed"]) == ("risk", [])
    assert finding["points"] > 0
    assert finding["title"] == "Early-termination fee above three months of fees"
    # an exit fee of 60,000 CNY is two and a half months of commission: within the line
    deal.write_text(deal.read_text(encoding="utf-8").replace("early_termination_fee: 100000",
                                                              "early_termination_fee: 60000"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", str(deal), "--format", "json"])
    assert {f["rule_id"]: f["status"] for f in json.loads(result.stdout)["findings"]}["EXIT-007"] == "pass"
