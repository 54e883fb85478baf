"""The merge API (vetting.workflows.merging): answers read like the deal format, checked against the field
registry, conflicts listed, provenance kept; the filled form and the HTML answers file read as CONTRACTS D
lays them out (forms written by tests/formfill.py, signed with a key under tmp_path)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from formfill import Row, saved_answers, write_form
from vetting.io.errors import InputError
from vetting.model.loading import validate
from vetting.workflows.merging import Answer, apply_answers, read_answers

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _key_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("VETTING_CONFIG_DIR", str(tmp_path / "config"))


def _deal(name: str = "mostly-unknown.yaml") -> dict:
    return yaml.safe_load((ROOT / "fixtures" / name).read_text(encoding="utf-8"))


def _provider(field: str, value, where: str = "Questions!F8") -> Answer:
    return Answer(field, value, {"from": "provider", "by": "王经理", "on": TODAY, "verified": False}, where)


def test_chinese_answers_are_read_as_the_deal_format_reads_them():
    deal = _deal()
    deal.get("contract", {}).pop("auto_renewal", None)
    result = apply_answers(deal, [_provider("contract.auto_renewal.present", "是"),
                                  _provider("contract.ip.creatives", "卖家"),
                                  _provider("service.platforms", "亚马逊、虾皮"),
                                  _provider("contract.auto_renewal.cancel_notice_days", "３０")])
    assert not result.problems and not result.refused
    data = result.data
    assert data["contract"]["auto_renewal"]["present"] is True
    assert data["contract"]["ip"]["creatives"] == "seller"
    assert data["service"]["platforms"] == ["amazon", "shopee"]
    assert data["contract"]["auto_renewal"]["cancel_notice_days"] == 30
    assert data["sources"]["contract.auto_renewal.present"]["from"] == "provider"
    validate(data, "merged")  # the merged deal is a valid deal, sources included


def test_a_field_the_provider_may_not_answer_is_refused_and_the_rest_applies():
    deal = _deal()
    result = apply_answers(deal, [_provider("provider.registration.dishonest_debtor_listed", "否", "Questions!F9"),
                                  _provider("provider.office_verified", "是", "Questions!F10"),
                                  _provider("contract.governing_law", "CN", "Questions!F11")])
    keys = {(p.where, p.message_key) for p in result.problems}
    assert keys == {("Questions!F9", "merge_not_answerable"), ("Questions!F10", "merge_not_answerable")}
    assert not result.refused
    assert [a[0] for a in result.applied] == ["contract.governing_law"]
    assert "dishonest_debtor_listed" not in str(result.data.get("provider"))


def test_a_wrong_value_refuses_everything_and_names_the_cell():
    deal = _deal()
    result = apply_answers(deal, [_provider("contract.governing_law", "CN", "Questions!F8"),
                                  _provider("contract.auto_renewal.present", "maybe", "Questions!F9"),
                                  _provider("contract.ip.creatives", "the agency", "Questions!F10")])
    assert result.refused and result.applied == []
    assert {p.where for p in result.problems} == {"Questions!F9", "Questions!F10"}
    assert result.data == deal


def test_a_conflict_is_listed_and_applied_only_when_answers_are_preferred():
    deal = _deal("linkstar-proposal.yaml")
    before = deal["contract"]["auto_renewal"]["present"]
    answer = _provider("contract.auto_renewal.present", not before)
    kept = apply_answers(deal, [answer])
    assert kept.conflicts == [("contract.auto_renewal.present", before, not before, "Questions!F8")]
    assert kept.data["contract"]["auto_renewal"]["present"] is before and kept.applied == []
    taken = apply_answers(deal, [answer], prefer="answers")
    assert taken.data["contract"]["auto_renewal"]["present"] is (not before)
    assert taken.data["sources"]["contract.auto_renewal.present"]["by"] == "王经理"


def test_the_contract_wins_over_the_providers_word():
    deal = _deal()
    deal.setdefault("contract", {}).pop("auto_renewal", None)
    contract = Answer("contract.auto_renewal.present", True,
                      {"from": "contract", "page": 3, "quote": "本合同期满自动续约一年", "clause": "第8.2条"}, "p. 3")
    result = apply_answers(deal, [_provider("contract.auto_renewal.present", "否"), contract], prefer="answers")
    assert result.data["contract"]["auto_renewal"]["present"] is True
    assert result.data["sources"]["contract.auto_renewal.present"]["quote"] == "本合同期满自动续约一年"
    assert result.conflicts == [("contract.auto_renewal.present", True, False, "Questions!F8")]
    # and once the deal holds the contract's fact, a provider's later "no" never replaces it
    later = apply_answers(result.data, [_provider("contract.auto_renewal.present", "否")], prefer="answers")
    assert later.data["contract"]["auto_renewal"]["present"] is True and later.conflicts


def test_unknown_answers_leave_the_fact_unknown():
    deal = _deal()
    result = apply_answers(deal, [_provider("contract.governing_law", "不确定"), _provider("contract.written", "")])
    assert result.applied == [] and [f for f, _ in result.unknown] == ["contract.governing_law", "contract.written"]


def test_a_kpi_is_answered_by_its_id_and_a_missing_one_is_reported():
    deal = _deal("linkstar-proposal.yaml")
    kid = deal["kpis"][0]["id"]
    deal["kpis"][0].pop("data_source", None)
    result = apply_answers(deal, [_provider(f"kpis[{kid}].data_source", "卖家后台"), _provider("kpis[NOPE].data_source", "erp")])
    assert result.data["kpis"][0]["data_source"] == "seller_central"
    assert f"kpis[{kid}].data_source" in result.data["sources"]
    assert [p.message_key for p in result.problems] == ["merge_no_item"]


def test_a_filled_form_is_read_row_by_row_with_its_evidence(tmp_path):
    deal = _deal()
    form = tmp_path / "deal.questions.xlsx"
    ask_id, rows = write_form(form, deal["id"], [
        Row("contract.auto_renewal.present", "否", "合同草稿v3.pdf", dt.date(2026, 11, 18), "见第8条"),
        Row("provider.kind", "代运营")], lang="zh")
    info, answers, problems = read_answers(form, deal_data=deal, by="王经理", today=TODAY)
    assert (info.kind, info.ask_id, info.deal_id) == ("xlsx", ask_id, deal["id"]) and problems == []
    first = answers[0]
    assert first.where == f"问题!F{rows['contract.auto_renewal.present']}"
    assert first.source["evidence"] == "合同草稿v3.pdf" and first.source["evidence_date"] == dt.date(2026, 11, 18)
    assert first.source["form"] == ask_id and first.source["comment"] == "见第8条"
    merged = apply_answers(deal, answers).data
    assert merged["provider"]["kind"] == "store_operation"


def test_a_form_for_another_deal_or_key_is_refused(tmp_path, monkeypatch):
    deal = _deal()
    form = tmp_path / "q.xlsx"
    write_form(form, "another-deal", [("contract.written", "是")])
    with pytest.raises(InputError, match="another-deal"):
        read_answers(form, deal_data=deal)
    write_form(form, deal["id"], [("contract.written", "是")])
    monkeypatch.setenv("VETTING_CONFIG_DIR", str(tmp_path / "other-computer"))
    with pytest.raises(InputError) as e:
        read_answers(form, deal_data=deal)
    assert "form key" in str(e.value)


def test_the_html_forms_answers_file(tmp_path):
    deal = _deal()
    saved = tmp_path / "answers.json"
    ask_id = saved_answers(saved, deal["id"], [Row("contract.written", "yes", "attached", "2026-11-10"),
                                                ("contract.governing_law", "CN")])
    info, answers, problems = read_answers(saved, deal_data=deal, today=TODAY)
    assert info.kind == "html" and problems == []
    assert answers[0].source == {"from": "provider", "by": "王经理 (LinkStar)", "on": dt.date(2026, 11, 20),
                                 "evidence": "attached", "evidence_date": dt.date(2026, 11, 10), "verified": False,
                                 "form": ask_id}
    assert apply_answers(deal, answers).data["contract"]["written"] is True
