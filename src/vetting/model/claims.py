"""What a claim in the pitch means: its kind, and whether it promises a result.

A claim's own fields decide: ``kind`` when the seller gives it, ``guaranteed`` and ``in_contract``.
The text only suggests a kind when none is given, and it counts as a promise only where a promise
word stands un-negated in one clause: "We do not guarantee sales results" promises nothing,
「我们不保证销量，但保证上首页」 still promises page one. The vocabulary is what 代运营 and
"done-for-you" sales pitches use (research/domain.md §5; FTC business-opportunity cases).

Kinds:
- ``result_promise``: a sales, ranking, order or growth result;
- ``earnings_claim``: income or profit the buyer will earn (passive income, monthly margins);
- ``service_level``: how the provider will work (uptime, response or shipping times);
- ``credential``: who the provider is (official partner, certification);
- ``description``: anything else.
"""
from __future__ import annotations

import re

KINDS = ("result_promise", "earnings_claim", "service_level", "credential", "description")
RESULT_KINDS = ("result_promise", "earnings_claim")

# Promises that read like a negation but are not: "no sale, no fee".
_POSITIVE_NEGATIONS = re.compile(r"不出单不收费|不出单不要钱|无效退款|不达标(全额)?退款|no sales?,? no fee|money[- ]back", re.I)
_PROMISE_ZH = re.compile(
    r"承诺|保证|担保|保你|包你|确保|保底|稳赚|包赚|躺赚|零风险|无风险|"
    r"包(?:上|回本|出单|排名|首页|销量|爆|月销|过|成功|赚|盈利|利润|收益)")
_PROMISE_EN = re.compile(
    r"\b(?:guarantee[sd]?|guaranteeing|promise[sd]?|promising|assured?|ensure[sd]?|"
    r"risk[- ]free|no[- ]risk|zero[- ]risk|will (?:double|triple|reach|hit|deliver|make))\b", re.I)
_NEGATION_ZH = re.compile(
    r"(?<![不但仅只光])(?:不|无法|不能|没法|并不|不会|绝不|从不|从未|未)(?:敢|再)?$|"
    r"(?:不|无法|不能|没法|并不|不会|绝不|从不)(?:作|做|对|就)[^，。；！？]{0,8}$|没有(?:任何)?[^，。；！？]{0,4}$")
_NEGATION_EN = re.compile(
    r"\b(?:not|never|no|cannot|can't|don't|doesn't|won't|without|neither|nor)\b(?:\s+\w+){0,2}\s*$", re.I)
_CLAUSES = re.compile(r"[，,。.;；!！?？:：、\n]|但|但是|不过|而是|\bbut\b|\bhowever\b|\bwhile\b", re.I)

_EARNINGS = re.compile(
    r"被动收入|躺赚|月入|年入|日入|[日周月年]赚|回本|稳赚|包赚|收益率|利润率|月利润|净赚|"
    r"passive income|\bincome\b|\bearn(?:ings|s)?\b|make \$|\bprofits?\b|\bmargins?\b|\broi of\b|"
    r"[$€£¥]\s?\d[\d,.]*\s*(?:k\b)?\s*(?:a|per|/)\s*(?:month|mo|week|day|year)\b", re.I)
_RESULT = re.compile(
    r"销量|销售|销售额|gmv|月销|出单|订单|排名|首页|类目前|前\d+名|前[一二三四五六七八九十百]+|bsr|翻倍|增长|业绩|爆款|转化|roi|roas|acos|"
    r"\btop \d+\b|"
    r"\bsales\b|\brevenue\b|\borders\b|\brank(?:ings?|s)?\b|page (?:one|1)|first page|\bdouble\b|\btriple\b|"
    r"\bgrowth\b|\bgrow\b|best ?seller", re.I)
_SERVICE_LEVEL = re.compile(
    r"\bsla\b|uptime|availability|service credits?|response time|respond within|reply within|"
    r"same[- ]day|next[- ]day|within \d+ ?(?:h|hours?|days?|minutes?)\b|\d+ ?(?:h|hours?) (?:support|response)|"
    r"在线率|可用性|响应|回复|小时内|当天发货|当日发货|次日|时效|客服在线", re.I)
_CREDENTIAL = re.compile(
    r"official|certified|certification|accredited|verified|partner|\bspn\b|\btsp\b|appstore|spp-approved|"
    r"官方|认证|授权服务商|服务商资质|合作伙伴|资质|持证", re.I)


def _negated(before: str) -> bool:
    return bool(_NEGATION_ZH.search(before.rstrip()) or _NEGATION_EN.search(before))


def _clause_promises(clause: str) -> bool:
    if _POSITIVE_NEGATIONS.search(clause):
        return True
    for pattern in (_PROMISE_ZH, _PROMISE_EN):
        for m in pattern.finditer(clause):
            if not _negated(clause[:m.start()]):
                return True
    return False


def promises_in_text(text: str) -> bool:
    """An un-negated promise word in at least one clause of the text."""
    return any(_clause_promises(c) for c in _CLAUSES.split(text or "") if c.strip())


def disclaims(text: str) -> bool:
    """The text holds a promise word, every one of them negated ("we do not guarantee sales")."""
    text = text or ""
    return bool(_PROMISE_ZH.search(text) or _PROMISE_EN.search(text)) and not promises_in_text(text)


# the provider's own pay ("we only earn when you sell", 我们只在出单后赚钱) is how it is paid, not an income the buyer
# is told it will earn. Only the provider as the subject right before the word ("we only earn", "our margin",
# 我们的利润率): "join us and earn", "we help you earn", 和我们一起月入过万 still promise the buyer an income
_PROVIDER_SUBJECT = re.compile(
    r"(?:\b(?:we|i)\b(?:\s+(?:only|just|also|then|will|would|can|do|don't|do not))*|\bour|"
    r"\bthe (?:agency|provider)(?:'s)?)\s*$|(?:我们|我方|我司|乙方|本公司)(?:的|只|仅|才)?$", re.I)


def _earnings(text: str) -> bool:
    """An earnings word that speaks of the buyer's income, not of the provider's own pay."""
    return any(not _PROVIDER_SUBJECT.search(text[:m.start()]) for m in _EARNINGS.finditer(text))


def inferred_kind(text: str) -> str:
    """The kind the text suggests (a claim's own ``kind`` overrides it)."""
    text = text or ""
    if _earnings(text):
        return "earnings_claim"
    promise = promises_in_text(text)
    if promise and _RESULT.search(text):
        return "result_promise"
    if _SERVICE_LEVEL.search(text):
        return "service_level"
    if _CREDENTIAL.search(text):
        return "credential"
    if promise or _RESULT.search(text):
        return "result_promise"
    return "description"


def claim_kind(claim: dict) -> str:
    return claim.get("kind") or inferred_kind(claim.get("text", ""))


def promise(claim: dict) -> bool | None:
    """Does the claim promise a result or income? True, False, or None (unknown).

    Only result promises and earnings claims can; a service level, a credential or a description
    never does, whatever ``guaranteed`` says (an SLA "guaranteed" in the terms is how the provider
    works, not a result). For the other two, ``guaranteed: true`` or an un-negated promise in the
    text is a promise; ``guaranteed: false``, or a text whose every promise word is negated, is not;
    otherwise unknown.
    """
    if claim_kind(claim) not in RESULT_KINDS:
        return False
    if claim.get("guaranteed") is True or promises_in_text(claim.get("text", "")):
        return True
    if claim.get("guaranteed") is False or disclaims(claim.get("text", "")):
        return False
    return None
