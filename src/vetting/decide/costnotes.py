"""The assumptions a deal's cost rests on: their English sentences (the comparison's string tables hold
both languages, keys prefixed ``cost_``), the fee term each is printed beside, and how a note reads."""
from __future__ import annotations


# `Terms` in the annotations is vetting.decide.costs.Terms; costs imports this module, so it is named, not imported

# Every assumption a cost can rest on. The same keys, prefixed "cost_", are in
# report_templates/strings_compare.<lang>.yaml for the comparison's language.
NOTES_EN = {
    "no_fees": "no fees section: every fee counted as 0",
    "model_unknown": "fee model unknown: every fee field given is counted",
    "commission_only_base": "commission_only model with a base fee: the base fee is counted too",
    "per_project": "per_project: the project price (or, without one, the setup fee) is paid once, up front",
    "tax_on_top": "tax of {pct}% charged on top of the quoted fees: every fee counted with it",
    "tax_rate_unknown": "tax is charged on top of the quoted fees at a rate not stated: fees counted without it",
    "deposit_lost": "a deposit of {amount} not paid back: counted as paid up front and lost on exit",
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
    "tax_on_top": ("fixed_fee",),
    "tax_rate_unknown": ("fixed_fee",),
    "deposit_lost": ("setup",),
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
