"""Bad input is normal: every problem is one line (file:line: field.path: what was expected), exit 2, no traceback."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from vetting.cli import cli, _register

_register()


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path, name, text, mode="w"):
    p = tmp_path / name
    if mode == "wb":
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return str(p)


def assess_errors(path):
    """(How long bad input takes is measured by benchmarks/bad_input.py, not asserted here.)"""
    code, out, err = run("assess", path)
    assert code == 2, (code, out, err)
    assert out == ""
    assert "Traceback" not in err
    return err.splitlines()


def test_every_problem_of_a_file_at_once_sorted_by_line(tmp_path):
    p = write(tmp_path, "deal.yaml", """\
id: bad-1
provider:
  name: X
contract:
  stop_los:
    present: false
fees:
  model: pay_what_you_want
  base_monthly: -5
  commission_pct: lots
kpis:
  - id: a
    metric: gmv
  - id: a
    metric: margin
seller:
  markets: [US, usa]
  brand_registered: maybe
""")
    assert assess_errors(p) == [
        f"{p}:5: contract.stop_los: unknown field 'stop_los'; did you mean 'stop_loss'?",
        f"{p}:8: fees.model: 'pay_what_you_want' is not one of fixed, base_plus_commission, commission_only, "
        "ad_spend_pct, per_project, subscription",
        f"{p}:9: fees.base_monthly: must be ≥ 0, got -5",
        f"{p}:10: fees.commission_pct: expected a number, got 'lots'",
        f"{p}:14: kpis[1].id: duplicate KPI id 'a' (also kpis[0]); each KPI needs its own id",
        f"{p}:15: kpis[1].metric: 'margin' is not one of gmv, net_sales, units, sessions, conversion_rate, acos, "
        "tacos, roas, roi, profit_margin, return_rate, refund_rate, review_rating, account_health, "
        "order_defect_rate, inventory_turnover_days, ranking, custom; did you mean 'profit_margin'?",
        f"{p}:17: seller.markets[1]: 'usa' is not a two-letter ISO 3166 country code (e.g. US, DE, CN)",
        f"{p}:18: seller.brand_registered: expected true or false, got 'maybe'",
    ]


@pytest.mark.parametrize("text, expected", [
    ("id: x\n", ": provider: is required"),
    ("provider: {name: x}\n", ": id: is required"),
    ("id: x\nprovider: {kind: saas}\n", ":2: provider.name: is required"),
    ("id: ../../etc/passwd\nprovider: {name: x}\n", ":1: id: '../../etc/passwd' must be 1-64 letters, digits, '.', '_' or '-'"),
    ("id: x\nprovider: {name: x}\nas_of: 2026-02-30\n", ":3: as_of: expected a real date as YYYY-MM-DD, got '2026-02-30'"),
    ("id: x\nprovider: {name: x}\ncontract: {term_months: twelve}\n", ":3: contract.term_months: expected a whole number, got 'twelve'"),
    ("id: x\nprovider: {name: x}\nfees: {commission_pct: 140}\n", ":3: fees.commission_pct: must be ≤ 100, got 140"),
    ("id: x\nprovider: {name: x}\ncurrency: RMB1\n", ":3: currency: 'RMB1' is not a three-letter ISO 4217 currency code (e.g. CNY, USD)"),
    ("id: x\nprovider: {name: x}\nkpis: {id: a}\n", ":3: kpis: expected a list, got {'id': 'a'}"),
    ("id: x\nprovider: {name: x}\nwaivers:\n  - {rule: EXIT-001, reason: ''}\n", ":4: waivers[0].reason: must not be empty"),
])
def test_one_clear_line_per_problem(tmp_path, text, expected):
    p = write(tmp_path, "deal.yaml", text)
    assert assess_errors(p) == [p + expected]


def test_unknown_waiver_rule_is_an_error_with_suggestion(tmp_path):
    p = write(tmp_path, "deal.yaml", "id: w\nprovider: {name: x}\nwaivers:\n  - {rule: SEC-01, reason: budgeted}\n")
    assert assess_errors(p) == [f"{p}:4: waivers[0].rule: no rule 'SEC-01' in core@1.0.0; did you mean 'SEC-001'?"]


def test_invalid_yaml_names_the_line(tmp_path):
    p = write(tmp_path, "deal.yaml", "id: x\nprovider: {name: x\nfees: 1\n")
    [line] = assess_errors(p)
    assert line.startswith(f"{p}:3: invalid YAML: ")


def test_alias_bomb_is_refused_quickly(tmp_path):
    bomb = "id: x\nprovider: {name: x}\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for i, prev in zip("bcdefghi", "abcdefgh"):
        bomb += f"{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    p = write(tmp_path, "bomb.yaml", bomb)
    assert assess_errors(p) == [f"{p}:3: YAML anchors and aliases (&name, *name) are not allowed in deal files; write the value out"]


def test_python_tag_executes_nothing(tmp_path):
    marker = tmp_path / "pwned"
    p = write(tmp_path, "evil.yaml", f"id: x\nprovider: {{name: x}}\ntitle: !!python/object/apply:os.system ['touch {marker}']\n")
    [line] = assess_errors(p)
    assert line.startswith(f"{p}:3: not allowed in a deal file: could not determine a constructor for the tag")
    assert not marker.exists()


@pytest.mark.parametrize("name, content, message", [
    ("empty.yaml", "", "file is empty; start from `vetting init`"),
    ("blank.yaml", "  \n\n", "file is empty; start from `vetting init`"),
    ("list.yaml", "- a\n- b\n", "expected a deal (a mapping with id:, provider: ...), got list"),
    ("scalar.json", "42", "expected a deal (a mapping with id:, provider: ...), got int"),
    ("binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a binary file, not a YAML or JSON deal"),
    ("latin1.yaml", "id: caf\xe9\n".encode("latin-1"), "not UTF-8 text (byte 7); save the file as UTF-8"),
    ("deal.txt", "id: x", "unsupported file type '.txt'; a deal is .yaml, .yml or .json"),
    ("nan.json", '{"id": "x", "provider": {"name": "x"}, "fees": {"base_monthly": NaN}}', "invalid JSON: NaN is not a number a deal can hold"),
])
def test_files_that_are_not_deals(tmp_path, name, content, message):
    p = write(tmp_path, name, content, "wb" if isinstance(content, bytes) else "w")
    assert assess_errors(p) == [f"{p}: {message}"]


def test_json_errors_carry_line_numbers(tmp_path):
    p = write(tmp_path, "deal.json", '{"id": "j", "provider": {"name": "x"},\n "fees": {"model": "nope"}}')
    [line] = assess_errors(p)
    assert line.startswith(f"{p}:2: fees.model: 'nope' is not one of fixed,")


def test_missing_file_is_a_usage_error(tmp_path):
    code, out, err = run("assess", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert f"{tmp_path / 'nope.yaml'}: cannot read: No such file or directory" in err


def test_yaml_12_booleans_keep_norway(tmp_path):
    p = write(tmp_path, "deal.yaml", "id: x\nprovider: {name: x}\nseller: {markets: [US, NO], brand_registered: true}\nas_of: 2026-01-15\n")
    code, out, err = run("assess", p, "--format", "json")
    assert code == 0, err
