"""The assumptions a deal's cost rests on, as keys: the fee term each is printed beside. A note is a key
and its values; its sentence (``cost_<key>`` of the comparison's string tables) is the text layer's
(``text.costwords``)."""
from __future__ import annotations


# `Terms` in the annotations is vetting.decide.costs.Terms; costs imports this module, so it is named, not imported

# Every assumption a cost can rest on, and the fee term (a row of the comparison's fixed-terms table) it
# is printed beside.
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

