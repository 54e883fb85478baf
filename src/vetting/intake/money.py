"""Patterns for the fees: monthly fee, commission and its basis, ad-spend fee, setup fee, prepayment,
refunds, the fee model, the budget approval and the contract's currency.

Amounts that look like a fee and are not one are left alone: a minimum monthly fee (不低于, minimum),
a yearly total (共计, per year), late-payment interest (逾期, 滞纳金, late), a deposit (保证金),
a sales goal (销售额达到), ad funds the seller tops up (充值, ad funds).
"""
from __future__ import annotations

import re

from .base import defined_in, PCT, Context, Hit, moneys

CI = re.I
_NOT_A_FEE = re.compile(r"逾期|滞纳|违约金|利息|保证金|押金|销售额达到|目标|充值|\blate\b|\binterest\b|overdue|deposit|penalt|target|"
                        r"ad funds|top[- ]up|reduced by", CI)
_SETUP_ZH = r"(?:启动|开户|上架|入驻|开店|初始化|建店|建站|对接|服务启动|搭建|诊断|装修|开通|部署|接入|实施|安装|账户设置|店铺设置)(?:服务)?费"
_SETUP_EN = r"(?:onboarding|set-?up|start-?up|activation|implementation|kick-?off|launch|account (?:set-?up|opening)|store (?:set-?up|build)) (?:fee|charge)"
_MIN = re.compile(r"不低于|最低|至少|保底|起步|minimum|at least|no less than", CI)


# an amount that is the seller's ad budget (广告预算约2.5万元/月, "your ad budget is about $25,000 a month"), or a part the fee already
# includes ("£150 per month, included in the Bundle fee", 已包含在服务费中): not the monthly fee
_BUDGET_BEFORE = r"(?:budget|ad spend|media spend|预算|广告费|推广费|充值)[^,;。|]{0,14}$"
_INCLUDED_AFTER = r"[^.;。|]{0,14}?(?:included in|includes? in|covered by|已?(?:包含|含)在|已计入)"


def base_monthly(s: str, ctx: Context) -> list[Hit]:
    if _NOT_A_FEE.search(s) or _PER_UNIT.search(s) or re.search(r"greater of|higher of|whichever is (?:greater|higher)|较高者|孰高", s, CI):
        return []  # "the greater of $2,000 or 10% of ad spend": a minimum, not a fixed fee
    if ctx.lang == "zh":
        if not re.search(r"(?:基础|基本|固定|月度|代运营|订阅|年度)?服务费|月费|订阅费|底薪|管理费|运营费|托管费|代理费|顾问费|咨询费|"
                         r"技术服务费|外包费|维护费|陪跑费|使用费|服务报酬|报酬|劳务费", s):
            return []
        m = re.search(r"每月|按月|/月|每个月|月费|月付|(?<!个)月(?:度)?(?:基础|固定)?(?:服务|管理|运营|托管|顾问|代运营)费", s)
        if not m or re.search(r"提成|佣金|广告(?:实际)?(?:花费|消耗|支出)", s[:m.start() + 12]):
            return []
    else:
        m = re.search(r"\bmonthly\s+(?:retainer|fee|management fee|base fee|subscription fee|service fee|price|charges?)|"
                      r"\b(?:retainer|fee|price)\s*:(?:[^.]|\.(?=[0-9])){0,80}?(?:per (?:calendar )?month|a month|/\s*month|each month|monthly)|"
                      r"\b(?:retainer|base fee|subscription fee|service fee|management fee|fee|price|charges)\b(?:[^.]|\.(?=[0-9])){0,40}?"
                      r"(?:per (?:calendar )?month|a (?:calendar )?month|/\s*month|each month|every month|monthly|/\s*mo\b|\bpcm\b)", s, CI)
        if not m:
            m = re.search(r"(?:[0-9]\s*(?:per month|a month|/\s*month|monthly|/\s*mo\b|pcm\b))", s, CI)
            if not m or not re.search(r"\b(?:fee|retainer|pay|price|charge)", s, CI):
                return []
            m = re.search(r"\S", s)  # the amount may stand anywhere before "per month"
        pct = re.search(r"%\s*of", s[m.start():m.end() + 40])
        if pct and not moneys(s[m.start():m.start() + pct.start()]):
            return []  # "a fee of 10% of ad spend per month" (not "$3,000 monthly plus 2% of revenue")
    if re.search(r"前\s*[0-9]+\s*个月|第\s*[0-9]+\s*个月(?:起|开始)|for the first [0-9]+ months|from (?:the )?(?:month [0-9]+|[0-9]+(?:st|nd|rd|th) month)",
                 s, CI) and len({a[0] for a in moneys(s)}) > 1:
        return []  # a fee that steps up (前三个月每月8000元，第四个月起每月10000元): not one monthly fee
    amounts = [a for a in moneys(s) if a[2] >= m.start() - 30
               and not re.search(_SETUP_ZH + "|" + _SETUP_EN + r"|(?:共计|合计|定金|订金|首付款?)\s*(?:人民币|RMB)?\s*$", s[max(0, a[2] - 10):a[2]], CI)
               and not re.search(r"每(?:个)?(?:席位|人|名|账号|店铺|站点)[^,;。]{0,4}$|per (?:seat|user|head|person|store|account)[^,;.]{0,4}$",
                                 s[max(0, a[2] - 12):a[2]], CI)
               and not re.search(_BUDGET_BEFORE, s[max(0, a[2] - 25):a[2]], CI)
               and not re.match(_INCLUDED_AFTER, s[a[3]:a[3] + 30], CI)]
    if ctx.lang == "en" and any(a[2] >= m.start() for a in amounts):
        amounts = [a for a in amounts if a[2] >= m.start()]  # "a setup fee of $1,500 and a fee of $1,200 per month"
    if not amounts or _MIN.search(s[max(0, min(m.start(), amounts[0][2]) - 15):amounts[0][2]]):
        return []
    before = s[max(0, amounts[0][2] - 10):amounts[0][2]]
    if re.search(r"共计|合计|总计|每年|年费|total|per year|annual", before, CI) and not re.search(r"(?:共计|合计|总计)每月", before):
        return []
    after = s[amounts[0][3]:amounts[0][3] + 14]
    if re.search(r"annual|yearly|per year|per annum|a year|/\s*year|每年|年费|全年", s, CI) \
            and not re.search(r"^\s*(?:per month|a month|/\s*month|each month|/月|每月)", after, CI):
        return []  # a yearly price, even when it is paid monthly
    return [Hit("fees.base_monthly", amounts[0][0], 0.85)]


_PLATFORM_ZH = r"(?:平台|商城|亚马逊|Amazon|天猫|淘宝|京东|拼多多|速卖通|Shopee|Lazada|TikTok|抖音|沃尔玛|Walmart|eBay)(?:的)?"
_INCR_ZH = r"增量|(?:超出|超过|高于)[^。]{0,45}?部分|增长部分|新增销售|超额部分|超出基准|高于基准"
_INCR_EN = r"(?:sales|revenue|GMV) (?:above|over|in excess of|exceeding) (?:US\$|S\$|\$|£|€|USD|GBP|EUR)\s*[0-9]|incremental|increase (?:in|over)|(?:above|over|in excess of|exceeding|exceeds?) (?:the )?(?:monthly |agreed )?baseline|growth over"


# the marketplace is who charges it (亚马逊…向甲方收取的销售佣金, 由平台直接扣除, 与本项目价款无关 / "charged by Amazon",
# "deducted by the marketplace"): a commission the provider does not earn
_MARKETPLACE_TAKES_ZH = re.compile(_PLATFORM_ZH + r"[^,;。]{0,24}?(?:收取|扣除|扣取|抽取)[^,;。]{0,8}?(?:佣金|扣点|服务费)|由(?:平台|商城|亚马逊|Amazon|天猫|"
                                   r"京东|Shopee|Lazada|TikTok)[^,;。]{0,4}(?:直接)?(?:扣除|扣取|收取)|与(?:本项目|本合同|本协议|乙方)[^,;。]{0,8}(?:价款|服务费|费用|报酬)无关", re.I)
_MARKETPLACE_TAKES_EN = re.compile(r"(?:charged|deducted|collected|retained|withheld) by (?:the )?(?:Amazon|marketplace|platform|Shopify|eBay|Etsy|Walmart|"
                                   r"TikTok)|(?:payable|paid) (?:by the \w+ )?(?:directly )?to (?:Amazon|the marketplace|the platform)\b|"
                                   r"not (?:part of|included in) the (?:Agency|Provider|Vendor)['’]s (?:fees|compensation)", re.I)


_TAX_PCT = re.compile(r"\s*(?:的)?(?:增值税|税率|税点|税费|税款|的税|VAT|GST|tax)", re.I)


def commission(s: str, ctx: Context) -> list[Hit]:
    if re.search(r"逾期|滞纳|利息|违约金|\blate\b|\binterest\b|overdue|penalt|\breduced\b", s, CI):
        return []
    if ctx.lang == "zh":
        k = re.search(r"按[^。,;]{0,16}?(?:销售额|GMV|营业额|成交额|成交金额|销售总额)[^。,;]{0,4}?的?\s*[0-9.]+\s*%\s*(?:收取|计收|提取|计提)(?:服务费|佣金|提成|费用)|提成|佣金|分成|业绩奖励|销售奖励|服务费(?:为|按)[^。,;]{0,12}?(?:销售额|GMV|营业额|成交额)[^。,;]{0,4}?的?\s*[0-9.]+\s*%", s)
        if not k or re.search(r"另行签订|另行约定|另签", s) or re.search(_PLATFORM_ZH + r"[^,;。]{0,4}$", s[max(0, k.start() - 10):k.start()]) \
                or re.match(r"[^,;。]{0,2}扣点", s[k.end():]) or _MARKETPLACE_TAKES_ZH.search(s):
            return []  # 平台佣金（扣点）: the marketplace's, not the provider's
        incr, total = re.search(_INCR_ZH, s), re.search(r"总销售额|销售总额|全部销售额|GMV|销售额|营业额|成交额|成交金额|成交总额|交易总额", s)
        profit = re.search(r"净利润|毛利|利润", s)
        net = None if re.search(r"(?:不|未|无需)(?:扣除|剔除|扣减)(?:[^。]{0,8}?)?(?:退款|退货)|(?<!不)含(?:已)?退款", s) else re.search(r"扣除(?:[^。]{0,8}?)?(?:退款|退货)|(?:退款|退货)后|不含(?:退款|退货)|剔除(?:退款|退货)|净销售额|实际到账|实收金额", s)
    else:
        k = re.search(r"\b(?:commission|performance fee|success fee|revenue share|bonus)\b|\bplus [0-9.]+\s*% of (?:\w+ ){0,2}"
                      r"(?:sales|revenue|GMV)\b|\bfees? (?:is|shall be|equals?|of) [0-9.]+\s*% of (?:the )?(?:\w+['’]s )?(?:\w+ ){0,2}"
                      r"(?:sales|revenue|GMV)\b", s, CI)
        if not k or re.search(r"separate (?:agreement|contract|statement of work|SOW|order)|future agreement|to be agreed|"
                              r"will be agreed|may agree", s, CI) \
                or re.search(r"(?:referral|marketplace|platform|selling|transaction|Amazon['’]s|eBay['’]s|Etsy['’]s|Shopify['’]s)\s+(?:\w+\s+)?$",
                             s[max(0, k.start() - 30):k.start()], CI) or _MARKETPLACE_TAKES_EN.search(s):
            return []  # "Amazon's referral commission": the marketplace's, not the provider's
        incr = re.search(_INCR_EN, s, CI)
        total = re.search(r"total (?:sales|revenue|GMV)|gross (?:sales|revenue|merchandise value)|\bGMV\b|all sales|"
                          r"\bsales\b|\brevenue\b", s, CI)
        profit = re.search(r"net profit|gross profit|\bprofit\b", s, CI)
        net = re.search(r"net (?:sales|revenue|receipts)|less (?:returns|refunds)|net of (?:returns|refunds)|after (?:returns|refunds)", s, CI)
    p = next((p for p in re.finditer(PCT, s) if not _TAX_PCT.match(s[p.end():p.end() + 8])
              and not re.search(r"税率|税点|VAT|GST|tax", s[max(0, p.start() - 8):p.start()], CI)), None)
    if not p:
        return []  # 开具6%增值税专用发票: a tax rate, not the commission
    defined = defined_in(s, ctx)  # "6% of the Uplift", where "Uplift" means the Net Sales above the Baseline
    if defined and not (incr or profit or net):
        incr = re.search(_INCR_ZH if ctx.lang == "zh" else _INCR_EN, defined, CI)
        profit = re.search(r"净利润|毛利|利润" if ctx.lang == "zh" else r"net profit|gross profit|\bprofit\b", defined, CI)
        net = re.search(r"扣除(?:[^。]{0,8}?)?(?:退款|退货)|(?:退款|退货)后" if ctx.lang == "zh" else r"less (?:returns|refunds)|net of (?:returns|refunds)",
                        defined, CI)
    hits = [Hit("fees.commission_pct", float(p.group(1)), 0.85)]
    if incr:
        hits.append(Hit("fees.commission_basis", "incremental_gmv", 0.85))
    elif profit:
        hits.append(Hit("fees.commission_basis", "net_profit", 0.8))
    elif net:
        hits.append(Hit("fees.commission_basis", "net_sales", 0.8))
    elif total:
        hits.append(Hit("fees.commission_basis", "total_gmv", 0.8))
    return hits


def ad_spend(s: str, ctx: Context) -> list[Hit]:
    if re.search(r"调整|幅度|逾期|违约金|adjust|increase|decrease|\blate\b|\binterest\b", s, CI):
        return []
    if ctx.lang == "zh":
        m = re.search(r"广告(?:账户)?(?:[^。,;]{0,6}?)(?:实际)?(?:花费|消耗|支出|投放金额|消耗金额|费用|投入)[^。,;]{0,6}?的?\s*" + PCT, s)
        if not m or not re.search(r"服务费|管理费|收取|代投放费", s):
            return []
    else:
        m = re.search(PCT + r"\s+of\s+(?:the\s+)?(?:(?:Client|Customer|Seller)['’]s\s+)?(?:[\w-]+\s+){0,2}?(?:ad|advertising|media|campaign|PPC)"
                      r"\s+spend", s, CI)
        if not m:
            return []
    return [Hit("fees.ad_spend_pct", float(m.group(1)), 0.85)]


def setup_fee(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh" and re.search(r"(?:启动|开户|入驻|开店|建店|搭建|装修|开通)(?:服务)?费?(?:全免|免费|不收费|不另收费|不额外收费)", s):
        return [Hit("fees.setup_fee", 0, 0.8)]  # 店铺搭建免费
    pat = _SETUP_ZH if ctx.lang == "zh" else _SETUP_EN + r"|^\s*\|\s*(?:onboarding|set-?up|activation|implementation|kick-?off)\b" \
        + r"|^\s*(?:[0-9.]+\s*)?(?:(?:Initial|One-?(?:off|time)|Account|Store)\s+)?(?:onboarding|set-?up|activation|implementation|kick-?off)(?: fee| cost| charge)?\s*:"
    m = re.search(pat, s, CI)
    if not m:
        return []
    if re.match(r"\s*\|[^|]*\|\s*(?:无|免|免费|免收|不收取|0|0元|none|nil|waived|n/a|\$0|USD 0)\s*(?:\||$)", s, CI):
        return [Hit("fees.setup_fee", 0, 0.8)]  # | 开户费 | 无 |
    if re.search(r"(?:不收取|无需(?:向\S{1,4})?支付|无须(?:向\S{1,4})?支付)[^。]{0,6}(?:任何)?[^。]{0,4}(?:" + _SETUP_ZH + r")|免收|免除|\bno "
                 r"(?:charge|fee|cost) for (?:the )?(?:onboarding|set-?up|account set-?up|implementation|activation)|(?:onboarding|set-?up|implementation|activation) "
                 r"(?:is|are|will be) (?:free|included|provided free|at no (?:extra |additional )?(?:charge|cost))|\bno "
                 + _SETUP_EN + r"|\bwithout any "
                 + _SETUP_EN + r"|(?:does|do|will|shall) not charge (?:a |an |any )?(?:onboarding|set-?up|start-?up|activation|implementation) fee|waived"
                 r"|(?:does|do|will|shall) not charge (?:\w+ ){0,2}?(?:a|an|any)\b[^.;]{0,50}?,\s*(?:or |and )?(?:a |an |any )?" + _SETUP_EN, s, CI):
        return [Hit("fees.setup_fee", 0, 0.85)]
    amounts = [a for a in moneys(s) if a[2] >= m.start() - 25]
    if not amounts or "%" in s[m.end():amounts[0][2]] or _PER_UNIT.search(s):
        return []  # 每个新上架SKU 50元 / "per listing": a price per unit of work, not a setup fee
    return [Hit("fees.setup_fee", amounts[0][0], 0.85)]


_PER_UNIT = re.compile(r"每(?:个|款|件|张|条|套|一)?[^。,;|]{0,8}?(?:SKU|商品|产品|链接|listing|图|ASIN|页面)|(?:per|each|every|a) (?:new )?(?:SKU|listing|item|"
                       r"product|image|ASIN|page|hour)\b|/\s*(?:SKU|listing|item|image|hour|张|个|款)", re.I)


def prepaid(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        if re.search(r"不收取[^。]{0,12}预付款|无需预付|不预付", s) or (
                re.search(r"按月后付|(?:服务费|费用)[^。,;]{0,6}?后付|次月[^。,;]{0,8}?支付上(?:个)?月", s) and not re.search(r"预付|提前支付|首期|首月", s)):
            return [Hit("fees.prepaid_months", 0, 0.8)]
        m = re.search(r"([0-9]+)\s*个月[^。,;]{0,10}?(?:服务费|费用|订阅费)[^。,;]{0,6}?(?:作为|为)?预付|预付[^。,;0-9]{0,6}?([0-9]+)\s*个月"
                      r"|(?:预付|提前支付|预先支付|签约时支付|签订时支付)[^。;0-9]{0,12}?(?:即|含|包括)?前\s*([0-9]+)\s*个月(?:的)?(?:基础)?(?:服务费|费用)"
                      r"|(?:首期|首次|签订(?:时|后|之日)[^。,;]{0,8}?)(?:一次性)?(?:支付|付清|缴纳)(?:前)?\s*([0-9]+)\s*个月(?:的)?(?:基础)?(?:服务费|费用)", s)
        if m:
            return [Hit("fees.prepaid_months", int(next(g for g in m.groups() if g)), 0.8)]
        if re.search(r"预付(?:首|第一个?)月(?:的)?(?:服务费|费用|月费)|首月(?:服务费|费用|月费)[^。,;]{0,6}?(?:预付|提前支付)"
                     r"|(?:签约|签订|签署)(?:时|当日|之日|后[0-9]+日内)[^。;]{0,16}?(?:一次性|1次性)?(?:支付|付清|缴纳)(?:首月|第一个月)[^。,;]{0,8}?(?:服务费|费用|月费)"
                     r"|首月[^。,;]{0,8}?(?:服务费|费用|月费)[^。,;]{0,4}?(?:于|在)(?:签约|签订|签署)(?:时|当日|之日)[^。,;]{0,4}?(?:支付|付清|缴纳)", s) \
                and not re.search(r"首月[^。,;]{0,6}?(?:免费|免收|不收)", s):
            return [Hit("fees.prepaid_months", 1, 0.75)]
        if re.search(r"按年预付|按年度预付|一次性预付全年|年付|按年(?:度)?一次性(?:支付|付清)", s) and re.search(r"每月|月费|/月", s):
            return [Hit("fees.prepaid_months", 12, 0.75)]
        if re.search(r"(?:年度|全年|每年)(?:订阅费|服务费|使用费)|年费", s) and re.search(r"1次性(?:支付|付清)|一次性(?:支付|付清)|预付|开始前支付", s) \
                and not re.search(r"每月|月费|按月", s):
            return [Hit("fees.prepaid_months", 12, 0.75)]
        if re.search(r"按季预付|按季度预付|每季度(?:初)?预付|每(?:个)?季度(?:初|第一个月|首月)[^。,;]{0,8}?(?:支付|付清)|按季度(?:预先|提前)支付|(?:预付|支付|付清)(?:首|第一个?)季度(?:的)?(?:服务费|费用)?", s) \
                and not re.search(r"季度末|季末|后付|次季度", s):
            return [Hit("fees.prepaid_months", 3, 0.75)]
        return []
    if re.search(r"\b(?:takes?|requires?|charges?) no (?:payment|fees?|prepayment) in advance|\bno (?:payment|fees?) (?:is|are) (?:taken|payable|required|due) in advance|"
                 r"\bno (?:prepayment|advance payment)\b|\bno\b[^.]{0,40}\b(?:prepayment|advance payment)\b[^.]{0,10}\b(?:is|are) "
                 r"(?:charged|required|payable)", s, CI):
        return [Hit("fees.prepaid_months", 0, 0.8)]
    if re.search(r"\b(?:paid|payable|invoiced|billed) (?:monthly )?in arrears", s, CI) and not re.search(r"in advance|up ?front|on signing|first month", s, CI):
        return [Hit("fees.prepaid_months", 0, 0.75)]  # nothing is paid ahead
    m = re.search(r"prepa(?:y|id)\w*\s+(?:the\s+)?(?:first\s+)?([0-9]+)\s+months?['’]?\s+(?:of\s+)?(?:the\s+)?(?:retainer|fees?|subscription)|"
                  r"(?:first|initial)\s+([0-9]+)\s+months?['’]?\s+(?:of\s+)?(?:the\s+)?(?:[A-Z][\w+-]*\s+|monthly\s+|base\s+|service\s+){0,2}(?:retainers?|fees?|subscription|charges)[^.]{0,30}?(?:in advance|upfront|"
                  r"up front|on signing)|([0-9]+)\s+months?['’]?\s+(?:retainer|fees?)\s+in advance|\bpay\w*\s+(?:the\s+first\s+)?([0-9]+)\s+months\s+in advance|"
                  r"advance payment (?:of|equal to) ([0-9]+) months?['’]?\s+(?:of\s+)?(?:the\s+)?(?:retainer|fees?)", s, CI)
    if m:
        return [Hit("fees.prepaid_months", int(next(g for g in m.groups() if g)), 0.8)]
    if re.search(r"first month['’]s (?:[A-Z][\w+-]*\s+|monthly\s+|base\s+|service\s+){0,2}(?:retainer|fees?|subscription)[^.]{0,30}(?:in advance|upfront|up front|on signing)"
                 r"|(?:on|upon) signing[^.]{0,30}?\bthe first month['’]s (?:\w+\s+){0,2}(?:retainer|fees?|subscription)", s, CI):
        return [Hit("fees.prepaid_months", 1, 0.75)]
    if re.search(r"(?:billed|paid|payable|invoiced) (?:annually|yearly) (?:in advance|up ?front)|annual prepayment|annual(?:ly)? up[- ]?front", s, CI):
        return [Hit("fees.prepaid_months", 12, 0.7)]
    m = re.search(r"(?:invoiced|billed|payable|paid|charged) (quarterly|semi-annually|every (?:three|3|six|6) months) (?:in advance|upfront|up front)|"
                  r"in advance for each (?:calendar )?(quarter)", s, CI)
    if m and re.search(r"per month|monthly|a month|/\s*month", s, CI):  # a monthly fee billed a quarter ahead
        return [Hit("fees.prepaid_months", 3 if re.search(r"quarter|three|3", m.group(1) or m.group(2), CI) else 6, 0.75)]
    return []


_PROVIDER_ENDS = re.compile(r"^\s*(?:[0-9.]+\s*)?(?:(?:如|若|如果)?乙方(?:提前|单方)?(?:解除|终止)|(?:如|若|如果)?乙方(?:因|由于)[^。,;]{0,20}?(?:自身|自己)原因|"
                            r"(?:如|若|如果)?乙方[^。,;]{0,24}?(?:无法|不能|不再|决定不再)(?:继续)?(?:提供|服务|履行)|乙方(?:有权|可)[^。]{0,12}(?:解除|终止)|(?:The )?(?:Agency|Provider|"
                            r"Vendor|Licensor) (?:may|shall have the right to|can) terminate|(?:If|Should|Where|In the event that) (?:the )?(?:Agency|Provider|Vendor|"
                            r"Licensor|Operator|Contractor|Consultant|Supplier|Studio|we|I)\b[^.]{0,40}?(?:is unable|are unable|am unable|cannot|can no longer|"
                            r"decides? to (?:stop|cease|end)|stops?|ceases?|withdraws?))|充值|广告(?:费|款|预算)|推广费余额|广告余额|ad (?:funds|budget|spend|credits?)|"
                            r"advertising (?:funds|budget|spend|credits?)|top-?ups?\b|wallet balance", CI)
# what is kept or given back is not the fees: samples, stock, goods the seller sent
_NOT_FEES = re.compile(r"样品|样衣|样本|测评品|货品|库存|寄送的(?:产品|商品)|\bsamples?\b|\binventory\b|\bstock\b|\bgoods\b", CI)


def refunds(s: str, ctx: Context) -> list[Hit]:
    if _PROVIDER_ENDS.search(s) or _NOT_FEES.search(s):
        return []  # a refund when the provider ends the contract, of the ad funds or of samples is not the seller's exit
    hits = []
    if ctx.lang == "zh":
        if re.search(r"按[^。]{0,20}比例退还|按比例退|按未[^。]{0,10}退还", s) or (
                re.search(r"按实际(?:服务)?(?:天数|月数|期间)结算[^。]{0,10}(?:多退少补|退还)", s) and re.search(r"终止|解除|到期|退出", s)):
            hits.append(Hit("contract.refund_formula", True, 0.8))
        elif (kept := re.search(r"不予退还|概不退还|一概不退|均不退|恕不退|不退还|不予退回|不退费|不可退|(?:费用|款项|服务费)不退", s)) and not re.search(r"保证金|押金|诚意金|乙方(?:未|违约)", s) \
                and not (re.search(_SETUP_ZH, s) and not re.search(r"预付|服务费|月费|订阅费", s)) \
                and not ((clause := re.split(r"[,;]", s[:kept.start()])[-1]) and re.search(_SETUP_ZH, clause)
                         and not re.search(r"预付|服务费|月费|订阅费", clause)):  # 搭建费不予退还: what is kept is the setup fee
            hits.append(Hit("fees.refundable_on_exit", False, 0.85))
        elif re.search(r"(?:预付|未使用|剩余|未消耗)[^。]{0,20}(?:退还|返还|退回)|已(?:支)?付[^。]{0,10}超出[^。]{0,16}(?:退还|返还|退回)"
                       r"|(?:退还|返还|退回)[^。,;]{0,12}?(?:已预付|预付|尚未使用|未使用|剩余|未消耗)[^。,;]{0,10}?(?:服务费|费用|款项)", s) \
                and re.search(r"终止|解除|到期", s) \
                and not re.search(r"保证金|押金|诚意金|乙方(?:未|违约)|不予|不退", s):
            hits.append(Hit("fees.refundable_on_exit", True, 0.8))
        return hits
    if re.search(r"pro[- ]rat\w+ refund|refund\w*[^.]{0,80}pro[- ]rat|refund\w* (?:of )?the unused|refund\w*[^.]{0,60}?\bunused (?:portion|part|period|months?)", s, CI):
        hits.append(Hit("contract.refund_formula", True, 0.8))
        if re.search(r"terminat|cancel", s, CI) and re.search(r"(?:unused|unearned)[^.]{0,20}(?:prepaid|fees)", s, CI) \
                and not re.search(r"deposit|if (?:the )?(?:Agency|Provider|Vendor)", s, CI):
            hits.append(Hit("fees.refundable_on_exit", True, 0.8))
    elif re.search(r"non-?refundable|will not be refunded|are not refundable|no refunds?\b", s, CI) \
            and not re.search(r"deposit|(?:except|save) as(?! (?:set out|provided|stated) in (?:clause|section) [0-9.]+\.?$)|unless", s, CI) \
            and not (re.search(_SETUP_EN + r"|\bone[- ]time\b|\bone-off\b|^\s*\|\s*(?:onboarding|set-?up|audit|activation|implementation|kick-?off)\b", s, CI)
                     and not re.search(r"prepaid|retainer|monthly|subscription|all fees|fees paid", s, CI)):  # a one-time fee's row
        hits.append(Hit("fees.refundable_on_exit", False, 0.85))
    elif re.search(r"(?:prepaid|unused|advance)[^.]{0,40}(?:will|shall) be refunded|refund (?:any |all )?(?:prepaid|unused)", s, CI) \
            and re.search(r"terminat|end of|expir", s, CI) and not re.search(r"deposit|if (?:the )?(?:Agency|Provider)", s, CI):
        hits.append(Hit("fees.refundable_on_exit", True, 0.8))
    return hits


def budget_approval(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        ok = (re.search(r"(?:广告|投放|推广)(?:预算|费用?|花费|支出|消耗)[^。]{0,20}?(?:由|经|须经|需经|应经|取得)?甲方(?:的)?(?:事先|事前|书面)*(?:确认|批准|同意|审批|签字)", s)
              or re.search(r"(?:投放|广告)[^。]{0,12}以(?:甲方|双方)[^。]{0,6}(?:书面)?确认的(?:投放计划|预算|投放预算)为准", s)
              or re.search(r"甲方负责[^。]{0,30}?(?:广告|投放)预算的?(?:审批|批准|确认|审核)", s)
              or re.search(r"(?:广告|投放|推广)?预算(?:由甲方|甲方)(?:自行)?(?:决定|制定|设定|确定|审批|审核)|按(?:照)?甲方(?:书面)?(?:确认|批准|同意|审批|设定|制定)的[^。,;]{0,6}?预算|"
                           r"预算[^。]{0,20}?(?:须|需|应|必须)(?:经|取得|获得)?甲方(?:的)?(?:事先|事前|书面)*(?:确认|批准|同意|审批)", s)) and not re.search(r"无需|无须|不需", s)
    else:
        ok = re.search(r"(?:Agency|Provider) (?:will|shall) not (?:spend|go|exceed)\s+(?:above|over|beyond)?[^.]{0,30}?without (?:the )?(?:Client|Customer)['’]s (?:prior )?"
                       r"(?:written )?(?:approval|consent)|(?:Client|Customer|Seller) (?:approves|must approve|shall approve|will approve)[^.]{0,30}budget|budgets? (?:that )?(?:the )?"
                       r"(?:Client|Customer) has (?:agreed|approved)|not (?:raise|increase|change|exceed) (?:any )?(?:\w+ )?budgets? without (?:the )?"
                       r"(?:Client|Customer)|budget[^.]{0,40}?"
                       r"(?:subject to|requires?) (?:the )?(?:Client|Customer)['’]s (?:prior )?(?:written )?approval|budgets?[^.]{0,30}?(?:must|shall|will|are to|is to) be "
                       r"(?:approved|agreed|confirmed|signed off)(?: in writing| in advance| beforehand| in advance and in writing| in writing and in advance)? by (?:the )?(?:Client|Customer|Seller)|"
                       r"(?:budget|spend)[^.]{0,60}?(?:requires?|subject to|needs?) (?:the )?(?:Client|Customer)['’]s (?:prior |express |advance )*(?:written )?(?:approval|consent|sign-off)|"
                       r"\b(?:Client|Customer) (?:sets|determines|decides|controls|owns|fixes) (?:the |all |each )?(?:[\w-]+ ){0,2}budgets?\b|(?:increase|change|raise|addition)s? (?:of|to|in) (?:the )?"
                       r"(?:[\w-]+ ){0,3}(?:budget|ad spend|media spend|spend)s? (?:requires?|is subject to|needs?|must have|shall require) (?:the )?(?:Client|Customer)['’]s "
                       r"(?:prior |express |advance )*(?:written )?(?:approval|consent|sign-off)|(?:budget|spend)s?[^.]{0,40}?(?:only )?with (?:the )?(?:Client|Customer)['’]s "
                       r"(?:prior |express |advance )*(?:written )?(?:approval|consent)", s, CI)
    if ok:
        return [Hit("fees.ad_budget_approval", True, 0.8)]
    free = re.search(r"乙方[^。]{0,10}(?:自行|自主|有权)决定[^。]{0,6}(?:广告|投放)?预算[^。]{0,12}(?:无需|不需|无须)[^。]{0,4}甲方|"
                     r"(?:Agency|Provider) may (?:set|change|adjust|increase)[^.]{0,30}budgets? without (?:the )?(?:Client|Customer)['’]s "
                     r"(?:prior )?(?:written )?(?:approval|consent)", s, CI)
    return [Hit("fees.ad_budget_approval", False, 0.75)] if free else []


def model(s: str, ctx: Context) -> list[Hit]:
    """The fee model where a sentence names it (the combination of a base and a commission is added by the scan)."""
    if ctx.lang == "zh":
        if re.search(r"订阅费|订阅服务费|SaaS", s) and re.search(r"每月|每年|月费|年费|年度|按年", s) and moneys(s):
            return [Hit("fees.model", "subscription", 0.8)]
        if re.search(r"固定(?:月度?)?服务费|固定月费|按席位|每席位", s) and re.search(r"每月|/月|月费", s) and moneys(s) and "%" not in s:
            return [Hit("fees.model", "fixed", 0.75)]
        if re.search(r"项目总价|项目费用|项目总费用|共计|总计|合计|总价", s) and re.search(r"项目|培训|课程|陪跑|孵化|辅导|拍摄|设计", s) and moneys(s) \
                and not re.search(r"每月|月费", s):
            return [Hit("fees.model", "per_project", 0.75)]
        if re.search(r"(?:不收取|无|免收|不设)(?:任何)?(?:固定|基础|月度|基本)(?:服务费|费用|月费)", s) and not moneys(s) \
                and not re.search(r"(?:不收取|无|免收|不设|不)[^。]{0,14}(?:提成|佣金|分成)", s) \
                and re.search(r"(?:提成|佣金|分成)[^。]{0,24}[0-9.]+\s*%|[0-9.]+\s*%[^。]{0,8}(?:作为|为)?[^。]{0,4}(?:提成|佣金|分成)", s + " " + ctx.article):
            return [Hit("fees.model", "commission_only", 0.75)]
        if re.search(r"广告(?:账户)?(?:[^。,;]{0,6}?)(?:实际)?(?:花费|消耗|支出|投放金额|消耗金额)[^。]{0,10}%", s) and re.search(r"服务费|收取", s) \
                and not re.search(r"调整|幅度", s):
            return [Hit("fees.model", "ad_spend_pct", 0.8)]
        return []
    if re.search(r"\bno (?:fixed|monthly|base|retainer) (?:fee|retainer)|\bno retainer\b|\bcommission[- ]only\b|(?:does|do|will|shall) not charge (?:a |any )?(?:fixed|monthly|base) "
                 r"(?:fee|retainer)|\bpaid (?:solely|only|entirely|exclusively) (?:by|through|on|via) (?:a )?commission", s, CI) and not moneys(s) \
            and not re.search(r"\b(?:no|nor|or|any|without)\s+(?:\w+\s+){0,2}(?:commission|revenue share|performance fee)", s, CI) \
            and re.search(r"(?:commission|revenue share|performance fee)[^.]{0,40}[0-9.]+\s*%|[0-9.]+\s*%[^.]{0,40}(?:commission|revenue share|performance fee)",
                          s + " " + ctx.article, CI):
        return [Hit("fees.model", "commission_only", 0.75)]
    if re.search(r"subscription fee|subscription price", s, CI) and re.search(r"per month|per year|monthly|annual", s, CI):
        return [Hit("fees.model", "subscription", 0.8)]
    if re.search(r"\b(?:flat|fixed) (?:monthly |management |retainer )?(?:fee|retainer|price)", s, CI) and moneys(s) and "%" not in s:
        return [Hit("fees.model", "fixed", 0.75)]
    if re.search(r"total (?:project|program|programme|course) (?:price|fee)|(?:project|program|programme|course|coaching|mentorship|enrol?ment) "
                 r"(?:fee|investment|price)|fixed project price|\btuition\b", s, CI) and moneys(s) \
            and not re.search(r"per month|monthly(?!\s*instal)|per year|annual", s, CI):
        return [Hit("fees.model", "per_project", 0.75)]
    if re.search(r"%\s+of\s+(?:the\s+)?(?:(?:Client|Customer|Seller)['’]s\s+)?(?:[\w-]+\s+){0,2}?(?:ad|advertising|media|PPC)\s+spend", s, CI):
        return [Hit("fees.model", "ad_spend_pct", 0.8)]
    return []


def currency_statement(s: str, ctx: Context) -> list[Hit]:
    """An explicit statement of the contract's currency ("All amounts are in GBP", 以人民币结算)."""
    m = re.search(r"(?:all|the) (?:amounts|fees|prices)[^.]{0,30}?(?:are|shall be) (?:in|payable in|denominated in)\s+"
                  r"(USD|GBP|EUR|SGD|HKD|CNY|RMB|AUD|CAD|US dollars|Singapore dollars|Hong Kong dollars|Australian dollars|Canadian dollars|"
                  r"pounds sterling|euros?|renminbi)\b", s, CI)
    if m:
        code = {"RMB": "CNY", "RENMINBI": "CNY", "US DOLLARS": "USD", "SINGAPORE DOLLARS": "SGD", "HONG KONG DOLLARS": "HKD",
                "AUSTRALIAN DOLLARS": "AUD", "CANADIAN DOLLARS": "CAD", "POUNDS STERLING": "GBP", "EURO": "EUR",
                "EUROS": "EUR"}.get(m.group(1).upper(), m.group(1).upper())
        return [Hit("currency", code, 0.9)]
    m = re.search(r"(?:费用|服务费|款项|价款)[^。]{0,10}?(?:均)?以(人民币|美元|港币|新加坡元)(?:计价|结算|支付)", s)
    if m:
        return [Hit("currency", {"人民币": "CNY", "美元": "USD", "港币": "HKD", "新加坡元": "SGD"}[m.group(1)], 0.9)]
    return _fee_currency(s)


_FEE_NAMED = re.compile(r"服务费|管理费|顾问费|托管费|代理费|月费|年费|订阅费|启动费|开户费|搭建费|培训费|学费|项目(?:总)?(?:价|费)|总价|价款|报酬|"
                        r"\b(?:fees?|retainer|subscription|price|charges?)\b", re.I)
_NOT_FEE_MONEY = re.compile(r"广告|投放|推广|预算|充值|销售|GMV|营业额|成交|目标|回款|货值|样品|平台|店铺保证金|赔偿|违约金|罚|"
                            r"\b(?:ad|ads|advertising|media|budget|spend|sales|revenue|GMV|target|goal|inventory|samples?|penalty|damages|liability|"
                            r"insurance|marketplace|Amazon|deposit)\b", re.I)


def _fee_currency(s: str) -> list[Hit]:
    """A fee named with its amount (服务费每月人民币8000元, "a retainer of £2,000"): the currency the fees are in, when the
    sentence names no ad funds, sales, penalty or marketplace money beside it (a contract stating two currencies gives a note)."""
    codes = {a[1] for a in moneys(s) if a[1]}
    f = _FEE_NAMED.search(s)
    if len(codes) != 1 or not f or _NOT_FEE_MONEY.search(s) or "%" in s:
        return []
    return [Hit("currency", codes.pop(), 0.75)]


def ad_budget(s: str, ctx: Context) -> list[Hit]:
    """每月广告预算为人民币15万元 / "a monthly ad budget of USD 10,000": the spend the fees are charged on."""
    if ctx.lang == "zh":
        m = re.search(r"(?:每月|月度|每个月)(?:的)?(?:广告|投放)预算[^。,;]{0,6}?(?:为|:|暂定为|约为)?|广告预算[^。,;]{0,4}(?:每月|/月)", s)
    else:
        m = re.search(r"monthly (?:ad|advertising|media) budget|(?:ad|advertising|media) budget (?:of|is|will be) [^.]{0,20}?(?:per month|a month|each month|/\s*month)", s, CI)
    if not m or re.search(r"不低于|不少于|最低|至少|minimum|at least|no less than|调整|adjust", s, CI):
        return []
    amounts = [a for a in moneys(s) if 0 <= a[2] - m.start() <= 40 and a[1]]
    if not amounts or re.search(r"above|over|exceed|excess|up to|below|under|超过|超出|以上|以下|以内", s[m.end():amounts[0][2]], CI):
        return []  # "10% of monthly ad spend above $50,000": a tier, not the budget
    return [Hit("fees.ad_budget_monthly", amounts[0][0], 0.75)]


PATTERNS = (ad_budget, base_monthly, commission, ad_spend, setup_fee, prepaid, refunds, budget_approval, model, currency_statement)
