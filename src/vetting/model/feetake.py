"""The fee take's ad-spend part: what a fee charged as a share of ad spend costs a month (derived.py).

A management fee that is a share of ad spend (fee model ``ad_spend_pct``, or a commission whose basis is
``ad_spend``) costs its rate times the monthly ad budget (``fees.ad_budget_monthly``), and at least the
monthly minimum (``fees.minimum_monthly_fee``). While the budget is unknown the fee is unknown, and the
least it can be is the minimum: the fee take is then a lower bound (its ``_floor`` twin), and says so.
"""
from __future__ import annotations

from .models import Deal


def on_ad_spend(deal: Deal) -> bool | None:
    """The fee is (partly) a share of ad spend: true, false, or unknown while the fee model is."""
    f = deal.fees
    if f is None:
        return None
    if f.model == "ad_spend_pct" or f.commission_basis == "ad_spend" or (f.ad_spend_pct or 0) > 0:
        return True
    if f.model is not None or f.ad_spend_pct == 0:
        return False
    return None


def ad_spend_rate(deal: Deal) -> float | None:
    """The rate charged on ad spend: fees.ad_spend_pct, or fees.commission_pct on an ad-spend basis."""
    f = deal.fees
    if f is None:
        return None
    if f.commission_basis == "ad_spend" and f.model != "ad_spend_pct":
        return f.commission_pct
    return f.ad_spend_pct


def ad_spend_fee(deal: Deal) -> float | None:
    """The monthly fee on ad spend at the stated budget (at least the minimum); 0 when no fee is a share of
    ad spend; unknown while the rate or the budget is."""
    on = on_ad_spend(deal)
    if on is not True:
        return 0 if on is False else None
    rate, budget = ad_spend_rate(deal), deal.fees.ad_budget_monthly
    if rate is None or budget is None:
        return None
    return max(rate * budget / 100, deal.fees.minimum_monthly_fee or 0)


def ad_spend_fee_floor(deal: Deal) -> float:
    """The least the monthly fee on ad spend can be: the fee when known, else the monthly minimum (or 0)."""
    fee = ad_spend_fee(deal)
    if fee is not None:
        return fee
    return (deal.fees.minimum_monthly_fee or 0) if deal.fees is not None else 0
