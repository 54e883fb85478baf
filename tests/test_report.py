"""The pre-signing checklist: golden files, string tables, hostile deal text, Chinese
without leftover English, locale formats, and the HTML in a real headless browser.

The test run never writes the golden files. After an intended change, regenerate them
with `PYTHONPATH=src python tests/regen_golden.py` and review `git diff tests/golden/`.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markupsafe import escape
from click.testing import CliRunner

from conftest import FIXTURES, chromium, headless
from regen_golden import GOLDEN_TODAY
from vetting.workflows.assess import assess, assess_file
from vetting.cli import _register, cli
from vetting.model.loading import LoadedDeal
from vetting.model.models import Deal
from vetting.model.registry import notes as field_notes
from vetting.outputs.report import Texts, flat_keys, render, strings

_register()
GOLDEN = Path(__file__).resolve().parent / "golden"
GOLDEN_DEALS = ("linkstar-proposal", "gold-standard")
REGEN_COMMAND = "PYTHONPATH=src python tests/regen_golden.py"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def deal(data: dict, lang: str = "en", today: str | None = None):
    """An assessment of a small deal, reported on ``today`` (default: the deal's as_of)."""
    base = {"id": "t", "as_of": "2026-01-15", "provider": {"name": "P"}}
    data = {**base, **data}
    day = dt.date.fromisoformat(today or data["as_of"])
    return assess(LoadedDeal(Deal.model_validate(data), "t"), lang=lang, today=day)


# -- golden files -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", GOLDEN_DEALS)
def test_report_matches_golden_file(name, lang, fmt):
    text = render(assess_file(FIXTURES / f"{name}.yaml", lang=lang, today=dt.date.fromisoformat(GOLDEN_TODAY)), fmt)
    golden = GOLDEN / f"{name}.{lang}.{fmt}"
    assert golden.exists(), f"{golden} missing; run: {REGEN_COMMAND}"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs from a fresh render; if the change is intended, run: "
        f"{REGEN_COMMAND} and review git diff tests/golden/")


def test_cli_writes_the_same_report_as_the_library(tmp_path):
    out = tmp_path / "r.html"
    seed = str(FIXTURES / "linkstar-proposal.yaml")
    assert run("assess", seed, "--format", "html", "--lang", "zh", "-o", str(out), "--today", GOLDEN_TODAY).exit_code == 0
    assert out.read_text(encoding="utf-8") == (GOLDEN / "linkstar-proposal.zh.html").read_text(encoding="utf-8")
    result = run("assess", seed, "--lang", "zh", "--today", GOLDEN_TODAY)  # Markdown on stdout by default
    assert result.stdout == (GOLDEN / "linkstar-proposal.zh.md").read_text(encoding="utf-8")


# -- string tables ------------------------------------------------------------------------------

def test_both_string_tables_have_exactly_the_same_keys():
    en, zh = flat_keys(strings("en")), flat_keys(strings("zh"))
    assert sorted(en - zh) == [], "keys missing from strings.zh.yaml"
    assert sorted(zh - en) == [], "keys missing from strings.en.yaml"


def test_both_field_tables_have_exactly_the_same_keys():
    assert sorted(set(field_notes("en")) ^ set(field_notes("zh"))) == []


def test_placeholders_agree_between_languages():
    en, zh = strings("en"), strings("zh")
    from vetting.outputs.report import lookup
    for key in flat_keys(en):
        a, b = lookup(en, key), lookup(zh, key)
        if isinstance(a, str) and not key.startswith("format."):  # date patterns may pick their parts
            assert set(re.findall(r"\{(\w+)\}", a)) == set(re.findall(r"\{(\w+)\}", b)), key


def test_every_enum_value_a_reader_sees_is_translated():
    from vetting.rules.rulepack import CATEGORIES, SEVERITIES
    for lang in ("en", "zh"):
        t = strings(lang)
        assert set(t["categories"]) == set(CATEGORIES)
        assert set(t["severity"]) == set(SEVERITIES)
        assert set(t["verdict"]) == set(t["verdict_text"]) == {"proceed", "negotiate", "do_not_sign",
                                                               "insufficient_information"}
        assert set(t["level"]) == {"low", "medium", "high", "critical"}
        assert set(t["status"]) == {"risk", "unknown", "pass", "na"}
        from vetting.rules.scoring import CLAUSE_GROUPS
        assert set(t["clause_group"]) == set(CLAUSE_GROUPS)
        assert set(t["waiver_status"]) == {"applied", "expired", "refused_blocker", "no_finding"}
        assert set(t["cancel"]) - {"heading"} == {"ok", "near", "passed", "renewed"}  # renewed: passed, and the term already ended


def test_templates_hold_no_language_conditionals():
    from vetting.outputs.report import templates_dir
    for path in templates_dir().glob("*.j2"):
        if path.name.startswith("comparison."):
            continue  # the compare helper's
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"lang\s*==", text), f"{path.name}: use the string tables, not `if lang`"


# -- locale formats -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang, date, money, usd", [
    ("en", "Feb 1, 2026", "CN¥120,000", "$1,234.50"),
    ("zh", "2026年2月1日", "¥120,000", "US$1,234.50"),
])
def test_dates_and_money_follow_the_locale(lang, date, money, usd):
    t = Texts(lang, html=False)
    assert t.date("2026-02-01") == date
    assert t.date(dt.date(2026, 2, 1)) == date
    assert t.money(120000, "CNY") == money
    assert t.money(1234.5, "USD") == usd
    assert t.money(10, "THB") == "THB 10"


def test_subjects_and_unknown_facts_are_named_in_words():
    en, zh = Texts("en", False), Texts("zh", False)
    assert en.subject("kpis[gmv-growth]") == "KPI “gmv-growth”"
    assert zh.subject("kpis[gmv-growth]") == "KPI「gmv-growth」"
    assert en.subject("claims[0]") == "claim 1"
    assert zh.subject("track_record.case_studies[1]") == "第 2 个案例"
    assert en.subject("deal") == ""
    assert en.fact("kpis[gmv].target") == "the target number (empty: no number given)"
    assert zh.fact("contract.stop_loss.present") == "合同有止损条款"


# -- content ------------------------------------------------------------------------------------

def test_summary_states_verdict_score_and_counts_in_plain_words():
    md = render(assess_file(FIXTURES / "gold-standard.yaml"), "md")
    assert "**Verdict: Proceed**\n\nNo serious risk found and enough is known" in md
    assert "- **Risk score**: 0.0 / 100 · low\n" in md
    assert "- **Completeness**: 100% of the facts the rules need are known\n" in md
    assert "## Fix these first\n\nNothing adds to the score.\n" in md
    assert "No open question: every fact the rules need is known." in md


def test_fix_first_shows_where_each_fix_takes_the_score_and_the_verdict():
    a = assess_file(FIXTURES / "linkstar-proposal.yaml")
    md = render(a, "md")
    top = md.split("## Fix these first")[1].split("## Contents")[0]
    assert 1 <= len(a.fix_first) <= 5
    for i, r in enumerate(a.fix_first, 1):
        # the share of today's known risk the fix removes: legible where one fix barely moves the headline
        share = "<1%" if 0 < r.share < 0.5 else f"{r.share:.0f}%"
        shown = (f"{i}. **{r.title}** · {', '.join(r.rule_ids)} — **score {a.score:.1f} → {r.score_after:.1f} "
                 f"(−{a.score - r.score_after:.1f}) · removes {share} of the known risk · {r.level_after} · ")
        assert shown in top, shown
        assert 0 < r.share <= 100
    assert len(re.findall(r"^\d\. ", top, re.M)) == len(a.fix_first)
    path = md.split("## Negotiation path")[1].split("## Checklist by area")[0]
    for i, r in enumerate(a.path, 1):
        title = f"Good answer: {r.title}" if r.status == "unknown" else r.title  # an open question answered well
        assert f"| {i} | {title} | {', '.join(r.rule_ids)} | {r.score_after:.1f} |" in path


@pytest.mark.parametrize("lang, letter_h, own_h, seller_words", [
    ("en", "## Questions to send the provider", "## Your own checks", ("the seller", "with your own login", "Check yourself")),
    ("zh", "## 发给服务商的问题", "## 需要自己核实的事项", ("卖家",)),
])
def test_the_letter_asks_the_provider_only_and_the_seller_checks_the_rest_themselves(lang, letter_h, own_h,
                                                                                       seller_words):
    # a seller who knows little yet: the backend-access questions are open, and each has a part only the
    # seller can do (log in with their own account and look)
    a = assess_file(FIXTURES / "mostly-unknown.yaml", lang=lang)
    md = render(a, "md")
    letter = md.split(letter_h)[1].split(own_h)[0]
    own = md.split(own_h)[1].split("\n## ")[0]
    checked = {f.rule_id: f for f in a.findings if f.status == "unknown" and f.check}
    assert {"DATA-001", "DATA-003", "DATA-004"} <= set(checked)
    for f in checked.values():  # the letter asks the registry's provider questions; the checks stay the seller's
        assert f.check in own and f.check not in letter
    for words in seller_words:  # nothing in the letter tells the provider what the seller should do
        assert words not in letter, words
    html = render(a, "html")
    letter_html = html.split('id="questions"')[1].split('id="own-checks"')[0]
    own_html = html.split('id="own-checks"')[1].split("</section>")[0]
    for f in checked.values():
        shown = str(escape(f.check))
        assert shown in own_html and shown not in letter_html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_what_the_letter_quotes_never_speaks_of_the_seller_in_the_third_person(lang):
    # the letter is written by the seller ("we", "our login"): "the seller" in a question or in the evidence
    # asked for is a note meant for the seller that would leak into what the provider reads (platform names
    # such as Seller Central / 卖家中心 aside; the deal's own words, such as a case client "3C卖家", are not
    # rule texts)
    from vetting.text.placeholders import blank
    from vetting.rules.rulepack import core_pack_dir, load_pack
    word = {"en": re.compile(r"\bthe seller\b|\bseller's\b", re.I), "zh": re.compile(r"卖家(?!中心)")}[lang]
    for loaded in load_pack(core_pack_dir()).rules:
        rule = loaded.rule
        texts = [rule.text(lang).ask] + ([] if rule.own_check else [rule.text(lang).evidence])
        for v in rule.variants:
            texts += [getattr(v, lang).ask] + ([] if rule.own_check else [getattr(v, lang).evidence])
        for text in filter(None, texts):
            assert not word.search(blank(text)), (rule.id, text)


def test_every_open_question_is_in_the_numbered_message_and_every_risk_has_a_clause():
    a = assess_file(FIXTURES / "linkstar-proposal.yaml", lang="zh")
    md = render(a, "md")
    letter = md.split("## 发给服务商的问题")[1].split("## 需要自己核实的事项")[0]
    own = md.split("## 需要自己核实的事项")[1].split("## 要求写入合同的条款")[0]
    open_qs = [f for f in a.findings if f.status == "unknown" and not f.waived]
    numbered = re.findall(r"^> (\d+)\. ", letter, re.M)
    # the requests (the path's first clause fixes), then the provider's questions (tests/test_letter.py)
    asked = len(a.letter.requests) + len(a.letter.questions) + len(a.letter.annex)
    assert numbered == [str(i) for i in range(1, asked + 1)]
    # the seller's own checks are a separate list, never in the letter
    own_checks = [f for f in open_qs if f.own_check]
    beside = [f for f in open_qs if f.check]  # the provider sends the evidence; the seller checks it themselves
    assert own_checks and beside and own.count("\n- [ ] **") == len(own_checks) + len(beside)
    for f in beside:
        assert f.check not in letter and f.check in own
    assert "卖家自己" not in letter and "卖家自行" not in letter and "zxgk" not in letter
    assert "zxgk.court.gov.cn" in own
    # items are named by the KPI's name, in plain words, not by internal ids
    assert "关于KPI「月销百万」：" in letter and "[KPI" not in letter
    questions = letter
    assert "> 联星出海 LinkStar 您好：签约前，麻烦书面答复以下问题" in questions
    clauses = md.split("## 要求写入合同的条款")[1].split("### 待确认问题的兜底条款")[0]
    risk_rules = {f.rule_id for f in a.findings if f.status == "risk" and not f.waived}
    assert set(re.findall(r"（([A-Z]+-\d{3})）", clauses)) == risk_rules
    for f in a.findings:
        if f.rule_id in risk_rules and f.status == "risk" and not f.waived:  # each with its own subject filled in
            assert f.fix in md


@pytest.mark.parametrize("as_of, line", [
    ("2026-01-15", "- **Auto-renewal**: The contract renews on Feb 1, 2027 unless you cancel. "
                   "Give notice on or before Jan 1, 2027 (30 days before the term's last day): 351 days left."),
    ("2026-12-20", "- **Auto-renewal**: ⚠ Cancel-by date is close: give notice on or before Jan 1, 2027 "
                   "to stop the renewal on Feb 1, 2027 — only 12 days left."),
    ("2027-01-12", "- **Auto-renewal**: ⚠ The cancel-by date Jan 1, 2027 passed 11 days ago: "
                   "the contract renews on Feb 1, 2027 unless the provider agrees otherwise in writing."),
])
def test_cancel_by_date_warns_when_near_or_passed(as_of, line):
    a = deal({"as_of": as_of, "contract": {"start_date": "2026-02-01", "term_months": 12,
                                           "auto_renewal": {"present": True, "cancel_notice_days": 30}}})
    assert line + "\n" in render(a, "md")


RENEWING = {"contract": {"start_date": "2026-02-01", "term_months": 12,
                         "auto_renewal": {"present": True, "cancel_notice_days": 30}}}


@pytest.mark.parametrize("today,line", [
    ("2026-12-20", "- **Auto-renewal**: ⚠ Cancel-by date is close: give notice on or before Jan 1, 2027 "
                   "to stop the renewal on Feb 1, 2027 — only 12 days left."),
    ("2027-01-12", "- **Auto-renewal**: ⚠ The cancel-by date Jan 1, 2027 passed 11 days ago: "
                   "the contract renews on Feb 1, 2027 unless the provider agrees otherwise in writing."),
    ("2027-03-01", "- **Auto-renewal**: ⚠ The cancel-by date Jan 1, 2027 passed 59 days ago and the contract already "
                   "renewed on Feb 1, 2027: only the provider's written consent ends it before the new term runs out."),
])
def test_days_left_count_from_the_report_date_not_from_as_of(today, line):
    a = deal({"as_of": "2026-01-15", **RENEWING}, today=today)
    md = render(a, "md")
    assert line + "\n" in md
    assert "- **Facts as of**: Jan 15, 2026\n" in md
    assert f"- **Report date**: {Texts('en', False).date(today)}\n" in md
    data = a.to_dict()
    assert data["deal"]["as_of"] == "2026-01-15" and data["report_date"] == today
    assert data["cancel_by"]["days_left"] == (dt.date(2027, 1, 1) - dt.date.fromisoformat(today)).days


def test_a_renewed_contract_is_said_plainly_in_chinese():
    a = deal({"as_of": "2026-01-15", **RENEWING}, "zh", today="2027-03-01")
    assert ("- **自动续约**：⚠ 不续约通知截止日（2027年1月1日）已过去 59 天，合同已于2027年2月1日自动续约；"
            "除非服务商书面同意提前解约，只能等新一期合同到期。\n") in render(a, "md")
    assert "<dt>报告日期</dt><dd>2027年3月1日</dd>" in render(a, "html")


def test_cli_today_sets_the_report_date_and_a_bad_day_is_one_clear_line(tmp_path):
    seed = str(FIXTURES / "linkstar-proposal.yaml")
    result = run("assess", seed, "--format", "json", "--today", "2027-01-10")
    assert result.exit_code == 0
    import json
    data = json.loads(result.stdout)
    assert data["report_date"] == "2027-01-10" and data["deal"]["as_of"] == "2026-01-15"
    assert data["cancel_by"]["status"] == "passed" and data["cancel_by"]["days_left"] == -39
    bad = CliRunner().invoke(cli, ["assess", seed, "--today", "2027-13-01"])
    assert bad.exit_code == 2
    assert "Invalid value for '--today': '2027-13-01' is not a date: expected YYYY-MM-DD, e.g. 2026-03-01" in bad.output
    assert "Traceback" not in bad.output


def test_cancel_by_date_in_chinese():
    a = deal({"as_of": "2026-12-20", "contract": {"start_date": "2026-02-01", "term_months": 12,
                                                  "auto_renewal": {"present": True, "cancel_notice_days": 30}}}, "zh")
    assert ("- **自动续约**：⚠ 不续约通知截止日临近，须在2027年1月1日当日或之前发出通知，否则合同将于2027年2月1日自动续约，"
            "只剩 12 天。\n") in render(a, "md")
    assert '<p class="notice notice-near">' in render(a, "html")


def test_accepted_risks_list_each_waiver_with_reason_who_expiry_and_status():
    a = deal({"fees": {"setup_fee": 10000, "model": "fixed", "base_monthly": 1000},
              "waivers": [{"rule": "KPI-001", "reason": "Budgeted | agreed", "by": "Head of ops", "expires": "2026-06-30"},
                          {"rule": "SEC-001", "reason": "old", "expires": "2025-01-01"}]})
    md = render(a, "md")
    rows = md.split("\n## Accepted risks")[1].split("\n## Questions")[0]
    status = {w.rule: w.status for w in a.waivers}
    words = {"applied": "applied", "expired": "expired: the risk counts again", "no_finding": "not needed: the rule found no risk",
             "refused_blocker": "refused: a blocker cannot be waived"}
    assert f"| KPI-001 | Budgeted \\| agreed | Head of ops | Jun 30, 2026 | {words[status['KPI-001']]} |" in rows
    assert f"| SEC-001 | old | — | Jan 1, 2025 | {words[status['SEC-001']]} |" in rows
    html = render(a, "html")
    assert "<td>Budgeted | agreed</td><td>Head of ops</td><td>Jun 30, 2026</td>" in html


def test_html_shows_severity_by_colour_and_text_and_collapses_passes():
    html = render(assess_file(FIXTURES / "linkstar-proposal.yaml"), "html")
    assert '<span class="sev sev-high">High</span>' in html
    assert '<span class="st st-risk">✖ Risk</span>' in html
    assert "<details>\n  <summary>✔ Passed checks (" in html
    assert re.search(r"@media print \{.*break-before: page", html, re.S)
    assert "break-inside: avoid" in html and re.search(r"@page \{\s*size: A4", html)
    assert 'content: counter(page) " / " counter(pages)' in html  # page numbers in print
    assert '"Noto Sans CJK SC"' in html and '<html lang="en">' in html


def test_html_is_self_contained():
    html = render(assess_file(FIXTURES / "linkstar-proposal.yaml", lang="zh"), "html")
    assert '<html lang="zh-CN">' in html
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "@import" not in html and "url(" not in html


# -- hostile deal text --------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} </td> {% raw %}"


@pytest.fixture(scope="module")
def hostile():
    return deal({"title": HOSTILE, "provider": {"name": HOSTILE}, "seller": {"name": HOSTILE},
                 "claims": [{"text": HOSTILE, "guaranteed": True, "in_contract": False}],
                 "waivers": [{"rule": "KPI-001", "reason": HOSTILE, "by": HOSTILE}]})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_text_is_escaped_in_html(hostile, lang):
    html = render(hostile, "html", lang)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &lt;/td&gt; {% raw %}"
    assert "<script>" not in html and "</td> {%" not in html
    assert html.count(escaped) >= 6  # title, h1, header, provider, seller, waiver reason and by, greeting
    assert "<title>" + ("Pre-signing checklist: " if lang == "en" else "签约前风险核查清单：") + escaped + "</title>" in html
    assert "{{ 49 }}" not in html and " 49 " not in html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_text_is_not_evaluated_in_markdown(hostile, lang):
    md = render(hostile, "md", lang)
    provider = "Provider" if lang == "en" else "服务商"
    sep = ": " if lang == "en" else "："
    shown = "\\<script\\>alert(1)\\</script\\> {{ 7\\*7 }} \\</td\\> {% raw %}"
    assert f"- **{provider}**{sep}{shown}\n" in md
    assert md.count(shown) >= 4 and HOSTILE not in md
    assert " 49 " not in md


# Markup a Markdown viewer would act on: raw HTML, an entity, a link or image, code, emphasis.
MD_HOSTILE = ("<script>alert(1)</script><img src=x onerror=alert(2)> &lt;b&gt; [click](javascript:alert(3)) "
              "![i](x) `code` **bold** _em_ ~~s~~ a|b")


def _hostile_everywhere(data, path=""):
    """gold-standard.yaml with every free-text value (the ones a deal file may fill with any text)
    replaced by MD_HOSTILE tagged with its path, so that a miss names the field."""
    if isinstance(data, dict):
        return {k: _hostile_everywhere(v, f"{path}.{k}" if path else k) for k, v in data.items()}
    if isinstance(data, list):
        return [_hostile_everywhere(v, f"{path}[{i}]") for i, v in enumerate(data)]
    if isinstance(data, str):
        return f"{MD_HOSTILE} #{path}"
    return data


def _every_text_field_hostile() -> tuple[Deal, list[str]]:
    import yaml

    base = yaml.safe_load((FIXTURES / "gold-standard.yaml").read_text(encoding="utf-8"))
    base.setdefault("claims", []).append({"text": "x", "guaranteed": True, "in_contract": False})
    base["waivers"] = [{"rule": "KPI-001", "reason": "x", "by": "x"}]
    hostile = _hostile_everywhere(base)
    kept, fields = base, []
    # keep a hostile value only where the deal format takes free text (ids, enums, dates refuse it)
    def leaves(d, h, path=""):
        if isinstance(d, dict):
            for k in d:
                yield from leaves(d[k], h[k], f"{path}.{k}" if path else k)
        elif isinstance(d, list):
            for i, (x, y) in enumerate(zip(d, h)):
                yield from leaves(x, y, f"{path}[{i}]")
        elif isinstance(d, str):
            yield path, h

    import copy
    for path, value in list(leaves(base, hostile)):
        trial = copy.deepcopy(kept)
        node, keys = trial, re.findall(r"[^.\[\]]+", path)
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        last = keys[-1]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
        try:
            Deal.model_validate(trial)
        except Exception:
            continue
        kept = trial
        fields.append(path)
    return Deal.model_validate(kept), fields


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_escapes_hostile_text_in_every_text_field_of_the_deal(lang):
    d, fields = _every_text_field_hostile()
    # the text fields a seller's deal file may fill: the title, names, claims, KPI names and formulas,
    # case studies, waivers …
    for must in ("title", "provider.name", "seller.name", "claims[0].text", "kpis[0].name", "kpis[0].formula",
                 "track_record.case_studies[0].client", "waivers[0].reason", "waivers[0].by"):
        assert must in fields, must
    md = render(assess(LoadedDeal(d, "t"), lang=lang), "md")
    # no markup character from the deal is left unescaped (a backslash before it makes it text)
    for raw in (r"<", r"&lt;", r"\]\(javascript", r"!\[", r"`code", r"\*\*bold", r"_em", r"~~s", r"a\|b"):
        assert not re.search(r"(?<!\\)" + raw, md), raw
    shown = ("\\<script\\>alert(1)\\</script\\>\\<img src=x onerror=alert(2)\\> \\&lt;b\\&gt; "
             "[click\\](javascript:alert(3)) \\![i\\](x) \\`code\\` \\*\\*bold\\*\\* \\_em\\_ \\~\\~s\\~\\~ a\\|b")
    assert shown in md
    # every field that the report shows is shown escaped: its tag follows the escaped text
    for path in ("title", "provider.name", "seller.name", "waivers[0].reason", "waivers[0].by"):
        assert f"{shown} #{path}" in md, path
    # and the HTML report escapes the same deal
    html = render(assess(LoadedDeal(d, "t"), lang=lang), "html")
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html


def test_markdown_escaping_keeps_plain_text_and_blanks_readable():
    from vetting.outputs.report import md_code, md_escape

    assert md_escape("Agencies & Services: [x] % of 5 (see 1.)") == "Agencies & Services: [x] % of 5 (see 1.)"
    assert md_escape("1. first") == "1\\. first" and md_escape("- second") == "\\- second"
    assert md_escape("# third") == "\\# third" and md_escape("[a]: javascript:x") == "\\[a]: javascript:x"
    # a value stays on its line: its line breaks are folded, so nothing in it starts a block
    assert md_escape("first\r\n- second\r# third\n===") == "first - second # third ==="
    assert md_escape("代运营「月销 45 万」") == "代运营「月销 45 万」"
    assert md_code("a`b") == "``a`b``" and md_code("kpis[gmv].target") == "`kpis[gmv].target`"


def test_markdown_escaping_returns_a_value_as_it_is_only_when_no_substitution_would_change_it():
    """md_escape's fast path (one search) against the four substitutions it skips, on random strings made of
    every character the substitutions and io.visible touch, Chinese and plain text."""
    import random

    from vetting.io.visible import visible
    from vetting.text import tables

    def substituted(value):
        text = tables._MD_BREAK.sub(" ", value)
        text = tables._MD_SPECIAL.sub(lambda m: "\\" + m.group(0), visible(text))
        return tables._MD_LINE_START.sub(tables._line_start, text)

    pieces = list("ab 19.)-+*=#[]()!&;<>|~_`\\\t\n\r\v\f\x85\u2028\u2029\x00\x1b\x1c\x7f\x9b\u202e\u2066\u3000\xa0中文，。")
    pieces += ["&amp;", "&#1;", "12.", "1)", "  -", "[x]", "![", "]("]
    rng = random.Random(19)
    for _ in range(20000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        assert tables.md_escape(value) == substituted(value), repr(value)


# -- Chinese without leftover English -----------------------------------------------------------

# Latin words a Chinese report may hold: proper names, standard abbreviations and codes, the
# format's own values (ad_spend_pct …). Anything else is English left over from a template.
ALLOWED_LATIN = {"vetting", "vetting/assessment@2", "KPI", "GMV", "ISO", "CNY", "USD", "EUR", "US", "DE", "JP",
                 "GDPR", "SPN", "TikTok", "Shop", "Listing", "A", "A+", "Companies", "House", "YYYY-MM-DD",
                 "ACoS", "TACoS", "ROAS", "ERP"}  # ad metrics as Chinese sellers write them (the because line); ERP (a data source)


def _neutral(a):
    """The same assessment with every text that comes from the deal or the rules replaced by Chinese,
    so that any Latin word left in the output came from the templates."""
    from dataclasses import replace

    zh = "中文"
    findings = [replace(f, **{k: zh for k in ("title", "why", "ask", "evidence", "fix", "assumes")}) for f in a.findings]
    fix_first = [replace(r, title=zh) for r in a.fix_first]
    path = [replace(r, title=zh) for r in a.path]
    waivers = [replace(w, reason=zh, by=zh) for w in a.waivers]
    info = replace(a.deal, title=zh, seller=zh)
    return replace(a, findings=findings, fix_first=fix_first, path=path, waivers=waivers, deal=info, provider=zh)


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("name", GOLDEN_DEALS + ("mostly-unknown",))
def test_chinese_report_has_no_untranslated_template_text(name, fmt):
    text = render(_neutral(assess_file(FIXTURES / f"{name}.yaml", lang="zh")), fmt)
    if fmt == "html":
        text = text.split("<body>", 1)[1]  # the <style> block is CSS, not reader text
        text = re.sub(r"<code>.*?</code>", " ", text)
        text = re.sub(r'<span class="rid">.*?</span>', " ", text)
        text = re.sub(r"<[^>]+>", " ", text)
    else:
        text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\b[A-Z]{2,6}-\d{3}\b", " ", text)  # rule ids
    text = re.sub(r"「[^」]*」", " ", text)  # KPI ids, as the user wrote them
    text = re.sub(r"\b[a-z0-9_-]+@\d+\.\d+\.\d+\b", " ", text)  # rule pack labels
    words = {w for w in re.findall(r"[A-Za-z][A-Za-z0-9_./@+-]*", text) if "_" not in w} - ALLOWED_LATIN
    assert sorted(words) == []
    # and none of the English table's sentences slipped through
    en_texts = [v for v in _values(strings("en")) if isinstance(v, str) and len(v) > 12 and " " in v]
    assert [t for t in en_texts if t in text] == []


def _values(table):
    for v in table.values():
        if isinstance(v, dict):
            yield from _values(v)
        else:
            yield v


def test_rule_page_uses_the_string_tables():
    zh = run("rules", "show", "KPI-001", "--lang", "zh").stdout
    assert "**风险在哪**：" in zh and "**建议写入合同的条款**：" in zh and "Why it matters" not in zh
    en = run("rules", "show", "KPI-001").stdout
    assert en.startswith("# KPI-001 — ") and "**Why it matters**: " in en and "**Sources**:" in en


# -- the HTML in a real browser -----------------------------------------------------------------



@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.slow
def test_html_renders_and_prints_in_headless_chromium(tmp_path, lang, width):
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium binary (apt-get install chromium) for the end-to-end HTML test")
    page = tmp_path / "report.html"
    page.write_text(render(assess_file(FIXTURES / "linkstar-proposal.yaml", lang=lang), "html"), encoding="utf-8")
    pdf, png = tmp_path / "report.pdf", tmp_path / "report.png"
    for extra in ([f"--print-to-pdf={pdf}", "--no-pdf-header-footer"],
                  [f"--screenshot={png}", f"--window-size={width},{int(width * 2.16)}"]):
        headless(browser, page, tmp_path / "profile", *extra)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert pages >= 10  # the summary, one page per area, the questions and the clauses
    assert b"/MediaBox [0 0 594.95996 841.91998]" in data or b"595" in data  # A4
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000
    dom = headless(browser, page, tmp_path / "profile", "--dump-dom")
    verdict = "Verdict: Do not sign" if lang == "en" else "结论：不建议签约"
    assert verdict in dom.decode("utf-8")


@pytest.mark.parametrize("name", GOLDEN_DEALS)
def test_html_tags_are_balanced(name):
    from html.parser import HTMLParser

    class Check(HTMLParser):
        void = {"meta", "br", "img", "link", "input", "hr", "wbr"}

        def __init__(self):
            super().__init__()
            self.stack, self.errors = [], []

        def handle_starttag(self, tag, attrs):
            if tag not in self.void:
                self.stack.append(tag)

        def handle_endtag(self, tag):
            if self.stack and self.stack[-1] == tag:
                self.stack.pop()
            else:
                self.errors.append((tag, self.getpos()))

    for lang in ("en", "zh"):
        check = Check()
        check.feed(render(assess_file(FIXTURES / f"{name}.yaml", lang=lang), "html"))
        assert check.errors == [] and check.stack == []


# -- not applicable and assumed findings (JUDGMENT.md) ------------------------------------------

def _app_pack(tmp_path):
    from test_reference import PACK

    for name, text in PACK.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return str(tmp_path)


def test_not_applicable_rules_are_listed_apart_and_never_counted_as_passed(tmp_path):
    from vetting.workflows.assess import assess
    from vetting.model.loading import validate

    pack = _app_pack(tmp_path)
    deal = validate({"id": "saas", "provider": {"name": "P", "kind": "saas"}, "contract": {"stop_loss": {"present": False}},
                     "as_of": "2026-01-15"}, "x")
    # the core pack's EXIT-001..004 and the exit-fee formulas (EXIT-013/014: a software plan is bought whole) do
    # not apply to a software subscription either: 7 in the exit area
    for lang, heading, line in (("en", "#### Not applicable (7)", "- – APP-001 · No stop-loss exit when KPIs are missed"),
                                ("zh", "#### 不适用（7 项）", "- – APP-001 · KPI不达标时没有止损解约条款")):
        a = assess(deal, rules=(pack,), lang=lang)
        f = next(f for f in a.findings if f.rule_id == "APP-001")
        assert (f.status, f.points) == ("na", 0.0)
        assert a.categories["exit"].not_applicable == 7
        md = render(a, "md")
        exit_area = md.split("### " + strings(lang)["categories"]["exit"])[1].split("\n### ")[0]
        assert heading in exit_area and line in exit_area
        passed = exit_area.split(heading)[0]
        assert "APP-001" not in passed
        html = render(a, "html")
        assert strings(lang)["category"]["not_applicable"].format(count=7) in html


def test_a_risk_that_assumed_applicability_says_what_it_assumed(tmp_path):
    from vetting.workflows.assess import assess
    from vetting.model.loading import validate

    pack = _app_pack(tmp_path)
    deal = validate({"id": "unknown-kind", "provider": {"name": "P"}, "contract": {"stop_loss": {"present": False}},
                     "as_of": "2026-01-15"}, "x")
    a = assess(deal, rules=(pack,))
    f = next(f for f in a.findings if f.rule_id == "APP-001")
    assert f.status == "risk" and f.points > 0 and f.assumed
    assert f.assumes == "Assumed the provider is not a software vendor; fill in provider.kind to be sure."
    md = render(a, "md")
    assert "  - *Assumed*: Assumed the provider is not a software vendor; fill in provider.kind to be sure.\n" in md
    assert "<dt>Assumed</dt><dd>Assumed the provider is not a software vendor" in render(a, "html")


def test_the_path_shows_clauses_all_and_answers_up_to_eight():
    a = assess_file(FIXTURES / "mostly-unknown.yaml")
    assert a.verdict == "insufficient_information" and all(s.status == "unknown" for s in a.path)
    md = render(a, "md")
    path = md.split("## Negotiation path")[1].split("## Checklist by area")[0]
    rows = re.findall(r"^\| (\d+) \| Good answer: ", path, re.M)
    changes = [i for i, s in enumerate(a.path, 1) if s.verdict_after != (a.path[i - 2].verdict_after if i > 1 else a.verdict)]
    assert rows == [str(i) for i in sorted(set(range(1, 9)) | set(changes))]
    assert f"… and {len(a.path) - len(rows)} more good answers to get (not shown)" in path
    full = render(assess_file(FIXTURES / "linkstar-proposal.yaml"), "md")
    assert len(re.findall(r"^\| \d+ \| ", full.split("## Negotiation path")[1], re.M)) == len(
        assess_file(FIXTURES / "linkstar-proposal.yaml").path)


# -- blanks filled from the deal (placeholders.py) ----------------------------------------------

SHOP = {"currency": "CNY", "seller": {"name": "深圳小店", "monthly_gmv": 620000},
        "fees": {"model": "base_plus_commission", "base_monthly": 8000, "commission_pct": 6,
                 "commission_basis": "total_gmv"},
        "claims": [{"text": "保你三个月月销翻倍", "guaranteed": True, "in_contract": False}],
        "kpis": [{"id": "gmv", "name": "月销售额"}]}


def _finding(a, rule_id):
    return next(f for f in a.findings if f.rule_id == rule_id and f.status != "pass")


def test_worked_examples_and_clauses_use_the_deals_own_figures_and_words():
    en, zh = deal(SHOP), deal(SHOP, "zh")
    assert ("A 6% commission on total GMV of CN¥620,000 a month is CN¥37,200 a month, paid mainly for sales"
            in _finding(en, "FEE-002").why)
    assert "月销¥620,000、按总GMV抽6%，每月提成就是¥37,200，主要是为店铺原有的销售买单" in _finding(zh, "FEE-002").why
    assert ('"The result promised in the pitch, 保你三个月月销翻倍, is a KPI of this contract, measured as set out'
            in _finding(en, "KPI-016").fix)
    assert "「乙方宣传中承诺的结果『保你三个月月销翻倍』列为本合同KPI，按附件一口径考核。" in _finding(zh, "KPI-016").fix
    assert _finding(en, "KPI-002").fix.startswith('"KPI 月销售额: target [number] (')
    assert _finding(zh, "KPI-002").fix.startswith("「KPI月销售额：目标值为【数值】")
    # the Markdown and HTML reports show the filled texts (the JSON too: they are the assessment's)
    assert "CN¥620,000 a month is CN¥37,200 a month" in render(en, "md")
    assert "月销¥620,000、按总GMV抽6%" in render(zh, "html")


def test_an_unknown_value_leaves_the_blank_a_reader_fills_in():
    shop = {**SHOP, "fees": {**SHOP["fees"], "commission_pct": None}, "kpis": [{"id": "gmv"}]}
    shop["seller"] = {"monthly_gmv": 620000}
    a = deal(shop)
    # no rate: the worked example stays the generic one, never half the deal's figures
    fee = [f for f in a.findings if f.rule_id == "FEE-002"]
    for f in fee:
        assert "{" not in f.why and "620,000" not in f.why
    assert _finding(a, "KPI-002").fix.startswith('"KPI gmv: target [number]')  # a KPI without a name: its id


def test_every_placeholder_in_the_bundled_rules_is_known_and_has_a_fallback_in_both_languages():
    from vetting.text.placeholders import NAMES, PLACEHOLDER, blank
    from vetting.engine.ruleset import get_ruleset

    seen = set()
    for lr in get_ruleset().rules:
        for (lang, _variant), texts in lr.templated.items():
            for text in texts:
                for m in PLACEHOLDER.finditer(text or ""):
                    assert m.group(1) in NAMES, (lr.id, m.group(0))
                    assert m.group(2).strip(), (lr.id, m.group(0))
                    seen.add((lr.id, m.group(1), lang))
                assert "{" not in blank(text or "").replace("{{", "")
    for rid, name in (("KPI-016", "claim_text"), ("FEE-002", "commission"), ("KPI-002", "kpi_name")):
        assert {(rid, name, "en"), (rid, name, "zh")} <= seen


# -- PDF ------------------------------------------------------------------------------------------

def test_pdf_opens_with_chinese_text_embedded_fonts_a4_pages_and_bookmarks(tmp_path):
    from vetting.outputs import pdf

    if pdf.engine() is None:
        pytest.skip("no PDF engine: apt-get install chromium fonts-noto-cjk, or pip install 'vetting[pdf]'")
    if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdftotext, pdffonts) not installed")
    out = tmp_path / "report.pdf"
    seed = str(FIXTURES / "linkstar-proposal.yaml")
    result = run("assess", seed, "--format", "pdf", "--lang", "zh", "-o", str(out), "--today", GOLDEN_TODAY)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, timeout=60).stdout.decode()
    assert "签约前风险核查清单：联星出海 LinkStar 全店代运营方案" in text
    assert "结论：不建议签约" in text and "发给服务商的问题" in text and "要求写入合同的条款" in text
    assert re.search(r"\b1 / (\d+)\b", text), "page numbers"
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, timeout=60).stdout.decode().splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # every font embedded (the emb column)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, timeout=60).stdout.decode()
    assert "(A4)" in info
    if pdf.engine() == "chromium":
        assert b"/Outlines" in data  # bookmarks from the headings
    # a one-page summary first (verdict, score, cancel-by, three things to do, the top fixes), then the contents
    page1 = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(out), "-"], capture_output=True,
                           timeout=60).stdout.decode()
    for part in ("结论：不建议签约", "93.8 / 100", "不续约通知截止日临近", "签约前先做这几件事", "先改这几项", "1. 服务商资质", "2. 账号权限条款"):
        assert part in page1, part
    page2 = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", str(out), "-"], capture_output=True,
                           timeout=60).stdout.decode()
    assert page2.lstrip().startswith("目录")


@pytest.mark.parametrize("lang,before,toc", [("en", "### Before you sign", "## Contents"),
                                              ("zh", "### 签约前先做这几件事", "## 目录")])
def test_summary_lists_three_things_to_do_before_signing_then_the_contents(lang, before, toc):
    a = assess_file(FIXTURES / "linkstar-proposal.yaml", lang=lang)
    md = render(a, "md")
    assert md.index("## " + ("Summary" if lang == "en" else "结论摘要")) < md.index(before) < md.index(toc)
    todo = md.split(before)[1].split(toc)[0]
    assert todo.count("\n- [ ] ") == 3
    assert a.path[0].title in todo and a.path[2].title in todo
    contents = md.split(toc)[1].split("\n## ")[0]
    headings = re.findall(r"^## (.+)$", md.split(toc)[1], re.M)
    links = re.findall(r"^\d+\. \[(.+?)\]\(#(.+?)\)$", contents, re.M)
    assert [h for h, _ in links] == [h for h in headings if not h.startswith(("Contents", "目录"))][:7]
    assert ("Questions to send the provider", "questions-to-send-the-provider") in links or \
        ("发给服务商的问题", "发给服务商的问题") in links
    html = render(a, "html")
    assert '<nav class="toc">' in html and '<a href="#own-checks">' in html and 'id="own-checks"' in html


def test_pdf_without_an_engine_says_what_to_install(tmp_path, monkeypatch):
    from vetting.outputs import pdf

    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    monkeypatch.setattr(pdf, "_weasyprint", lambda: None)
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(cli, ["assess", str(FIXTURES / "linkstar-proposal.yaml"), "--format", "pdf",
                                      "-o", str(out)])
    assert result.exit_code == 2
    assert result.output.strip() == ("vetting: --format pdf needs a PDF engine: install Chromium (e.g. apt-get "
                                     "install chromium fonts-noto-cjk) or WeasyPrint (pip install 'vetting[pdf]')")
    assert not out.exists()


@pytest.mark.parametrize("lang, check, answer", [
    ("en", "Check it yourself: ", "Get a written answer: "),
    ("zh", "自己核实：", "请服务商书面确认："),
])
def test_before_you_sign_says_check_it_yourself_for_a_question_only_the_seller_can_settle(lang, check, answer):
    # a registry search is not something to get the provider to confirm in writing
    import dataclasses

    a = assess_file(FIXTURES / "mostly-unknown.yaml", lang=lang)
    own = next(f for f in a.findings if f.status == "unknown" and f.own_check)
    asked = next(f for f in a.findings if f.status == "unknown" and not f.own_check)
    steps = [dataclasses.replace(a.path[0], rule_ids=[f.rule_id], status="unknown", title=f.title)
             for f in (own, asked)]
    a = dataclasses.replace(a, path=steps)
    for fmt in ("md", "html"):
        page = render(a, fmt)
        shown = (lambda x: str(escape(x))) if fmt == "html" else (lambda x: x)
        assert shown(f"{check}{own.title}") in page and shown(f"{answer}{asked.title}") in page, fmt


def test_a_findings_link_survives_a_reordered_deal():
    """A link to a finding about a claim or a case study (shared, bookmarked, in a review comment) points at
    the same finding when the seller lists the claims the other way round: the anchor is named by the
    record's name, never by its place (no `claims[1]`), and every link in the page has its target."""
    import yaml

    data = yaml.safe_load((FIXTURES / "linkstar-proposal.yaml").read_text(encoding="utf-8"))
    flipped = {**data, "claims": data["claims"][::-1],
               "track_record": {**data["track_record"], "case_studies": data["track_record"]["case_studies"][::-1]}}
    pages = [render(assess(LoadedDeal(Deal.model_validate(d), "deal.yaml"), today=dt.date(2026, 1, 20)), "html")
             for d in (data, flipped)]
    ids = [re.findall(r'<div class="finding [^"]*" id="([^"]+)"', p) for p in pages]
    assert ids[0] == ids[1] and len(ids[0]) == len(set(ids[0]))
    records = [i for i in ids[0] if re.search(r"-(claims|case_studies)-[0-9a-f]{8}$", i)]
    assert len(records) >= 4 and not [i for i in ids[0] if re.search(r"\[\d+\]", i)]
    for page, found in zip(pages, ids):
        assert set(re.findall(r'href="#(f-[^"]+)"', page)) <= set(found)
    # each anchor names the same finding, about the same claim or case study, in both orders
    for anchor in records:
        blocks = [p.split(f'id="{anchor}"', 1)[1].split("</div>", 1)[0] for p in pages]
        assert blocks[0] == blocks[1] and re.search("保你月销百万|三个月内做到类目前十|3C卖家|家居卖家", blocks[0])
