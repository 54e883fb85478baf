"""`vetting scan` on wordings of the contract's terms that the dev corpus does not use: renewal, term and start,
governing law, stop-loss and the seller's right to leave, in the styles agencies write them (formal 应/须/有权,
colloquial, passive English, "evergreen", working days, numbers in words), and the look-alikes a scan must
leave alone (不自动续约, a reminder before the end, 付款期限顺延, a warranty period, a right to leave on breach).

Each case is one clause: ``want`` is what a seller would read from it; a field in ``absent`` must not be
read at all (a wrong fact is worse than a missing one).
"""
from __future__ import annotations

import pytest
from scan_hits import assert_read, hits


ZH = "代运营服务合同\n甲方（委托方）：宁波市海曙区某某家居用品有限公司\n乙方（服务方）：广州某某跨境电商服务有限公司\n"
EN = ("STORE MANAGEMENT AGREEMENT\nThis Agreement is made between Lakeside Home Goods LLC (the \"Client\") and "
      "Northstar Commerce Partners Ltd (the \"Agency\").\n")

RENEW, TERM_M, NOTICE = ("contract.auto_renewal.present", "contract.auto_renewal.renewal_term_months",
                         "contract.auto_renewal.cancel_notice_days")
CONV, CONV_DAYS, ETF = ("contract.termination.for_convenience", "contract.termination.notice_days",
                        "contract.termination.early_termination_fee")
SL = "contract.stop_loss."

CASES = [
    # ---------------------------------------------------------------- renewal (zh)
    ("zh-renew-zhan", ZH + "第三条 合同期限\n本合同期满后，如双方均未提出书面异议，则本合同自动续展一年。\n",
     {RENEW: True, TERM_M: 12}, ()),
    ("zh-renew-xuyan-silent", ZH + "第三条 续约\n合同到期前30日内，甲方未书面通知乙方不再续约的，本合同按原条件续延十二个月。\n",
     {RENEW: True, TERM_M: 12, NOTICE: 30}, ()),
    ("zh-renew-extend-three-months", ZH + "第三条 服务期\n服务期届满时，若甲方未于届满前十五日以书面形式表示终止，则服务期自动延长三个月，以此类推。\n",
     {RENEW: True, TERM_M: 3, NOTICE: 15}, ()),
    ("zh-renew-each-renewal-term", ZH + "第三条 有效期\n本协议有效期届满后自动续期，每次续期期限为一年，除非任何一方在有效期届满前六十（60）日书面通知对方不再续期。\n",
     {RENEW: True, TERM_M: 12, NOTICE: 60}, ()),
    ("zh-renew-sign-again-notice-month", ZH + "第三条 续签\n本合同到期后将自动续签十二个月，甲方如不续签，应提前一个月书面告知乙方。\n",
     {RENEW: True, TERM_M: 12, NOTICE: 30}, ()),
    ("zh-renew-silent-shunyan", ZH + "第三条 合同期限\n合同期满前一个月，双方均未书面提出不续约的，本合同有效期自动顺延一年。\n",
     {RENEW: True, TERM_M: 12, NOTICE: 30}, ()),
    ("zh-renew-colloquial", ZH + "三、合作时间\n合作期满甲方没有提出终止的，合作默认续约一年，续约期的服务费不变。\n",
     {RENEW: True, TERM_M: 12}, ()),
    ("zh-renew-continue-same-term", ZH + "第三条 期限\n期满前任何一方未以书面方式通知对方终止合作的，本合同自动延续，延续期限与原合同期限相同。\n",
     {RENEW: True}, (NOTICE,)),
    ("zh-renew-quarter", ZH + "第三条 期限\n本合同到期后自动续约一个季度，甲方可在到期前十个工作日书面通知乙方取消续约。\n",
     {RENEW: True, TERM_M: 3, NOTICE: 10}, ()),
    ("zh-renew-not", ZH + "第三条 期限\n本合同期满后不自动续约，双方如需继续合作应另行签订新合同。\n",
     {RENEW: False}, (TERM_M, NOTICE)),
    ("zh-renew-reminder-is-not-renewal", ZH + "第三条 期限\n合同期满前30日，乙方应提醒甲方确认是否续约。\n",
     {}, (RENEW, NOTICE)),
    ("zh-renew-payment-date-postponed", ZH + "第四条 付款\n付款日遇法定节假日的，付款期限自动顺延至下一个工作日。\n",
     {}, (RENEW,)),
    ("zh-renew-delivery-postponed", ZH + "第五条 交付\n因甲方原因导致交付延误的，乙方的交付期限相应顺延十个工作日。\n",
     {}, (RENEW, TERM_M, "contract.term_months")),
    ("zh-renew-on-request", ZH + "第三条 续约\n甲方可在期满前申请续约，续约条件由双方另行协商确定。\n",
     {}, (TERM_M, NOTICE)),
    # ---------------------------------------------------------------- renewal (en)
    ("en-renew-extended-passive", EN + "2. Term. This Agreement shall be automatically extended for successive one-year periods unless either party "
     "gives written notice of non-renewal at least sixty (60) days before the end of the then-current term.\n",
     {RENEW: True, TERM_M: 12, NOTICE: 60}, ()),
    ("en-renew-continue-further-periods", EN + "2.2 Upon expiry of the Initial Term, this Agreement will continue for further periods of 12 months each "
     "(each a \"Renewal Term\") unless terminated by either party giving not less than 3 months' notice prior to the expiry of the "
     "Initial Term or the relevant Renewal Term.\n",
     {RENEW: True, TERM_M: 12, NOTICE: 90}, ()),
    ("en-renew-evergreen", EN + "3. This is an evergreen agreement that renews month to month until cancelled by Client with 30 days' notice.\n",
     {RENEW: True, TERM_M: 1, NOTICE: 30}, ()),
    ("en-renew-auto-renew-hyphen", EN + "3. The Term will auto-renew for additional six (6) month terms unless Client opts out in writing no later "
     "than 30 days prior to the renewal date.\n",
     {RENEW: True, TERM_M: 6, NOTICE: 30}, ()),
    ("en-renew-unless-first", EN + "3. Unless either party notifies the other in writing at least 45 days before the end of the Initial Term that "
     "it does not wish to renew, this Agreement shall renew for a further 12 months.\n",
     {RENEW: True, TERM_M: 12, NOTICE: 45}, ()),
    ("en-renew-annual-basis", EN + "3. Thereafter, the Agreement shall be renewed automatically on an annual basis unless terminated by either "
     "party upon ninety (90) days' prior written notice.\n",
     {RENEW: True, TERM_M: 12, NOTICE: 90}, ()),
    ("en-renew-rolling-thirty-days", EN + "3. After the initial three-month period, this Agreement continues on a rolling 30-day basis until "
     "either party cancels it.\n",
     {RENEW: True, TERM_M: 1}, ()),
    ("en-renew-absence-of-notice", EN + "3. In the absence of written notice of termination given at least 30 days before the end of the Term, "
     "this Agreement shall be extended for a further period of six months.\n",
     {RENEW: True, TERM_M: 6, NOTICE: 30}, ()),
    ("en-renew-not", EN + "3. This Agreement shall not renew automatically; any renewal requires a new written agreement signed by both parties.\n",
     {RENEW: False}, (TERM_M, NOTICE)),
    ("en-renew-reminder", EN + "3. Agency will send Client a reminder 30 days before the Term ends.\n",
     {}, (RENEW, NOTICE)),
    ("en-renew-may-agree", EN + "3. The parties may agree in writing to renew this Agreement for a further term of 12 months.\n",
     {}, (RENEW, TERM_M)),
    ("en-renew-discount-expires", EN + "4. The introductory discount is automatically extended for three months if Client pays on time.\n",
     {}, (RENEW, TERM_M)),
    ("en-renew-business-day", EN + "4. If a payment date falls on a weekend, it is automatically extended to the next business day.\n",
     {}, (RENEW,)),
    # ---------------------------------------------------------------- term and start date
    ("zh-term-year-from-to", ZH + "第二条 服务期限\n本合同服务期限为壹年，自2027年3月1日起至2028年2月29日止。\n",
     {"contract.term_months": 12, "contract.start_date": "2027-03-01"}, ()),
    ("zh-term-table-like", ZH + "第二条 期限\n合作期限：十二个月（自2027年1月1日起算）。\n",
     {"contract.term_months": 12, "contract.start_date": "2027-01-01"}, ()),
    ("zh-term-two-years", ZH + "第二条 期限\n本协议自双方签字盖章之日起生效，有效期两年。\n",
     {"contract.term_months": 24}, ("contract.start_date",)),
    ("zh-term-weiqi", ZH + "第一条 服务内容\n乙方为甲方提供为期六个月的店铺代运营服务。\n",
     {"contract.term_months": 6}, ()),
    ("zh-term-gongji", ZH + "第二条 期限\n托管期限共计3个月，即2027年4月1日至2027年6月30日。\n",
     {"contract.term_months": 3, "contract.start_date": "2027-04-01"}, ()),
    ("zh-term-dates-only", ZH + "第二条 服务期间\n服务期间：2027年5月1日至2028年4月30日。\n",
     {"contract.term_months": 12, "contract.start_date": "2027-05-01"}, ()),
    ("zh-term-year-and-a-half", ZH + "第二条 期限\n合同期为一年半。\n", {"contract.term_months": 18}, ()),
    ("zh-term-from-date", ZH + "第二条 期限\n本合同的期限为十二个月，从2027年2月1日开始计算。\n",
     {"contract.term_months": 12, "contract.start_date": "2027-02-01"}, ()),
    ("zh-term-confidential-period", ZH + "第九条 保密\n本条保密义务的期限为合同终止后两年。\n", {}, ("contract.term_months",)),
    ("zh-term-payment-period", ZH + "第四条 付款\n付款期限为收到发票后15日内。\n", {}, ("contract.term_months",)),
    ("zh-term-warranty", ZH + "第六条 质保\n设计稿的质保期为一年。\n", {}, ("contract.term_months",)),
    ("zh-term-signed-on", ZH + "第十条 其他\n本合同于2027年1月5日在杭州签订，一式两份。\n", {}, ("contract.start_date",)),
    ("en-term-continues-period", EN + "2. This Agreement commences on the Effective Date and continues for a period of twelve (12) months.\n",
     {"contract.term_months": 12}, ()),
    ("en-term-initial-one-year", EN + "2. The initial term of this Agreement is one (1) year beginning on 1 March 2027.\n",
     {"contract.term_months": 12, "contract.start_date": "2027-03-01"}, ()),
    ("en-term-services-six-months", EN + "2. The Services will be provided for six months starting from April 1, 2027.\n",
     {"contract.term_months": 6, "contract.start_date": "2027-04-01"}, ()),
    ("en-term-colon", EN + "2. Term: 12 months from the Effective Date.\n", {"contract.term_months": 12}, ()),
    ("en-term-remain-in-force", EN + "2. This Agreement shall remain in force for a period of 24 months from 1 January 2027.\n",
     {"contract.term_months": 24, "contract.start_date": "2027-01-01"}, ()),
    ("en-term-runs-from-to", EN + "2. The engagement runs from 1 June 2027 to 31 May 2028.\n",
     {"contract.term_months": 12, "contract.start_date": "2027-06-01"}, ()),
    ("en-term-payment-terms", EN + "5. Payment terms: 30 days from the date of invoice.\n", {}, ("contract.term_months",)),
    ("en-term-survival", EN + "9. The confidentiality obligations survive for 3 years after termination.\n", {}, ("contract.term_months",)),
    ("en-term-warranty", EN + "6. The warranty period for the store design is 12 months.\n", {}, ("contract.term_months",)),
    # ---------------------------------------------------------------- governing law
    ("zh-law-all-matters", ZH + "第十二条 法律适用\n本合同的订立、效力、解释、履行及争议的解决均适用中华人民共和国法律。\n",
     {"contract.governing_law": "CN"}, ()),
    ("zh-law-yi", ZH + "第十二条 法律适用\n本协议依中华人民共和国（不含港澳台地区）法律解释。\n", {"contract.governing_law": "CN"}, ()),
    ("zh-law-hk", ZH + "第十二条 法律适用\n本合同受香港法律管辖并据其解释。\n", {"contract.governing_law": "HK"}, ()),
    ("zh-law-mainland", ZH + "第十二条 法律适用\n本合同适用的法律为中国大陆法律。\n", {"contract.governing_law": "CN"}, ()),
    ("zh-law-comply-is-not", ZH + "第七条 合规\n乙方应遵守美国法律及亚马逊平台规则。\n", {}, ("contract.governing_law",)),
    ("en-law-england", EN + "12. This Agreement is governed by the laws of England and Wales.\n", {"contract.governing_law": "GB"}, ()),
    ("en-law-ny-govern", EN + "12. The laws of the State of New York govern this Agreement.\n", {"contract.governing_law": "US"}, ()),
    ("en-law-construed-under", EN + "12. This Agreement shall be construed under Singapore law.\n", {"contract.governing_law": "SG"}, ()),
    ("en-law-heading", EN + "12. Governing law: Hong Kong SAR.\n", {"contract.governing_law": "HK"}, ()),
    ("en-law-prc-excluding", EN + "12. This Agreement and any dispute arising out of it shall be governed by and construed in accordance with "
     "the laws of the People's Republic of China (excluding Hong Kong, Macau and Taiwan).\n", {"contract.governing_law": "CN"}, ()),
    ("en-law-comply-is-not", EN + "7. The Agency shall comply with all applicable laws of the United States.\n", {}, ("contract.governing_law",)),
    # ---------------------------------------------------------------- stop-loss
    ("zh-stoploss-two-months", ZH + "第八条 止损\n如店铺连续两个月销售额未达到目标的70%，甲方有权单方解除本合同，且不承担违约责任。\n",
     {SL + "present": True, SL + "threshold_pct": 70, SL + "consecutive_periods": 2, SL + "period": "month",
      SL + "no_fault_exit": True}, ()),
    ("zh-stoploss-quarter", ZH + "第八条 考核\n如乙方连续两个季度未完成考核指标的80%，委托方可以解除合同，无需支付任何违约金。\n",
     {SL + "present": True, SL + "threshold_pct": 80, SL + "consecutive_periods": 2, SL + "period": "quarter"}, ()),
    ("en-stoploss-should", EN + "8. Should monthly sales remain under 60% of the agreed target in any two consecutive months, the Client is "
     "entitled to terminate the Agreement with 7 days' notice and without any termination fee.\n",
     {SL + "present": True, SL + "threshold_pct": 60, SL + "consecutive_periods": 2, SL + "period": "month",
      SL + "no_fault_exit": True}, ()),
    ("en-stoploss-roas", EN + "8. If ROAS is below target for three consecutive months, Client may terminate this Agreement immediately "
     "without penalty.\n",
     {SL + "present": True, SL + "consecutive_periods": 3, SL + "period": "month"}, ()),
    ("zh-stoploss-consult-is-not", ZH + "第八条 考核\n如连续两个月未达到目标的70%，双方应协商调整运营方案。\n", {}, (SL + "present",)),
    ("en-stoploss-plan-is-not", EN + "8. If sales fall below 50% of target for two consecutive months, the Agency will prepare a recovery plan.\n",
     {}, (SL + "present",)),
    # ---------------------------------------------------------------- termination (zh)
    ("zh-conv-any-time", ZH + "第十条 解除\n甲方可随时提前十五日书面通知乙方解除本合同，无需承担违约责任。\n",
     {CONV: True, CONV_DAYS: 15, ETF: 0}, ()),
    ("zh-conv-either-party", ZH + "第十条 解除\n合作期间，任何一方均有权提前30天以书面形式通知对方终止本协议。\n",
     {CONV: True, CONV_DAYS: 30}, ()),
    ("zh-conv-weituofang", ZH + "第十条 解除\n委托方有权在提前一个月书面通知服务方的情况下单方终止本合同。\n",
     {CONV: True, CONV_DAYS: 30}, ()),
    ("zh-conv-if-wishes", ZH + "第十条 解除\n甲方如需提前终止合作，须提前20个工作日通知乙方。\n", {CONV: True, CONV_DAYS: 20}, ()),
    ("zh-conv-not-allowed", ZH + "第十条 解除\n甲方不得单方面提前解除本合同。\n", {CONV: False}, ()),
    ("zh-conv-breach-is-not", ZH + "第十条 解除\n乙方严重违约的，甲方有权解除本合同。\n", {}, (CONV,)),
    ("zh-conv-late-payment-is-not", ZH + "第十条 解除\n甲方逾期付款超过15日的，乙方有权解除合同。\n", {}, (CONV,)),
    ("zh-conv-kpi-is-not", ZH + "第十条 解除\n如乙方连续两个月未完成KPI，甲方有权解除合同。\n", {}, (CONV,)),
    ("zh-etf-amount", ZH + "第十一条 违约责任\n甲方提前解除合同的，应向乙方支付违约金人民币贰万元整。\n", {ETF: 20000}, ()),
    ("zh-etf-leak-is-not", ZH + "第十一条 违约责任\n乙方泄露甲方商业秘密的，应支付违约金50000元。\n", {}, (ETF,)),
    ("zh-etf-late-interest-is-not", ZH + "第十一条 违约责任\n甲方逾期付款的，每日按未付金额的0.05%支付违约金。\n", {}, (ETF,)),
    ("zh-handover", ZH + "第十条 终止\n合同终止后七日内，乙方应将店铺账号、密码及全部运营资料移交给甲方。\n",
     {"contract.termination.handover": True}, ()),
    ("zh-access-removal", ZH + "第十条 终止\n合同解除之日起三个工作日内，乙方应退出甲方店铺后台并注销其子账号权限。\n",
     {"contract.termination.access_removal_days": 3}, ()),
    # ---------------------------------------------------------------- termination (en)
    ("en-conv-for-convenience", EN + "10. Client may terminate this Agreement for convenience upon thirty (30) days' prior written notice to Agency.\n",
     {CONV: True, CONV_DAYS: 30}, ()),
    ("en-conv-any-reason", EN + "10. Either party may terminate this Agreement at any time, for any reason or no reason, by providing the other "
     "party with 14 days' written notice.\n", {CONV: True, CONV_DAYS: 14}, ()),
    ("en-conv-entitled", EN + "10. The Client shall be entitled to terminate this Agreement without cause by giving not less than one month's "
     "written notice.\n", {CONV: True, CONV_DAYS: 30}, ()),
    ("en-conv-passive-no-penalty", EN + "10. This Agreement may be terminated by either party on 60 days' written notice, without penalty.\n",
     {CONV: True, CONV_DAYS: 60, ETF: 0}, ()),
    ("en-conv-cancel-services", EN + "10. Customer can cancel the Services at any time with 30 days notice.\n", {CONV: True, CONV_DAYS: 30}, ()),
    ("en-conv-not-before-end", EN + "10. Client may not terminate this Agreement before the end of the Initial Term.\n", {CONV: False}, ()),
    ("en-conv-breach-is-not", EN + "10. Either party may terminate this Agreement if the other party commits a material breach and fails to "
     "remedy it within 30 days.\n", {}, (CONV,)),
    ("en-conv-insolvency-is-not", EN + "10. Client may terminate this Agreement upon written notice if Agency becomes insolvent.\n", {}, (CONV,)),
    ("en-conv-agency-nonpayment-is-not", EN + "10. Agency may terminate if Client fails to pay any invoice within 15 days.\n", {}, (CONV,)),
    ("en-etf-amount", EN + "11. If Client terminates early, Client shall pay an early termination fee of USD 5,000.\n", {ETF: 5000}, ()),
    ("en-handover-access", EN + "11. Upon termination, Agency shall hand over all account credentials and creative files to Client and remove "
     "its user access within 5 business days.\n",
     {"contract.termination.handover": True, "contract.termination.access_removal_days": 5}, ()),
    # ---------------------------------------------------------------- second round: tables, headings, other verbs
    ("zh-renew-table-row", ZH + "| 条款 | 约定 |\n|---|---|\n| 续约方式 | 期满自动续约12个月 |\n", {RENEW: True, TERM_M: 12}, ()),
    ("zh-renew-monthly", ZH + "第三条 期限\n若甲方在合同到期前十五个工作日内未书面提出终止，合同将按月自动续约。\n",
     {RENEW: True, TERM_M: 1, NOTICE: 15}, ()),
    ("zh-renew-no-objection-then", ZH + "第三条 期限\n到期后双方如无异议，则本合同顺延一年。\n", {RENEW: True, TERM_M: 12}, ()),
    ("zh-renew-keeps-using", ZH + "第三条 期限\n合同到期后，甲方继续使用乙方服务且未提出异议的，视为本合同自动延期。\n", {RENEW: True}, ()),
    ("zh-renew-provider-decides-is-not", ZH + "第三条 期限\n本合同到期后，由双方协商决定是否续约。\n", {}, (TERM_M, NOTICE)),
    ("en-renew-one-year-terms", EN + "3. RENEWAL. This Agreement will automatically renew for one (1) year terms unless Client provides notice of "
     "non-renewal at least thirty (30) days prior to expiration.\n", {RENEW: True, TERM_M: 12, NOTICE: 30}, ()),
    ("en-renew-converts-month-to-month", EN + "3. Following the Initial Term, the Agreement converts to a month-to-month arrangement terminable by "
     "either party on 30 days' notice.\n", {RENEW: True, TERM_M: 1}, ()),
    ("en-renew-roll-over", EN + "3. This Agreement will roll over for successive 3-month periods unless cancelled in writing.\n",
     {RENEW: True, TERM_M: 3}, ()),
    ("en-renew-is-not-automatic", EN + "3. Renewal is not automatic. The parties may extend the Term by mutual written agreement.\n",
     {RENEW: False}, (TERM_M,)),
    ("en-renew-add-on-is-not", EN + "3. The reporting add-on renews automatically each month.\n", {}, (RENEW, TERM_M)),
    ("zh-term-table", ZH + "| 项目 | 内容 |\n|---|---|\n| 合同期限 | 12个月 |\n", {"contract.term_months": 12}, ()),
    ("zh-term-cycle-dates", ZH + "第二条 期限\n服务周期：3个月（2027年7月1日—2027年9月30日）。\n",
     {"contract.term_months": 3, "contract.start_date": "2027-07-01"}, ()),
    ("zh-term-effective-until", ZH + "第二条 期限\n本合同自2027年8月1日起生效，有效期至2028年7月31日。\n",
     {"contract.term_months": 12, "contract.start_date": "2027-08-01"}, ()),
    ("zh-term-time-half-year", ZH + "第二条 期限\n合作时间为半年。\n", {"contract.term_months": 6}, ()),
    ("zh-term-signing-cycle", ZH + "第二条 期限\n签约周期：一年。\n", {"contract.term_months": 12}, ()),
    ("zh-term-response-is-not", ZH + "第五条 服务标准\n乙方客服应在24小时内回复买家消息，差评处理期限为3天。\n", {}, ("contract.term_months",)),
    ("en-term-table", EN + "| Item | Detail |\n|---|---|\n| Term | 6 months |\n", {"contract.term_months": 6}, ()),
    ("en-term-duration", EN + "2. The Agreement shall have a duration of twelve (12) months.\n", {"contract.term_months": 12}, ()),
    ("en-term-fixed-period-days", EN + "2. This engagement is for a fixed period of 90 days.\n", {"contract.term_months": 3}, ()),
    ("en-term-effective-as-of", EN + "2. This Agreement is effective as of March 1, 2027 and continues for six months.\n",
     {"contract.start_date": "2027-03-01", "contract.term_months": 6}, ()),
    ("en-term-notice-is-not", EN + "10. Client must give at least 3 months' notice to end this Agreement.\n", {}, ("contract.term_months",)),
    ("en-term-invoices-is-not", EN + "5. Invoices are payable within 30 days.\n", {}, ("contract.term_months",)),
    ("zh-law-zhunjufa", ZH + "第十二条 法律\n本合同之订立、解释及争议解决，均以中华人民共和国法律为准据法。\n", {"contract.governing_law": "CN"}, ()),
    ("zh-law-arbitration-is-not", ZH + "第十二条 争议\n因本合同发生的争议，提交深圳国际仲裁院仲裁。\n", {}, ("contract.governing_law",)),
    ("en-law-interpreted-california", EN + "12. This Agreement shall be interpreted in accordance with the laws of the State of California, "
     "without regard to its conflict of laws principles.\n", {"contract.governing_law": "US"}, ()),
    ("en-law-applicable-heading", EN + "12. Applicable law: the laws of Singapore.\n", {"contract.governing_law": "SG"}, ()),
    ("en-law-courts-is-not", EN + "12. The parties submit to the exclusive jurisdiction of the courts of England.\n", {}, ("contract.governing_law",)),
    ("zh-conv-right-but-notice", ZH + "第十条 解除\n甲方有权随时解除本合同，但应提前十日书面通知乙方。\n", {CONV: True, CONV_DAYS: 10}, ()),
    ("zh-conv-seven-days", ZH + "第十条 解除\n在合同履行期间，甲方可以提前7天通知乙方终止合作。\n", {CONV: True, CONV_DAYS: 7}, ()),
    ("zh-conv-no-right", ZH + "第十条 解除\n甲方无权单方提前终止本合同。\n", {CONV: False}, ()),
    ("en-conv-end-on-notice", EN + "10. Client may end this Agreement on 30 days' written notice.\n", {CONV: True, CONV_DAYS: 30}, ()),
    ("en-conv-can-one-month", EN + "10. Either party can terminate this agreement by giving one month's written notice to the other.\n",
     {CONV: True, CONV_DAYS: 30}, ()),
    ("en-conv-not-for-convenience", EN + "10. Client may not terminate this Agreement for convenience during the Initial Term.\n",
     {CONV: False}, ()),
    ("en-conv-suspend-is-not", EN + "10. Agency may suspend the Services if any invoice remains unpaid for 30 days.\n", {}, (CONV,)),
    ("en-conv-immediately-insolvent-is-not", EN + "10. Either party may terminate this Agreement immediately by written notice if the other "
     "party becomes insolvent.\n", {}, (CONV,)),
    # ---------------------------------------------------------------- third round: key-terms tables, the notice in a sentence of its own
    ("en-renew-table-automatic", EN + "| Term | Detail |\n|---|---|\n| Renewal | Automatic, for successive 12-month periods |\n",
     {RENEW: True, TERM_M: 12}, ()),
    ("en-renew-table-none", EN + "| Term | Detail |\n|---|---|\n| Renewal | None |\n", {RENEW: False}, (TERM_M,)),
    ("zh-renew-table-yes", ZH + "| 条款 | 约定 |\n|---|---|\n| 自动续约 | 是，每次续约12个月 |\n", {RENEW: True, TERM_M: 12}, ()),
    ("zh-renew-table-no", ZH + "| 条款 | 约定 |\n|---|---|\n| 自动续约 | 否 |\n", {RENEW: False}, ()),
    ("en-renew-notice-own-sentence", EN + "2. Term\n2.2 This Agreement renews automatically for successive twelve-month terms. 2.3 Either party may prevent "
     "renewal by giving written notice at least 60 days before the end of the current term.\n",
     {RENEW: True, TERM_M: 12, NOTICE: 60}, ()),
    ("zh-renew-notice-own-sentence", ZH + "第三条 期限\n3.1 本合同期满自动续约一年。\n3.2 甲方如不希望续约，应在期满前30日书面通知乙方。\n",
     {RENEW: True, TERM_M: 12, NOTICE: 30}, ()),
    ("zh-term-table-dotted-range", ZH + "| 项目 | 内容 |\n|---|---|\n| 合作期限 | 2027.4.1-2028.3.31 |\n",
     {"contract.term_months": 12, "contract.start_date": "2027-04-01"}, ()),
    ("en-term-table-range", EN + "| Item | Detail |\n|---|---|\n| Term | 1 April 2027 – 31 March 2028 |\n",
     {"contract.term_months": 12, "contract.start_date": "2027-04-01"}, ()),
    ("en-start-table", EN + "| Item | Detail |\n|---|---|\n| Start date | 1 April 2027 |\n", {"contract.start_date": "2027-04-01"}, ()),
    ("en-law-table", EN + "| Item | Detail |\n|---|---|\n| Governing law | England and Wales |\n", {"contract.governing_law": "GB"}, ()),
    ("zh-law-table", ZH + "| 项目 | 内容 |\n|---|---|\n| 适用法律 | 中华人民共和国法律 |\n", {"contract.governing_law": "CN"}, ()),
    ("zh-conv-table-jike", ZH + "| 项目 | 内容 |\n|---|---|\n| 提前解约 | 甲方提前30日书面通知即可解约，无违约金 |\n",
     {CONV: True, CONV_DAYS: 30, ETF: 0}, ()),
    ("en-conv-cancel-with-notice", EN + "10. Cancellation: Client may cancel with 30 days' written notice.\n", {CONV: True, CONV_DAYS: 30}, ()),
    ("en-conv-cancel-before-renewal-is-not", EN + "3. Client may cancel with 14 days' notice prior to the renewal date.\n", {}, (CONV,)),
    ("en-conv-cancel-breach-is-not", EN + "10. Client may cancel with 30 days' written notice if Agency breaches clause 4.\n", {}, (CONV,)),
    # ---------------------------------------------------------------- after the blind batch d54–d63: the causes of its misses, in other words
    ("zh-conv-no-other-fee", ZH + "第十条 解除\n甲方可提前三十日书面通知乙方解除本协议，已发生的服务费据实结算，无需支付其他费用。\n",
     {CONV: True, CONV_DAYS: 30, ETF: 0}, ()),
    ("zh-conv-only-settle", ZH + "第十条 解除\n甲方可随时提前十日书面通知乙方解除本协议，仅需结清已服务期间的费用。\n", {CONV: True, ETF: 0}, ()),
    ("zh-stoploss-service-standard", ZH + "第八条 服务标准\n任一项服务标准连续两个自然月未达到的，甲方可书面通知乙方立即解除本协议，无需承担任何违约责任。\n",
     {SL + "present": True, SL + "consecutive_periods": 2, SL + "period": "month", SL + "no_fault_exit": True}, ()),
    ("en-stoploss-merchant-exit-charge", EN.replace('"Client"', '"Merchant"') + "8. If Net Sales fall below 50% of the target in two consecutive months, "
     "the Merchant may terminate on 7 days' notice without paying the early exit charge.\n",
     {SL + "present": True, SL + "threshold_pct": 50, SL + "no_fault_exit": True}, ()),
    ("zh-handover-documents", ZH + "第十条 终止\n本协议终止后三日内，乙方应交回全部话术文档。\n", {"contract.termination.handover": True}, ()),
    ("zh-handover-accounts-back-is-not", ZH + "第十条 终止\n协议终止后两个工作日内乙方停止使用并交回店铺账号。\n", {}, ("contract.termination.handover",)),
    ("en-handover-when-ends", EN + "10. When the engagement ends, the Agency will hand over its campaign notes and remove its access within 5 days.\n",
     {"contract.termination.handover": True, "contract.termination.access_removal_days": 5}, ()),
    ("en-start-ordinal-of", EN + "2. The subscription starts on the 1st of March 2028 and continues for twelve (12) months.\n",
     {"contract.start_date": "2028-03-01", "contract.term_months": 12}, ()),
    ("en-renew-notice-minimum-period-is-not", EN + "2. Term\n2.1 After the minimum period this Agreement renews month to month.\n"
     "2.2 Client may end the engagement during the minimum period on 30 days' notice.\n", {RENEW: True}, (NOTICE,)),
    ("en-renew-notice-termination-right-is-not", EN + "9. This Agreement shall renew for successive periods of 12 months unless Client gives "
     "written notice of non-renewal at least 60 days before the expiry of the then-current term. Client may terminate this Agreement by "
     "giving not less than 45 days' written notice, provided that Client pays all fees then due.\n", {NOTICE: 60}, ()),
    ("en-conv-brand-owner-undefined", EN + "10. The Brand Owner may end this Agreement at any time on 45 days' written notice.\n",
     {CONV: True, CONV_DAYS: 45}, ()),
    ("en-renew-rolls-month-by-month", EN + "2. The engagement begins on 1 March 2028 with a minimum period of 3 months. After that it rolls on month "
     "by month until either party ends it with 14 days' notice.\n",
     {"contract.term_months": 3, RENEW: True, TERM_M: 1, NOTICE: 14}, ()),
    ("en-renew-unless-deadline-is-not", EN + "5. Unless otherwise agreed in writing, the payment deadline shall be extended by 5 business days.\n",
     {}, (RENEW,)),
    ("en-renew-continue-another-week-is-not", EN + "5. The Agency will continue for another week until the listings are finished.\n", {}, (RENEW,)),
    ("en-conv-buyer-cancels-is-not", EN + "6. A buyer may cancel the order at any time before it ships.\n", {}, (CONV,)),
    # ---------------------------------------------------------------- fifth round: more styles, written before the patterns were looked at again
    ("zh-term-valid-from-to", ZH + "第二条 期限\n本合同有效期：2027年6月1日起至2028年5月31日止。\n",
     {"contract.term_months": 12, "contract.start_date": "2027-06-01"}, ()),
    ("zh-term-renew-by-talks-is-not", ZH + "第二条 期限\n合作期限为壹年，期满前一个月双方协商续约事宜。\n", {"contract.term_months": 12}, (RENEW,)),
    ("zh-term-signing-to-date-is-not", ZH + "第二条 期限\n本协议自签订之日起生效，至2028年12月31日终止。\n", {}, ("contract.start_date",)),
    ("zh-term-gong", ZH + "第二条 期限\n服务期自甲方支付首期款项之日起计算，共6个月。\n", {"contract.term_months": 6}, ()),
    ("zh-renew-same-as-contract", ZH + "第三条 续约\n合同到期自动续约，续约期限同本合同。\n", {RENEW: True}, ()),
    ("en-term-commencing", EN + "2. The term of this Agreement is six months commencing on June 1, 2027.\n",
     {"contract.term_months": 6, "contract.start_date": "2027-06-01"}, ()),
    ("en-start-takes-effect", EN + "2. This Agreement takes effect on 1 July 2027.\n", {"contract.start_date": "2027-07-01"}, ()),
    ("en-term-until-terminated-is-not", EN + "2. This Agreement will remain in effect until terminated by either party.\n", {}, ("contract.term_months",)),
    ("en-conv-for-any-reason-upon", EN + "10. Either party may end this Agreement for any reason upon 30 days' written notice to the other.\n",
     {CONV: True, CONV_DAYS: 30}, ()),
    ("en-conv-at-will", EN + "10. The Client may terminate at will, on 10 business days' notice.\n", {CONV: True, CONV_DAYS: 10}, ()),
    ("en-conv-may-not-cancel", EN + "10. Client may not cancel during the first 6 months.\n", {CONV: False}, ()),
    ("en-conv-nonpayment-is-not", EN + "10. Agency may terminate this Agreement immediately if Client fails to pay.\n", {},
     (CONV, "contract.termination.provider_for_convenience")),
    ("zh-conv-pay-this-month", ZH + "第十条 解除\n甲方有权提前一个月通知乙方终止本合同，但应支付当月服务费。\n", {CONV: True, CONV_DAYS: 30}, ()),
    ("zh-conv-adjust-is-not", ZH + "第六条 广告\n甲方可随时查看广告数据并提出调整意见。\n", {}, (CONV,)),
    ("en-law-delaware", EN + "12. This Agreement is governed by Delaware law.\n", {"contract.governing_law": "US"}, ()),
    ("en-law-construed-under-texas", EN + "12. This Agreement shall be governed by and construed under the laws of the State of Texas.\n",
     {"contract.governing_law": "US"}, ()),
    ("zh-law-mainland-region", ZH + "第十二条 法律适用\n本合同适用中华人民共和国大陆地区法律。\n", {"contract.governing_law": "CN"}, ()),
    # ---------------------------------------------------------------- seventh round: formal renewal and termination clauses
    ("en-renew-anniversary", EN + "3. This Agreement shall automatically renew on each anniversary of the Effective Date for a further year, "
     "unless terminated in accordance with Clause 12.\n", {RENEW: True, TERM_M: 12}, ()),
    ("en-renew-by-successive-month", EN + "3. The Term shall be extended automatically by successive periods of one (1) month each.\n",
     {RENEW: True, TERM_M: 1}, ()),
    ("en-renew-not-obliged-is-not", EN + "3. Neither party is obliged to renew this Agreement.\n", {}, (TERM_M, NOTICE)),
    ("en-renew-dashboard-cancel", EN + "3. Subscriptions renew automatically unless cancelled at least 7 days before the renewal date via the dashboard.\n",
     {RENEW: True, NOTICE: 7}, ()),
    ("en-renew-non-renewal-own-sentence", EN + "3. Renewal\n3.1 This Agreement renews automatically for successive one-year terms.\n"
     "3.2 Notice of non-renewal must be given no later than 60 days prior to the expiry date.\n", {RENEW: True, TERM_M: 12, NOTICE: 60}, ()),
    ("en-conv-either-party-capital", EN + "10. Either Party may terminate this Agreement without cause upon ninety (90) days' prior written notice.\n",
     {CONV: True, CONV_DAYS: 90}, ()),
    ("en-conv-has-the-right", EN + "10. The Customer has the right to terminate the Services by giving one (1) month's notice.\n",
     {CONV: True, CONV_DAYS: 30}, ()),
    ("en-conv-sow", EN + "10. Client may terminate this SOW upon 15 days' notice; all fees accrued to the termination date remain payable.\n",
     {CONV: True, CONV_DAYS: 15}, ()),
    ("en-conv-material-breach-is-not", EN + "10. Client may terminate this Agreement on written notice if Agency is in material breach.\n", {}, (CONV,)),
    ("en-conv-insolvency-upon-is-not", EN + "10. Either party may terminate this Agreement upon the other party's insolvency.\n", {}, (CONV,)),
    ("zh-renew-unless-otherwise", ZH + "第三条 期限\n本合同期满后，除非一方于期满前30日书面通知另一方不再续约，否则本合同自动续约一年。\n",
     {RENEW: True, TERM_M: 12, NOTICE: 30}, ()),
    ("zh-conv-gaozhi-no-penalty", ZH + "第十条 解除\n甲方在合同期内可随时终止合作，需提前15天书面告知乙方，乙方不收取任何违约金。\n",
     {CONV: True, CONV_DAYS: 15, ETF: 0}, ()),
    ("zh-conv-neither-may", ZH + "第十条 解除\n合同期内，双方均不得单方解除合同。\n", {CONV: False}, ()),
    ("zh-etf-fixed-amount", ZH + "第十一条 违约\n甲方单方面提出解约的，需提前一个月通知乙方，并支付违约金人民币10000元。\n", {ETF: 10000}, ()),
    ("zh-renew-no-renewal-condition-is-not", ZH + "第十条 终止\n合同到期后不再续约的，乙方应在7日内移交店铺资料。\n", {}, (RENEW,)),
    # governing law of more countries (blind batch d69: "the laws of the Federal Republic of Germany"); not a law the contract excludes
    ("en-law-federal-republic-germany", EN + "10. This Agreement is governed by the laws of the Federal Republic of Germany.\n",
     {"contract.governing_law": "DE"}, ()),
    ("en-law-french-law-governs", EN + "10. French law governs this Agreement.\n", {"contract.governing_law": "FR"}, ()),
    ("en-law-netherlands", EN + "10. This Agreement shall be governed by the laws of the Netherlands.\n", {"contract.governing_law": "NL"}, ()),
    ("zh-law-germany", ZH + "第十二条 法律适用\n本合同适用德国法律。\n", {"contract.governing_law": "DE"}, ()),
    ("zh-law-malaysia-governs", ZH + "第十二条 法律适用\n本协议受马来西亚法律管辖。\n", {"contract.governing_law": "MY"}, ()),
    ("zh-law-not-applied-is-not", ZH + "第十二条 法律适用\n本合同不适用德国法律。\n", {}, ("contract.governing_law",)),
    # a contract by any name: "this agreement", the Subscription, the engagement; a freelancer writing "I" to "you"
    ("en-provider-ends-agreement-with-notice", EN + "7. The Agency may end this agreement with 30 days' written notice.\n",
     {"contract.termination.provider_for_convenience": True}, ()),
    ("en-provider-ends-subscription-any-reason", EN + "6. The Agency may terminate the Subscription for any reason on thirty (30) days' notice, "
     "in which case it refunds the prepaid fees for the unused part of the term.\n",
     {"contract.termination.provider_for_convenience": True}, ("contract.refund_formula", "fees.refundable_on_exit")),
    ("en-provider-ends-on-breach-is-not", EN + "6. The Agency may terminate the Subscription on 10 days' notice if the Client fails to pay.\n", {},
     ("contract.termination.provider_for_convenience",)),
    ("en-conv-during-minimum-period", EN + "5. The Client may end the engagement during the minimum period on thirty (30) days' notice, without any "
     "cancellation charge.\n", {CONV: True, CONV_DAYS: 30}, ()),
    ("en-conv-only-upon-paying-the-rest-is-not", EN + "6. The Client may cancel this Agreement during the initial term only upon payment of the "
     "fees for the remaining months of the initial term.\n", {}, (CONV,)),
    ("en-i-you-freelancer", "FREELANCE PPC SERVICES AGREEMENT\nBetween: Harbor Outdoor LLC (\"you\" or \"the Client\")\nAnd: Tom Wood, an individual "
     "freelancer (\"I\", \"me\" or \"the Freelancer\")\n7. Ending this agreement\n7.1 You may end this agreement at any time with 14 days' written "
     "notice; there is no cancellation fee.\n7.2 I may end this agreement with 30 days' written notice.\n",
     {CONV: True, CONV_DAYS: 14, "contract.termination.provider_for_convenience": True}, ()),
]


@pytest.mark.parametrize("text,want,absent", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_terms_clause_is_read_as_a_seller_would(tmp_path, text, want, absent):
    assert_read(hits(tmp_path, text), want, absent)
