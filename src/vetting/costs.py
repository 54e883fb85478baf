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
* ``at_risk``: the money spent before the first stop-loss point lets the seller
  leave; without a stop-loss it is the exit cost.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .models import Deal

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
class ScenarioCost:
    label: str  # "current", "-20%", "600000"
    monthly_gmv: float
    monthly: float
    first_year: float
    take_rate_pct: float | None  # None when GMV is 0
    exit_cost: float
    at_risk: float


@dataclass(frozen=True)
class DealCost:
    currency: str
    current_gmv: float | None
    scenarios: tuple[ScenarioCost, ...]
    notes: tuple[tuple[str, tuple], ...]  # what the figures rest on: (key of NOTES_EN, params)
    unknown_fields: tuple[str, ...] = field(default=())  # fee fields counted as 0

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
        variable = 0.0
        if commission_pct:
            if basis == "total_gmv":
                variable += commission_pct / 100 * gmv
            elif basis == "incremental_gmv":
                variable += commission_pct / 100 * max(0.0, gmv - (current_gmv or 0.0))
            elif basis == "net_profit":
                variable += commission_pct / 100 * gmv * options.profit_margin_pct / 100
            elif basis == "ad_spend":
                variable += commission_pct / 100 * gmv * options.ad_spend_pct_of_gmv / 100
        if adspend_fee_pct:
            variable += adspend_fee_pct / 100 * gmv * options.ad_spend_pct_of_gmv / 100
        monthly = fixed + variable
        first_year = setup + monthly * options.months
        take = first_year / (gmv * options.months) * 100 if gmv > 0 else None

        served = exit_at + notice_months
        fixed_months = max(served, lock, lost_prepaid_months)
        exit_cost = setup + fixed * fixed_months + variable * served
        if term is None or exit_at < term:
            exit_cost += etf or 0.0
        if stop_months is None:
            at_risk = exit_cost
        else:
            at_risk = setup + fixed * max(stop_months, lost_prepaid_months) + variable * stop_months
            if stop.no_fault_exit is not True:
                at_risk += etf or 0.0
        rows.append(ScenarioCost(label, _money(gmv), _money(monthly), _money(first_year),
                                 None if take is None else round(take, 2), _money(exit_cost), _money(at_risk)))
    if unknown:
        note("unknown_fields", fields=", ".join(sorted(set(unknown))))
    return DealCost(deal.currency, current_gmv, tuple(rows), tuple(dict.fromkeys(notes)), tuple(sorted(set(unknown))))


def describe(note: tuple[str, tuple], texts: dict[str, str] | None = None) -> str:
    """One note as a sentence; ``texts`` maps note keys to templates (default: English)."""
    key, params = note
    return (texts or NOTES_EN)[key].format(**dict(params))


def parse_scenario(text: str, current: float | None) -> tuple[str, float]:
    """'600000' (absolute), '-20%' or '+30%' (relative to ``current``) → (label, monthly GMV)."""
    raw = text.strip().replace(",", "").replace("_", "")
    if raw.endswith("%"):
        try:
            pct = float(raw[:-1])
        except ValueError:
            raise ValueError("expected a number or a change like -20% / +30%") from None
        if current is None:
            raise ValueError("a relative change needs the seller's current monthly GMV "
                             "(seller.monthly_gmv), which the deals do not give")
        if not math.isfinite(pct) or pct < -100:
            raise ValueError("a change must be at least -100%")
        label = f"{'+' if pct > 0 else ''}{pct:g}%"
        return label, current * (1 + pct / 100)
    try:
        value = float(raw)
    except ValueError:
        raise ValueError("expected a number or a change like -20% / +30%") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError("a monthly GMV must be a number ≥ 0")
    return _fmt(value), value
