"""Money in any currency: thresholds through the dated rate table (rules/rates.yaml) or --rates FILE;
an omitted currency is unknown, never CNY; a store with no sales paying a fee is a known risk."""
from __future__ import annotations

import json

from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.derived import load_rates, default_rates_file

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
