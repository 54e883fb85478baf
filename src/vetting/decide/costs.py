"""What a deal costs the seller at a given monthly GMV: a pure function of the fees and contract.

Every figure comes with the assumptions it rests on (``DealCost.assumptions``),
so a comparison can print them next to the numbers. Conventions:

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

import math
from dataclasses import dataclass, field

from ..model.models import Deal

# Every assumption a cost can rest on. The same keys, prefixed "cost_", are in
# report_templates/strings_compare.<lang>.yaml for the comparison's language.
NOTES_EN = {
    "no_fees": "no fees section: every fee counted as 0",
    "model_unknown": "fee model unknown: every fee field given is counted",
    "commission_only_base": "commission_only model with a base fee: the base fee is counted too",
    "per_project": "per_project: the setup fee is taken as the project price",
    "basis_unknown": "commission basis unknown: commission taken on total GMV",
    "ad_spend": "ad spend assumed at {pct}% of GMV (--ad-spend)",
    "margin": "net profit assumed at {pct}% of GMV (--margin)",
    "incremental_no_gmv": "commission on incremental GMV with no current GMV: baseline taken as 0 (all GMV is incremental)",
    "incremental": "incremental GMV measured against the current monthly GMV ({gmv}) as baseline",
    "locked_term": "no exit for convenience: leaving early is assumed to cost the fixed fees of the whole {term}-month term",
    "convenience_unknown": "exit for convenience unknown: leaving early assumed possible at the notice period",
    "notice_unknown": "notice period unknown: counted as 0 days",
    "prepaid_refund_unknown": "prepayment refund unknown: unused prepaid months assumed not refunded",
    "stop_loss_periods_unknown": "stop-loss without a number of periods: assumed after 1 period",
    "stop_loss_period_unknown": "stop-loss period unknown: assumed monthly",
    "stop_loss_not_no_fault": "stop-loss exit not stated as no-fault: the early-termination fee is counted at the stop-loss point",
    "no_stop_loss": "no stop-loss: money at risk is what leaving early costs",
    "unknown_fields": "unknown fee fields counted as 0: {fields}",
    "forced_purchases": "forced purchases required but their amount is not stated: not included in any cost",
    "forced_purchases_unknown": "whether purchases are forced is unknown: none included in any cost",
}

# The fee term (a row of the comparison's fixed-terms table) each assumption is printed beside.
NOTE_FIGURES = {
    "no_fees": ("fixed_fee",),
    "model_unknown": ("fixed_fee",),
    "commission_only_base": ("fixed_fee",),
    "per_project": ("setup",),
    "basis_unknown": ("commission",),
    "ad_spend": ("ad_spend_fee", "commission"),
    "margin": ("commission",),
    "incremental_no_gmv": ("commission",),
    "incremental": ("commission",),
    "locked_term": ("lock",),
    "convenience_unknown": ("lock",),
    "notice_unknown": ("notice",),
    "prepaid_refund_unknown": ("prepaid",),
    "stop_loss_periods_unknown": ("stop_loss",),
    "stop_loss_period_unknown": ("stop_loss",),
    "stop_loss_not_no_fault": ("stop_loss",),
    "no_stop_loss": ("stop_loss",),
    "unknown_fields": ("fixed_fee",),
    "forced_purchases": ("forced_purchases",),
    "forced_purchases_unknown": ("forced_purchases",),
}

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
    notes: tuple[tuple[str, tuple], ...]  # what the figures rest on: (key of NOTES_EN, params)
    unknown_fields: tuple[str, ...] = field(default=())  # fee fields counted as 0
    terms: Terms | None = None
    curve: Curve | None = None

    def at(self, label: str) -> ScenarioCost | None:
        return next((s for s in self.scenarios if s.label == label), None)

    @property
    def assumptions(self) -> tuple[str, ...]:
        """The notes as English sentences (compare renders them in the report's language)."""
        return tuple(describe(n) for n in self.notes)


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
    "per_project": ("setup_fee",),
    "subscription": ("base_monthly",),
}


def deal_cost(deal: Deal, scenarios: list[tuple[str, float]], options: CostOptions = CostOptions(),
              current_gmv: float | None = None) -> DealCost:
    """Cost of ``deal`` at each (label, monthly GMV) scenario.

    ``current_gmv`` is the baseline for commission on incremental GMV; it
    defaults to the deal's ``seller.monthly_gmv``.
    """
    fees = deal.fees
    contract = deal.contract
    if current_gmv is None and deal.seller is not None:
        current_gmv = deal.seller.monthly_gmv
    notes: list[tuple[str, tuple]] = []
    unknown: list[str] = []

    def note(key: str, **params) -> None:
        notes.append((key, tuple(sorted(params.items()))))

    def get(name):
        return getattr(fees, name) if fees is not None else None

    model = get("model")
    if fees is None:
        note("no_fees")
    elif model is None:
        note("model_unknown")
    for name in _NEEDED.get(model, ()):
        if get(name) is None:
            unknown.append(f"fees.{name}")

    base = get("base_monthly") or 0.0
    saas = get("bundled_saas_monthly") or 0.0
    setup = get("setup_fee") or 0.0
    commission_pct = get("commission_pct")
    basis = get("commission_basis")
    adspend_fee_pct = get("ad_spend_pct")
    if model == "commission_only" and base:
        note("commission_only_base")
    if model == "per_project":
        note("per_project")
    if commission_pct and basis is None:
        unknown.append("fees.commission_basis")
        note("basis_unknown")
        basis = "total_gmv"
    uses_ads = bool((commission_pct and basis == "ad_spend") or adspend_fee_pct)
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

    term = contract.term_months if contract else None
    term_ = contract.termination if contract else None
    stop = contract.stop_loss if contract else None
    for_convenience = term_.for_convenience if term_ else None
    notice_days = term_.notice_days if term_ else None
    etf = term_.early_termination_fee if term_ else None
    min_commit = get("minimum_commitment_months") or 0
    prepaid = get("prepaid_months") or 0
    refundable = get("refundable_on_exit")

    # Months of fixed fees the seller is bound to pay whatever happens.
    lock = min_commit
    if for_convenience is False and term:
        lock = max(lock, term)
        note("locked_term", term=str(term))
    elif for_convenience is None and term and not min_commit:
        note("convenience_unknown")
    notice_months = (notice_days or 0) / DAYS_PER_MONTH
    if notice_days is None:
        note("notice_unknown")
    if etf is None:
        unknown.append("contract.termination.early_termination_fee")
    if prepaid and refundable is None:
        note("prepaid_refund_unknown")
    lost_prepaid_months = prepaid if (prepaid and refundable is not True) else 0
    fixed = base + saas
    forced = get("forced_purchases")
    if forced is True:
        note("forced_purchases")
    elif forced is None and fees is not None:
        note("forced_purchases_unknown")

    # The monthly cost as a function of GMV, one definition for the scenarios, break-even points and charts.
    rate = incremental_rate = 0.0
    commission_share = 0.0  # of GMV: the commission's base as a share of GMV (total, profit or ad spend)
    if commission_pct:
        if basis == "total_gmv":
            commission_share = 1.0
        elif basis == "net_profit":
            commission_share = options.profit_margin_pct / 100
        elif basis == "ad_spend":
            commission_share = options.ad_spend_pct_of_gmv / 100
        elif basis == "incremental_gmv":
            incremental_rate = commission_pct / 100
        rate += commission_pct / 100 * commission_share
    ad_share = options.ad_spend_pct_of_gmv / 100
    if adspend_fee_pct:
        rate += adspend_fee_pct / 100 * ad_share
    baseline = current_gmv or 0.0
    curve = Curve(fixed, rate, incremental_rate, baseline)

    stop_months = None
    if stop is not None and stop.present is True:
        n = stop.consecutive_periods
        period = stop.period or "month"
        if n is None:
            n = 1
            note("stop_loss_periods_unknown")
        if stop.period is None:
            note("stop_loss_period_unknown")
        stop_months = n * PERIOD_MONTHS[period]
        if stop.no_fault_exit is not True:
            note("stop_loss_not_no_fault")
    else:
        note("no_stop_loss")

    exit_at = options.exit_after
    rows = []
    for label, gmv in scenarios:
        commission_base = None
        if commission_pct:
            commission_base = max(0.0, gmv - baseline) if basis == "incremental_gmv" else gmv * commission_share
        commission = commission_pct / 100 * commission_base if commission_base is not None else 0.0
        ad_fee = adspend_fee_pct / 100 * gmv * ad_share if adspend_fee_pct else 0.0
        monthly = curve.at(gmv)
        variable = monthly - fixed
        first_year = setup + monthly * options.months
        take = first_year / (gmv * options.months) * 100 if gmv > 0 else None

        served = exit_at + notice_months
        fixed_months = max(served, lock, lost_prepaid_months)
        fee = (etf or 0.0) if (term is None or exit_at < term) else 0.0
        parts = ExitParts(_money(setup), _money(fixed * served), _money(fixed * (fixed_months - served)),
                          _money(variable * served), _money(fee))
        exit_cost = setup + fixed * fixed_months + variable * served + fee
        # Money at risk is what is lost if the deal fails, and a deal that fails brings no growth: the
        # variable fees are counted at the GMV the seller has without the provider (the current one), so
        # commission earned on growth that really happened is not at risk.
        failed = variable if not baseline else curve.at(min(gmv, baseline)) - fixed
        if stop_months is None:
            at_risk = setup + fixed * fixed_months + failed * served + fee
        else:
            at_risk = setup + fixed * max(stop_months, lost_prepaid_months) + failed * stop_months
            if stop.no_fault_exit is not True:
                at_risk += etf or 0.0
        rows.append(ScenarioCost(
            label, _money(gmv), _money(monthly), _money(first_year), None if take is None else round(take, 2),
            _money(exit_cost), _money(at_risk), commission=_money(commission),
            commission_base=None if commission_base is None else _money(commission_base),
            ad_spend=_money(gmv * ad_share) if uses_ads else None, ad_spend_fee=_money(ad_fee), exit=parts))
    if unknown:
        note("unknown_fields", fields=", ".join(sorted(set(unknown))))
    terms = Terms(
        fixed_fee=_money(base), software=_money(saas), setup=_money(setup), commission_pct=commission_pct or None,
        commission_basis=basis if commission_pct else None, ad_spend_fee_pct=adspend_fee_pct or None,
        prepaid_months=prepaid, prepaid=_money(prepaid * fixed), refundable=refundable if prepaid else None,
        forced_purchases=forced, termination_fee=etf, lock_months=lock, notice_months=round(notice_months, 4),
        stop_loss_months=None if stop_months is None else round(stop_months, 4))
    return DealCost(deal.currency, current_gmv, tuple(rows), tuple(dict.fromkeys(notes)), tuple(sorted(set(unknown))),
                    terms, curve)


def figure_of(note_key: str, terms: Terms | None) -> str:
    """The fee-term row an assumption is printed beside: the first of NOTE_FIGURES that the deal has."""
    figures = NOTE_FIGURES.get(note_key, ("fixed_fee",))
    for f in figures:
        if terms is not None and ((f == "commission" and not terms.commission_pct)
                                  or (f == "ad_spend_fee" and not terms.ad_spend_fee_pct)):
            continue
        return f
    return figures[-1]


def describe(note: tuple[str, tuple], texts: dict[str, str] | None = None) -> str:
    """One note as a sentence; ``texts`` maps note keys to templates (default: English)."""
    key, params = note
    return (texts or NOTES_EN)[key].format(**dict(params))


MAX_GMV = 1e12  # as a deal's money fields (model.models.MAX_MONEY): beyond it costs overflow


class ScenarioError(ValueError):
    """A --gmv text that cannot be used; ``key`` names the message in the comparison's string tables."""

    def __init__(self, key: str, text: str):
        super().__init__(text)
        self.key = key


def parse_scenario(text: str, current: float | None) -> tuple[str, float]:
    """'600000' (absolute), '-20%' or '+30%' (relative to ``current``) → (label, monthly GMV)."""
    raw = text.strip().replace(",", "").replace("_", "")
    if raw.endswith("%"):
        try:
            pct = float(raw[:-1])
        except ValueError:
            raise ScenarioError("number", "expected a number or a change like -20% / +30%") from None
        if current is None:
            raise ScenarioError("relative", "a relative change needs the seller's current monthly GMV "
                                            "(seller.monthly_gmv), which the deals do not give")
        if not math.isfinite(pct) or pct < -100:
            raise ScenarioError("change", "a change must be at least -100%")
        label = f"{'+' if pct > 0 else ''}{pct:g}%"
        value = current * (1 + pct / 100)
        if not value <= MAX_GMV:  # +1e308% overflows to inf
            raise ScenarioError("too_large", f"a monthly GMV must be at most {MAX_GMV:,.0f}")
        return label, value
    try:
        value = float(raw)
    except ValueError:
        raise ScenarioError("number", "expected a number or a change like -20% / +30%") from None
    if not math.isfinite(value) or value < 0:
        raise ScenarioError("negative", "a monthly GMV must be a number ≥ 0")
    if value > MAX_GMV:
        raise ScenarioError("too_large", f"a monthly GMV must be at most {MAX_GMV:,.0f}")
    return _fmt(value), value


def crossings(a: Curve, b: Curve, lo: float, hi: float) -> list[float]:
    """The monthly GMVs in [lo, hi] where ``a`` and ``b`` cost the same and the cheaper one changes.

    Both curves are straight between their kinks, so the difference is checked
    at the range ends and every kink, and solved on each straight piece. Where
    the curves run together for a stretch there is no single crossing and none
    is returned.
    """
    points = sorted({lo, hi, *(k for k in (*a.kinks, *b.kinks) if lo < k < hi)})
    diffs = [a.at(x) - b.at(x) for x in points]
    tol = 1e-9 * max(1.0, *(abs(a.at(x)) + abs(b.at(x)) for x in points))
    signs = [0 if abs(d) <= tol else (1 if d > 0 else -1) for d in diffs]
    out: list[float] = []
    last_sign, zero_at = 0, None  # the last nonzero sign, and where the difference was last zero after it
    for i, (x, d, s) in enumerate(zip(points, diffs, signs)):
        if s == 0:
            if zero_at is None:
                zero_at = x
            continue
        if last_sign and s != last_sign:
            if zero_at is not None:
                if zero_at == points[i - 1]:  # touched zero exactly at one point, then crossed
                    out.append(zero_at)
            else:  # crossed inside the piece from the previous point
                x0, d0 = points[i - 1], diffs[i - 1]
                out.append(x0 + (x - x0) * d0 / (d0 - d))
        last_sign, zero_at = s, None
    return out
