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

from ..rules.blanks import PLACEHOLDER, blank, fill, has_placeholders, names_in  # noqa: F401 (their grammar)
from ..model import terms
from .tables import Texts, lang_table
from ..rules.facts import implied_growth
from ..model.aliases import label
from ..model.derived import BY_PATH, NO_SALES

# name → what it is (docs/rule-format.md lists these)
NAMES = {
    "provider": "the provider's name",
    "seller": "the seller's name",
    "claim_text": "the text of the claim the finding is about (subject claims[i])",
    "exclusivity": "the exclusivity or non-solicit clause as the deal states it (contract.non_solicit_or_exclusivity)",
    "kpi_name": "the name of the KPI the finding is about (its id when it has no name; subject kpis[id])",
    "kpi_target": "that KPI's target, as a number",
    "gmv": "the store's monthly GMV (seller.monthly_gmv), as money",
    "commission_pct": "the commission rate (fees.commission_pct), as a percentage",
    "commission": "gmv × commission_pct, the commission of one month, as money",
    "base_monthly": "the monthly base fee (fees.base_monthly), as money",
    "start_date": "the contract's start date",
    "term_end": "the day the initial term ends (the renewal day)",
    "cancel_by": "the last day to give notice against an automatic renewal",
    # KPI, exit and renewal rules
    "kpi_baseline": "that KPI's baseline, as a number (as money for a sales KPI: gmv, net_sales)",
    "kpi_baseline_period": "the period that KPI's baseline was measured on, as the deal writes it",
    "kpi_growth": "the growth over the baseline that KPI's target asks for, as a percentage (rounded)",
    "kpi_period": "that KPI's review period in words (calendar month, quarter ...)",
    "kpi_data_source": "that KPI's data source in words, when it is a platform or system (not the provider's own report)",
    "milestone_month": "the month of the milestone the finding is about (subject contract.milestones[i])",
    "inventory_cover_days": "days of stock on hand and inbound (seller.inventory_cover_days)",
    "commission_rate": "the commission rate (fees.commission_pct), as a percentage, for a clause (alone, unlike commission_pct)",
    "stop_loss_threshold": "the stop-loss threshold (contract.stop_loss.threshold_pct), as a percentage",
    "stop_loss_streak": "how many periods below the threshold trigger the stop-loss, in words (3 consecutive months)",
    "prepaid_months": "the months of fees paid in advance (fees.prepaid_months), in words (2 months)",
    "exit_fee": "the early-termination fee (contract.termination.early_termination_fee), as money",
    "access_removal_days": "days the provider keeps access after the end (contract.termination.access_removal_days), in words (10 days)",
    "lockin_months": "the longest known part of the lock-in (contract.term_months, fees.minimum_commitment_months), in words (12 months)",
    "cancel_notice_days": "the notice against an automatic renewal (contract.auto_renewal.cancel_notice_days), in words (45 days)",
    "renewal_term_months": "the months of each automatic renewal (contract.auto_renewal.renewal_term_months)",
    # fees, the provider's registration, case studies
    "ad_fee_pct": "the fee as a share of ad spend: fees.ad_spend_pct, or fees.commission_pct when the commission "
                  "is charged on ad spend, as a percentage",
    "fixed_monthly": "the fixed fee of a month, base fee plus bundled software (derived.monthly_fixed_fee), as money",
    "fee_pct_of_gmv": "that fixed monthly fee as a share of the store's monthly GMV, as a percentage",
    "fee_take_pct": "every monthly fee at today's sales (fixed fee, commission on total GMV, the fee on the ad budget) "
                    "as a share of the monthly GMV (derived.fee_take_pct; else its floor, said as 'at least'), as a percentage",
    "at_stake_pct": "what the seller pays before it is free to leave (up front, the months it stays bound, the exit "
                    "fee) as a share of a month's sales (derived.at_stake_pct), as a percentage",
    "setup_fee": "the one-off setup or package fee (fees.setup_fee), as money",
    "upfront": "what is paid before any result: setup fee plus prepaid months of base fee (derived.upfront_payment)",
    "registry_status": "the provider's status in the company registry, in words (revoked, deregistered, dissolved)",
    "company_age": "how long the provider's company has existed (provider.registration.years_operating), "
                   "with the unit ('6 months', '3 years')",
    "lawsuits": "the number of lawsuits with the provider as defendant (provider.registration.lawsuits_as_defendant)",
    "case_client": "the client of the case study the finding is about (subject track_record.case_studies[i])",
    "case_attainment": "that case study's KPI attainment, as a percentage",
}


def deal_values(deal, subject: str, lang: str) -> dict[str, str]:
    """The placeholder values the deal knows, for a finding on ``subject``, in ``lang``'s formats."""

    t = Texts(lang, html=False)
    out: dict[str, str] = {}
    currency = deal.currency

    def money(x) -> str:
        if currency:
            return t.money(x, currency)
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"

    def pct(x) -> str:
        return t.percent(f"{x:g}")

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
        put("exclusivity", deal.contract.non_solicit_or_exclusivity)
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
    _kpi_exit_and_renewal(deal, subject, lang, put, money, pct, m)
    _fees_and_provider(deal, subject, lang, put, money, pct)
    return out


def _words(lang: str, kind: str) -> dict[str, str]:
    """Enum values and counts in words, as a clause names them (strings.<lang>.yaml, ``clause_words``)."""
    return lang_table("strings", lang)["clause_words"][kind]


def _count(n: float, unit: str, lang: str) -> str:
    """'3 months', '1个月', '1.5 years', '1,000 days': a count with its unit (singular for exactly 1)."""
    forms = _words(lang, "count")
    if n == 1:
        return forms[unit[:-1]]
    return forms[unit].format(n=f"{int(n):,}" if float(n).is_integer() else f"{n:,g}")


def _kpi_exit_and_renewal(deal, subject, lang, put, money, pct, m) -> None:
    """Values for the KPI, exit and renewal rules: the KPI the finding is about, the stop-loss, the exit
    terms, the lock-in and the renewal."""

    def words(kind):
        return _words(lang, kind).get

    def months(n: int) -> str:
        return _count(n, "months", lang)

    def days(n: int) -> str:
        return _count(n, "days", lang)

    def count(x) -> str:
        return f"{x:,}"

    if m and m.group(1) == "kpis":
        kpi = next((k for k in deal.kpis or [] if k.id == m.group(2)), None)
        if kpi is not None:
            sales = kpi.metric in ("gmv", "net_sales") and deal.currency  # a sales figure is money
            put("kpi_baseline", kpi.baseline, money if sales else (lambda x: f"{x:,g}"))
            put("kpi_baseline_period", kpi.baseline_period)
            growth = implied_growth(kpi.model_dump())
            put("kpi_growth", round(growth) if growth is not None else None, pct)
            put("kpi_period", words("period")(kpi.period) if kpi.period else None)
            put("kpi_data_source", words("source")(kpi.data_source) if kpi.data_source else None)
    ms = re.fullmatch(r"contract\.milestones\[(\d+)\]", subject or "")
    if ms and deal.contract is not None:
        stones = deal.contract.milestones or []
        i = int(ms.group(1))
        if i < len(stones):
            put("milestone_month", stones[i].month, count)
    seller, fees, c = deal.seller, deal.fees, deal.contract
    put("inventory_cover_days", seller.inventory_cover_days if seller else None, count)
    put("commission_rate", fees.commission_pct if fees else None, pct)
    put("prepaid_months", fees.prepaid_months if fees else None, months)
    if c is None:
        return
    sl, term, ar = c.stop_loss, c.termination, c.auto_renewal
    if sl is not None:
        put("stop_loss_threshold", sl.threshold_pct, pct)
        streak = words("streak")(sl.period)
        if sl.consecutive_periods is not None and streak is not None:
            n = sl.consecutive_periods
            put("stop_loss_streak", words("streak_one")(sl.period) if n == 1 else streak.format(n=n))
    if term is not None:
        put("exit_fee", term.early_termination_fee, money)
        put("access_removal_days", term.access_removal_days, days)
    lockin = [x for x in (c.term_months, fees.minimum_commitment_months if fees else None) if x is not None]
    put("lockin_months", max(lockin) if lockin else None, months)
    if ar is not None:
        put("cancel_notice_days", ar.cancel_notice_days, days)
        put("renewal_term_months", ar.renewal_term_months, count)



def _fees_and_provider(deal, subject: str, lang: str, put: Callable, money: Callable, pct: Callable) -> None:
    """Values for the fee and credibility rules: fee figures, the provider's registration, the case study
    the finding is about."""

    def derived(name):
        return BY_PATH[f"derived.{name}"].compute(deal, None, None)  # these never read as_of or the rates

    def pct1(x) -> str:  # a ratio: one decimal at most
        return pct(float(f"{x:.1f}"))

    fees = deal.fees
    if fees is not None:
        on_spend = fees.commission_basis == "ad_spend" and fees.model != "ad_spend_pct"
        put("ad_fee_pct", fees.commission_pct if on_spend else fees.ad_spend_pct, pct)
        put("setup_fee", fees.setup_fee, money)
        put("fixed_monthly", derived("monthly_fixed_fee"), money)
        put("upfront", derived("upfront_payment"), money)
        share = derived("monthly_fee_pct_of_gmv")
        if share is not None and share != NO_SALES:  # no sales: a share of nothing is not a figure
            put("fee_pct_of_gmv", share, pct1)
        take, bound = derived("fee_take_pct"), ""
        if take is None:  # a lower bound: the ad budget or a part of the fee is unknown
            take, bound = derived("fee_take_pct_floor"), _words(lang, "count")["at_least"]
        if take is not None and take != NO_SALES:
            put("fee_take_pct", take, lambda x: bound + pct1(x))
        put("at_stake_pct", derived("at_stake_pct"), pct1)
    reg = deal.provider.registration if deal.provider else None
    if reg is not None:
        put("registry_status", label(reg.status, lang) if reg.status else None)
        put("lawsuits", reg.lawsuits_as_defendant, lambda n: f"{n:,}")
        if reg.years_operating is not None:
            years = reg.years_operating
            age = (_count(round(years * 12), "months", lang) if round(years * 12) else _words(lang, "count")["under_a_month"]
                   ) if years < 1 else _count(float(f"{years:.1f}"), "years", lang)
            put("company_age", age)
    m = re.fullmatch(r"track_record\.case_studies\[(\d+)\]", subject or "")
    cases = deal.track_record.case_studies if m and deal.track_record else None
    if cases and int(m.group(1)) < len(cases):
        case = cases[int(m.group(1))]
        put("case_client", case.client)
        put("case_attainment", case.kpi_attainment_pct, pct)
