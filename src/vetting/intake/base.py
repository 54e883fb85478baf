"""What every pattern module shares: a hit, the parties, numbers, money and negation.

Patterns read the normalised sentence (normalize.py: 30日, 5%, 12000元, ASCII punctuation).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field


@dataclass
class Hit:
    field: str
    value: object
    confidence: float


@dataclass
class Context:
    """What a pattern may look at beyond its sentence."""

    lang: str  # the sentence's language: zh | en
    article: str  # the article's heading and sentences (normalised)
    heading: str
    seller_is_a: bool = True  # 甲方 / Party A is the seller (the usual way round)
    extra: dict = field(default_factory=dict)


def lang_of(text: str) -> str:
    cjk = sum(1 for c in text if "\u3400" <= c <= "\u9fff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return "zh" if cjk * 3 >= latin or cjk >= 12 else "en"


# ---------------------------------------------------------------- parties

_SELLER_EN = r"(?:Client|Customer|Seller|Merchant|Brand Owner|Party A|Licensee|Buyer)"
_PROVIDER_EN = r"(?:Agency|Provider|Vendor|Supplier|Service Provider|Consultant|Studio|Contractor|Party B|Company|Licensor)"


def party_zh(word: str, ctx: Context) -> str | None:
    """甲方/乙方 (and 委托方/服务方 …) → seller/provider."""
    if word in ("甲方", "委托方", "客户", "用户", "学员", "买方"):
        return "seller" if ctx.seller_is_a or word != "甲方" else "provider"
    if word in ("乙方", "服务方", "服务商", "代运营方", "受托方", "培训方", "工作室", "供应商"):
        return "provider" if ctx.seller_is_a or word != "乙方" else "seller"
    if word in ("双方", "甲乙双方"):
        return "shared"
    return None


PARTY_ZH = r"(甲方|乙方|委托方|服务方|服务商|受托方|培训方|双方|甲乙双方|客户|用户|学员)"
PARTY_EN = rf"({_SELLER_EN}|{_PROVIDER_EN})"


def party_en(word: str) -> str | None:
    if re.fullmatch(_SELLER_EN, word):
        return "seller"
    if re.fullmatch(_PROVIDER_EN, word):
        return "provider"
    return None


# ---------------------------------------------------------------- numbers and money

NUM = r"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)"
PCT = r"([0-9]+(?:\.[0-9]+)?)\s*%"


def num(s: str) -> float:
    v = float(s.replace(",", ""))
    return int(v) if v.is_integer() else v


_CUR_BEFORE = [
    (r"人民币|RMB|CNY|¥|元", "CNY"), (r"US\$|USD|US dollars|美元|美金", "USD"), (r"S\$|SGD|新加坡元|新元", "SGD"),
    (r"HK\$|HKD|港币|港元", "HKD"), (r"£|GBP|英镑", "GBP"), (r"€|EUR|欧元", "EUR"), (r"A\$|AUD|澳元|澳币", "AUD"),
    (r"C\$|CAD|加元|加币", "CAD"), (r"JPY|日元", "JPY"), (r"MYR|RM|马币|林吉特", "MYR"), (r"\$", "USD"),
]
_CUR = "|".join(p for p, _ in _CUR_BEFORE)
MONEY = re.compile(
    rf"(?P<c1>{_CUR})?\s*(?P<n>[0-9]+(?:,[0-9]{{3}})*(?:\.[0-9]+)?)\s*(?P<k>[kK]\b)?\s*(?P<c2>元|美元|港元|新元|英镑|欧元|澳元|加元|日元|"
    r"USD|GBP|SGD|EUR|HKD|CNY|RMB|AUD|CAD|JPY|MYR|US dollars|dollars)?")


def currency_code(word: str) -> str | None:
    for pattern, code in _CUR_BEFORE:
        if re.fullmatch(pattern, word):
            return code
    return None


def moneys(text: str) -> list[tuple[float, str | None, int, int]]:
    """(amount, currency, start, end) of every amount written with a currency."""
    out = []
    for m in MONEY.finditer(text):
        cur = m.group("c1") or m.group("c2")
        if not cur:
            continue
        amount = num(m.group("n")) * (1000 if m.group("k") else 1)
        code = currency_code(cur.strip())
        if m.group("c1") and m.group("c2"):  # "人民币15000元": the word before decides
            code = currency_code(m.group("c1").strip()) or code
        out.append((amount, code, m.start(), m.end()))
    return out


def days(n: float, unit: str) -> int | None:
    unit = unit.lower()
    if unit.startswith(("个月", "月", "month")):
        return int(n * 30)
    if unit.startswith(("周", "week", "个星期")):
        return int(n * 7)
    if unit.startswith(("日", "天", "day", "个工作日", "工作日", "business", "calendar", "working", "个自然日", "自然日")):
        return int(n)
    return None


def months(n: float, unit: str) -> int | None:
    unit = unit.lower()
    if unit.startswith(("个月", "月", "month")):
        return int(n)
    if unit.startswith(("年", "year")):
        return int(n * 12)
    if unit.startswith(("天", "日", "day")) and n % 30 == 0:
        return int(n // 30)
    if unit.startswith(("个季度", "季度", "quarter")):
        return int(n * 3)
    return None


_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"])}
DATE_ZH = r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日"
DATE_EN = (r"(?:(January|February|March|April|May|June|July|August|September|October|November|December)\s+([0-9]{1,2}),?\s+"
           r"([0-9]{4})|([0-9]{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November"
           r"|December),?\s+([0-9]{4})|([0-9]{4})-([0-9]{2})-([0-9]{2}))")


def date_of(m: re.Match) -> str | None:
    g = [x for x in m.groups()]
    try:
        if len(g) == 3:
            d = dt.date(int(g[0]), int(g[1]), int(g[2]))
        elif g[0]:
            d = dt.date(int(g[2]), _MONTHS[g[0].lower()], int(g[1]))
        elif g[3]:
            d = dt.date(int(g[5]), _MONTHS[g[4].lower()], int(g[3]))
        else:
            d = dt.date(int(g[6]), int(g[7]), int(g[8]))
    except ValueError:
        return None
    return d.isoformat()


# ---------------------------------------------------------------- negation and conditions

NEG_ZH = r"(?:不|不会|不得|不予|不再|无|未|并不|非|禁止|不可)"
NEG_EN = r"(?:not|never|no|n't|neither|nor|without)"


def negated_zh(text: str, at: int, window: int = 4) -> bool:
    """A negation word right before position ``at`` (不自动续约, 不得单方解除)."""
    return re.search(NEG_ZH + r"[^,;,。]{0,%d}$" % max(window - 1, 0), text[max(0, at - window - 1):at]) is not None


def negated_en(text: str, at: int, window: int = 4) -> bool:
    """A negation among the few words before position ``at`` ("shall not automatically renew")."""
    before = re.split(r"[,;:.]", text[:at])[-1].split()[-window:]
    return any(re.fullmatch(r"not|never|no|cannot|won't|doesn't|don't|shan't|isn't|won’t|can't", w.lower())
               for w in before)


# ---------------------------------------------------------------- the seller's names in English patterns

# what a seller may be called where the contract's own definition was not read as "Client" (parties.py)
SELLER_WORDS_EN = r"(?:Client|Customer|Seller|Party A|Merchant|Brand Owner|Principal|Licensee|Advertiser|Retailer|Store Owner|Participant)"


# ---------------------------------------------------------------- defined terms

# a definitions clause ("Net Sales" means …, "Uplift" means …; “净销售额”是指…): what a term used later stands for
_DEF_EN = re.compile(r"^\s*(?:[0-9.()a-z]+\s*)?[\"“]([A-Z][\w&'’ -]{1,40}?)[\"”]\s+(?:means|shall mean|refers to|is defined as|has the meaning)\s+(.+)$")
_DEF_ZH = re.compile(r"[\"“]([\u4e00-\u9fffA-Za-z]{2,12})[\"”]\s*(?:一词)?(?:是)?(?:指|系指)\s*(.+)$")


def note_definition(s: str, ctx: Context) -> list[Hit]:
    """Keeps a definition for the sentences after it (a pattern that proposes nothing itself)."""
    m = (_DEF_ZH if ctx.lang == "zh" else _DEF_EN).search(s)
    if m:
        ctx.extra.setdefault("definitions", {})[m.group(1)] = m.group(2)
    return []


def defined_in(s: str, ctx: Context) -> str:
    """The definitions of the defined terms a sentence uses (not of the term a definition itself defines)."""
    own = (_DEF_ZH if ctx.lang == "zh" else _DEF_EN).search(s)
    return " ".join(body for term, body in ctx.extra.get("definitions", {}).items()
                    if not (own and own.group(1) == term)
                    and re.search((r"\b" if term[0].isascii() else "") + re.escape(term) + (r"\b" if term[-1].isascii() else ""), s))
