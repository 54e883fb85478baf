"""Patterns for who owns what and who may do what: creatives, copy and data, account access,
permissions, funds, ad account, reporting, governance, and the one-sided clauses
(unilateral changes, the non-cooperation escape, gag clauses, non-solicit, KPI penalties, black-hat).

"Templates and tools remain the Agency's" names the provider's tools, not the creatives: an
ownership sentence counts for the creatives only when its subject names them and no tool.
"""
from __future__ import annotations

import re

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
    for m in re.finditer(PARTY_ZH + r"(?:依法|单独|独家)?(?:享有|拥有)([^。;]{2,40}?)的?(?:全部)?(?:著作权|知识产权|所有权|版权)", s):
        subject = m.group(2)
        if _tool_headed(subject, _TOOLS_ZH, _ASSETS_ZH) or re.search(r"不(?:再)?$|并非$", s[:m.start()]):
            continue
        owner = party_zh(m.group(1), ctx)
        for name, pat in _ASSETS_ZH.items():
            if owner and re.search(pat, subject) and Hit(f"contract.ip.{name}", owner, 0.8) not in hits:
                hits.append(Hit(f"contract.ip.{name}", owner, 0.8))
    return hits


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
                  r"(?:shall )?vests? in)\s+(?:the\s+)?(Client|Customer|Seller|Agency|Provider|Vendor|Studio|Party A|Party B)", s)
    owner_first = re.search(r"(Client|Customer|Seller|Agency|Provider|Vendor|Studio|Party A|Party B)\s+(?:retains|owns|own|shall own|will own|"
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
    main = re.search(r"主账号[^。;]{0,8}?(?:登录)?(?:账号|密码|权限)|主账户[^。;]{0,6}?(?:密码|登录)|"
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
    elif re.search(r"开放接口|\bAPI\b|应用授权|授权乙方系统", s) and re.search(r"授权", s):
        hits.append(Hit("data_access.provider_access", "api_app", 0.8))
    if not hits and re.search(r"乙方[^。]{0,6}?不(?:需要|接收|获取|索取|持有|接触)[^。]{0,24}?(?:账号|权限|密码)|乙方无需(?:登录|接触|使用|获取)[^。,;]{0,10}?"
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
    return hits


def _access_en(s: str) -> list[Hit]:
    hits = []
    main = re.search(r"(?:primary|main|master)\s+(?:account\s+)?(?:owner\s+)?(?:login\s+)?(?:credentials|password|login)|account owner "
                     r"(?:login )?credentials|(?:Seller Central|seller account|store|shop) (?:login )?(?:credentials|password|username and password)|"
                 r"(?:username|login|user name|e-?mail) and password (?:of|for|to) [^.]{0,40}?(?:account|store|Seller Central)", s, CI)
    if main and not negated_en(s, main.start(), 8) and not re.search(r"never|will not hold", s, CI):
        hits.append(Hit("data_access.provider_access", "main_account", 0.85))
    elif _PROVIDER_NAMED.search(s) and re.search(r"sub-?account|user access|user permissions|staff account|collaborator (?:account|access|request)|add\w* (?:\w+ ){1,2}as a (?:secondary )?user|added as a (?:secondary |new |limited )?user|as an? (?:secondary|limited|additional) user|invite\w* (?:[\w'’]+ ){1,3}as (?:an? )?(?:\w+ )?users?\b", s, CI) \
            and not re.search(r"remove|authori[sz]ed partner", s, CI):
        hits.append(Hit("data_access.provider_access", "sub_account", 0.85))
    elif re.search(r"partner authori[sz]ation|authori[sz]ed partner|Service Provider Network|partner network|\bSPN\b|partner manager|Partner Cent(?:er|re)|Business "
                   r"(?:Center|Manager) partner|as an? (?:agency )?partner", s, CI) and not negated_en(s, 0, 99):
        hits.append(Hit("data_access.provider_access", "partner_authorization", 0.8))
    elif re.search(r"\bAPI\b[^.]{0,20}authori[sz]ation|authori[sz]\w* [^.]{0,30}\bAPI\b|Selling Partner API", s, CI):
        hits.append(Hit("data_access.provider_access", "api_app", 0.8))
    if re.search(r"(?:permissions?|rights|access) only\b|only [\w-]+ (?:permissions|rights|access)|limited to|least privilege", s, CI) and re.search(r"permission|access", s, CI):
        hits.append(Hit("data_access.provider_permissions", "least_privilege", 0.8))
    elif re.search(r"admin(?:istrative|istrator)?(?: user)? (?:permissions|access|rights)|full (?:access|permissions)", s, CI) \
            and not negated_en(s, s.lower().find("admin") if "admin" in s.lower() else 0, 6):
        hits.append(Hit("data_access.provider_permissions", _full_or_broad(s), 0.75))
    if re.search(r"(?:will|shall) not (?:access|have access to|use)[^.]{0,30}(?:wallet|bank|funds|payout|disbursement|payment settings)|"
                 r"(?:may|shall|will|must|do|does|can)(?: not|n['’]t) (?:initiate|make|request|process|effect|execute|change|modify)[^.]{0,20}?"
                 r"(?:withdrawals?|payouts?|transfers? of funds|disbursements?|payout settings|bank (?:details|account))|"
                 r"never (?:touch|access|handle|see|hold)[^.]{0,20}?(?:payouts?|funds|bank|money|wallet)|"
                 r"(?:do|does|will|shall) not (?:need|require|request|have) access to[^.]{0,20}?(?:bank|funds|payouts?|wallet|disbursements?)|"
                 r"no access to (?:the )?(?:\w+['’]s )?(?:funds|wallet|payouts?|payment settings|disbursements|bank)", s, CI) \
            and not _BUT_REFUNDS.search(s):
        hits.append(Hit("data_access.funds_access", False, 0.8))
    return hits


# "no payouts, but refunds up to …" (乙方无权提现，但可办理…退款): the provider does touch refunds, so no funds_access false
_BUT_REFUNDS = re.compile(r"(?:但|但是|不过|除)[^。]{0,40}?退款|\b(?:but|however|except|save)\b[^.]{0,50}?\brefunds?\b", CI)
_PROVIDER_NAMED = re.compile(r"\b(?:Agency|Provider|Vendor|Contractor|Consultant|Studio|Party B)\b")


def data_rights(s: str, ctx: Context) -> list[Hit]:
    hits = []
    if ctx.lang == "zh":
        if re.search(r"甲方[^。]{0,10}(?:可|可以|有权)[^。]{0,20}?(?:导出|下载)[^。]{0,12}?数据|数据[^。]{0,30}?甲方(?:可|可以|有权)[^。]{0,20}?(?:导出|下载)", s) \
                and not re.search(r"(?:终止|解除|到期)后[^。]{0,6}[0-9]+\s*(?:日|天)内", s):
            hits.append(Hit("data_access.raw_data_export", True, 0.8))
        if re.search(r"实时(?:数据)?(?:看板|仪表盘|后台)", s):
            hits.append(Hit("data_access.reporting", "live_dashboard", 0.75))
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
    if re.search(r"(?:Client|Customer|Seller)\s+(?:may|can)\s+(?:export|download)|export them at any time", s) \
            and re.search(r"data|report", s, CI) and not re.search(r"after (?:termination|expiry|the end)", s, CI):
        hits.append(Hit("data_access.raw_data_export", True, 0.8))
    if re.search(r"(?:live|real-time)(?: reporting| performance| data)? dashboard", s, CI):
        hits.append(Hit("data_access.reporting", "live_dashboard", 0.75))
    elif re.search(r"(?:Agency|Provider)\b[^.]{0,40}?(?:send|provide|deliver|share)s?[^.]{0,20}?(?:exported|CSV|Excel|spreadsheet) (?:reports?|exports?|files?|data)", s, CI):
        hits.append(Hit("data_access.reporting", "exports", 0.7))
    if re.search(r"(?:Client|Customer|Seller) (?:remains|is|shall remain) the owner of (?:its|the) [^.]{0,30}?(?:ad|advertising) account|"
                 r"(?:in|through|under|from) (?:the )?(?:Client|Customer|Seller)['’]s own (?:[\w-]+ ){0,2}(?:ads?|advertising) accounts?|"
                 r"(?:ad|advertising) accounts? (?:remains?|is|shall remain) (?:at all times )?(?:the )?(?:sole )?property of (?:the )?"
                 r"(?:Client|Customer|Seller)|"
                 r"(?:ad|advertising) accounts? (?:owned by|(?:registered|opened) (?:in|under) the name of|in the name of) (?:the )?(?:Client|Customer|Seller)|"
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


def clauses(s: str, ctx: Context) -> list[Hit]:
    return _clauses_zh(s) if ctx.lang == "zh" else _clauses_en(s)


# a change both sides agree, or one the seller asks for, is no unilateral change
_AGREED_CHANGE = re.compile(r"协商|同意|确认|双方|书面协议|(?:根据|按照?|应)甲方(?:的)?(?:要求|需求|指示|申请)")


def _clauses_zh(s: str) -> list[Hit]:
    hits = []
    if re.search(r"乙方保留[^。]{0,20}?(?:调整|变更|修改)[^。]{0,10}?(?:价格|费用|收费|服务内容)[^。]{0,6}权利", s):
        hits.append(Hit("contract.unilateral_changes", True, 0.8))
    elif re.search(r"乙方有权[^。]{0,30}?(?:调整|变更|修改)[^。]{0,12}?(?:价格|费用|收费|服务费|服务内容|服务范围|服务项目|条款|功能|费率|服务标准|预算|售价|定价)", s) and (
            re.search(r"无需|无须|不需|单方|自行", s) or re.search(r"调整[^。]{0,8}(?:价格|费用|收费|功能|服务内容|费率|服务费)", s)):
        hits.append(Hit("contract.unilateral_changes", True, 0.85))
    elif re.search(r"乙方(?:可|可以|得)[^。]{0,30}?(?:调整|变更|修改|上调|提高)[^。]{0,12}?"
                   r"(?:价格|费用|收费|服务费|服务内容|服务范围|费率|收费标准|比例)", s) and not _AGREED_CHANGE.search(s):
        hits.append(Hit("contract.unilateral_changes", True, 0.8))
    if re.search(r"(?:因|由于|鉴于)甲方[^。]{0,30}?(?:未|不|延迟|迟延|原因)[^。]{0,40}?乙方(?:不承担|不负|免除|免责)(?:任何)?(?:责任)?", s):
        hits.append(Hit("contract.non_cooperation_escape", True, 0.85))
    if re.search(r"甲方[^。]{0,20}?(?:不得|不在|不会|承诺不|保证不)[^。]{0,30}?(?:发表|发布|散布|作出|进行|给予|给出|留下|做出)[^。]{0,20}?(?:负面评价|差评|投诉|"
                 r"不利(?:的)?(?:评价|言论|评论|内容)|负面(?:言论|评论|内容)|诋毁|不利于乙方的(?:信息|言论|评价|内容|评论))|"
                 r"甲方[^。]{0,10}?不得[^。]{0,20}?(?:向[^。]{0,12}?)投诉", s):
        hits.append(Hit("contract.restricts_reviews_or_complaints", True, 0.85))
    m = re.search(r"不得[^。]{0,10}?(?:聘用|雇佣|招揽|挖角|录用)[^。]{0,20}?(?:员工|人员)", s)
    if m:
        hits.append(Hit("contract.non_solicit_or_exclusivity", "No hiring of the other party's staff", 0.8))
    elif re.search(r"不设(?:置)?(?:任何)?(?:排他|独家)|非(?:排他|独家)(?:合作|条款)|甲方可(?:以)?同时委托其他", s):
        hits.append(Hit("contract.non_solicit_or_exclusivity", "No exclusivity: the seller may also engage other providers", 0.75))
    elif len(s) > 12 and re.search(r"独家|排他|唯一(?:的)?(?:合法)?(?:运营|代运营|外包)?(?:服务商|合作商|服务机构|代理商)|不得[^。]{0,24}?(?:委托|交由|交给|聘请|授权|与)(?:给)?(?:任何)?(?:其他|第三方)[^。]{0,12}?(?:代运营|服务商|服务机构|"
                   r"机构|公司|团队|合作|运营|顾问)", s):
        hits.append(Hit("contract.non_solicit_or_exclusivity", "Exclusivity", 0.75))
    if re.search(r"未(?:能)?(?:达到|达成|完成)[^。]{0,20}(?:KPI|考核指标|考核目标|约定指标|业绩目标)[^。]{0,30}(?:服务费|费用)[^。]{0,12}?按(?:实际)?(?:完成|达成)(?:比例|率)|"
                 r"未(?:能)?达(?:到|成)[^。]{0,20}(?:KPI|考核指标|考核目标|约定指标)[^。]{0,30}(?:扣减|减免|退还|减少|返还|减半|打折|扣除)[^。]{0,8}(?:服务费|费用)|未(?:能)?达(?:到|成)[^。]{0,20}(?:KPI|考核指标|考核目标|约定指标)[^。]{0,30}(?:服务费|费用)[^。]{0,6}(?:减半|打折|按[0-9]+%)", s):
        hits.append(Hit("contract.kpi_penalty", True, 0.8))
    elif re.search(r"(?:承诺|保证|考核)[^。]{0,90}?[;,]\s*未(?:能)?(?:达到|达成|完成)的?[^。]{0,12}?(?:服务费|费用)[^。]{0,6}?"
                   r"(?:减半|扣减|减免|退还|打折|按[0-9]+%)", s):
        hits.append(Hit("contract.kpi_penalty", True, 0.8))
    if re.search(r"(?:不得|严禁|禁止|承诺不|保证不|不会|不(?:使用|采用|从事|进行))(?:使用|采用|从事|进行)?[^。]{0,12}(?:刷单|刷评|刷好评|刷销量|虚假(?:评价|交易|订单|好评)|"
                 r"测评|黑帽|违反平台规则)|(?:不得|严禁|禁止|承诺不|保证不)[^。]{0,16}(?:诱导|索要|操纵|引导|要求|诱使)[^。]{0,12}(?:评价|好评|评论|评分)", s):
        hits.append(Hit("compliance.black_hat_excluded", True, 0.8))
    if re.search(r"每周[^。]{0,8}(?:召开|举行|开展)?[^。]{0,4}(?:例会|会议)", s):
        hits.append(Hit("governance.weekly_meeting", True, 0.8))
    if re.search(r"每月[^。]{0,8}(?:提交|提供|制定)[^。]{0,6}(?:运营计划|月度计划|工作计划)", s):
        hits.append(Hit("governance.monthly_plan", True, 0.8))
    cad = re.search(r"每(两周|2周|周|月|季度)[^。]{0,10}(?:复盘|业绩回顾|评估会|回顾)", s)
    if cad:
        hits.append(Hit("governance.review_cadence", {"两周": "biweekly", "2周": "biweekly", "周": "weekly", "月": "monthly",
                                                      "季度": "quarterly"}[cad.group(1)], 0.75))
    return hits


def _clauses_en(s: str) -> list[Hit]:
    hits = []
    if re.search(r"\b(?:Agency|Provider|Vendor)\s+(?:may|reserves the right to)\s+(?:modify|change|amend|update|vary|increase|adjust|revise|raise)\s+"
                 r"(?:the\s+|its\s+|these\s+)?(?:scope|prices?|fees|terms|pricing|services|Scope|Prices?|Fees|Services|Pricing)\b", s) \
            and not re.search(r"\bwith (?:the )?(?:Client|Customer)['’]s (?:prior )?(?:written )?(?:consent|approval|agreement)|mutual", s, CI):
        if not (re.search(r"renew", s, CI) and re.search(r"(?:no more than|not (?:to )?exceed|up to|capped at)\s+[0-9.]+\s*%", s, CI)):
            hits.append(Hit("contract.unilateral_changes", True, 0.85))
    if re.search(r"shall not be (?:held )?(?:responsible|liable)[^.]{0,60}\bif (?:the )?(?:Client|Customer|Seller) fails|"
                 r"(?:Agency|Provider|Vendor|Contractor)\b[^.]{0,10}\b(?:is|are|will not be|shall not be) not (?:responsible|liable)[^.]{0,60}?"
                 r"(?:caused by|resulting from|due to|arising from|attributable to)[^.]{0,20}?(?:Client|Customer|Seller)['’]s (?:delay|failure|late|inaction)|"
                 r"(?:Agency|Provider|Vendor|Contractor) is not (?:responsible|liable)[^.]{0,60}?(?:caused by|resulting from|due to|arising from|attributable to)"
                 r"[^.]{0,20}?(?:Client|Customer|Seller)['’]s (?:delay|failure|late|inaction)|"
                 r"(?:shall|will) not be (?:held )?(?:responsible|liable) for[^.]{0,40}(?:caused by|resulting from|due to|arising from)[^.]{0,20}"
                 r"(?:Client|Customer|Seller)['’]s (?:delay|failure)|(?:is|are|shall be) not (?:responsible|liable)[^.]{0,60}"
                 r"if (?:the )?(?:Client|Customer|Seller) fails", s):
        hits.append(Hit("contract.non_cooperation_escape", True, 0.85))
    if re.search(r"(?:shall|will|agrees?) not (?:to )?(?:post|publish|make|share|leave)[^.]{0,30}negative[^.]{0,20}(?:review|comment|statement|feedback)|"
                 r"shall not disparage|non-disparagement|refrain from (?:posting|publishing|making)[^.]{0,30}(?:negative|disparaging|critical|derogatory)|"
                 r"(?:shall|will) not make any (?:public )?(?:statement|comment)s? (?:that is |which is )?critical of|"
                 r"(?:shall|will) not make any (?:disparaging|derogatory|negative) (?:statements?|remarks?|"
                 r"comments?)|shall not (?:file|lodge|submit) (?:any )?complaints?|"
                 r"(?:Neither|Never|At no time|nor)\b[^.]{0,60}?shall (?:the )?(?:Client|Customer|Seller) (?:make|publish|post|communicate|issue)[^.]{0,40}?"
                 r"(?:disparaging|derogatory|negative|defamatory)|"
                 r"(?:agrees?|undertakes?|promises?) not to (?:make|publish|post|share|leave|issue)[^.]{0,30}?(?:disparaging|derogatory|negative|"
                 r"defamatory|critical|unfavou?rable)[^.]{0,20}?(?:reviews?|comments?|statements?|remarks?|feedback|posts?)", s, CI) \
            and re.search(r"^\W*(?:[0-9.]+\s*)?(?:The\s+)?(?:Client|Customer|Seller)\b|(?:Client|Customer|Seller) (?:shall|will|agrees)|shall (?:the )?(?:Client|Customer|Seller) (?:make|publish)", s):
        hits.append(Hit("contract.restricts_reviews_or_complaints", True, 0.85))
    if re.search(r"(?:shall|will) not,?\s+(?:directly or indirectly,?\s+)?(?:[^.]{0,60}\bnor\s+)?(?:solicit|hire|employ|engage)[^.]{0,30}"
                 r"(?:employee|staff|personnel|mentor|coach|consultant|team member)", s, CI):
        hits.append(Hit("contract.non_solicit_or_exclusivity", "No hiring of the other party's staff", 0.8))
    elif re.search(r"\bexclusive (?:agency|provider|partner)|shall not,?\s+(?:directly or indirectly,?\s+)?engage any other (?:agency|provider)", s, CI):
        hits.append(Hit("contract.non_solicit_or_exclusivity", "Exclusivity", 0.75))
    if re.search(r"(?:KPIs?|targets?)[^.]{0,20}(?:are|is) (?:missed|not (?:met|achieved|reached))[^.]{0,60}(?:fee|retainer)[^.]{0,30}"
                 r"(?:reduced|refunded|credited|waived|discounted)", s, CI) or re.search(r"fails? to (?:meet|achieve|reach)[^.]{0,30}KPIs?[^.]{0,60}(?:fee|retainer)[^.]{0,30}(?:reduced|refunded|credited|"
                 r"waived)|(?:KPIs?|targets?)[^.]{0,20}(?:are|is) not (?:met|achieved|reached)[^.]{0,60}(?:(?:fee|retainer)[^.]{0,40}"
                 r"(?:reduced|refunded|credited|waived|discounted)|(?:credit|refund|reduce|waive)\w*[^.]{0,30}(?:fee|retainer))", s, CI):
        hits.append(Hit("contract.kpi_penalty", True, 0.8))
    if not re.search(r"liable|responsible", s, CI) and re.search(r"(?:shall|will|must) not\b[^.]{0,60}?(?:buy(?:ing)? reviews|purchas\w* reviews|"
                                                               r"paid reviews|(?:place|placing|create|creating) fake orders)", s, CI):
        hits.append(Hit("compliance.black_hat_excluded", True, 0.8))
    elif re.search(r"(?:shall|will) not (?:use|engage in|employ)[^.]{0,60}(?:review manipulation|fake reviews|incentivi[sz]ed reviews|review-related incentives?|"
                 r"black-hat|fake orders)|"
                 r"(?:prohibited|forbidden) by (?:Amazon|platform|marketplace)|"
                 r"(?:review manipulation|fake reviews|fake orders|black-hat)[^.]{0,40}(?:are|is) (?:strictly )?(?:prohibited|forbidden)", s, CI):
        hits.append(Hit("compliance.black_hat_excluded", True, 0.8))
    cad = re.search(r"review (?:meeting )?every (2 weeks|two weeks|week|month|quarter)|(bi-?weekly|fortnightly|weekly|monthly|quarterly) "
                    r"(?:business |performance )?review|meet (bi-?weekly|fortnightly|weekly|monthly|quarterly|every (?:2|two) weeks) "
                    r"(?:to|and) (?:review|discuss)", s, CI)
    if cad:
        word = next(g for g in cad.groups() if g).lower()
        value = {"two weeks": "biweekly", "2 weeks": "biweekly", "every two weeks": "biweekly", "every 2 weeks": "biweekly", "week": "weekly", "month": "monthly", "quarter": "quarterly", "biweekly": "biweekly",
                 "bi-weekly": "biweekly", "fortnightly": "biweekly"}.get(word, word)
        hits.append(Hit("governance.review_cadence", value, 0.75))
    if re.search(r"(?<![-\w])weekly (?:(?!group|class|webinar)[\w-]+ ){0,2}(?:call|meeting)|meet(?:ing)? every week", s, CI):
        hits.append(Hit("governance.weekly_meeting", True, 0.75))
    return hits


PATTERNS = (ownership, access, data_rights, clauses)
