"""The interview's order: topics in the order a seller thinks about a deal, and when a question
does not apply (a sub-question of a "no", a commission question for a fixed fee).

Every field of the deal (fieldinfo.specs) appears in exactly one topic (a test checks it).
"""
from __future__ import annotations

from dataclasses import dataclass

from . import fieldinfo

# (topic key, field patterns in the order they are asked); a records field brings its record's fields.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("deal", ("format", "title", "id", "currency", "as_of")),
    ("provider", (
        "provider.name", "provider.kind", "provider.country", "provider.legal_form",
        "provider.registration.checked", "provider.registration.registry", "provider.registration.status",
        "provider.registration.years_operating", "provider.registration.abnormal_operations_listed",
        "provider.registration.dishonest_debtor_listed", "provider.registration.lawsuits_as_defendant",
        "provider.office_verified", "provider.claims_platform_partner", "provider.platform_partner_listed",
        "contract.signer_is_registered_entity",
    )),
    ("seller", (
        "seller.name", "seller.platforms", "seller.markets", "seller.categories", "seller.monthly_gmv",
        "seller.brand_registered", "seller.inventory_cover_days",
    )),
    ("offer", (
        "service.scope", "service.platforms", "service.markets", "service.dedicated_team", "service.team_size",
        "contract.scope_written", "contract.responsibilities_defined",
    )),
    ("fees", (
        "fees.model", "fees.base_monthly", "fees.commission_pct", "fees.commission_basis", "fees.ad_spend_pct",
        "fees.setup_fee", "fees.prepaid_months", "fees.refundable_on_exit", "fees.bundled_saas_monthly",
        "fees.minimum_commitment_months", "fees.payee_is_contracting_entity", "fees.forced_purchases",
        "fees.ad_budget_approval",
    )),
    ("kpis", ("kpis", "contract.kpi_penalty", "contract.refund_formula", "contract.milestones")),
    ("contract", (
        "contract.written", "contract.start_date", "contract.term_months", "contract.governing_law",
        "contract.auto_renewal.present", "contract.auto_renewal.renewal_term_months",
        "contract.auto_renewal.cancel_notice_days",
        "contract.stop_loss.present", "contract.stop_loss.threshold_pct", "contract.stop_loss.consecutive_periods",
        "contract.stop_loss.period", "contract.stop_loss.no_fault_exit", "contract.stop_loss.notice_days",
        "contract.termination.for_convenience", "contract.termination.notice_days",
        "contract.termination.early_termination_fee", "contract.termination.handover",
        "contract.termination.access_removal_days",
        "contract.ip.creatives", "contract.ip.copy", "contract.ip.data", "contract.ip.accounts",
        "contract.unilateral_changes", "contract.non_cooperation_escape", "contract.dispute_process",
        "contract.restricts_reviews_or_complaints", "contract.non_solicit_or_exclusivity",
        "governance.review_cadence", "governance.weekly_meeting", "governance.daily_brief",
        "governance.report_template_agreed", "governance.change_log", "governance.monthly_plan",
    )),
    ("data", (
        "data_access.seller_backend_access", "data_access.reporting", "data_access.raw_data_export",
        "data_access.provider_access", "data_access.provider_permissions", "data_access.funds_access",
        "data_access.api_tool_authorized", "data_access.two_factor_with_seller", "data_access.ad_account_owner",
        "data_access.brand_registry_control",
        "compliance.handles_customer_data", "compliance.customer_data_terms",
    )),
    ("pitch", (
        "claims", "track_record.case_studies", "track_record.references_contacted",
        "compliance.tactics_offered", "compliance.black_hat_excluded", "compliance.indemnity_for_violations",
    )),
    ("waivers", ("waivers",)),
)

_COMMISSION = ("base_plus_commission", "commission_only")
_SALES = ("gmv", "net_sales", "units")
_MONEY_METRICS = ("gmv", "net_sales", "acos", "tacos", "roas", "roi")
_AD_METRICS = ("acos", "tacos", "roas", "roi")

# A question is shown while the field it depends on is unanswered or has one of these values (and
# always while it has an answer of its own: nothing entered is ever hidden). "~name": a field of the
# same record. "!": shown unless the field has one of the values (the engagement types a question
# cannot concern: a software subscription has no KPIs, stop-loss or account team).
WHEN: dict[str, tuple[str, tuple[str, ...]]] = {
    **{f"provider.registration.{k}": ("provider.registration.checked", ("true",))
       for k in ("registry", "status", "years_operating", "abnormal_operations_listed", "dishonest_debtor_listed",
                 "lawsuits_as_defendant")},
    "provider.platform_partner_listed": ("provider.claims_platform_partner", ("true",)),
    "service.team_size": ("service.dedicated_team", ("true",)),
    "fees.base_monthly": ("fees.model", ("fixed", "base_plus_commission", "subscription")),
    "fees.commission_pct": ("fees.model", _COMMISSION),
    "fees.commission_basis": ("fees.model", _COMMISSION),
    "fees.ad_spend_pct": ("fees.model", ("ad_spend_pct",)),
    "fees.refundable_on_exit": ("fees.prepaid_months", ("*",)),
    "contract.auto_renewal.renewal_term_months": ("contract.auto_renewal.present", ("true",)),
    "contract.auto_renewal.cancel_notice_days": ("contract.auto_renewal.present", ("true",)),
    **{f"contract.stop_loss.{k}": ("contract.stop_loss.present", ("true",))
       for k in ("threshold_pct", "consecutive_periods", "period", "no_fault_exit")},
    "contract.termination.notice_days": ("contract.termination.for_convenience", ("true",)),
    "compliance.customer_data_terms": ("compliance.handles_customer_data", ("true",)),
    **{p: ("provider.kind", ("!saas",)) for p in (
        "kpis", "contract.kpi_penalty", "contract.stop_loss.present", "contract.milestones", "service.dedicated_team",
        "governance.weekly_meeting", "governance.daily_brief", "governance.monthly_plan")},
    "kpis[].net_of_refunds": ("~metric", _SALES),
    "kpis[].includes_tax": ("~metric", _MONEY_METRICS),
    "kpis[].attribution_window_days": ("~metric", _AD_METRICS),
}


@dataclass(frozen=True)
class Topic:
    key: str
    fields: tuple[fieldinfo.FieldSpec, ...]


def topics() -> list[Topic]:
    specs = fieldinfo.specs()
    return [Topic(key, tuple(specs[p] for p in paths)) for key, paths in TOPICS]


def asked() -> list[str]:
    """Every pattern the interview asks, records' fields included, in order."""
    specs = fieldinfo.specs()
    out = []
    for _, paths in TOPICS:
        for p in paths:
            out.append(p)
            out.extend(specs[p].children)
    return out
