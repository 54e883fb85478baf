"""The rule packs: coverage of the seed points, texts in both languages, validation of custom packs."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from vetting.workflows.assess import assess_file
from vetting.cli import _register, cli
from vetting.rules.rulepack import CATEGORIES, SEED_POINTS, TEXT_FIELDS, core_pack_dir, load_pack
from vetting.engine.ruleset import get_ruleset

_register()
DATA = Path(__file__).parent / "data"
# the design table lives beside the repository on the project's machines (/work/shared/design), not in it
_TABLE = Path("shared") / "design" / "seed-coverage.md"
SEED_TABLE = next((d / _TABLE for d in Path(__file__).resolve().parents if (d / _TABLE).exists()),
                  Path(__file__).resolve().parents[2] / _TABLE)


def test_core_pack_is_big_enough_and_spans_every_category():
    rules = get_ruleset().rules
    assert len(rules) >= 60
    assert {r.rule.category for r in rules} == set(CATEGORIES)


def test_every_seed_point_has_a_rule():
    covered = {ref for r in get_ruleset().rules for ref in r.rule.refs}
    assert set(SEED_POINTS) - covered == set()


@pytest.mark.skipif(not SEED_TABLE.exists(), reason=f"design table {SEED_TABLE} not on this machine")
def test_seed_points_match_the_design_table():
    points = set(re.findall(r"^\| (S\d+) \|", SEED_TABLE.read_text(encoding="utf-8"), re.M))
    assert len(points) >= 20, f"no seed points found in {SEED_TABLE}; has its table layout changed?"
    assert points == set(SEED_POINTS)


def test_every_text_exists_in_english_and_chinese():
    for r in get_ruleset().rules:
        for field in TEXT_FIELDS:
            en, zh = getattr(r.rule.en, field), getattr(r.rule.zh, field)
            assert en.strip() and zh.strip(), f"{r.id}.{field}"
            assert re.search(r"[\u4e00-\u9fff]", zh), f"{r.id}.zh.{field} is not Chinese"
            assert en != zh, f"{r.id}.{field}: zh is a copy of en"
            cjk = len(re.findall(r"[\u4e00-\u9fff]", en))
            assert cjk <= len(en) * 0.3, f"{r.id}.en.{field} is mostly Chinese"


def test_rules_cite_sources_and_ids_are_stable():
    for r in get_ruleset().rules:
        assert r.rule.sources, r.id
        prefix = r.id.split("-")[0]
        assert prefix in {"KPI", "DATA", "EXIT", "REN", "IP", "CRED", "FEE", "SEC", "GOV", "CMP"}, r.id


def test_a_broken_custom_pack_names_file_rule_and_reason():
    result = CliRunner().invoke(cli, ["rules", "check", str(DATA / "broken_pack")])
    assert result.exit_code == 2
    f = DATA / "broken_pack" / "fees.yaml"
    assert result.stderr.splitlines() == [
        f"{f}:7: MY-001: when: unknown field 'fees.comission_pct' for the deal; did you mean 'fees.commission_pct'?",
        f"{f}:12: MY-002: severity: 'critical' is not one of blocker, high, medium, low, info",
        f"{f}:26: MY-003: zh: zh.title has no Chinese text",
        f"{f}:33: MY-004: en.passed: is required",  # every rule states its pass title
        f"{f}:34: MY-004: zh.passed: is required",
    ]


def test_assess_with_a_broken_pack_exits_2_without_traceback():
    result = CliRunner().invoke(cli, ["assess", str(FIXTURES / "gold-standard.yaml"), "--rules", str(DATA / "broken_pack")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "MY-001: when: unknown field 'fees.comission_pct'" in result.stderr


def test_a_custom_pack_adds_its_rules():
    result = CliRunner().invoke(cli, ["rules", "check", str(DATA / "good_pack")])
    assert result.exit_code == 0, result.output
    assert result.stdout == "acme@2.1.0: 1 rules ok\n"
    a = assess_file(FIXTURES / "linkstar-proposal.yaml", rules=[str(DATA / "good_pack")])
    assert a.rules.packs == ["core@1.0.0", "acme@2.1.0"]
    assert a.rules.count == len(get_ruleset().rules) + 1
    assert [f.status for f in a.findings if f.rule_id == "ACME-001"] == ["pass"]  # commission 5%


def test_custom_pack_cannot_redefine_a_core_rule(tmp_path):
    pack = tmp_path / "dup"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: dup\nversion: 1.0.0\n", encoding="utf-8")
    text = (DATA / "good_pack" / "fees.yaml").read_text(encoding="utf-8").replace("ACME-001", "FEE-001")
    (pack / "fees.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", str(FIXTURES / "gold-standard.yaml"), "--rules", str(pack)])
    assert result.exit_code == 2
    assert result.stderr == "dup@1.0.0: FEE-001: id already defined by core@1.0.0; custom rules need their own ids\n"


def test_core_pack_validates_with_the_lint_command():
    result = CliRunner().invoke(cli, ["rules", "check", str(core_pack_dir())])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"core@1.0.0: {len(load_pack(core_pack_dir()).rules)} rules ok\n"


def test_retired_rule_ids_are_never_reused():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "rule-format.md").read_text(encoding="utf-8")
    section = doc.split("### Retired rule ids", 1)[1].split("\n## ", 1)[0]
    retired = re.findall(r"^\| `([A-Z]+-\d{3})` \|", section, re.M)
    assert {"IP-002", "IP-003", "KPI-005"} <= set(retired)
    in_use = {r.id for r in load_pack(core_pack_dir()).rules}
    assert not in_use & set(retired), f"retired ids back in the core pack: {sorted(in_use & set(retired))}"


def test_governing_law_picks_the_ip_explanation():
    from vetting.workflows.assess import assess
    from vetting.model.loading import validate

    def ip001(law, lang="en"):
        contract = {"ip": {"creatives": "unspecified", "copy": "unspecified"}}
        if law:
            contract["governing_law"] = law
        deal = {"id": "d", "as_of": "2026-01-15", "provider": {"name": "P", "kind": "store_operation"},
                "service": {"scope": ["store_operation", "creative"]}, "contract": contract}
        a = assess(validate(deal, "d"), lang=lang)
        finding = next(f for f in a.findings if f.rule_id == "IP-001")
        return finding, None

    us, _ = ip001("US")
    assert us.status == "risk" and us.title == "Under US law the agency keeps copyright unless you get a signed assignment"
    cn, _ = ip001("CN", "zh")
    assert cn.title == "合同没约定，按中国法创意和文案版权归服务商"
    unknown, _ = ip001(None)
    assert unknown.status == "risk" and unknown.title == "The contract does not say who owns the creatives and copy"
    assert "assumes Chinese or US law" in unknown.why
    hk, _ = ip001("HK")
    assert hk.title == unknown.title and "Many copyright laws" in hk.why


def test_chinese_texts_have_no_spaces_from_folded_yaml_lines():
    # a folded YAML text (>-) joins lines with a space; Chinese has none after full-width punctuation
    bad = re.compile(r"[\u3000-\u303f\uff00-\uffef] |[\u4e00-\u9fff] [\u4e00-\u9fff]")
    for r in get_ruleset().rules:
        texts = [r.rule.zh] + [v.zh for v in r.rule.variants]
        for t in texts:
            for name, value in t:
                assert not (isinstance(value, str) and bad.search(value)), f"{r.id}.zh.{name}: {value!r}"
    from vetting.rules.rulepack import _cjk_joined
    assert _cjk_joined("卖家可无责解约。 指南给的 办法：连续两个月未达KPI 80%， 即可") == \
        "卖家可无责解约。指南给的办法：连续两个月未达KPI 80%，即可"
