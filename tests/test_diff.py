"""vetting diff: the revised LinkStar proposal fixes the stop-loss and the IP clause."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.workflows.diff import diff_schema, flatten
from vetting.model.registry import notes as field_notes

_register()
ROOT = Path(__file__).resolve().parents[1]
V1 = str(ROOT / "fixtures" / "linkstar-proposal.yaml")
V2 = str(ROOT / "fixtures" / "linkstar-proposal-v2.yaml")


REPORT_DATE = "2026-12-01"  # a fixed report date: days left to a cancel-by date count from it (REN-004)


def _run(*args):
    args = [*args, "--today", REPORT_DATE] if args[0] == "diff" and "--today" not in args else list(args)
    return CliRunner().invoke(cli, args)


def test_json_shows_stop_loss_and_ip_resolved_and_the_score_down():
    r = _run("diff", V1, V2, "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    jsonschema.validate(d, diff_schema())
    assert d["format"] == "vetting/diff@1"
    resolved = {(c["rule_id"], c["status_before"], c["status_after"]) for c in d["findings"] if c["change"] == "resolved"}
    assert resolved == {("EXIT-001", "risk", "pass"), ("IP-001", "risk", "pass"), ("DATA-006", "risk", "pass"),
                        ("KPI-018", "risk", "pass"), ("GOV-007", "unknown", "pass")}  # a stop-loss answers GOV-007
    assert [c for c in d["findings"] if c["change"] != "resolved"] == []
    assert (d["before"]["score"], d["after"]["score"]) == (93.8, 92.4)
    assert d["after"]["score"] < d["before"]["score"]
    assert (d["before"]["risks"], d["after"]["risks"]) == (48, 44)
    # fees did not change: 15,000 base + 5 % of 450,000 at the current GMV, both versions
    assert (d["gmv"], d["before"]["monthly_cost"], d["after"]["monthly_cost"]) == (450000.0, 37500.0, 37500.0)
    facts = {f["path"]: (f["before"], f["after"]) for f in d["facts"]}
    assert facts["contract.stop_loss.present"] == (False, True)
    assert facts["contract.stop_loss.threshold_pct"] == (None, 80.0)
    assert facts["contract.ip.creatives"] == ("unspecified", "seller")
    assert facts["contract.milestones[“3”].month"] == (None, 3)  # a milestone by its month, not its place
    assert "contract.milestones" not in facts  # the empty list against a record: the record's fields say it
    assert "fees.base_monthly" not in facts
    # the SPN badge the directory does not show, in a pitch that guarantees 保你月销百万 (CRED-008), then the open ones
    assert [b["rule_id"] for b in d["blockers"]] == ["CRED-008", "CRED-002", "FEE-012", "CRED-004", "CRED-016"]
    assert d["path"][0]["rule_ids"] == ["CRED-008"] and d["path"][-1]["verdict_after"] == "proceed"


def test_markdown_in_english_and_chinese():
    en = _run("diff", V1, V2).stdout
    assert "| Risk score | 93.8 | 92.4 |" in en
    assert "| Monthly cost at the current GMV | CN¥37,500 | CN¥37,500 |" in en
    assert "| Resolved | `EXIT-001` No stop-loss exit when KPIs are missed | Risk · High | Passed · High |" in en
    ne, nz = field_notes("en"), field_notes("zh")
    assert f"| {ne['contract.stop_loss.present']} (`contract.stop_loss.present`) | no | yes |" in en
    assert f"| {ne['contract.ip.creatives']} (`contract.ip.creatives`) | unspecified | seller |" in en
    zh = _run("diff", V1, V2, "--lang", "zh").stdout
    assert "| 已解决 | `EXIT-001` KPI不达标时没有止损解约条款 | 风险 · 高 | 已通过 · 高 |" in zh
    assert f"| {nz['contract.stop_loss.threshold_pct']}（`contract.stop_loss.threshold_pct`） | 未知 | 80% |" in zh
    assert f"| {nz['contract.stop_loss.period']}（`contract.stop_loss.period`） | 未知 | 月 |" in zh
    assert f"| {nz['contract.ip.creatives']}（`contract.ip.creatives`） | 未约定 | 卖家 |" in zh
    assert "| 信息截至（`as_of`） | 2026年1月15日 | 2026年1月25日 |" in zh
    assert "| 第 3 个月的里程碑：验收标准（`contract.milestones[“3”].acceptance`） | 未知 | 月销达到60万（以卖家后台Business Report为准） |" in zh
    assert "- `CRED-002` 服务商主体已被吊销、注销或解散（待确认）" in zh
    assert "## 剩余的谈判路径" in zh
    assert next(x for x in zh.splitlines() if x.startswith("1. ")).endswith("（`CRED-008`）：改后风险分69.2 · 高 · 先谈再签")
    assert "| 风险（项） | 48 | 44 |" in zh and "| 当前月GMV下的月费用 | ¥37,500 | ¥37,500 |" in zh


def test_html_has_the_checklist_look_and_escapes(tmp_path):
    out = tmp_path / "diff.html"
    assert _run("diff", V1, V2, "--format", "html", "--lang", "zh", "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh' in page
    assert "<title>方案修改前后对比：联星出海 LinkStar 全店代运营方案（修订版）</title>" in page
    assert '<span class="ch ch-resolved">已解决</span>' in page and ".sev-blocker" in page


def test_fail_on_uses_the_new_level_and_a_worse_version_lists_new_findings(tmp_path):
    assert _run("diff", V1, V2, "--fail-on", "critical", "-o", str(tmp_path / "d.md")).exit_code == 1
    assert _run("diff", V1, V2, "--fail-on", "critical", "-o", str(tmp_path / "d.md")).stdout == ""
    assert (tmp_path / "d.md").read_text(encoding="utf-8").startswith("# What changed")
    r = _run("diff", V2, V1, "--format", "json")
    assert r.exit_code == 0
    new = {c["rule_id"] for c in json.loads(r.stdout)["findings"] if c["change"] == "new"}
    assert new == {"EXIT-001", "IP-001", "DATA-006", "KPI-018", "GOV-007"}


def test_worsened_and_improved_by_status(tmp_path):
    text = Path(V2).read_text(encoding="utf-8")
    v3 = tmp_path / "v3.yaml"  # the registry says revoked (an open question becomes a risk); the dispute clause unknown
    v3.write_text(text.replace("    checked: false", "    checked: false\n    status: revoked")
                  .replace("  dispute_process: false", "  dispute_process: null"), encoding="utf-8")
    r = _run("diff", V2, str(v3), "--format", "json")
    d = json.loads(r.stdout)
    assert [(c["change"], c["rule_id"], c["status_before"], c["status_after"]) for c in d["findings"]] == [
        ("worsened", "CRED-002", "unknown", "risk"), ("improved", "EXIT-010", "risk", "unknown")]
    assert d["facts"] == [{"path": "provider.registration.status", "before": None, "after": "revoked"},
                          {"path": "contract.dispute_process", "before": False, "after": None}]
    assert d["blockers"][0] == {"rule_id": "CRED-002", "subject": "deal", "status": "risk", "subject_name": "",
                                "title": "The provider's company is revoked, deregistered or dissolved"}


def test_bad_input_lists_both_files_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nprovider: {name: P}\nfees: {base_monthly: lots}\n", encoding="utf-8")
    out = tmp_path / "d.md"
    r = _run("diff", str(bad), str(bad), "-o", str(out))
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 2
    assert all(line.startswith(f"{bad}:") and "fees.base_monthly" in line for line in r.stderr.splitlines())
    assert not out.exists()
    r = _run("diff", V1, str(bad.with_name("v.yaml")), "-o", V1)
    assert r.exit_code == 2


def test_flatten_keys_kpis_by_id():
    flat = flatten({"kpis": [{"id": "gmv", "target": 1}], "seller": {"platforms": ["amazon"]}, "claims": [{"text": "a"}]})
    assert flat == {"kpis[gmv].id": "gmv", "kpis[gmv].target": 1, "seller.platforms": ["amazon"], "claims[0].text": "a"}


def test_readme_diff_block_is_real_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- diff:start -->")[1].split("<!-- diff:end -->")[0]
    lines = block.strip().strip("`").strip().splitlines()
    assert lines[0] == "$ vetting diff fixtures/linkstar-proposal.yaml fixtures/linkstar-proposal-v2.yaml --today 2026-12-01"
    r = CliRunner().invoke(cli, lines[0][2:].split()[1:])
    actual = r.stdout.splitlines()
    for line in lines[1:]:
        assert line in actual, line


def test_a_lower_commission_shows_in_the_cost_and_the_facts(tmp_path):
    v3 = tmp_path / "v3.yaml"
    v3.write_text(Path(V2).read_text(encoding="utf-8").replace("  commission_pct: 5\n", "  commission_pct: 3\n"),
                  encoding="utf-8")
    d = json.loads(_run("diff", V2, str(v3), "--format", "json").stdout)
    # 15,000 + 3 % of 450,000 = 28,500 (was 15,000 + 5 % = 37,500)
    assert (d["before"]["monthly_cost"], d["after"]["monthly_cost"]) == (37500.0, 28500.0)
    assert d["facts"] == [{"path": "fees.commission_pct", "before": 5.0, "after": 3.0}]
    md = _run("diff", V2, str(v3)).stdout
    assert "| Monthly cost at the current GMV | CN¥37,500 | CN¥28,500 |" in md
    assert f"| {field_notes('en')['fees.commission_pct']} (`fees.commission_pct`) | 5% | 3% |" in md


def test_chinese_facts_name_enum_values_and_format_money_percent_and_lists(tmp_path):
    """The facts table reads as the checklist does: enum values by their Chinese names, yes/no as 是/否,
    money with its currency, percentages with %, lists with 、; a KPI's fields under the KPI."""
    text = Path(V2).read_text(encoding="utf-8")
    for old, new in (("  kind: store_operation\n", "  kind: ads_management\n"),
                     ("  model: base_plus_commission\n", "  model: per_project\n"),
                     ("  base_monthly: 15000\n", "  base_monthly: 12000.5\n"),
                     ("  commission_pct: 5\n", "  commission_pct: 3.5\n"),
                     ("  scope: [store_operation, ads, listing]\n", "  scope: [ads, creative]\n"),
                     ("  platforms: [amazon]\n  markets: [US]\n  categories", "  platforms: [amazon, tiktok_shop]\n  markets: [US]\n  categories"),
                     ("    period: month\n    data_source: provider_report\n", "    period: quarter\n    data_source: seller_central\n"),
                     ("  reporting: screenshots\n", "  reporting: live_dashboard\n"),
                     ("  refundable_on_exit: false\n", "  refundable_on_exit: true\n")):
        assert old in text, old
        text = text.replace(old, new)
    v3 = tmp_path / "v3.yaml"
    v3.write_text(text, encoding="utf-8")
    zh = _run("diff", V2, str(v3), "--lang", "zh").stdout
    n = field_notes("zh")  # the field labels are the checklist's own (fields.zh.yaml)
    for path, before, after in (("provider.kind", "代运营", "广告代投"),
                                ("fees.model", "底薪加提成", "按项目"),
                                ("fees.base_monthly", "¥15,000", "¥12,000.50"),
                                ("fees.commission_pct", "5%", "3.5%"),
                                ("service.scope", "代运营、广告、Listing", "广告、美工"),
                                ("seller.platforms", "亚马逊", "亚马逊、TikTok Shop"),
                                ("data_access.reporting", "截图", "实时看板"),
                                ("fees.refundable_on_exit", "否", "是")):
        assert f"| {n[path]}（`{path}`） | {before} | {after} |" in zh, path
    assert f"| KPI「sales」：{n['kpis.period']}（`kpis[sales].period`） | 月 | 季度 |" in zh
    assert f"| KPI「sales」：{n['kpis.data_source']}（`kpis[sales].data_source`） | 服务商报表 | 卖家后台 |" in zh
    facts = zh.split("## 改动的条款和信息")[1].split("\n## ")[0]
    cells = {c.strip() for line in facts.splitlines() if line.startswith("| ") for c in line.strip("|").split(" | ")[1:]}
    for raw in ("store_operation", "per_project", "base_plus_commission", "provider_report", "live_dashboard", "quarter",
                "true", "false", "15000.0"):
        assert not any(raw in c for c in cells), raw
    en = _run("diff", V2, str(v3)).stdout
    ne = field_notes("en")
    assert f"| {ne['fees.model']} (`fees.model`) | base\\_plus\\_commission | per\\_project |" in en  # as written, escaped
    assert f"| {ne['seller.platforms']} (`seller.platforms`) | amazon | amazon, TikTok Shop |" in en
    assert f"| {ne['fees.base_monthly']} (`fees.base_monthly`) | CN¥15,000 | CN¥12,000.50 |" in en
    html = _run("diff", V2, str(v3), "--lang", "zh", "--format", "html").stdout
    assert f"<tr><td>{n['fees.model']}（<code>fees.<wbr>model</code>）</td><td>底薪加提成</td><td>按项目</td></tr>" in html


def test_every_field_label_is_a_name_not_a_filling_in_hint():
    """The facts table names fields by the field table's notes, except where a note tells how to fill the field
    in (an example, 'as written', ISO codes): those have short names in the lifecycle table."""
    import re

    from vetting.workflows.diff import fact_label
    from vetting.model.fields import CHILD_KINDS, catalog

    hint = re.compile(r"填写|留空|例如|照原|任何语言|ISO|e\.g\.|as written|leave|any language")
    for lang in ("en", "zh"):
        labels = {}
        for kind in ("deal", *CHILD_KINDS):
            prefix = "" if kind == "deal" else CHILD_KINDS[kind][0] + "[x]."
            for path, info in catalog(kind).items():
                if not info.derived:
                    labels[prefix + path] = fact_label(prefix + path, lang)
        labels["claims"] = fact_label("claims", lang)  # an empty list against records shows the list itself
        assert len(labels) > 100
        assert {p: x for p, x in labels.items() if hint.search(x)} == {}, lang
    assert fact_label("kpis[sales].target", "zh") == "KPI「sales」：目标值"
    assert fact_label("kpis[sales].name", "zh") == "KPI「sales」：KPI名称"
    assert fact_label("seller.markets", "zh") == "你销售的国家/站点"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_claims_in_another_order_change_nothing_and_are_named_by_their_text(tmp_path, lang):
    """A seller who lists the pitch's claims and case studies the other way round in the next version sees
    no change; one who drops the guarantee from one claim sees that claim named by its text, not
    "claim 2", in the findings and the facts."""
    import yaml

    data = yaml.safe_load(Path(V1).read_text(encoding="utf-8"))
    data["claims"].reverse()
    data["track_record"]["case_studies"].reverse()
    flipped = tmp_path / "flipped.yaml"
    flipped.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    d = json.loads(_run("diff", V1, str(flipped), "--format", "json", "--lang", lang).stdout)
    assert (d["findings"], d["facts"]) == ([], [])
    for claim in data["claims"]:
        claim["guaranteed"] = False
    flipped.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    d = json.loads(_run("diff", V1, str(flipped), "--format", "json", "--lang", lang).stdout)
    assert sorted((f["path"], f["before"], f["after"]) for f in d["facts"]) == [
        ("claims[“三个月内做到类目前十”].guaranteed", True, False), ("claims[“保你月销百万”].guaranteed", True, False)]
    # the claim rules name the worst claim (canonical order: the same text first in any order of the list)
    assert {c["subject_name"] for c in d["findings"] if c["subject"].startswith("claims[")} == {"三个月内做到类目前十"}
    md = _run("diff", V1, str(flipped), "--lang", lang).stdout
    named = {"en": "claim “三个月内做到类目前十”", "zh": "宣传「三个月内做到类目前十」"}[lang]
    assert md.count(named) >= 2  # the finding's subject and the fact's record
    assert not re.search(r"\bclaim \d|第 \d+ 条承诺", md)
