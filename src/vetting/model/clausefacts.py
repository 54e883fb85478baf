"""Derived facts read from contract clauses: exclusivity, the renewal price, the exit-fee formula, the months all
remaining fees can cost (derived.py registers them; each takes the structured field first and reads the free-text or
neighbouring field after); and two read from the provider's record and its pitch: lawsuits a year, a promise made."""
from __future__ import annotations

from . import claims as claim_reading


def _get(obj, path: str):
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


# the free-text clause as a seller writes "there is none"
_NO_CLAUSE = {"none", "no", "n/a", "无", "没有", "无此条款", "没有此条款", "不涉及"}


def _exclusivity_binds(deal, as_of, rates):
    """contract.exclusivity.present, or the free-text clause read as present (any text but "none")."""
    present = _get(deal, "contract.exclusivity.present")
    if present is not None:
        return present
    text = _get(deal, "contract.non_solicit_or_exclusivity")
    return None if text is None else text.strip().casefold() not in _NO_CLAUSE


def _renewal_price_change(deal, as_of, rates):
    """contract.auto_renewal.price_change, or none (renewal on the same terms) when the provider may not change the
    price on its own (contract.unilateral_changes false)."""
    change = _get(deal, "contract.auto_renewal.price_change")
    if change is None and _get(deal, "contract.unilateral_changes") is False:
        return "none"
    return change


def _exit_fee_formula(deal, as_of, rates):
    """contract.termination.exit_fee_formula, or fixed when only an early-termination amount is given."""
    formula = _get(deal, "contract.termination.exit_fee_formula")
    if formula is None and _get(deal, "contract.termination.early_termination_fee") is not None:
        return "fixed"
    return formula


# words of a free-text clause that bind the seller after the term or with a penalty
_AFTER_TERM_WORDS = ("after the term", "after termination", "after the end", "after expiry", "post-term", "post term",
                     "penalty", "liquidated", "months after", "years after", "期满后", "终止后", "解除后", "结束后",
                     "到期后", "违约金", "罚款", "赔偿")


def _exclusivity_restricts(deal, as_of, rates):
    """The exclusivity binds after the term or carries a penalty: from contract.exclusivity's months and penalty
    when given, else from the free-text clause's words; false when no clause binds; unknown otherwise."""
    if _exclusivity_binds(deal, as_of, rates) is False:
        return False
    months = _get(deal, "contract.exclusivity.months_after_term")
    penalty = _get(deal, "contract.exclusivity.penalty")
    if (months or 0) > 0 or (penalty or 0) > 0:
        return True
    text = _get(deal, "contract.non_solicit_or_exclusivity")
    if text is not None and any(w in text.casefold() for w in _AFTER_TERM_WORDS):
        return True
    if months is not None and penalty is not None:
        return False
    return False if text is not None and months is None and penalty is None else None


def _exclusivity_penalty_pct(deal, as_of, rates):
    """The exclusivity clause's penalty as a share of one month's sales (contract.exclusivity.penalty over
    seller.monthly_gmv, in the deal's currency); 0 without a penalty; none for a store without sales."""
    if _exclusivity_binds(deal, as_of, rates) is False:
        return 0
    penalty, gmv = _get(deal, "contract.exclusivity.penalty"), _get(deal, "seller.monthly_gmv")
    if penalty == 0:
        return 0
    if penalty is None or not gmv:
        return None
    return penalty / gmv * 100


def _all_remaining_months(deal, as_of, rates):
    """The most months of fees an exit fee of "all remaining fees" can cost: the lock-in (the longer of term and
    minimum commitment), or a longer renewal term when the contract renews itself and the fee applies in renewals
    too (not in the initial term only); unknown while a part that can still decide it is."""
    term, floor = _get(deal, "contract.term_months"), _get(deal, "fees.minimum_commitment_months")
    if term is None or floor is None:
        return None
    lock = max(term, floor)
    initial_only = _get(deal, "contract.termination.exit_fee_initial_term_only")
    renews, renewal = _get(deal, "contract.auto_renewal.present"), _get(deal, "contract.auto_renewal.renewal_term_months")
    if initial_only is True or renews is False or (renewal is not None and renewal <= lock):
        return lock
    return None if None in (initial_only, renews, renewal) else max(lock, renewal)


def _free_exit(deal, as_of, rates):
    """The seller can leave at any time on at most 30 days' notice and pay nothing for leaving: then a term, a
    renewal or a missing stop-loss binds it for no longer than a month. False as soon as one part rules it out,
    unknown while a part that can still decide it is."""
    conv = _get(deal, "contract.termination.for_convenience")
    notice, fee = _get(deal, "contract.termination.notice_days"), _get(deal, "contract.termination.early_termination_fee")
    formula = _get(deal, "contract.termination.exit_fee_formula")
    if conv is False or (notice or 0) > 30 or (fee or 0) > 0 or formula in ("remaining_months", "all_remaining_fees"):
        return False
    return True if conv is True and notice is not None and fee == 0 else None


def _store_and_brand_with_seller(deal, as_of, rates):
    """The store and the brand are known to stay the seller's: the provider works in the store through access the
    seller grants (a sub-account, a partner authorisation, an app), and the brand is the seller's (its Brand
    Registry held by the seller, or no registered brand). False when the provider holds the main login or the
    brand; unknown otherwise."""
    access, brand = _get(deal, "data_access.provider_access"), _get(deal, "data_access.brand_registry_control")
    if access == "main_account" or brand == "provider":
        return False
    store = access in ("sub_account", "partner_authorization", "api_app")
    own_brand = brand == "seller" or _get(deal, "seller.brand_registered") is False
    return True if store and own_brand else None


def _lawsuits_per_year(deal, as_of, rates):
    """Lawsuits with the provider as defendant per year in business (a company younger than a year counts one)."""
    suits, years = _get(deal, "provider.registration.lawsuits_as_defendant"), _get(deal, "provider.registration.years_operating")
    if suits == 0:
        return 0
    return None if suits is None or years is None else suits / max(years, 1)


def _pitch_promises(deal, as_of, rates):
    """Some claim of the pitch promises a result or income (claims.promise); false when none does (or there are
    none); unknown while the claims are, or one of them may still promise."""
    records = deal.claims
    if records is None:
        return None
    found = [claim_reading.promise(c.model_dump(mode="python", by_alias=True, exclude_none=True)) for c in records]
    return True if True in found else (None if None in found else False)
