"""`vetting scan` reads the same facts however an agency words them: parties named otherwise or the other way
round, a monthly fee beside a setup fee, a renewal each month, a contract that may be "ended"."""
from __future__ import annotations

from vetting.intake.proposals import propose
from vetting.intake.scan import read_contract


def scan(tmp_path, text: str, name: str) -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return {p.field: p.value for p in propose(read_contract([str(path)]))}


def test_a_contract_whose_jia_fang_is_the_provider_is_read_the_other_way_round(tmp_path):
    p = scan(tmp_path, """亚马逊广告代投放服务合同
甲方（服务方）：杭州某某数字营销有限公司
乙方（委托方）：台州市某某医疗器械有限公司
第四条 账户
4.1 广告账户以乙方名义开设，所有权归乙方。
第五条 解除
5.1 乙方可提前十五（15）日书面通知甲方解除本合同，无需支付违约金。
5.2 甲方不得单方提前解除本合同。
""", "c.txt")
    assert p["data_access.ad_account_owner"] == "seller"  # 乙方 is the seller here
    assert p["contract.termination.for_convenience"] is True and p["contract.termination.notice_days"] == 15
    assert p["contract.termination.early_termination_fee"] == 0


def test_monthly_consulting_agreement_wording(tmp_path):
    p = scan(tmp_path, """SHOPIFY GROWTH CONSULTING AGREEMENT
Parties: Redwood Growth Consulting LLC ("Consultant") and Maple Street Candles Co. ("Client").
2. Fees. Client shall pay a one-time setup fee of $1,500 and a consulting fee of $1,200 per month, billed on the 1st of each month.
3. Renewal. This Agreement starts on April 1, 2027 and automatically renews each month unless either party cancels in writing at least fifteen (15) days before the next billing date.
4. Ending the Agreement. Either party may end this Agreement for any reason with thirty (30) days' written notice.
""", "c.txt")
    assert p["fees.base_monthly"] == 1200 and p["fees.setup_fee"] == 1500  # not the setup fee as the monthly one
    assert p["contract.auto_renewal.renewal_term_months"] == 1 and p["contract.auto_renewal.cancel_notice_days"] == 15
    assert p["contract.termination.for_convenience"] is True and p["contract.termination.notice_days"] == 30
    assert p["contract.start_date"] == "2027-04-01"


def test_key_terms_table_and_a_half_of_the_remaining_fees(tmp_path):
    p = scan(tmp_path, """# 店铺运营服务合同

甲方：义乌市某某玩具有限公司
乙方：金华市某某电子商务有限公司

| 条款 | 约定内容 |
|---|---|
| 合作期限 | 2027年1月1日至2027年12月31日 |
| 基础服务费 | 6,000元/月，每月5日前支付 |
| 续约 | 到期自动续约一年，甲方如不续约须于到期前30日书面通知乙方 |
| 违约金 | 甲方提前解约的，应支付剩余服务期服务费的50% |
""", "c.md")
    assert p["contract.term_months"] == 12 and p["contract.start_date"] == "2027-01-01"
    assert p["fees.base_monthly"] == 6000 and p["contract.auto_renewal.cancel_notice_days"] == 30
    assert "contract.termination.exit_fee_formula" not in p  # half the remaining fees is none of the formulas


def test_long_chinese_clauses_as_a_pdf_prints_them(tmp_path):
    p = scan(tmp_path, """委托方（以下简称“委托方”）：青岛市某某户外用品有限公司
受托方（以下简称“受托方”）：上海市某某跨境电子商务有限公司
第三条 止损机制
3.1 自合作第四个月起，如委托方店铺连续三（3）个自然月的销售额均低于双方书面确认的月度目标销售额的百分之六十五（65%），委托方有权以书面通知方式立即解除本合同，且无需向受托方支付任何违约金或赔偿。
第四条 账号
4.1 委托方通过亚马逊卖家中心的用户权限功能为受托方添加用户，权限限于商品、广告及报告模块，委托方自行保管主账号及二次验证设备。
第一条 续期
1.1 本合同自动续期六（6）个月，续期期间的服务费按原合同约定执行。
""", "c.txt")
    assert p["contract.stop_loss.consecutive_periods"] == 3 and p["contract.stop_loss.period"] == "month"
    assert p["contract.stop_loss.threshold_pct"] == 65 and p["contract.stop_loss.no_fault_exit"] is True
    assert p["data_access.provider_access"] == "sub_account" and p["data_access.two_factor_with_seller"] is True
    assert p["contract.auto_renewal.price_change"] == "none"


def test_dotted_dates_and_a_renewal_only_by_a_new_agreement(tmp_path):
    p = scan(tmp_path, """甲方：厦门某某服饰有限公司
乙方：深圳某某直播电商有限公司
二、合作期
合作期：2027.3.1—2028.2.29。合作期满后如需续约，双方另行协商并签订新协议。
四、账号
2. 乙方无权操作店铺资金结算及提现。
六、终止
2. 协议终止后，乙方须在五个工作日内解除服务商授权并移交全部达人合作资料。
""", "c.txt")
    assert p["contract.term_months"] == 12 and p["contract.start_date"] == "2027-03-01"
    assert p["contract.auto_renewal.present"] is False
    assert p["data_access.funds_scope"] == "none" and p["contract.termination.access_removal_days"] == 5


def test_minimum_period_then_a_rolling_monthly_basis(tmp_path):
    p = scan(tmp_path, """2. Term and Renewal
2.1 This Agreement shall commence on 1 July 2027 (the "Commencement Date") and shall continue for a minimum period of three (3) months.
2.2 Thereafter this Agreement shall continue on a rolling monthly basis until either party gives not less than thirty (30) days' written notice of termination to the other party.
3.1 The Client shall pay the Agency a management fee equal to twelve per cent (12%) of the Client's monthly advertising spend, subject to a minimum monthly fee of GBP 1,000.
4.2 The advertising account remains the property of the Client at all times.
""", "c.txt")
    assert p["contract.term_months"] == 3 and p["fees.minimum_commitment_months"] == 3
    assert p["contract.auto_renewal.present"] is True and p["contract.auto_renewal.renewal_term_months"] == 1
    assert p["contract.auto_renewal.cancel_notice_days"] == 30
    assert p["fees.ad_spend_pct"] == 12 and p["fees.model"] == "ad_spend_pct" and p["currency"] == "GBP"
    assert p["data_access.ad_account_owner"] == "seller"


def test_fee_schedule_table_and_conduct_clauses(tmp_path):
    p = scan(tmp_path, """# Amazon Account Management Agreement

Between **Sunridge Pet Supplies LLC** (the "Seller") and **Harbor Peak Commerce Inc.** (the "Provider").

## 2. Term

2.1 The initial term shall be twelve (12) months starting March 15, 2027.

2.2 Automatic renewal: this Agreement renews for successive 6-month periods unless Seller opts out by email 45 days prior to renewal.

## 3. Fee Schedule

| Item | Amount |
|---|---|
| Monthly management fee | $2,750 |
| Onboarding | $0 |

## 5. Conduct

5.1 Black-hat tactics such as review manipulation or fake orders are strictly prohibited.

5.3 Provider shall not be liable for missed targets if Seller fails to supply inventory on time.

## 6. Termination

6.1 Seller may cancel this Agreement during the initial term only upon payment of the fees for the remaining months of the initial term.
""", "c.md")
    assert p["contract.start_date"] == "2027-03-15"
    assert p["contract.auto_renewal.renewal_term_months"] == 6 and p["contract.auto_renewal.cancel_notice_days"] == 45
    assert p["fees.base_monthly"] == 2750 and p["fees.setup_fee"] == 0
    assert p["compliance.black_hat_excluded"] is True and p["contract.non_cooperation_escape"] is True
    assert p["contract.termination.exit_fee_formula"] == "all_remaining_fees"
    assert "contract.termination.for_convenience" not in p  # leaving costs every remaining fee


def test_a_right_to_leave_at_any_time_is_not_the_renewal_notice(tmp_path):
    p = scan(tmp_path, """MASTER SUBSCRIPTION AGREEMENT
3. This Agreement shall remain in effect for an initial period of twelve (12) months from 1 May 2027 and shall renew automatically for further periods of twelve (12) months unless terminated by either party by giving at least ninety (90) days written notice prior to the end of the then current period.
6. The Supplier may terminate the Services at any time on thirty (30) days' notice.
8. This Agreement is governed by the laws of the Hong Kong Special Administrative Region.
""", "c.txt")
    assert p["contract.auto_renewal.cancel_notice_days"] == 90 and p["contract.term_months"] == 12
    assert p["contract.start_date"] == "2027-05-01" and p["contract.governing_law"] == "HK"
    assert p["contract.termination.provider_for_convenience"] is True
    zh = scan(tmp_path, "3. 协议到期前一个月，如双方无异议，协议自动延续12个月。\n6. 品牌方可随时终止本协议，但须提前45天书面通知运营方。\n"
                        "品牌方：某某家纺有限公司\n", "zh.txt")
    assert zh["contract.auto_renewal.cancel_notice_days"] == 30


def test_colloquial_chinese_amounts_and_periods(tmp_path):
    p = scan(tmp_path, """甲方：温州市某某眼镜有限公司
乙方：义乌市某某电子商务有限公司
第2条 合同期
合同期一年半，自2027年6月1日起。
第3条 费用
（一）每月服务费1.2万元。
（二）提成比例为店铺总销售额的3个点。
（三）甲方须在签约时一次性支付半年服务费作为预付款；如甲方中途解约，已付费用不退。
""", "c.txt")
    assert p["contract.term_months"] == 18 and p["fees.base_monthly"] == 12000
    assert p["fees.commission_pct"] == 3 and p["fees.prepaid_months"] == 6 and p["fees.refundable_on_exit"] is False


def test_charges_per_calendar_month_and_a_renewal_after_the_initial_term(tmp_path):
    p = scan(tmp_path, """Start Date: 3 April 2027
Parties: Northgate Retail Solutions Ltd (the "Company") and Thistle & Fern Ltd (the "Customer").
2.1 This Agreement shall continue for twelve months from the Start Date and thereafter shall continue automatically until terminated by either party giving three months' written notice.
3.1 The Company's charges are GBP 1,800 per calendar month plus VAT.
""", "c.txt")
    assert p["contract.term_months"] == 12 and p["contract.auto_renewal.present"] is True
    assert "contract.auto_renewal.renewal_term_months" not in p  # the 12 months are the initial term
    assert p["contract.auto_renewal.cancel_notice_days"] == 90
    assert p["fees.base_monthly"] == 1800 and p["currency"] == "GBP" and p["fees.tax_on_top"] is True


def test_terms_written_as_we_and_you(tmp_path):
    p = scan(tmp_path, """# Growth Retainer - Terms of Service

These terms are between Brightwave Digital Ltd ("we", "us", "our") and the business named on the order form ("you", "your").

2.1 You will pay us a monthly retainer of USD 2,200, invoiced in advance on the first business day of each month.
3.1 The minimum term is 6 months from the start date on your order form.
3.2 After the minimum term, your retainer renews automatically every month until you cancel with 30 days' written notice.
4.1 You will add us as a user to your Seller Central account; you keep ownership of all your accounts and data.
""", "c.md")
    assert p["fees.base_monthly"] == 2200 and p["fees.minimum_commitment_months"] == 6
    assert p["contract.auto_renewal.renewal_term_months"] == 1 and p["contract.auto_renewal.cancel_notice_days"] == 30
    assert p["contract.ip.data"] == "seller" and p["data_access.provider_access"] == "sub_account"


def test_a_hard_wrapped_text_file_and_a_definitions_clause(tmp_path):
    clause = "本协议服务期限为十二（12）个月，自2027年7月1日起至2028年6月30日止。期满前三十（30）日内甲方未书面提出异议的，本协议自动续期十二（12）个月。"
    text = "甲方：东莞市某某五金制品有限公司\n乙方：深圳市某某电商运营有限公司\n第二条 服务期限\n" + "\n".join(
        clause[i:i + 34] for i in range(0, len(clause), 34)) + "\n" + "3.1 甲方每月向乙方支付基础服务费人民币捌仟伍佰元整（¥8,500），于每月5日前支付当月费用"[:34] + "\n"
    p = scan(tmp_path, text, "zh.txt")
    assert p["contract.auto_renewal.present"] is True and p["contract.auto_renewal.cancel_notice_days"] == 30
    assert p["contract.term_months"] == 12
    en = scan(tmp_path, """SERVICES AGREEMENT
This Agreement is made between Kestrel Outdoor Gear Ltd (the "Client") and Lanternfish Commerce Ltd (the "Agency").
1.1 "Effective Date" means 1 September 2027.
1.2 "Initial Term" means the period of six (6) months from the Effective Date.
1.3 "Fees" means the fees set out in Schedule 1.
""", "en.txt")
    assert en["contract.start_date"] == "2027-09-01" and en["contract.term_months"] == 6
    assert "contract.scope_written" not in en  # the fees, not the services, are in the schedule


def test_a_quotation_table_and_a_fee_plus_a_share_of_revenue(tmp_path):
    p = scan(tmp_path, """# 代运营服务报价及确认函

致：昆山市某某箱包有限公司（以下称“甲方”）

| 项目 | 内容 |
|---|---|
| 合作周期 | 6个月（2027年8月1日至2028年1月31日） |
| 店铺权限 | 甲方开设子账号，乙方不接触店铺资金 |
""", "zh.md")
    assert p["contract.term_months"] == 6 and p["contract.start_date"] == "2027-08-01"
    assert p["data_access.funds_scope"] == "none"
    en = scan(tmp_path, """This Agreement is entered into by Crestline Audio Inc. (the "Principal") and Marlow & Finch Consulting LLC (the "Consultant").
3. Compensation. The Consultant's fee is $3,000 monthly plus 2% of shipped revenue.
4. Termination. Either Party may terminate this Agreement without cause upon ninety (90) days prior written notice.
6. Governing Law. The laws of the State of Washington govern this Agreement.
""", "en.txt")
    assert en["fees.base_monthly"] == 3000 and en["fees.commission_pct"] == 2 and en["fees.model"] == "base_plus_commission"
    assert en["contract.termination.for_convenience"] is True and en["contract.termination.notice_days"] == 90
    assert en["contract.governing_law"] == "US"


def test_a_letter_of_engagement_and_a_minimum_per_month(tmp_path):
    p = scan(tmp_path, """Letter of Engagement

Dear Ms. Patel,

Thank you for choosing Oakbridge Commerce Studio to look after your Shopify and Amazon shops. This letter sets out the terms of our engagement.

Our services: we will manage your Shopify and Amazon shops, including listings, promotions and customer messages.

The engagement starts on 1 November 2027 and runs for six months. After that it will continue month to month until either of us ends it with 30 days' notice.

You can end the engagement at any time during the first six months by giving us 30 days' notice; no cancellation fee applies.

You keep ownership of your shops, listings and all photos we produce for you.
""", "en.txt")
    assert p["provider.kind"] == "store_operation" and p["contract.auto_renewal.renewal_term_months"] == 1
    assert p["contract.termination.for_convenience"] is True and p["contract.termination.early_termination_fee"] == 0
    assert p["contract.ip.creatives"] == "seller"
    zh = scan(tmp_path, "甲方：某某化妆品有限公司\n乙方：某某网络营销有限公司\n2.1 服务费为广告消耗的10%，最低5000元/月，最高不超过2万元/月。\n", "zh.txt")
    assert zh["fees.minimum_monthly_fee"] == 5000 and zh["fees.ad_spend_pct"] == 10 and "fees.base_monthly" not in zh


def test_parties_named_customer_and_contractor_and_an_extended_renewal(tmp_path):
    p = scan(tmp_path, """MARKETPLACE SERVICES AGREEMENT
This Agreement is made between Harbor Lane Goods Inc. (the "Customer") and Northfield Commerce Ltd. (hereinafter referred to as the "Contractor").
1. Term
1.1 The initial term of this Agreement is six (6) months commencing on the 1st day of March, 2027.
1.2 This Agreement shall be extended automatically for further periods of three (3) months each, unless either party gives written notice of non-renewal no later than 45 days prior to the end of the then-current term.
2. Fees
2.1 The Customer shall pay a management fee of USD 3,500 per calendar month. All fees are stated net of VAT; VAT at the prevailing rate (currently 20%) will be added to each invoice.
3. Termination
3.1 If the Customer terminates during the initial term, the Customer shall pay an early termination charge of USD 7,000.
4. Law
4.1 English law governs this Agreement.
""", "c.txt")
    assert p["contract.start_date"] == "2027-03-01" and p["contract.term_months"] == 6
    assert p["contract.auto_renewal.present"] is True and p["contract.auto_renewal.renewal_term_months"] == 3
    assert p["contract.auto_renewal.cancel_notice_days"] == 45
    assert p["fees.base_monthly"] == 3500 and p["fees.tax_on_top"] is True and p["fees.tax_rate_pct"] == 20
    assert p["contract.termination.early_termination_fee"] == 7000 and p["contract.governing_law"] == "GB"


def test_we_and_you_terms_that_roll_on_and_a_cancel_ban(tmp_path):
    p = scan(tmp_path, """PPC MANAGEMENT TERMS
Sprout Digital Ltd ("we", "us") manages advertising for the merchant named in the order form ("you", "your").
1. These terms run for an initial period of 3 months and thereafter roll on month to month until cancelled by either of us with 30 days' notice.
2. You may not cancel during the initial period.
3. You own all your campaign data and reports.
4. Prices exclude VAT, which is charged in addition at the standard rate.
""", "c.txt")
    assert p["contract.term_months"] == 3 and p["contract.auto_renewal.renewal_term_months"] == 1
    assert p["contract.auto_renewal.cancel_notice_days"] == 30
    assert p["contract.termination.for_convenience"] is False
    assert p["contract.ip.data"] == "seller" and p["fees.tax_on_top"] is True


def test_no_vat_added_and_a_flat_fee_in_words(tmp_path):
    p = scan(tmp_path, """SERVICES AGREEMENT
Between: Fernwood Ltd (the "Client") and Ash PPC, sole trader (the "Contractor").
3. Charges
3.1 The Contractor charges a flat management fee of one thousand five hundred pounds (GBP 1,500) per calendar month.
3.2 The Contractor is not registered for VAT and no VAT will be added to its invoices.
""", "c.txt")
    assert p["fees.base_monthly"] == 1500 and p["currency"] == "GBP" and p["fees.model"] == "fixed"
    assert p["fees.tax_on_top"] is False  # "no VAT will be added" is not VAT on top


def test_chinese_parties_by_other_names_and_a_renewal_on_silence(tmp_path):
    p = scan(tmp_path, """店铺托管服务协议
店主（委托人）：温州市某某鞋业有限公司
服务提供方：杭州市某某电子商务有限公司
第一条 本协议自二〇二七年五月一日起生效，托管期为壹年。
第二条 托管期届满前三十（30）日，任何一方未向对方提出书面异议的，本协议按原条件顺延六（6）个月。
第三条 店主每月向服务提供方支付托管费人民币陆仟元整，不含增值税，税费由店主另行承担。
第四条 托管期间拍摄的商品图片、视频及撰写的文案，其全部权利归店主；店铺数据属于店主，店主可随时自行下载。
第五条 店主单方解除本协议的，应提前十五日书面通知服务提供方。
""", "c.txt")
    assert p["contract.start_date"] == "2027-05-01" and p["contract.term_months"] == 12
    assert p["contract.auto_renewal.present"] is True and p["contract.auto_renewal.renewal_term_months"] == 6
    assert p["contract.auto_renewal.cancel_notice_days"] == 30 and p["contract.auto_renewal.price_change"] == "none"
    assert p["fees.base_monthly"] == 6000 and p["fees.tax_on_top"] is True
    assert p["contract.ip.creatives"] == "seller" and p["contract.ip.copy"] == "seller" and p["contract.ip.data"] == "seller"
    assert p["data_access.raw_data_export"] is True
    assert p["contract.termination.for_convenience"] is True and p["contract.termination.notice_days"] == 15


def test_exit_with_notice_that_costs_all_remaining_fees_is_no_exit_at_will(tmp_path):
    p = scan(tmp_path, """甲方（委托方）：某某有限公司
乙方（受托方）：某某电商有限公司
第五条 委托方单方解除本合同的，应提前三十日书面通知受托方，并按剩余合作期限的服务费总额向受托方支付违约金。
""", "c.txt")
    assert "contract.termination.for_convenience" not in p
    assert p["contract.termination.exit_fee_formula"] == "all_remaining_fees"


def test_a_letter_from_wo_si_to_gui_si(tmp_path):
    p = scan(tmp_path, """服务确认函
感谢贵司选择某某电商服务有限公司（以下简称"我司"）。现就我司为贵司Shopify独立站提供代运营服务的条款确认如下。
一、期限
期满后如贵司希望继续合作，我司将发送续约方案，经贵司书面确认后续约；贵司未确认的，服务到期自然结束。
二、数据
店铺数据及客户邮件列表归贵司所有，贵司可随时自行导出。
三、解除
贵司亦可提前三十日书面通知终止服务，无需支付违约金。
四、排他
本确认函不设排他条款，贵司可同时委托其他服务商。
""", "c.txt")
    assert p["provider.kind"] == "store_operation" and p["contract.auto_renewal.present"] is False
    assert p["contract.ip.data"] == "seller" and p["data_access.raw_data_export"] is True
    assert p["contract.termination.for_convenience"] is True and p["contract.termination.early_termination_fee"] == 0
    assert p["contract.exclusivity.present"] is False


def test_traps_a_stop_loss_exit_a_provider_refund_ad_funds_and_a_kpi_tax_note(tmp_path):
    p = scan(tmp_path, """甲方：某某有限公司
乙方：某某广告有限公司
第三条 费用
3.1 服务费每月人民币伍仟元整，为含税价。
第四条 KPI考核
4.1 月度GMV较2026年第四季度月均销售额增长15%，销售额以店铺后台数据为准，不含税。
4.2 如连续两个月ROAS低于1.5，甲方可解除合同，无需承担违约责任。
第六条 解除
6.1 乙方有权提前三十日通知甲方解除本合同，并退还已预付未使用的服务费。
6.2 甲方提前解除本合同的，已充值未消耗的广告款由乙方退还。
""", "c.txt")
    assert p["fees.tax_on_top"] is False  # the KPI's 不含税 says how sales are counted, not the fees
    assert p["kpis[gmv].includes_tax"] is False and p["kpis[gmv].period"] == "month"  # not the baseline's quarter
    assert p["kpis[gmv].baseline_period"] == "2026-Q4"
    assert "contract.termination.early_termination_fee" not in p  # the stop-loss exit, not the exit fee
    assert "fees.refundable_on_exit" not in p  # a refund when the provider leaves, or of ad funds


def test_kpi_window_ramp_up_and_a_row_named_only_by_number(tmp_path):
    p = scan(tmp_path, """甲方：某某有限公司
乙方：某某广告有限公司
第四条 考核指标
| 指标 | 目标 | 数据来源 |
|---|---|---|
| 目标一 | ROAS不低于3 | 广告后台 |
| CPA | 不高于12美元 | 广告后台 |
4.2 上述指标按自然月考核，自合作第三个月起计算；广告指标按点击后7天归因统计。
""", "c.md")
    assert p["kpis[roas].target"] == 3 and p["kpis[roas].target_kind"] == "at_least"
    assert p["kpis[custom].target"] == 12 and p["kpis[custom].target_kind"] == "at_most"
    assert p["kpis[roas].period"] == "month" and p["kpis[custom].period"] == "month"
    assert p["kpis[roas].starts_after_months"] == 2 and p["kpis[custom].starts_after_months"] == 2
    assert p["kpis[roas].attribution_window_days"] == 7
    assert "kpis[roas].formula" not in p  # a column naming only where it is read is no formula


def test_english_kpi_with_attribution_window_and_baseline_period(tmp_path):
    p = scan(tmp_path, """AGENCY AGREEMENT
5. Targets
5.1 The parties aim for an ACoS of 25% or lower, measured in the Amazon Ads console on a 14-day attribution basis and reviewed each month.
5.2 Net sales shall grow by 10% over the baseline; the baseline is USD 40,000 of monthly net sales, averaged over October 2026 to December 2026.
""", "c.txt")
    assert p["kpis[acos].target"] == 25 and p["kpis[acos].target_kind"] == "at_most"
    assert p["kpis[acos].attribution_window_days"] == 14 and p["kpis[acos].data_source"] == "ads_console"
    assert p["kpis[net_sales].baseline"] == 40000 and p["kpis[net_sales].baseline_period"] == "2026-10/2026-12"


def test_a_no_hire_clause_with_its_penalty_in_the_next_sentence(tmp_path):
    p = scan(tmp_path, """SERVICES AGREEMENT
Between Acme Trading Inc. ("Company") and Brightline Partners LLC ("Vendor").
8. Non-Solicitation
8.1 During the Term and for twelve (12) months thereafter, Company shall not, directly or indirectly, engage any other agency for Amazon account management, nor hire or solicit any employee of Vendor. For each breach, Company shall pay Vendor twenty-five thousand dollars ($25,000).
8.2 Vendor may modify the Services described in Schedule A from time to time upon written notice to Company.
""", "c.txt")
    assert p["contract.exclusivity.present"] is True and p["contract.exclusivity.months_after_term"] == 12
    assert p["contract.exclusivity.penalty"] == 25000 and p["contract.unilateral_changes"] is True
    assert "contract.scope_written" not in p  # a scope the vendor may change is not a written scope


def test_a_markdown_sow_with_bullets_a_calculated_commission_and_a_cancel_at_any_time(tmp_path):
    p = scan(tmp_path, """# Statement of Work

**Client:** Copperline Kitchenware LLC
**Agency:** Bluepeak Digital Inc.

## 2. Fees
- Retainer: $2,000/month, invoiced on the first business day of each month.
- Commission: 3% of gross sales attributable to Amazon, calculated monthly.

## 3. Term
After the first six months, this SOW auto-renews monthly. Client may cancel at any time with 30 days' written notice. The parties may also end this SOW by mutual written agreement.

## 7. Staff
Client will not hire Agency's employees during the engagement and for 12 months after it ends.
""", "c.md")
    assert p["fees.base_monthly"] == 2000 and p["fees.commission_pct"] == 3  # "calculated" is no late fee
    assert p["fees.commission_basis"] == "total_gmv" and p["fees.model"] == "base_plus_commission"
    assert p["contract.auto_renewal.renewal_term_months"] == 1
    assert p["contract.termination.for_convenience"] is True and p["contract.termination.notice_days"] == 30
    assert p["contract.exclusivity.months_after_term"] == 12


def test_chinese_traps_mutual_exit_breach_exit_budget_on_request_and_an_australian_law(tmp_path):
    zh = scan(tmp_path, """甲方：某某食品有限公司
乙方：某某品牌管理有限公司
第一条 甲方委托乙方负责其天猫旗舰店的整店运营。
第四条 4.1 乙方可根据甲方要求调整广告预算。4.2 经双方协商一致，可以解除本合同。4.3 任何一方违约的，守约方有权解除本合同。
""", "z.txt")
    assert zh["provider.kind"] == "store_operation"
    assert "contract.unilateral_changes" not in zh and "contract.termination.for_convenience" not in zh
    en = scan(tmp_path, """AGREEMENT between Greenleaf Pty Ltd ("Brand Owner") and Summit Solutions Pty Ltd ("Service Provider").
6. If monthly net revenue falls below 60% of the agreed forecast for three months in a row, Brand Owner may terminate immediately without any penalty.
7. Brand Owner will pay a retainer of AUD 4,000 per month.
10. The laws of New South Wales, Australia govern this Agreement.
""", "e.txt")
    assert en["contract.stop_loss.consecutive_periods"] == 3 and en["contract.stop_loss.threshold_pct"] == 60
    assert en["contract.stop_loss.notice_days"] == 0 and en["contract.stop_loss.no_fault_exit"] is True
    assert en["fees.base_monthly"] == 4000 and en["currency"] == "AUD" and en["contract.governing_law"] == "AU"


def test_common_wordings_of_a_plain_chinese_contract_and_an_english_one(tmp_path):
    zh = scan(tmp_path, """甲方：某某家居有限公司
乙方：某某电商有限公司
第三条 3.1 月服务费为人民币一万元，甲方需预付首季度服务费。3.2 甲方应支付一次性开户服务费人民币3000元。
第五条 若乙方连续3个月未完成约定销售目标，甲方有权单方解除合同且不承担违约责任。
第八条 如因甲方原因（包括但不限于未及时提供产品、资金）导致业绩未达标，乙方不承担责任。
""", "z.txt")
    assert zh["fees.prepaid_months"] == 3 and zh["fees.setup_fee"] == 3000
    assert zh["contract.stop_loss.consecutive_periods"] == 3 and zh["contract.stop_loss.no_fault_exit"] is True
    assert zh["contract.non_cooperation_escape"] is True
    en = scan(tmp_path, """SERVICES AGREEMENT between Oakmoor Ltd ("Client") and Ridgeway Media Ltd ("Agency").
3. In the event Client terminates prior to the end of the Initial Term, Client shall pay Agency an early termination fee equal to 50% of the fees remaining.
5. Client shall not make any disparaging statements about Agency.
6. The Agency will not be liable for any failure to meet targets resulting from Client's failure to provide timely information.
8. Client may request a performance review at any time; a review does not entitle Client to terminate this Agreement.
""", "e.txt")
    assert en["contract.restricts_reviews_or_complaints"] is True and en["contract.non_cooperation_escape"] is True
    assert "contract.termination.exit_fee_formula" not in en  # half the remaining fees is none of the formulas
    assert "contract.stop_loss.present" not in en and "contract.termination.for_convenience" not in en


def test_a_tier_of_ad_spend_is_no_budget_and_a_provider_that_never_sees_payouts(tmp_path):
    p = scan(tmp_path, """AGREEMENT between Wexford Outdoor, Inc. ("Client") and Lumina Commerce LLC ("Lumina").
1. Lumina shall provide Amazon advertising management services to Client.
3. Client agrees to pay Lumina a monthly fee of $5,000, plus ten percent (10%) of monthly ad spend above $50,000.
6. Lumina shall never have access to Client's payout or banking information.
""", "c.txt")
    assert p["provider.kind"] == "ads_management" and p["fees.base_monthly"] == 5000 and p["fees.ad_spend_pct"] == 10
    assert "fees.ad_budget_monthly" not in p  # $50,000 is where the percentage starts, not the budget
    assert p["data_access.funds_access"] is False and p["data_access.funds_scope"] == "none"


def test_negations_that_are_facts_and_reminders_that_are_not(tmp_path):
    zh = scan(tmp_path, """甲方：某某有限公司
乙方：某某电商有限公司
第一条 本合同不设自动续约条款，期满后双方可协商续约。
第二条 乙方不收取任何启动费或上架费。
第四条 甲方可以要求乙方提供止损评估报告，但该报告不影响合同履行。
第五条 乙方将于每月5日前提醒甲方续费。
第六条 本合同项下乙方模板、工具及方法论归乙方所有。
""", "z.txt")
    assert zh["contract.auto_renewal.present"] is False and zh["fees.setup_fee"] == 0
    assert "contract.stop_loss.present" not in zh and "contract.ip.creatives" not in zh
    en = scan(tmp_path, """AGREEMENT between Alder Goods Ltd ("Client") and Finch Digital Ltd ("Agency").
1. This Agreement does not renew automatically; any extension requires a new written agreement.
2. There is no minimum term and no early termination fee.
3. Agency does not charge a setup fee.
5. Agency's templates and tools remain Agency's property.
6. Client may post honest reviews of Agency at any time.
7. Agency will send a reminder email 30 days before each renewal date.
""", "e.txt")
    assert en["contract.auto_renewal.present"] is False and "contract.auto_renewal.cancel_notice_days" not in en
    assert en["contract.termination.early_termination_fee"] == 0 and en["fees.setup_fee"] == 0
    assert "contract.ip.creatives" not in en and "contract.restricts_reviews_or_complaints" not in en


def test_an_msa_with_two_exit_prices_a_baseline_over_months_and_a_growth_target(tmp_path):
    p = scan(tmp_path, """MASTER SERVICES AGREEMENT between Pinecrest Brands Inc. ("Customer") and Orbit Ecommerce Ltd. ("Provider").
1. Customer may terminate this Agreement for convenience upon 30 days' notice, subject to payment of all fees through the end of the then-current term.
4. Customer will pay Provider a Monthly Fee of US$4,500 and a success fee of 7% of incremental revenue over the Baseline.
5. The Baseline is Customer's average monthly revenue for October to December 2026, being US$60,000.
6. Key Performance Indicators: Provider shall increase monthly revenue by at least 20% over the Baseline by month six.
7. All Deliverables become Customer's property upon creation.
""", "c.txt")
    assert p["contract.termination.for_convenience"] is True and p["contract.termination.notice_days"] == 30
    assert p["contract.termination.exit_fee_formula"] == "all_remaining_fees"
    assert p["contract.termination.exit_fee_initial_term_only"] is False  # the then-current term, renewals too
    assert p["kpis[gmv].baseline"] == 60000 and p["kpis[gmv].baseline_period"] == "2026-10/2026-12"
    assert p["kpis[gmv].target"] == 20 and p["kpis[gmv].target_kind"] == "growth_pct"
    assert p["contract.ip.creatives"] == "seller"


def test_a_kpi_table_with_period_and_source_columns(tmp_path):
    p = scan(tmp_path, """甲方：某某有限公司
乙方：某某电商有限公司
## 第四条 考核指标
| 指标 | 目标值 | 考核周期 | 数据来源 |
|---|---|---|---|
| 月销售额 | 不低于人民币50万元 | 月度 | 卖家中心业务报告 |
| ACoS | 不高于20% | 月度 | 广告后台 |
""", "c.md")
    assert p["kpis[gmv].target"] == 500000 and p["kpis[gmv].target_kind"] == "at_least"
    assert p["kpis[gmv].data_source"] == "seller_central" and p["kpis[acos].data_source"] == "ads_console"
    assert p["kpis[acos].target"] == 20 and p["kpis[acos].target_kind"] == "at_most" and p["kpis[acos].period"] == "month"
    assert "kpis[gmv].formula" not in p  # a data-source column is not a 口径


def test_parties_written_in_lower_case(tmp_path):
    p = scan(tmp_path, """Consulting agreement between a brand and an agency.
1. The client may terminate this agreement at any time with 14 days' written notice.
2. The agency shall not be responsible for any shortfall caused by the client's delay in providing product information.
3. All product photos and videos created by the agency belong to the client.
4. The agency will respond to the customer within 24 hours.
""", "c.txt")
    assert p["contract.termination.for_convenience"] is True and p["contract.termination.notice_days"] == 14
    assert p["contract.non_cooperation_escape"] is True and p["contract.ip.creatives"] == "seller"


def test_key_terms_tables_in_both_languages(tmp_path):
    zh = scan(tmp_path, """甲方：某某有限公司
乙方：某某电商有限公司
| 条款 | 内容 |
|---|---|
| 服务期限 | 12个月 |
| 起始日期 | 2027年3月1日 |
| 月服务费 | 8000元 |
| 适用法律 | 中华人民共和国法律 |
""", "z.md")
    assert zh["contract.term_months"] == 12 and zh["contract.start_date"] == "2027-03-01"
    assert zh["fees.base_monthly"] == 8000 and zh["contract.governing_law"] == "CN"
    en = scan(tmp_path, """KEY TERMS between Alder Ltd ("Client") and Finch Ltd ("Agency")
| Item | Detail |
|---|---|
| Term | 12 months |
| Effective Date | March 1, 2027 |
| Monthly fee | $3,000 per month |
""", "e.md")
    assert en["contract.term_months"] == 12 and en["contract.start_date"] == "2027-03-01" and en["fees.base_monthly"] == 3000


def test_renewals_worded_as_will_renew_unless_and_auto_billing(tmp_path):
    en = scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
1. Upon expiration, the term will renew for the same duration unless cancelled by Client at least 30 days before expiration.
""", "e.txt")
    assert en["contract.auto_renewal.present"] is True and en["contract.auto_renewal.cancel_notice_days"] == 30
    trap = scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
2. The parties may renew this Agreement for another year by mutual written agreement.
""", "t.txt")
    assert "contract.auto_renewal.present" not in trap
    zh = scan(tmp_path, """甲方：某某有限公司
乙方：某某软件有限公司
第二条 本服务按年订阅，到期前15日甲方未取消的，系统自动续费一年。
""", "z.txt")
    assert zh["contract.auto_renewal.present"] is True and zh["contract.auto_renewal.renewal_term_months"] == 12
    assert zh["contract.auto_renewal.cancel_notice_days"] == 15


def test_a_licence_to_use_leaves_the_rights_with_the_provider(tmp_path):
    zh = scan(tmp_path, """甲方：某某有限公司
乙方：某某广告有限公司
第五条 乙方为本项目制作的视频、图片素材，甲方在本协议有效期内可免费使用；协议终止后，甲方继续使用的，应另行向乙方购买授权。
""", "z.txt")
    assert zh["contract.ip.creatives"] == "provider"
    en = scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
5. Agency grants Client a non-exclusive, non-transferable licence to use the creative assets and videos during the Term.
""", "e.txt")
    assert en["contract.ip.creatives"] == "provider"
    saas = scan(tmp_path, """AGREEMENT between Alder Ltd ("Licensee") and Finch Software Ltd ("Licensor").
6. Licensor grants Licensee a non-exclusive license to use the platform and software.
""", "s.txt")
    assert "contract.ip.creatives" not in saas  # a licence to the provider's software says nothing of creatives


def test_store_logins_handed_over_and_a_password_never_asked_for(tmp_path):
    assert scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
4. Client will provide Agency with its Seller Central login credentials within two days.
""", "a.txt")["data_access.provider_access"] == "main_account"
    assert scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
4. Agency will never ask for Client's Seller Central password; Client will invite Agency as a user.
""", "b.txt")["data_access.provider_access"] == "sub_account"
    assert scan(tmp_path, """甲方：某某有限公司
乙方：某某电商有限公司
第四条 甲方将店铺后台账号密码告知乙方。
""", "c.txt")["data_access.provider_access"] == "main_account"


def test_a_fee_credit_for_missed_targets_is_a_kpi_penalty_a_talk_is_not(tmp_path):
    assert scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
5. If the targets are not met in any month, Agency will credit 10% of that month's retainer to Client.
""", "a.txt")["contract.kpi_penalty"] is True
    assert "contract.kpi_penalty" not in scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
6. If the targets are not met, the parties will discuss a revised plan.
""", "b.txt")


def test_a_fee_that_is_a_share_of_sales_and_a_budget_the_provider_sets_alone(tmp_path):
    zh = scan(tmp_path, """甲方：某某有限公司
乙方：某某电商有限公司
第三条 3.1 乙方服务费为甲方店铺月销售额的8%，每月最低收费人民币5000元。3.4 乙方有权自行决定广告预算，无需甲方确认。
""", "z.txt")
    assert zh["fees.commission_pct"] == 8 and zh["fees.commission_basis"] == "total_gmv"
    assert zh["fees.minimum_monthly_fee"] == 5000 and zh["fees.ad_budget_approval"] is False
    en = scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
3. Fees. Agency's fee is 8% of Client's monthly sales, subject to a minimum of $1,500 per month.
4. Agency may set and change advertising budgets without Client's approval.
""", "e.txt")
    assert en["fees.commission_pct"] == 8 and en["fees.minimum_monthly_fee"] == 1500
    assert en["fees.ad_budget_approval"] is False and "fees.base_monthly" not in en


def test_an_account_health_kpi_row(tmp_path):
    p = scan(tmp_path, "甲方：某某有限公司\n乙方：某某电商有限公司\n第三条 考核指标\n| 指标 | 目标 |\n|---|---|\n| 店铺体验分 | 不低于4.5分 |\n", "c.md")
    assert p["kpis[account_health].target"] == 4.5 and p["kpis[account_health].target_kind"] == "at_least"


def test_a_biweekly_call_is_no_weekly_meeting_and_every_two_weeks_in_chinese(tmp_path):
    en = scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
2. The parties will hold a bi-weekly performance review call and Agency will send a daily summary email.
""", "e.txt")
    assert en["governance.review_cadence"] == "biweekly" and "governance.weekly_meeting" not in en
    zh = scan(tmp_path, "甲方：某某有限公司\n乙方：某某电商有限公司\n第二条 双方每两周召开一次复盘会议，乙方每日发送运营日报。\n", "z.txt")
    assert zh["governance.review_cadence"] == "biweekly" and zh["governance.daily_brief"] is True


def test_two_kpis_in_one_promise_and_a_sales_floor_that_is_no_minimum_fee(tmp_path):
    p = scan(tmp_path, "甲方：某某有限公司\n乙方：某某电商有限公司\n第四条 考核指标\n"
                       "乙方承诺：合作期内店铺月销售额不低于人民币20万元；ACoS不高于30%；未达到的，当月服务费减半。\n", "c.txt")
    assert p["kpis[gmv].target"] == 200000 and p["kpis[gmv].target_kind"] == "at_least"
    assert p["kpis[acos].target"] == 30 and p["kpis[acos].target_kind"] == "at_most"
    assert p["contract.kpi_penalty"] is True
    assert "fees.minimum_monthly_fee" not in p  # 月销售额不低于20万元 is a sales target


def test_a_minimum_ad_spend_is_no_minimum_fee(tmp_path):
    p = scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
3. Client's monthly ad spend must be at least $10,000; Agency's fee is $2,000 per month.
4. Agency charges a minimum fee of $800 per month.
""", "c.txt")
    assert p["fees.base_monthly"] == 2000 and p["fees.minimum_monthly_fee"] == 800  # not the $10,000 of spend


def test_lettered_clauses_under_articles_and_a_term_counted_from_a_date(tmp_path):
    p = scan(tmp_path, """SERVICES AGREEMENT
This Services Agreement is made on March 3, 2027 between Tidewater Apparel Co. (the "Company") and Northwind Growth Partners LLC (the "Consultant").
ARTICLE 3 – COMPENSATION
(a) The Company shall pay the Consultant a fixed monthly retainer of US$6,000.
(b) In addition, the Consultant shall receive a bonus equal to 4% of the Company's net sales on Amazon in excess of the Baseline.
(c) Late payments bear interest of 1.5% per month.
ARTICLE 4 – TERM AND TERMINATION
(a) The term of this Agreement is nine (9) months from April 1, 2027.
(b) Either party may terminate this Agreement for convenience on forty-five (45) days' written notice.
(c) The Consultant may terminate immediately if the Company fails to pay any amount when due.
""", "c.txt")
    assert p["fees.base_monthly"] == 6000 and p["fees.commission_pct"] == 4 and p["fees.model"] == "base_plus_commission"
    assert p["contract.term_months"] == 9 and p["contract.start_date"] == "2027-04-01"  # not the signing date
    assert p["contract.termination.for_convenience"] is True and p["contract.termination.notice_days"] == 45


def test_months_paid_up_front_on_signing(tmp_path):
    p = scan(tmp_path, "甲方：某某有限公司\n乙方：某某电商有限公司\n第三条 甲方应于合同签订时一次性支付前三个月服务费。\n", "c.txt")
    assert p["fees.prepaid_months"] == 3


def test_things_other_than_the_contract_that_extend_automatically(tmp_path):
    zh = scan(tmp_path, "甲方：某某有限公司\n乙方：某某电商有限公司\n第三条 如甲方未提出异议的，乙方的报价自动延续至下月。\n", "z.txt")
    assert "contract.auto_renewal.present" not in zh
    en = scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
3. The introductory discount automatically extends to the next order.
""", "e.txt")
    assert "contract.auto_renewal.present" not in en


def test_parties_defined_without_quotes(tmp_path):
    p = scan(tmp_path, """AGREEMENT between Alder Ltd (the Merchant) and Finch Ltd (the Operator).
1. The Merchant may terminate this Agreement at any time on 14 days notice.
""", "c.txt")
    assert p["contract.termination.for_convenience"] is True and p["contract.termination.notice_days"] == 14


def test_gag_clauses_worded_otherwise(tmp_path):
    assert scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
5. Client shall refrain from posting negative comments about Agency online.
""", "e.txt")["contract.restricts_reviews_or_complaints"] is True
    assert scan(tmp_path, "甲方：某某有限公司\n乙方：某某电商有限公司\n第七条 甲方承诺不在任何渠道发布不利于乙方的信息。\n",
                "z.txt")["contract.restricts_reviews_or_complaints"] is True


def test_a_term_defined_by_its_start_and_a_later_end(tmp_path):
    p = scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
2. The "Term" means the period starting on 1 May 2027 and ending twelve (12) months later.
""", "c.txt")
    assert p["contract.term_months"] == 12 and p["contract.start_date"] == "2027-05-01"


def test_chinese_permissions_full_or_read_only(tmp_path):
    head = "甲方：某某有限公司\n乙方：某某电商有限公司\n"
    assert scan(tmp_path, head + "第四条 甲方为乙方开通店铺后台的全部权限。\n", "a.txt")["data_access.provider_permissions"] == "full"
    assert scan(tmp_path, head + "第四条 甲方为乙方开设子账号，乙方仅可查看数据。\n", "b.txt")["data_access.provider_permissions"] == "least_privilege"
    assert "data_access.provider_permissions" not in scan(tmp_path, head + "第四条 甲方不开通全部权限给乙方。\n", "c.txt")


def test_order_forms_in_both_languages(tmp_path):
    en = scan(tmp_path, """ORDER FORM
Customer: Harbor Goods LLC
Vendor: ListPilot Inc.
Subscription Term: 12 months
Start Date: 2027-05-01
Fees: USD 199 per month, billed annually in advance
Auto-Renewal: Yes, for successive 12-month terms unless either party cancels at least 30 days before the end of the then-current term.
""", "e.txt")
    assert en["contract.term_months"] == 12 and en["contract.start_date"] == "2027-05-01" and en["fees.base_monthly"] == 199
    assert en["contract.auto_renewal.renewal_term_months"] == 12 and en["contract.auto_renewal.cancel_notice_days"] == 30
    zh = scan(tmp_path, """订购单
客户：某某贸易有限公司
服务商：某某软件有限公司
订阅期限：12个月
订阅费用：每月人民币800元，按年预付
自动续费：是，到期前30日未取消的自动续费一年
""", "z.txt")
    assert zh["contract.term_months"] == 12 and zh["fees.base_monthly"] == 800 and zh["fees.prepaid_months"] == 12
    assert zh["contract.auto_renewal.renewal_term_months"] == 12 and zh["contract.auto_renewal.cancel_notice_days"] == 30


def test_a_stop_loss_exit_without_any_further_obligation(tmp_path):
    p = scan(tmp_path, """AGREEMENT between Alder Ltd ("Client") and Finch Ltd ("Agency").
6. If Agency misses the ROAS target in three consecutive months, Client may cancel this Agreement without any further obligation.
""", "c.txt")
    assert p["contract.stop_loss.present"] is True and p["contract.stop_loss.consecutive_periods"] == 3
    assert p["contract.stop_loss.no_fault_exit"] is True


def test_a_settlement_by_days_served_is_a_refund_formula(tmp_path):
    p = scan(tmp_path, "甲方：某某有限公司\n乙方：某某电商有限公司\n第七条 合同解除的，双方按实际服务天数结算，多退少补。\n", "c.txt")
    assert p["contract.refund_formula"] is True
