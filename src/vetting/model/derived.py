"""Derived facts: figures and inferences vetting computes from the deal, in one registry.

Rules read them as ``derived.NAME`` like any deal field (fields.py lists them for
rule checking, facts.py computes them, an open question names their unknown
sources). docs/rule-format.md documents each; a test keeps that list in step.

Two principles:

- **Partly unknown is unknown.** A figure whose parts are partly unknown is
  unknown, unless a ``_floor`` twin gives what the known parts already decide
  (a 14-month term is over 12 months of lock-in whatever the minimum commitment).
- **Money in any currency.** Amounts are also given in US dollars through a dated
  reference rate table (rules/rates.yaml, or ``--rates FILE``), and as ratios to
  the store's sales, so that thresholds hold for MYR, JPY or IDR as for CNY. An
  omitted currency is unknown. A store with no sales that pays a fee has a ratio of
  NO_SALES (more than any threshold), not an unknown one.
"""
from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from typing import Callable

from .models import Deal, Engagement, ExitFeeFormula, FundsScope, ProviderKind, RenewalPrice
from .clausefacts import (_all_remaining_months, _exclusivity_binds, _exclusivity_restricts,  # noqa: F401
                          _exclusivity_penalty_pct, _exit_fee_formula, _free_exit, _get, _lawsuits_per_year,
                          _pitch_promises, _renewal_price_change, _store_and_brand_with_seller)
from .feetake import STOP_LOSS_READS, ad_spend_fee, ad_spend_fee_floor, at_stake
from .kinds import (_acts_in_accounts, _engagement, _funds_scope, _has_commission,  # noqa: F401
                    _month_fee_exposure, _provider_kind)
from .rates import Rates, RatesError, core_pack_dir, default_rates_file, load_rates  # noqa: F401  (importable here)
from .terms import cancel_by

# A fee against sales of 0: larger than any threshold a rule may set on a ratio.
NO_SALES = 1_000_000
# The derived figures that are ratios to the store's sales (NO_SALES when it has none): a report says
# "no sales yet" for them, never the number.
SALES_RATIOS = ("derived.monthly_fee_pct_of_gmv", "derived.upfront_months_of_gmv", "derived.fee_take_pct",
                "derived.fee_take_pct_floor")
# What the seller can lose before it is free to leave, as % of a month's sales, at or below which the risks that
# only matter while you are stuck with a poor provider (oversight, remedies, KPI quality, checks on the provider)
# are points to raise, not terms to hold the signature for (docs/rule-format.md, the derived table)
CHEAP_TO_LEAVE_PCT = 10


@dataclass(frozen=True)
class Derived:
    """One derived fact: its type for rule checking, the deal fields it comes from, how it is computed."""

    name: str  # without the "derived." prefix
    type: str  # number | enum | bool
    sources: tuple[str, ...]
    compute: Callable[[Deal, dt.date, Rates], object]
    values: tuple[str, ...] = ()
    doc: str = ""
    unit: str = ""  # how a report shows the figure: money (the deal's currency), usd, pct; "" a plain number
    reads: tuple[str, ...] = ()  # fields it also reads that an open question does not name (a mapped or structured twin)
    # (source, the source that once known decides without it): an unknown derived fact names only the sources
    # that can still change it (the engagement inferred from a given provider.kind no longer hangs on the scope)
    shadowed_by: tuple[tuple[str, str], ...] = ()


def _literal_values(annotation) -> tuple[str, ...]:
    """The values of a Literal, also when it is wrapped in Annotated (models read enums through aliases)."""
    while typing.get_origin(annotation) is not typing.Literal:
        annotation = typing.get_args(annotation)[0]
    return typing.get_args(annotation)


def _sum_known(*values):
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _days_to_cancel_by(deal, today, rates):
    cb = cancel_by(deal)
    return None if cb is None else (cb - today).days


def _monthly_fixed_fee(deal, as_of, rates):
    f = deal.fees
    return None if f is None else _sum_known(f.base_monthly, f.bundled_saas_monthly)


def _ratio(amount, gmv, scale):
    if amount is None or gmv is None:
        return None
    if gmv == 0:
        return NO_SALES if amount > 0 else 0
    return amount / gmv * scale


def _fee_pct_of_gmv(deal, as_of, rates):
    return _ratio(_monthly_fixed_fee(deal, as_of, rates), _get(deal, "seller.monthly_gmv"), 100)


def _upfront_payment(deal, as_of, rates):
    f = deal.fees
    if f is None:
        return None
    prepaid = f.prepaid_months * f.base_monthly if f.prepaid_months is not None and f.base_monthly is not None else None
    if prepaid is None and f.model == "per_project" and f.base_monthly is None:
        if f.setup_fee is None and f.project_price is None:
            return None
        prepaid = 0  # one-off work has no monthly fee to prepay
    # a one-off project's price counts in full: it is at risk until the work is accepted
    return _sum_known(f.setup_fee, f.project_price, prepaid)


def _upfront_months_of_gmv(deal, as_of, rates):
    return _ratio(_upfront_payment(deal, as_of, rates), _get(deal, "seller.monthly_gmv"), 1)


def _expected_monthly_commission(deal, as_of, rates):
    """The commission at current sales: monthly GMV × the rate; 0 when no commission is charged (whatever
    the GMV); unknown while the GMV or the rate is."""
    if _has_commission(deal, as_of, rates) is False:
        return 0
    gmv, pct = _get(deal, "seller.monthly_gmv"), _get(deal, "fees.commission_pct")
    return None if gmv is None or pct is None else gmv * pct / 100


def _fixed_part(deal, as_of, rates):
    """The monthly fixed fee (base fee and bundled software); 0 for a commission-only deal that states none."""
    fixed = _monthly_fixed_fee(deal, as_of, rates)
    return 0 if fixed is None and _get(deal, "fees.model") == "commission_only" else fixed


def _service_fixed(deal, as_of, rates):
    """The fixed fee for the service itself: the base fee (0 for a commission-only deal that states none).
    Bundled software is left out: it is a cost of its own (the fee take counts it), not what the provider
    loses when it is let go, so a dearer bundle never makes an exit fee look smaller (EXIT-007)."""
    base = _get(deal, "fees.base_monthly")
    return 0 if base is None and _get(deal, "fees.model") == "commission_only" else base


def _counted_commission(deal, as_of, rates):
    """The commission a month of fees holds: all of the expected commission on total GMV; 0 when no
    commission is charged or it is charged on ad spend (which EXIT-007 does not weigh); unknown on
    growth or profit (some part of today's sales, none certain) and while the basis or the figure is."""
    if _has_commission(deal, as_of, rates) is False:
        return 0
    basis = _get(deal, "fees.commission_basis")
    if basis == "ad_spend":
        return 0
    commission = _expected_monthly_commission(deal, as_of, rates)
    return commission if basis in ("total_gmv", "net_sales") or commission == 0 else None


def _monthly_fee(deal, as_of, rates):
    """A month of the service's fees: the base fee plus the commission at today's sales (not bundled software)."""
    fixed, counted = _service_fixed(deal, as_of, rates), _counted_commission(deal, as_of, rates)
    return None if fixed is None or counted is None else fixed + counted


def _monthly_fee_floor(deal, as_of, rates):
    """The least a month of the service's fees can be: the base fee, with the commission once it is known to count."""
    fixed, counted = _service_fixed(deal, as_of, rates), _counted_commission(deal, as_of, rates)
    return None if fixed is None else fixed + (counted or 0)


def _monthly_fee_ceiling(deal, as_of, rates):
    """The most a month of the service's fees can be: the base fee plus the commission on all of today's sales
    (a commission on growth or profit is a part of that at most)."""
    fixed, counted = _service_fixed(deal, as_of, rates), _counted_commission(deal, as_of, rates)
    if counted is None:
        counted = _expected_monthly_commission(deal, as_of, rates)
    return None if fixed is None or counted is None else fixed + counted


def _take_fixed(deal, as_of, rates):
    """The fixed part of the take: 0 also for a fee on ad spend that states no fixed fee."""
    fixed = _fixed_part(deal, as_of, rates)
    return 0 if fixed is None and _get(deal, "fees.model") == "ad_spend_pct" else fixed


def _fee_take_pct(deal, as_of, rates):
    """Every monthly fee at today's sales (fixed fee, commission on total GMV, the fee on the ad budget)
    as % of the GMV."""
    parts = (_take_fixed(deal, as_of, rates), _counted_commission(deal, as_of, rates), ad_spend_fee(deal))
    return None if None in parts else _ratio(sum(parts), _get(deal, "seller.monthly_gmv"), 100)


def _fee_take_pct_floor(deal, as_of, rates):
    """The least the take can be: the known parts (the fee on ad spend at its minimum while the budget is
    unknown); with the GMV unknown, a commission on total GMV is at least that share of it."""
    gmv, basis = _get(deal, "seller.monthly_gmv"), _get(deal, "fees.commission_basis")
    if gmv is None:
        on_total = _has_commission(deal, as_of, rates) and basis in ("total_gmv", "net_sales")
        return _get(deal, "fees.commission_pct") if on_total else None
    fixed, counted = _take_fixed(deal, as_of, rates), _counted_commission(deal, as_of, rates)
    return None if fixed is None else _ratio(fixed + (counted or 0) + ad_spend_fee_floor(deal), gmv, 100)


def _take_at_today(deal, as_of, rates):
    """Every monthly fee at today's sales, for what is at stake before the seller can leave: the fee take's parts,
    with a commission on growth over a baseline at 0 (today's sales are the baseline it grows from; KPI-020 weighs a
    baseline not written); unknown for a commission on profit and while any part is."""
    if _has_commission(deal, as_of, rates) and _get(deal, "fees.commission_basis") == "incremental_gmv":
        counted = 0
    else:
        counted = _counted_commission(deal, as_of, rates)
    parts = (_take_fixed(deal, as_of, rates), counted, ad_spend_fee(deal))
    return None if None in parts else sum(parts)


def _at_stake_pct(deal, as_of, rates):
    """What the seller pays before it can leave (feetake.at_stake) as % of a month's sales; unknown with no sales
    or while a part that could raise it is."""
    gmv = _get(deal, "seller.monthly_gmv")
    if not gmv:
        return None
    amount = at_stake(deal, _take_at_today(deal, as_of, rates), _all_remaining_months(deal, as_of, rates),
                      _lockin_months(deal, as_of, rates))
    return None if amount is None else amount / gmv * 100


def _lockin_parts(deal):
    return (_get(deal, "contract.term_months"), _get(deal, "fees.minimum_commitment_months"))


def _lockin_months(deal, as_of, rates):
    parts = _lockin_parts(deal)
    return None if None in parts else max(parts)


def _lockin_months_floor(deal, as_of, rates):
    known = [p for p in _lockin_parts(deal) if p is not None]
    return max(known) if known else None


def _usd(amount_of):
    def compute(deal, as_of, rates):
        return rates.to_usd(amount_of(deal, as_of, rates), deal.currency)
    return compute


# the monthly service fee's parts: the base fee (none for commission only) and the commission at current sales
_FEE_SOURCES = ("fees.base_monthly", "fees.model", "fees.commission_pct", "fees.commission_basis", "seller.monthly_gmv")
# the take also counts bundled software: a fee the seller pays every month
_TAKE_SOURCES = _FEE_SOURCES + ("fees.bundled_saas_monthly",)
# the take also counts the fee on the ad budget: an open question asks the budget (the rate and the minimum are
# read, not asked: the budget is what a seller with a fee on ad spend is missing)
_TAKE_READS = ("fees.ad_spend_pct", "fees.minimum_monthly_fee")

REGISTRY: tuple[Derived, ...] = (
    Derived("days_to_cancel_by", "number",
            ("contract.start_date", "contract.term_months", "contract.auto_renewal.present",
             "contract.auto_renewal.cancel_notice_days"), _days_to_cancel_by,
            doc="days from the report date (--today) to the last day notice stops an auto-renewal"),
    Derived("monthly_fixed_fee", "number", ("fees.base_monthly", "fees.bundled_saas_monthly"), _monthly_fixed_fee,
            doc="base monthly fee plus bundled software per month (the known parts)", unit="money"),
    Derived("monthly_fee_pct_of_gmv", "number", ("fees.base_monthly", "fees.bundled_saas_monthly", "seller.monthly_gmv"),
            _fee_pct_of_gmv, doc=f"monthly fixed fee as % of monthly GMV; {NO_SALES} when GMV is 0 and the fee is not", unit="pct"),
    Derived("upfront_payment", "number", ("fees.setup_fee", "fees.prepaid_months", "fees.base_monthly"),
            _upfront_payment, doc="setup fee, a one-off project's price and prepaid months of base fee (the known parts)",
            unit="money", reads=("fees.project_price",)),
    Derived("upfront_months_of_gmv", "number",
            ("fees.setup_fee", "fees.prepaid_months", "fees.base_monthly", "seller.monthly_gmv"),
            _upfront_months_of_gmv, reads=("fees.project_price",), doc=f"upfront payment in months of the store's sales; {NO_SALES} when GMV is 0"),
    Derived("expected_monthly_commission", "number",
            ("seller.monthly_gmv", "fees.commission_pct", "fees.commission_basis", "fees.model"),
            _expected_monthly_commission,
            doc="monthly GMV × commission rate: the commission at current sales; 0 when no commission is charged", unit="money"),
    Derived("expected_monthly_commission_usd", "number",
            ("seller.monthly_gmv", "fees.commission_pct", "fees.commission_basis", "fees.model", "currency"),
            _usd(_expected_monthly_commission), doc="the expected monthly commission in US dollars", unit="usd"),
    Derived("monthly_fee", "number", _FEE_SOURCES, _monthly_fee,
            doc="the monthly service fee: the base fee (0 for commission only) plus the expected commission when it is "
                "charged on total GMV (one on ad spend counts 0), not bundled software; unknown on growth or profit "
                "(not certain) and while the basis is", unit="money"),
    Derived("monthly_fee_floor", "number", _FEE_SOURCES, _monthly_fee_floor,
            doc="the least the monthly service fee can be: the base fee, with the commission when it is known to count",
            unit="money"),
    Derived("monthly_fee_ceiling", "number", _FEE_SOURCES, _monthly_fee_ceiling,
            doc="the most the monthly service fee can be: the base fee plus the commission on all of today's sales "
                "(a commission on growth or profit is a part of it at most)", unit="money"),
    Derived("fee_take_pct", "number", _TAKE_SOURCES + ("fees.ad_budget_monthly",), _fee_take_pct,
            doc=f"every monthly fee at today's sales (fixed fee, bundled software, the commission on total GMV, the "
                f"fee on the monthly ad budget) as % of monthly GMV; unknown for a commission on growth or profit "
                f"and while the ad budget of a fee on ad spend is; {NO_SALES} when GMV is 0 and a fee is due", unit="pct",
            reads=_TAKE_READS),
    Derived("fee_take_pct_floor", "number", _TAKE_SOURCES, _fee_take_pct_floor,
            doc="the least the fee take can be (a lower bound): the known fees, the fee on ad spend at its monthly "
                "minimum while the budget is unknown; with the GMV unknown, the rate of a commission on total GMV",
            unit="pct", reads=_TAKE_READS + ("fees.ad_budget_monthly",)),
    Derived("lockin_months", "number", ("contract.term_months", "fees.minimum_commitment_months"), _lockin_months,
            doc="months the seller is bound: the longer of term and minimum commitment; unknown while either is"),
    Derived("lockin_months_floor", "number", ("contract.term_months", "fees.minimum_commitment_months"),
            _lockin_months_floor, doc="the longest of the known parts of the lock-in: what they already decide"),
    Derived("monthly_gmv_usd", "number", ("seller.monthly_gmv", "currency"),
            _usd(lambda d, a, r: _get(d, "seller.monthly_gmv")), doc="monthly GMV in US dollars (rates table)", unit="usd"),
    Derived("monthly_fixed_fee_usd", "number", ("fees.base_monthly", "fees.bundled_saas_monthly", "currency"),
            _usd(_monthly_fixed_fee), doc="monthly fixed fee in US dollars", unit="usd"),
    Derived("upfront_payment_usd", "number", ("fees.setup_fee", "fees.prepaid_months", "fees.base_monthly", "currency"),
            _usd(_upfront_payment), doc="upfront payment in US dollars", unit="usd"),
    Derived("setup_fee_usd", "number", ("fees.setup_fee", "currency"),
            _usd(lambda d, a, r: _get(d, "fees.setup_fee")), doc="setup or package fee in US dollars", unit="usd"),
    Derived("provider_kind", "enum", ("provider.kind", "service.scope"), _provider_kind,
            values=_literal_values(ProviderKind), shadowed_by=(("service.scope", "provider.kind"),),
            doc="provider.kind, or the kind the service scope implies (store_operation in scope, or one kind of work)"),
    Derived("has_commission", "bool", ("fees.commission_pct", "fees.commission_basis", "fees.model"), _has_commission,
            doc="true when a commission is charged (a rate above 0, a basis, or fee model base_plus_commission or "
                "commission_only); false for fixed, per-project, subscription and ad-spend-share fee models without one"),
)
REGISTRY += (
    Derived("engagement", "enum",
            ("service.engagement", "provider.kind", "service.scope", "fees.model"), _engagement,
            values=_literal_values(Engagement), shadowed_by=(("service.scope", "provider.kind"),),
            doc="service.engagement, or inferred: software_subscription for a SaaS provider or a subscription fee, "
                "one_off_project for a per-project fee, coaching for training or consulting, ongoing for store, "
                "ads or customer-service work or a recurring fee on sales or ad spend"),
    # an open question asks the scope (one fact), which says more than funds_access
    Derived("funds_scope", "enum", ("data_access.funds_scope",), _funds_scope,
            values=_literal_values(FundsScope), reads=("data_access.funds_access",),
            doc="data_access.funds_scope, or funds_access mapped: true is payouts_or_bank, false none"),
    Derived("exclusivity_binds", "bool", ("contract.non_solicit_or_exclusivity",),
            _exclusivity_binds, reads=("contract.exclusivity.present",),
            doc="contract.exclusivity.present, or the free-text clause read: \"none\" (无, 没有) false, any other text true"),
    # an open question asks the renewal price (one fact)
    Derived("renewal_price_change", "enum", ("contract.auto_renewal.price_change",), _renewal_price_change,
            values=_literal_values(RenewalPrice), reads=("contract.unilateral_changes",),
            doc="contract.auto_renewal.price_change, or none (the same terms) when contract.unilateral_changes is false"),
    Derived("exit_fee_formula", "enum",
            ("contract.termination.exit_fee_formula", "contract.termination.early_termination_fee"), _exit_fee_formula,
            values=_literal_values(ExitFeeFormula),
            doc="contract.termination.exit_fee_formula, or fixed when only early_termination_fee is given"),
    Derived("exclusivity_restricts", "bool",
            # an open question names the clause (one fact to ask), not each of its structured parts
            ("contract.non_solicit_or_exclusivity",), _exclusivity_restricts,
            reads=("contract.exclusivity.present", "contract.exclusivity.months_after_term", "contract.exclusivity.penalty"),
            doc="the exclusivity binds after the term or carries a penalty (structured months and penalty, else the "
                "free-text clause's words); false when no clause binds"),
    Derived("exclusivity_penalty_pct", "number",
            ("contract.exclusivity.penalty", "seller.monthly_gmv"), _exclusivity_penalty_pct,
            reads=("contract.exclusivity.present", "contract.non_solicit_or_exclusivity"), unit="pct",
            doc="the exclusivity clause's penalty as % of one month's sales; 0 without a penalty or a clause"),
    Derived("all_remaining_months", "number",
            ("contract.term_months", "fees.minimum_commitment_months", "contract.termination.exit_fee_initial_term_only",
             "contract.auto_renewal.present", "contract.auto_renewal.renewal_term_months"), _all_remaining_months,
            doc="the most months of fees an exit fee of all remaining fees can cost: the lock-in, or a longer renewal "
                "term when the fee also applies in renewals"),
    Derived("free_exit", "bool",
            ("contract.termination.for_convenience", "contract.termination.notice_days",
             "contract.termination.early_termination_fee", "contract.termination.exit_fee_formula"), _free_exit,
            doc="the seller can leave at any time on at most 30 days' notice without paying for leaving"),
    Derived("lawsuits_per_year", "number",
            ("provider.registration.lawsuits_as_defendant", "provider.registration.years_operating"), _lawsuits_per_year,
            doc="lawsuits with the provider as defendant per year in business (under a year counts as one)"),
    Derived("store_and_brand_with_seller", "bool",
            ("data_access.provider_access", "data_access.brand_registry_control", "seller.brand_registered"),
            _store_and_brand_with_seller,
            doc="the provider works in the store through access the seller grants (sub-account, partner "
                "authorisation, app) and the brand is the seller's (its Brand Registry, or no registered brand); "
                "false when the provider holds the main login or the brand"),
    # unknown only while the scope is not given (or empty) and the kind is not known: both can still decide
    Derived("acts_in_accounts", "bool", ("service.scope", "provider.kind"), _acts_in_accounts,
            doc="the provider changes things in the seller's store or ad accounts: service.scope holds "
                "store_operation, ads or listing (when given it decides), else provider.kind is store operation, "
                "ads management or listing optimisation"),
    Derived("month_fee_exposure", "bool",
            ("provider.kind", "service.scope", "contract.termination.for_convenience", "contract.termination.notice_days",
             "contract.termination.early_termination_fee", "contract.termination.exit_fee_formula", "fees.prepaid_months",
             "fees.setup_fee", "fees.deposit", "data_access.funds_scope", "data_access.provider_access",
             "data_access.provider_permissions"), _month_fee_exposure,
            shadowed_by=(("service.scope", "provider.kind"),), reads=("data_access.funds_access",),
            doc="all that is at stake is about a month's fee: not running the store or answering its buyers, a "
                "least-privilege user or none, no hand on the money, a free exit, at most a month paid ahead, no "
                "setup fee and no deposit"),
    Derived("at_stake_pct", "number",
            _TAKE_SOURCES + ("fees.ad_budget_monthly", "fees.setup_fee", "fees.prepaid_months", "fees.refundable_on_exit",
                             "fees.deposit", "fees.deposit_refundable", "contract.termination.for_convenience",
                             "contract.termination.notice_days", "contract.termination.early_termination_fee",
                             "contract.termination.exit_fee_formula", "contract.termination.exit_fee_months",
                             "contract.term_months", "fees.minimum_commitment_months"),
            _at_stake_pct, unit="pct",
            reads=_TAKE_READS + ("fees.project_price", "contract.auto_renewal.present",
                                 "contract.auto_renewal.renewal_term_months",
                                 "contract.termination.exit_fee_initial_term_only") + STOP_LOSS_READS,
            doc="what the seller pays before it is free to leave, as % of a month's sales: setup fee, deposit and "
                "prepaid fees not refunded, the monthly fees at today's sales for the notice (one month with a "
                "free exit), the lock-in or a no-fault stop-loss's periods, and the exit fee; unknown with no sales "
                "or while a part is"),
    Derived("pitch_promises", "bool", ("claims",), _pitch_promises,
            doc="some claim of the pitch promises a result or income (the claims' promise); false when none does"),
)
BY_PATH = {f"derived.{d.name}": d for d in REGISTRY}


def compute(deal: Deal, as_of: dt.date, rates: Rates) -> dict:
    """Every derived fact of ``deal`` that is known, by name (without the prefix). ``as_of`` is the day
    date-relative figures count from: the report date (api.decide_many), not the deal's ``as_of``."""
    out = {}
    for d in REGISTRY:
        value = d.compute(deal, as_of, rates)
        if value is not None:
            out[d.name] = value
    return out
