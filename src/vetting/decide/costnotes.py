"""The assumptions a deal's cost rests on: the fee term each is printed beside, and how a note reads (its
sentence is ``cost_<key>`` of the comparison's string tables, report_templates/strings_compare.<lang>.yaml)."""
from __future__ import annotations

from ..io.tables import lang_table


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


def notes(lang: str = "en") -> dict[str, str]:
    """Every assumption's sentence in ``lang`` (a template): ``cost_<key>`` of strings_compare.<lang>.yaml."""
    table = lang_table("strings_compare", lang)
    return {key: table["cost_" + key] for key in NOTE_FIGURES}


def describe(note: tuple[str, tuple], texts: dict[str, str] | None = None) -> str:
    """One note as a sentence; ``texts`` maps note keys to templates (default: English)."""
    key, params = note
    return (texts or notes("en"))[key].format(**dict(params))
