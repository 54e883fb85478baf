"""The provider's question slots of the field registry (report_templates/questions.{en,zh}.yaml):
every field the provider may answer and see has a question to the provider in both languages, a
question and not the field's label in other words, and the Chinese reads as a seller types it."""
from __future__ import annotations

import re

import pytest

import zh_typography as zt
from vetting.model.registry import LANGS, attributes, questions, registry


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", str(text)).casefold()


def _restates(question: str, label: str) -> bool:
    """The question is the label, part of it, or the label with a few words around it ("…是多少？")."""
    q, lab = _norm(question), _norm(label)
    return q in lab or (lab in q and len(q) - len(lab) <= 8)


def _askable():
    return [f for f in registry().fields.values() if "provider" in f.answered_by and f.show_to_provider]


def test_the_provider_answers_enough_fields_for_a_questionnaire():
    paths = {f.path for f in _askable()}
    assert len(paths) >= 80
    assert {"contract.auto_renewal.present", "kpis.formula", "fees.setup_fee"} <= paths
    # the seller's own checks and what the registry keeps from the provider are not among them
    assert not paths & {"provider.registration.checked", "provider.platform_partner_listed",
                        "track_record.references_contacted", "seller.monthly_gmv", "waivers.rule"}


@pytest.mark.parametrize("lang", LANGS)
def test_every_provider_answerable_field_has_a_provider_question(lang):
    missing = [f.path for f in _askable() if not f.question("provider", lang).strip()]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_provider_question_is_a_question_not_its_label(lang):
    restated = [f.path for f in _askable() if _restates(f.question("provider", lang), f.label(lang)) or _restates(f.question("provider", lang), f.name(lang))]
    assert restated == []
    assert [f.path for f in _askable() if not f.question("provider", lang).endswith(("?", "？", "。", "."))] == []


def test_the_restating_check_catches_a_label():
    assert _restates("自动续约？", "自动续约")
    assert _restates("Commission in percent?", "commission in percent")
    assert not _restates("合同到期后，如果没人提出终止，会自动续约吗？", "到期自动续约")


def test_the_chinese_provider_questions_read_right_and_ask_in_the_second_person():
    found = [f"{f.path}: {p}" for f in _askable() for p in zt.problems(f.question("provider", "zh"))]
    assert found == []
    # it speaks to the provider (你们/贵司) or asks about the contract, never about "对方"
    assert [f.path for f in _askable() if "对方" in f.question("provider", "zh")] == []


def test_a_list_the_provider_answers_whole_has_its_question_in_both_languages():
    """The registry's lists (kpis): not fields, each asked as one question that says what every item needs."""
    lists = [p for p, a in attributes().items() if p not in registry().fields]
    assert lists == ["kpis"] and lists[0] in [p for p in attributes() if p.startswith("kpis")][:1]
    for path in lists:
        assert "provider" in attributes()[path].answered_by and attributes()[path].show_to_provider
        en, zh = questions("en")[path].provider, questions("zh")[path].provider
        assert en.startswith("Which") and en.endswith(".") and zh.endswith("。") and "？" in zh
        assert zt.problems(zh) == [] and "对方" not in zh
        # each KPI with its target, formula (口径), data source and baseline
        assert all(w in zh for w in ("目标值", "口径", "数据为准", "基线")) and all(
            w in en for w in ("target", "calculated", "whose data", "baseline"))


def test_a_field_the_provider_may_answer_without_a_question_fails(monkeypatch):
    f = registry()["fees.setup_fee"]
    monkeypatch.setitem(f.questions["zh"].__dict__, "provider", "")
    assert [x.path for x in _askable() if not x.question("provider", "zh").strip()] == ["fees.setup_fee"]


YES_NO_EN = re.compile(r"^(If [^?]*?, |When [^?]*?, )?(is|are|does|do|will|can|could|has|have|would)\b", re.I)
YES_NO_ZH = re.compile(r"吗|是否|能否|有没有|会不会|退不退|含不含|能不能|需不需要")


def test_a_yes_no_fact_is_asked_as_a_yes_no_question_whose_yes_means_true():
    # the form's drop-down is 是/否/不确定: "yes" is read as the field being true, so the question must ask
    # whether the field's statement holds (not "who bears the loss?", not its opposite)
    bools = [f for f in _askable() if f.type == "bool"]
    assert [f.path for f in bools if not YES_NO_EN.search(f.question("provider", "en"))] == []
    assert [f.path for f in bools if not YES_NO_ZH.search(f.question("provider", "zh"))] == []
    # the fields whose "true" is the bad case are asked the right way round
    r = registry()
    assert "without our signed agreement" in r["contract.unilateral_changes"].question("provider", "en")
    assert "不经我们书面签字" in r["contract.unilateral_changes"].question("provider", "zh")
