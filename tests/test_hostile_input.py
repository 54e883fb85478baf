"""Hostile single-deal input: every case is exit 2 with one line per problem (file:line: field: what
was expected), never an internal error, a traceback, a hang or unbounded memory."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.model.loading import load_deal
from vetting.io.errors import InputError

_register()

HEAD = "id: d1\nprovider:\n  name: X\n"


def errors_of(path) -> list[str]:
    result = CliRunner().invoke(cli, ["assess", str(path)], catch_exceptions=False)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.stderr.splitlines()


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


DEEP = "nested more than 32 levels deep; a deal nests at most four (kpis[0].id)"


def test_deep_yaml_nesting_is_refused_before_it_is_built(tmp_path):
    p = write(tmp_path, "deep.yaml", HEAD + "title: " + "[" * 990 + "]" * 990 + "\n")
    assert errors_of(p) == [f"{p}:4: title[0][0][0][0][0][0][0][0][0][0][0][0...: {DEEP}"]


def test_deep_block_yaml_nesting(tmp_path):
    text = HEAD + "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n"
    p = write(tmp_path, "deep.yaml", text)
    [line] = errors_of(p)
    assert line.startswith(f"{p}:") and line.endswith(DEEP)


def test_deep_json_nesting_is_refused(tmp_path):
    p = write(tmp_path, "deep.json", '{"id": "d1", "provider": {"name": "X"},\n "title": ' + "[" * 990 + "]" * 990 + "}")
    assert errors_of(p) == [f"{p}:2: title[0][0][0][0][0][0][0][0][0][0][0][0...: {DEEP}"]


def test_json_deeper_than_python_parses_is_refused(tmp_path):
    # beyond what the YAML composer reads too: the JSON parser's own limit, reported the same way
    p = write(tmp_path, "deep.json", '{"id": "d1", "title": ' + "[" * 100_000 + "]" * 100_000 + "}")
    [line] = errors_of(p)
    assert line.endswith(DEEP) or "invalid" in line


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_5000_digit_integer_names_its_field(tmp_path, suffix):
    digits = "9" * 5000
    text = (HEAD + f"contract:\n  term_months: {digits}\n" if suffix == ".yaml"
            else '{"id": "d1", "provider": {"name": "X"},\n"contract": {"term_months": ' + digits + "}}")
    p = write(tmp_path, "big" + suffix, text)
    line = 5 if suffix == ".yaml" else 2
    assert errors_of(p) == [f"{p}:{line}: contract.term_months: a number of 5000 characters is too long (at most 40); "
                            "no deal value needs more"]


def test_a_long_number_in_text_is_a_bound_error(tmp_path):
    p = write(tmp_path, "big.yaml", HEAD + f"fees:\n  base_monthly: '{'9' * 5000}'\n")
    assert errors_of(p) == [f"{p}:5: fees.base_monthly: must be ≤ 1e+12, got '{'9' * 56}..."]


def test_dates_out_of_range_name_their_field(tmp_path):
    p = write(tmp_path, "late.yaml", HEAD + "as_of: 9999-12-31\ncontract:\n  start_date: 9999-12-01\n  term_months: 12\n"
                                            "  auto_renewal: {present: true, cancel_notice_days: 30}\n"
                                            "waivers:\n  - {rule: EXIT-001, reason: ok, expires: 1066-10-14}\n")
    assert errors_of(p) == [
        f"{p}:4: as_of: must be a date between 1900-01-01 and 2199-12-31, got '9999-12-31'",
        f"{p}:6: contract.start_date: must be a date between 1900-01-01 and 2199-12-31, got '9999-12-01'",
        f"{p}:10: waivers[0].expires: must be a date between 1900-01-01 and 2199-12-31, got '1066-10-14'",
    ]


def test_the_latest_date_allowed_still_assesses(tmp_path):
    # the cancel-by date adds the longest term to the latest start: still a real date
    p = write(tmp_path, "ok.yaml", HEAD + "as_of: 2199-12-31\ncontract:\n  start_date: 2199-12-31\n  term_months: 240\n"
                                          "  auto_renewal: {present: true, cancel_notice_days: 3650}\n")
    result = CliRunner().invoke(cli, ["assess", p, "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    assert json.loads(result.stdout)["deal_id"] == "d1"


def test_unix_time_is_not_a_date(tmp_path):
    p = write(tmp_path, "zero.yaml", HEAD + "as_of: 0\ncontract:\n  start_date: '1700000000'\n")
    assert errors_of(p) == [f"{p}:4: as_of: expected a real date as YYYY-MM-DD, got 0",
                            f"{p}:6: contract.start_date: expected a real date as YYYY-MM-DD, got '1700000000'"]


def test_a_repeated_yaml_key_gives_both_lines(tmp_path):
    # a second data_access block used to replace the first silently (main account and funds access lost)
    p = write(tmp_path, "dup.yaml", HEAD + "data_access:\n  provider_access: main_account\n  funds_access: true\n"
                                           "data_access:\n  reporting: none\n")
    assert errors_of(p) == [f"{p}:7: data_access: 'data_access' appears twice (lines 4 and 7); give each key once"]


def test_repeated_keys_inside_records_and_flow_mappings(tmp_path):
    p = write(tmp_path, "dup.yaml", HEAD + "kpis:\n  - id: a\n    metric: gmv\n    metric: units\n"
                                           "fees: {base_monthly: 1, base_monthly: 2}\n")
    assert errors_of(p) == [f"{p}:7: kpis[0].metric: 'metric' appears twice (lines 6 and 7); give each key once",
                            f"{p}:8: fees.base_monthly: 'base_monthly' appears twice (lines 8 and 8); give each key once"]


def test_a_repeated_json_key_gives_both_lines(tmp_path):
    p = write(tmp_path, "dup.json", '{"id": "d1", "provider": {"name": "X"},\n'
                                    '"data_access": {"provider_access": "main_account", "funds_access": true},\n'
                                    '"data_access": {"reporting": "none"}}')
    assert errors_of(p) == [f"{p}:3: data_access: 'data_access' appears twice (lines 2 and 3); give each key once"]


def test_a_repeated_json_key_in_json_that_yaml_cannot_read(tmp_path):
    # an escaped surrogate pair (an emoji) is JSON that the YAML composer refuses: the JSON check finds it, without lines
    p = write(tmp_path, "dup.json", '{"id": "d1", "provider": {"name": "X \\ud83d\\ude00"}, '
                                    '"fees": {"setup_fee": 1, "setup_fee": 2}}')
    assert errors_of(p) == [f"{p}: fees.setup_fee: 'setup_fee' appears twice in one object; give each key once"]


def test_a_fifo_is_refused_before_reading(tmp_path):
    fifo = tmp_path / "deal.yaml"
    os.mkfifo(fifo)  # opening it for reading would block forever
    assert errors_of(fifo) == [f"{fifo}: is not a regular file (a named pipe); give a deal file"]


def test_a_symlink_to_a_device_is_refused_before_reading(tmp_path):
    link = tmp_path / "x.yaml"
    os.symlink("/dev/zero", link)  # read, it never ends
    assert errors_of(link) == [f"{link}: is not a regular file (a device); give a deal file"]


def test_file_size_bound_is_checked_before_reading(tmp_path):
    p = tmp_path / "huge.yaml"
    with open(p, "wb") as fh:
        fh.truncate(5 * 1024 * 1024 + 1)  # sparse: takes no room
    assert errors_of(p) == [f"{p}: file is larger than 5 MiB; a deal file is a few KiB"]


def test_yaml_11_numbers_are_not_guessed(tmp_path):
    p = write(tmp_path, "y11.yaml", HEAD + "contract:\n  term_months: 1:30\nfees:\n  setup_fee: 0x10\n"
                                           "  prepaid_months: 0o3\n  base_monthly: 0b101\n")
    hint = "; numbers are written in decimal (90, 12.5), without 0x/0o/0b prefixes or 1:30"
    assert errors_of(p) == [
        f"{p}:5: contract.term_months: expected a whole number, got '1:30'{hint}",
        f"{p}:7: fees.setup_fee: expected a number, got '0x10'{hint}",
        f"{p}:8: fees.prepaid_months: expected a whole number, got '0o3'{hint}",
        f"{p}:9: fees.base_monthly: expected a number, got '0b101'{hint}",
    ]


def test_a_leading_zero_is_decimal_as_in_yaml_12(tmp_path):
    # YAML 1.1 read 010 as 8; YAML 1.2 and every spreadsheet read ten
    p = write(tmp_path, "z.yaml", HEAD + "contract:\n  term_months: 010\nfees:\n  base_monthly: 1_000\n")
    deal = load_deal(p).deal
    assert (deal.contract.term_months, deal.fees.base_monthly) == (10, 1000.0)


def test_yaml_11_forms_stay_text_where_text_is_expected(tmp_path):
    p = write(tmp_path, "t.yaml", "id: 007\nprovider:\n  name: 1:30\ntitle: 0x10\n")
    loaded = load_deal(p)
    assert (loaded.deal.id, loaded.deal.provider.name, loaded.deal.title) == ("007", "1:30", "0x10")


@pytest.mark.parametrize("word, shown", [("yes", "'yes'"), ("no", "'no'"), ("on", "'on'"), ("off", "'off'"),
                                         ("y", "'y'"), ("1", "1"), ("0", "0"), ("'1'", "'1'")])
def test_only_true_and_false_are_booleans(tmp_path, word, shown):
    p = write(tmp_path, "b.yaml", HEAD + f"contract:\n  written: {word}\n")
    assert errors_of(p) == [f"{p}:5: contract.written: expected true or false, got {shown}"]


def test_json_numbers_are_not_booleans(tmp_path):
    p = write(tmp_path, "b.json", '{"id": "d1", "provider": {"name": "X"}, "contract": {"written": 1}}')
    assert errors_of(p) == [f"{p}:1: contract.written: expected true or false, got 1"]


def test_records_per_list_are_bounded(tmp_path):
    kpis = "".join(f"  - {{id: k{i}, metric: gmv}}\n" for i in range(4000))
    p = write(tmp_path, "many.yaml", HEAD + "kpis:\n" + kpis)
    assert errors_of(p) == [f"{p}:4: kpis: at most 200 entries, got 4000"]


def test_two_hundred_records_assess(tmp_path):
    kpis = "".join(f"  - {{id: k{i}, metric: gmv, target: 5, target_kind: growth_pct}}\n" for i in range(200))
    p = write(tmp_path, "many.yaml", HEAD + "kpis:\n" + kpis)
    result = CliRunner().invoke(cli, ["assess", p, "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    assert json.loads(result.stdout)["deal_id"] == "d1"


def test_every_structure_problem_at_once(tmp_path):
    p = write(tmp_path, "all.yaml", HEAD + "seller:\n  monthly_gmv: " + "1" * 50 + "\nseller:\n  name: y\n")
    with pytest.raises(InputError) as e:
        load_deal(p)
    assert [str(x) for x in e.value.problems] == [
        f"{p}:5: seller.monthly_gmv: a number of 50 characters is too long (at most 40); no deal value needs more",
        f"{p}:6: seller: 'seller' appears twice (lines 4 and 6); give each key once",
    ]


def test_enum_values_in_any_case_and_by_their_chinese_names(tmp_path):
    p = write(tmp_path, "zh.yaml", "id: d1\nprovider:\n  name: X\n  kind: 代运营\nseller:\n  platforms: [Amazon, 虾皮, TikTok Shop]\n"
                                   "data_access:\n  provider_access: 子账号\n  reporting: 导出报表\n"
                                   "track_record:\n  case_studies:\n    - {evidence: 导出报表}\n")
    deal = load_deal(p).deal
    assert deal.provider.kind == "store_operation"
    assert deal.seller.platforms == ["amazon", "shopee", "tiktok_shop"]
    assert (deal.data_access.provider_access, deal.data_access.reporting) == ("sub_account", "exports")
    assert deal.track_record.case_studies[0].evidence == "exported_report"


def test_did_you_mean_knows_the_chinese_names(tmp_path):
    p = write(tmp_path, "zh.yaml", HEAD + "data_access:\n  provider_access: 子帐号\n")
    assert errors_of(p) == [f"{p}:5: data_access.provider_access: '子帐号' is not one of partner_authorization, "
                            "sub_account, api_app, main_account, none; did you mean '子账号' (sub_account)?"]


def test_the_alias_table_is_documented():
    from pathlib import Path

    from vetting.model.aliases import ALIASES

    doc = (Path(__file__).resolve().parents[1] / "docs" / "deal-format.md").read_text(encoding="utf-8")
    for value, names in ALIASES.items():
        assert f"| `{value}` | {', '.join(names)} |" in doc, value
