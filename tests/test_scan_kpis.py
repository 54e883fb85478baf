"""`vetting scan` reads the KPIs a contract agrees, a one-off project price and the money the provider may move.

Each test is a clause as agencies write it, in Chinese and in English; the seller checks the value the
scan proposes, and that a goal the agency calls no promise, or a fee, is not read as a KPI.
"""
from __future__ import annotations

import yaml
from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.intake.proposals import propose
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
