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
    return out
