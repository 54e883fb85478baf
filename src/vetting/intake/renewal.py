"""Patterns for the automatic renewal: whether the contract renews by itself, for how long, and the notice
that stops it (自动续约 / "renews automatically unless …").

Each function reads one normalised sentence (and its article, through ``ctx``) and returns hits.
"""
from __future__ import annotations

import re

from .base import PCT, Context, Hit, days, months, negated_en, negated_zh

C, CI = 0, re.I

# ---------------------------------------------------------------- auto-renewal

_RENEW_ZH = re.compile(r"自动(续约|续期|续签|续订|续费|延续|顺延|延期|延长|续展)|视为(?:双方|甲方|乙方|甲乙双方|各方)?均?(?:同意)?(?:继续合作并)?续(?:约|签|期)"
                       r"|视为[^。,;]{0,6}?同意[^。,;]{0,20}?续(?:约|签|期)|默认续(?:约|签|期)")
_RENEW_EN = re.compile(r"\b(auto(?:matically)?[- ]?renew\w*|automatic renewal|(?:will|shall)\s+(?:be\s+)?renew(?:ed)?\b[^.;]{0,60}\bunless\b|renew\w* for (?:successive|consecutive|further|additional|subsequent) [^.]{0,40}\bunless\b|renew\w*\s+(?:\w+\s+)?automatically|renewal (?:is|shall be) automatic|"
                       r"automatically (?:extend|continue)\w*|(?:extend|continu)\w*\s+automatically|(?:be|is) automatically (?:extended|renewed|continued)|"
                       r"\broll\w* (?:on|over) (?:on a )?(?:month[- ](?:to|by)[- ]month|monthly|rolling|for (?:successive|further|additional))|"
                       r"(?:continu\w*|carr(?:y|ies) on|runs? on|rolls? on)\s+(?:on a |from |on )?month[- ]to[- ]month|(?:continue|renew)\w* on a (?:month[- ]to[- ]month|rolling (?:monthly|month[- ](?:to|by)[- ]month)) basis|"
                       r"\bevergreen\b|(?:convert|revert|change|roll)\w* (?:in)?to an? month[- ]to[- ]month|renews? (?:on a )?month[- ]to[- ]month|(?:continu|renew|run|extend)\w* (?:on )?an? rolling (?:[0-9]+[- ]day|monthly|quarterly|annual|yearly|month[- ](?:to|by)[- ]month) basis|"
                       r"(?:continu\w*|extend\w*|renew\w*)\s+(?:automatically\s+)?for (?:an? )?(?:successive|consecutive|further|additional|subsequent|another|like) [^.]{0,60}?\b(?:unless|until)\b|"
                       r"\b(?:unless|in the absence of|absent|failing)\b[^.]{0,160}?\b(?:this|the|it|each) ?(?:Agreement|agreement|Contract|contract|Term|term|"
                       r"Subscription|subscription|engagement|Order Form|SOW|Renewal Term)?\s+(?:will|shall)\s+(?:automatically\s+)?(?:be\s+)?(?:renew\w*|extend\w*|continue for (?:an? )?(?:further|successive|additional|another|subsequent)))",
                       CI)
_COMPONENT_EN = re.compile(r"add-on|addon|module|feature|promotion|discount|trial", CI)
_COMPONENT_ZH = re.compile(r"附加|增值服务|加购|插件|优惠|试用")
_NOTICE_ZH = re.compile(r"(?:期满|到期|届满|终止)前\s*([0-9]+)\s*(日|天|个月|个工作日|周)|提前\s*([0-9]+)\s*(日|天|个月|个工作日|周)")
_NOTICE_EN = re.compile(r"(?:at least\s+)?([0-9]+)\s*(days?|months?|business days|weeks?)(?:['’]s?)?\s*(?:prior\s+)?(?:written\s+)?notice"
                        r"|(?:notice|notif\w+|objection|cancel\w*|opts? out)[^.]{0,80}?(?:at least\s+)?([0-9]+)\s*(days?|months?|weeks?)\s+(?:before|prior to)", CI)


_NEW_DEAL_ZH = re.compile(r"(?:期满|到期|届满)后?[^。]{0,6}?(?:如需|如要|若需|需要)(?:续约|续签|续期|继续合作)[^。]{0,12}?另行(?:协商|签订|签署|订立)"
                          r"|(?:期满|到期|届满)后?[^。]{0,16}?另行(?:签订|签署|订立)(?:续约|续签|续期)(?:文件|协议|合同)[^。]{0,8}?;?[^。]{0,12}?"
                          r"(?:于|在)?(?:期满|到期|届满)(?:之日|时|后)?(?:自动)?终止"
                          r"|(?:期满|到期|届满)后?[^。]{0,6}?续(?:约|签|期)(?:的)?(?:须|需|应|应当)?(?:由双方)?另行(?:协商|签订|签署|订立)"
                          r"|(?:期满|到期|届满)后?[^。]{0,6}?(?:经)?双方(?:另行)?协商一致(?:后)?(?:的)?[^。,;]{0,4}?(?:可以?|方可|再行?)?续(?:约|签|期)"
                          r"|(?:书面)?确认后(?:方可)?续(?:约|签|期)[^。]{0,30}?(?:未确认|未签署|未续)[^。]{0,16}?(?:自然|自动)?(?:结束|终止)")
# silence renews it: 期满前N日未提出异议的，本协议(按原条件)顺延N个月
_SILENT_ZH = re.compile(r"(?:未|没有|均未|不|无)[^。]{0,16}?(?:异议|通知|提出|表示)[^。]{0,6}?的?\s*,\s*(?:则)?(?:本合同|本协议|合同|协议|合作(?:期限)?)"
                        r"(?:期限|有效期)?[^。,;]{0,6}?(顺延|续期|续约|续签|延续|延长|续延|续展|续订|延期)")
_RENEW_WORD_ZH = re.compile(r"顺延|续期|续约|续签|延续|延长|续延|续展|续订|延期")


_NOT_THE_CONTRACT_ZH = re.compile(r"(?:付款|支付|交付|结算|验收|发货|开票|回款|上线|履行)(?:日|期限|时间|日期|期)[^。,;]{0,6}$")
_RENEW_TERM_ZH = re.compile(r"(?:续约|续期|续签|续展|延续|顺延|延长|续延)(?:的)?(?:期限|期间|期)?\s*(?:均)?(?:为|是)?\s*([0-9]+)\s*(个月|年|个季度|季度)")
# a key-terms table row: | 自动续约 | 否 | / | Renewal | Automatic, … |
_ROW_ZH = re.compile(r"^\s*\|?\s*(?:是否)?(?:自动)?续(?:约|期|签|订)(?:方式|条款|安排)?\s*\|\s*(是|有|自动|否|无|不自动|不续)")
_ROW_EN = re.compile(r"^\s*\|?\s*(?:\*\*)?(?:Auto(?:matic)?[- ]?)?Renewals?(?: terms?)?(?:\*\*)?\s*[|:]\s*(?:\*\*)?(Automatic|Auto[- ]?renew\w*|Yes|"
                     r"None|No|Not automatic|Manual|N/A)\b", CI)


def renewal(s: str, ctx: Context) -> list[Hit]:
    return _renewal_zh(s) if ctx.lang == "zh" else _renewal_en(s)


def _renewal_zh(s: str) -> list[Hit]:
    row = _ROW_ZH.match(s)
    if row and row.group(1) in ("否", "无", "不自动", "不续"):
        return [Hit("contract.auto_renewal.present", False, 0.85)]
    if _NEW_DEAL_ZH.search(s) and not _RENEW_ZH.search(s):
        return [Hit("contract.auto_renewal.present", False, 0.85)]  # a renewal only by a new agreement
    m = _RENEW_ZH.search(s)
    silent = _SILENT_ZH.search(s) if not m else None
    m = m or (silent and _RENEW_WORD_ZH.search(s, silent.start(1)))
    if not m or _COMPONENT_ZH.search(s[:m.start()]) or "提醒" in s:
        return []
    if re.fullmatch(r"自动(?:延续|顺延|延期|延长)", m.group()) and (
            not re.search(r"合同|协议|合作|期限|有效期|服务期", s[max(0, m.start() - 14):m.start()])
            or _NOT_THE_CONTRACT_ZH.search(s[max(0, m.start() - 14):m.start()]) or re.match(r"\s*至下", s[m.end():])):
        return []  # 报价自动延续, 付款期限自动顺延至下一个工作日: not the contract
    if negated_zh(s, m.start()):
        return [Hit("contract.auto_renewal.present", False, 0.95)]
    if re.search(r"不自动续|不会自动续|不再自动续", s):
        return []  # the sentence also negates a renewal: not a clear statement
    hits = [Hit("contract.auto_renewal.present", True, 0.9 if silent else 0.95)]  # read from the sentence's structure: less sure
    t = next((t for mm in [m, *_RENEW_ZH.finditer(s, m.end())] if (t := re.match(r"\s*([0-9]+)\s*(个月|年|个季度|季度)", s[mm.end():]))), None)
    t = t or _RENEW_TERM_ZH.search(s, m.start())  # 自动续期，每次续期期限为一年
    every = re.search(r"按(月|年|季度?)(?:自动)?$", s[max(0, m.start() - 4):m.start()])  # 按月自动续约
    if every and not t:
        hits.append(Hit("contract.auto_renewal.renewal_term_months", {"月": 1, "年": 12}.get(every.group(1), 3), 0.85))
    if t:
        hits.append(Hit("contract.auto_renewal.renewal_term_months", months(float(t.group(1)), t.group(2)), 0.9))
    n = _NOTICE_ZH.search(s)
    if n and re.search(r"通知|提出|告知|异议|表示|取消|退订", s):
        v, unit = (n.group(1), n.group(2)) if n.group(1) else (n.group(3), n.group(4))
        hits.append(Hit("contract.auto_renewal.cancel_notice_days", days(float(v), unit), 0.85))
    return hits


def _renewal_en(s: str) -> list[Hit]:
    row = _ROW_EN.match(s)
    if row and not re.match(r"auto|yes", row.group(1), CI):
        return [Hit("contract.auto_renewal.present", False, 0.85)]
    if re.search(r"\brenewal (?:is|shall|will) not (?:be )?automatic|\bthere (?:is|shall be|will be) no automatic renewal|"
                 r"\b(?:may|can|shall|will) (?:only )?be (?:renewed|extended) (?:only )?(?:by|upon|with|on|through) (?:the )?(?:mutual|written|a new|a separate|"
                 r"the parties['’]|both parties['’])|\brenewal (?:requires|is subject to|shall be subject to|will require) (?:a |the )?(?:new|separate|mutual|"
                 r"written|both parties['’])", s, CI) and not _RENEW_EN.search(s):
        return [Hit("contract.auto_renewal.present", False, 0.9)]
    m = _RENEW_EN.search(s) or row
    if not m or re.search(r"remind", s, CI):
        return []
    if re.search(r"automatic", m.group(), CI) and re.search(r"extend|continu", m.group(), CI) and not re.search(r"\b(?:Agreement|agreement|term|Term|contract|Contract|SOW|subscription|"
                                                                      r"Subscription|engagement|Engagement|Order Form|[Tt]hese terms)\b", s):
        return []  # "the offer automatically extends": not the contract
    component = _COMPONENT_EN.search(s[:m.start()])
    if component and not re.search(r"\b(agreement|sow|order form|contract)\b", s[:m.start()], CI):
        return []
    if negated_en(s, m.start()) or negated_en(s, m.start() + m.group().lower().find("automatic")):
        return [] if component else [Hit("contract.auto_renewal.present", False, 0.95)]
    structural = re.match(r"unless|in the absence|absent|failing|(?:continu|extend)\w*\s+(?:automatically\s+)?for\b", m.group(), CI)  # read from the clause's structure
    if structural and not re.search(r"\b(?:Agreement|agreement|Term|term|[Cc]ontract|[Ss]ubscription|[Ee]ngagement|Order Form|SOW)\b", s):
        return []  # "the Agency will continue for another week until …": not the contract
    hits = [Hit("contract.auto_renewal.present", True, 0.9 if structural else 0.95)]
    t = re.search(r"(?:for|by)\s+(?:an? |another )?(?:successive|additional|further|subsequent|consecutive|like)?\s*(?:periods? of\s+|terms? of\s+)?"
                  r"(?:an? )?([0-9]+)[\s-]*(months?|years?)", s[m.start():], CI)  # not the initial term stated before the renewal
    if re.search(r"month[- ](?:to|by)[- ]month|renew\w*(?: automatically)? (?:each|every) month|renew\w* monthly|monthly basis|rolling month"
                 r"|rolling (?:30|thirty)[- ]day", s, CI):
        hits.append(Hit("contract.auto_renewal.renewal_term_months", 1, 0.9))
    elif re.search(r"(?:further|additional|another|successive) (?:one[- ])?year\b|year[- ]to[- ]year|successive (?:one-year|annual|1-year)|renews? annually|renew\w*(?: automatically)? (?:annually|yearly|each year|every year)"
                   r"|(?:renew|extend|continu)\w*(?: automatically)? on an? (?:rolling )?(?:annual|yearly) basis", s, CI):
        hits.append(Hit("contract.auto_renewal.renewal_term_months", 12, 0.9))
    elif t:
        hits.append(Hit("contract.auto_renewal.renewal_term_months", months(float(t.group(1)), t.group(2)), 0.9))
    hits.extend(_notice_en(s))
    return hits


def _notice_en(s: str, conf: float = 0.85) -> list[Hit]:
    n = _NOTICE_EN.search(s)
    if not n:
        return []
    v, unit = (n.group(1), n.group(2)) if n.group(1) else (n.group(3), n.group(4))
    return [Hit("contract.auto_renewal.cancel_notice_days", days(float(v), unit), conf)]


def renewal_notice(s: str, ctx: Context) -> list[Hit]:
    """A cancel-by notice in its own sentence, inside an article about an automatic renewal."""
    if ctx.lang == "zh":
        if _RENEW_ZH.search(s) or not _RENEW_ZH.search(ctx.article) or "提醒" in s:
            return []
        if not re.search(r"不再续|不续|取消|终止|(?:不希望|不愿|无意|拒绝|停止|不同意|不打算)(?:继续)?续", s) or not re.search(r"通知|提出|告知", s) or not re.search(r"续|期满|到期|届满", s):
            return []
        n = _NOTICE_ZH.search(s)
        if not n:
            return []
        v, unit = (n.group(1), n.group(2)) if n.group(1) else (n.group(3), n.group(4))
        return [Hit("contract.auto_renewal.cancel_notice_days", days(float(v), unit), 0.8)]
    if _RENEW_EN.search(s) or not _RENEW_EN.search(ctx.article) or re.search(r"remind|courtesy", s, CI):
        return []
    if not re.search(r"\b(cancel\w*|non-renewal|not to renew|terminat\w*|(?:prevent|stop|avoid|decline)s? (?:the |a |any )?renewal|opts? out|"
                     r"elects? not to|(?:does|do) not wish to (?:renew|continue))\b", s, CI) \
            or re.search(r"at any time|for convenience|without cause|for any reason|during the (?:minimum|initial)", s, CI) \
            or (re.search(r"\b(?:may|can|entitled to)\s+(?:terminate|end)\b", s, CI) and not re.search(r"renew|expir", s, CI)) \
            or not re.search(r"renew|expir|end of|term\b|period|billing", s, CI):
        return []  # a right to leave at any time is not the notice that stops a renewal
    return _notice_en(s, 0.8)


def renewal_price(s: str, ctx: Context) -> list[Hit]:
    here = re.search(r"续约|续期|续签|续订|续展|自动(?:延续|顺延|延长)|renew|(?:本合同|本协议)[^。,;]{0,8}顺延", s, CI)
    if not here and not re.search(r"续约|续期|续签|renew", ctx.heading, CI):
        return []
    if ctx.lang == "zh":
        cap = re.search(r"(?:上调|上涨|调整|提高|涨价|上浮|涨幅|增幅|调价)(?:的)?(?:幅度|比例)?(?:不超过|不高于|不得超过|最高|上限为?|以|最多)\s*" + PCT, s)
        own = re.search(r"(?:续约|续费|续订|续期|续签)时(?:的)?[^。,;]{0,6}?(?:官网|公示|公布|市场|最新)(?:的)?(?:价格|报价|收费标准)|"
                        r"按乙方(?:届时|当时|最新|现行)的?[^。,;]{0,6}?(?:价格|服务费|费用|收费标准|报价|标准)|"
                        r"续(?:约|期|签|费|订)(?:时|后|期间)?[^。,;]{0,8}?(?:价格|服务费|费用|收费标准)[^。,;]{0,4}?(?:可能|可|将|会)[^。,;]{0,4}?(?:调整|上调|变动)(?![^。]{0,12}(?:不超过|不高于|上限|最高))|(?:价格|服务费|费用|收费标准|费率)[^。]{0,12}?(?:由乙方|以乙方)[^。]{0,16}?(?:确定|调整|制定|为准|另行)|"
                        r"(?:价格|服务费|费用|收费标准|费率)[^。]{0,6}?按(?:届时|当时)[^。]{0,8}?(?:官网|公示|公布|标准|报价|价格)|"
                        r"按乙方(?:届时|当时)?(?:公布|公示|确定|调整|制定)的[^。]{0,6}?(?:价格|服务费|费用|收费标准|报价)|乙方有权[^。]{0,10}?"
                        r"(?:调整|上调|重新确定)[^。]{0,8}?(?:价格|服务费|费用|收费标准)", s)
        same = re.search(r"(?:价格|服务费|费用|收费标准|费率|分成比例|提成比例|条款|条件)[^。]{0,12}?(?:保持不变|不变|维持不变|不作调整|不予调整|同原合同)"
                         r"|按原(?:合同|协议)?(?:约定的)?(?:价格|服务费|收费标准|条件|条款)|按原价|原价续|按原(?:合同|协议)(?:约定)?(?:的)?(?:标准)?执行"
                         r"|(?:价格|服务费|费用|收费标准|条款)[^。,;]{0,8}?(?:与|同)(?:原|本)(?:合同|协议)[^。,;]{0,6}?(?:相同|一致)", s)
        own = own or re.search(r"乙方[^。,;]{0,6}?(?:可|可以|有权)[^。,;]{0,12}?(?:调整|上调|修改|变更)[^。,;]{0,10}?(?:续约|续期|续展|续订|顺延)[^。,;]{0,8}?(?:价格|服务费|费用|收费标准)"
                               r"|(?:续约|续期|续展|续订|顺延)(?:期间|期内|期)?(?:的)?(?:价格|服务费|费用|收费标准)[^。,;]{0,6}?(?:以|按)乙方[^。,;]{0,10}?(?:价目表|报价|标准)", s)
    else:
        cap = re.search(r"increase[^.]{0,40}?(?:by )?(?:no more than|not more than|not (?:to )?exceed(?:ing)?|up to|a maximum of|capped at)\s+"
                        + PCT, s, CI)
        own = re.search(r"then[- ](?:current|prevailing) (?:rates|prices|fees|pricing|list prices|rate card|price list)|prevailing (?:rates|prices|list prices)|"
                        r"(?:rates?|prices?|fees|pricing|tariffs?) (?:then )?(?:in effect|in force|applicable|prevailing) (?:at|on|upon) (?:the time of |the date of |"
                        r"the start of (?:the|each|that|such) )?(?:renewal|that time|such renewal|the renewal)|(?:at|according to|in accordance with|per|under) "
                        r"(?:the |its |our )?(?:(?:Agency|Provider|Vendor|Supplier|Licensor)['’]s )?(?:current |then-current |standard |prevailing |published )?"
                        r"(?:rate card|price list|list prices?)\b|"
                        r"(?:price|fees?|rates?|pricing) (?:may|will|shall) be (?:adjusted|revised|increased|reviewed|updated)(?: by (?:the )?(?:Agency|Provider|Vendor))? "
                        r"(?:at|on|upon|for) (?:each |any |the |every )?renewal(?![^.]{0,60}?(?:no more than|not more than|not (?:to )?exceed|up to|a maximum of|capped at))|(?:Agency|Provider|Vendor|Supplier|Licensor|Operator|Partner|Consultant|Contractor)['’]s (?:current |standard )?list (?:prices?|rates?|pricing)|(?:Agency|Provider)['’]s (?:then )?(?:current|standard) "
                        r"(?:rates|prices|fees|pricing)|(?:rates|prices|fees) (?:set|determined) by (?:the )?(?:Agency|Provider)", s, CI)
        own = own or re.search(r"\b(?:Agency|Provider|Vendor|Supplier|Licensor|Operator|Partner|Consultant|Contractor)\b (?:may|can|reserves the right to) (?:revise|change|"
                               r"increase|adjust|update|amend|raise) (?:the|its|any) (?:[\w+-]+ ){0,2}?(?:price|prices|pricing|fees?|rates?|charges)\b(?![^.]{0,60}?"
                               r"(?:no more than|not more than|not (?:to )?exceed|up to|a maximum of|capped at))|(?:billed|charged|invoiced|priced) (?:at|according to) "
                               r"(?:the )?(?:[\w'’]+ ){0,2}?(?:rate card|price list|list prices?|standard rates?|published (?:prices|rates))", s, CI)
        same = re.search(r"(?:on|at|under) the same (?:fees|prices|rates|terms)|(?:fees|prices|rates|terms) (?:shall|will) remain (?:the same|"
                         r"unchanged)|on the same terms and (?:fees|prices|conditions)", s, CI)
    if cap:
        return [Hit("contract.auto_renewal.price_change", "capped", 0.8), Hit("contract.auto_renewal.price_cap_pct", float(cap.group(1)), 0.8)]
    if own:
        return [Hit("contract.auto_renewal.price_change", "provider_sets", 0.8)]
    if same:
        return [Hit("contract.auto_renewal.price_change", "none", 0.8)]
    return []
