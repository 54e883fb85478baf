"""What the deal says about the provider and the work: the kind of provider the scope implies, whether it changes
things in the seller's accounts, whether a commission is charged, the engagement, and the funds scope (derived facts
of ``derived.REGISTRY``; split from derived.py to keep each module small)."""
from __future__ import annotations

from .clausefacts import _free_exit, _get


# service.scope -> the provider kind it implies, when it is the whole scope
_KIND_OF_SCOPE = {"saas": "saas", "ads": "ads_management", "listing": "listing_optimization",
                  "creative": "listing_optimization", "training": "training", "customer_service": "customer_service",
                  "store_operation": "store_operation"}


def _provider_kind(deal, as_of, rates):
    if deal.provider.kind is not None:
        return deal.provider.kind
    scope = _get(deal, "service.scope")
    if not scope:
        return None
    if "store_operation" in scope:
        return "store_operation"
    kinds = {_KIND_OF_SCOPE.get(s) for s in scope}
    return kinds.pop() if len(kinds) == 1 else None


# the work that changes things in the seller's store or ad accounts: listings, prices, bids, budgets
_ACTING_SCOPE = ("store_operation", "ads", "listing")
_ACTING_KINDS = ("store_operation", "ads_management", "listing_optimization")


def _acts_in_accounts(deal, as_of, rates):
    """The provider makes changes in the seller's store or ad accounts: its scope holds store operation, ads or
    listing work (the scope decides when given), else its kind is one of those; false for creative, customer
    service, training or software alone."""
    scope = _get(deal, "service.scope")
    if scope:
        return any(s in _ACTING_SCOPE for s in scope)
    kind = _provider_kind(deal, as_of, rates)
    return None if kind is None else kind in _ACTING_KINDS


def _has_commission(deal, as_of, rates):
    """A commission (on sales, profit or ad spend) is charged. A fee that is a share of ad spend by its
    fee model (``ad_spend_pct``) is a management fee, not a commission, unless a rate or basis says so."""
    f = deal.fees
    if f is None:
        return None
    if (f.commission_pct or 0) > 0 or f.commission_basis is not None:
        return True
    if f.model in ("base_plus_commission", "commission_only"):
        return True
    if f.model in ("fixed", "per_project", "subscription", "ad_spend_pct") or f.commission_pct == 0:
        return False
    return None


# provider kinds whose work runs month after month (an ongoing engagement unless the fees say otherwise)
_ONGOING_KINDS = ("store_operation", "ads_management", "customer_service")
_ONGOING_FEES = ("base_plus_commission", "commission_only", "ad_spend_pct")


def _engagement(deal, as_of, rates):
    """service.engagement, or the engagement the provider kind, scope and fee model imply: a subscription
    fee or a software provider is a software subscription, a per-project fee a one-off project, training or
    consulting coaching, a recurring fee for store, ads or service work an ongoing service."""
    given = _get(deal, "service.engagement")
    if given is not None:
        return given
    kind, model = _provider_kind(deal, as_of, rates), _get(deal, "fees.model")
    if kind == "saas" or model == "subscription":
        return "software_subscription"
    if model == "per_project":
        return "one_off_project"
    if kind in ("training", "consulting"):
        return "coaching"
    if kind in _ONGOING_KINDS or model in _ONGOING_FEES:
        return "ongoing"
    return None


def _funds_scope(deal, as_of, rates):
    """data_access.funds_scope, or funds_access mapped onto it (true: payouts or bank, false: none)."""
    scope = _get(deal, "data_access.funds_scope")
    if scope is not None:
        return scope
    access = _get(deal, "data_access.funds_access")
    return None if access is None else ("payouts_or_bank" if access else "none")


def _kleene_and(*values):
    if False in values:
        return False
    return None if None in values else True


def _month_fee_exposure(deal, as_of, rates):
    """All that is at stake is about a month's fee: the provider does not run the store or answer its buyers, works
    on a least-privilege user or none with no hand on the money, and the seller can leave any month on 30 days'
    notice at no cost (derived.free_exit) with at most a month paid ahead, no setup fee and no deposit. False as soon
    as one part rules it out, unknown while a part that can still decide it is. CRED-001 and CRED-006 take their
    low grade on it, CRED-014 and CRED-015 do not concern it: the worst case is one wasted month."""
    from_kind = _provider_kind(deal, as_of, rates)
    access, perms = _get(deal, "data_access.provider_access"), _get(deal, "data_access.provider_permissions")
    prepaid, setup, deposit = (_get(deal, "fees.prepaid_months"), _get(deal, "fees.setup_fee"),
                               _get(deal, "fees.deposit"))
    funds = _funds_scope(deal, as_of, rates)

    def known(value, test):
        return None if value is None else test(value)

    narrow = (True if access == "none" or perms == "least_privilege" else
              None if access is None or perms is None else False)
    return _kleene_and(
        known(from_kind, lambda k: k not in ("store_operation", "customer_service")),
        _free_exit(deal, as_of, rates),
        known(prepaid, lambda n: n <= 1), known(setup, lambda n: n <= 0), known(deposit, lambda n: n <= 0),
        known(funds, lambda f: f == "none"), known(access, lambda a: a != "main_account"), narrow)
