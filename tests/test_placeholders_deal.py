"""Blanks in the credibility and fee rules filled from the deal (placeholders.py):
what a seller reads in the Markdown report, in English and Chinese, with the deal's value where the
blank was and the blank itself when the deal does not know the value."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import FIXTURES
from vetting.cli import _register, cli

_register()


def report(tmp_path: Path, deal: Path | dict, lang: str) -> str:
    """The Markdown report of ``deal`` (a file, or a deal written to tmp_path as a seller would)."""
    if isinstance(deal, dict):
        path = tmp_path / f"{deal['id']}.yaml"
        path.write_text(yaml.safe_dump(deal, allow_unicode=True, sort_keys=False), encoding="utf-8")
        deal = path
    out = tmp_path / f"{deal.stem}.{lang}.md"
    result = CliRunner().invoke(cli, ["assess", str(deal), "--format", "md", "--lang", lang, "-o", str(out),
                                      "--today", "2026-01-20"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output  # 1: the verdict is not "proceed"
    return out.read_text(encoding="utf-8")


def both(tmp_path, deal):
    return report(tmp_path, deal, "en"), report(tmp_path, deal, "zh")


def test_the_fixed_fee_and_its_share_of_gmv_are_the_deals_own(tmp_path):
    # small-store-heavy-fee: 12,000 base + 800 software a month on 60,000 of sales = 21.3% (FEE-009)
    en, zh = both(tmp_path, FIXTURES / "small-store-heavy-fee.yaml")
    assert "A fixed fee above a tenth of current GMV (here CN¥12,800 a month, 21.3% of GMV) takes a large" in en
    assert "固定服务费超过当前月GMV的十分之一（本方案为每月¥12,800，占月GMV的21.3%），提成还没算" in zh


def rule_page(rule: str, lang: str) -> str:
    result = CliRunner().invoke(cli, ["rules", "show", rule, "--lang", lang], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_with_no_deal_the_share_stays_a_blank():
    # an open question never shows its "why"; the rule page (no deal) shows the blanks
    assert "(here [amount] a month, [share] of GMV)" in rule_page("FEE-009", "en")
    assert "（本方案为每月【金额】，占月GMV的【比例】）" in rule_page("FEE-009", "zh")


def test_prepaid_months_and_the_provider_name_come_from_the_deal(tmp_path):
    en, zh = both(tmp_path, FIXTURES / "linkstar-proposal.yaml")
    # FEE-007: 3 months prepaid, not refundable
    assert "Paying 3 months in advance with no refund on exit removes your leverage on day one" in en
    assert "一次预付3个月、解约还不退，第一天就没了谈判筹码" in zh
    # CRED-016 asks whether the signer is the company of the pitch, by its name
    assert "Is it 联星出海 LinkStar, and if not, why not?" in en
    assert "是方案里的联星出海 LinkStar吗？如果不是，为什么？" in zh


SHELL = {
    "id": "young-shell", "currency": "CNY", "as_of": "2026-01-15",
    "seller": {"name": "深圳小店", "monthly_gmv": 300000},
    "provider": {"name": "速达代运营", "kind": "store_operation", "country": "CN",
                 "registration": {"checked": True, "status": "revoked", "years_operating": 0.5,
                                  "lawsuits_as_defendant": 4}},
    "track_record": {"case_studies": [{"client": "宠物用品卖家（美国站）", "verifiable": True,
                                       "evidence": "exported_report", "kpi_attainment_pct": 62}]},
}


def test_registration_facts_and_the_case_study_are_quoted_from_the_deal(tmp_path):
    en, zh = both(tmp_path, SHELL)
    assert "The registry shows this provider as: revoked." in en  # CRED-002
    assert "本服务商的登记状态：吊销。" in zh
    assert "A company registered less than a year ago (this one: 6 months) has no track record" in en  # CRED-007
    assert "成立不到一年（本服务商：6个月）的公司没有自己的经营记录" in zh
    assert "(lawsuits against it: 4) is a pattern" in en  # CRED-005
    assert "（本服务商作为被告的案件：4起）" in zh
    assert "Below 80% (this case: 62%) is the level" in en  # CRED-011
    assert "这个案例的KPI达成率不到80%（本案例为62%）" in zh
    # SEC-007 is open (who owns the ad account is not given): the proof to look for names the seller
    assert "billing page showing 深圳小店 and its payment method" in en
    assert "显示开户主体和付款方式都是深圳小店，服务商为用户或合作伙伴" in zh
    # CRED-007's clause: no start date in this deal
    assert "The first three months from the start date are a trial period" in en
    assert "「自合同生效之日起的前三个月为试运营期" in zh


def test_the_open_question_on_a_case_study_names_its_client_and_the_trial_starts_on_the_start_date(tmp_path):
    shell = {**SHELL, "contract": {"start_date": "2026-03-01"},
             "track_record": {"case_studies": [{"client": "宠物用品卖家（美国站）", "verifiable": True,
                                                "evidence": "exported_report"}]}}
    en, zh = both(tmp_path, shell)
    # CRED-011 is open (no attainment figure): the question names the case's client
    assert "In this case (client: 宠物用品卖家（美国站）), which KPIs had you promised" in en
    assert "这个案例（客户：宠物用品卖家（美国站））当初给客户承诺了哪些KPI？" in zh
    assert "The first three months from Mar 1, 2026 are a trial period" in en
    assert "「自2026年3月1日起的前三个月为试运营期" in zh


def test_a_case_study_without_a_client_and_a_seller_without_a_name_leave_the_blanks(tmp_path):
    shell = {**SHELL, "seller": {"monthly_gmv": 300000},
             "track_record": {"case_studies": [{"verifiable": True, "evidence": "exported_report"}]}}
    en, zh = both(tmp_path, shell)
    assert "billing page showing our company and its payment method" in en
    assert "显示开户主体和付款方式都是我方公司，服务商为用户或合作伙伴" in zh
    assert "In this case (client: [client]), which KPIs" in en
    assert "这个案例（客户：【客户名称】）当初给客户承诺了哪些KPI？" in zh


def test_registration_facts_the_deal_does_not_give_stay_to_be_checked_on_the_rule_pages():
    assert "The registry shows this provider as: [to be checked]." in rule_page("CRED-002", "en")
    assert "本服务商的登记状态：【待查】。" in rule_page("CRED-002", "zh")
    assert "（本服务商：【待查】）" in rule_page("CRED-007", "zh")
    assert "（本服务商作为被告的案件：【待查】起）" in rule_page("CRED-005", "zh")


@pytest.mark.parametrize("years,en,zh", [(0.02, "less than a month", "不到一个月"), (1, "1 year", "1年"),
                                         (0.08, "1 month", "1个月"), (2.5, "2.5 years", "2.5年")])
def test_the_age_of_the_company_reads_in_months_under_a_year(years, en, zh):
    from vetting.model.models import Deal
    from vetting.text.placeholders import deal_values

    deal = Deal.model_validate({"id": "d", "provider": {"name": "P", "registration": {"years_operating": years}}})
    assert deal_values(deal, "deal", "en")["company_age"] == en
    assert deal_values(deal, "deal", "zh")["company_age"] == zh


def test_rule_format_doc_lists_every_placeholder_name():
    from vetting.text.placeholders import NAMES

    doc = (FIXTURES.parent / "docs" / "rule-format.md").read_text(encoding="utf-8")
    assert [n for n in NAMES if f"`{n}`" not in doc] == []
