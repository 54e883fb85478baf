"""The names a contract gives its parties, read as the 甲方/乙方 and Client/Agency the patterns know.

Chinese contracts name their parties 甲方/乙方 or 委托方/受托方, 品牌方/服务商, 客户/顾问 …; English
ones Client/Agency or Customer/Contractor, Merchant/Consultant, a company's short name, "you"/"we".
A name is read as a party only where the contract defines it (委托方：…, 以下简称“受托方”,
Acme LLC ("Consultant"), **Vendor:**); a name whose side the words do not tell (合作方, "Company",
a short name) takes the side opposite the other party's.
"""
from __future__ import annotations

import re

_SELLER_ALIAS = ("委托方", "委托人", "委托单位", "品牌方", "品牌商", "商家", "商户", "客户方", "买方", "店铺方", "发包方", "店主", "学员")
_PROVIDER_ALIAS = ("受托方", "受托人", "受托单位", "服务提供方", "服务方", "服务商", "运营服务商", "代运营方", "运营方", "供应商", "承包方",
                   "培训机构", "运营商",
                   "卖方", "顾问方", "顾问", "代理方", "代理商")
_EITHER_ZH = ("合作方",)
_ZH_WORDS = "|".join(sorted(_SELLER_ALIAS + _PROVIDER_ALIAS + _EITHER_ZH, key=len, reverse=True))
_DEFINED = re.compile(r"(?:^|\n)\s*(?:甲方|乙方)?\s*\(?\s*(" + _ZH_WORDS + r")\s*\)?\s*(?:\(|:)"
                      r"|以下(?:简称|称)\s*[\"“]?(" + _ZH_WORDS + r")")


def seller_is_a(norm: str) -> bool:
    """甲方 is the seller unless the contract names 甲方 the provider (甲方（服务方）)."""
    provider = "|".join(w for w in _PROVIDER_ALIAS if w not in ("卖方",)) + "|乙方|培训方"
    return re.search(r"甲方\s*\(\s*(?:" + provider + ")", norm) is None


_SELLER_KEYS = re.compile(r"委托|甲方|品牌|店主|商家|卖家|客户|广告主|学员|买方|需方|需求|用户|会员|订购|采购|商户|店铺方|发包")
_PROVIDER_KEYS = re.compile(r"受托|乙方|服务|代理|顾问|运营|设计|供应|卖方|培训|讲师|机构|供方|承接|工作室|代投|制作|服务商|承包")
_LABEL = re.compile(r"^\s*(?:\*\*)?([\u4e00-\u9fff]{2,6})(?:\*\*)?\s*(?:\(([\u4e00-\u9fff]{2,6})\))?\s*(?:\*\*)?\s*:\s*(?:\*\*)?(.*)$")
_ENTITY = re.compile(r"公司|工作室|商行|个体|中心|学院|学校|机构|事务所|Ltd|LLC|Inc|Limited|姓名|[\u4e00-\u9fff]{2,}店")
_NOT_A_PARTY = re.compile(r"^第|条|章|地址|住所|电话|代表|账号|账户|开户|日期|编号|地点|邮箱|联系|签字|盖章|名称|银行|税号|信用代码")
_NAMED = re.compile(r"(?:以下(?:简称|称)|下称|简称)\s*[\"“「]?([\u4e00-\u9fff]{2,6}?)[\"”」)]")


def _side_zh(word: str) -> str | None:
    seller, provider = _SELLER_KEYS.search(word), _PROVIDER_KEYS.search(word)
    return "seller" if seller and not provider else "provider" if provider and not seller else None


def party_names(norm: str, seller_is_a: bool) -> dict[str, str]:
    """The names a contract's head gives its parties (委托方：…, 店主（委托人）：…, **广告主**：…（下称"广告主"）,
    以下简称"受托方") → the 甲方/乙方 the patterns read: a buyer's word (委托, 店主, 广告主 …) is the seller's side,
    a provider's word (受托, 服务, 代理, 设计 …) the provider's; a name the words do not tell takes the other side."""
    seller, provider = ("甲方", "乙方") if seller_is_a else ("乙方", "甲方")
    side = {"seller": seller, "provider": provider, None: None}
    out: dict[str, str | None] = {}
    for line in norm[:3000].split("\n"):
        m = _LABEL.match(line)
        known = m and m.group(1) in _SELLER_ALIAS + _PROVIDER_ALIAS  # 学员：李四 — a person's name is a party too
        if not m or not (known or _ENTITY.search(m.group(3))) or _NOT_A_PARTY.search(m.group(1)):
            continue
        words = [w for w in (m.group(1), m.group(2)) if w and not _NOT_A_PARTY.search(w)] + _NAMED.findall(m.group(3))  # not 学员（签字）
        if m.group(1) in ("甲方", "乙方") and m.group(2) not in _SELLER_ALIAS + _PROVIDER_ALIAS:
            words = [m.group(1)]  # 乙方（顾问）: the contract says 乙方; 顾问 stays a word (顾问费)
        sides = {_side_zh(w) for w in words} - {None}
        for w in words:
            if w not in ("甲方", "乙方", "双方"):
                out.setdefault(w, side[_side_zh(w) or (sides.pop() if len(sides) == 1 else None)])
    for m in _DEFINED.finditer(norm[:3000]):
        word = m.group(1) or m.group(2)
        out.setdefault(word, seller if word in _SELLER_ALIAS else provider if word in _PROVIDER_ALIAS else None)
    for m in _NAMED.finditer(norm[:3000]):  # 服务提供方（以下称"本机构"）: any defined name, its side told by its words
        word = m.group(1)
        if word not in ("甲方", "乙方", "双方", "本合同", "本协议") and not _NOT_A_PARTY.search(word):
            out.setdefault(word, side[_side_zh(word)])
    _pair(out, seller, provider)
    out = {w: v for w, v in sorted(out.items(), key=lambda kv: -len(kv[0])) if v}
    if len(set(out.values())) != 2:
        out = {}
    return out | _we_you_zh(norm[:3000], seller, provider)


def _we_you_zh(head: str, seller: str, provider: str) -> dict[str, str]:
    """A letter or confirmation written as 我司 (the provider writing) to 贵司 (the seller it is addressed to)."""
    if not (re.search(r"贵司|贵方", head) and re.search(r"我司|我方", head)):
        return {}
    if re.search(r"贵(?:司|方)[^。]{0,10}?为我(?:司|方)[^。]{0,40}?提供", head) and not re.search(r"我(?:司|方)[^。]{0,10}?为贵(?:司|方)", head):
        seller, provider = provider, seller  # written by the seller to its provider
    return {"贵司": seller, "贵方": seller, "我司": provider, "我方": provider}


def _pair(out: dict, a: str, b: str) -> None:
    """A name whose side is not told (合作方, "Company", a short name) takes the side opposite the other party's."""
    unknown = [w for w, v in out.items() if v is None]
    sides = {v for v in out.values() if v}
    if len(unknown) == 1 and len(sides) == 1:
        out[unknown[0]] = b if sides == {a} else a


_SELLER_EN = ("Client", "Customer", "Merchant", "Brand", "Brand Owner", "Principal", "Seller", "Store Owner", "Licensee",
              "Advertiser", "Retailer", "Participant", "Student", "Member", "Subscriber", "Enrollee", "Buyer", "Purchaser")
_PROVIDER_EN = ("Agency", "Provider", "Service Provider", "Vendor", "Supplier", "Consultant", "Consultancy", "Contractor",
                "Operator", "Manager", "Coach", "Studio", "Partner", "Licensor", "Marketer", "Service Company", "Academy",
                "School", "Institute", "Trainer", "Developer", "Designer", "Freelancer")
_COMPANY = r"(?:LLC|L\.L\.C\.|Ltd\.?|Limited|Inc\.?|Corp\.?|Corporation|GmbH|Pte\.? Ltd\.?|Co\.|PLC|LLP|Pty Ltd|S\.A\.|B\.V\.)"
_NAME = r"([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)"
_DEFINED_EN = re.compile(r"\(\s*(?:hereinafter\s+)?(?:(?:referred to|called|known)\s+)?(?:as\s+)?(?:the\s+)?(?:\*\*)?[\"“](?:the\s+)?" + _NAME + r"[\"”]"
                         r"|\*\*" + _NAME + r":?\*\*|(?:^|\n)\s*" + _NAME + r"\s*:\s+(?=[A-Z])"
                         r"|\(\s*(?:the\s+)?(" + "|".join(_SELLER_EN + _PROVIDER_EN) + r")\s*\)")
_WE_YOU = re.compile(r"\([^)]{0,40}[\"“]we[\"”][^)]{0,30}\)(?:[^.]|\.(?=[*\s]*\()){0,200}\([^)]{0,40}[\"“]you[\"”]"
                     r"|\([^)]{0,40}[\"“]you[\"”][^)]{0,30}\)(?:[^.]|\.(?=[*\s]*\()|\.(?=,)){0,200}\([^)]{0,40}[\"“]we[\"”]", re.I)
_I_YOU = re.compile(r"\([^)]{0,40}[\"“]you[\"”][^)]{0,40}\)[\s\S]{0,300}?\([^)]{0,10}[\"“]I[\"”]|\([^)]{0,10}[\"“]I[\"”][^)]{0,40}\)[\s\S]{0,300}?"
                    r"\([^)]{0,40}[\"“]you[\"”]")
_LETTER = re.compile(r"^\s*(?:Letter of Engagement|Engagement Letter)?\s*Dear\s|\bLetter of Engagement\b[\s\S]{0,60}\bDear\s", re.I)
# a party's name followed by these is something else (Seller Central, Brand Registry, the Client name field)
_NOT_PARTY = (r"(?!\s+(?:Registry|registry|name|Owner|owner|Central|Centre|Center|Portal|Store|store|Analytics|Protection|Network|Program|"
              r"Service|service|Support|support|[Rr]eviews?|[Ff]eedback|[Dd]ata|[Ee]xperience))")


_SELLER_HEADS = re.compile(r"\b(?:Client|Customer|Merchant|Brand|Principal|Seller|Store|Shop|Licensee|Advertiser|Retailer|Participant|Student|"
                           r"Member|Subscriber|Buyer|Purchaser|Owner|Holder)s?\b")
_PROVIDER_HEADS = re.compile(r"\b(?:Agency|Provider|Vendor|Supplier|Consultant|Consultancy|Contractor|Operator|Manager|Coach|Studio|Partner|"
                             r"Licensor|Marketer|Academy|School|Institute|Trainer|Developer|Designer|Freelancer|Service|Services)\b")


def _side_en(word: str) -> str | None:
    if word in _SELLER_EN:
        return "Client"
    if word in _PROVIDER_EN:
        return "Agency"
    if " " in word:  # the "Brand Holder", the "Store Owner", the "Marketing Partner": told by its words, when they agree
        seller, provider = _SELLER_HEADS.search(word), _PROVIDER_HEADS.search(word)
        return "Client" if seller and not provider else "Agency" if provider and not seller else None
    return None


def party_names_en(norm: str) -> dict[str, str]:
    """An English contract that defines its parties by other names (("Customer"), (the "Consultant"), Acme Ltd ("Acme"),
    **Operator:**, "we"/"you") → a regex per name and the Client/Agency it stands for."""
    head = norm[:3000]
    out: dict[str, str | None] = {}
    for m in _DEFINED_EN.finditer(head):
        word = m.group(1) or m.group(2) or m.group(3) or m.group(4)
        side = _side_en(word)
        if m.group(3) and not side:
            continue  # "Date: …", "Re: …": a line label that is not a party
        if side or (m.group(1) and re.search(_COMPANY + r"[*,\s]*(?:,[^()\n]{0,90})?$", head[max(0, m.start() - 150):m.start()])):
            out.setdefault(word, side)
        if m.group(1) and not side:  # Brightwire Growth Studio, Inc. ("Brightwire", "we", "us"): the name is the "we"
            inside = head[m.start():head.find(")", m.start()) + 1]
            if re.search(r"[\"“](?:we|us)[\"”]", inside, re.I):
                out[word] = "Agency"
            elif re.search(r"[\"“]you[\"”]", inside, re.I):
                out[word] = "Client"
    _pair(out, "Client", "Agency")
    names = {rf"\b{w}\b{_NOT_PARTY}": v for w, v in sorted(out.items(), key=lambda kv: -len(kv[0]))
             if v and w not in ("Client", "Agency")}
    # "the client" / "the agency" in lower case are the parties too (not "the customer": a buyer, in e-commerce)
    names.update({r"\b[Tt]he client\b": "the Client", r"\b[Tt]he agency\b": "the Agency", r"\b[Tt]he consultant\b": "the Agency",
                  r"\b[Tt]he contractor\b": "the Agency"})
    if _WE_YOU.search(head) or _LETTER.search(norm[:400]):  # written as "we" (the agency) and "you" (the client)
        names.update({r"\b[Yy]ours\b": "Client's", r"\b[Yy]our\b": "Client's", r"\b[Yy]ou\b": "Client", r"\b[Oo]ur\b": "Agency's", r"\b[Ww]e\b": "Agency",
                      r"\b[Uu]s\b": "Agency"})
    elif _I_YOU.search(head):  # a freelancer writing as "I" to "you"
        names.update({r"\b[Yy]ours\b": "Client's", r"\b[Yy]our\b": "Client's", r"\b[Yy]ou\b": "Client", r"\b[Mm]y\b": "Agency's", r"\bI\b": "Agency",
                      r"\b(?<=[a-z] )me\b": "Agency"})
    return names


def swapped(text: str) -> str:
    """甲方 ↔ 乙方, for a contract whose 甲方 is the provider: the patterns read 甲方 as the seller."""
    return text.replace("甲方", "\0").replace("乙方", "甲方").replace("\0", "乙方")


def as_parties(text: str, names: dict[str, str]) -> str:
    for word, party in names.items():
        # a Chinese name inside a compound is not the party: 顾问费, 代理商后台
        text = re.sub(word if word.startswith("\\b") else re.escape(word) + r"(?!费|服务费|后台)", party, text)
    return text
