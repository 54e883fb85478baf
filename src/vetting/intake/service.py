"""Patterns for the service itself and the remaining terms: platforms, the dedicated team, the minimum
commitment, second-factor custody, daily briefs and change logs, forced purchases, and the
provider's indemnity for platform violations.
"""
from __future__ import annotations

import re

from .base import PARTY_EN, PARTY_ZH, Context, Hit, negated_en, negated_zh, party_en, party_zh

CI = re.I
_PLATFORMS = (("amazon", r"亚马逊|Amazon"), ("shopee", r"Shopee|虾皮"), ("tiktok_shop", r"TikTok(?!\s*(?:for Business|Ads\b|Business Center))|抖音|Tik Tok"),
              ("lazada", r"Lazada"), ("temu", r"Temu"), ("walmart", r"Walmart|沃尔玛"), ("ebay", r"eBay"),
              ("shopify", r"Shopify|独立站"), ("aliexpress", r"AliExpress|速卖通"))
_SERVICE_ZH = re.compile(r"(?:为|向)甲方[^。]{0,40}?(?:提供|开展)[^。]{0,60}?(?:服务|培训)|服务(?:内容|范围)[^。]{0,4}[:为]"
                         r"|^\W*(?:[0-9.、]+\s*)?(?:服务|运营|合作|代运营|托管|投放)?(?:平台|站点|店铺)(?:及站点|名称|信息)?\s*[:为]"
                         r"|[\"“](?:服务|运营|合作|目标|销售)?(?:平台|站点|店铺)[\"”]\s*(?:是|系)?指"
                         r"|乙方负责[^。]{0,30}?(?:运营|代运营|托管|推广|投放|客服|上新|广告)"
                         r"|委托乙方[^。]{0,40}?(?:运营|代运营|托管|管理|推广|投放|提供[^。]{0,40}?服务)"
                         r"|乙方[^。]{0,6}?(?:协助|帮助|承接|代为|受托)[^。]{0,40}?(?:运营|托管|管理|推广|投放)|交由乙方[^。]{0,6}?(?:运营|管理|托管)|服务对象[^。]{0,4}?为")
_SERVICE_EN = re.compile(r"\b(?:shall|will|agrees to)\s+(?:provide|manage|operate|perform)\b|\bservices?\b[^.]{0,20}\bfor\b|engage (?:the )?Agency to|\bright to use\b|\b(?:run|runs|manage|manages|operate|operates|handle|handles|support|supports|grow|grows|optimi[sz]es?) (?:the )?Client['’]s\b"
                         r"|responsible for [^.]{0,30}?(?:management|operation|running) of (?:the )?Client['’]s\b"
                         r"|^\W*(?:[0-9.]+\s*)?(?:Platforms?|Marketplaces?|Sales channels?|Channels?|Stores?)(?: covered| in scope| names?)?\s*:"
                         r"|[\"“](?:Platforms?|Marketplaces?|Stores?|Channels?|Sales Channels?)[\"”]\s+(?:means|shall mean|refers to)\b"
                         r"|\b(?:appoints?|engages?|retains?|hires?) (?:the )?(?:Agency|Provider|Vendor|Consultant|Contractor) to\b"
                         r"|\b(?:shall|will)\s+(?:run|handle|manage|operate|optimi[sz]e|launch)\b[^.]{0,60}?\bfor (?:the )?(?:Client|Customer|Seller)\b", CI)


def platforms_named(s: str) -> list[str]:
    return sorted(name for name, pat in _PLATFORMS if re.search(pat, s, CI))


def platforms(s: str, ctx: Context) -> list[Hit]:
    """The platforms the service covers, from the sentence that describes the service."""
    if ctx.extra.get("platforms_done"):
        return []
    service = _SERVICE_ZH if ctx.lang == "zh" else _SERVICE_EN
    if not service.search(s) or re.search(r"政策|规则|policy|policies|terms of service|API", s, CI):
        return []
    found = [name for name, pat in _PLATFORMS if re.search(pat, s, CI)]
    if "tiktok_shop" in found and re.search(r"广告|推广|投放|\bads\b|advertis", s, CI) and not re.search(r"TikTok\s*Shop|抖店|小店|店铺|商城|\bshop\b|\bstore\b", s, CI):
        found.remove("tiktok_shop")  # 在TikTok美国市场推广…广告投放: ads on TikTok, not a TikTok Shop
    if not found:
        return []
    ctx.extra["platforms_done"] = True
    return [Hit("service.platforms", sorted(found), 0.75)]


def team(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        m = re.search(r"专属(?:运营)?(?:团队|小组|人员|导师|客户经理|运营经理|顾问|客服)|专人负责|固定(?:运营)?团队|专门(?:的)?(?:运营|服务)?(?:团队|小组)|(?:团队|小组|人员)专门服务于?甲方", s)
        m = m or re.search(r"(?:指定|指派)[^。;]{0,30}?(?:共)?\s*[0-9]+\s*(?:人|名)[^。;]{0,4}?负责(?:本项目|甲方)", s)
        staff = re.search(r"(?:安排|指派|委派|配备|指定)\s*([0-9]+)\s*名专职|专职[^。,;]{0,6}?([0-9]+)\s*(?:名|人|位)", s)
        if staff and not m:
            return [Hit("service.team_size", int(staff.group(1) or staff.group(2)), 0.7)]
        if not m:
            return []
        hits = [Hit("service.dedicated_team", True, 0.8)]
        n = re.search(r"(?:不少于|至少|共|安排|指派|委派|配备|指定)\s*([0-9]+)\s*(?:人|名)|专职[^。,;]{0,6}?([0-9]+)\s*(?:名|人|位)", s)
        if n and not re.search(r"(?:导师|经理|顾问|客服)$", m.group()):  # 一名专属导师: one person, not a team's size
            hits.append(Hit("service.team_size", int(n.group(1) or n.group(2)), 0.7))
        return hits
    if re.search(r"dedicated (?:account )?(?:team|manager|account manager|specialist)|\b(?:named|assigned) (?:account )?(?:team|manager|account manager)"
                 r"|\bteam of [0-9]+ (?:people|persons|members|specialists)[^.]{0,80}?\b(?:is|are|will be) (?:assigned|dedicated)", s, CI) \
            and not negated_en(s, s.lower().find("team") if "team" in s.lower() else 0, 4):
        hits = [Hit("service.dedicated_team", True, 0.8)]
        n = re.search(r"(?:team|at least) of ([0-9]+) (?:people|persons|members|specialists)", s, CI)
        if n:
            hits.append(Hit("service.team_size", int(n.group(1)), 0.7))
        return hits
    return []


def commitment(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        m = re.search(r"(?:最低|最短)(?:合作|服务|签约)(?:期限|期)\s*(?:为|是)?\s*([0-9]+)\s*个月|至少合作\s*([0-9]+)\s*个月"
                      r"|(?:合作|服务|签约)(?:期限|期)\s*(?:不少于|不低于|至少|最少|不得少于)\s*([0-9]+)\s*个月", s)
    else:
        m = re.search(r"minimum (?:commitment|term|commitment period|period|engagement(?: period| term)?|contract (?:term|period)|initial term) "
                      r"(?:of|is) ([0-9]+) months|commits? to (?:at least|a minimum of) ([0-9]+) months"
                      r"|\b([0-9]+)[- ]month minimum (?:commitment|term|engagement|contract|period)", s, CI)
    if not m:
        return []
    return [Hit("fees.minimum_commitment_months", int(next(g for g in m.groups() if g)), 0.8)]


def second_factor(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        if not re.search(r"二次验证|2次验证|双重验证|二步验证|两步验证|验证码|2FA|动态口令|绑定(?:的)?手机|登录手机|验证手机|验证设备|安全设备", s):
            return []
        if re.search(r"(?:由|归)甲方(?:保管|持有|保留|掌握)|甲方(?:自行)?(?:保管|持有|保留)", s):
            return [Hit("data_access.two_factor_with_seller", True, 0.8)]
        if re.search(r"向乙方(?:提供|交付|移交)|交由乙方|乙方(?:保管|持有)|甲方应提供[^。;]{0,20}(?:验证码|二次验证|2次验证)", s):
            return [Hit("data_access.two_factor_with_seller", False, 0.8)]
        return []
    if not re.search(r"two-factor|two-step|2-step|2FA|second factor|one-time (?:password|code)|OTP|authenticator|verification (?:device|phone)", s, CI):
        return []
    if re.search(r"(?:remains?|stays?|kept) with (?:the )?(?:Client|Customer|Seller)|(?:Client|Customer|Seller) (?:keeps|retains|holds)", s) \
            and not negated_en(s, s.find("retain") if "retain" in s else 0, 3):
        return [Hit("data_access.two_factor_with_seller", True, 0.8)]
    if re.search(r"provide (?:the )?(?:Agency|Provider)[^.]{0,80}(?:two-factor|2FA)|(?:including|with) (?:the )?(?:two-factor|2FA)",
                 s, CI) and re.search(r"provide|hand over|share", s, CI):
        return [Hit("data_access.two_factor_with_seller", False, 0.8)]
    return []


def routines(s: str, ctx: Context) -> list[Hit]:
    hits = []
    if ctx.lang == "zh":
        if re.search(r"每(?:日|天)[^。]{0,10}(?:提供|发送|提交)[^。]{0,6}(?:日报|简报|工作报告)|(?:提供|发送)(?:运营)?日报", s) or (
                re.search(r"乙方[^。]{0,6}?每(?:日|天|个工作日)[^。]{0,10}?(?:汇报|报告|同步|推送|发送|提交)[^。]{0,12}?(?:数据|情况|进展|日报|简报)", s)):
            hits.append(Hit("governance.daily_brief", True, 0.75))
        if re.search(r"操作日志|操作记录[^。]{0,10}(?:留存|记录|提供)|变更记录", s):
            hits.append(Hit("governance.change_log", True, 0.75))
        if re.search(r"甲方(?:须|应|必须)[^。]{0,12}(?:通过|向)乙方(?:购买|采购)|(?:强制|必须)(?:购买|使用)乙方(?:的)?(?:软件|物流|样品|广告)"
                     r"|甲方(?:须|应|必须|只能|仅能|应当)(?:使用|采购|购买|选用)乙方(?:指定|提供)的?(?:软件|系统|物流|服务商|供应商|工具|耗材|样品|包装)", s):
            hits.append(Hit("fees.forced_purchases", True, 0.75))
        if re.search(r"(?:因|由于|若|如|^\W*(?:[0-9.、]+\s*)?)乙方[^。]{0,30}(?:违规|违反[^。]{0,8}(?:平台|政策|规则))[^。]{0,40}(?:赔偿|承担)[^。]{0,16}"
                     r"(?:损失|责任)", s):
            hits.append(Hit("compliance.indemnity_for_violations", True, 0.8))
        elif re.search(r"(?:因此|由此|因而)(?:导致|造成)[^。]{0,20}?(?:受罚|处罚|罚款|封号|封店|扣分|冻结|下架|损失)[^。]{0,10}?(?:的)?[,]?\s*(?:由|均由)?乙方(?:承担|负责赔偿|赔偿)", s):
            hits.append(Hit("compliance.indemnity_for_violations", True, 0.75))  # 乙方不得…，因此导致店铺受罚的，由乙方承担赔偿责任
        return hits
    if re.search(r"daily (?:[\w-]+ ){0,2}(?:report|brief|update|summary|email)|end[- ]of[- ](?:the[- ])?day (?:report|summary|update|email)", s, CI) \
            and not re.search(r"updated daily", s, CI):
        hits.append(Hit("governance.daily_brief", True, 0.75))
    if re.search(r"change log|log of (?:all )?(?:changes|actions)|logs? every (?:change|action)", s, CI):
        hits.append(Hit("governance.change_log", True, 0.75))
    if re.search(r"(?:Client|Customer|Seller) (?:must|shall|is required to) (?:purchase|buy)[^.]{0,40}from (?:the )?(?:Agency|Provider)|"
                 r"(?:Client|Customer|Seller) (?:must|shall|is required to) (?:purchase|buy|subscribe to|use) (?:the )?(?:Agency|Provider)['’]s", s):
        hits.append(Hit("fees.forced_purchases", True, 0.75))
    if re.search(r"(?:Agency|Provider) (?:shall|will|agrees to|must) indemnify[^.]{0,80}(?:suspension|violation|policy|policies|deactivation)|"
                 r"(?:Agency|Provider)\b[^.;]{0,30}?(?:shall|will|agrees to|must) (?:reimburse|compensate|bear|be liable for)[^.;]{0,60}?"
                 r"(?:suspension|penalt|fines?\b|deactivation|loss\w* (?:arising|caused|resulting))", s, CI):
        hits.append(Hit("compliance.indemnity_for_violations", True, 0.8))
    return hits


_BUYER_DATA_ZH = re.compile(r"乙方[^。]{0,16}?(?:处理|接触|获取|使用|查看)[^。]{0,10}?(?:买家|客户|消费者|顾客)(?:的)?(?:姓名|地址|电话|个人信息|订单信息|信息)")
_BUYER_DATA_EN = re.compile(r"(?:Agency|Provider)\b[^.]{0,30}?(?:process|access|handle|receive|use)\w*[^.]{0,20}?(?:buyer|customer|end[- ]customer|"
                            r"shopper)s?['’]? (?:personal )?(?:data|information|names|addresses|details)", CI)
_DATA_TERMS = re.compile(r"仅为|仅限于|不得(?:留存|复制|保存|转让|泄露|用于其他)|删除|保密|solely|only for|only to|delete|not (?:retain|copy|share|use)"
                         r"|confidential|data processing", CI)


def customer_data(s: str, ctx: Context) -> list[Hit]:
    """The provider handles the buyers' personal data (处理买家姓名、地址), and on terms (仅为…之目的, 删除 / "solely to", "delete")."""
    m = (_BUYER_DATA_ZH if ctx.lang == "zh" else _BUYER_DATA_EN).search(s)
    if not m or (negated_zh(s, m.start() + 3, 8) if ctx.lang == "zh" else negated_en(s, m.start() + 10, 6)):
        return []
    hits = [Hit("compliance.handles_customer_data", True, 0.75)]
    if _DATA_TERMS.search(s):
        hits.append(Hit("compliance.customer_data_terms", True, 0.7))
    return hits


_SOLE_ZH = re.compile(r"个体工商户|个体户")
_INCORPORATED = re.compile(r"\ba (?:private |public )?(?:limited (?:liability )?)?company (?:incorporated|registered|organi[sz]ed) (?:in|under)\b", CI)
_SOLE_EN = re.compile(r"\bsole (?:trader|proprietor(?:ship)?)\b|\bself-employed individual\b", CI)


def legal_form(s: str, ctx: Context) -> list[Hit]:
    """The provider is a sole trader (乙方：…（个体工商户）, "Jane Smith, a sole trader (the "Agency")") or a person (身份证号,
    "an individual"), or "a company incorporated in …": the party the words
    belong to is the label before them in Chinese, the name defined after them in English. A company is not proposed: it is
    what nearly every contract's head says, and which one signs is for the registry to tell."""
    m = (_SOLE_ZH if ctx.lang == "zh" else _SOLE_EN).search(s)
    form = "individual_business"
    if not m and ctx.lang == "en":
        m, form = _INCORPORATED.search(s), "registered_company"
    if not m:  # a person, named with an ID card number (乙方：张某（身份证号：…）) or "an individual"
        m, form = re.search(r"身份证(?:号码|号)?" if ctx.lang == "zh" else r"\ban individual\b(?! (?:user|seller|buyer|customer|account))", s), "individual"
    if not m or (negated_zh(s, m.start()) if ctx.lang == "zh" else negated_en(s, m.start(), 3)):
        return []
    if ctx.lang == "zh":
        labels = [party_zh(w.group(1), ctx) for w in re.finditer(PARTY_ZH, s[:m.start()])]
        side = labels[-1] if labels else None
    else:
        after = re.search(PARTY_EN, s[m.end():m.end() + 60])
        before = [w.group(1) for w in re.finditer(PARTY_EN, s[:m.start()])]
        side = party_en(after.group(1)) if after else party_en(before[-1]) if before else None
    return [Hit("provider.legal_form", form, 0.75)] if side == "provider" else []


_DUTIES_ZH = r"(?:^|[;。,])\W*(?:\(?[0-9一二三四五六七八九十]+[).、]?\s*)?(?:{p})(?:的)?(?:负责|职责|责任|工作)(?:事项|范围|内容)?(?:如下|包括|为)?\s*:?\s*[^。;,]{{2,30}}[、及和][^。;]{{2,}}"
_DUTIES_EN = (r"(?:^|[;.])\W*(?:[0-9.]+\s*)?(?:The\s+)?(?:{p})(?:['’]s)?\s+(?:(?:is|shall be|will be|remains|shall remain|will remain) "
              r"(?:solely )?responsible for|responsibilities(?: are| include)?)\s*:?\s*[^.;]{{2,60}}(?:,| and )[^.;]{{2,}}")


def responsibilities(s: str, ctx: Context) -> list[Hit]:
    """The seller's own duties listed (甲方负责选品、采购及定价 / "Client remains responsible for sourcing, pricing and
    shipping"): what is whose is written down, not only what the provider does. Costs (负责支付, "responsible for all fees")
    are not duties of this kind."""
    zh = ctx.lang == "zh"
    m = re.search((_DUTIES_ZH if zh else _DUTIES_EN).format(p="甲方|委托方" if zh else "Client|Customer|Seller"), s)
    if not m or re.search(r"费用|支付|承担|损失|赔偿|税|\bfees?\b|\bcosts?\b|expenses|\bpay|loss|damage|liabilit|tax|claim", m.group(), CI):
        return []
    return [Hit("contract.responsibilities_defined", True, 0.7)]


_NOT_AUTOMATIC = re.compile(r"\b(?:membership|subscription|enrol?ment|renewal|continuation)\b[^.;:]{0,30}?\b(?:is|will be) not automatic\b", CI)


def not_automatic(s: str, ctx: Context) -> list[Hit]:
    """"Membership is not automatic: it starts only if you sign up": what follows the programme does not renew by itself."""
    return [Hit("contract.auto_renewal.present", False, 0.75)] if ctx.lang == "en" and _NOT_AUTOMATIC.search(s) else []


PATTERNS = (platforms, team, commitment, second_factor, routines, customer_data, legal_form, responsibilities, not_automatic)
