"""`vetting scan` on contract clauses written for these tests (not in the corpus): the wording varies
the way agencies' contracts vary (synonyms, numbers in words and capitals, negations, conditions),
and each clause states the facts a seller would check. A field listed under ``absent`` must not be
read from the clause at all: a wrong fact is worse than a missing one.

Fields the deal format gains with the judgment work (#20: deposits, minimum fee, exit-fee formula,
renewal price, taxes, the provider's right to terminate, exclusivity, engagement, funds scope) are
read here as hits; proposals for a field the deal model does not know yet are dropped with a note.
"""
from __future__ import annotations

import pytest
from scan_hits import assert_read, hits

from vetting.intake.base import Hit
from vetting.intake.proposals import propose
from vetting.intake.render import document
from vetting.intake.scan import Found, read_contract


ZH_HEAD = "委托代运营服务合同\n甲方（委托方）：深圳市海川贸易有限公司\n乙方（服务方）：杭州跨境星辰电子商务有限公司\n"
EN_HEAD = "SERVICES AGREEMENT\nThis Agreement is made between Northwind Goods Ltd (the \"Client\") and BrightPeak Media Ltd (the \"Agency\").\n"

CASES = [
    # ---------------------------------------------------------------- Chinese: term and renewal
    ("zh-term-renewal",
     ZH_HEAD + "第五条 合同期限\n5.1 本合同有效期为壹年，自2026年3月1日起至2027年2月28日止。\n"
     "5.2 合同期满前三十（30）日内，任何一方未书面提出异议的，本合同自动延续一年，以此类推。\n",
     {"contract.term_months": 12, "contract.start_date": "2026-03-01", "contract.auto_renewal.present": True,
      "contract.auto_renewal.renewal_term_months": 12, "contract.auto_renewal.cancel_notice_days": 30}, ()),
    ("zh-no-renewal",
     ZH_HEAD + "第六条 合同期限\n本协议服务期限为六（6）个月。期满后本协议不自动续期，如需继续合作，双方应另行签订书面协议。\n",
     {"contract.term_months": 6, "contract.auto_renewal.present": False}, ()),
    ("zh-renewal-silent-consent",
     ZH_HEAD + "第八条 续约\n合同到期前，甲方未以书面形式通知乙方终止合作的，视为甲方同意续约，续约期限与原合同期限相同。\n",
     {"contract.auto_renewal.present": True}, ("contract.auto_renewal.cancel_notice_days",)),
    # ---------------------------------------------------------------- Chinese: fees
    ("zh-base-and-net-commission",
     ZH_HEAD + "第三条 服务费用\n3.1 甲方每月向乙方支付基础服务费人民币捌仟元整（¥8,000.00）。\n"
     "3.2 甲方另按店铺当月实际销售额（扣除退款及退货金额后）的百分之六（6%）向乙方支付销售提成。\n",
     {"fees.base_monthly": 8000, "fees.commission_pct": 6, "fees.commission_basis": "net_sales", "currency": "CNY"}, ()),
    ("zh-ad-spend-with-minimum",
     ZH_HEAD + "第四条 代投放服务费\n乙方按甲方广告账户实际消耗金额的百分之十五（15%）收取服务费，每月服务费不低于人民币伍仟元整。\n",
     {"fees.ad_spend_pct": 15, "fees.minimum_monthly_fee": 5000, "fees.model": "ad_spend_pct"},
     ("fees.base_monthly",)),
    ("zh-deposit-refundable",
     ZH_HEAD + "第九条 履约保证金\n甲方应于本合同签订之日起三（3）个工作日内向乙方支付履约保证金人民币贰万元整，"
     "合同期满且甲方无违约行为的，乙方应于十五个工作日内无息退还。\n",
     {"fees.deposit": 20000, "fees.deposit_refundable": True},
     ("fees.setup_fee", "fees.base_monthly", "contract.termination.early_termination_fee")),
    ("zh-deposit-not-refunded",
     ZH_HEAD + "甲方须缴纳保证金人民币10000元，合同终止时保证金不予退还，可抵扣最后一个月的服务费。\n",
     {"fees.deposit": 10000, "fees.deposit_refundable": False}, ("fees.refundable_on_exit",)),
    ("zh-tax-on-top",
     ZH_HEAD + "第三条 费用\n本合同约定的服务费均为不含税价格，乙方向甲方开具增值税专用发票，税率为6%，相应税费由甲方另行承担。\n",
     {"fees.tax_on_top": True, "fees.tax_rate_pct": 6}, ()),
    ("zh-tax-included",
     ZH_HEAD + "上述服务费为含税价，乙方开具6%增值税普通发票。\n",
     {"fees.tax_on_top": False}, ("fees.tax_rate_pct",)),
    # ---------------------------------------------------------------- Chinese: exit
    ("zh-exit-all-remaining",
     ZH_HEAD + "第十条 提前解约\n甲方在合同期内单方提前解除本合同的，应按剩余服务期限的基础服务费总额向乙方支付违约金。\n",
     {"contract.termination.exit_fee_formula": "all_remaining_fees"},
     ("contract.termination.for_convenience", "contract.termination.early_termination_fee")),
    ("zh-exit-three-months",
     ZH_HEAD + "甲方提前终止本合同的，应向乙方支付相当于三（3）个月基础服务费的违约金。\n",
     {"contract.termination.exit_fee_formula": "remaining_months", "contract.termination.exit_fee_months": 3},
     ("contract.termination.early_termination_fee",)),
    ("zh-provider-may-terminate",
     ZH_HEAD + "乙方有权提前三十（30）日书面通知甲方解除本合同，且无需承担任何违约责任。\n",
     {"contract.termination.provider_for_convenience": True},
     ("contract.termination.for_convenience", "contract.termination.notice_days")),
    ("zh-either-party",
     ZH_HEAD + "任何一方均可提前30日书面通知对方解除本合同，无需支付任何违约金。\n",
     {"contract.termination.for_convenience": True, "contract.termination.notice_days": 30,
      "contract.termination.early_termination_fee": 0, "contract.termination.provider_for_convenience": True}, ()),
    ("zh-stop-loss",
     ZH_HEAD + "第七条 止损条款\n若连续两（2）个月店铺销售额低于本合同约定月度目标的百分之六十（60%），甲方有权书面通知乙方解除本合同，"
     "且无需承担任何违约责任。\n",
     {"contract.stop_loss.present": True, "contract.stop_loss.threshold_pct": 60,
      "contract.stop_loss.consecutive_periods": 2, "contract.stop_loss.period": "month",
      "contract.stop_loss.no_fault_exit": True}, ("contract.termination.for_convenience",)),
    ("zh-review-is-no-stop-loss",
     ZH_HEAD + "如连续三个月未达到考核目标，甲方可要求乙方提交整改方案，双方协商后续合作安排。\n",
     {}, ("contract.stop_loss.present", "contract.termination.for_convenience")),
    # ---------------------------------------------------------------- Chinese: renewal price, exclusivity
    ("zh-renewal-price-provider",
     ZH_HEAD + "本合同期满自动续约一年，续约期间的服务费标准由乙方根据市场情况另行确定。\n",
     {"contract.auto_renewal.present": True, "contract.auto_renewal.price_change": "provider_sets"}, ()),
    ("zh-renewal-price-capped",
     ZH_HEAD + "合同期满自动续期十二（12）个月，续期后服务费上调幅度不超过百分之五。\n",
     {"contract.auto_renewal.price_change": "capped", "contract.auto_renewal.price_cap_pct": 5}, ()),
    ("zh-renewal-price-same",
     ZH_HEAD + "期满后本合同自动续约，续约期内服务费标准保持不变。\n",
     {"contract.auto_renewal.price_change": "none"}, ()),
    ("zh-exclusivity",
     ZH_HEAD + "合作期间，甲方不得将本合同约定店铺委托给其他代运营服务商运营，否则应向乙方支付违约金人民币伍万元。\n",
     {"contract.exclusivity.present": True, "contract.exclusivity.months_after_term": 0,
      "contract.exclusivity.penalty": 50000, "contract.non_solicit_or_exclusivity": "Exclusivity"},
     ("contract.termination.early_termination_fee",)),
    ("zh-non-solicit-after",
     ZH_HEAD + "本合同终止后十二（12）个月内，甲方不得直接或间接聘用乙方的运营人员。\n",
     {"contract.exclusivity.present": True, "contract.exclusivity.months_after_term": 12}, ()),
    # ---------------------------------------------------------------- Chinese: rights, access, clauses
    ("zh-ip-after-payment",
     ZH_HEAD + "乙方在服务期间为甲方制作的全部图片、视频、文案等作品，其知识产权自甲方付清相应费用之日起归甲方所有。\n",
     {"contract.ip.creatives": "seller", "contract.ip.copy": "seller"}, ()),
    ("zh-tools-stay-provider",
     ZH_HEAD + "乙方自有的运营模板、数据分析工具及方法论的知识产权归乙方所有。\n",
     {}, ("contract.ip.creatives", "contract.ip.data")),
    ("zh-sub-account-least",
     ZH_HEAD + "甲方为乙方开通店铺后台子账号，权限仅限于广告管理及商品信息编辑，甲方保留主账号及全部后台权限。\n",
     {"data_access.provider_access": "sub_account", "data_access.provider_permissions": "least_privilege",
      "data_access.seller_backend_access": "full"}, ()),
    ("zh-no-funds",
     ZH_HEAD + "乙方不得操作甲方店铺的资金提现、收款账户及银行卡信息。\n",
     {"data_access.funds_access": False, "data_access.funds_scope": "none"}, ()),
    ("zh-refunds-capped",
     ZH_HEAD + "乙方可代甲方处理买家退款，单笔退款金额不超过200美元，超过部分须经甲方书面确认。\n",
     {"data_access.funds_scope": "refunds_capped"}, ("data_access.funds_access",)),
    ("zh-gag",
     ZH_HEAD + "甲方承诺在合作期间及合作结束后，不在任何平台或社交媒体发布对乙方不利的评价或言论。\n",
     {"contract.restricts_reviews_or_complaints": True}, ()),
    ("zh-scope-platforms",
     ZH_HEAD + "第二条 服务内容\n乙方为甲方的亚马逊美国站及沃尔玛店铺提供代运营服务，具体服务内容详见附件一《服务清单》。\n",
     {"service.platforms": ["amazon", "walmart"], "contract.scope_written": True,
      "provider.kind": "store_operation"}, ("service.engagement",)),  # ongoing: the deal model derives it from the kind
    ("zh-law",
     ZH_HEAD + "第十五条 法律适用\n本合同的订立、效力、解释、履行及争议的解决均适用中华人民共和国法律。\n",
     {"contract.governing_law": "CN"}, ()),
    # ---------------------------------------------------------------- English
    ("en-term-renewal",
     EN_HEAD + "2. TERM\nThis Agreement shall commence on March 1, 2026 (the \"Effective Date\") and continue for an initial term of "
     "twelve (12) months. Thereafter, it will renew automatically for successive three-month periods unless either party "
     "gives written notice of non-renewal at least 30 days before the end of the then-current term.\n",
     {"contract.start_date": "2026-03-01", "contract.term_months": 12, "contract.auto_renewal.present": True,
      "contract.auto_renewal.renewal_term_months": 3, "contract.auto_renewal.cancel_notice_days": 30}, ()),
    ("en-no-renewal",
     EN_HEAD + "This Agreement will not be renewed automatically; any extension requires a written amendment signed by both parties.\n",
     {"contract.auto_renewal.present": False}, ()),
    ("en-retainer-net-sales",
     EN_HEAD + "4. FEES\nThe Client shall pay the Agency a monthly retainer of US$4,500, plus a performance fee of 5% of net sales "
     "(gross sales less returns and refunds) of the managed products.\n",
     {"fees.base_monthly": 4500, "fees.commission_pct": 5, "fees.commission_basis": "net_sales", "currency": "USD"}, ()),
    ("en-ad-spend-minimum",
     EN_HEAD + "The management fee is 12% of monthly ad spend, subject to a minimum monthly fee of $1,500.\n",
     {"fees.ad_spend_pct": 12, "fees.minimum_monthly_fee": 1500}, ("fees.base_monthly",)),
    ("en-vat",
     EN_HEAD + "All fees are exclusive of VAT, which will be charged at the prevailing rate (currently 20%).\n",
     {"fees.tax_on_top": True, "fees.tax_rate_pct": 20}, ("fees.commission_pct",)),
    ("en-tax-inclusive",
     EN_HEAD + "The fees set out in this Agreement are inclusive of all applicable taxes.\n",
     {"fees.tax_on_top": False}, ()),
    ("en-deposit",
     EN_HEAD + "A refundable security deposit of $2,000 is due on signing and will be returned within 30 days after the end of the Term.\n",
     {"fees.deposit": 2000, "fees.deposit_refundable": True}, ("fees.setup_fee", "fees.base_monthly")),
    ("en-exit-remaining",
     EN_HEAD + "If the Client terminates this Agreement before the end of the Initial Term, the Client shall pay an early termination "
     "fee equal to the monthly retainer multiplied by the number of months remaining in the Initial Term.\n",
     {"contract.termination.exit_fee_formula": "all_remaining_fees",
      "contract.termination.exit_fee_initial_term_only": True}, ("contract.termination.early_termination_fee",)),
    ("en-exit-two-months",
     EN_HEAD + "Early termination by the Client during the Initial Term is subject to a fee equal to two (2) months' retainer.\n",
     {"contract.termination.exit_fee_formula": "remaining_months", "contract.termination.exit_fee_months": 2,
      "contract.termination.exit_fee_initial_term_only": True}, ()),
    ("en-agency-convenience",
     EN_HEAD + "The Agency may terminate this Agreement for convenience on thirty (30) days' written notice to the Client.\n",
     {"contract.termination.provider_for_convenience": True}, ("contract.termination.for_convenience",)),
    ("en-either-party",
     EN_HEAD + "Either party may terminate this Agreement at any time, for any reason, upon 30 days' prior written notice.\n",
     {"contract.termination.for_convenience": True, "contract.termination.notice_days": 30,
      "contract.termination.provider_for_convenience": True}, ()),
    ("en-renewal-capped",
     EN_HEAD + "This Agreement renews automatically for successive 12-month terms. Upon each renewal, the Agency may increase "
     "the fees by no more than 5%.\n",
     {"contract.auto_renewal.present": True, "contract.auto_renewal.price_change": "capped",
      "contract.auto_renewal.price_cap_pct": 5}, ("contract.unilateral_changes",)),
    ("en-renewal-then-current",
     EN_HEAD + "This Agreement shall automatically renew for additional one-year terms at the Agency's then-current rates.\n",
     {"contract.auto_renewal.present": True, "contract.auto_renewal.price_change": "provider_sets"}, ()),
    ("en-exclusivity",
     EN_HEAD + "During the Term and for twelve (12) months thereafter, the Client shall not engage any other agency to manage "
     "its Amazon advertising.\n",
     {"contract.exclusivity.present": True, "contract.exclusivity.months_after_term": 12}, ()),
    ("en-stop-loss",
     EN_HEAD + "If, for any two consecutive months, the Client's net sales are less than 60% of the agreed monthly target, the "
     "Client may terminate this Agreement immediately by written notice, without paying any termination fee.\n",
     {"contract.stop_loss.present": True, "contract.stop_loss.threshold_pct": 60,
      "contract.stop_loss.consecutive_periods": 2, "contract.stop_loss.no_fault_exit": True},
     ("contract.termination.for_convenience",)),
    ("en-review-no-stop-loss",
     EN_HEAD + "The Client may request a performance review meeting if sales fall below 70% of target for two consecutive months.\n",
     {}, ("contract.stop_loss.present",)),
    ("en-ip-sole-property",
     EN_HEAD + "All deliverables, including creatives, ad copy and product images produced under this Agreement, shall be the "
     "sole property of the Client upon payment.\n",
     {"contract.ip.creatives": "seller", "contract.ip.copy": "seller"}, ()),
    ("en-gag",
     EN_HEAD + "The Client agrees not to post negative reviews or comments about the Agency on any public forum.\n",
     {"contract.restricts_reviews_or_complaints": True}, ()),
    ("en-no-funds",
     EN_HEAD + "The Agency will have no access to the Client's bank accounts, payouts or disbursement settings.\n",
     {"data_access.funds_access": False, "data_access.funds_scope": "none"}, ()),
    ("en-refunds-capped",
     EN_HEAD + "The Agency may issue refunds to customers of up to $100 per order on the Client's behalf.\n",
     {"data_access.funds_scope": "refunds_capped"}, ("data_access.funds_access",)),
    ("en-law-construed",
     EN_HEAD + "This Agreement shall be governed by and construed in accordance with the laws of the State of New York, "
     "without regard to its conflict of laws principles.\n",
     {"contract.governing_law": "US"}, ()),
    ("en-scope-platforms",
     EN_HEAD + "1. SERVICES\nThe Agency will manage the Client's Amazon US and Walmart Marketplace accounts as described in "
     "Schedule A (Scope of Work).\n",
     {"service.platforms": ["amazon", "walmart"], "contract.scope_written": True, "provider.kind": "store_operation"}, ()),
    # ---------------------------------------------------------------- conditions, shares and temporary rights
    ("zh-incremental-long",
     ZH_HEAD + "业绩提成：以甲方店铺月度销售额超出基准销售额（即合作前三个月的月均销售额）的部分为基数，按百分之十（10%）计提。\n",
     {"fees.commission_pct": 10, "fees.commission_basis": "incremental_gmv"}, ()),
    ("zh-stop-loss-not-completed",
     ZH_HEAD + "如乙方连续三（3）个月未完成月度销售目标的百分之七十（70%），甲方有权单方解除本合同，甲方无需支付违约金。\n",
     {"contract.stop_loss.present": True, "contract.stop_loss.threshold_pct": 70,
      "contract.stop_loss.consecutive_periods": 3}, ("contract.termination.for_convenience",)),
    ("zh-half-of-remaining",
     ZH_HEAD + "甲方不得单方提前解除本合同；甲方单方解约的，应支付合同剩余期限服务费总额的50%作为违约金。\n",
     {"contract.termination.for_convenience": False}, ("contract.termination.exit_fee_formula",)),
    ("zh-breach-is-no-convenience",
     ZH_HEAD + "甲方逾期付款超过三十日的，乙方有权解除本合同。\n",
     {}, ("contract.termination.provider_for_convenience", "contract.termination.for_convenience")),
    ("en-notify-intent-not-to-renew",
     EN_HEAD + "This Agreement shall renew automatically for successive one (1) year periods unless Client notifies Agency in "
     "writing of its intent not to renew at least ninety (90) days prior to expiration.\n",
     {"contract.auto_renewal.renewal_term_months": 12, "contract.auto_renewal.cancel_notice_days": 90}, ()),
    ("en-ownership-until-paid",
     EN_HEAD + "Agency retains ownership of all creative assets until all fees have been paid in full. Upon full payment, all "
     "rights in the creatives transfer to Client.\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("en-breach-is-no-convenience",
     EN_HEAD + "Either party may terminate this Agreement upon written notice if the other party materially breaches it and "
     "fails to cure the breach within 15 days.\n",
     {}, ("contract.termination.provider_for_convenience",)),
    ("en-acos-meeting-no-stop-loss",
     EN_HEAD + "If ACoS exceeds 35% for three consecutive months, the parties will meet to discuss a revised strategy.\n",
     {}, ("contract.stop_loss.present",)),
    # ---------------------------------------------------------------- terms, tables and dates
    ("zh-term-by-dates",
     ZH_HEAD + "合作期限：2026年1月1日至2026年12月31日。\n", {"contract.term_months": 12}, ()),
    ("zh-valid-one-year",
     ZH_HEAD + "本协议自双方签字盖章之日起生效，有效期一年。\n", {"contract.term_months": 12}, ()),
    ("zh-fee-table",
     ZH_HEAD + "| 费用项目 | 金额 | 说明 |\n| 月度服务费 | 人民币9,800元/月 | 每月10日前支付 |\n| 销售提成 | GMV的5% | 按月结算 |\n",
     {"fees.base_monthly": 9800, "fees.commission_pct": 5, "fees.model": "base_plus_commission"}, ()),
    ("zh-renewal-shunyan",
     ZH_HEAD + "合同到期后如甲方未提出书面异议，本合同自动顺延六个月。\n",
     {"contract.auto_renewal.present": True, "contract.auto_renewal.renewal_term_months": 6}, ()),
    ("en-cancel-services",
     EN_HEAD + "Client may cancel the Services at any time with 30 days' notice and without penalty.\n",
     {"contract.termination.for_convenience": True, "contract.termination.notice_days": 30,
      "contract.termination.early_termination_fee": 0}, ()),
    ("en-extends-automatically",
     EN_HEAD + "Unless either party gives notice of termination at least sixty (60) days before the end of the Initial Term, this "
     "Agreement will automatically extend for additional twelve-month periods.\n",
     {"contract.auto_renewal.present": True, "contract.auto_renewal.renewal_term_months": 12,
      "contract.auto_renewal.cancel_notice_days": 60}, ()),
    ("en-fee-table",
     EN_HEAD + "| Fee | Amount |\n| Monthly retainer | USD 2,000 |\n| Setup fee (one-time) | USD 1,500 |\n",
     {"fees.base_monthly": 2000, "fees.setup_fee": 1500, "currency": "USD"}, ()),
    # ---------------------------------------------------------------- rights, access and routines, worded otherwise
    ("zh-ip-guishu",
     ZH_HEAD + "乙方在本合同项下创作的所有设计图、视频及文案的知识产权归属于甲方。\n",
     {"contract.ip.creatives": "seller", "contract.ip.copy": "seller"}, ()),
    ("zh-ip-seller-enjoys",
     ZH_HEAD + "甲方享有乙方制作的全部商品图片及视频的著作权。\n", {"contract.ip.creatives": "seller"}, ()),
    ("zh-export-after-login",
     ZH_HEAD + "甲方可随时登录店铺后台查看并导出全部运营数据。\n", {"data_access.raw_data_export": True}, ()),
    ("zh-handover-and-exit-accounts",
     ZH_HEAD + "合同终止后五（5）个工作日内，乙方应将店铺运营资料、素材源文件全部移交甲方，并退出甲方店铺的全部子账号权限。\n",
     {"contract.termination.handover": True, "contract.termination.access_removal_days": 5}, ()),
    ("zh-setup-fee-kept-is-not-prepaid",
     ZH_HEAD + "乙方收取一次性店铺搭建费人民币叁仟元整，该费用不予退还。\n",
     {"fees.setup_fee": 3000}, ("fees.refundable_on_exit",)),
    ("zh-kpi-half-fee",
     ZH_HEAD + "若乙方当月未达成约定KPI，当月基础服务费减半收取。\n", {"contract.kpi_penalty": True}, ()),
    ("en-admin-and-primary-login",
     EN_HEAD + "Client shall provide Agency with full administrative access to its Amazon Seller Central account, including the "
     "primary account login.\n",
     {"data_access.provider_access": "main_account", "data_access.provider_permissions": "full"}, ()),
    ("en-remove-users-within",
     EN_HEAD + "Within 10 days after termination, Agency shall return all Client materials and remove all of its users from "
     "Client's accounts.\n",
     {"contract.termination.access_removal_days": 10, "contract.termination.handover": True}, ()),
    ("en-onboarding-kept-is-not-prepaid",
     EN_HEAD + "A one-time onboarding fee of $750 is payable upon signing and is non-refundable.\n",
     {"fees.setup_fee": 750}, ("fees.refundable_on_exit",)),
    ("en-adjust-fees",
     EN_HEAD + "Agency may adjust its fees at any time by giving Client 30 days' written notice.\n",
     {"contract.unilateral_changes": True}, ("contract.termination.notice_days",)),
    # ---------------------------------------------------------------- more wordings
    ("zh-spn-authorisation",
     ZH_HEAD + "甲方授权乙方通过亚马逊SPN服务商授权的方式访问甲方店铺数据。\n",
     {"data_access.provider_access": "partner_authorization"}, ()),
    ("zh-stop-loss-roas-quarters",
     ZH_HEAD + "若连续两个季度的广告投入产出比（ROAS）低于2.0，甲方可书面通知乙方终止合同，且无需支付任何违约金。\n",
     {"contract.stop_loss.present": True, "contract.stop_loss.consecutive_periods": 2,
      "contract.stop_loss.period": "quarter", "contract.stop_loss.no_fault_exit": True}, ("contract.stop_loss.threshold_pct",)),
    ("zh-renewal-extend-notice-next-sentence",
     ZH_HEAD + "第六条 续约\n合同期满，双方无异议的，合同期限自动延长十二个月。甲方如不再续约，应于合同期满前一个月书面通知乙方。\n",
     {"contract.auto_renewal.present": True, "contract.auto_renewal.renewal_term_months": 12,
      "contract.auto_renewal.cancel_notice_days": 30}, ()),
    ("en-runs-for",
     EN_HEAD + "This Order Form begins on 1 July 2026 and runs for 6 months.\n",
     {"contract.start_date": "2026-07-01", "contract.term_months": 6}, ()),
    ("en-per-calendar-month",
     EN_HEAD + "Client will pay a retainer of £3,000 per calendar month.\n", {"fees.base_monthly": 3000, "currency": "GBP"}, ()),
    ("en-added-as-user",
     EN_HEAD + "Agency will be added as a user in Client's Seller Central account with permissions limited to Advertising and "
     "Inventory.\n",
     {"data_access.provider_access": "sub_account", "data_access.provider_permissions": "least_privilege"}, ()),
    # ---------------------------------------------------------------- a seller's own wish is no condition
    ("zh-term-dates-start",
     ZH_HEAD + "本合同自双方签字盖章之日起生效，服务期限为2026年7月1日至2027年6月30日。\n",
     {"contract.start_date": "2026-07-01", "contract.term_months": 12}, ()),
    ("zh-staff-change-is-not-a-term-change",
     ZH_HEAD + "乙方有权在合同期内根据运营需要调整服务人员，无需征得甲方同意。\n", {}, ("contract.unilateral_changes",)),
    ("zh-if-seller-wishes-to-leave",
     ZH_HEAD + "如甲方要求提前终止合作，须提前三十天书面通知乙方，并结清已发生的服务费用，乙方不另收取违约金。\n",
     {"contract.termination.for_convenience": True, "contract.termination.notice_days": 30,
      "contract.termination.early_termination_fee": 0}, ()),
    ("zh-renewal-on-original-terms",
     ZH_HEAD + "本合同期满后，如双方均未提出异议，则本合同按原条件自动续展一年。\n",
     {"contract.auto_renewal.present": True, "contract.auto_renewal.renewal_term_months": 12,
      "contract.auto_renewal.price_change": "none"}, ()),
    ("zh-late-interest-is-no-fee",
     ZH_HEAD + "甲方应在收到乙方发票后七个工作日内支付服务费，逾期付款的，每日按应付金额的万分之五支付滞纳金。\n",
     {}, ("fees.commission_pct", "fees.base_monthly", "contract.termination.early_termination_fee")),
    # ---------------------------------------------------------------- English, as agencies word it
    ("en-month-to-month-after-term",
     EN_HEAD + "After the Initial Term, this Agreement will continue on a month-to-month basis until terminated by either party "
     "with 30 days' written notice.\n",
     {"contract.auto_renewal.present": True, "contract.auto_renewal.renewal_term_months": 1,
      "contract.auto_renewal.cancel_notice_days": 30}, ()),
    ("en-greater-of-is-a-minimum",
     EN_HEAD + "Client agrees to pay a monthly management fee equal to the greater of (a) $2,000 or (b) 10% of Client's monthly "
     "ad spend.\n",
     {"fees.minimum_monthly_fee": 2000, "fees.ad_spend_pct": 10}, ("fees.base_monthly",)),
    ("en-owned-exclusively",
     EN_HEAD + "All creative materials produced by Agency for Client shall be owned exclusively by Client.\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("en-real-time-reporting-dashboard",
     EN_HEAD + "Agency will provide Client with a real-time reporting dashboard and a monthly performance report.\n",
     {"data_access.reporting": "live_dashboard"}, ()),
    ("en-guarantee-condition-is-no-convenience",
     EN_HEAD + "Performance Guarantee: If Client's Amazon sales do not increase by at least 20% by the end of month 3, Client "
     "may terminate this Agreement without penalty.\n",
     {}, ("contract.termination.for_convenience",)),
    ("en-non-hire-after-term",
     EN_HEAD + "Client shall not, during the Term and for six (6) months thereafter, directly or indirectly hire any Agency "
     "employee who worked on Client's account.\n",
     {"contract.exclusivity.present": True, "contract.exclusivity.months_after_term": 6}, ()),
]


@pytest.mark.parametrize("text,want,absent", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_clause_is_read_as_a_seller_would(tmp_path, text, want, absent):
    assert_read(hits(tmp_path, text), want, absent)


def test_a_fact_the_deal_format_cannot_hold_is_a_note_not_a_proposal(tmp_path):
    """Until the deal model knows a field (or a value), its reading is named in a note, in both languages."""
    f = tmp_path / "contract.txt"
    f.write_text(ZH_HEAD + "甲方每月向乙方支付基础服务费人民币8000元。\n", encoding="utf-8")
    reading = read_contract([str(f)])
    base = next(x for x in reading.found if x.hit.field == "fees.base_monthly")
    reading.found.append(Found(Hit("fees.not_yet_in_the_model", 3, 0.9), base.sentence, 0))
    reading.found.append(Found(Hit("contract.auto_renewal.present", "sometimes", 0.9), base.sentence, 0))
    props = {p.field: p for p in propose(reading)}
    assert props["fees.base_monthly"].value == 8000
    assert "fees.not_yet_in_the_model" not in props and "contract.auto_renewal.present" not in props
    en, zh = (document(reading, list(props.values()), lang)["notes"] for lang in ("en", "zh"))
    assert any("fees.not_yet_in_the_model" in n and "cannot hold it yet" in n and "p. 1" in n for n in en)
    assert any("fees.not_yet_in_the_model" in n and "还没有这一项" in n and "第1页" in n for n in zh)
    assert any("contract.auto_renewal.present" in n and "sometimes" in n for n in en)


def test_a_field_stated_two_ways_is_left_to_the_seller(tmp_path):
    f = tmp_path / "contract.txt"
    f.write_text(ZH_HEAD + "第二条 合同期限\n本合同期限为十二（12）个月。\n第九条 其他\n本合同期限为六（6）个月。\n", encoding="utf-8")
    reading = read_contract([str(f)])
    props = {p.field: p for p in propose(reading)}
    assert "contract.term_months" not in props
    assert any("contract.term_months" in n and "check it yourself" in n for n in document(reading, [], "en")["notes"])


# ---------------------------------------------------------------- rights, access, service and parties: wordings not fitted to
# Clauses written the ways agencies word them beyond the corpus (vest/assign/pass, 归属/享有/属…所有, staff accounts and
# "secondary users", 代理商账户, 百分之, gag and escape clauses without the corpus's verbs), with traps beside each.
WORDINGS = [
    # ownership
    ("zh-ip-gui-shu-without-yu", ZH_HEAD + "乙方在服务期间为甲方制作的全部商品图片、视频及详情页文案，其著作权自交付之日起归属甲方。\n",
     {"contract.ip.creatives": "seller", "contract.ip.copy": "seller"}, ()),
    ("zh-ip-you-jia-fang-xiang-you", ZH_HEAD + "本合同项下乙方创作的设计成果（包括但不限于主图、A+页面、短视频），其知识产权由甲方享有。\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("zh-ip-shu-jia-fang-suo-you", ZH_HEAD + "乙方拍摄的产品照片及制作的视频，著作权属甲方所有。\n", {"contract.ip.creatives": "seller"}, ()),
    ("zh-ip-transferred-to-seller", ZH_HEAD + "甲方付清全部费用后，乙方将其设计作品的全部知识产权转让给甲方。\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("zh-ip-ownership-and-use-rights", ZH_HEAD + "乙方交付的全部素材及源文件的所有权及使用权均归甲方。\n", {"contract.ip.creatives": "seller"}, ()),
    ("zh-ip-licence-only", ZH_HEAD + "乙方制作的图片和视频，甲方仅享有在本店铺内的使用权，著作权归乙方所有。\n",
     {"contract.ip.creatives": "provider"}, ()),
    ("zh-ip-licence-during-term", ZH_HEAD + "乙方授权甲方在合作期内使用其制作的主图及文案，合作终止后甲方应停止使用。\n",
     {"contract.ip.creatives": "provider", "contract.ip.copy": "provider"}, ()),
    ("zh-ip-trap-seller-materials", ZH_HEAD + "甲方提供的商标、产品图片等资料的知识产权归甲方所有，乙方仅可为履行本合同使用。\n",
     {}, ("contract.ip.creatives",)),
    ("zh-ip-trap-tools", ZH_HEAD + "乙方自有的设计模板、作图工具及素材库的知识产权仍归乙方所有。\n", {}, ("contract.ip.creatives",)),
    ("en-ip-hereby-assigns", EN_HEAD + "Upon payment in full, Agency hereby assigns to Client all right, title and interest in the Deliverables.\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("en-ip-passes-to", EN_HEAD + "Title to all photographs and product videos passes to the Client on delivery.\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("en-ip-work-made-for-hire", EN_HEAD + "All images, videos and designs created by Agency under this Agreement are works made for hire "
     "for the Client.\n", {"contract.ip.creatives": "seller"}, ()),
    ("en-ip-copy-belongs", EN_HEAD + "Copyright in all product descriptions and A+ content written by the Agency belongs to the Client.\n",
     {"contract.ip.copy": "seller"}, ()),
    ("en-ip-agency-retains", EN_HEAD + "Agency retains ownership of all creatives and grants Client a non-exclusive licence to use them "
     "during the Term.\n", {"contract.ip.creatives": "provider"}, ()),
    ("en-ip-trap-tools", EN_HEAD + "Agency's pre-existing templates, tools and methodologies remain the property of the Agency.\n",
     {}, ("contract.ip.creatives",)),
    ("en-ip-trap-client-materials", EN_HEAD + "Client grants Agency a licence to use Client's logos and product images solely to "
     "perform the Services.\n", {}, ("contract.ip.creatives",)),
    # access and permissions
    ("zh-access-logins-handed", ZH_HEAD + "甲方将店铺后台的登录账号和密码交予乙方使用。\n", {"data_access.provider_access": "main_account"}, ()),
    ("zh-access-invited-user", ZH_HEAD + "甲方通过卖家中心的用户权限功能邀请乙方运营人员，乙方不得要求甲方提供主账号密码。\n",
     {"data_access.provider_access": "sub_account"}, ()),
    ("zh-access-staff-account-modules", ZH_HEAD + "甲方为乙方分配员工账号，权限仅限于广告模块和商品模块。\n",
     {"data_access.provider_access": "sub_account", "data_access.provider_permissions": "least_privilege"}, ()),
    ("zh-access-admin", ZH_HEAD + "甲方授权乙方使用店铺的管理员权限进行日常运营。\n", {"data_access.provider_permissions": "full"}, ()),
    ("zh-funds-no-right", ZH_HEAD + "乙方无权操作甲方店铺的资金提现及收款账户。\n", {"data_access.funds_access": False}, ()),
    ("zh-access-trap-own-staff", ZH_HEAD + "甲方可自行设立子账号供其内部员工使用。\n", {}, ("data_access.provider_access",)),
    ("en-access-staff-account", EN_HEAD + "Client will create a Shopify staff account for Agency with full permissions.\n",
     {"data_access.provider_access": "sub_account", "data_access.provider_permissions": "full"}, ()),
    ("en-access-secondary-user", EN_HEAD + "Client will grant Agency access as a secondary user; Agency will never ask for the primary "
     "account password.\n", {"data_access.provider_access": "sub_account"}, ("data_access.two_factor_with_seller",)),
    ("en-funds-no-withdrawals", EN_HEAD + "Agency may not initiate withdrawals or change disbursement settings in Client's account.\n",
     {"data_access.funds_access": False}, ()),
    ("en-access-trap-own-sub-accounts", EN_HEAD + "Client may create sub-accounts for its own warehouse staff.\n",
     {}, ("data_access.provider_access",)),
    ("en-access-trap-never-password", EN_HEAD + "Agency shall never request Client's master password.\n",
     {}, ("data_access.provider_access",)),
    # ad account, export
    ("zh-ad-account-in-seller-name", ZH_HEAD + "广告账户注册在甲方名下，所有权属于甲方。\n", {"data_access.ad_account_owner": "seller"}, ()),
    ("zh-ad-account-agency-account", ZH_HEAD + "乙方使用其代理商广告账户为甲方投放广告，广告费由甲方预付至乙方。\n",
     {"data_access.ad_account_owner": "provider"}, ()),
    ("en-ad-account-owned-by-client", EN_HEAD + "All campaigns will run in advertising accounts owned by the Client.\n",
     {"data_access.ad_account_owner": "seller"}, ()),
    ("en-ad-account-agency-own", EN_HEAD + "Agency will run campaigns through its own agency ad account and re-bill the spend.\n",
     {"data_access.ad_account_owner": "provider"}, ()),
    # one-sided clauses
    ("zh-unilateral-ke-dan-fang", ZH_HEAD + "乙方可根据市场情况单方调整服务费标准，调整后的价格自通知之日起生效。\n",
     {"contract.unilateral_changes": True}, ()),
    ("zh-unilateral-trap-mutual", ZH_HEAD + "经双方协商一致，可书面调整服务费标准。\n", {}, ("contract.unilateral_changes",)),
    ("zh-escape-you-jia-fang-cheng-dan", ZH_HEAD + "由于甲方原因（包括但不限于未按时付款、未及时提供授权）造成的损失，由甲方自行承担，乙方不承担任何责任。\n",
     {"contract.non_cooperation_escape": True}, ()),
    ("zh-gag-ping-lun", ZH_HEAD + "甲方不得在任何社交媒体或平台上发布对乙方不利的评论。\n", {"contract.restricts_reviews_or_complaints": True}, ()),
    ("zh-gag-cha-ping", ZH_HEAD + "甲方承诺不对乙方进行差评或恶意投诉。\n", {"contract.restricts_reviews_or_complaints": True}, ()),
    ("zh-black-hat-bu-cai-yong", ZH_HEAD + "乙方承诺不采用刷单、刷好评等违反平台规则的手段。\n", {"compliance.black_hat_excluded": True}, ()),
    ("zh-black-hat-yan-jin", ZH_HEAD + "严禁乙方进行虚假交易或操纵评价。\n", {"compliance.black_hat_excluded": True}, ()),
    ("zh-kpi-penalty-pro-rata", ZH_HEAD + "第五条 考核\n如乙方未完成约定的月度考核指标，当月服务费按实际完成比例收取。\n",
     {"contract.kpi_penalty": True}, ()),
    ("en-unilateral-subject-to-change", EN_HEAD + "Agency may revise its fees at any time on fourteen (14) days' notice.\n",
     {"contract.unilateral_changes": True}, ()),
    ("en-unilateral-trap-signed", EN_HEAD + "Any change to the fees requires a written amendment signed by both parties.\n",
     {}, ("contract.unilateral_changes",)),
    ("en-escape-is-not-liable", EN_HEAD + "Agency is not liable for any delay caused by Client's failure to provide timely approvals or "
     "materials.\n", {"contract.non_cooperation_escape": True}, ()),
    ("en-gag-disparaging", EN_HEAD + "Client agrees not to make any disparaging statements about the Agency or its staff.\n",
     {"contract.restricts_reviews_or_complaints": True}, ()),
    ("en-gag-trap-agency-side", EN_HEAD + "Agency shall not make any disparaging statements about Client's products.\n",
     {}, ("contract.restricts_reviews_or_complaints",)),
    ("en-kpi-penalty-missed", EN_HEAD + "If the agreed KPIs are missed in a month, the management fee for that month is reduced by 50%.\n",
     {"contract.kpi_penalty": True}, ()),
    ("en-black-hat-tos", EN_HEAD + "Agency will not engage in any practice that violates Amazon's policies, including fake reviews.\n",
     {"compliance.black_hat_excluded": True}, ()),
    # service
    ("zh-platforms-label", ZH_HEAD + "服务平台：TikTok Shop美国站、Shopee马来西亚站。\n", {"service.platforms": ["shopee", "tiktok_shop"]}, ()),
    ("en-platforms-label", EN_HEAD + "Platforms: Amazon US and eBay.\n", {"service.platforms": ["amazon", "ebay"]}, ()),
    ("zh-team-zhi-ding", ZH_HEAD + "乙方指定专职运营人员2名负责甲方店铺的日常运营。\n",
     {"service.team_size": 2, "service.dedicated_team": True}, ()),  # people named to this seller's store
    ("zh-team-zhuan-zhi-only", ZH_HEAD + "乙方安排两（2）名专职客服处理买家消息。\n",
     {"service.team_size": 2}, ("service.dedicated_team",)),  # 专职 is full-time, not kept for this seller alone
    ("zh-team-zhuan-men", ZH_HEAD + "乙方为甲方配备专门的运营小组，共3人，负责店铺日常运营。\n",
     {"service.dedicated_team": True, "service.team_size": 3}, ()),
    ("en-team-dedicated", EN_HEAD + "Agency will assign a dedicated team of three (3) specialists to Client's account.\n",
     {"service.dedicated_team": True, "service.team_size": 3}, ()),
    ("zh-minimum-bu-shao-yu", ZH_HEAD + "双方合作期不少于六（6）个月。\n", {"fees.minimum_commitment_months": 6}, ()),
    ("en-minimum-n-month", EN_HEAD + "There is a 6-month minimum commitment for this engagement.\n", {"fees.minimum_commitment_months": 6}, ()),
    ("en-minimum-engagement-period", EN_HEAD + "The minimum engagement period is three (3) months.\n",
     {"fees.minimum_commitment_months": 3}, ()),
    ("zh-2fa-seller-keeps", ZH_HEAD + "店铺绑定手机及二次验证设备始终由甲方自行保管。\n", {"data_access.two_factor_with_seller": True}, ()),
    ("en-2fa-remains", EN_HEAD + "The two-factor authentication device remains with the Client at all times.\n",
     {"data_access.two_factor_with_seller": True}, ()),
    ("zh-daily-hui-bao", ZH_HEAD + "乙方应每日向甲方汇报店铺销售及广告数据。\n", {"governance.daily_brief": True}, ()),
    ("zh-forced-logistics", ZH_HEAD + "甲方须使用乙方指定的物流服务商发货。\n", {"fees.forced_purchases": True}, ()),
    ("zh-forced-trap-may", ZH_HEAD + "甲方可自行选择物流服务商，乙方可提供推荐。\n", {}, ("fees.forced_purchases",)),
    ("zh-indemnity", ZH_HEAD + "因乙方违反平台规则导致店铺被封或扣款的，乙方应赔偿甲方全部损失。\n",
     {"compliance.indemnity_for_violations": True}, ()),
    ("en-indemnity-losses", EN_HEAD + "Agency will indemnify Client for losses from any account suspension caused by Agency's breach of "
     "platform policies.\n", {"compliance.indemnity_for_violations": True}, ()),
    # the provider's legal form, responsibilities, a membership that is not automatic
    ("zh-legal-form-individual", "代运营服务协议\n甲方（委托方）：深圳市海川贸易有限公司\n乙方（服务方）：义乌市某某电子商务商行（个体工商户）\n",
     {"provider.legal_form": "individual_business"}, ()),
    ("en-legal-form-sole-trader", "SERVICES AGREEMENT\nBetween: Northwind Goods Ltd (the \"Client\")\nAnd: Jane Smith, trading as "
     "Smith Listings, a sole trader (the \"Agency\")\n", {"provider.legal_form": "individual_business"}, ()),
    ("en-legal-form-trap-client-sole-trader", "SERVICES AGREEMENT\nBetween: Jane Smith, a sole trader trading as Smith Candles "
     "(the \"Client\")\nAnd: BrightPeak Media Ltd (the \"Agency\")\n", {}, ("provider.legal_form",)),
    ("zh-responsibilities-listed", ZH_HEAD + "第二条 双方职责\n1. 乙方负责：商品上架、广告投放、客服回复。\n2. 甲方负责：供货、定价审批、物流发货。\n",
     {"contract.responsibilities_defined": True}, ()),
    ("en-responsibilities-listed", EN_HEAD + "3. Responsibilities\n3.1 Agency is responsible for: listings, advertising and reporting.\n"
     "3.2 Client is responsible for: inventory, pricing and fulfilment.\n", {"contract.responsibilities_defined": True}, ()),
    # second round, written after the patterns were widened for the first (its first-sight figure is in the commit message)
    ("zh-ip-copyright-ownership-transfer", ZH_HEAD + "乙方为本项目创作的全部图片、短视频及Listing文案，自甲方支付完毕相应费用之日起，其全部著作权（包括但不限于复制权、改编权、信息网络传播权）转移至甲方。\n",
     {"contract.ip.creatives": "seller", "contract.ip.copy": "seller"}, ()),
    ("zh-ip-provider-keeps-source-files", ZH_HEAD + "乙方交付的设计稿的著作权仍属于乙方，源文件不予交付，甲方仅可在合作期内使用。\n",
     {"contract.ip.creatives": "provider"}, ()),
    ("zh-ip-data-both", ZH_HEAD + "店铺运营过程中产生的全部经营数据的所有权归属于甲方，乙方不得将其用于为第三方提供服务。\n",
     {"contract.ip.data": "seller"}, ()),
    ("en-ip-shall-vest-on-payment", EN_HEAD + "On receipt of full payment, all intellectual property rights in the creative assets shall vest in "
     "the Client.\n", {"contract.ip.creatives": "seller"}, ()),
    ("en-ip-client-owns-listing-content", EN_HEAD + "Client owns all listing content, A+ pages and brand store designs produced under this "
     "Agreement.\n", {"contract.ip.creatives": "seller", "contract.ip.copy": "seller"}, ()),
    ("en-ip-trap-portfolio", EN_HEAD + "Agency may display the creatives in its portfolio and on its website.\n", {}, ("contract.ip.creatives",)),
    ("zh-access-password-shared", ZH_HEAD + "甲方应于合同签订后2日内将亚马逊卖家中心的账号、密码及绑定邮箱告知乙方。\n",
     {"data_access.provider_access": "main_account"}, ()),
    ("zh-access-read-only", ZH_HEAD + "甲方为乙方开通子账号，仅开放广告和报告模块的只读权限。\n",
     {"data_access.provider_access": "sub_account", "data_access.provider_permissions": "least_privilege"}, ()),
    ("en-access-user-limited", EN_HEAD + "Client will invite the Agency's specialists as users in Seller Central, limited to the Advertising "
     "and Catalogue permissions.\n", {"data_access.provider_access": "sub_account", "data_access.provider_permissions": "least_privilege"}, ()),
    ("en-access-login-details", EN_HEAD + "Client shall provide the Agency with the username and password of its Shopify store owner account.\n",
     {"data_access.provider_access": "main_account"}, ()),
    ("en-funds-never", EN_HEAD + "The Agency will never have access to the Client's bank details, payouts or payment settings.\n",
     {"data_access.funds_access": False}, ()),
    ("zh-ad-account-seller-opens", ZH_HEAD + "甲方以自己的名义开立TikTok广告账户，乙方仅作为操作方。\n", {"data_access.ad_account_owner": "seller"}, ()),
    ("en-ad-account-client-name", EN_HEAD + "Advertising accounts will be opened in the Client's name and funded by the Client directly.\n",
     {"data_access.ad_account_owner": "seller"}, ()),
    ("zh-unilateral-bao-liu-tiao-zheng", ZH_HEAD + "乙方保留根据市场行情调整服务价格的权利，调整后的价格以乙方通知为准。\n",
     {"contract.unilateral_changes": True}, ()),
    ("en-unilateral-sole-discretion", EN_HEAD + "The Agency may change the scope of the Services at its sole discretion.\n",
     {"contract.unilateral_changes": True}, ()),
    ("zh-escape-yan-chi", ZH_HEAD + "因甲方延迟提供产品资料、图片或回复确认，导致运营效果未达预期的，乙方不承担责任。\n",
     {"contract.non_cooperation_escape": True}, ()),
    ("en-escape-client-delays", EN_HEAD + "The Agency shall not be liable for any failure to achieve results caused by the Client's delay in "
     "approving content.\n", {"contract.non_cooperation_escape": True}, ()),
    ("zh-gag-fu-mian", ZH_HEAD + "合作期间及结束后，甲方不得以任何形式在网络上发表有损乙方声誉的负面言论。\n",
     {"contract.restricts_reviews_or_complaints": True}, ()),
    ("en-gag-refrain", EN_HEAD + "The Client shall refrain from posting negative reviews of the Agency on any platform.\n",
     {"contract.restricts_reviews_or_complaints": True}, ()),
    ("zh-gag-trap-provider", ZH_HEAD + "乙方不得在任何场合发表对甲方产品不利的言论。\n", {}, ("contract.restricts_reviews_or_complaints",)),
    ("zh-black-hat-bu-de-shua", ZH_HEAD + "乙方不得以刷单、虚假评论等方式提升店铺排名。\n", {"compliance.black_hat_excluded": True}, ()),
    ("en-black-hat-no-fake", EN_HEAD + "The Agency will not buy reviews, place fake orders or use any review manipulation.\n",
     {"compliance.black_hat_excluded": True}, ()),
    ("zh-kpi-penalty-tui-huan", ZH_HEAD + "第六条 考核\n如当月未达到考核指标，乙方应退还当月服务费的30%。\n", {"contract.kpi_penalty": True}, ()),
    ("en-kpi-penalty-credit", EN_HEAD + "If the KPIs are not achieved in any month, the Client will receive a credit of 20% of that month's "
     "retainer.\n", {"contract.kpi_penalty": True}, ()),
    ("zh-platforms-service", ZH_HEAD + "乙方负责甲方在速卖通和Lazada平台的店铺运营。\n", {"service.platforms": ["aliexpress", "lazada"]}, ()),
    ("en-platforms-services", EN_HEAD + "Agency will provide store management services for Client's eBay and Walmart stores.\n",
     {"service.platforms": ["ebay", "walmart"]}, ()),
    ("zh-minimum-zhi-shao", ZH_HEAD + "本合同最低服务期限为三（3）个月，最低服务期内甲方不得解除本合同。\n", {"fees.minimum_commitment_months": 3}, ()),
    ("en-minimum-commit", EN_HEAD + "Client agrees to a minimum term of six (6) months.\n", {"fees.minimum_commitment_months": 6}, ()),
    ("zh-2fa-trap-none", ZH_HEAD + "乙方应开启店铺后台的二次验证功能以保障账号安全。\n", {}, ("data_access.two_factor_with_seller",)),
    ("en-2fa-client-keeps", EN_HEAD + "The Client keeps the two-factor authentication phone and will share codes on request.\n",
     {"data_access.two_factor_with_seller": True}, ()),
    ("en-daily-report", EN_HEAD + "Agency will email the Client a daily performance summary.\n", {"governance.daily_brief": True}, ()),
    ("en-forced-purchase-software", EN_HEAD + "Client must purchase the Agency's repricing software licence for the Term.\n",
     {"fees.forced_purchases": True}, ()),
    ("zh-legal-form-person", "代运营服务协议\n甲方（委托方）：深圳市海川贸易有限公司\n乙方（服务方）：张某某（身份证号：330102199001011234）\n",
     {"provider.legal_form": "individual"}, ()),
    ("en-legal-form-individual", "SERVICES AGREEMENT\nBetween Northwind Goods Ltd (the \"Client\") and Jane Doe, an individual (the \"Agency\").\n",
     {"provider.legal_form": "individual"}, ()),
    ("zh-legal-form-trap-seller-individual", "代运营服务协议\n甲方（委托方）：义乌市某某百货店（个体工商户）\n乙方（服务方）：杭州跨境星辰电子商务有限公司\n",
     {}, ("provider.legal_form",)),
    # third round: traps for the widened patterns
    ("zh-ip-made-from-seller-materials", ZH_HEAD + "乙方根据甲方提供的产品资料制作的主图、视频，其著作权归甲方所有。\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("en-ip-made-from-client-materials", EN_HEAD + "Images created by the Agency from product samples provided by the Client belong to the Client.\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("en-ip-trap-not-for-hire", EN_HEAD + "The creatives shall not be considered works made for hire.\n", {}, ("contract.ip.creatives",)),
    ("zh-unilateral-trap-on-request", ZH_HEAD + "乙方可根据甲方的需求调整服务内容及相应费用。\n", {}, ("contract.unilateral_changes",)),
    ("zh-access-service-provider-word", "代运营服务合同\n委托方：深圳市海川贸易有限公司\n服务商：杭州跨境星辰电子商务有限公司\n"
     "委托方为服务商开通店铺后台子账号，权限仅限于商品及广告模块。\n",
     {"data_access.provider_access": "sub_account", "data_access.provider_permissions": "least_privilege"}, ()),
    ("zh-responsibilities-trap-costs", ZH_HEAD + "甲方负责支付广告费、平台佣金及物流费用。\n", {}, ("contract.responsibilities_defined",)),
    ("zh-responsibilities-provider-only", ZH_HEAD + "乙方负责商品上架、广告投放及客服回复。\n", {}, ("contract.responsibilities_defined",)),
    ("en-responsibilities-trap-losses", EN_HEAD + "Client is responsible for any losses, damages and claims arising from its products.\n", {},
     ("contract.responsibilities_defined",)),
    ("en-responsibilities-client-remains", EN_HEAD + "Client remains responsible for inventory, pricing and fulfilment.\n",
     {"contract.responsibilities_defined": True}, ()),
    ("en-legal-form-company-incorporated", "SERVICES AGREEMENT\nBetween: Northwind Goods Ltd (the \"Client\")\nAnd: BrightPeak Media Pte. Ltd., a "
     "company incorporated in Singapore (the \"Agency\")\n", {"provider.legal_form": "registered_company"}, ()),
    ("en-membership-trap-renews", EN_HEAD + "The membership renews automatically each month until cancelled.\n",
     {"contract.auto_renewal.present": True}, ()),
    # fourth round, from public templates and help pages (paraphrased)
    ("zh-access-password-authorisation", ZH_HEAD + "甲方应积极配合乙方完成代运营所需的站内信息授权、账号密码授权等手续，如需更改密码，甲方应及时通知乙方。\n",
     {"data_access.provider_access": "main_account"}, ()),
    ("zh-exclusive-sole-provider", ZH_HEAD + "甲方指定乙方为甲方品牌在亚马逊平台的唯一运营服务商。\n",
     {"contract.non_solicit_or_exclusivity": "Exclusivity"}, ()),
    ("en-funds-no-bank-needed", EN_HEAD + "The Agency does not need access to the Client's bank or tax information.\n",
     {"data_access.funds_access": False}, ()),
    ("en-access-authorized-partner", EN_HEAD + "Client will add the Agency as an Authorized Partner in Seller Central's Global User Permissions.\n",
     {"data_access.provider_access": "partner_authorization"}, ()),
    ("en-permissions-maximum", EN_HEAD + "Client shall grant the Agency admin rights for all tools except Bank and Tax settings.\n",
     {"data_access.provider_permissions": "broad"}, ()),
    ("zh-ip-design-vest", ZH_HEAD + "乙方完成的店铺首页装修、商品详情页设计等成果，在甲方付清服务费后归甲方所有。\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("zh-daily-monitor-trap", ZH_HEAD + "乙方每日监控销售数据、流量数据及转化率，每周生成数据简报。\n", {}, ("governance.daily_brief",)),
    # fifth round: English boilerplate
    ("en-ip-exclusive-property", EN_HEAD + "All Deliverables, including product photography and listing copy, shall be the exclusive property "
     "of the Client.\n", {"contract.ip.creatives": "seller", "contract.ip.copy": "seller"}, ()),
    ("en-ip-client-retains-rtI", EN_HEAD + "The Client shall retain all right, title and interest in its store data and customer lists.\n",
     {"contract.ip.data": "seller"}, ()),
    ("en-ip-assigns-and-agrees", EN_HEAD + "The Agency hereby assigns, and agrees to assign, to the Client all copyright in the creative works "
     "produced under this Agreement.\n", {"contract.ip.creatives": "seller"}, ()),
    ("en-ip-owned-upon-creation", EN_HEAD + "All designs and videos are owned by the Client upon creation.\n", {"contract.ip.creatives": "seller"}, ()),
    ("en-ip-trap-third-party", EN_HEAD + "Stock images licensed from third parties remain the property of their owners.\n", {},
     ("contract.ip.creatives",)),
    ("en-access-trap-remove", EN_HEAD + "Within five days after termination, the Client will remove the Agency's user access from Seller Central.\n",
     {}, ("data_access.provider_access",)),
    ("en-escape-client-failure", EN_HEAD + "The Agency shall not be held responsible for delays resulting from the Client's failure to supply "
     "inventory or approvals.\n", {"contract.non_cooperation_escape": True}, ()),
    ("en-kpi-penalty-fee-refund", EN_HEAD + "Should the Agency fail to achieve the KPIs for two consecutive months, 50% of the management fee "
     "for those months shall be refunded.\n", {"contract.kpi_penalty": True}, ()),
    # sixth round: governance and indemnity worded otherwise
    ("zh-review-monthly-meeting", ZH_HEAD + "双方每月召开一次经营分析会，回顾上月运营数据。\n", {"governance.review_cadence": "monthly"}, ()),
    ("en-review-meet-quarterly", EN_HEAD + "The parties will meet quarterly to review performance against the KPIs.\n",
     {"governance.review_cadence": "quarterly"}, ()),
    ("en-daily-end-of-day", EN_HEAD + "The Agency will send an end-of-day report on every business day.\n", {"governance.daily_brief": True}, ()),
    ("zh-indemnity-without-yin", ZH_HEAD + "乙方违规操作导致店铺受到平台处罚的，由乙方承担全部责任并赔偿甲方损失。\n",
     {"compliance.indemnity_for_violations": True}, ()),
    ("zh-indemnity-trap-seller", ZH_HEAD + "因甲方产品质量问题导致店铺受到平台处罚的，由甲方自行承担责任。\n", {},
     ("compliance.indemnity_for_violations",)),
    # parties named otherwise: the clause is read once the names are
    ("zh-parties-fa-bao-cheng-bao", "店铺运营承包合同\n发包方：宁波市某某工具有限公司\n承包方：杭州某某电子商务有限公司\n"
     "承包方为发包方制作的全部商品图片及视频，其著作权归发包方所有。\n", {"contract.ip.creatives": "seller"}, ()),
    ("zh-parties-student-and-school", "跨境电商培训协议\n学员：李某某\n培训机构：深圳市某某教育科技有限公司\n"
     "学员不得在任何平台发表对培训机构不利的评价或言论。\n", {"contract.restricts_reviews_or_complaints": True}, ()),
    ("en-membership-not-automatic", EN_HEAD + "Graduates may join the community at US$99 per month. Membership is not automatic; "
     "it starts only if you sign up for it.\n", {"contract.auto_renewal.present": False}, ("fees.base_monthly",)),
    # precision by class (the blind batches' first-sight false positives): the threshold of a stop-loss is not a KPI target; a
    # column naming only where a KPI is read is its data source, not a formula; "no payouts, but refunds up to …" is refunds
    # capped; a host's or staff member's own account is not the store's
    ("en-kpi-stop-loss-trigger-is-no-target", EN_HEAD + "5. KPIs\nTarget ACoS: no more than 28% each calendar month.\n"
     "If ACoS stays above 35% for two consecutive months, the Client may end this agreement immediately by email.\n",
     {"kpis[acos].target": 28, "kpis[acos].target_kind": "at_most", "contract.stop_loss.present": True,
      "contract.stop_loss.consecutive_periods": 2}, ("kpis[acos-2].target",)),
    ("zh-kpi-stop-loss-trigger-is-no-target", ZH_HEAD + "第六条 考核指标\n广告ACoS不高于28%，按月考核。\n广告ACoS连续两个月高于35%的，甲方可以立即解约。\n",
     {"kpis[acos].target": 28, "contract.stop_loss.present": True, "contract.stop_loss.notice_days": 0}, ("kpis[acos-2].target",)),
    ("en-kpi-stop-loss-exit-wording", EN_HEAD + "5. Performance targets\nMonthly ROAS of at least 3.0.\nWhere ROAS falls below 2.0 in two "
     "consecutive months, the Client can exit the agreement with immediate effect.\n",
     {"kpis[roas].target": 3, "kpis[roas].target_kind": "at_least", "contract.stop_loss.present": True, "contract.stop_loss.notice_days": 0},
     ("kpis[roas-2].target",)),
    ("zh-kpi-source-column-is-no-formula", ZH_HEAD + "第六条 考核指标\n| 指标 | 目标 | 口径 |\n|---|---|---|\n| 店铺GMV | 人民币100万元 | 生意参谋，含税，扣除退款 |\n",
     {"kpis[gmv].target": 1000000, "kpis[gmv].net_of_refunds": True}, ("kpis[gmv].formula",)),
    ("en-kpi-source-column-is-no-formula", EN_HEAD + "5. KPIs\n| Metric | Target | How it is measured |\n|---|---|---|\n"
     "| Net Sales | USD 50,000 per month | Seller Central, excluding VAT, net of refunds |\n",
     {"kpis[net_sales].target": 50000, "kpis[net_sales].data_source": "seller_central"}, ("kpis[net_sales].formula",)),
    ("zh-kpi-formula-column-with-a-quantity", ZH_HEAD + "第六条 考核指标\n| 指标 | 目标 | 口径 |\n|---|---|---|\n| 店铺GMV | 人民币100万元 | 已完成订单金额扣除退款 |\n",
     {"kpis[gmv].formula": "已完成订单金额扣除退款"}, ()),
    ("zh-funds-none-but-refunds-capped", ZH_HEAD + "第八条 权限\n乙方无权操作店铺提现、修改收款账户，但可为买家办理单笔不超过200元的退款。\n",
     {"data_access.funds_scope": "refunds_capped"}, ("data_access.funds_access",)),
    ("en-funds-none-but-refunds-capped", EN_HEAD + "8. The Agency has no access to payouts or bank details, but may issue buyer refunds of up "
     "to $50 per order.\n", {"data_access.funds_scope": "refunds_capped"}, ("data_access.funds_access",)),
    ("en-funds-none-alone", EN_HEAD + "8. The Agency has no access to payouts or bank details.\n",
     {"data_access.funds_scope": "none", "data_access.funds_access": False}, ()),
    ("zh-permissions-admin-except-funds", ZH_HEAD + "第八条 权限\n甲方为乙方开通店铺后台管理员权限，但资金及用户权限管理除外。\n",
     {"data_access.provider_permissions": "broad"}, ()),
    ("zh-accounts-host-personal-is-not-the-store", ZH_HEAD + "第六条 知识产权\n主播系乙方签约人员，主播肖像权及个人账号归乙方所有。\n", {},
     ("contract.ip.accounts",)),
    ("zh-accounts-store-is", ZH_HEAD + "第六条 知识产权\n店铺账号及广告账户归甲方所有。\n", {"contract.ip.accounts": "seller"}, ()),
    # parties by structure (blind batch d69–d74): a defined name of two words told by its words (the "Brand Holder"), a short name
    # after a company and its address ("Falcon"), "you" defined before "we" and a short name defined with "we", any name defined
    # by 以下称 (本机构), a signature line that is no party; a key-terms line with dot leaders is a two-column row
    ("en-parties-brand-holder-and-short-name", "MARKETPLACE AGREEMENT\nThis Agreement is made between Lantern Goods Co., Ltd., Room 5, "
     "Yinzhou District, Ningbo, China (the “Brand Holder”) and Falcon Commerce GmbH, Hamburg, Germany (“Falcon”).\n7. Termination\n"
     "7.1 The Brand Holder may terminate this Agreement at any time on thirty (30) days' written notice.\n"
     "7.2 Falcon may terminate this Agreement for any reason on sixty (60) days' notice.\n",
     {"contract.termination.for_convenience": True, "contract.termination.notice_days": 30,
      "contract.termination.provider_for_convenience": True}, ()),
    ("en-parties-you-before-we", "# Statement of Work\n**Between Northpeak Outdoors LLC (\"you\") and Brightwire Growth Studio, Inc. "
     "(\"Brightwire\", \"we\", \"us\").**\n5.1 You may end this SOW at any time by giving thirty (30) days' written notice.\n"
     "5.2 Brightwire may end this SOW for any reason on sixty (60) days' notice.\n",
     {"contract.termination.for_convenience": True, "contract.termination.notice_days": 30,
      "contract.termination.provider_for_convenience": True}, ()),
    ("en-parties-holder-of-a-licence-is-not-told", "LICENCE\nThis Agreement is made between Acme Ltd (the \"Service Holder\") and Bolt Ltd "
     "(the \"Brand Agency\").\nThe Service Holder may terminate this Agreement at any time on 30 days' notice.\n", {},
     ("contract.termination.for_convenience",)),
    ("zh-parties-named-institution", "陪跑营服务协议\n报名人（以下称“学员”）：张某某，身份证号：3302**********1536\n"
     "服务提供方（以下称“本机构”）：深圳市某某教育科技有限公司\n五、解除\n本机构有权提前三十日书面通知学员解除本协议。\n学员（签字）：\n",
     {"contract.termination.provider_for_convenience": True}, ("contract.termination.for_convenience",)),
    ("en-key-terms-dot-leaders", "ORDER FORM\nThis Order Form is entered into by PriceKite Software Ltd, 3 Quay Street, Manchester M3 3HN "
     "(\"PriceKite\") and the subscriber named below (the \"Subscriber\").\nSubscriber ............................ Meridian Kitchenware Ltd\n"
     "Subscription Start Date ............... 1 December 2027\nInitial Subscription Term ............. 12 months\n"
     "Subscription Fee ...................... GBP 189 per month\nGoverning Law ......................... England and Wales\n",
     {"contract.start_date": "2027-12-01", "contract.term_months": 12, "fees.base_monthly": 189, "contract.governing_law": "GB"}, ()),
    ("zh-key-terms-dot-leaders", ZH_HEAD + "服务期限……………………12个月\n起始日期……………………2027年3月1日\n月服务费……………………人民币8000元\n",
     {"contract.term_months": 12, "contract.start_date": "2027-03-01", "fees.base_monthly": 8000}, ()),
    ("en-dot-leaders-in-prose-are-not-a-row", EN_HEAD + "4. Fees. The Client pays the fees.... as invoiced.\n", {}, ("fees.base_monthly",)),
    # a table a PDF text layer writes with spaces between its cells, under a header of column names; an annex that prevails
    ("zh-space-table-rows", ZH_HEAD + "附件一 费用明细\n费用项目 收费标准 支付方式\n月度基础服务费 人民币3500元/月 每月5日前支付\n"
     "销售分成 店铺当月销售额的8% 按月结算\n", {"fees.base_monthly": 3500, "fees.commission_pct": 8}, ()),
    ("zh-space-line-without-header-is-prose", ZH_HEAD + "第四条 费用\n服务费 每月 另行协商 不含税\n", {}, ("fees.base_monthly",)),
    ("zh-annex-without-prevailing-stays-two-values", ZH_HEAD + "第三条 费用\n3.1 销售分成按甲方店铺当月销售额的5%计算。\n附件一 费用明细\n"
     "| 费用项目 | 收费标准 |\n|---|---|\n| 销售分成 | 店铺当月销售额的8% |\n", {}, ()),
    # a term defined in a definitions clause and used later: its definition says what the later sentence means
    ("en-defined-uplift-is-incremental", EN_HEAD + "1. Definitions\n1.1 “Uplift” means the amount by which Net Sales in a calendar month "
     "exceed the Baseline.\n4. Fees\n4.1 The Agency earns a performance fee of 6% of the Uplift.\n",
     {"fees.commission_pct": 6, "fees.commission_basis": "incremental_gmv"}, ()),
    ("en-defined-net-revenue-is-net", EN_HEAD + "1. Definitions\n1.1 \"Revenue\" means gross sales less refunds and returns.\n4. Fees\n"
     "4.1 The Agency earns a commission of 5% of Revenue.\n", {"fees.commission_pct": 5, "fees.commission_basis": "net_sales"}, ()),
    ("en-defined-term-not-used-says-nothing", EN_HEAD + "1. Definitions\n1.1 “Uplift” means the amount by which sales exceed the Baseline.\n"
     "4. Fees\n4.1 The Agency earns a commission of 5% of gross sales.\n", {"fees.commission_basis": "total_gmv"}, ()),
    ("en-defined-kpi-measure", EN_HEAD + "1. Definitions\n1.2 “Net Sales” means ordered product sales less refunds and returns and excluding "
     "VAT, as shown in the Business Report of Seller Central.\n5. Targets\n5.1 The Agency’s target is Net Sales of USD 75,000 per "
     "calendar month from the fourth month of the term.\n",
     {"kpis[net_sales].target": 75000, "kpis[net_sales].net_of_refunds": True, "kpis[net_sales].includes_tax": False,
      "kpis[net_sales].data_source": "seller_central", "kpis[net_sales].starts_after_months": 3}, ()),
    ("zh-defined-increment", ZH_HEAD + "第一条 定义\n1.1 “计提基数”是指甲方店铺当月销售额超出基准销售额的部分。\n第四条 费用\n"
     "4.1 乙方按计提基数的10%收取提成。\n", {"fees.commission_pct": 10, "fees.commission_basis": "incremental_gmv"}, ()),
    ("en-ramp-target-from-third-month", EN_HEAD + "3. Targets\n3.1 Our target is a blended ROAS of 3.0 or higher, measured in Meta Ads "
     "Manager, from the third month after the Start Date.\n", {"kpis[roas].target": 3, "kpis[roas].starts_after_months": 2}, ()),
    ("en-ramp-missed-in-a-month-is-not", EN_HEAD + "3. Targets\n3.1 If the target was missed in the 3rd month, the Agency sends a plan.\n", {},
     ("kpis[*].starts_after_months",)),
    # what the provider does, from the sentence that says so however it is phrased
    ("en-kind-appoints-to-run-store", EN_HEAD + "1.1 The Client appoints the Agency to run its TikTok Shop UK store: product listings, shop "
     "campaigns and customer messages.\n", {"provider.kind": "store_operation"}, ()),
    ("en-kind-plan-build-manage-campaigns", EN_HEAD + "1.1 The Agency will plan, build and manage paid social campaigns on Meta for the Client.\n",
     {"provider.kind": "ads_management"}, ()),
    ("en-kind-sponsored-campaigns-for-a-store", EN_HEAD + "1.1 The Agency will manage Sponsored Products campaigns for the Client's Amazon store.\n",
     {"provider.kind": "ads_management"}, ()),
    ("zh-kind-operate-flagship-store", ZH_HEAD + "1. 甲方委托乙方运营其天猫国际旗舰店，服务内容包括店铺装修、商品上架及客服接待。\n", {"provider.kind": "store_operation"}, ()),
    ("zh-kind-ads-of-a-store-is-not-store", ZH_HEAD + "1. 甲方委托乙方为其店铺提供广告投放服务，不负责店铺日常运营。\n", {"provider.kind": "ads_management"}, ()),
    ("zh-kind-listing-translation", ZH_HEAD + "1.1 乙方将甲方在亚马逊日本站销售的24款产品的中文Listing翻译并本地化为日语。\n",
     {"provider.kind": "listing_optimization"}, ()),
]


ANNEXES = [
    ("zh-annex-prevails-over-body", ZH_HEAD + "第三条 费用\n3.1 销售分成按甲方店铺当月销售额的5%计算。\n第八条 其他\n"
     "8.1 附件一为本合同不可分割的组成部分，附件一与本合同正文约定不一致的，以附件一为准。\n附件一 费用明细\n"
     "| 费用项目 | 收费标准 |\n|---|---|\n| 销售分成 | 店铺当月销售额的8% |\n", {"fees.commission_pct": 8}, ()),
    ("en-schedule-prevails-over-body", EN_HEAD + "4. Fees\n4.1 Agency earns a commission of 5% of gross sales.\n"
     "4.2 If this Agreement and Schedule 1 differ, Schedule 1 shall prevail.\nSchedule 1 Fees\n| Item | Rate |\n|---|---|\n"
     "| Commission | 7% of gross sales |\n", {"fees.commission_pct": 7}, ()),
]


@pytest.mark.parametrize("text,want,absent", [c[1:] for c in ANNEXES], ids=[c[0] for c in ANNEXES])
def test_an_annex_that_prevails_states_the_value(tmp_path, text, want, absent):
    f = tmp_path / "contract.txt"
    f.write_text(text, encoding="utf-8")
    proposed = {p.field: p.value for p in propose(read_contract([str(f)]))}
    for field, value in want.items():
        assert proposed.get(field) == value, f"{field}: {proposed.get(field)} (want {value})"


def test_an_annex_that_does_not_prevail_leaves_both_values_to_the_seller(tmp_path):
    text = next(c[1] for c in WORDINGS if c[0] == "zh-annex-without-prevailing-stays-two-values")
    f = tmp_path / "contract.txt"
    f.write_text(text, encoding="utf-8")
    reading = read_contract([str(f)])
    assert sorted({f.hit.value for f in reading.found if f.hit.field == "fees.commission_pct"}) == [5, 8]
    assert "fees.commission_pct" not in {p.field for p in propose(reading)}  # stated two ways: a note, not a proposal


@pytest.mark.parametrize("text,want,absent", [c[1:] for c in WORDINGS], ids=[c[0] for c in WORDINGS])
def test_wording_beyond_the_corpus_is_read(tmp_path, text, want, absent):
    test_clause_is_read_as_a_seller_would(tmp_path, text, want, absent)


# ---------------------------------------------------------------- rights, access, clauses and KPIs as contracts word them in general
# (written for these tests, not from any contract of the corpus; each wording with its trap where one exists)
GENERAL = [
    ("zh-deliverables-copyright", ZH_HEAD + "第六条 知识产权\n乙方交付的图片、文案等成果的著作权归甲方所有。\n",
     {"contract.ip.creatives": "seller", "contract.ip.copy": "seller"}, ()),
    ("en-vest-upon-payment", EN_HEAD + "6. All intellectual property rights in the Deliverables shall vest in the Client upon payment in full.\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("en-trap-pre-existing", EN_HEAD + "6. Agency retains ownership of its pre-existing materials, templates and know-how.\n",
     {}, ("contract.ip.creatives", "contract.ip.copy")),
    ("zh-data-full-ownership", ZH_HEAD + "第六条 数据\n乙方产出的所有运营数据、广告数据，甲方拥有完整所有权。\n", {"contract.ip.data": "seller"}, ()),
    ("zh-store-registered-in-name", ZH_HEAD + "第五条 店铺\n店铺以甲方名义注册，乙方仅为代运营方。\n", {"contract.ip.accounts": "seller"}, ()),
    ("zh-store-registered-by-seller", ZH_HEAD + "第五条 店铺\n甲方应以本人或其公司名义自行注册亚马逊店铺。\n", {"contract.ip.accounts": "seller"}, ()),
    ("zh-trap-must-not-register", ZH_HEAD + "第五条 店铺\n乙方不得以甲方名义注册任何店铺。\n", {}, ("contract.ip.accounts",)),
    ("en-store-account-in-name", EN_HEAD + "7. The Seller Central account, the Brand Registry and the advertising accounts remain in the Client's name.\n",
     {"contract.ip.accounts": "seller", "data_access.ad_account_owner": "seller"}, ()),
    ("en-store-account-second-clause", EN_HEAD + "7. All sales data belong to the Client, and the Seller Central account remains the property of "
     "the Client.\n", {"contract.ip.accounts": "seller", "contract.ip.data": "seller"}, ()),
    ("en-trap-agency-own-account", EN_HEAD + "7. The Agency's own seller account remains the property of the Agency.\n", {}, ("contract.ip.accounts",)),
    ("en-trap-client-full-access", EN_HEAD + "5. The Client shall have full access to all ad accounts at all times.\n",
     {}, ("data_access.provider_permissions",)),
    ("en-admin-access-given", EN_HEAD + "5. The Client will grant the Agency full access to its advertising account.\n",
     {"data_access.provider_permissions": "full"}, ()),
    ("zh-no-withdrawals", ZH_HEAD + "第五条 权限\n乙方无权进行资金提现、修改银行卡信息等操作。\n",
     {"data_access.funds_access": False, "data_access.funds_scope": "none"}, ()),
    ("zh-no-funds-operation", ZH_HEAD + "第五条 权限\n乙方不得操作店铺资金、提现或修改收款账户。\n",
     {"data_access.funds_access": False, "data_access.funds_scope": "none"}, ()),
    ("zh-provider-does-not-log-in", ZH_HEAD + "第五条 权限\n乙方导师不登录甲方的店铺后台，诊断时由甲方共享屏幕操作。\n",
     {"data_access.provider_access": "none"}, ()),
    ("zh-view-and-export", ZH_HEAD + "第五条 数据\n甲方可随时登录后台查看全部数据，并有权随时导出。\n", {"data_access.raw_data_export": True}, ()),
    ("zh-trap-provider-exports", ZH_HEAD + "第五条 数据\n乙方有权查看并导出店铺全部数据。\n", {}, ("data_access.raw_data_export",)),
    ("zh-no-raw-export", ZH_HEAD + "第五条 数据\n乙方每月提供PDF报告，不提供原始数据导出。\n", {"data_access.raw_data_export": False}, ()),
    ("en-no-raw-export", EN_HEAD + "5. Agency will send a PDF performance report every month; raw data exports are not part of the package.\n",
     {"data_access.raw_data_export": False}, ()),
    ("en-may-export-any-data", EN_HEAD + "5. The Client keeps owner-level access to Seller Central and may export any data at any time.\n",
     {"data_access.raw_data_export": True}, ()),
    ("zh-screenshots", ZH_HEAD + "第五条 报告\n乙方每月5日前以截图形式向甲方报送上月店铺经营数据。\n", {"data_access.reporting": "screenshots"}, ()),
    ("zh-trap-monthly-report-no-form", ZH_HEAD + "第五条 报告\n乙方应于每月5日前向甲方提交上月运营数据报表。\n", {}, ("data_access.reporting",)),
    ("en-screenshots", EN_HEAD + "5. Agency will send screenshots of the campaign results every Monday.\n", {"data_access.reporting": "screenshots"}, ()),
    ("zh-no-hire-mentors", ZH_HEAD + "第九条 服务期内及服务结束后十二个月内，甲方不得私下聘请乙方导师或助教提供有偿服务。\n",
     {"contract.non_solicit_or_exclusivity": "No hiring of the other party's staff"}, ()),
    ("en-no-employ-member-of-staff", EN_HEAD + "9. For six (6) months afterwards, the Client will not employ or engage any member of the "
     "Agency's staff who worked on the account.\n", {"contract.non_solicit_or_exclusivity": "No hiring of the other party's staff"}, ()),
    ("en-trap-no-solicit-customers", EN_HEAD + "9. The Client shall not solicit any of the Agency's customers.\n", {}, ("contract.non_solicit_or_exclusivity",)),
    ("en-nothing-stops-other-agencies", EN_HEAD + "9. Nothing in this Agreement restricts the Client from engaging other service providers or "
     "from reviewing or commenting publicly on the Agency's work.\n",
     {"contract.non_solicit_or_exclusivity": "No exclusivity: the seller may also engage other providers",
      "contract.restricts_reviews_or_complaints": False}, ()),
    ("zh-not-restricted-other-providers", ZH_HEAD + "第九条 本协议不限制甲方委托其他运营服务商。\n",
     {"contract.non_solicit_or_exclusivity": "No exclusivity: the seller may also engage other providers"}, ()),
    ("zh-change-without-consent", ZH_HEAD + "第七条 乙方可根据教学安排调整直播课的时间、内容及授课导师，无需另行征得甲方同意。\n",
     {"contract.unilateral_changes": True}, ()),
    ("zh-trap-change-on-request", ZH_HEAD + "第七条 乙方可根据甲方的要求调整服务内容。\n", {}, ("contract.unilateral_changes",)),
    ("en-features-without-notice", EN_HEAD + "7. The Agency may change, add or withdraw features of the Service at any time without notice.\n",
     {"contract.unilateral_changes": True}, ()),
    ("en-trap-change-with-consent", EN_HEAD + "7. The Agency may change the fees with the Client's prior written consent.\n", {}, ("contract.unilateral_changes",)),
    ("zh-no-teaching-fake-orders", ZH_HEAD + "第八条 乙方不传授刷单、测评、操纵评论等违规方法。\n", {"compliance.black_hat_excluded": True}, ()),
    ("zh-weekly-one-to-one", ZH_HEAD + "第四条 乙方导师每周与甲方进行一次一对一视频会议。\n", {"governance.weekly_meeting": True}, ()),
    ("en-video-call-every-week", EN_HEAD + "4. The Agency meets the Client's team by video call every week.\n", {"governance.weekly_meeting": True}, ()),
    ("zh-two-kpis-one-sentence", ZH_HEAD + "第四条 考核指标\n4.1 转化率不低于10%，退款率不超过5%。\n",
     {"kpis[conversion_rate].target": 10, "kpis[conversion_rate].target_kind": "at_least", "kpis[refund_rate].target": 5,
      "kpis[refund_rate].target_kind": "at_most"}, ()),
    ("zh-settlement-target", ZH_HEAD + "第四条 考核\n4.1 乙方承诺的月度结算回款目标为人民币30万元，以Temu卖家中心结算单为准。\n",
     {"kpis[net_sales].metric": "net_sales", "kpis[net_sales].target": 300000, "kpis[net_sales].data_source": "platform_backend"}, ()),
    ("zh-live-viewers-and-sales", ZH_HEAD + "第四条 服务标准\n4.1 乙方承诺单场直播平均在线人数不低于150人，月度直播间成交金额不低于美元3万元，"
     "以TikTok Shop商家后台为准。\n",
     {"kpis[custom].target": 150, "kpis[gmv].target": 30000, "kpis[gmv].data_source": "platform_backend"}, ()),
    ("en-aim-measured", EN_HEAD + "4. KPIs\n4.1 I aim to bring blended ACoS to 28% or lower within 90 days, measured in the Amazon Ads console.\n",
     {"kpis[acos].target": 28, "kpis[acos].target_kind": "at_most", "kpis[acos].data_source": "ads_console"}, ()),
    ("en-trap-aim-unmeasured", EN_HEAD + "4. KPIs\n4.1 We aim to grow sales by 30% in the first quarter.\n", {}, ("kpis[gmv].target",)),
    ("en-trap-team-assigned", EN_HEAD + "2. A named team of three (3) people, an account lead and a content executive, is assigned to the Client.\n",
     {"service.dedicated_team": True, "service.team_size": 3}, ("contract.ip.copy", "contract.ip.creatives")),
    ("zh-one-dedicated-mentor", ZH_HEAD + "第二条 乙方为甲方配备一名专属导师。\n", {"service.dedicated_team": True}, ("service.team_size",)),
    ("en-trap-no-dedicated-team", EN_HEAD + "2. The Agency will not assign a dedicated team to the Client.\n", {}, ("service.dedicated_team",)),
    ("zh-entrusted-temu", ZH_HEAD + "第一条 甲方委托乙方为其Temu全托管店铺提供商品上新及活动报名服务。\n", {"service.platforms": ["temu"]}, ()),
    ("zh-trap-tiktok-ads-no-shop", ZH_HEAD + "第一条 甲方拟在TikTok美国市场推广其自有品牌，委托乙方提供广告投放代理服务。\n", {}, ("service.platforms",)),
    ("en-appoints-agency", EN_HEAD + "1. The Client appoints the Agency to manage its Walmart Marketplace advertising.\n", {"service.platforms": ["walmart"]}, ()),
    ("en-will-run-for-client", EN_HEAD + "1. Agency will run Amazon Sponsored Ads for Client.\n", {"service.platforms": ["amazon"]}, ()),
    ("zh-penalised-store-provider-pays", ZH_HEAD + "第八条 乙方主播不得在直播中作出虚假宣传，因此导致店铺受罚的，由乙方承担赔偿责任。\n",
     {"compliance.indemnity_for_violations": True}, ()),
    ("en-reimburse-fines", EN_HEAD + "8. The Agency shall reimburse the Client for any fines or penalties caused by its breach of Amazon policies.\n",
     {"compliance.indemnity_for_violations": True}, ()),
    ("en-user-account-limited", EN_HEAD + "5. The Client shall create a user account for the Agency in Seller Central with access to Advertising and "
     "Inventory only.\n", {"data_access.provider_access": "sub_account", "data_access.provider_permissions": "least_privilege"}, ()),
    ("en-business-center-request", EN_HEAD + "5. The Agency will request access through the TikTok Business Center; the Client approves the request.\n",
     {"data_access.provider_access": "partner_authorization"}, ()),
    ("zh-admin-account-handed-over", ZH_HEAD + "第五条 甲方将店铺管理员账号交由乙方使用。\n", {"data_access.provider_access": "main_account"}, ()),
    ("en-client-login-details", EN_HEAD + "5. The Agency will access the store using the Client's login details.\n", {"data_access.provider_access": "main_account"}, ()),
    ("en-trap-never-login-details", EN_HEAD + "5. The Agency will never use the Client's login details.\n", {}, ("data_access.provider_access",)),
    ("zh-erp-interface", ZH_HEAD + "第五条 甲方同意向乙方开放ERP系统接口权限。\n", {"data_access.provider_access": "api_app"}, ()),
    ("zh-trap-no-interface", ZH_HEAD + "第五条 甲方不向乙方开放ERP系统接口。\n", {}, ("data_access.provider_access",)),
    ("zh-sales-goal-heading", ZH_HEAD + "第五条 业绩目标\n5.1 合作第三个月起，店铺月销售额应达到50万元人民币。\n",
     {"kpis[gmv].target": 500000, "kpis[gmv].target_kind": "absolute"}, ()),
    ("zh-trap-decline-review", ZH_HEAD + "第六条 业绩目标\n6.1 如店铺月销售额环比下降超过20%，双方应召开复盘会议。\n", {}, ("kpis[gmv].target",)),
    ("en-increase-in-gmv", EN_HEAD + "5. Performance\n5.1 The Agency will deliver a 25% increase in monthly GMV compared with the same month last year.\n",
     {"kpis[gmv].target": 25, "kpis[gmv].target_kind": "growth_pct"}, ()),
    ("en-trap-decline-review", EN_HEAD + "6. Performance\n6.1 If monthly sales decline by more than 20% compared to the prior month, the Client may "
     "request a review.\n", {}, ("kpis[gmv].target",)),
    ("zh-assists-with-store", ZH_HEAD + "第一条 合作内容\n乙方协助甲方运营亚马逊美国站店铺，包括Listing优化、广告投放及库存规划。\n",
     {"service.platforms": ["amazon"]}, ()),
    ("zh-store-handed-to-provider", ZH_HEAD + "第一条 甲方将其在速卖通平台的店铺交由乙方代为运营。\n", {"service.platforms": ["aliexpress"]}, ()),
    ("en-owner-of-assets", EN_HEAD + "6. The Client will be the owner of all creative assets produced under this Agreement.\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("en-trap-owner-of-templates", EN_HEAD + "6. The Agency will be the owner of all templates.\n", {}, ("contract.ip.creatives",)),
    ("en-copyright-held-by", EN_HEAD + "6. The copyright in all images and videos created by the Agency is held by the Client.\n",
     {"contract.ip.creatives": "seller"}, ()),
    ("zh-copyright-enjoyed-by", ZH_HEAD + "第六条 乙方制作的视频由甲方享有著作权。\n", {"contract.ip.creatives": "seller"}, ()),
    ("zh-gag-reputation", ZH_HEAD + "第九条 甲方不得在社交媒体、行业群或任何公开渠道发布有损乙方声誉的言论。\n",
     {"contract.restricts_reviews_or_complaints": True}, ()),
    ("zh-trap-provider-reputation", ZH_HEAD + "第九条 乙方不得发布有损甲方声誉的言论。\n", {}, ("contract.restricts_reviews_or_complaints",)),
    ("en-gag-reputation", EN_HEAD + "9. The Client shall not make any public statement about the Agency that could harm its reputation.\n",
     {"contract.restricts_reviews_or_complaints": True}, ()),
    ("en-gag-no-review", EN_HEAD + "9. The Client agrees not to publish any review of the Agency's services without the Agency's prior written "
     "consent.\n", {"contract.restricts_reviews_or_complaints": True}, ()),
    ("en-ad-accounts-opened-by-client", EN_HEAD + "4. The advertising accounts will be opened by and in the name of the Client.\n",
     {"data_access.ad_account_owner": "seller"}, ()),
    ("en-client-pays-from-own-account", EN_HEAD + "4. The Client will pay Amazon directly for all ad spend from its own advertising account.\n",
     {"data_access.ad_account_owner": "seller"}, ()),
    ("en-trap-agency-own-account", EN_HEAD + "4. The Agency will run the Client campaigns from its own advertising account.\n",
     {"data_access.ad_account_owner": "provider"}, ()),
    ("en-ad-accounts-are-clients", EN_HEAD + "4. The ad accounts are the Client's and are billed to the Client's card.\n",
     {"data_access.ad_account_owner": "seller"}, ()),
    ("zh-platform-defined", ZH_HEAD + "第一条 定义\n“服务平台”指亚马逊美国站及加拿大站。\n", {"service.platforms": ["amazon"]}, ()),
    ("zh-store-name-line", ZH_HEAD + "店铺名称：XX Home（Shopee新加坡站）\n", {"service.platforms": ["shopee"]}, ()),
    ("en-marketplace-means", EN_HEAD + "1. Definitions\n\"Marketplace\" means Amazon.co.uk and Amazon.de.\n", {"service.platforms": ["amazon"]}, ()),
    ("en-trap-policies-means", EN_HEAD + "1. Definitions\n\"Platform Policies\" means the policies of Amazon.\n", {}, ("service.platforms",)),
    ("zh-no-handling-of-money", ZH_HEAD + "第五条 乙方不经手甲方任何资金。\n", {"data_access.funds_access": False, "data_access.funds_scope": "none"}, ()),
    ("en-may-not-move-money", EN_HEAD + "5. The Agency may not move any money out of the Client's seller account.\n",
     {"data_access.funds_access": False}, ()),
    ("en-source-business-reports", EN_HEAD + "5. KPIs\n5.1 Monthly GMV of at least USD 50,000, based on Amazon Business Reports.\n",
     {"kpis[gmv].target": 50000, "kpis[gmv].data_source": "seller_central"}, ()),
    ("en-source-per-ads-reporting", EN_HEAD + "5. KPIs\n5.1 ROAS of at least 3.0 per month, per Amazon Ads reporting.\n",
     {"kpis[roas].target": 3, "kpis[roas].data_source": "ads_console"}, ()),
    ("zh-source-label", ZH_HEAD + "第五条 考核指标\n5.1 月销售额不低于20万元，数据来源：亚马逊卖家后台业务报告。\n",
     {"kpis[gmv].target": 200000, "kpis[gmv].data_source": "seller_central"}, ()),
    ("en-exclusive-basis", EN_HEAD + "9. The Client appoints the Agency on an exclusive basis to manage its Amazon advertising.\n",
     {"contract.non_solicit_or_exclusivity": "Exclusivity"}, ()),
    ("en-non-exclusive-basis", EN_HEAD + "9. The Agency is appointed on a non-exclusive basis.\n",
     {"contract.non_solicit_or_exclusivity": "No exclusivity: the seller may also engage other providers"}, ()),
    ("zh-free-to-choose-others", ZH_HEAD + "第九条 甲方可以自由选择其他服务商。\n",
     {"contract.non_solicit_or_exclusivity": "No exclusivity: the seller may also engage other providers"}, ()),
    ("en-strategy-call-every-two-weeks", EN_HEAD + "4. You get a live Looker Studio dashboard from week one and a strategy call with your account "
     "manager every two weeks.\n", {"governance.review_cadence": "biweekly", "data_access.reporting": "live_dashboard"}, ()),
    ("en-monthly-strategy-review", EN_HEAD + "4. The parties hold a monthly strategy review.\n", {"governance.review_cadence": "monthly"}, ()),
    ("en-will-not-manipulate-reviews", EN_HEAD + "8. The Agency will comply with Amazon's policies and will not manipulate reviews or rankings.\n",
     {"compliance.black_hat_excluded": True}, ()),
    ("zh-no-asking-for-good-reviews", ZH_HEAD + "第八条 乙方不得以返现、赠品等方式索取好评。\n", {"compliance.black_hat_excluded": True}, ()),
    ("en-trap-client-asks", EN_HEAD + "8. The Client shall not ask the Agency to manipulate reviews.\n", {}, ("compliance.black_hat_excluded",)),
    ("en-trap-not-liable-fake-reviews", EN_HEAD + "8. The Agency will not be liable for any fake reviews posted by third parties.\n", {},
     ("compliance.black_hat_excluded",)),
    ("en-day-to-day-management", EN_HEAD + "1. The Agency will be responsible for day-to-day management of the Client's TikTok Shop UK store.\n",
     {"service.platforms": ["tiktok_shop"]}, ()),
]


@pytest.mark.parametrize("text,want,absent", [c[1:] for c in GENERAL], ids=[c[0] for c in GENERAL])
def test_rights_and_kpis_as_contracts_word_them_in_general(tmp_path, text, want, absent):
    test_clause_is_read_as_a_seller_would(tmp_path, text, want, absent)
