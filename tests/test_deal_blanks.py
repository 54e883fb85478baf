"""Blanks in the KPI, exit and renewal rules filled from the deal (placeholders.py):
the Markdown report shows the deal's own value where the blank was, in English and Chinese, and the
blank a reader fills in by hand when the deal does not know the value."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from vetting.cli import _register, cli
from vetting.text.placeholders import NAMES

_register()
ROOT = Path(__file__).resolve().parent.parent

# A seller's own deal file, written as docs/deal-format.md describes it.
SHOP = """\
id: shenzhen-shop
title: 深圳小店 亚马逊代运营
currency: CNY
as_of: 2026-01-20
seller: {name: 深圳小店, monthly_gmv: 300000, inventory_cover_days: 20, platforms: [amazon]}
provider: {name: 某某代运营, kind: store_operation}
contract:
  written: true
  start_date: 2025-04-01
  term_months: 12
  auto_renewal: {present: true, renewal_term_months: 12, cancel_notice_days: 45}
  stop_loss: {present: true, threshold_pct: 60, consecutive_periods: 3, period: month, no_fault_exit: false}
  termination: {for_convenience: false, early_termination_fee: 90000, handover: true, access_removal_days: 10}
  milestones: [{month: 3, acceptance: 甲方满意}]
fees: {model: base_plus_commission, base_monthly: 10000, commission_pct: 5, commission_basis: total_gmv,
       prepaid_months: 2, refundable_on_exit: false}
kpis:
  - {id: gmv, name: 月销售额, metric: gmv, target: 700000, target_kind: absolute, baseline: 300000, period: month,
     data_source: seller_central}
"""


def report(tmp_path: Path, text: str, lang: str, name: str = "deal") -> tuple[str, dict]:
    """The Markdown report and the JSON assessment of a deal file, made on the deal's as_of."""
    src = tmp_path / f"{name}.yaml"
    src.write_text(text, encoding="utf-8")
    out = {}
    for fmt in ("md", "json"):
        dest = tmp_path / f"{name}.{lang}.{fmt}"
        result = CliRunner().invoke(cli, ["assess", str(src), "--lang", lang, "--format", fmt, "-o", str(dest),
                                          "--today", "2026-01-20"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        out[fmt] = dest.read_text(encoding="utf-8")
    return out["md"], json.loads(out["json"])


def finding(assessment: dict, rule_id: str, subject: str | None = None) -> dict:
    return next(f for f in assessment["findings"]
                if f["rule_id"] == rule_id and f["status"] in ("risk", "unknown")
                and (subject is None or f["subject"] == subject))


def in_md(md: str, text: str) -> bool:
    """``text`` appears in the Markdown report (Markdown escapes aside)."""
    return text in re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~])", r"\1", md)


def test_renewal_notice_carries_the_deals_dates_and_party_names(tmp_path):
    md_en, en = report(tmp_path, SHOP, "en")
    md_zh, zh = report(tmp_path, SHOP, "zh")
    # 2025-04-01 + 12 months = 2026-04-01, the renewal day; 45 days' notice before the term's last day (2026-03-31) → cancel by 2026-02-14
    fix_en, fix_zh = finding(en, "REN-004")["fix"], finding(zh, "REN-004")["fix"]
    assert ('"Under clause [x] of the contract dated [date] between 某某代运营 and 深圳小店, we give notice that the '
            'contract will not be renewed on Apr 1, 2026 and ends with the current term."') in fix_en
    assert ("「某某代运营：根据贵我双方于【日期】签订的合同第【x】条，我方深圳小店特此通知，"
            "该合同本期届满后终止，不再于2026年4月1日自动续约。」") in fix_zh
    assert in_md(md_en, "we give notice that the contract will not be renewed on Apr 1, 2026")
    assert in_md(md_zh, "我方深圳小店特此通知，该合同本期届满后终止，不再于2026年4月1日自动续约。")
    assert in_md(md_en, "the cancel-by date (Feb 14, 2026) is within a month")
    assert in_md(md_zh, "取消续约的截止日（2026年2月14日）就在一个月内")
    # the question (JSON; the report lists questions for open findings only) names the date too
    assert finding(en, "REN-004")["ask"] == (
        "Please confirm in writing the last day on which our non-renewal notice must reach you, which we read as "
        "Feb 14, 2026, and the address or email for that notice.")
    assert "（我方理解为2026年2月14日）" in finding(zh, "REN-004")["ask"]
    # REN-006: the renewal term; REN-002: the notice period
    assert in_md(md_en, "A renewal into a new 12-month term repeats the whole lock-in")
    assert in_md(md_zh, "自动续约一续就是12个月，")
    assert finding(zh, "REN-006")["ask"].endswith("而不是再续12个月？")
    assert in_md(md_en, "The longer the notice window (this contract: 45 days), the earlier")
    assert in_md(md_zh, "通知期越长（本合同：45天），真正要拍板的日子就越早")
    assert finding(zh, "REN-002")["evidence"] == "写明通知期（45天）的续约条款，以及据此算出的取消截止日（2026年2月14日）。"


def test_renewal_blanks_stay_when_the_deal_has_no_start_date(tmp_path):
    text = SHOP.replace("  start_date: 2025-04-01\n", "")
    md_en, en = report(tmp_path, text, "en")
    md_zh, zh = report(tmp_path, text, "zh")
    ren = finding(en, "REN-004")
    assert ren["status"] == "unknown"  # no start date: no cancel-by date, an open question
    assert in_md(md_en, "which we read as the end of the term less the notice period, and the address")
    assert in_md(md_zh, "（我方理解为合同期满日往前倒推通知期）")
    assert finding(en, "REN-002")["evidence"] == (
        "The renewal clause with the notice period (45 days), and the resulting cancel-by date (worked out from "
        "the start date, term and notice period).")
    assert finding(zh, "REN-002")["evidence"].endswith("以及据此算出的取消截止日（按起始日、合同期和通知期推算）。")
    # the notice period unknown too: the why reads whole
    _, zh = report(tmp_path, text.replace("cancel_notice_days: 45", "cancel_notice_days: null"), "zh", "nonotice")
    assert finding(zh, "REN-002")["why"].startswith("通知期越长（本合同：见合同草稿），")


def test_kpi_clauses_name_the_kpi_and_its_baseline_period_and_source(tmp_path):
    text = SHOP.replace("baseline: 300000, period: month,", "baseline_period: 2025Q4, period: month,")
    md_en, en = report(tmp_path, text, "en")
    md_zh, zh = report(tmp_path, text, "zh")
    assert finding(en, "KPI-003", "kpis[gmv]")["fix"] == (
        '"Baseline for KPI 月销售额: [value], measured in [report] for 2025Q4. The baseline is fixed at signing '
        'and is not restated later."')
    assert finding(zh, "KPI-003", "kpis[gmv]")["fix"] == (
        "「月销售额：基线值为【数值】，取自【报表名称】，统计期间为2025Q4。基线于签约时确定，合作期间不得重新认定。」")
    assert in_md(md_en, '"Baseline for KPI 月销售额: [value], measured in [report] for 2025Q4.')
    assert in_md(md_zh, "「月销售额：基线值为【数值】，取自【报表名称】，统计期间为2025Q4。")
    # KPI-004 (no formula): the KPI's own data source in the clause
    assert in_md(md_en, '"KPI 月销售额 = [numerator] / [denominator] as shown in Seller Central, by [order date]')
    assert in_md(md_zh, "「月销售额：计算公式为【分子】/【分母】，以Seller Central卖家后台数据为准，")


def test_kpi_baseline_is_money_for_a_sales_kpi_and_the_blanks_without_a_name_or_source(tmp_path):
    md_en, en = report(tmp_path, SHOP, "en")
    md_zh, zh = report(tmp_path, SHOP, "zh")
    assert in_md(md_en, '"Baseline for KPI 月销售额: CN¥300,000, measured in [report] for '
                        "[the trailing 3 months (monthly average) / the same month last year].")
    assert in_md(md_zh, "「月销售额：基线值为¥300,000，取自【报表名称】，统计期间为【签约前3个月月均/去年同期】。")
    # KPI-013: 300,000 → 700,000 is 133% growth
    assert in_md(md_en, "This target asks for 133% growth over the baseline. A sales, units or traffic target")
    assert in_md(md_zh, "这个目标要求在基线之上增长133%。销售额、销量或流量目标")
    # a KPI with only its id, and the provider's own report as its source: the id, the blank for the report
    text = SHOP.replace("name: 月销售额, ", "").replace("seller_central", "provider_report")
    md_zh, zh = report(tmp_path, text, "zh", "noname")
    assert in_md(md_zh, "「gmv：计算公式为【分子】/【分母】，以【报表名称】数据为准，")
    # without a currency the baseline is a plain number
    _, en = report(tmp_path, SHOP.replace("currency: CNY\n", ""), "en", "nocurrency")
    assert finding(en, "KPI-003")["fix"].startswith('"Baseline for KPI 月销售额: 300,000, measured in')


def test_exit_texts_quote_the_deals_fee_threshold_streak_prepayment_and_access_days(tmp_path):
    md_en, en = report(tmp_path, SHOP, "en")
    md_zh, zh = report(tmp_path, SHOP, "zh")
    assert in_md(md_en, "to flag an exit fee for that question (this contract's fee: CN¥90,000);")
    assert in_md(md_zh, "是本工具提示这一问题的筛查线（本合同的提前解约费：¥90,000），不是法定上限。")
    assert in_md(md_en, "\"An early-termination fee, if any, is capped at one month's fees (the fixed fee of CN¥10,000 plus")
    assert in_md(md_zh, "「提前解约费（如有）以一个月服务费（固定服务费¥10,000加提成，提成按前三个月平均计）为上限；")
    assert "What actual loss does the early-termination fee (CN¥90,000) compensate?" in finding(en, "EXIT-007")["ask"]
    assert in_md(md_en, "A stop-loss that triggers only below 60% of target lets the provider")
    assert in_md(md_zh, "止损线如果只定在目标的60%，")
    assert in_md(md_en, "A stop-loss that triggers only after 3 consecutive months below the threshold")
    assert in_md(md_zh, "止损要连续3个月低于止损线才能触发，")
    assert in_md(md_zh, "哪怕只预付2个月，")
    assert in_md(md_en, "(this contract's removal deadline: 10 days)")
    assert in_md(md_zh, "（本合同约定的移除期限：10天）")
    assert "(rather than 10 days later)" in finding(en, "EXIT-009")["ask"]
    assert in_md(md_zh, "在库加在途库存只够卖20天（本工具的筛查线是30天）")
    assert in_md(md_en, '"The month-3 milestone is accepted when [metric] reaches [value]')
    assert in_md(md_zh, "「第3个月节点以【报表】中【期间】的【指标】达到【数值】为验收标准")


def test_exit_blanks_read_whole_when_the_deal_does_not_know(tmp_path):
    text = SHOP.replace("early_termination_fee: 90000, ", "").replace("access_removal_days: 10", "access_removal_days: null")
    md_en, en = report(tmp_path, text, "en")
    md_zh, zh = report(tmp_path, text, "zh")
    assert finding(en, "EXIT-007")["status"] == "unknown"  # an open question: its ask goes to the provider
    assert in_md(md_en, "What actual loss does the early-termination fee (if any: how much is it?) compensate?")
    assert in_md(md_zh, "合同约定的提前解约费（如有，金额是多少）对应的是你们哪些实际损失？")
    assert in_md(md_zh, "（而不是结束后几天）")
    # an open question's report shows the question, not the why; the assessment's why reads whole too
    assert "（本合同的提前解约费：见合同草稿）" in finding(zh, "EXIT-007")["why"]
    assert "(this contract's removal deadline: see the draft)" in finding(en, "EXIT-009")["why"]


def test_a_bundled_deal_fills_its_lock_in_renewal_and_exit_fee():
    from vetting.workflows.assess import assess_file

    en, zh = (assess_file(FIXTURES / "lock-in.yaml", lang=lang) for lang in ("en", "zh"))
    by_id = {lang: {f.rule_id: f for f in a.findings if f.status != "pass"} for lang, a in (("en", en), ("zh", zh))}
    assert by_id["en"]["EXIT-005"].why.startswith("A lock-in of 24 months with no right to end the contract on notice")
    assert by_id["zh"]["EXIT-005"].why.startswith("合同锁定期长达24个月，")
    assert "（本合同的提前解约费：¥200,000）" in by_id["zh"]["EXIT-007"].why
    assert by_id["zh"]["REN-006"].why.startswith("自动续约一续就是12个月，")
    assert by_id["zh"]["REN-003"].why.startswith("通知期超过60天（本合同：90天），")
    assert by_id["en"]["REN-003"].why.startswith("A notice window of more than 60 days (this contract: 90 days) means")


def test_the_rule_format_doc_lists_every_placeholder_name():
    doc = (ROOT / "docs" / "rule-format.md").read_text(encoding="utf-8")
    table = doc.split("| Name | Value |")[1].split("\n\n")[0]
    for name in NAMES:
        assert f"`{name}`" in table, name


@pytest.mark.parametrize("lang,clause", [
    ("en", '**Clause to request**: "Baseline for KPI [name]: [value], measured in [report] for [the trailing 3 months'),
    ("zh", "**建议写入合同的条款**：「【KPI名称】：基线值为【数值】，取自【报表名称】，统计期间为【签约前3个月月均/去年同期】。"),
])
def test_rule_pages_show_the_blanks(lang, clause):
    """Without a deal (rules show, the catalog) the blanks show their fallbacks."""
    result = CliRunner().invoke(cli, ["rules", "show", "KPI-003", "--lang", lang], catch_exceptions=False)
    assert result.exit_code == 0 and clause in result.output
    assert "{kpi_" not in result.output and "|【" not in result.output


def test_a_one_quarter_stop_loss_reads_as_a_full_quarter(tmp_path):
    text = SHOP.replace("consecutive_periods: 3, period: month", "consecutive_periods: 1, period: quarter")
    md_en, _ = report(tmp_path, text, "en")
    md_zh, _ = report(tmp_path, text, "zh")
    assert in_md(md_en, "A stop-loss that triggers only after a full quarter below the threshold means")
    assert in_md(md_zh, "止损要整整一个季度低于止损线才能触发，")
