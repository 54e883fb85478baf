"""Patterns for who owns what and who may do what: creatives, copy and data, account access,
permissions, funds, ad account, reporting; the one-sided clauses and governance are in clauses.py.

"Templates and tools remain the Agency's" names the provider's tools, not the creatives: an
ownership sentence counts for the creatives only when its subject names them and no tool.
"""
from __future__ import annotations

import re

from . import clauses
from .base import PARTY_ZH, Context, Hit, negated_en, negated_zh, party_en, party_zh

CI = re.I
_TOOLS_ZH = r"模板|工具|方法论|工作方法|软件|系统|算法|专有技术|自有|素材库|图库|字体|课件|教材|讲义|选品表|录播"
_TOOLS_EN = r"template|tool|methodolog|software|know-how|pre-existing|proprietary|platform|system"
_ASSETS_ZH = {"creatives": r"素材(?!库)|图片|(?<!录播)(?<!教学)(?<!课程)视频|设计|创意|作品|照片|主图|场景图",
              "copy": r"文案|标题|描述|详情页文字|问答内容|(?:编写|撰写)的[^。,;]{0,6}?(?:内容|文字)",
              "data": r"数据", "accounts": r"(?<!广告)(?<!个人)(?<!主播)(?<!达人)(?<!员工)(?<!私人)账号(?!密码)|店铺账户"}  # a host's or staff member's own account is not the store's
_ASSETS_EN = {"creatives": r"creative|image|video|photo|design|artwork|asset|deliverable|work product", "copy": r"\bcopy\b|copywriting|copy-writing|listing content|content|"
              r"headline|text", "data": r"\bdata\b", "accounts": r"\baccounts?\b"}


def ownership(s: str, ctx: Context) -> list[Hit]:
    hits = _own_zh(s, ctx) if ctx.lang == "zh" else _own_en(s)
    return hits or _licensed_only(s, ctx)


_LICENSED_ZH = re.compile(r"甲方[^。]{0,20}?(?:可|可以|享有)[^。]{0,8}?使用[^。]{0,40}?(?:终止|到期|届满|结束)后[^。]{0,24}?(?:另行|需|须|应)[^。]{0,12}?"
                          r"(?:购买|支付|取得|获得)[^。]{0,6}?(?:授权|许可)"
                          r"|乙方(?:仅)?(?:授权|许可)甲方[^。]{0,40}?使用[^。]{0,40}?(?:终止|到期|届满|结束)后[^。]{0,10}?(?:停止使用|不得(?:再|继续)?使用)"
                          r"|甲方仅(?:享有|获得|取得)[^。]{0,16}?使用(?:权|许可)(?![^。]{0,20}?(?:归甲方|甲方所有))")
_LICENSED_EN = re.compile(r"(?:Agency|Provider) (?:hereby )?grants (?:the )?Client (?:a |an )?(?:[\w-]+,? ){0,4}licen[cs]e to use", CI)


def _full_or_broad(s: str) -> str:
    """Administrator rights over everything are full; over everything but some modules (except Payments, 除…外) broad."""
    return "broad" if re.search(r"\bexcept\b|\bexcluding\b|\bother than\b|除[^。]{0,30}?(?:外|以外)|(?:不含|不包括)[^。]{0,6}", s, CI) else "full"


def _licensed_only(s: str, ctx: Context) -> list[Hit]:
    """The seller may only use what the provider made (使用…终止后另行购买授权 / "Agency grants Client a licence to use the
    creatives"): the provider keeps the rights."""
    m = (_LICENSED_ZH if ctx.lang == "zh" else _LICENSED_EN).search(s)
    if not m:
        return []
    assets = _ASSETS_ZH if ctx.lang == "zh" else _ASSETS_EN
    subject = s if ctx.lang == "zh" else s[m.end():]
    if _tool_headed(subject, _TOOLS_ZH if ctx.lang == "zh" else _TOOLS_EN, assets):
        return []
    return [Hit(f"contract.ip.{name}", "provider", 0.75) for name, pat in assets.items()
            if name in ("creatives", "copy") and re.search(pat, subject, CI)]


def _own_zh(s: str, ctx: Context) -> list[Hit]:
    hits, last = [], 0
    for m in re.finditer(r"(?:著作权|知识产权|所有权|版权)?(?:均|仍)?(?:归|属于|属)\s*" + PARTY_ZH + r"(?:共同)?所有"
                         r"|(?:著作权|知识产权|所有权|版权|权利|权益)(?:[^。;,:甲乙]{0,12}?)(?:均|仍|全部)?(?:归属于?|归|属于)\s*" + PARTY_ZH
                         + r"|(?:著作权|知识产权|所有权|版权|权利|权益)[^。;,]{0,4}?由\s*" + PARTY_ZH + r"(?:单独|独家|完整)?(?:享有|所有|拥有)"
                         r"|(?:著作权|知识产权|所有权|版权)(?:\([^()]{0,60}\))?[^。;]{0,6}?(?:转让|转移|让与|移交)(?:给|予|至)\s*" + PARTY_ZH
                         + r"|(?:均|仍)?(?:归属于|属于|归)\s*" + PARTY_ZH + r"(?=\s*(?:[,;。]|$))", s):
        subject, last = s[last:m.start()], m.end()
        if re.search(r"(?:付清|结清|支付完毕)[^。]{0,6}?(?:前|之前)|(?:前|之前)[^。]{0,4}$", subject):
            continue  # ownership only until payment
        if _tool_headed(subject, _TOOLS_ZH, _ASSETS_ZH) or negated_zh_clause(subject) or _OWN_MATERIALS_ZH.search(subject):
            continue
        owner = party_zh(next(g for g in m.groups() if g), ctx)
        if owner is None:
            continue
        for name, pat in _ASSETS_ZH.items():
            if re.search(pat, subject):
                hits.append(Hit(f"contract.ip.{name}", owner, 0.85))
    if re.search(r"(?:店铺|店铺账号|账号)[^。,;]{0,4}?由\s*甲方(?:本人)?(?:注册|开设|开立)?(?:并)?(?:持有|所有|拥有)", s):
        hits.append(Hit("contract.ip.accounts", "seller", 0.8))
    elif (reg := _REGISTERED_ZH.search(s)) and not negated_zh(s, reg.start(), 3):
        owner = party_zh(reg.group(1) or reg.group(2), ctx)
        if owner in ("seller", "provider"):
            hits.append(Hit("contract.ip.accounts", owner, 0.75))  # the store is registered in its name: it is its store
    for m in re.finditer(r"(?:^|[,;]|由)\s*" + PARTY_ZH + r"(?:依法|单独|独家)?(?:享有|拥有)(?:其)?(?:完整|全部|完全)?(?:的)?(?:著作权|知识产权|所有权|版权)(?=$|[,;。])", s):
        owner, subject = party_zh(m.group(1), ctx), s[:m.start()]
        for name, pat in _ASSETS_ZH.items():
            if owner and re.search(pat, subject) and not _tool_headed(subject, _TOOLS_ZH, _ASSETS_ZH) and not _OWN_MATERIALS_ZH.search(subject):
                hits.append(Hit(f"contract.ip.{name}", owner, 0.8))  # 乙方产出的运营数据、广告数据，甲方拥有完整所有权
    for m in re.finditer(PARTY_ZH + r"(?:依法|单独|独家)?(?:享有|拥有)([^。;]{2,40}?)的?(?:全部)?(?:著作权|知识产权|所有权|版权)", s):
        subject = m.group(2)
        if _tool_headed(subject, _TOOLS_ZH, _ASSETS_ZH) or re.search(r"不(?:再)?$|并非$", s[:m.start()]):
            continue
        owner = party_zh(m.group(1), ctx)
        for name, pat in _ASSETS_ZH.items():
            if owner and re.search(pat, subject) and Hit(f"contract.ip.{name}", owner, 0.8) not in hits:
                hits.append(Hit(f"contract.ip.{name}", owner, 0.8))
    return hits


# 甲方应以本人或其公司名义自行注册店铺 / 店铺以甲方名义注册 / 店铺账号登记在甲方名下
_REGISTERED_ZH = re.compile(r"(甲方|乙方)[^。;,]{0,4}?以(?:其|本人|自己|自身)?(?:或其(?:公司|企业))?(?:的)?名义(?:自行)?(?:注册|开设|开立|申请)[^。;,]{0,10}?(?:店铺|卖家账号|店铺账号)"
                            r"|(?:店铺|卖家账号|店铺账号)[^。;,]{0,8}?(?:以|在)?(甲方|乙方)(?:的)?名(?:义|下)(?:注册|开设|开立|登记)?")
# the seller's store or seller account stays in its name / belongs to it ("the Seller Central account … remain the Client's")
_ACCOUNTS_EN = re.compile(r"(?:Seller Central|Seller Center|seller|store|shop|marketplace|Shopify|Amazon|Walmart|eBay|TikTok Shop)(?: store)? accounts?\b"
                          r"|\b(?:Shopify|online|Amazon|TikTok) (?:store|shop)\b", re.I)
_ACCOUNTS_OWNER_EN = re.compile(r"(?:remains?|stays?|are|is|will remain|shall remain|will stay|(?:are|is) (?:registered|held|opened))\s+(?:at all times\s+)?"
                                r"(?:in|under) (?:the )?(?:name of (?:the )?(Client|Customer|Seller|Merchant|Brand Owner)|(Client|Customer|Seller|Merchant|Brand Owner)['’]s (?:own )?name)"
                                r"|(?:belongs?|belong) to (?:the )?(Client|Customer|Seller|Merchant|Brand Owner)\b|(?:remains?|are|is|shall remain|will remain) "
                                r"(?:at all times )?(?:the (?:sole |exclusive )?property of|owned by) (?:the )?(Client|Customer|Seller|Merchant|Brand Owner)\b"
                                r"|(?:remains?|are|is|stays?) (?:the )?(Client|Customer|Seller|Merchant|Brand Owner)['’]s\b")


def accounts_en(s: str, ctx: Context) -> list[Hit]:
    """The seller's store accounts are its own: a store account named before "remain in the Client's name", "belong to
    the Client" (an ad account is data_access.ad_account_owner, not this)."""
    if ctx.lang != "en":
        return []
    last = 0
    for own in _ACCOUNTS_OWNER_EN.finditer(s):
        subject, last = s[last:own.start()], own.end()
        if negated_en(s, own.start(), 3) or re.search(r"\b(?:until|pending|unless)\b", s[own.start():], CI):
            return []
        if _ACCOUNTS_EN.search(subject) and not re.search(r"\b(?:Agency|Provider|Vendor|Operator)['’]s\b", subject):
            return [Hit("contract.ip.accounts", "seller", 0.8)]
    return []


# what the seller supplies itself (甲方提供的商标、产品图片; "Client Content", "materials provided by Client") is not what
# the provider makes: its ownership says nothing of the creatives
_OWN_MATERIALS_ZH = re.compile(r"(?:甲方|委托方)(?:自行|自有|原有|已有|向乙方)?(?:提供|自有|原有|交付给乙方)的?(?![^。;]*?(?:制作|拍摄|创作|设计|编写|撰写|生成|产出))")
_OWN_MATERIALS_EN = re.compile(r"^(?![^.;]*?\b(?:created|produced|made|designed|written|developed|shot)\b)[^.;]*?(?:(?:Client|Customer|Seller)"
                               r"(?:['’]s own| Content| Materials|['’]s (?:logos?|trade ?marks?|brand)|-provided)|(?:provided|supplied|furnished) "
                               r"by (?:the )?(?:Client|Customer|Seller))", CI)


def _tool_headed(subject: str, tools: str, assets: dict) -> bool:
    """The subject's head is a tool (模板, templates) rather than an asset: a tool word after the last asset word."""
    tool = [m.end() for m in re.finditer(tools, subject, CI)
            if not re.search(r"\b(?:into|in|on|through|using|via|with|from)\s+(?:the\s+|its\s+|our\s+|their\s+)?(?:[\w-]+\s+)?$",
                             subject[:m.start()], CI)]
    asset = [m.end() for pat in assets.values() for m in re.finditer(pat, subject, CI)]
    return bool(tool) and (not asset or max(tool) > max(asset))


def negated_zh_clause(subject: str) -> bool:
    return bool(re.search(r"不(?:再)?$|并非$", subject))


def _own_en(s: str) -> list[Hit]:
    m = re.search(r"(?:(?:transfer|pass|vest)(?:s|es)? (?:to|in)|(?:are|is|shall be) (?:hereby )?(?:assigned|transferred) to|belongs? to|(?:are|is|shall be) owned (?:exclusively |solely |wholly )?by|(?:are|is|shall be) the (?:sole |exclusive )?property of|(?:shall )?(?:become|remain)s? the (?:sole |exclusive )?property of|"
                  r"(?:shall )?vests? in|(?:is|are|shall be|will be) (?:held|owned) (?:solely |exclusively )?by)\s+(?:the\s+)?(Client|Customer|Seller|Agency|Provider|Vendor|Studio|Party A|Party B)", s)
    owner_first = re.search(r"(Client|Customer|Seller|Agency|Provider|Vendor|Studio|Party A|Party B)\s+(?:retains|owns|own|shall own|will own|"
                            r"(?:is|will be|shall be|remains) the (?:sole |exclusive |legal )?owner of|"
                            r"shall retain|will retain|keeps? ownership of"
                            r"|retains? ownership of)"
                            r"\s+(?:all\s+)?(?:the\s+)?(?:right, title and interest in|copyright in|ownership of|rights in)?", s)
    m2 = re.search(r"(?:remains?|becomes?|is|are|shall be|will be) (?:the\s+)?(Client|Customer|Seller|Agency|Provider|Vendor)['’]s(?: sole| exclusive)? "
                   r"property|remain the property "
                   r"of (?:the )?(Client|Customer|Seller|Agency|Provider|Vendor)|(?:remains|is) (Client|Customer)['’]s property"
                   r"|(?:is|are|remains?|stays?) (?:the )?(Client|Customer|Seller)['’]s(?=\s*(?:[,.;]|and\b|$))", s)
    assign = _ASSIGNS_EN.search(s)
    hire = _FOR_HIRE_EN.search(s)
    if m:
        who, subject = m.group(1), s[:m.start()]
    elif assign:
        who, subject = assign.group(2), (assign.group(1) or "") + " " + s[assign.end():]
        m = assign
    elif hire:
        who, subject = "Client", s[:hire.start()]
        m = hire
    elif m2:
        who, subject = next(g for g in m2.groups() if g), s[:m2.start()]
    elif owner_first:
        who, subject = owner_first.group(1), s[owner_first.end():]
    else:
        return []
    if m and "assigned" in m.group() and re.search(r"\b(?:team|staff|people|persons?|manager|employees?|specialists?|executives?|lead)\b", subject, CI) \
            and not re.search(r"intellectual property|copyright|\brights?\b|\btitle\b|ownership", subject, CI):
        return []  # "a named team of three people … is assigned to the Client": people, not rights
    if _tool_headed(subject, _TOOLS_EN, _ASSETS_EN) or _OWN_MATERIALS_EN.search(subject) or negated_en(s, (m or m2 or owner_first).start()) \
            or re.search(r"\b(?:until|pending|unless)\b", s[(m or m2 or owner_first).start():], CI):
        return []  # ownership only until payment is not where the rights end up
    owner = party_en(who.replace("Party A", "Party A"))
    if owner is None:
        return []
    return [Hit(f"contract.ip.{name}", owner, 0.85) for name, pat in _ASSETS_EN.items()
            if name != "accounts" and re.search(pat, subject, CI)]


_ASSIGNS_EN = re.compile(r"(?:Agency|Provider|Vendor|Studio|Contractor|Consultant)\s+(?:hereby\s+)?(?:irrevocably\s+)?(?:shall\s+|will\s+|agrees to\s+)?"
                         r"(?:assign|transfer|convey)s?(?:,? and (?:agrees to )?(?:transfer|assign)s?,?)?\s+(?:([^.;]{3,120}?)\s+)?to\s+(?:the\s+)?(Client|Customer|Seller)\b")
_FOR_HIRE_EN = re.compile(r"works? (?:made )?for hire\b", CI)


def access(s: str, ctx: Context) -> list[Hit]:
    hits = _access_zh(s, ctx) if ctx.lang == "zh" else _access_en(s)
    if any(h.field == "data_access.provider_access" and h.value in ("main_account", "sub_account") for h in hits):
        ctx.extra["store_access"] = True  # the store's access is the provider's access, not an ad account's partner rights
    return hits


def _access_zh(s: str, ctx: Context) -> list[Hit]:
    hits = []
    main = re.search(r"主账号[^。;]{0,8}?(?:登录)?(?:账号|密码|权限)|主账户[^。;]{0,6}?(?:密码|登录)|(?:店铺|后台)?管理员账号[^。;]{0,6}?(?:交由|交给|移交给?|提供给|告知)乙方|"
                     r"(?:店铺|后台|卖家中心)(?:后台)?的?(?:登录)?账号(?:及|和|、|与)?密码|主账号[^。;]{0,20}?(?:交由|交给|移交给?|提供给)乙方|"
                     r"(?:账号|帐号)(?:及|和|、)?密码(?:的)?授权(?=[^。]{0,30}?乙方)|(?<=乙方)[^。]{0,20}?(?:账号|帐号)(?:及|和|、)?密码(?:的)?授权", s)
    kept = re.search(r"不向乙方提供|不得要求|不获取|保留|不提供|无需提供|不得索要|甲方(?:自行|本人)?保管|由甲方(?:自行)?(?:保管|持有)|不交|不得(?:获取|持有)", s)
    if main and not kept and re.search(r"提供|交付|移交|告知|交由|交给|交予|转交|分享|共享|发送|授权", s):
        hits.append(Hit("data_access.provider_access", "main_account", 0.85))
    elif main and not kept:
        pass
    elif re.search(r"子账号|子账户|子用户|成员权限|员工账号|员工账户|协作者账号|(?:添加|新增|开通)(?:为)?用户|用户权限", s) \
            and re.search(r"开设|创建|开通|通过|添加|授予|登录|身份|分配|设立|设置|新建|邀请|建立", s) and "乙方" in s:
        hits.append(Hit("data_access.provider_access", "sub_account", 0.85))
    elif re.search(r"(?:合作伙伴|服务商|代理商)身份[^。;]{0,12}?(?:获得|取得|开通)[^。;]{0,12}?权限|Business Center|Partner Cent(?:er|re)", s, CI) \
            and "乙方" in s and not ctx.extra.get("store_access"):
        hits.append(Hit("data_access.provider_access", "partner_authorization", 0.8))
    elif re.search(r"SPN|服务商授权|合作伙伴授权|服务商平台授权", s) and re.search(r"授权", s) and not negated_zh(s, s.find("授权")):
        hits.append(Hit("data_access.provider_access", "partner_authorization", 0.8))
    elif re.search(r"开放接口|\bAPI\b|应用授权|授权乙方系统|(?:系统|软件|ERP)接口", s) and (verb := re.search(r"授权|开放|开通", s)) and not negated_zh(s, verb.start(), 6):
        hits.append(Hit("data_access.provider_access", "api_app", 0.8))
    if not hits and re.search(r"乙方[^。]{0,6}?不(?:需要|接收|获取|索取|持有|接触|登录|进入|访问)[^。]{0,24}?(?:账号|权限|密码|(?<=登录)[^。,;]{0,10}?后台)|乙方无需(?:登录|接触|使用|获取)[^。,;]{0,10}?"
                              r"(?:后台|账号)|不涉及[^。,;]{0,12}?(?:店铺)?(?:账号|后台)", s):
        hits.append(Hit("data_access.provider_access", "none", 0.8))
    if re.search(r"仅授予|权限限于|仅限于|仅开放|最小权限|权限仅(?:包括|限|含|为)|仅(?:限|包括)[^。]{0,6}(?:模块|权限)|只读权限|仅(?:可|能)?查看", s) \
            and re.search(r"权限|查看", s):
        hits.append(Hit("data_access.provider_permissions", "least_privilege", 0.8))
    elif re.search(r"(?:授予|开通|开放|提供|获得|授权)[^。,;]{0,10}?(?:全部|所有|完整|管理员)(?:的)?(?:后台)?权限", s) and not re.search(r"不(?:授予|开通|开放|提供)|无权|不得", s):
        hits.append(Hit("data_access.provider_permissions", _full_or_broad(s), 0.75))
    if re.search(r"不开放[^。;,]{0,4}?(?:付款|资金|提现|收款|结算|Payments)|不(?:得|会)(?:要求|索要|获取)[^。]{0,20}?(?:收款账户|资金账户|银行账户)|不接触[^。,;]{0,8}?(?:资金|结算|收款)|不含资金|(?:不得|无权)(?:访问|接触|操作|动用)[^。,;]{0,8}?(?:资金|提现|收款账户|回款)|不得提现|不开放[^。]{0,6}提现|(?:提现|资金|收款|Payments)[^。]{0,12}不(?:对乙方|向乙方)?开放", s) \
            and not _BUT_REFUNDS.search(s):
        hits.append(Hit("data_access.funds_access", False, 0.8))
    elif re.search(r"乙方[^。;]{0,6}?(?:无权|不得|不能|不可|禁止)[^。;]{0,8}?(?:进行|办理|发起|操作)?[^。;]{0,4}?(?:资金提现|提现|转账|打款|"
                   r"修改(?:收款|银行|结算)|变更(?:收款|银行|结算))|乙方[^。;]{0,4}?不(?:经手|代收|保管|触碰)[^。;]{0,8}?(?:资金|款项|货款)", s) and not _BUT_REFUNDS.search(s):
        hits.append(Hit("data_access.funds_access", False, 0.8))
        hits.append(Hit("data_access.funds_scope", "none", 0.8))
    return hits


def _access_en(s: str) -> list[Hit]:
    hits = []
    main = re.search(r"(?:primary|main|master)\s+(?:account\s+)?(?:owner\s+)?(?:login\s+)?(?:credentials|password|login)|account owner "
                     r"(?:login )?credentials|(?:Seller Central|seller account|store|shop) (?:login )?(?:credentials|password|username and password)|"
                 r"(?:username|login|user name|e-?mail) and password (?:of|for|to) [^.]{0,40}?(?:account|store|Seller Central)|"
                 r"(?:using|with|through) (?:the )?(?:Client|Customer|Seller)['’]s (?:own )?(?:login details|login credentials|credentials|password)", s, CI)
    if main and not negated_en(s, main.start(), 8) and not re.search(r"never|will not hold", s, CI):
        hits.append(Hit("data_access.provider_access", "main_account", 0.85))
    elif _PROVIDER_NAMED.search(s) and re.search(r"sub-?account|user access|user permissions|staff account|collaborator (?:account|access|request)|add\w* (?:\w+ ){1,2}as a (?:secondary )?user|(?:create|set up|open)s? an? (?:separate |new )?user (?:account|login) for (?:the )?(?:Agency|Provider)|added as a (?:secondary |new |limited )?user|as an? (?:secondary|limited|additional) user|invite\w* (?:[\w'’]+ ){1,3}as (?:an? )?(?:\w+ )?users?\b", s, CI) \
            and not re.search(r"remove|authori[sz]ed partner", s, CI):
        hits.append(Hit("data_access.provider_access", "sub_account", 0.85))
    elif re.search(r"partner authori[sz]ation|authori[sz]ed partner|Service Provider Network|partner network|\bSPN\b|partner manager|Partner Cent(?:er|re)|Business "
                   r"(?:Center|Manager) partner|(?:through|via|in) (?:the |its |their )?(?:TikTok |Meta )?Business (?:Center|Manager)\b|as an? (?:agency )?partner", s, CI) and not negated_en(s, 0, 99):
        hits.append(Hit("data_access.provider_access", "partner_authorization", 0.8))
    elif re.search(r"\bAPI\b[^.]{0,20}authori[sz]ation|authori[sz]\w* [^.]{0,30}\bAPI\b|Selling Partner API", s, CI):
        hits.append(Hit("data_access.provider_access", "api_app", 0.8))
    if re.search(r"(?:permissions?|rights|access) only\b|only [\w-]+ (?:permissions|rights|access)|limited to|least privilege|"
                 r"(?:permissions?|access) (?:to|for) [\w ,&-]{3,60}? only\b", s, CI) and re.search(r"permission|access", s, CI):
        hits.append(Hit("data_access.provider_permissions", "least_privilege", 0.8))
    elif (full := re.search(r"admin(?:istrative|istrator)?(?: user)? (?:permissions|access|rights)|full (?:access|permissions)", s, CI)) \
            and not _SELLER_HOLDS_EN.search(s[:full.start()]) \
            and not negated_en(s, s.lower().find("admin") if "admin" in s.lower() else 0, 6):
        hits.append(Hit("data_access.provider_permissions", _full_or_broad(s), 0.75))
    if re.search(r"(?:will|shall) not (?:access|have access to|use)[^.]{0,30}(?:wallet|bank|funds|payout|disbursement|payment settings)|"
                 r"(?:may|shall|will|must|do|does|can)(?: not|n['’]t) (?:initiate|make|request|process|effect|execute|change|modify)[^.]{0,20}?"
                 r"(?:withdrawals?|payouts?|transfers? of funds|disbursements?|payout settings|bank (?:details|account))|"
                 r"never (?:touch|access|handle|see|hold)[^.]{0,20}?(?:payouts?|funds|bank|money|wallet)|"
                 r"(?:may|shall|will|must|can)(?: not|not|n['’]t) (?:move|transfer|withdraw|hold|receive)[^.]{0,12}?(?:money|funds|payouts?)\b|"
                 r"(?:do|does|will|shall) not (?:need|require|request|have) access to[^.]{0,20}?(?:bank|funds|payouts?|wallet|disbursements?)|"
                 r"no access to (?:the )?(?:\w+['’]s )?(?:funds|wallet|payouts?|payment settings|disbursements|bank)", s, CI) \
            and not _BUT_REFUNDS.search(s):
        hits.append(Hit("data_access.funds_access", False, 0.8))
    return hits


# "The Client shall have / keeps full access": the seller's own access, not what the provider is given
_SELLER_HOLDS_EN = re.compile(r"\b(?:Client|Customer|Seller|Merchant|Brand Owner)\s+(?:shall |will |must )?(?:have|has|keeps?|retains?|maintains?|"
                              r"continues? to have|remains? entitled to)\s+(?:\w+\s+){0,2}$", re.I)


# "no payouts, but refunds up to …" (乙方无权提现，但可办理…退款): the provider does touch refunds, so no funds_access false
_BUT_REFUNDS = re.compile(r"(?:但|但是|不过|除)[^。]{0,40}?退款|\b(?:but|however|except|save)\b[^.]{0,50}?\brefunds?\b", CI)
_PROVIDER_NAMED = re.compile(r"\b(?:Agency|Provider|Vendor|Contractor|Consultant|Studio|Party B)\b")


def data_rights(s: str, ctx: Context) -> list[Hit]:
    hits = []
    if ctx.lang == "zh":
        if (re.search(r"甲方[^。]{0,10}(?:可|可以|有权)[^。]{0,20}?(?:导出|下载)[^。]{0,12}?数据|数据[^。]{0,30}?甲方(?:可|可以|有权)[^。]{0,20}?(?:导出|下载)", s)
                or re.search(r"甲方[^。;]{0,10}?(?:可|可以|有权)(?:随时)?[^。;]{0,20}?(?:查看|登录)[^。;]{0,16}?数据[^。;]{0,10}?(?:可|可以|有权)?(?:随时)?(?:自行)?(?:导出|下载)", s)) \
                and not re.search(r"(?:终止|解除|到期)后[^。]{0,6}[0-9]+\s*(?:日|天)内", s):
            hits.append(Hit("data_access.raw_data_export", True, 0.8))
        if re.search(r"不(?:提供|开放|支持|包括|含)[^。;,]{0,6}?原始数据(?:的)?(?:导出|下载)|原始数据[^。;,]{0,6}?不(?:提供|开放|支持|在)", s):
            hits.append(Hit("data_access.raw_data_export", False, 0.75))
        if re.search(r"实时(?:数据)?(?:看板|仪表盘|后台)", s):
            hits.append(Hit("data_access.reporting", "live_dashboard", 0.75))
        elif re.search(r"乙方[^。;]{0,24}?以截图(?:的)?(?:形式|方式)|乙方[^。;]{0,24}?(?:提供|发送|报送)[^。;]{0,10}?截图", s):
            hits.append(Hit("data_access.reporting", "screenshots", 0.7))
        elif re.search(r"乙方[^。]{0,12}?以导出(?:的)?(?:报表|数据|表格)(?:的)?形式|乙方[^。]{0,16}?(?:提供|发送)[^。]{0,10}?(?:导出|下载)(?:的)?(?:原始)?(?:报表|数据)", s):
            hits.append(Hit("data_access.reporting", "exports", 0.7))
        owner = re.search(r"广告账户[^。,]{0,8}?(?:以甲方(?:的)?名义(?:开[设立通户]|注册)|开户主体为甲方|所有权(?:均)?(?:归属于?|归|属于)甲方|归甲方所有|"
                          r"(?:注册|开立|开设|开通|登记)?在甲方名下)|甲方名下的?广告账户"
                          r"|广告账户由甲方(?:以其?(?:自身|自己)?(?:的)?名义)?(?:开设|开立|开通|注册)"
                          r"|甲方以(?:其|自己|自身)?(?:的)?名义(?:开立|开设|开通|注册)[^。,;]{0,12}?广告账户", s)
        if owner:
            hits.append(Hit("data_access.ad_account_owner", "seller", 0.85))
        elif re.search(r"乙方(?:使用)?(?:其)?(?:自有|自己)?的?(?:代理商?)?广告(?:代理)?账户|广告账户[^。,]{0,10}?归乙方所有|广告账户由乙方以(?:其|乙方)?(?:自身|自己|本方)?(?:的)?名义", s):
            hits.append(Hit("data_access.ad_account_owner", "provider", 0.85))
        return hits
    if re.search(r"(?:Client|Customer|Seller)\s+(?:(?:may|can|will be able to|is entitled to|has the right to)\s+(?:at any time\s+)?|[^.;]{0,60}?\band (?:may|can)\s+)"
                 r"(?:export|download)|export (?:them|it) at any time", s) \
            and re.search(r"data|report", s, CI) and not re.search(r"after (?:termination|expiry|the end)", s, CI):
        hits.append(Hit("data_access.raw_data_export", True, 0.8))
    if re.search(r"raw data (?:exports?|downloads?) (?:are|is) not (?:part of|included|provided|available)|no (?:access to )?raw data exports?", s, CI):
        hits.append(Hit("data_access.raw_data_export", False, 0.75))
    if (live := re.search(r"(?:live|real-time)(?: [\w-]+){0,2}?(?: reporting| performance| data)? dashboard", s, CI)) and not negated_en(s, live.start(), 3):
        hits.append(Hit("data_access.reporting", "live_dashboard", 0.75))
    elif re.search(r"(?:Agency|Provider)\b[^.]{0,40}?(?:send|provide|deliver|share)s?[^.]{0,20}?(?:exported|CSV|Excel|spreadsheet) (?:reports?|exports?|files?|data)", s, CI):
        hits.append(Hit("data_access.reporting", "exports", 0.7))
    elif re.search(r"(?:Agency|Provider)\b[^.]{0,40}?(?:send|provide|deliver|share)s?[^.]{0,30}?screenshots?|(?:by|as|in the form of) screenshots?", s, CI) \
            and re.search(r"report|data|results|performance", s, CI):
        hits.append(Hit("data_access.reporting", "screenshots", 0.7))
    if re.search(r"(?:Client|Customer|Seller) (?:remains|is|shall remain) the owner of (?:its|the) [^.]{0,30}?(?:ad|advertising) account|"
                 r"(?:in|through|under|from) (?:the )?(?:Client|Customer|Seller)['’]s own (?:[\w-]+ ){0,2}(?:ads?|advertising) accounts?|"
                 r"(?:ad|advertising) accounts? (?:remains?|is|shall remain) (?:at all times )?(?:the )?(?:sole )?property of (?:the )?"
                 r"(?:Client|Customer|Seller)|"
                 r"(?:ad|advertising) accounts? (?:owned by|(?:registered|opened) (?:in|under) the name of|in the name of) (?:the )?(?:Client|Customer|Seller)|"
                 r"(?:ad|advertising) accounts? (?:will be |are |is |shall be )?(?:opened|registered|created) by and in the name of (?:the )?(?:Client|Customer|Seller)|"
                 r"^\W*(?:[0-9.]+\s*)?(?:The\s+)?(?:Client|Customer|Seller)\s+(?:(?!Agency|Provider)[^.]){0,60}?\b(?:from|through|in|via) its own (?:[\w-]+ )?(?:ad|advertising) accounts?|"
                 r"(?:ad|advertising) accounts? (?:are|is|remain|remains) (?:the )?(?:Client|Customer|Seller)['’]s\b|"
                 r"(?:ad|advertising) accounts? (?:stay|stays|remain|remains|are|is|will be|shall be) (?:opened |registered |held )?(?:in|under) "
                 r"(?:the )?(?:Client|Customer|Seller)['’]s (?:own )?name|"
                 r"(?:Client|Customer|Seller) (?:retains|keeps|shall retain) (?:the )?ownership of (?:all |its |the )?[^.]{0,20}?(?:ad|advertising) "
                 r"accounts?", s, CI):
        hits.append(Hit("data_access.ad_account_owner", "seller", 0.85))
    elif re.search(r"(?:Agency|Provider)['’]s own (?:agency )?(?:ad|advertising) account|(?:Agency|Provider)\b[^.]{0,40}\bits own (?:agency |"
                   r"managed )?(?:ad|advertising) accounts?|(?:ad|advertising) accounts? (?:are|is|shall be) owned by "
                   r"(?:the )?(?:Agency|Provider)", s):
        hits.append(Hit("data_access.ad_account_owner", "provider", 0.85))
    return hits


PATTERNS = (ownership, accounts_en, access, data_rights) + clauses.PATTERNS
