"""Patterns for the service itself and the remaining terms: platforms, the dedicated team, the minimum
commitment, second-factor custody, daily briefs and change logs, forced purchases, and the
provider's indemnity for platform violations.
"""
from __future__ import annotations

import re

from .base import Context, Hit, negated_en, negated_zh

CI = re.I
_PLATFORMS = (("amazon", r"亚马逊|Amazon"), ("shopee", r"Shopee|虾皮"), ("tiktok_shop", r"TikTok|抖音|Tik Tok"),
              ("lazada", r"Lazada"), ("temu", r"Temu"), ("walmart", r"Walmart|沃尔玛"), ("ebay", r"eBay"),
              ("shopify", r"Shopify|独立站"), ("aliexpress", r"AliExpress|速卖通"))
_SERVICE_ZH = re.compile(r"(?:为|向)甲方[^。]{0,40}?(?:提供|开展)[^。]{0,60}?(?:服务|培训)|服务(?:内容|范围)[^。]{0,4}[:为]")
_SERVICE_EN = re.compile(r"\b(?:shall|will|agrees to)\s+(?:provide|manage|operate|perform)\b|\bservices?\b[^.]{0,20}\bfor\b|engage (?:the )?Agency to", CI)


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
    if not found:
        return []
    ctx.extra["platforms_done"] = True
    return [Hit("service.platforms", sorted(found), 0.75)]


def team(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        m = re.search(r"专属(?:运营)?(?:团队|小组|人员)|专人负责|固定(?:运营)?团队", s)
        staff = re.search(r"(?:安排|指派|委派|配备)\s*([0-9]+)\s*名专职", s)
        if staff and not m:
            return [Hit("service.team_size", int(staff.group(1)), 0.7)]
        if not m:
            return []
        hits = [Hit("service.dedicated_team", True, 0.8)]
        n = re.search(r"(?:不少于|至少|共|安排|指派|委派|配备)\s*([0-9]+)\s*(?:人|名)", s)
        if n:
            hits.append(Hit("service.team_size", int(n.group(1)), 0.7))
        return hits
    if re.search(r"dedicated (?:account )?(?:team|manager|account manager|specialist)", s, CI):
        hits = [Hit("service.dedicated_team", True, 0.8)]
        n = re.search(r"(?:team|at least) of ([0-9]+) (?:people|persons|members|specialists)", s, CI)
        if n:
            hits.append(Hit("service.team_size", int(n.group(1)), 0.7))
        return hits
    return []


def commitment(s: str, ctx: Context) -> list[Hit]:
    if ctx.lang == "zh":
        m = re.search(r"(?:最低|最短)(?:合作|服务|签约)(?:期限|期)\s*(?:为|是)?\s*([0-9]+)\s*个月|至少合作\s*([0-9]+)\s*个月", s)
    else:
        m = re.search(r"minimum (?:commitment|term|commitment period|period) (?:of|is) ([0-9]+) months|commits? to (?:at least|a minimum of) "
                      r"([0-9]+) months", s, CI)
    if not m:
        return []
    return [Hit("fees.minimum_commitment_months", int(m.group(1) or m.group(2)), 0.8)]


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
        if re.search(r"每(?:日|天)[^。]{0,10}(?:提供|发送|提交)[^。]{0,6}(?:日报|简报|工作报告)|(?:提供|发送)(?:运营)?日报", s):
            hits.append(Hit("governance.daily_brief", True, 0.75))
        if re.search(r"操作日志|操作记录[^。]{0,10}(?:留存|记录|提供)|变更记录", s):
            hits.append(Hit("governance.change_log", True, 0.75))
        if re.search(r"甲方(?:须|应|必须)[^。]{0,12}(?:通过|向)乙方(?:购买|采购)|(?:强制|必须)(?:购买|使用)乙方(?:的)?(?:软件|物流|样品|广告)", s):
            hits.append(Hit("fees.forced_purchases", True, 0.75))
        if re.search(r"因乙方[^。]{0,30}(?:违规|违反[^。]{0,8}(?:平台|政策|规则))[^。]{0,40}(?:赔偿|承担)[^。]{0,16}(?:损失|责任)", s):
            hits.append(Hit("compliance.indemnity_for_violations", True, 0.8))
        return hits
    if re.search(r"daily (?:report|brief|update|summary)", s, CI) and not re.search(r"updated daily", s, CI):
        hits.append(Hit("governance.daily_brief", True, 0.75))
    if re.search(r"change log|log of (?:all )?(?:changes|actions)|logs? every (?:change|action)", s, CI):
        hits.append(Hit("governance.change_log", True, 0.75))
    if re.search(r"(?:Client|Customer|Seller) (?:must|shall) (?:purchase|buy)[^.]{0,40}from (?:the )?(?:Agency|Provider)", s):
        hits.append(Hit("fees.forced_purchases", True, 0.75))
    if re.search(r"(?:Agency|Provider) shall indemnify[^.]{0,80}(?:suspension|violation|policy|deactivation)", s, CI):
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


PATTERNS = (platforms, team, commitment, second_factor, routines, customer_data)
