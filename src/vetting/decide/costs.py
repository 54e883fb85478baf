"""What a deal costs the seller at a given monthly GMV: a pure function of the fees and contract.

Every figure comes with the assumptions it rests on (``DealCost.notes``: keys and values, worded in the
reader's language by ``text.costwords``), so a comparison can print them next to the numbers. Conventions:

* ``monthly``: the steady monthly fee at that GMV (base + bundled SaaS +
  commission + % of ad spend), one-off fees excluded;
* ``first_year``: setup fee + ``months`` × monthly (``months`` defaults to 12);
* ``take_rate_pct``: first-year cost / first-year GMV × 100;
* ``exit_cost``: everything paid when the seller leaves after ``exit_after``
  months (setup, fees for the months served and the notice, the rest of any
  minimum commitment or lock-in, unrefunded prepayment, early-termination fee);
* ``at_risk``: the money lost if the deal fails, spent before the first stop-loss point lets the
  seller leave (without a stop-loss: until the seller can leave); a failed deal brings no growth, so
  its variable fees are counted at the current GMV (commission on growth that happened is not at risk).

Each scenario also carries its breakdown (commission and the amount it is
charged on, the share of ad spend, the parts of the exit cost), and
``DealCost.curve`` gives the monthly cost at any GMV, for break-even points
and charts. ``NOTE_FIGURES`` says which figures each assumption affects.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model.models import Deal
# the assumptions' keys and the fee term each is printed beside, read through this module as before
from .costnotes import NOTE_FIGURES, figure_of  # noqa: F401
# the --gmv scenarios and break-even points, read through this module as before
from .scenarios import MAX_GMV, ScenarioError, crossings, parse_scenario  # noqa: F401

PERIOD_MONTHS = {"week": 7 / 30.4375, "month": 1.0, "quarter": 3.0}
DAYS_PER_MONTH = 30  # notice periods: 30 days = 1 month


@dataclass(frozen=True)
class CostOptions:
    months: int = 12  # the horizon of "first-year" cost
    exit_after: int = 3  # months served before leaving, for the exit cost
    ad_spend_pct_of_gmv: float = 10.0  # assumed ad spend, % of GMV, when a fee depends on it
    profit_margin_pct: float = 15.0  # assumed net margin, % of GMV, for commission on net profit


@dataclass(frozen=True)
class Curve:
    """Monthly cost at a monthly GMV ``g``: fixed + rate × g + incremental_rate × max(0, g − baseline).

    ``rate`` gathers what grows with all GMV (commission on total GMV, on
    assumed net profit or ad spend, a % of assumed ad spend), ``incremental_rate``
    a commission on GMV above the baseline. Both are shares (0.05 = 5 %).
    """

    fixed: float
    rate: float
    incremental_rate: float
    baseline: float

    def at(self, gmv: float) -> float:
        return self.fixed + self.rate * gmv + self.incremental_rate * max(0.0, gmv - self.baseline)

    @property
    def kinks(self) -> tuple[float, ...]:
        return (self.baseline,) if self.incremental_rate else ()


@dataclass(frozen=True)
class ExitParts:
    """What leaving after ``exit_after`` months costs, part by part (they add up to ``ScenarioCost.exit_cost``)."""

    setup: float
    fixed_served: float  # fixed fees for the months served and the notice period
    fixed_owed: float  # fixed fees still owed: the rest of a lock-in, minimum commitment or unrefunded prepayment
    variable_served: float  # commission and ad-spend share for the months served and the notice period
    termination_fee: float


@dataclass(frozen=True)
class ScenarioCost:
    label: str  # "current", "-20%", "600000"
    monthly_gmv: float
    monthly: float
    first_year: float
    take_rate_pct: float | None  # None when GMV is 0
    exit_cost: float
    at_risk: float
    commission: float = 0.0  # per month
    commission_base: float | None = None  # the monthly amount the commission is charged on; None without one
    ad_spend: float | None = None  # assumed monthly ad spend, when a fee depends on it
    ad_spend_fee: float = 0.0  # per month: the provider's % of ad spend
    exit: ExitParts | None = None


@dataclass(frozen=True)
class Terms:
    """The fee terms that do not move with GMV, as the costs count them."""

    fixed_fee: float  # base fee per month
    software: float  # bundled software (SaaS) per month
    setup: float
    commission_pct: float | None
    commission_basis: str | None  # as counted (an unknown basis is taken as total_gmv)
    ad_spend_fee_pct: float | None
    prepaid_months: float
    prepaid: float  # prepaid_months × monthly fixed fees
    refundable: bool | None
    forced_purchases: bool | None
    termination_fee: float | None
    lock_months: float  # months of fixed fees owed whatever happens (minimum commitment, or the term when locked)
    notice_months: float
    stop_loss_months: float | None  # months before the first stop-loss can trigger; None without a stop-loss


@dataclass(frozen=True)
class DealCost:
    currency: str
    current_gmv: float | None
    scenarios: tuple[ScenarioCost, ...]
    notes: tuple[tuple[str, tuple], ...]  # what the figures rest on: (key of NOTE_FIGURES, params)
    unknown_fields: tuple[str, ...] = field(default=())  # fee fields counted as 0
    terms: Terms | None = None
    curve: Curve | None = None

    def at(self, label: str) -> ScenarioCost | None:
        return next((s for s in self.scenarios if s.label == label), None)


def _money(x: float) -> float:
    v = round(x + 0.0, 2)
    return 0.0 if v == 0 else v


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


# Fields each fee model needs to be priced; missing ones count as 0 and are named.
_NEEDED = {
    "fixed": ("base_monthly",),
    "base_plus_commission": ("base_monthly", "commission_pct", "commission_basis"),
    "commission_only": ("commission_pct", "commission_basis"),
    "ad_spend_pct": ("ad_spend_pct",),
    "per_project": ("project_price",),
    "subscription": ("base_monthly",),
}


@dataclass
class _Fees:
    """The fee terms as the costs count them, with what the count rests on."""

    base: float
    saas: float
    setup: float  # paid once up front: setup fee or project price, a deposit that is not paid back
    commission_pct: float | None
    basis: str | None
    adspend_fee_pct: float | None
    uses_ads: bool
    tax: float  # the factor on every fee: 1 + the tax rate charged on top


@dataclass
class _Exit:
    term: int | None
    lock: float
    notice_months: float
    etf: float | None
    prepaid: float
    refundable: bool | None
    lost_prepaid_months: float
    forced: bool | None


def _fee_terms(deal: Deal, current_gmv, options: CostOptions, note, unknown: list) -> _Fees:
    fees = deal.fees

    def get(name):
        return getattr(fees, name) if fees is not None else None

    model = get("model")
    if fees is None:
        note("no_fees")
    elif model is None:
        note("model_unknown")
    for name in _NEEDED.get(model, ()):
        if get(name) is None and not (name == "project_price" and get("setup_fee") is not None):
            unknown.append(f"fees.{name}")
    setup = get("setup_fee") or 0.0
    if model == "per_project":
        note("per_project")
        setup = get("project_price") if get("project_price") is not None else setup
    deposit = get("deposit") or 0.0
    if deposit and get("deposit_refundable") is not True:
        setup += deposit
        note("deposit_lost", amount=_fmt(deposit))
    if model == "commission_only" and get("base_monthly"):
        note("commission_only_base")
    commission_pct, basis = get("commission_pct"), get("commission_basis")
    if commission_pct and basis is None:
        unknown.append("fees.commission_basis")
        note("basis_unknown")
        basis = "total_gmv"
    adspend_fee_pct = get("ad_spend_pct")
    uses_ads = bool((commission_pct and basis == "ad_spend") or adspend_fee_pct)
    _commission_notes(commission_pct, basis, uses_ads, current_gmv, options, note, unknown)
    return _Fees(get("base_monthly") or 0.0, get("bundled_saas_monthly") or 0.0, setup, commission_pct, basis,
                 adspend_fee_pct, uses_ads, _tax_factor(get("tax_on_top"), get("tax_rate_pct"), note))


def _commission_notes(commission_pct, basis, uses_ads, current_gmv, options, note, unknown) -> None:
    if uses_ads:
        note("ad_spend", pct=f"{options.ad_spend_pct_of_gmv:g}")
    if commission_pct and basis == "net_profit":
        note("margin", pct=f"{options.profit_margin_pct:g}")
    if commission_pct and basis == "incremental_gmv":
        if current_gmv is None:
            unknown.append("seller.monthly_gmv")
            note("incremental_no_gmv")
        else:
            note("incremental", gmv=_fmt(current_gmv))


def _tax_factor(on_top, rate, note) -> float:
    """VAT/GST charged on top of the quoted fees: what a comparison of quotes must count."""
    if on_top is not True:
        return 1.0
    if rate is None:
        note("tax_rate_unknown")
        return 1.0
    note("tax_on_top", pct=f"{rate:g}")
    return 1 + rate / 100


def _exit_terms(deal: Deal, note, unknown: list) -> _Exit:
    contract, fees = deal.contract, deal.fees
    term = contract.term_months if contract else None
    term_ = contract.termination if contract else None
    for_convenience = term_.for_convenience if term_ else None
    notice_days = term_.notice_days if term_ else None
    etf = term_.early_termination_fee if term_ else None
    min_commit = (fees.minimum_commitment_months if fees else None) or 0
    prepaid = (fees.prepaid_months if fees else None) or 0
    refundable = fees.refundable_on_exit if fees else None
    # Months of fixed fees the seller is bound to pay whatever happens.
    lock = min_commit
    if for_convenience is False and term:
        lock = max(lock, term)
        note("locked_term", term=str(term))
    elif for_convenience is None and term and not min_commit:
        note("convenience_unknown")
    if notice_days is None:
        note("notice_unknown")
    if etf is None:
        unknown.append("contract.termination.early_termination_fee")
    if prepaid and refundable is None:
        note("prepaid_refund_unknown")
    forced = fees.forced_purchases if fees else None
    if forced is True:
        note("forced_purchases")
    elif forced is None and fees is not None:
        note("forced_purchases_unknown")
    return _Exit(term, lock, (notice_days or 0) / DAYS_PER_MONTH, etf, prepaid, refundable,
                 prepaid if (prepaid and refundable is not True) else 0, forced)


def _curve(f: _Fees, current_gmv, options: CostOptions) -> tuple[Curve, float]:
    """The monthly cost as a function of GMV (one definition for the scenarios, break-even points and
    charts), and the commission's base as a share of GMV (total, profit or ad spend)."""
    rate = incremental_rate = 0.0
    commission_share = 0.0
    if f.commission_pct:
        if f.basis in ("total_gmv", "net_sales"):
            commission_share = 1.0
        elif f.basis == "net_profit":
            commission_share = options.profit_margin_pct / 100
        elif f.basis == "ad_spend":
            commission_share = options.ad_spend_pct_of_gmv / 100
        elif f.basis == "incremental_gmv":
            incremental_rate = f.commission_pct / 100
        rate += f.commission_pct / 100 * commission_share
    if f.adspend_fee_pct:
        rate += f.adspend_fee_pct / 100 * (options.ad_spend_pct_of_gmv / 100)
    t = f.tax
    return Curve((f.base + f.saas) * t, rate * t, incremental_rate * t, current_gmv or 0.0), commission_share


def _stop_months(stop, note) -> float | None:
    if stop is None or stop.present is not True:
        note("no_stop_loss")
        return None
    n = stop.consecutive_periods
    if n is None:
        n = 1
        note("stop_loss_periods_unknown")
    if stop.period is None:
        note("stop_loss_period_unknown")
    if stop.no_fault_exit is not True:
        note("stop_loss_not_no_fault")
    return n * PERIOD_MONTHS[stop.period or "month"]


def _scenario(label, gmv, f: _Fees, x: _Exit, curve: Curve, share: float, stop_months, no_fault,
              options: CostOptions) -> ScenarioCost:
    baseline, fixed = curve.baseline, curve.fixed
    commission_base = None
    if f.commission_pct:
        commission_base = max(0.0, gmv - baseline) if f.basis == "incremental_gmv" else gmv * share
    commission = f.commission_pct / 100 * commission_base * f.tax if commission_base is not None else 0.0
    ad_share = options.ad_spend_pct_of_gmv / 100
    ad_fee = f.adspend_fee_pct / 100 * gmv * ad_share * f.tax if f.adspend_fee_pct else 0.0
    monthly = curve.at(gmv)
    variable = monthly - fixed
    first_year = f.setup + monthly * options.months
    take = first_year / (gmv * options.months) * 100 if gmv > 0 else None
    served = options.exit_after + x.notice_months
    fixed_months = max(served, x.lock, x.lost_prepaid_months)
    fee = (x.etf or 0.0) if (x.term is None or options.exit_after < x.term) else 0.0
    parts = ExitParts(_money(f.setup), _money(fixed * served), _money(fixed * (fixed_months - served)),
                      _money(variable * served), _money(fee))
    exit_cost = f.setup + fixed * fixed_months + variable * served + fee
    # Money at risk is what is lost if the deal fails, and a deal that fails brings no growth: the
    # variable fees are counted at the GMV the seller has without the provider (the current one), so
    # commission earned on growth that really happened is not at risk.
    failed = variable if not baseline else curve.at(min(gmv, baseline)) - fixed
    if stop_months is None:
        at_risk = f.setup + fixed * fixed_months + failed * served + fee
    else:
        at_risk = f.setup + fixed * max(stop_months, x.lost_prepaid_months) + failed * stop_months
        if not no_fault:
            at_risk += x.etf or 0.0
    return ScenarioCost(
        label, _money(gmv), _money(monthly), _money(first_year), None if take is None else round(take, 2),
        _money(exit_cost), _money(at_risk), commission=_money(commission),
        commission_base=None if commission_base is None else _money(commission_base),
        ad_spend=_money(gmv * ad_share) if f.uses_ads else None, ad_spend_fee=_money(ad_fee), exit=parts)


def deal_cost(deal: Deal, scenarios: list[tuple[str, float]], options: CostOptions = CostOptions(),
              current_gmv: float | None = None) -> DealCost:
    """Cost of ``deal`` at each (label, monthly GMV) scenario.

    ``current_gmv`` is the baseline for commission on incremental GMV; it
    defaults to the deal's ``seller.monthly_gmv``.
    """
    if current_gmv is None and deal.seller is not None:
        current_gmv = deal.seller.monthly_gmv
    notes: list[tuple[str, tuple]] = []
    unknown: list[str] = []

    def note(key: str, **params) -> None:
        notes.append((key, tuple(sorted(params.items()))))

    f = _fee_terms(deal, current_gmv, options, note, unknown)
    x = _exit_terms(deal, note, unknown)
    curve, share = _curve(f, current_gmv, options)
    stop = deal.contract.stop_loss if deal.contract else None
    stop_months = _stop_months(stop, note)
    no_fault = stop is not None and stop.no_fault_exit is True
    rows = [_scenario(label, gmv, f, x, curve, share, stop_months, no_fault, options) for label, gmv in scenarios]
    if unknown:
        note("unknown_fields", fields=", ".join(sorted(set(unknown))))
    terms = Terms(
        fixed_fee=_money(f.base), software=_money(f.saas), setup=_money(f.setup), commission_pct=f.commission_pct or None,
        commission_basis=f.basis if f.commission_pct else None, ad_spend_fee_pct=f.adspend_fee_pct or None,
        prepaid_months=x.prepaid, prepaid=_money(x.prepaid * curve.fixed), refundable=x.refundable if x.prepaid else None,
        forced_purchases=x.forced, termination_fee=x.etf, lock_months=x.lock, notice_months=round(x.notice_months, 4),
        stop_loss_months=None if stop_months is None else round(stop_months, 4))
    return DealCost(deal.currency, current_gmv, tuple(rows), tuple(dict.fromkeys(notes)), tuple(sorted(set(unknown))),
                    terms, curve)
