"""`vetting merge`: a provider's filled form (and the HTML form's answers, and accepted scan proposals)
merged into a new version of the deal, as a seller runs it. Forms are written per CONTRACTS D by
tests/formfill.py and signed with a key under tmp_path (VETTING_CONFIG_DIR)."""
from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from formfill import Row, saved_answers, write_form
from vetting.cli import _register, cli
from vetting.io.yamlkeep import rewrite
from vetting.model.loading import parse_text
from vetting.text import messages
from vetting.workflows.mergerun import dump

_register()
ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-12-01"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("VETTING_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("VETTING_LANG", raising=False)
    messages.set_lang(None)
    yield
    messages.set_lang(None)


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _copy(tmp_path: Path, name: str = "mostly-unknown.yaml") -> Path:
    target = tmp_path / "deal.yaml"
    shutil.copyfile(ROOT / "fixtures" / name, target)
    return target


def _data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _deal_id(path: Path) -> str:
    return str(_data(path)["id"])


def test_a_chinese_form_merges_into_the_next_version(tmp_path):
    deal = _copy(tmp_path)
    form = tmp_path / "deal.questions.xlsx"
    _, rows = write_form(form, _deal_id(deal), [
        Row("provider.kind", "代运营"),
        Row("contract.auto_renewal.present", "否", "合同草稿v3.pdf", dt.date(2026, 11, 18), "见第8条"),
        Row("contract.stop_loss.present", "是"),
        Row("contract.ip.creatives", "卖家"),
        Row("contract.governing_law", "不确定")], lang="zh")
    before = deal.read_bytes()
    r = _run("merge", deal, form, "--by", "王经理 (LinkStar)", "--today", TODAY, "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert deal.read_bytes() == before  # never over the deal
    new = tmp_path / "deal.v2.yaml"
    data = _data(new)
    assert data["contract"]["auto_renewal"]["present"] is False and data["contract"]["stop_loss"]["present"] is True
    assert data["contract"]["ip"]["creatives"] == "seller"
    assert "governing_law" not in data["contract"]  # answered "unknown": still open
    src = data["sources"]["contract.auto_renewal.present"]
    assert (src["from"], src["by"], src["verified"], src["evidence"]) == ("provider", "王经理 (LinkStar)", False, "合同草稿v3.pdf")
    assert str(src["evidence_date"]) == "2026-11-18" and src["comment"] == "见第8条"
    assert "已采用" in r.output and "contract.governing_law" in r.output
    assert "deal.v2.yaml" in r.output and "变化" in r.output  # the diff of the two versions
    # a second merge into the same deal writes the version after
    again = _run("merge", deal, form, "--today", TODAY)
    assert again.exit_code == 0, again.output
    assert (tmp_path / "deal.v3.yaml").is_file()


def test_a_wrong_value_refuses_the_whole_form_and_it_merges_once_corrected(tmp_path):
    deal = _copy(tmp_path)
    form = tmp_path / "q.xlsx"
    rows = [Row("contract.written", "是"), Row("contract.auto_renewal.present", "maybe"),
            Row("contract.auto_renewal.cancel_notice_days", "30 days"), Row("contract.ip.creatives", "the agency")]
    _, at = write_form(form, _deal_id(deal), rows)
    r = _run("merge", deal, form, "--today", TODAY)
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    for fld in ("contract.auto_renewal.present", "contract.auto_renewal.cancel_notice_days", "contract.ip.creatives"):
        assert any(f"Questions!F{at[fld]}" in line and fld in line for line in lines), (fld, lines)
    assert len(lines) == 3 and "Traceback" not in r.output
    assert not (tmp_path / "deal.v2.yaml").exists()
    rows[1:] = [Row("contract.auto_renewal.present", "yes"), Row("contract.auto_renewal.cancel_notice_days", 30),
                Row("contract.ip.creatives", "provider")]
    write_form(form, _deal_id(deal), rows)
    r = _run("merge", deal, form, "--today", TODAY)
    assert r.exit_code == 0, r.output
    assert _data(tmp_path / "deal.v2.yaml")["contract"]["auto_renewal"] == {"present": True, "cancel_notice_days": 30}


def _tamper(form: Path, edit) -> None:
    wb = load_workbook(form)
    edit(wb)
    wb.save(form)


@pytest.mark.parametrize("case", ["added_row", "edited_path", "formula", "added_sheet", "hidden_sheet",
                                  "outside_cells", "other_field"])
def test_what_a_provider_did_to_the_form_is_reported_with_its_cell_and_not_applied(tmp_path, case):
    deal = _copy(tmp_path)
    form = tmp_path / "q.xlsx"
    _, at = write_form(form, _deal_id(deal), [Row("contract.written", "是"), Row("contract.stop_loss.present", "是"),
                                              Row("provider.office_verified", "是")])
    row = at["contract.stop_loss.present"]
    edits = {
        "added_row": lambda wb: [wb["Questions"].cell(20, c, v) for c, v in
                                 ((1, "contract.termination.for_convenience"), (2, "0123456789abcdef"), (6, "是"))],
        "edited_path": lambda wb: wb["Questions"].cell(row, 1, "contract.termination.for_convenience"),
        "formula": lambda wb: wb["Questions"].cell(row, 6, '=IF(TRUE,"是","否")'),
        "added_sheet": lambda wb: wb.create_sheet("More answers").cell(1, 1, "contract.stop_loss.present: 是"),
        "hidden_sheet": lambda wb: setattr(wb["Instructions"], "sheet_state", "hidden"),
        "outside_cells": lambda wb: [wb["Questions"].cell(7, 6, "是"), wb["Questions"].cell(row, 11, "see mail")],
        "other_field": lambda wb: None,  # provider.office_verified is the seller's own check: never the provider's
    }
    _tamper(form, edits[case])
    r = _run("merge", deal, form, "--today", TODAY)
    assert r.exit_code == 0, r.output
    out = r.output
    expected = {"added_row": ["Questions!A20"], "edited_path": [f"Questions!A{row}"],
                "formula": [f"Questions!F{row}", "formula"], "added_sheet": ["More answers"],
                "hidden_sheet": ["Instructions", "hidden"], "outside_cells": ["Questions!F7", f"Questions!K{row}"],
                "other_field": [f"Questions!F{at['provider.office_verified']}", "provider.office_verified"]}[case]
    assert all(e in out for e in expected), out
    data = _data(tmp_path / "deal.v2.yaml")
    assert data["contract"]["written"] is True  # the rest of the form applies
    assert "for_convenience" not in str(data.get("contract"))
    assert data.get("provider", {}).get("office_verified") is None
    if case in ("edited_path", "formula"):
        assert "stop_loss" not in data["contract"]


def test_a_form_of_another_deal_or_another_computer_is_refused(tmp_path, monkeypatch):
    deal = _copy(tmp_path)
    form = tmp_path / "q.xlsx"
    write_form(form, "some-other-deal", [Row("contract.written", "是")])
    r = _run("merge", deal, form)
    assert r.exit_code == 2 and "some-other-deal" in r.stderr
    write_form(form, _deal_id(deal), [Row("contract.written", "是")])
    monkeypatch.setenv("VETTING_CONFIG_DIR", str(tmp_path / "elsewhere"))
    r = _run("merge", deal, form, "--lang", "zh")
    assert r.exit_code == 2 and "问卷密钥" in r.stderr and not (tmp_path / "deal.v2.yaml").exists()


def test_a_providers_kpi_list_is_shown_for_the_seller_to_add_and_the_rest_merges(tmp_path):
    """The questionnaire asks a deal without KPIs for its KPI list as one question (KPI-001 is a core term).
    The provider's words are not turned into KPI records by the merge: the seller is told, with the answer
    quoted, to add each KPI as the contract or its annex words it; every other answer of the form applies,
    and an "unknown" answer leaves the list to be asked again."""
    deal = _copy(tmp_path)
    assert "kpis" not in _data(deal)
    said_kpis = "月均GMV比基线增长15%，以卖家后台为准，基线为2025年10-12月月均"
    form = tmp_path / "q.xlsx"
    write_form(form, _deal_id(deal), [Row("kpis", said_kpis), Row("contract.stop_loss.present", "是")], lang="zh")
    r = _run("merge", deal, form, "--today", TODAY, "--lang", "zh")
    assert r.exit_code == 0, r.output
    data = _data(tmp_path / "deal.v2.yaml")
    assert data["contract"]["stop_loss"]["present"] is True and "kpis" not in data
    line = next(x for x in r.output.splitlines() if "KPI不会自动并入" in x)
    assert said_kpis in line and "vetting scan" in line
    write_form(form, _deal_id(deal), [Row("kpis", "不确定"), Row("contract.stop_loss.present", "是")], lang="zh")
    r = _run("merge", deal, form, "--today", TODAY, "--lang", "zh", "-o", tmp_path / "again.yaml")
    assert r.exit_code == 0 and "KPI不会自动并入" not in r.output and "kpis" in r.output  # answered "unknown"


def test_a_conflict_is_listed_and_applied_only_with_prefer_answers(tmp_path):
    deal = _copy(tmp_path, "linkstar-proposal.yaml")
    stated = _data(deal)["contract"]["auto_renewal"]["cancel_notice_days"]
    form = tmp_path / "q.xlsx"
    write_form(form, _deal_id(deal), [Row("contract.auto_renewal.cancel_notice_days", stated + 30)])
    r = _run("merge", deal, form, "--today", TODAY)
    assert r.exit_code == 0 and "Conflicts, not applied" in r.output
    assert "nothing was written" in r.stderr and not (tmp_path / "deal.v2.yaml").exists()
    r = _run("merge", deal, form, "--today", TODAY, "--prefer", "answers", "-o", tmp_path / "taken.yaml")
    assert r.exit_code == 0, r.output
    assert _data(tmp_path / "taken.yaml")["contract"]["auto_renewal"]["cancel_notice_days"] == stated + 30


def test_the_html_forms_answers_merge_with_who_and_when(tmp_path):
    deal = _copy(tmp_path)
    answers = tmp_path / "answers.json"
    saved_answers(answers, _deal_id(deal), [Row("contract.written", "yes", "signed draft", "2024-06-01"),
                                            Row("contract.termination.for_convenience", "no")])
    r = _run("merge", deal, answers, "--today", TODAY)
    assert r.exit_code == 0, r.output
    src = _data(tmp_path / "deal.v2.yaml")["sources"]["contract.written"]
    assert src["by"] == "王经理 (LinkStar)" and str(src["on"]) == "2026-11-20"
    assert "Evidence older than 12 months" in r.output and "2024-06-01" in r.output
    # a row moved to another field keeps its tag: the tag no longer matches, the row is refused
    doc = json.loads(answers.read_text(encoding="utf-8"))
    doc["rows"][1]["field"] = "provider.registration.status"
    answers.write_text(json.dumps(doc), encoding="utf-8")
    r = _run("merge", deal, answers, "--today", TODAY, "-o", tmp_path / "v.yaml")
    assert r.exit_code == 0 and "rows[1]" in r.output and "not asked by this form" in r.output


def test_provenance_in_the_json_the_report_and_the_diff(tmp_path):
    deal = _copy(tmp_path, "linkstar-proposal.yaml")
    data = _data(deal)
    data["contract"].pop("stop_loss", None)
    deal.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    form = tmp_path / "q.xlsx"
    write_form(form, data["id"], [Row("contract.stop_loss.present", "是", "合同草稿v3.pdf", "2026-11-18")])
    r = _run("merge", deal, form, "--by", "王经理", "--today", TODAY)
    assert r.exit_code == 0, r.output
    assert "Facts whose source changed" in r.output  # the diff printed by merge
    new = tmp_path / "deal.v2.yaml"
    j = json.loads(_run("assess", new, "--format", "json", "--today", TODAY).stdout)
    [src] = [s for s in j["sources"] if s["field"] == "contract.stop_loss.present"]
    assert (src["origin"], src["by"], src["unverified"], src["stale"], src["value"]) == ("provider", "王经理", True, False, True)
    for lang, words in (("en", "Stated by the provider, not verified"), ("zh", "服务商所述，未经核实")):
        for fmt in ("md", "html"):
            report = _run("assess", new, "--format", fmt, "--lang", lang, "--today", TODAY).stdout
            assert words in report and ("合同草稿v3" in report), (lang, fmt)
    diff = json.loads(_run("diff", deal, new, "--format", "json", "--today", TODAY).stdout)
    assert [c["path"] for c in diff["sources"]] == ["contract.stop_loss.present"]


def test_a_deal_with_a_bad_sources_path_is_one_line_exit_2(tmp_path):
    deal = _copy(tmp_path)
    data = _data(deal)
    data["sources"] = {"contract.auto_renewal.presnt": {"from": "provider"}}
    deal.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = _run("assess", deal, "--format", "json")
    assert r.exit_code == 2
    [line] = r.stderr.strip().splitlines()
    assert "sources" in line and "contract.auto_renewal.presnt" in line and "is not a field" in line


def test_scan_proposals_round_trip(tmp_path):
    contract = ROOT / "tests" / "scan_corpus" / "dev" / "d01-zh-store-operation-amazon.txt"
    proposals = tmp_path / "proposals.yaml"
    r = _run("scan", contract, "--format", "yaml", "-o", proposals)
    assert r.exit_code == 0, r.output
    doc = _data(proposals)
    wanted = {"contract.start_date", "contract.term_months", "service.dedicated_team"}
    for p in doc["proposals"]:
        p["accept"] = p["field"] in wanted
    proposals.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    deal = tmp_path / "deal.yaml"
    deal.write_text("id: d01\nprovider:\n  name: 深圳某代运营公司\n", encoding="utf-8")
    r = _run("merge", deal, proposals, "--today", TODAY)
    assert r.exit_code == 0, r.output
    merged = _data(tmp_path / "deal.v2.yaml")
    assert str(merged["contract"]["start_date"]) == "2026-04-01" and merged["contract"]["term_months"] == 12
    src = merged["sources"]["contract.start_date"]
    assert src["from"] == "contract" and "2026年4月1日" in src["quote"] and src["page"] == 1 and src["clause"] == "2.1"
    assert "From the contract" in r.output and "2026年4月1日" in r.output
    assert set(merged["sources"]) == wanted  # only the accepted ones
    a = json.loads(_run("assess", tmp_path / "deal.v2.yaml", "--format", "json", "--today", TODAY).stdout)
    assert {s["field"]: s["origin"] for s in a["sources"]} == dict.fromkeys(wanted, "contract")
    assert not any(s["unverified"] for s in a["sources"])  # the contract's word is not the provider's


def test_a_proposals_file_is_stable_and_a_seller_edits_it_in_a_text_editor(tmp_path):
    """The proposals file is the same bytes on every run, is never written over the contract, and a seller
    who flips `accept: false` to `true` in an editor merges it as written."""
    contract = ROOT / "tests" / "scan_corpus" / "dev" / "d01-zh-store-operation-amazon.txt"
    first, second = tmp_path / "p1.yaml", tmp_path / "p2.yaml"
    for out in (first, second):
        assert _run("scan", contract, "-o", out).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    r = _run("scan", contract, "-o", contract)
    assert r.exit_code == 2 and "input" in r.output
    text = first.read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text
    start = text.index("- field: contract.start_date\n")
    edited = text[:start] + text[start:].replace("  accept: false\n", "  accept: true\n", 1)
    first.write_text(edited, encoding="utf-8")
    deal = tmp_path / "deal.yaml"
    deal.write_text("id: d01\nprovider:\n  name: 深圳某代运营公司\n", encoding="utf-8")
    r = _run("merge", deal, first, "--today", TODAY)
    assert r.exit_code == 0, r.output
    merged = _data(tmp_path / "deal.v2.yaml")
    assert str(merged["contract"]["start_date"]) == "2026-04-01" and set(merged["sources"]) == {"contract.start_date"}


def test_a_value_two_proposals_share_is_written_twice_not_as_an_alias():
    """Two proposals holding the same list (platforms read for the service and the store) are written out
    in full each time: the answers reader refuses YAML aliases."""
    from vetting.intake.render import to_yaml
    from vetting.io.yamlsafe import load_yaml_text

    shared = ["amazon", "tiktok_shop"]
    doc = {"format": "vetting/scan@1", "proposals": [{"field": "service.platforms", "value": shared},
                                                     {"field": "seller.platforms", "value": shared}]}
    text = to_yaml(doc)
    assert "&" not in text and "*" not in text
    assert load_yaml_text(text) == doc


def test_a_form_saved_again_by_libreoffice_still_merges(tmp_path):
    """LibreOffice rewrites the whole workbook (the _vetting sheet comes back "hidden", not "veryHidden"):
    the tags and the digest still hold, and the answers apply."""
    import subprocess

    from needs import require

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require(soffice, "libreoffice (apt-get install libreoffice-calc)")
    deal = _copy(tmp_path)
    form = tmp_path / "q.xlsx"
    write_form(form, _deal_id(deal), [Row("contract.written", "是"), Row("contract.ip.data", "卖家", "合同v3", "2026-11-01")],
               lang="zh")
    out = tmp_path / "saved"
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(form)],
                   check=True, capture_output=True, timeout=180)
    r = _run("merge", deal, out / "q.xlsx", "--today", TODAY, "-o", tmp_path / "v2.yaml")
    assert r.exit_code == 0, r.output
    data = _data(tmp_path / "v2.yaml")
    assert data["contract"]["written"] is True and data["contract"]["ip"]["data"] == "seller"
    assert "Not applied" not in r.output


def test_a_commented_deal_merged_keeps_its_comments_and_order_and_assesses_the_same(tmp_path):
    """The seller's notes beside the facts survive the provider's answers: every comment and the order
    of the keys stay, the answered facts change in place, and the new version assesses exactly as the
    same facts written plainly."""
    deal = _copy(tmp_path, "linkstar-proposal.yaml")
    deal.write_text("# 联星出海 LinkStar proposal, as received 2026-01-10\n" + deal.read_text(encoding="utf-8")
                    .replace("provider:\n", "provider:  # met them at the Shenzhen fair\n", 1)
                    .replace("contract:\n", "# --- the contract draft v3 ---\ncontract:\n", 1), encoding="utf-8")
    before_lines = deal.read_text(encoding="utf-8").splitlines()
    comments = [line for line in before_lines if "#" in line]
    assert len(comments) >= 5
    form = tmp_path / "deal.questions.xlsx"
    write_form(form, _deal_id(deal), [Row("contract.ip.creatives", "卖家"),
                                      Row("contract.stop_loss.present", "是", "合同草稿v3.pdf")], lang="zh")
    r = _run("merge", deal, form, "--by", "王经理", "--today", TODAY, "--prefer", "answers")
    assert r.exit_code == 0, r.output
    new = tmp_path / "deal.v2.yaml"
    text = new.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if "#" in line and "sources" not in line] == comments
    top = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert top == [line.split(":")[0] for line in before_lines if line[:1].isalpha()] + ["sources"]
    merged = _data(new)
    assert merged["contract"]["ip"]["creatives"] == "seller" and merged["contract"]["stop_loss"]["present"] is True
    plain = tmp_path / "plain.yaml"  # the same data as the plain dumper writes it (what merge wrote before)
    plain.write_bytes(dump(parse_text(text, str(new), ".yaml")[0], ".yaml"))
    assert "#" not in plain.read_text(encoding="utf-8")
    kept = json.loads(_run("assess", new, "--format", "json", "--today", TODAY).stdout)
    flat = json.loads(_run("assess", plain, "--format", "json", "--today", TODAY).stdout)
    assert kept["findings"] == flat["findings"] and kept["score"] == flat["score"] and kept["verdict"] == flat["verdict"]


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "fixtures").glob("*.yaml")))
def test_a_deal_rewritten_with_nothing_changed_is_the_same_file(name):
    text = (ROOT / "fixtures" / name).read_text(encoding="utf-8")
    data = parse_text(text, name, ".yaml")[0]
    assert rewrite(text, data, copy.deepcopy(data)) == text
