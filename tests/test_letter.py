"""The letter to the provider in the report (issue #20 item 9): the first three clause fixes of the
negotiation path as requests, then the facts the provider can answer and the deal does not know
(the same selection and texts as `vetting ask`), at most ten in the body and the rest in an annex,
grouped by topic, the most decisive first, no duplicates, every unknown asked and never stated."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from conftest import FIXTURES
from vetting.decide.questions import LETTER_BODY, decisive, provider_questions
from vetting.model.loading import load_deal
from vetting.model.registry import questions as question_texts
from vetting.outputs.report import lookup, render, strings
from vetting.web.assessing import letter as pasted_letter
from vetting.workflows.assess import assessment, decide

TODAY = dt.date(2026, 1, 20)
BUNDLED = sorted(FIXTURES.glob("*.yaml")) + sorted((FIXTURES / "compare").glob("*.yaml"))
SALES = {"gmv", "net_sales", "units"}


def _both(fixture, lang):
    d = decide(load_deal(fixture), today=TODAY)
    return d, assessment(d, lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fixture", BUNDLED, ids=lambda p: p.stem)
def test_the_letter_of_every_fixture(fixture, lang):
    d, a = _both(fixture, lang)
    L = a.letter
    asked = L.questions + L.annex
    assert len(L.questions) <= LETTER_BODY
    assert len({q.field for q in asked}) == len(asked)  # no duplicates
    assert len(set(L.requests)) == len(L.requests) <= 3
    # the requests are the first clause fixes of the negotiation path, in its order
    risk_titles = [f.title for f in a.path if f.status == "risk"]
    assert L.requests == [t for t in risk_titles if t in L.requests][:len(L.requests)]
    assert L.requests == risk_titles[:len(L.requests)] or len(risk_titles) > len(L.requests)
    # every question is the registry's question to the provider, for a fact the deal does not know
    data = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    for q in asked:
        assert q.question == question_texts(lang)[re.sub(r"\[[^\]]*\]", "", q.field)].provider
        assert q.question.endswith(("?", "？", "。", "."))
    # the body holds the most decisive questions; the annex the rest
    ranked = sorted(provider_questions(d, lang), key=lambda q: (decisive(q), q.field))
    assert {q.field for q in L.questions} == {q.field for q in ranked[:LETTER_BODY]}
    assert {q.field for q in asked} == {q.field for q in ranked}
    # no ad-spend question about a sales KPI
    sales = {k["id"] for k in data.get("kpis") or [] if k.get("metric") in SALES}
    assert [q.field for q in asked if any(q.field.startswith(f"kpis[{k}].attribution") for k in sales)] == []


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fixture", BUNDLED, ids=lambda p: p.stem)
def test_the_pasted_letter_asks_and_never_states_an_unknown(fixture, lang):
    d, a = _both(fixture, lang)
    text = pasted_letter(a)
    numbered = [ln.split(". ", 1)[1] for ln in text.splitlines() if re.match(r"^\d+\. ", ln)]
    assert len(numbered) == len(a.letter.requests) + len(a.letter.questions) + len(a.letter.annex)
    # nothing from an open question's rule texts (the old letter's 「请删除这一条」 about a clause marked unknown)
    unknown = [f for f in a.findings if f.status == "unknown"]
    for f in unknown:
        for line in numbered:
            assert f.fix not in line and f.ask not in line
    # the questions come before the closing, the annex after it
    closing = str(lookup(strings(lang), "questions.closing"))
    if a.letter.annex:
        assert text.index(closing) < text.index(str(lookup(strings(lang), "questions.annex")))
    if a.letter.requests or a.letter.questions:
        assert text.count(closing) == 1
    # "And please answer…" only after requests; alone, the questions are introduced plainly
    if a.letter.questions:
        intro = "questions.answers" if a.letter.requests else "questions.answers_only"
        assert str(lookup(strings(lang), intro)) in text


def test_the_seed_letter_reads_as_a_seller_would_send_it():
    d, a = _both(FIXTURES / "linkstar-proposal.yaml", "zh")
    text = pasted_letter(a)
    assert text.startswith("联星出海 LinkStar 您好：")
    assert "首先，请在合同中写明以下几点：" in text
    # the partner badge the SPN directory does not show, in a pitch that guarantees 月销百万, is the blocker to clear first
    assert "1. 服务商资质：签约主体本身在平台官方服务商目录中查得到（或并未宣称此资质）" in text
    assert "2. 账号权限条款：授权合作伙伴或最小权限子账号，两步验证只绑定卖家的手机和设备，不给回款权限" in text
    assert "3. 提成只按超出约定基数的增量GMV计算" in text
    assert "请删除" not in text and "为什么要限制" not in text
    assert "**" not in text  # plain text for WeChat
    body = text[:text.index("谢谢！")]
    assert len(re.findall(r"^\d+\. ", body, re.M)) <= 3 + LETTER_BODY
    assert "关于KPI「月销百万」：" in text


def test_the_html_letter_has_the_same_numbered_questions():
    d, a = _both(FIXTURES / "mostly-unknown.yaml", "en")
    html = render(a, "html")
    section = html[html.index('id="questions"'):html.index('id="own-checks"')]
    assert section.count("<li>") == len(a.letter.requests) + len(a.letter.questions) + len(a.letter.annex)
    assert len(a.letter.questions) == LETTER_BODY and a.letter.annex
