"""Blanks in rule texts filled from the deal: ``{name|fallback}``.

A rule's ``why``, ``ask``, ``evidence`` and ``fix`` may hold placeholders (docs/rule-format.md):

    The Provider guarantees {claim_text|[claim as stated in the pitch]}, measured as set out in Annex 1.

When the finding's subject or the deal knows the value, the report shows it ("The Provider
guarantees +200% sales in 3 months, …"); when it does not, the fallback after ``|`` is shown, as
written (the blank a reader fills in by hand). Every placeholder carries its fallback, so a text
always reads whole. The names are the keys of :data:`NAMES` (a test checks the bundled rules use
no other; an unknown name simply shows its fallback).

Figures are formatted as the report formats them (the string table's money, percent and date
patterns). The worked-example values (``gmv``, ``commission_pct``, ``commission``) are given
together or not at all, so that a worked example never mixes the deal's figures with the
example's.
"""
from __future__ import annotations

import re
from typing import Callable

PLACEHOLDER = re.compile(r"\{([a-z_]+)\|([^{}]*)\}")

# name → what it is (docs/rule-format.md lists these)
NAMES = {
    "provider": "the provider's name",
    "seller": "the seller's name",
    "claim_text": "the text of the claim the finding is about (subject claims[i])",
    "kpi_name": "the name of the KPI the finding is about (its id when it has no name; subject kpis[id])",
    "kpi_target": "that KPI's target, as a number",
    "gmv": "the store's monthly GMV (seller.monthly_gmv), as money",
    "commission_pct": "the commission rate (fees.commission_pct), as a percentage",
    "commission": "gmv × commission_pct, the commission of one month, as money",
    "base_monthly": "the monthly base fee (fees.base_monthly), as money",
    "start_date": "the contract's start date",
    "term_end": "the day the initial term ends (the renewal day)",
    "cancel_by": "the last day to give notice against an automatic renewal",
    # zh-b: fees, the provider's registration, case studies (rules credibility/fees/governance/security/compliance)
    "commission_rate": "the commission rate (fees.commission_pct) on its own, as a percentage (for clauses; "
                       "the worked example uses commission_pct)",
    "ad_fee_pct": "the fee as a share of ad spend: fees.ad_spend_pct, or fees.commission_pct when the commission "
                  "is charged on ad spend, as a percentage",
    "fixed_monthly": "the fixed fee of a month, base fee plus bundled software (derived.monthly_fixed_fee), as money",
    "fee_pct_of_gmv": "that fixed monthly fee as a share of the store's monthly GMV, as a percentage",
    "setup_fee": "the one-off setup or package fee (fees.setup_fee), as money",
    "prepaid_months": "the months of fees paid in advance (fees.prepaid_months), with the unit ('3 months')",
    "upfront": "what is paid before any result: setup fee plus prepaid months of base fee (derived.upfront_payment)",
    "registry_status": "the provider's status in the company registry, in words (revoked, deregistered, dissolved)",
    "company_age": "how long the provider's company has existed (provider.registration.years_operating), "
                   "with the unit ('6 months', '3 years')",
    "lawsuits": "the number of lawsuits with the provider as defendant (provider.registration.lawsuits_as_defendant)",
    "case_client": "the client of the case study the finding is about (subject track_record.case_studies[i])",
    "case_attainment": "that case study's KPI attainment, as a percentage",
}


def names_in(text: str) -> list[str]:
    return [m.group(1) for m in PLACEHOLDER.finditer(text or "")]


def has_placeholders(text: str | None) -> bool:
    return bool(text) and "{" in text and PLACEHOLDER.search(text) is not None


def fill(text: str, values: dict[str, str]) -> str:
    """The text with each placeholder replaced by its value, or by its fallback when unknown."""
    if not text or "{" not in text:
        return text
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or m.group(2), text)


def blank(text: str) -> str:
    """The text as a reader with no deal sees it: every placeholder by its fallback."""
    return fill(text, {})


def deal_values(deal, subject: str, lang: str) -> dict[str, str]:
    """The placeholder values the deal knows, for a finding on ``subject``, in ``lang``'s formats."""
    from . import terms
    from .report import Texts

    t = Texts(lang, html=False)
    out: dict[str, str] = {}
    currency = deal.currency

    def money(x) -> str:
        if currency:
            return t.money(x, currency)
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"

    def pct(x) -> str:
        return t.table["format"]["percent"].format(value=f"{x:g}")

    def put(name: str, value, fmt: Callable = str) -> None:
        if value is not None and value != "":
            out[name] = fmt(value)

    put("provider", deal.provider.name if deal.provider else None)
    put("seller", deal.seller.name if deal.seller else None)
    gmv = deal.seller.monthly_gmv if deal.seller else None
    rate = deal.fees.commission_pct if deal.fees else None
    if gmv is not None and rate is not None:
        put("gmv", gmv, money)
        put("commission_pct", rate, pct)
        put("commission", gmv * rate / 100, money)
    put("base_monthly", deal.fees.base_monthly if deal.fees else None, money)
    if deal.contract is not None:
        put("start_date", deal.contract.start_date, t.date)
    put("term_end", terms.term_end(deal), t.date)
    put("cancel_by", terms.cancel_by(deal), t.date)
    m = re.fullmatch(r"(claims|kpis)\[(.+)\]", subject or "")
    if m and m.group(1) == "claims" and m.group(2).isdigit():
        claims = deal.claims or []
        i = int(m.group(2))
        if i < len(claims):
            put("claim_text", claims[i].text)
    elif m and m.group(1) == "kpis":
        kpi = next((k for k in deal.kpis or [] if k.id == m.group(2)), None)
        if kpi is not None:
            put("kpi_name", kpi.name or kpi.id)
            put("kpi_target", kpi.target, lambda x: f"{x:,g}")
    # zh-b
    _fees_and_provider(deal, subject, lang, put, money, pct)
    return out


# zh-b: units of the counts the placeholders below carry, by language
_UNITS = {
    "en": {"months": "{n} months", "month": "1 month", "years": "{n} years", "year": "1 year",
           "under_a_month": "less than a month"},
    "zh": {"months": "{n} 个月", "month": "1 个月", "years": "{n} 年", "year": "1 年",
           "under_a_month": "不到一个月"},
}
_STATUS = {
    "en": {"active": "active", "revoked": "revoked", "deregistered": "deregistered", "dissolved": "dissolved"},
    "zh": {"active": "存续", "revoked": "吊销", "deregistered": "注销", "dissolved": "解散"},
}


def _count(n: float, unit: str, lang: str) -> str:
    """'3 months', '1 个月', '1.5 months': a count with its unit (singular for exactly 1)."""
    units = _UNITS[lang]
    return units[unit[:-1]] if n == 1 else units[unit].format(n=f"{n:,g}")


def _fees_and_provider(deal, subject: str, lang: str, put: Callable, money: Callable, pct: Callable) -> None:
    """zh-b's values: fee figures, the provider's registration, the case study the finding is about."""
    from .derived import BY_PATH, NO_SALES

    def derived(name):
        return BY_PATH[f"derived.{name}"].compute(deal, None, None)  # these never read as_of or the rates

    def pct1(x) -> str:  # a ratio: one decimal at most
        return pct(float(f"{x:.1f}"))

    fees = deal.fees
    if fees is not None:
        put("commission_rate", fees.commission_pct, pct)
        on_spend = fees.commission_basis == "ad_spend" and fees.model != "ad_spend_pct"
        put("ad_fee_pct", fees.commission_pct if on_spend else fees.ad_spend_pct, pct)
        put("setup_fee", fees.setup_fee, money)
        put("prepaid_months", fees.prepaid_months, lambda n: _count(n, "months", lang))
        put("fixed_monthly", derived("monthly_fixed_fee"), money)
        put("upfront", derived("upfront_payment"), money)
        share = derived("monthly_fee_pct_of_gmv")
        if share is not None and share != NO_SALES:  # no sales: a share of nothing is not a figure
            put("fee_pct_of_gmv", share, pct1)
    reg = deal.provider.registration if deal.provider else None
    if reg is not None:
        put("registry_status", _STATUS[lang].get(reg.status or ""))
        put("lawsuits", reg.lawsuits_as_defendant, lambda n: f"{n:,}")
        if reg.years_operating is not None:
            years = reg.years_operating
            age = (_count(round(years * 12), "months", lang) if round(years * 12) else _UNITS[lang]["under_a_month"]
                   ) if years < 1 else _count(float(f"{years:.1f}"), "years", lang)
            put("company_age", age)
    m = re.fullmatch(r"track_record\.case_studies\[(\d+)\]", subject or "")
    cases = deal.track_record.case_studies if m and deal.track_record else None
    if cases and int(m.group(1)) < len(cases):
        case = cases[int(m.group(1))]
        put("case_client", case.client)
        put("case_attainment", case.kpi_attainment_pct, pct)
