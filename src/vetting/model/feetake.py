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


def _upfront(f) -> tuple[float, float] | None:
    """(money paid up front and kept, the part of it that is prepaid fixed fee), or None while a part is unknown."""
    if f.setup_fee is None or f.prepaid_months is None or f.deposit is None:
        return None
    fixed_prepaid = 0.0
    if f.prepaid_months > 0:
        if f.refundable_on_exit is None:
            return None
        if f.refundable_on_exit is False:
            if f.base_monthly is None:
                return None
            fixed_prepaid = f.prepaid_months * (f.base_monthly + (f.bundled_saas_monthly or 0))
    deposit = 0.0
    if f.deposit > 0:
        if f.deposit_refundable is None:
            return None
        deposit = f.deposit if f.deposit_refundable is False else 0.0
    if f.model == "per_project" and f.project_price is None:
        return None
    return f.setup_fee + (f.project_price or 0) + deposit, fixed_prepaid


def _exit_fee(t, monthly_take: float, all_remaining_months: float | None) -> float | None:
    """The fee for leaving: the early-termination fee, or the months of fees a formula names if more."""
    exit_fee = t.early_termination_fee
    if t.exit_fee_formula in ("remaining_months", "all_remaining_fees"):
        if t.exit_fee_formula == "all_remaining_fees" or t.exit_fee_months is None:
            if all_remaining_months is None:
                return None
            fee_months = max(all_remaining_months, t.exit_fee_months or 0)
        else:
            fee_months = t.exit_fee_months
        exit_fee = max(exit_fee, fee_months * monthly_take)
    return exit_fee


def at_stake(deal: Deal, monthly_take: float | None, all_remaining_months: float | None,
             lockin_months: float | None) -> float | None:
    """What the seller pays before it can leave (derived.at_stake_pct's amount): the money paid up front and not
    refundable, the monthly fees (``monthly_take``) for the months it stays bound, and the exit fee. An upper
    bound: every part that could raise it must be known, else it is unknown (an unknown never eases a risk).

    - up front: the setup fee, a one-off project's price, a deposit that does not come back, prepaid months of
      the fixed fee that are not refunded on exit;
    - bound months: with an exit at any time (``for_convenience``) the notice, at least one month (a free exit on
      30 days is one month, as derived.free_exit says: the term, the minimum commitment and a renewal then bind no
      longer); without it, or while that is unknown, the lock-in (term or minimum commitment) and the notice;
    - exit fee: the early-termination fee; with a fee of remaining months, those months of fees (at most all
      remaining months, which count while their number is not stated). Bound without an exit at any time, the
      seller either serves the lock-in or leaves on notice paying the exit fee: the larger of the two counts, never
      both (a fee of all remaining months is the lock-in's fees once, not twice);
    - a stop-loss with a no-fault exit (``contract.stop_loss``: present, no-fault, a threshold of 70 % of target or
      more, its periods and their length known) frees the seller after that many periods below target (and the stop-loss's own notice) without an
      exit fee: when that is shorter it caps the months bound, for the fees a provider that does not deliver can
      take are those months' (``stop_loss_months``)."""
    f, t = deal.fees, getattr(deal.contract, "termination", None) if deal.contract is not None else None
    if f is None or t is None or monthly_take is None:
        return None
    money = _upfront(f)
    if money is None or t.notice_days is None or t.early_termination_fee is None:
        return None
    upfront, fixed_prepaid = money
    notice = max(1.0, t.notice_days / 30)
    exit_fee = _exit_fee(t, monthly_take, all_remaining_months)
    if exit_fee is None:
        return None
    # prepaid months not refunded are paid whether or not the seller stays: they count instead of the months of
    # fixed fee they cover, never less
    fixed = (f.base_monthly or 0) + (f.bundled_saas_monthly or 0)

    def paid(months: float, fee: float = 0.0) -> float:
        return monthly_take * months + max(0.0, fixed_prepaid - fixed * months) + fee

    cost = paid(notice, exit_fee)  # leaving on notice and paying the exit fee
    if t.for_convenience is not True:
        if lockin_months is None:
            return None
        cost = max(cost, paid(max(notice, lockin_months)))  # or serving the lock-in, whichever costs more
    sl_months = stop_loss_months(deal)
    if sl_months is not None:
        cost = min(cost, paid(sl_months))
    return upfront + cost


# the least threshold (% of target) at which a stop-loss frees the seller of a provider that does not deliver (the
# guide's 80 %; EXIT-002 weighs one under 70 %)
STOP_LOSS_MIN_THRESHOLD = 70
_PERIOD_MONTHS = {"week": 7 / 30, "month": 1.0, "quarter": 3.0}


# the stop-loss facts stop_loss_months reads (derived.at_stake_pct reads them too)
STOP_LOSS_READS = tuple(f"contract.stop_loss.{k}" for k in ("present", "no_fault_exit", "threshold_pct",
                                                             "consecutive_periods", "period", "notice_days"))


def stop_loss_months(deal: Deal) -> float | None:
    """The months after which a stop-loss's no-fault exit frees the seller of a provider that misses its target:
    the periods below target times their length, plus the exit's own notice (omitted: with immediate effect), at
    least one month; unknown unless the stop-loss is known to be there with a no-fault exit, a threshold of at least
    70 % of target and its periods."""
    sl = getattr(deal.contract, "stop_loss", None) if deal.contract is not None else None
    if sl is None or sl.present is not True or sl.no_fault_exit is not True:
        return None
    # a threshold far below target (EXIT-002: under 70 %) lets a provider that does not deliver stay: no cap
    if sl.threshold_pct is None or sl.threshold_pct < STOP_LOSS_MIN_THRESHOLD:
        return None
    if sl.consecutive_periods is None or sl.period is None:
        return None
    return max(1.0, sl.consecutive_periods * _PERIOD_MONTHS[sl.period] + (sl.notice_days or 0) / 30)
