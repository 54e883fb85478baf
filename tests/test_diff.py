"""vetting diff: the revised LinkStar proposal fixes the stop-loss and the IP clause."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.diff import diff_schema, flatten

_register()
ROOT = Path(__file__).resolve().parents[1]
V1 = str(ROOT / "fixtures" / "linkstar-proposal.yaml")
V2 = str(ROOT / "fixtures" / "linkstar-proposal-v2.yaml")


def _run(*args):
    return CliRunner().invoke(cli, list(args))


def test_json_shows_stop_loss_and_ip_resolved_and_the_score_down():
    r = _run("diff", V1, V2, "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    jsonschema.validate(d, diff_schema())
    assert d["format"] == "vetting/diff@1"
    resolved = {(c["rule_id"], c["status_before"], c["status_after"]) for c in d["findings"] if c["change"] == "resolved"}
    assert resolved == {("EXIT-001", "risk", "pass"), ("IP-001", "risk", "pass"), ("DATA-006", "risk", "pass"),
                        ("KPI-018", "risk", "pass")}
    assert [c for c in d["findings"] if c["change"] != "resolved"] == []
    assert (d["before"]["score"], d["after"]["score"]) == (78.4, 73.5)
    assert d["after"]["score"] < d["before"]["score"]
    assert (d["before"]["risks"], d["after"]["risks"]) == (47, 43)
    # fees did not change: 15,000 base + 5 % of 450,000 at the current GMV, both versions
    assert (d["gmv"], d["before"]["monthly_cost"], d["after"]["monthly_cost"]) == (450000.0, 37500.0, 37500.0)
    facts = {f["path"]: (f["before"], f["after"]) for f in d["facts"]}
    assert facts["contract.stop_loss.present"] == (False, True)
    assert facts["contract.stop_loss.threshold_pct"] == (None, 80.0)
    assert facts["contract.ip.creatives"] == ("unspecified", "seller")
    assert facts["contract.milestones[0].month"] == (None, 3)
    assert "contract.milestones" not in facts  # the empty list against a record: the record's fields say it
    assert "fees.base_monthly" not in facts
    assert [b["rule_id"] for b in d["blockers"]] == ["CRED-002", "FEE-012"]
    assert d["path"][0]["rule_ids"] == ["FEE-001", "FEE-002"] and d["path"][-1]["verdict_after"] == "proceed"


def test_markdown_in_english_and_chinese():
    en = _run("diff", V1, V2).stdout
    assert "| Risk score | 78.4 | 73.5 |" in en
    assert "| Monthly cost at the current GMV | CN¥37,500 | CN¥37,500 |" in en
    assert "| Resolved | `EXIT-001` No stop-loss exit when KPIs are missed | Risk · High | Passed · High |" in en
    assert "| `contract.stop_loss.present` | no | yes |" in en
    zh = _run("diff", V1, V2, "--lang", "zh").stdout
    assert "| 已解决 | `EXIT-001` KPI不达标时没有止损解约条款 | 风险 · 高 | 已通过 · 高 |" in zh
    assert "| `contract.stop_loss.threshold_pct` | 未知 | 80.0 |" in zh
    assert "- `CRED-002` 服务商主体已被吊销、注销或解散（待确认）" in zh
    assert "## 剩余的谈判路径" in zh


def test_html_has_the_checklist_look_and_escapes(tmp_path):
    out = tmp_path / "diff.html"
    assert _run("diff", V1, V2, "--format", "html", "--lang", "zh", "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh' in page
    assert "<title>方案变化：联星出海 LinkStar 全店代运营方案（修订版）</title>" in page
    assert '<span class="ch ch-resolved">已解决</span>' in page and ".sev-blocker" in page


def test_fail_on_uses_the_new_level_and_a_worse_version_lists_new_findings(tmp_path):
    assert _run("diff", V1, V2, "--fail-on", "critical", "-o", str(tmp_path / "d.md")).exit_code == 1
    assert _run("diff", V1, V2, "--fail-on", "critical", "-o", str(tmp_path / "d.md")).stdout == ""
    assert (tmp_path / "d.md").read_text(encoding="utf-8").startswith("# What changed")
    r = _run("diff", V2, V1, "--format", "json")
    assert r.exit_code == 0
    new = {c["rule_id"] for c in json.loads(r.stdout)["findings"] if c["change"] == "new"}
    assert new == {"EXIT-001", "IP-001", "DATA-006", "KPI-018"}


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
    assert d["blockers"][0] == {"rule_id": "CRED-002", "subject": "deal", "status": "risk",
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
    assert lines[0] == "$ vetting diff fixtures/linkstar-proposal.yaml fixtures/linkstar-proposal-v2.yaml"
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
    assert "| `fees.commission_pct` | 5.0 | 3.0 |" in md
