"""Issue 24 item 6: `vetting assess --summary` is a one-page summary to forward (md, html, pdf: one A4
page, printed by Chromium and counted with pdfinfo), and `vetting addendum` gives the clauses alone as
a numbered contract addendum naming the parties and the deal (md, html, pdf, docx)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from needs import chromium_path, poppler
from vetting.outputs.addendum import build, render_addendum
from vetting.workflows.assess import assess_file
from vetting.cli import _register, cli

_register()
ROOT = Path(__file__).resolve().parents[1]
DEAL = Path(__file__).parent / "data" / "users" / "renewing-rank-package.yaml"
RULE_ID = re.compile(r"\b[A-Z]{2,5}-\d{3}\b")


def _run(*args):
    r = CliRunner().invoke(cli, [str(a) for a in args])
    assert r.exit_code == 0, r.output
    return r.output


@pytest.mark.parametrize("lang, words", [
    ("en", ["# Deal summary: 亚马逊家居店铺代运营（含冲排名）", "**Verdict: Do not sign**",
            "✖ **The provider wants the primary (main) store login** (SEC-001)",
            "Some of these blockers are what the provider itself does, which no clause fixes: walk away",
            "Auto-renewal", "vetting addendum"]),
    ("zh", ["# 交易摘要：亚马逊家居店铺代运营（含冲排名）", "**结论：不建议签约**",
            "✖ **服务商要求交出店铺主账号**（SEC-001）",
            "其中有的一票否决项是服务商自身的做法，不是改合同条款能解决的：建议放弃", "自动续约", "vetting addendum"]),
])
def test_the_summary_in_markdown_is_short_and_names_things_by_title(lang, words):
    text = _run("assess", DEAL, "--summary", "--lang", lang, "--today", "2027-01-20")
    for w in words:
        assert w in text, w
    assert len(text.splitlines()) < 60
    # the provider offers paid reviews and fake orders: reasons to walk away, so no fix is offered
    assert "## " + ("What to fix first" if lang == "en" else "先改这几条") not in text
    assert "## " + ("Clauses to request" if lang == "en" else "要求写入合同的条款") not in text


def test_summary_has_no_json_form():
    r = CliRunner().invoke(cli, ["assess", str(DEAL), "--summary", "--format", "json"])
    assert r.exit_code == 2 and "--summary" in r.output


@pytest.mark.slow
@pytest.mark.parametrize("deal", [DEAL, ROOT / "fixtures" / "mostly-unknown.yaml", ROOT / "fixtures" / "linkstar-proposal.yaml"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_summary_pdf_is_one_page(deal, lang, tmp_path, monkeypatch):
    monkeypatch.setenv("VETTING_CHROMIUM", chromium_path())
    poppler()
    out = tmp_path / "summary.pdf"
    _run("assess", deal, "--summary", "--format", "pdf", "--lang", lang, "-o", out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    a = assess_file(str(deal), lang=lang)
    verdict = {"en": "Verdict", "zh": "结论"}[lang]
    assert verdict in text
    for f in a.findings:
        if f.rule_id in a.blockers[:3] and f.status == "risk":
            assert f.title[:12] in text.replace("\n", "")


def test_the_addendum_numbers_every_clause_and_names_the_parties():
    a = assess_file(str(DEAL))
    d = build(a)
    numbers = [c.number for c in d.risks + d.protective]
    assert numbers == list(range(1, len(numbers) + 1)) and len(d.risks) >= 10
    md = render_addendum(a, "md")
    assert md.startswith("# Addendum to the contract\n")
    assert "between 深圳某家居用品公司 (the Seller) and 星辰跨境代运营 (the Provider)" in md
    assert "home-rank-2026" in md
    # clauses alone: no checklist ids, no advice around a clause, no quotation marks left around one
    body = md.split("## ", 1)[1]
    assert not RULE_ID.search(body)
    assert "Do not sign while" not in md and "Either the provider takes" not in md
    # the account-access clause (SEC-001, a blocker) comes first, then the review and order-manipulation bans
    assert re.search(r"^4\. The Provider shall not, directly or through third parties, place", md, re.M)
    zh = render_addendum(assess_file(str(DEAL), lang="zh"), "md")
    assert "本补充协议由深圳某家居用品公司（以下简称「甲方」）与星辰跨境代运营（以下简称「乙方」）" in zh
    assert "只要对方还在推这类服务" not in zh and not re.search(r"^\d+\. 「", zh, re.M)


# what else a contract might call the two parties; the addendum defines one name for each
OTHER_NAMES = {"en": re.compile(r"\b(?:the|The) (?:Client|Customer|Merchant|Agency|Company|Contractor|Supplier|"
                                r"Service Provider|Operator|Vendor)\b"),
               "zh": re.compile(r"委托方|受托方|服务方|客户方|商家方|代运营方(?!案)|卖方|买方|我方|贵方")}
EVERY_DEAL = sorted((ROOT / "fixtures").glob("*.yaml")) + sorted((ROOT / "fixtures" / "cases").glob("*.yaml")) \
    + [DEAL]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_addendum_calls_each_party_by_one_name(lang):
    """"the Seller" / "the Provider" (甲方 / 乙方) from the first paragraph to the signatures, in every
    clause of every bundled deal: never "the Client" for the seller in one clause and "the Seller" in
    the next."""
    seller, provider = {"en": ("the Seller", "the Provider"), "zh": ("「甲方」", "「乙方」")}[lang]
    found = {}
    for path in EVERY_DEAL:
        d = build(assess_file(str(path), lang=lang))
        assert seller in d.intro and provider in d.intro
        for c in d.risks + d.protective:
            if c.rule_id != "REN-004":  # its fix is the notice of non-renewal, in the seller's own voice (我方)
                found.update({f"{path.name} {c.rule_id}": m.group() for m in [OTHER_NAMES[lang].search(c.text)] if m})
    assert found == {}


def test_the_addendum_as_a_word_document(tmp_path):
    out = tmp_path / "addendum.docx"
    _run("addendum", DEAL, "--format", "docx", "--lang", "zh", "-o", out)
    doc = docx.Document(str(out))
    paras = [p.text for p in doc.paragraphs if p.text.strip()]
    assert paras[0] == "合同补充协议"
    assert paras[1].startswith("本补充协议由深圳某家居用品公司")
    clauses = [p for p in paras if re.match(r"\d+\. ", p)]
    assert [int(p.split(".")[0]) for p in clauses] == list(range(1, len(clauses) + 1))
    assert "乙方不得" in clauses[0]
    signatures = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert any("深圳某家居用品公司" in s for s in signatures) and any("星辰跨境代运营" in s for s in signatures)


def test_the_addendum_in_html_and_a_deal_without_clauses(tmp_path):
    html = render_addendum(assess_file(str(DEAL)), "html")
    assert '<ol class="clauses" start="1">' in html and "<h1>Addendum to the contract</h1>" in html
    gold = render_addendum(assess_file(str(ROOT / "fixtures" / "gold-standard.yaml")), "md")
    assert "## Signatures" in gold


def test_both_summary_tables_hold_the_same_keys():
    from vetting.outputs.report import flat_keys
    from vetting.outputs.summary import summary_texts

    assert flat_keys(summary_texts("en", False).table) == flat_keys(summary_texts("zh", False).table)
