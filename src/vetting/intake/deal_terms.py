"""Patterns for the terms the judgment work adds to the deal format (CONTRACTS A): deposits, a minimum
monthly fee, taxes on top, the exit-fee formula, the provider's right to terminate, the renewal price,
exclusivity and non-solicit, what money the provider can move, the seller's own backend access, a
written scope, the provider's kind and the engagement type.

Until the deal model knows a field, its proposals are dropped with a note (proposals.py); the hits are
read all the same, so the patterns are tested now and need nothing at the merge.
"""
from __future__ import annotations

import re

from .base import PCT, SELLER_WORDS_EN, Context, Hit, moneys, months, negated_en, negated_zh
from .renewal import renewal_price

CI = re.I
_NOT_DEPOSIT = re.compile(r"店铺保证金|平台保证金|广告|充值|ad funds|top[- ]?up|advertising account|ad account|marketplace|"
                          r"store deposit|platform deposit", CI)


# the condition a deposit is kept on: the seller leaving early or defaulting (its refund at the end is the rule)
_FORFEIT_IF = re.compile(r"(?:提前|单方)(?:解除|终止)[^。;]{0,20}的|违约的|逾期[^。;]{0,12}的|欠款的|\bif (?:the )?(?:Client|Customer|Seller|Merchant|Licensee|you)\b"
                         r"[^.;]{0,40}?(?:terminat|cancel|ends?\b|leaves?|breach|default|fails? to pay)|\bon (?:early termination|breach|default)", CI)


def deposit(s: str, ctx: Context) -> list[Hit]:
    if _NOT_DEPOSIT.search(s):
        return []
    if re.search(r"(?:无需|无须|不需|不)(?:向\S{1,4})?(?:支付|收取|缴纳|交纳|提供)[^。,;]{0,16}(?:保证金|押金|诚意金)|不(?:设|设置|收|要求)(?:任何)?(?:履约)?(?:保证金|押金)|"
                 r"(?:保证金|押金)\s*(?:\|\s*)?(?:为)?(?:无|免|免收|0元|人民币0元)\s*(?:\||。|;|$)|"
                 r"\bno\b[^.]{0,40}\bdeposit\b[^.]{0,30}\b(?:is|are|will be|shall be) (?:charged|required|payable|taken|due)|\bwithout (?:any )?deposit|"
                 r"\b(?:charges?|takes?|requires?|asks? for) no (?:security )?deposit|\b(?:does|do|will|shall) not (?:require|charge|take|collect|ask for|hold) "
                 r"(?:a|any) (?:security |upfront )?deposit|^\s*\|?\s*(?:Security )?Deposit\s*[|:]\s*(?:None|Nil|N/A|No|Not required|\$0|0)\s*(?:\||$)", s, CI):
        return [Hit("fees.deposit", 0, 0.8)]
    if ctx.lang == "zh":
        m = re.search(r"(?:履约|服务|合作)?(?:保证金|押金|诚意金)", s)
        back = re.search(r"(?:无息|全额|如数)?(?:退还|返还|退回)", s)
        kept = re.search(r"不予(?:退还|返还|退回)|不(?:退还|返还|退回)|不可退|概不退", s)
    else:
        m = re.search(r"\b(?:security|performance|refundable|non-?refundable|damage)?\s*deposit\b(?!\s+(?:funds|into|the|money))", s, CI)
        back = re.search(r"\brefundable\b|(?:will|shall) be (?:returned|refunded|repaid)|\b(?:is|are) (?:returned|refunded|repaid)\b|(?:return|refund|repay) the (?:deposit|balance|remainder|unused)", s, CI)
        kept = re.search(r"non-?refundable|(?:will|shall) not be (?:returned|refunded)|is not refundable|forfeit", s, CI)
    if not m:
        return []
    hits = []
    amounts = [a for a in moneys(s) if abs(a[2] - m.start()) <= 40]
    if amounts and "%" not in s[amounts[0][3]:amounts[0][3] + 2]:
        hits.append(Hit("fees.deposit", amounts[0][0], 0.85))
    if kept and back and _FORFEIT_IF.search(s[max(0, kept.start() - 60):kept.start()] if ctx.lang == "zh" else s[kept.start():]):
        hits.append(Hit("fees.deposit_refundable", True, 0.75))  # returned at the end, kept only if the seller leaves early or defaults
    elif kept:
        hits.append(Hit("fees.deposit_refundable", False, 0.8))
    elif back:
        hits.append(Hit("fees.deposit_refundable", True, 0.8))
    return hits


_MIN_ZH = re.compile(r"(?:每月|每个月|月度|单月|月)[^。;,]{0,12}?(?:不低于|不少于|最低|保底)|(?:最低|保底|最少)(?:月)?(?:服务费|费用|收费)"
                     r"|(?:最低|保底|最少)(?=\s*[0-9][0-9,.]*\s*元?\s*/\s*月)")
_MIN_EN = re.compile(r"minimum (?:monthly )?(?:fee|charge|retainer|management fee)|monthly minimum|minimum of|no less than|(?:never|not) be less than|"
                     r"greater of|higher of|"
                     r"not less than|at least|floor of", CI)


def minimum_fee(s: str, ctx: Context) -> list[Hit]:
    if re.search(r"terminat|cancel|exit|解除|终止|违约金|解约", s, CI):
        return []  # "a termination fee equal to two months of the Monthly Minimum (US$6,000)": an exit fee
    row = re.match(r"\s*\|?\s*(?:\*\*)?(?:Monthly minimum(?: fee| charge)?|Minimum (?:monthly )?(?:fee|charge|retainer)|(?:每月|月度)?(?:最低|保底)(?:月)?(?:服务费|费用|收费|月费))"
                   r"(?:\*\*)?\s*[|:]\s*", s, CI)
    amounts = moneys(s[row.end():]) if row else []
    if amounts and amounts[0][2] <= 4 and "%" not in s[row.end():row.end() + amounts[0][3] + 2]:
        return [Hit("fees.minimum_monthly_fee", amounts[0][0], 0.8)]  # | Monthly minimum | US$1,200 |
    if re.search(r"销售额|GMV|销量|目标|广告预算|充值|sales|revenue|target|budget|ad spend of at least|commitment", s, CI) \
            and not re.search(r"服务费|管理费|fee|retainer", s, CI):
        return []
    if ctx.lang == "zh":
        m = _MIN_ZH.search(s)
        if not m or not re.search(r"服务费|管理费|费用|收费", s) or re.search(r"销售|GMV|销量|营业额|成交|目标|预算|ROAS|ACoS|回款", m.group(), CI):
            return []  # 月销售额不低于20万元: a sales target, not a minimum fee
    else:
        m = _MIN_EN.search(s)
        if not m or not re.search(r"month", s, CI) or not re.search(r"\bfees?\b|retainer|charge", s + " " + ctx.heading, CI):
            return []
    amounts = [a for a in moneys(s) if 0 <= a[2] - m.start() <= 40]
    if not amounts:
        return []
    between, before = s[m.end():amounts[0][2]], s[max(0, m.start() - 30):m.start()]
    if re.search(r"销售|sales|revenue|GMV|spend|预算|budget", between, CI) \
            or (ctx.lang == "en" and re.search(r"(?:spend|sales|revenue|budget|GMV|orders?)\s+(?:(?:must|shall|will|should)\s+)?(?:be\s+)?(?:of\s+)?$", before, CI)
                and not re.search(r"fee|retainer|charge", before + m.group(), CI)):
        return []  # "monthly ad spend must be at least $10,000": the seller's spend, not the provider's fee
    return [Hit("fees.minimum_monthly_fee", amounts[0][0], 0.8)]


_KPI_SALES = re.compile(r"销售额|营业额|成交额|GMV|考核|KPI|\bsales\b|revenue|ROAS|target", re.I)
_FEE_WORDS = re.compile(r"服务费|费用|价格|报价|收费|价款|fees?\b|prices?\b|charges?\b|retainer|invoice", re.I)


def tax(s: str, ctx: Context) -> list[Hit]:
    if _KPI_SALES.search(s) and not _FEE_WORDS.search(s):
        return []  # 销售额含税 / "sales including VAT": how a KPI is counted, not the fees
    if ctx.lang == "zh":
        if not re.search(r"税", s) or re.search(r"个人所得税|代扣代缴|关税|进口", s):
            return []
        on_top = re.search(r"不含税|未含税|(?:不|未)含[^。,;]{0,6}税|另(?:付|行支付|计|收|加收?)[^。,;]{0,8}?税(?:费|款|金|点)|甲方(?:需|应|须)?(?:另行|额外|自行)?承担[^。,;]{0,10}?税(?:费|款|金|点)|未税|不包含[^。]{0,6}税|税费?另计|税费?(?:由甲方)?另行(?:支付|承担|计算)|另加[^。]{0,6}税|"
                           r"(?:税费|税款|税金|增值税|税点)[^。,;]{0,6}由甲方(?:另行|额外|自行)?(?:承担|支付|负担)|(?:税费|税款|税金|增值税)另行?(?:收取|加收)", s)
        on_top = None if re.search(r"(?:无需|无须|不需|不必|不用|不再|不)(?:另行|另|额外|再)?(?:支付|承担|缴纳|付|收取|加收)[^。,;]{0,6}?税", s) else on_top
        included = re.search(r"(?<!不)含税(?!(?:的)?(?:订单|销售|成交|GMV|营业))(?:价|价格|金额)?|已含[^。]{0,6}税|包含[^。]{0,8}税(?:费|金)", s)
        rate = re.search(r"税率(?:为|是|按)?\s*" + PCT + r"|" + PCT + r"\s*(?:的)?(?:增值税|税率|税)|增值税(?:税率)?(?:为|是|按)?\s*" + PCT, s)
    else:
        if not re.search(r"\b(?:VAT|GST|tax(?:es)?|sales tax)\b", s, CI) or re.search(r"withhold|income tax|customs|import", s, CI):
            return []
        on_top = re.search(r"exclusive of (?:any |all )?(?:applicable )?(?:VAT|GST|sales tax|taxes)|\bex\.?[- ]?(?:VAT|GST)\b|before (?:VAT|GST|taxes?)\b|\bpre-tax\b|"
                           r"(?:VAT|GST|sales tax)[^.]{0,30}(?:will|shall) be (?:charged|payable|added|invoiced)(?: by the Agency)? at (?:the )?(?:prevailing|applicable|standard|current) rate|"
                           r"(?:VAT|GST|taxes?|sales tax)[^.]{0,40}?(?:billed|invoiced|charged|added|payable|shown) (?:separately|additionally)|exclusive of [^.]{0,50}?\btaxes\b|(?:plus|excluding|excl\.?|exclude|"
                           r"\+)\s*(?:any |all )?(?:applicable )?(?:VAT|GST|sales tax|taxes)|(?:VAT|GST|taxes)[^.]{0,40}(?:added|charged|"
                           r"payable)(?: by the Client)? (?:on top|in addition)|do(?:es)? not include (?:any )?(?:applicable )?(?:VAT|GST|taxes)"
                           r"|net of (?:any |all )?(?:applicable )?(?:VAT|GST|sales tax|taxes)|(?:subject to|plus) (?:VAT|GST)[^.]{0,60}?\b(?:is|are|will be|shall be) added to (?:each|every|the|all|its|your) invoices?|(?:VAT|GST|sales tax|taxes)[^.]{0,60}\b(?:will|shall) be "
                           r"(?:added|charged|invoiced) (?:to|on|in addition|on top)|(?:VAT|GST|taxes) (?:is|are) (?:payable|charged) (?:by the Client )?"
                           r"in addition|Client (?:shall|will) (?:pay|bear) (?:any |all )?(?:applicable )?(?:VAT|GST|sales tax|taxes) (?:in addition|on top)|"
                           r"\b(?:Client|Customer) (?:is|shall be|will be) (?:solely )?responsible for (?:all |any )?(?:applicable )?(?:VAT|GST|sales tax|taxes)|"
                           r"\b(?:Client|Customer) (?:shall|will|must) (?:also )?(?:pay|bear) (?:all |any )?(?:applicable )?(?:VAT|GST|sales tax|taxes)(?: (?:on|in respect of) "
                           r"(?:the|all|any) (?:fees|amounts|charges|invoices))?\s*[.;]?\s*$", s, CI)
        included = re.search(r"inclusive of (?:any |all )?(?:applicable )?(?:VAT|GST|sales tax|taxes)|(?<!not )include (?:all )?(?:applicable )?"
                             r"(?:VAT|GST|taxes)|(?:VAT|GST|tax)[- ]inclusive|\bno (?:VAT|GST|sales tax|tax) (?:is|will be|shall be) (?:added|charged)|"
                             r"not (?:VAT|GST)[- ]registered|not registered for (?:VAT|GST)", s, CI)
        on_top = None if included and re.search(r"\bno (?:VAT|GST|sales tax|tax)\b|not registered", s, CI) else on_top
        rate = re.search(r"(?:VAT|GST|tax)[^.%]{0,70}?" + PCT + r"|" + PCT + r"\s*(?:VAT|GST)", s, CI)
    if on_top:
        hits = [Hit("fees.tax_on_top", True, 0.85)]
        if rate:
            hits.append(Hit("fees.tax_rate_pct", float(next(g for g in rate.groups() if g)), 0.8))
        return hits
    return [Hit("fees.tax_on_top", False, 0.8)] if included else []


_EXIT_ZH = re.compile(r"提前(?:解除|终止|解约)|单方(?:解除|终止)|中途(?:解除|终止|退出)|无故(?:解除|终止)|擅自(?:解除|终止)")
_EXIT_EN = re.compile(r"early termination|early exit|terminat\w* (?:(?:this|the) \w+ )?(?:early|in advance|prematurely|before the end|prior to the end|"
                      r"during the (?:Initial )?Term)|cancel\w* (?:this \w+ )?(?:early|during the (?:Initial )?Term)|"
                      r"(?:exit|cancellation|break|termination) (?:fee|charge)|terminat\w* (?:this \w+ )?for convenience|"
                      r"\b(?:ends?|terminat\w*|cancels?|cancell?ing|exits?|leaves?) (?:this|the) \w+ (?:before|prior to) (?:the )?(?:end|expiry|Minimum|Initial|minimum|initial)\b|"
                      r"before the (?:Minimum|Initial|minimum|initial) (?:Term|Period|term|period) (?:expires|ends|has (?:expired|ended))", CI)


def exit_fee(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        if not _EXIT_ZH.search(s) or not re.search(r"违约金|解约金|补偿|赔偿|支付|结清", s) or re.search(r"乙方(?:提前|单方)", s):
            return []
        rest = re.search(r"剩余(?:合同|服务|合作)?(?:期限|期间|期|月份|月数|服务期)[^。;]{0,20}?(?:服务费|费用|月费)|全部剩余(?:服务费|费用)|"
                         r"(?:支付|结清|付清|缴清)(?:全部)?剩余(?:各期|全部|所有|未付)?(?:的)?(?:款项|费用|服务费|学费|培训费)|"
                         r"未履行(?:期限|期间)[^。]{0,10}(?:服务费|费用)", s)
        n = re.search(r"(?:相当于|等于|按|计|为)\s*([0-9]+)\s*个月(?:的)?(?:基础|基本|固定)?[\u4e00-\u9fff]{0,3}?(?:服务费|月费|费用|管理费|顾问费|托管费|代理费)", s)
        initial = re.search(r"首个?(?:合同|服务)?期(?:限)?内|初始(?:合同)?期(?:限)?内|首期", s)
    else:
        if not _EXIT_EN.search(s) or re.search(r"\b(?:Agency|Provider) terminates", s):
            return []
        rest = re.search(r"months? remaining|remaining (?:months|fees|term|balance)|unexpired (?:portion of the )?(?:Term|term|period)|(?:remainder|rest|balance) of (?:the|that|this|its) (?:[\w-]+ ){0,3}?(?:Term|period)|all (?:fees|amounts) "
                         r"(?:that would have been )?(?:payable|due) (?:for|through|until) the (?:rest|remainder|end)|all (?:fees|amounts)[^.;]{0,30}?"
                         r"(?:through|until|to) the end of the (?:[\w-]+ ){0,2}(?:term|period)", s, CI)
        n = re.search(r"equal to ([0-9]+) months?['’]?\s*(?:of (?:the )?)?(?:retainer|fees?|management fees?|base fees?|service fees?|monthly (?:fees?|retainer))"
                      r"|(?:fee|charge|payment|penalty) (?:equal to|of) ([0-9]+) months?['’]?\s*(?:of (?:the )?)?(?:[A-Z][\w-]* ){0,2}(?:Retainer|Fees?|Minimum|Charges?|Subscription)\b"
                      r"|(?:capped at|up to|a maximum of|no more than|not (?:to )?exceed(?:ing)?) ([0-9]+) months?['’]?\s*(?:of (?:the )?)?(?:retainer|fees?)", s, CI)
        rest = None if rest and n and n.group(3) else rest  # the remaining months' fees, capped at N months: N months
        initial = re.search(r"(?:during|before the end of|within|in|before) the (?:Initial|minimum) (?:[\w-]+ ){0,2}?(?:Term|Period)", s, CI)
    hits = []
    if rest and re.search(r"[0-9]%|百分之|half|一半", s[rest.start():rest.end() + 16], CI):
        rest = None  # a share of the remaining fees: not one of the formulas
    if rest:
        hits.append(Hit("contract.termination.exit_fee_formula", "all_remaining_fees", 0.8))
    elif n:
        hits += [Hit("contract.termination.exit_fee_formula", "remaining_months", 0.8),
                 Hit("contract.termination.exit_fee_months", int(next(g for g in n.groups() if g)), 0.8)]
    if hits and initial:
        hits.append(Hit("contract.termination.exit_fee_initial_term_only", True, 0.75))
    elif hits and re.search(r"then[- ]current (?:term|period|renewal)|当期|续约期内|任何(?:一个)?(?:合同)?期限内", s, CI):
        hits.append(Hit("contract.termination.exit_fee_initial_term_only", False, 0.7))
    return hits


_BREACH = re.compile(r"违约|破产|清算|违反|不可抗力|breach|insolv|bankrupt|fails? to|force majeure|violat", CI)


# what a party may end: the contract, whatever it calls itself ("this agreement", the Subscription, the engagement)
_WHAT_ENDS = r"(?:Agreement|agreement|SOW|Contract|contract|Order Form|Services|Subscription|subscription|[Ee]ngagement|Statement of Work)"


def provider_terminates(s: str, ctx: Context) -> list[Hit]:
    """The provider (or either party) may end the contract without cause."""
    if _BREACH.search(s.replace("违约金", "").replace("违约责任", "")):
        return []
    if ctx.lang == "zh":
        who = "乙方" if ctx.seller_is_a else "甲方"
        m = re.search(who + r"保留[^。]{0,10}?(?:解除|终止)[^。]{0,10}?权利", s) or re.search(r"(" + who + r"|任何一方|任一方|双方|甲乙双方|各方)均?(?:可|可以|有权)(?:随时)?[^。;,]{0,20}?(?:单方)?(?:解除|终止)"
                      r"(?:本合同|本协议|合同|协议|合作|服务|项目|委托|(?=\s*(?:[,;。]|$)))", s) or re.search(r"(" + who + r")(?:因|由于)[^。]{0,20}?(?:自身|自己)原因[^。]{0,16}?(?:可|可以|有权)"
                                                               r"[^。;]{0,20}?(?:解除|终止)", s)
        if not m or re.match(r"\s*(?:[0-9.]+\s*)?(?:如|若|如果|因|当|在)", s) or negated_zh(s, m.end() - 6) \
                or re.search(r"的\s*,\s*$|逾期|拖欠|未(?:按时|按约)?支付", s[:m.start()]):
            return []  # a condition (甲方逾期付款…的，乙方有权解除) is not a right to leave at will
    else:
        m = re.search(r"\b(?:Agency|Provider|Vendor|Supplier|Consultant|Studio|Party B|Either [Pp]arty|either party|Each [Pp]arty|each party)\s+"
                      r"(?:may|can|is entitled to|shall be entitled to|(?:shall )?ha(?:s|ve) the right to|reserves the right to)(?:,? at any time,?)?\s+(?:terminate|cancel|end)\s+(?:this|the)\s+" + _WHAT_ENDS + r"\s+"
                      r"(?:for convenience|at any time|without cause|for any reason|at (?:its|their) convenience|on|upon|by giving|by providing|by serving|giving|providing|with)", s) \
            or re.search(r"\b(?:Operator|Partner|Manager|Contractor|Licensor|Marketer|Coach|Academy|Consultancy|Service Provider)\s+"
                         r"(?:may|can|is entitled to|shall be entitled to|(?:shall )?ha(?:s|ve) the right to|reserves the right to)(?:,? at any time,?)?\s+(?:terminate|cancel|end)\s+(?:this|the)\s+" + _WHAT_ENDS + r"\s+"
                         r"(?:for convenience|at any time|without cause|for any reason|at (?:its|their) convenience|on|upon|by giving|by providing|by serving|giving|providing|with)", s)
        m = m or re.search(r"\b(?:[Tt]his|[Tt]he) (?:Agreement|agreement|Contract|contract|SOW|Order Form|[Ee]ngagement) may be terminated by (?:either party|either of the parties|"
                           r"each party|any party|the Agency|Agency)\s+(?:at any time|for convenience|without cause|for any reason|on|upon|by giving|by providing|giving)", s)
        if not m or re.search(r"(?:^\s*(?:[0-9.]+\s*)?|\b)(?:If|if|In the event|in the event|Where|Should)\b", s):
            return []
    return [Hit("contract.termination.provider_for_convenience", True, 0.8)]


def exclusivity(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        who = re.search(r"(甲方|双方|任何一方|任一方|甲乙双方|各方)(?:均|亦)?(?:承诺|保证|同意)?[^。]{0,24}?(?:不得|不会|不再|不(?=与|委托|聘请|聘用))", s)
        bind = who and re.search(r"不(?:得|会|再)?(?:与|委托|聘请)(?:任何)?(?:其他|第三方)[^。]{0,10}?(?:代运营|服务商|机构|公司|团队)[^。]{0,4}?(?:合作)?|不得[^。]{0,24}?(?:委托|交由|交给|聘请|授权|选择|与)(?:给)?(?:任何)?(?:其他|第三方)[^。]{0,12}?"
                                 r"(?:代运营|服务商|服务机构|机构|公司|团队|第三方|合作|运营|顾问)|不得[^。]{0,12}?(?:聘用|聘请|雇佣|雇用|招揽|挖角|录用)[^。]{0,20}?"
                                 r"(?:员工|人员|导师|助教|讲师|设计师|客服|团队成员)", s)
        if re.search(r"不设(?:置)?(?:任何)?(?:排他|独家)|非(?:排他|独家)(?:合作|条款|性)|甲方可(?:以)?同时委托其他", s):
            return [Hit("contract.exclusivity.present", False, 0.8)]
        bind = bind or len(s) > 12 and re.search(r"独家|排他", s) and not negated_zh(s, (re.search(r"独家|排他", s) or re.search("", s)).start())
        after = re.search(r"(?:终止|结束|届满|到期|解除)(?:之日)?(?:后|起)\s*([0-9]+)\s*(个月|年)(?:内)?", s)
        during = re.search(r"合作期间|合同期内|合同期间|有效期内|服务期内|合作期内", s)
    else:
        who = re.search(r"\b(?:" + SELLER_WORDS_EN + r"|Either party|either party|Neither party|neither party|each party|Each party)\b", s)
        bind = who and re.search(r"(?:shall|will|agrees)\s+not,?\s+(?:to\s+)?(?:directly or indirectly,?\s+)?(?:engage|retain|hire|appoint|use|"
                                 r"solicit|employ)\s[^.]{0,40}?(?:any other|another|third[- ]party|other) (?:agency|agencies|provider|"
                                 r"service provider|consultant|firm)|(?:solicit|hire|employ)[^.]{0,40}(?:employee|staff|personnel)|"
                                 r"(?:shall|will|agrees)\s+not\s+(?:to\s+)?(?:directly or indirectly,?\s+)?(?:engage|retain|hire|employ|solicit)"
                                 r"(?:\s+or\s+(?:engage|retain|hire|employ|solicit))?\s+(?:any\s+)?(?:member\s+of\s+|of\s+)?(?:the\s+)?(?:Agency['’]s\s+|Agency\s+)?(?:employees?|staff|personnel|mentors?|coaches|consultants?|team members?)"
                                 r"(?:\s+of\s+(?:the\s+)?Agency)?|"
                                 r"(?<!non-)(?<!non )\bexclusive (?:agency|provider|partner|agent)", s, CI)
        after = re.search(r"for ([0-9]+) (months?|years?) (?:thereafter|afterwards|after (?:the )?(?:termination|expiry|expiration|end))", s, CI) \
            or re.search(r"(?:within|for) ([0-9]+) (months?|years?) (?:after|following|of) (?:the )?(?:termination|expiry|expiration|end)\b", s, CI) \
            or re.search(r"for ([0-9]+) (months?|years?) after (?:it|this Agreement|the engagement|the Term|the contract) (?:ends|expires|terminates)", s, CI)
        during = re.search(r"during the Term|during the term of this|while this Agreement is in (?:force|effect)", s, CI)
        if bind and negated_en(s, bind.start(), 2) and "not" not in bind.group().lower():
            return []
    if not bind:
        return _exclusivity_penalty(s, ctx)
    hits = [Hit("contract.exclusivity.present", True, 0.8)]
    if after:
        n = months(float(after.group(1)), after.group(2))
        if n:
            hits.append(Hit("contract.exclusivity.months_after_term", n, 0.75))
    elif during:
        hits.append(Hit("contract.exclusivity.months_after_term", 0, 0.7))
    pen = re.search(r"违约金|penalty|liquidated damages", s, CI)
    if pen:
        amounts = [a for a in moneys(s) if a[2] >= pen.start() - 20]
        if amounts:
            hits.append(Hit("contract.exclusivity.penalty", amounts[0][0], 0.75))
    return hits


def _exclusivity_penalty(s: str, ctx: Context) -> list[Hit]:
    """"For each breach, Client shall pay $25,000" after the sentence that binds it (in the same article)."""
    if not re.search(r"for (?:each|every|any) (?:such )?breach|违反本(?:款|条)(?:约定)?的", s, CI) or not re.search(
            r"不得[^。]{0,24}?(?:委托|聘用|雇佣)|shall not,?\s+(?:directly or indirectly,?\s+)?(?:engage|hire|solicit)", ctx.article, CI):
        return []
    amounts = [a for a in moneys(s) if a[1]]
    return [Hit("contract.exclusivity.penalty", amounts[0][0], 0.7)] if amounts and "%" not in s else []


def funds(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        no = re.search(r"(?:不得|无权|不)(?:操作|接触|触碰|访问|使用|动用|处理|修改|变更|查看)[^。]{0,24}?(?:资金|提现|收款账户|银行卡|银行账户|回款|结算账户)|"
                       r"不(?:开放|授予|提供)[^。]{0,10}?(?:资金|提现|收款|银行|付款|Payments|钱包)[^。]{0,6}?(?:权限|页面|模块|功能)|"
                       r"不得(?:要求|索取|获取)[^。]{0,16}?(?:收款账户|银行卡|银行账户|资金账户|提现)|"
                       r"不得(?:开通|开放|申请|获取)[^。]{0,10}?(?:钱包|资金|提现|收款|银行)|不得(?:处理|经手|代收|收取)[^。]{0,6}?(?:款项|资金|货款)|"
                       r"(?:提现|资金|收款|Payments)[^。]{0,12}不(?:对乙方|向乙方)?开放", s)
        capped = re.search(r"(?:处理|办理|发起|操作|同意|批准|审批)[^。]{0,10}?退款[^。]{0,24}?(?:不超过|不高于|上限|以内|以下)"
                           r"|(?:处理|办理|发起|操作|同意|批准|审批)[^。]{0,6}?(?:单笔)?(?:金额)?(?:不超过|不高于)[^。]{0,16}?的?退款", s)
    else:
        no = re.search(r"(?:will|shall) (?:have no |not have (?:any )?|never have (?:any )?)access to[^.]{0,40}(?:bank|payouts?|disbursements?|funds|wallet)|"
                       r"no access to[^.]{0,40}(?:bank|payouts?|disbursements?|funds|wallet)|(?:will|shall|do|does|cannot|can't) not (?:access|change|modify|"
                       r"touch|operate|handle|withdraw|use)[^.]{0,40}(?:bank|payouts?|disbursements?|funds|wallet|deposit method)", s, CI)
        capped = re.search(r"(?:issue|process|approve|grant)\w*\s+(?:\w+\s+)?refunds?[^.]{0,50}(?:up to|not exceeding|no more than|capped at|"
                           r"below|under)", s, CI)
    if ctx.lang == "zh":
        moves = re.search(r"乙方(?:可|可以|有权)[^。;]{0,12}?(?:操作|办理|发起|代为)[^。;]{0,10}?(?:提现|资金|回款|转账)|乙方(?:可|可以|有权)代甲方[^。;]{0,16}?提现|"
                          r"乙方(?:可|可以|有权)[^。;]{0,6}?(?:修改|变更|更改|绑定|设置)[^。;]{0,12}?(?:收款|银行|结算账户)", s)
        moves = moves if moves and not negated_zh(s, moves.start() + 3, 6) else None
    else:
        moves = re.search(r"\b(?:Agency|Provider|Service Provider|Vendor|Consultant)\s+(?:may|shall|will|is authori[sz]ed to|"
                          r"has the right to)\s+(?:withdraw|transfer|manage|change|update|access)[^.]{0,40}(?:funds|payouts?|"
                          r"disbursements?|bank account|wallet)", s)
    if moves and not no:
        return [Hit("data_access.funds_access", True, 0.8), Hit("data_access.funds_scope", "payouts_or_bank", 0.8)]
    if no and capped:  # no payouts, but refunds up to a cap (但可…办理单笔不超过…的退款): the wider of the two is the scope
        return [Hit("data_access.funds_scope", "refunds_capped", 0.75)]
    if no:
        return [Hit("data_access.funds_access", False, 0.8), Hit("data_access.funds_scope", "none", 0.8)]
    if capped:
        return [Hit("data_access.funds_scope", "refunds_capped", 0.75)]
    return []


def backend(s: str, ctx: Context) -> list[Hit]:
    """The seller keeps its own owner-level access (主账号由甲方持有, the Client retains the primary account)."""
    if ctx.lang == "zh":
        m = re.search(r"甲方(?:自行)?(?:保留|持有|掌握|保管)[^。;]{0,6}?(?:店铺)?主账号|主账号[^。;]{0,10}?(?:由|归)甲方(?:持有|保管|掌握|所有)", s)
        ok = m and not negated_zh(s, m.start() + 2)
    else:
        m = re.search(r"(?:Client|Customer|Seller) (?:retains|keeps|will retain|shall retain|remains the (?:sole )?owner of)[^.]{0,30}"
                      r"(?:primary|main|owner|admin\w*)[^.]{0,20}(?:account|access|login)", s)
        ok = m and not negated_en(s, m.start(), 4)
    return [Hit("data_access.seller_backend_access", "full", 0.75)] if ok else []


def scope_written(s: str, ctx: Context) -> list[Hit]:
    if re.search(r"待定|另行约定|另行商定|另行协商|to be agreed|to be determined|TBD|will be agreed", s, CI):
        return []
    if ctx.lang == "zh":
        ok = not re.search(r"不限于", s) and re.search(r"服务(?:内容|范围|项目|清单)[^。]{0,6}?(?:详见|见|以)附件|附件[一二三四1-4]?\s*《[^》]{0,12}(?:服务清单|服务内容|服务范围|"
                       r"工作内容|交付清单)》|(?:具体)?服务(?:内容|范围)(?:如下|包括)[:：]|服务(?:内容|范围)[^。]{0,8}?(?:下表|附表|如下表)所列", s)
    else:
        ok = not re.search(r"including,? but not limited to|without limitation|may (?:modify|change|amend|update|vary)", s, CI) and re.search(r"\b(?:services?|scope|deliverables|work)\b", s, CI) and re.search(
            r"(?:described|set out|detailed|listed|specified) in (?:the )?(?:attached )?(?:Schedule|Exhibit|Annex|Appendix|"
                       r"Statement of Work|SOW|Scope of Work)|(?:Scope of Work|Statement of Work)\s*\((?:Schedule|Exhibit|Annex)", s, CI)
    return [Hit("contract.scope_written", True, 0.75)] if ok else []


_KINDS_ZH = (("ads_management", r"广告(?:代投|投放|托管|代运营|优化)服务|代投放|广告投放服务|投放服务|投放优化|(?:广告)?投放代理|广告代理服务"),
             ("listing_optimization", r"Listing[^。,;]{0,6}(?:优化|设计|撰写|制作|翻译|本地化)|listing[^。,;]{0,6}(?:优化|设计|撰写)|详情页(?:优化|设计|制作)|上架优化|"
              r"主图(?:设计|拍摄)|A\+(?:页面)?(?:设计|制作)|视觉设计|美工"),
             ("customer_service", r"客服外包|客服服务|代客服|专职客服|客服人员|处理买家消息"), ("training", r"培训|孵化|陪跑|课程"),
             ("saas", r"SaaS|软件订阅|系统订阅|ERP|软件服务|系统使用"),
             ("store_operation", r"代运营|店铺运营|全店运营|整店运营|托管运营|整体运营|全面运营|(?:店铺|店)[^。,;]{0,8}?托管|(?<!广告)托管(?:服务|工作)|日常运营|运营工作|"
              r"(?<!广告)运营(?:其|甲方)?的?[^。,;]{0,12}?(?:店铺|旗舰店|专营店|专卖店)"),
             ("consulting", r"咨询服务|顾问服务"))
_KINDS_EN = (("ads_management", r"(?:advertising|ads|PPC|paid media|paid social|sponsored ads) (?:management|services|campaigns)|(?:manage|optimi[sz]e|build|run)[^.]{0,40}"
              r"(?:advertising|PPC|ads?) (?:accounts?|campaigns)|(?:manage|optimi[sz]e|build|run)[^.]{0,40}Sponsored (?:Products|Brands|Display)|"
              r"campaigns on (?:Meta|Facebook|Instagram|Google|TikTok|Amazon Ads)"), ("listing_optimization", r"listing (?:optimi[sz]ation|creation|content)"),
             ("customer_service", r"customer (?:service|support)\b"), ("training", r"training|coaching|incubation|course|mentorship|mentoring|accelerator"),
             ("saas", r"subscription to|software|platform access|SaaS|right to (?:use|access)[^.]{0,80}\b(?:platform|software|tool|application)"),
             ("store_operation", r"(?:store|account|marketplace) management|(?:manage|run)(?:(?!campaign|\bads?\b|advertis)[^.]){0,60}(?:stores?|accounts?|shops?)\b|full-service|"
              r"(?:store )?operations? services? for [^.]{0,60}(?:store|stores|shop|shops)\b|operat\w* [^.]{0,40}(?:seller accounts?|stores?|shops?)\b"),
             ("consulting", r"consulting|advisory"))
# the engagement the kind implies (ongoing, coaching, software subscription) the deal model derives (model/derived.py):
# the scan proposes one only where the contract states it
_ONE_OFF = re.compile(r"(?:本项目|本合同|本服务)(?:为|属于|系)(?:一次性|1次性|单次)(?:项目|服务|交付)|\b(?:is|is a|as a) (?:one-off|one-time|single|fixed-scope) "
                      r"(?:project|engagement|deliverable)", CI)


def kind(s: str, ctx: Context) -> list[Hit]:
    """What the provider does, from the first sentence that describes the service (once per contract)."""
    if ctx.extra.get("kind_done"):
        return []
    if ctx.lang == "zh":
        if not re.search(r"(?:为|向)甲方[^。]{0,40}?(?:提供|开展)|服务(?:内容|范围)[^。]{0,4}[:为]|委托乙方|乙方负责甲方|乙方承担甲方|乙方将甲方|"
                         r"乙方(?:安排|指派|委派|配备)[^。]{0,20}?为甲方", s):
            return []
        table = _KINDS_ZH
    else:
        if not re.search(r"\b(?:shall|will|agrees to)\s+(?:provide|manage|operate|perform|deliver)\b|engages? the (?:Agency|Provider)|engage (?:the )?Agency to|"
                         r"appoints? (?:the )?(?:Agency|Provider) (?:to|as)\b|\b(?:Agency|Provider) (?:will |shall )?(?:plan|build|run|provides|manages|operates)\b|"
                         r"\b(?:Agency|Provider) (?:will|shall) (?:\w+, )+(?:\w+ )?and (?:manage|run|optimi[sz]e|operate)\b|"
                         r"\bAgency grants (?:the )?Client\b|^\s*(?:[0-9.]+\s*)?(?:An?|The) (?:[0-9]+[\s-]*month |[\w-]+ )?(?:mentorship|coaching|"
                         r"training|course|program|programme|accelerator)\b", s, CI):
            return []
        table = _KINDS_EN
    said = re.sub(r"(?:不负责|不包括|不包含|不含|不提供|不涉及|不承担)[^。;]*|\b(?:does|do|will|shall) not (?:include|cover|provide|manage|handle)[^.;]*", "", s)
    found = [name for name, pat in table if re.search(pat, said, CI)]  # not what the provider does not do
    if "store_operation" in found and set(found) <= {"store_operation", "listing_optimization", "ads_management", "customer_service"}:
        found = ["store_operation"]  # a store run for the seller, listing, ads and service being its parts
    if len(found) != 1:
        return []
    ctx.extra["kind_done"] = True
    return [Hit("provider.kind", found[0], 0.7)]


def engagement(s: str, ctx: Context) -> list[Hit]:
    """本项目为一次性项目 / "this is a one-off project": the engagement where the contract states it."""
    m = _ONE_OFF.search(s)
    return [Hit("service.engagement", "one_off_project", 0.75)] if m and not negated_zh(s, m.end() - 4) else []


PATTERNS = (deposit, minimum_fee, tax, exit_fee, provider_terminates, renewal_price, exclusivity, funds, backend, scope_written, kind,
            engagement)
