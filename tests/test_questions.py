"""The questions to the provider (vetting.decide.questions): the facts the provider can answer and the
deal does not know, deduplicated, grouped by topic, the most decisive first, measured by scoring the
rules that wait for each fact with its worst and its best answer."""
from __future__ import annotations

import copy
import datetime as dt
import re

import pytest
import yaml

from conftest import FIXTURES
from vetting.decide.questions import askable, decisive, most_decisive, pattern_of, provider_questions
from vetting.text.questionwords import worded
from vetting.model.loading import load_deal, validate
from vetting.outputs.form import layout
from vetting.model.registry import attributes, questions as question_texts, registry
from vetting.workflows.assess import decide

TODAY = dt.date(2026, 1, 20)
BUNDLED = sorted(FIXTURES.glob("*.yaml")) + sorted((FIXTURES / "compare").glob("*.yaml"))
_STEP = re.compile(r"([^.\[]+)(?:\[([^\]]*)\])?")


def value_at(data: dict, path: str):
    """The deal data's value at a concrete path (kpis[sales].formula, claims[0].text); None when absent."""
    node = data
    for name, key in _STEP.findall(path):
        node = node.get(name) if isinstance(node, dict) else None
        if key and isinstance(node, list):
            node = (node[int(key)] if key.isdigit() and int(key) < len(node)
                    else next((k for k in node if isinstance(k, dict) and k.get("id") == key), None))
        if node is None:
            return None
    return node


def set_at(data: dict, path: str, value) -> None:
    steps = _STEP.findall(path)
    node = data
    for i, (name, key) in enumerate(steps):
        last = i == len(steps) - 1
        if key:
            items = node[name]
            node = items[int(key)] if key.isdigit() else next(k for k in items if k.get("id") == key)
            if last:
                raise ValueError(path)
        elif last:
            node[name] = value
        else:
            node = node.setdefault(name, {})


def _data(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _decide(data):
    return decide(validate(data, "deal.yaml"), today=TODAY)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fixture", BUNDLED, ids=lambda p: p.stem)
def test_only_unknown_facts_the_provider_may_answer_once_each(fixture, lang):
    data = _data(fixture)
    qs = provider_questions(decide(load_deal(fixture), today=TODAY), lang)
    assert len({q.field for q in qs}) == len(qs)
    for q in qs:  # a field, or a list the provider answers whole (kpis)
        assert askable(attributes()[pattern_of(q.field)]), q.field
        assert value_at(data, q.field) is None, q.field
        assert q.text == question_texts(lang)[q.pattern].provider and q.text
    # grouped: a topic's questions come together, and the first question is the most decisive of all
    topics = [q.topic for q in qs]
    assert topics == sorted(topics, key=topics.index)
    if qs:
        top = qs[0]
        assert all((q.verdicts != top.verdicts and top.verdicts[0] != top.verdicts[1]) or q.swing <= top.swing
                   or q.topic != top.topic for q in qs)


def test_the_most_decisive_question_comes_first_and_each_topic_is_in_order():
    qs = provider_questions(_decide(_data(FIXTURES / "mostly-unknown.yaml")), "en")
    assert qs[0] == min(qs, key=decisive)
    assert qs[0].verdicts == ("insufficient_information", "do_not_sign")  # its answer can change the verdict
    for topic in {q.topic for q in qs}:
        mine = [decisive(q) for q in qs if q.topic == topic]
        assert mine == sorted(mine)
    # the n most decisive, grouped again by topic: the letter's body
    top = most_decisive(qs, 10)
    # equal swings are broken by the question's place in its topic, then its field (as the letter breaks them)
    ranked = sorted(qs, key=lambda q: (decisive(q), q.order or q.field))
    assert len(top) == 10 and {q.field for q in top} == {q.field for q in ranked[:10]}
    assert [q.topic for q in top] == sorted([q.topic for q in top], key=[q.topic for q in top].index)


@pytest.mark.parametrize("field,bad,good", [
    ("fees.forced_purchases", True, False),
    ("contract.auto_renewal.present", True, False),
    ("data_access.funds_scope", "payouts_or_bank", "none"),  # funds_access is read through funds_scope
])
def test_the_swing_is_what_the_worst_and_best_answers_do_to_the_score(field, bad, good):
    data = _data(FIXTURES / "mostly-unknown.yaml")
    d = _decide(data)
    q = next(q for q in provider_questions(d, "en") if q.field == field)
    scores = []
    for value in (bad, good):
        edited = copy.deepcopy(data)
        set_at(edited, field, value)
        scores.append(_decide(edited).result.score)
    assert scores[0] > scores[1]
    assert q.swing > 0
    # the measure bounds what a single answer really does (other unknowns stay unknown)
    assert scores[0] - scores[1] <= q.swing + 0.01


def test_a_resend_asks_only_what_is_still_open_or_was_answered_unknown():
    data = _data(FIXTURES / "mostly-unknown.yaml")
    first = provider_questions(_decide(data), "zh")
    answered = copy.deepcopy(data)
    set_at(answered, "fees.forced_purchases", False)
    set_at(answered, "contract.auto_renewal.present", True)
    set_at(answered, "contract.auto_renewal.cancel_notice_days", 30)
    set_at(answered, "data_access.funds_scope", None)  # answered "unknown": asked again
    second = provider_questions(_decide(answered), "zh")
    asked = {q.field for q in second}
    assert not asked & {"fees.forced_purchases", "contract.auto_renewal.present",
                        "contract.auto_renewal.cancel_notice_days"}
    assert "data_access.funds_scope" in asked
    assert asked < {q.field for q in first} | {"contract.auto_renewal.renewal_term_months"}
    assert len(second) < len(first)


def test_list_items_are_named_by_kpi_name_and_by_text_not_by_position():
    qs = worded(provider_questions(decide(load_deal(FIXTURES / "linkstar-proposal.yaml"), today=TODAY), "en"), "en")
    kpi = [q for q in qs if q.field.startswith("kpis[")]
    # the decide layer gives the record, the text layer its words
    assert {q.record for q in kpi} == {("kpis", "sales", "月销百万"), ("kpis", "conversion", "提升转化率")}
    assert {q.about for q in kpi} == {"KPI “月销百万”", "KPI “提升转化率”"}
    cases = [q for q in qs if q.field.startswith("track_record.case_studies[")]
    # a case study by its client, not by its place in the list (the order of a list carries no meaning)
    assert [q.about for q in cases] == ["case study “3C卖家, 美国站”", "case study “家居卖家, 欧洲站”"]
    # reordering the KPIs changes nothing in what is asked, nor in its order
    data = _data(FIXTURES / "linkstar-proposal.yaml")
    data["kpis"].reverse()
    again = provider_questions(_decide(data), "en")
    assert [(q.field, q.text) for q in again] == [(q.field, q.text) for q in qs]


def test_the_sellers_own_checks_are_never_asked():
    qs = provider_questions(decide(load_deal(FIXTURES / "mostly-unknown.yaml"), today=TODAY), "en")
    fields = {q.pattern for q in qs}
    seller_only = {f.path for f in registry() if not askable(f)}
    assert not fields & seller_only
    assert "provider.registration.status" not in fields and "provider.office_verified" not in fields


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_unknown_kpi_list_is_asked_first_in_the_letter_and_the_questionnaire(lang):
    """An ongoing service whose KPIs are not known yet: KPI-001 is a core term ("proceed" waits for it),
    so the provider is asked for its KPIs, all of them at once and each with what makes it checkable,
    first among the most decisive questions; once the deal has KPIs, the list is not asked again."""
    data = _data(FIXTURES / "gold-standard.yaml")
    data.pop("kpis")
    d = _decide(data)
    assert d.result.verdict != "proceed"
    qs = provider_questions(d, lang)
    kpis = next(q for q in qs if q.field == "kpis")
    assert kpis.verdicts == ("proceed", "negotiate") and "KPI-001" in kpis.rules
    assert most_decisive(qs, 10)[0].field == "kpis" and min(qs, key=decisive) is kpis
    words = {"en": ("target", "calculated", "Seller Central", "baseline", "period"),
             "zh": ("目标值", "口径", "店铺的后台", "基线", "考核")}[lang]
    assert all(w in kpis.text for w in words), kpis.text
    assert (kpis.topic, kpis.type, kpis.record, worded([kpis], lang)[0].about) == ("kpi", "text", (), "")
    # the questionnaire has the same row
    rows = layout(qs, lang, "CNY")
    assert [r.question for r in rows if r.field == "kpis"] == [kpis.text]
    # a deal with KPIs, or with none (a known gap), is not asked for the list
    assert "kpis" not in {q.field for q in provider_questions(_decide(_data(FIXTURES / "gold-standard.yaml")), lang)}
    assert "kpis" not in {q.field for q in provider_questions(_decide({**data, "kpis": []}), lang)}
