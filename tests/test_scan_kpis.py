"""`vetting scan` reads the KPIs a contract agrees, a one-off project price and the money the provider may move.

Each test is a clause as agencies write it, in Chinese and in English; the seller checks the value the
scan proposes, and that a goal the agency calls no promise, or a fee, is not read as a KPI.
"""
from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.intake.proposals import propose
from vetting.intake.readers import table_rows
from vetting.intake.scan import read_contract

_register()


def scan(tmp_path, text: str, name: str = "contract.md") -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    reading = read_contract([str(path)])
    props = {p.field: p for p in propose(reading)}
    pages = {(pg.file, pg.number): pg.text for pg in reading.pages}
    for p in props.values():
        assert pages[(p.file, p.page)][p.start:p.end] == p.quote  # every proposal has its quote at its offsets
    return props


KPI_ZH = """# 店铺代运营合同

委托方：义乌市某某饰品有限公司
受托方：广州市某某电子商务有限公司

## 第四条 考核指标

4.1 双方约定以下考核指标（KPI），按自然月考核：

| 指标 | 目标值 | 考核口径 |
|---|---|---|
| 月度GMV | 较基准销售额增长百分之十五（15%） | 卖家后台已完成订单金额，扣除退款 |
| 广告销售成本比（ACoS） | 不超过百分之二十五（25%） | 广告后台花费÷广告归因销售额 |

4.2 基准销售额为委托方店铺近三个月的月均GMV，即人民币四十万元。
"""


def test_chinese_kpi_table_with_its_kou_jing_and_baseline(tmp_path):
    p = scan(tmp_path, KPI_ZH)
    assert p["kpis[gmv].metric"].value == "gmv"
    assert p["kpis[gmv].target"].value == 15 and p["kpis[gmv].target_kind"].value == "growth_pct"
    assert p["kpis[gmv].period"].value == "month"
    assert p["kpis[gmv].formula"].value == "卖家后台已完成订单金额,扣除退款"
    assert p["kpis[gmv].net_of_refunds"].value is True
    assert p["kpis[gmv].baseline"].value == 400000
    assert p["kpis[acos].target"].value == 25 and p["kpis[acos].target_kind"].value == "at_most"


def test_english_kpi_sentence_and_table(tmp_path):
    text = """# Services Agreement

This Agreement is made between the Client and the Agency for the management of the Client's Amazon store, and the
Agency shall report to the Client on the KPIs of this Agreement every month.

## 4. Key Performance Indicators

4.1 The KPIs below are measured per calendar month from Seller Central.

| KPI | Target | How it is measured |
|---|---|---|
| ROAS | at least 4.0 | attributed sales divided by ad spend, Amazon Ads console |
| Net Sales | USD 80,000 | ordered product sales less refunds |
"""
    p = scan(tmp_path, text)
    assert p["kpis[roas].target"].value == 4 and p["kpis[roas].target_kind"].value == "at_least"
    assert p["kpis[roas].formula"].value.startswith("attributed sales divided by ad spend")
    assert p["kpis[net_sales].target"].value == 80000 and p["kpis[net_sales].target_kind"].value == "absolute"
    assert p["kpis[net_sales].net_of_refunds"].value is True and p["kpis[net_sales].period"].value == "month"


def test_a_goal_that_is_no_promise_and_a_fee_are_no_kpi(tmp_path):
    text = """第五条 考核目标
5.1 乙方力争使甲方店铺月销售额达到人民币30万元，但该目标不构成乙方的考核承诺。
5.2 乙方按月度销售额的百分之五（5%）收取提成。
5.3 如连续两（2）个月销售额未达到考核目标的百分之七十（70%），甲方有权解除本合同。
"""
    p = scan(tmp_path, text, "c.txt")
    assert not [f for f in p if f.startswith("kpis[")]
    assert p["fees.commission_pct"].value == 5


def test_project_price_in_both_languages(tmp_path):
    zh = scan(tmp_path, "第三条 项目费用\n3.1 本项目总价为人民币叁万陆仟元整（¥36,000.00），分两期支付。\n", "zh.txt")
    assert zh["fees.project_price"].value == 36000 and zh["currency"].value == "CNY"
    en = scan(tmp_path, "2. Program Fee. The total program fee is USD 6,500, payable in full before the program starts.\n", "en.txt")
    assert en["fees.project_price"].value == 6500 and en["fees.model"].value == "per_project"
    monthly = scan(tmp_path, "3.1 The Client shall pay the Agency a monthly project fee of USD 2,000 per month for the "
                             "management of the store.\n", "m.txt")
    assert "fees.project_price" not in monthly


def test_funds_scope_payouts_or_bank_and_refunds_capped(tmp_path):
    zh = scan(tmp_path, "第四条 账号与资金\n4.2 乙方可代甲方操作店铺资金提现，并有权修改店铺绑定的收款银行账户。\n", "a.txt")
    assert zh["data_access.funds_scope"].value == "payouts_or_bank" and zh["data_access.funds_access"].value is True
    no = scan(tmp_path, "第四条 账号与资金\n4.2 乙方不得操作店铺的提现、收款账户及银行卡信息。\n", "b.txt")
    assert no["data_access.funds_scope"].value == "none"
    en = scan(tmp_path, "5. Access and Funds\n5.1 Service Provider may issue refunds to customers of up to US$100 per order "
                        "without Seller's prior approval.\n5.2 Service Provider shall not access or change Seller's bank account "
                        "or payout settings.\n", "c.txt")
    assert en["data_access.funds_scope"].value == "refunds_capped"  # the wider of the two statements
    en2 = scan(tmp_path, "5.1 Under this Agreement the Agency may withdraw funds from the Seller Central account of the Client and "
                         "update the bank account on file.\n", "d.txt")
    assert en2["data_access.funds_scope"].value == "payouts_or_bank"


def test_defined_party_names_and_a_clause_split_across_lines(tmp_path):
    text = """委托方：宁波市某某工具有限公司
受托方：厦门市某某运营有限公司
第二条 费用
2.1 委托方每月向受托方支付运营服务费人民币
伍仟元整（¥5,000.00）。
2.2 委托方可随时提前三十（30）日书面通知受托方解除本合同，无需支付任何违约金。
"""
    p = scan(tmp_path, text, "c.txt")
    assert p["fees.base_monthly"].value == 5000
    assert p["contract.termination.for_convenience"].value is True and p["contract.termination.notice_days"].value == 30


def test_scanned_kpi_merges_into_a_deal_without_kpis(tmp_path):
    contract = tmp_path / "contract.md"
    contract.write_text(KPI_ZH, encoding="utf-8")
    out = tmp_path / "proposals.yaml"
    r = CliRunner().invoke(cli, ["scan", str(contract), "--format", "yaml", "-o", str(out)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    for p in data["proposals"]:
        p["accept"] = p["field"].startswith("kpis[gmv]")
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    deal = tmp_path / "deal.yaml"
    deal.write_text("format: vetting/deal@1\nid: d1\nprovider:\n  name: 某某电商\n", encoding="utf-8")
    merged = tmp_path / "merged.yaml"
    r = CliRunner().invoke(cli, ["merge", str(deal), str(out), "-o", str(merged)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    kpis = yaml.safe_load(merged.read_text(encoding="utf-8"))["kpis"]
    assert kpis == [{"id": "gmv", "metric": "gmv", "target": 15, "target_kind": "growth_pct", "period": "month",
                     "formula": "卖家后台已完成订单金额,扣除退款", "net_of_refunds": True, "baseline": 400000,
                     "data_source": "seller_central"}]


def test_a_kpi_promise_with_its_fee_cut_and_a_service_level(tmp_path):
    zh = scan(tmp_path, "第四条 业绩承诺\n4.1 乙方承诺：自合作第三个月起，店铺月销售额达到人民币伍拾万元；未达到的，当月服务费减半收取。\n", "zh.txt")
    assert zh["kpis[gmv].target"].value == 500000 and zh["kpis[gmv].target_kind"].value == "absolute"  # not the 3 of 第三个月
    assert zh["contract.kpi_penalty"].value is True
    en = scan(tmp_path, "This agreement is made between the Merchant and the Operator for the customer service of the stores.\n"
                        "4. Service Levels\n4.1 The Operator shall keep the refund rate of the managed stores at or below 2% each "
                        "month, measured in Shopee Seller Centre.\n", "en.md")
    assert en["kpis[refund_rate].target"].value == 2 and en["kpis[refund_rate].target_kind"].value == "at_most"
    assert en["kpis[refund_rate].data_source"].value == "seller_central"


# KPI clauses worded beyond the corpus: 不低于/达到/以内/以上, 百分之, "no less than", tables with 目标值/考核周期/数据来源
# columns; and targets that are no promise (力争, "aim", "estimate"), a fee, a 7×24 description.
_KPI_HEAD = "# 店铺代运营合同\n\n甲方（委托方）：宁波市某某工具有限公司\n乙方（服务方）：杭州某某电子商务有限公司\n\n## 第五条 考核指标\n\n"
_KPI_EN = "# Services Agreement\n\nBetween Northwind Goods Ltd (the \"Client\") and BrightPeak Media Ltd (the \"Agency\").\n\n## 5. KPIs\n\n"
KPI_WORDINGS = [
    ("zh-gmv-floor", _KPI_HEAD + "5.1 店铺月销售额不低于人民币30万元。\n",
     {"kpis[gmv].target": 300000, "kpis[gmv].target_kind": "at_least"}),
    ("zh-acos-yi-nei", _KPI_HEAD + "5.1 广告ACoS控制在百分之二十五（25%）以内。\n", {"kpis[acos].target": 25, "kpis[acos].target_kind": "at_most"}),
    ("zh-roas-bu-di-yu", _KPI_HEAD + "5.1 广告投入产出比（ROAS）不低于3，按月考核。\n",
     {"kpis[roas].target": 3, "kpis[roas].target_kind": "at_least", "kpis[roas].period": "month"}),
    ("zh-rating-yi-shang", _KPI_HEAD + "5.1 店铺评分保持在4.5分以上。\n",
     {"kpis[review_rating].target": 4.5, "kpis[review_rating].target_kind": "at_least"}),
    ("zh-refund-rate-di-yu", _KPI_HEAD + "5.1 退款率低于3%。\n", {"kpis[refund_rate].target": 3, "kpis[refund_rate].target_kind": "at_most"}),
    ("zh-growth-tong-bi", _KPI_HEAD + "5.1 每季度销售额同比增长不低于20%。\n",
     {"kpis[gmv].target": 20, "kpis[gmv].target_kind": "growth_pct", "kpis[gmv].period": "quarter"}),
    ("zh-table-columns", _KPI_HEAD + "| 指标 | 目标值 | 考核周期 | 数据来源 |\n|---|---|---|---|\n| 销售额 | 不低于20万元 | 月度 | 卖家后台 |\n"
     "| 转化率 | 不低于10% | 月度 | 卖家后台 |\n",
     {"kpis[gmv].target": 200000, "kpis[gmv].target_kind": "at_least", "kpis[gmv].data_source": "seller_central",
      "kpis[conversion_rate].target": 10, "kpis[conversion_rate].target_kind": "at_least"}),
    ("zh-conversion-da-dao", _KPI_HEAD + "5.1 乙方保证店铺转化率达到百分之十二（12%）以上。\n",
     {"kpis[conversion_rate].target": 12, "kpis[conversion_rate].target_kind": "at_least"}),
    ("en-roas-at-least", _KPI_EN + "5.1 ROAS of at least 4.0, measured monthly in the Amazon Ads console.\n",
     {"kpis[roas].target": 4, "kpis[roas].target_kind": "at_least", "kpis[roas].period": "month",
      "kpis[roas].data_source": "ads_console"}),
    ("en-net-sales-no-less", _KPI_EN + "5.1 Agency shall achieve monthly net sales of no less than USD 50,000.\n",
     {"kpis[net_sales].target": 50000, "kpis[net_sales].target_kind": "at_least"}),
    ("en-tacos-not-exceed", _KPI_EN + "5.1 TACoS shall not exceed 12% in any calendar month.\n",
     {"kpis[tacos].target": 12, "kpis[tacos].target_kind": "at_most", "kpis[tacos].period": "month"}),
    ("en-conversion-minimum", _KPI_EN + "5.1 Conversion rate: minimum 12%.\n",
     {"kpis[conversion_rate].target": 12, "kpis[conversion_rate].target_kind": "at_least"}),
    ("en-growth-over-baseline", _KPI_EN + "5.1 Agency will grow total sales by 25% over the baseline within six months.\n",
     {"kpis[gmv].target": 25, "kpis[gmv].target_kind": "growth_pct"}),
    # second round, written after the first widening
    ("zh-odr-bu-gao-yu", _KPI_HEAD + "5.1 订单缺陷率（ODR）不高于1%，以亚马逊卖家后台账户状况页面为准。\n",
     {"kpis[order_defect_rate].target": 1, "kpis[order_defect_rate].target_kind": "at_most",
      "kpis[order_defect_rate].data_source": "seller_central"}),
    ("zh-units-yue-xiao-liang", _KPI_HEAD + "5.1 乙方保证店铺月销量不少于3000单。\n",
     {"kpis[units].target": 3000, "kpis[units].target_kind": "at_least"}),
    ("zh-table-targets", _KPI_HEAD + "| 考核项目 | 考核标准 | 考核周期 |\n|---|---|---|\n| 广告投入产出比 | ≥3.5 | 每月 |\n| 退货率 | ≤5% | 每月 |\n",
     {"kpis[roas].target": 3.5, "kpis[roas].target_kind": "at_least", "kpis[roas].period": "month",
      "kpis[return_rate].target": 5, "kpis[return_rate].target_kind": "at_most"}),
    ("en-sessions-growth", _KPI_EN + "5.1 Grow monthly sessions by 15% compared with the baseline period.\n",
     {"kpis[sessions].target": 15, "kpis[sessions].target_kind": "growth_pct"}),
    ("en-rating-at-least", _KPI_EN + "5.1 Maintain an average star rating of 4.3 or higher across the managed ASINs.\n",
     {"kpis[review_rating].target": 4.3, "kpis[review_rating].target_kind": "at_least"}),
    ("en-table", _KPI_EN + "| Metric | Target | Data source |\n|---|---|---|\n| ROAS | 3.0 or higher | Amazon Ads console |\n"
     "| Refund rate | below 4% | Seller Central |\n",
     {"kpis[roas].target": 3, "kpis[roas].target_kind": "at_least", "kpis[roas].data_source": "ads_console",
      "kpis[refund_rate].target": 4, "kpis[refund_rate].target_kind": "at_most", "kpis[refund_rate].data_source": "seller_central"}),
    ("zh-trap-yu-ji", _KPI_HEAD + "5.1 根据乙方经验，预计合作三个月后店铺月销售额可达到50万元，仅供参考。\n", {}),
    ("en-trap-may-reach", _KPI_EN + "5.1 Past clients have reached a ROAS of 6, which is an illustration and not a commitment.\n", {}),
    # third round: lists, tables and units seen in public templates
    ("zh-colon-list", _KPI_HEAD + "5.1 考核指标：（1）月销售额不低于人民币20万元；（2）ACoS不高于30%；（3）店铺评分不低于4.6分。\n",
     {"kpis[gmv].target": 200000, "kpis[gmv].target_kind": "at_least", "kpis[acos].target": 30, "kpis[acos].target_kind": "at_most",
      "kpis[review_rating].target": 4.6, "kpis[review_rating].target_kind": "at_least"}),
    ("zh-table-signs", _KPI_HEAD + "| 指标名称 | 考核目标 | 计算口径 | 数据来源 |\n|---|---|---|---|\n"
     "| 月销售额 | ≥25万美元 | 已发货订单金额 | 卖家后台 |\n| 广告ACoS | ≤28% | 广告花费÷广告销售额 | 广告后台 |\n",
     {"kpis[gmv].target": 250000, "kpis[gmv].target_kind": "at_least", "kpis[gmv].data_source": "seller_central",
      "kpis[acos].target": 28, "kpis[acos].target_kind": "at_most", "kpis[acos].data_source": "ads_console"}),
    ("zh-huan-bi", _KPI_HEAD + "5.1 店铺月销售额环比增长10%以上。\n", {"kpis[gmv].target": 10, "kpis[gmv].target_kind": "growth_pct"}),
    ("en-lettered-list", _KPI_EN + "5.1 Key Performance Indicators: (a) monthly revenue of at least $80,000; (b) TACoS below 15%; "
     "(c) conversion rate above 10%.\n",
     {"kpis[gmv].target": 80000, "kpis[gmv].target_kind": "at_least", "kpis[tacos].target": 15, "kpis[tacos].target_kind": "at_most",
      "kpis[conversion_rate].target": 10, "kpis[conversion_rate].target_kind": "at_least"}),
    ("en-roas-x", _KPI_EN + "5.1 The Agency commits to a ROAS of at least 3.5x each month.\n",
     {"kpis[roas].target": 3.5, "kpis[roas].target_kind": "at_least", "kpis[roas].period": "month"}),
    ("en-target-label", _KPI_EN + "5.1 Target ACoS: 25% or less, reviewed monthly.\n",
     {"kpis[acos].target": 25, "kpis[acos].target_kind": "at_most", "kpis[acos].period": "month"}),
    ("en-gmv-quarter", _KPI_EN + "5.1 GMV target: USD 1,000,000 per quarter.\n",
     {"kpis[gmv].target": 1000000, "kpis[gmv].target_kind": "absolute", "kpis[gmv].period": "quarter"}),
    ("zh-bu-de-chao-guo", _KPI_HEAD + "5.1 广告ACoS不得超过30%。\n", {"kpis[acos].target": 30, "kpis[acos].target_kind": "at_most"}),
    ("en-no-more-than", _KPI_EN + "5.1 Refund rate: no more than 3% of orders.\n",
     {"kpis[refund_rate].target": 3, "kpis[refund_rate].target_kind": "at_most"}),
    ("zh-contract-period", _KPI_HEAD + "5.1 合作期内累计销售额不低于人民币300万元。\n",
     {"kpis[gmv].target": 3000000, "kpis[gmv].target_kind": "at_least", "kpis[gmv].period": "contract"}),
    ("en-contract-period", _KPI_EN + "5.1 Total sales of at least USD 500,000 over the initial Term.\n",
     {"kpis[gmv].target": 500000, "kpis[gmv].target_kind": "at_least", "kpis[gmv].period": "contract"}),
    ("zh-during-term-is-no-period", _KPI_HEAD + "5.1 合作期内，广告ACoS不高于30%。\n",
     {"kpis[acos].target": 30, "kpis[acos].target_kind": "at_most", "kpis[acos].period": None}),  # None: not read
    ("zh-trap-bonus", _KPI_HEAD + "5.1 如当月ROAS超过5，甲方另行向乙方支付奖金人民币5,000元。\n", {}),
    ("en-trap-bonus", _KPI_EN + "5.1 If ROAS exceeds 5.0 in a month, Client will pay the Agency a bonus of USD 1,000.\n", {}),
    ("zh-trap-history", _KPI_HEAD + "5.1 甲方店铺过去三个月的平均ACoS为35%，仅作背景说明。\n", {}),
    # traps
    ("zh-trap-li-zheng", _KPI_HEAD + "5.1 乙方力争使店铺月销售额突破50万元。\n", {}),
    ("zh-trap-reference-only", _KPI_HEAD + "5.1 上述销售额目标仅作为参考，不作为考核依据。\n", {}),
    ("zh-trap-commission", _KPI_HEAD + "5.1 乙方按月销售额的5%收取提成。\n", {}),
    ("zh-trap-7x24", "# 客服外包合同\n\n## 第二条 服务内容\n\n2.1 乙方提供7×24小时在线客服服务，覆盖亚马逊美国站。\n", {}),
    ("en-trap-aim", _KPI_EN + "5.1 We aim to grow sales by 30% in the first quarter.\n", {}),
    ("en-trap-estimate", _KPI_EN + "5.1 Agency estimates that ROAS could reach 5.0, but this is not guaranteed.\n", {}),
    ("en-trap-fee", _KPI_EN + "5.1 Agency's fee is 8% of monthly net sales.\n", {}),
]


@pytest.mark.parametrize("text,want", [c[1:] for c in KPI_WORDINGS], ids=[c[0] for c in KPI_WORDINGS])
def test_kpi_wordings_beyond_the_corpus(tmp_path, text, want):
    p = scan(tmp_path, text)
    got = {f: p[f].value for f in p if f.startswith("kpis[")}
    for field, value in want.items():
        assert got.get(field) == value, f"{field}: {got.get(field)} (want {value}; read {got})"
    if not want:
        assert got == {}, f"no KPI here, read {got}"


@pytest.mark.parametrize("text,price", [
    ("第三条 费用\n3.1 本项目总费用为人民币28,000元，签约时支付50%。\n", 28000),
    ("第三条 费用\n3.1 品牌设计服务费用合计人民币15,000元，分两期支付。\n", 15000),
    ("第三条 费用\n3.1 乙方一次性收取培训费人民币9,800元。\n", 9800),
    ("3. Fees\n3.1 The total fee for the listing optimisation project is USD 2,400.\n", 2400),
    ("3. Fees\n3.1 The one-off fee for the store setup is $1,800, payable on signing.\n", 1800),
    ("3. Fees\n3.1 Package price: $3,500 (one-time).\n", 3500),
    ("第三条 费用\n3.1 甲方每月支付服务费人民币5,000元。\n", None),
    ("3. Fees\n3.1 A late fee of USD 50 applies to each overdue invoice.\n", None),
    ("第三条 费用\n3.1 咨询费为人民币3,000元/月，按月支付。\n", None),
    ("第三条 费用\n3.1 培训费为人民币2,000元/人。\n", None),
])
def test_project_price_wordings(tmp_path, text, price):
    head = _KPI_HEAD.split("## ")[0] if "第三条" in text else _KPI_EN.split("## ")[0]
    p = scan(tmp_path, head + text, "c.txt")
    assert (p["fees.project_price"].value if "fees.project_price" in p else None) == price


def test_a_pdf_table_row_the_text_layer_runs_together_is_read_by_its_cells():
    text = "第三条 考核指标\n考核项目 目标值 统计口径\n店铺体验分 不低于4.5分 TikTok Shop商家后台\n季度GMV 180万元 以ERP\n为准\n"
    tables = [[["考核项目", "目标值", "统计口径"], ["店铺体验分", "不低于4.5分", "TikTok Shop商家后台"], ["季度GMV", "180万元", "以ERP\n为准"]]]
    out = table_rows(text, tables)
    assert "| 考核项目 | 目标值 | 统计口径 |\n| 店铺体验分 | 不低于4.5分 | TikTok Shop商家后台 |" in out
    assert "季度GMV 180万元 以ERP\n为准" in out  # a cell that wraps: the row is left as the text layer has it
    assert table_rows("前文 店铺体验分 不低于4.5分 TikTok Shop商家后台\n", tables) == "前文 店铺体验分 不低于4.5分 TikTok Shop商家后台\n"
