"""The deal file (format ``vetting/deal@1``) as pydantic v2 models.

Field names and enum values follow ``design/deal-format.md`` and are part of the
public contract. ``None`` (or an omitted key) always means *unknown*, which the
rules treat differently from a known ``False``.
"""
from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

DEAL_FORMAT = "vetting/deal@1"

# Caps keep every value well inside the engine's limits (strings < 64 KiB,
# no exponent-formatted floats) and catch absurd input early.
MAX_MONEY = 1_000_000_000_000
MAX_TEXT = 4000

Money = Annotated[float, Field(ge=0, le=MAX_MONEY)]
Pct = Annotated[float, Field(ge=0, le=100)]
Days = Annotated[int, Field(ge=0, le=3650)]
Months = Annotated[int, Field(ge=0, le=240)]
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,64}$")]

Platform = Literal["amazon", "shopee", "tiktok_shop", "lazada", "temu", "walmart", "ebay", "shopify", "aliexpress", "other"]
LegalForm = Literal["registered_company", "individual_business", "individual"]
ProviderKind = Literal["store_operation", "ads_management", "listing_optimization", "customer_service", "training", "saas", "consulting"]
RegistryStatus = Literal["active", "revoked", "deregistered", "dissolved"]
ServiceScope = Literal["store_operation", "ads", "listing", "customer_service", "creative", "training", "saas", "compliance"]
Period = Literal["week", "month", "quarter"]
KpiPeriod = Literal["week", "month", "quarter", "contract"]
Owner = Literal["seller", "provider", "shared", "unspecified"]
FeeModel = Literal["fixed", "base_plus_commission", "commission_only", "ad_spend_pct", "per_project", "subscription"]
CommissionBasis = Literal["total_gmv", "incremental_gmv", "net_profit", "ad_spend"]
Metric = Literal[
    "gmv", "net_sales", "units", "sessions", "conversion_rate", "acos", "tacos", "roas", "roi", "profit_margin",
    "return_rate", "refund_rate", "review_rating", "account_health", "order_defect_rate", "inventory_turnover_days",
    "ranking", "custom",
]
TargetKind = Literal["absolute", "growth_pct", "at_most", "at_least"]
DataSource = Literal["seller_central", "ads_console", "platform_backend", "erp", "third_party_bi", "provider_report", "unspecified"]
Evidence = Literal["none", "screenshots", "exported_report", "live_backend", "reference_call"]
BackendAccess = Literal["full", "partial", "none"]
Reporting = Literal["live_dashboard", "exports", "screenshots", "none"]
ProviderAccess = Literal["partner_authorization", "sub_account", "api_app", "main_account", "none"]
Permissions = Literal["least_privilege", "broad", "full"]
SellerOrProvider = Literal["seller", "provider"]
Cadence = Literal["weekly", "biweekly", "monthly", "quarterly", "none"]
Tactic = Literal["paid_reviews", "fake_orders", "review_removal", "variation_abuse", "extra_accounts", "off_platform_contact"]


class _Model(BaseModel):
    """Unknown keys are errors: a typo must never silently become 'unknown'."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Seller(_Model):
    name: Optional[ShortText] = None
    platforms: Optional[list[Platform]] = None
    markets: Optional[list[Country]] = None
    categories: Optional[list[ShortText]] = None
    monthly_gmv: Optional[Money] = None
    brand_registered: Optional[bool] = None
    inventory_cover_days: Optional[Days] = None


class Registration(_Model):
    checked: Optional[bool] = None
    registry: Optional[ShortText] = None
    status: Optional[RegistryStatus] = None
    years_operating: Optional[Annotated[float, Field(ge=0, le=200)]] = None
    abnormal_operations_listed: Optional[bool] = None
    dishonest_debtor_listed: Optional[bool] = None
    lawsuits_as_defendant: Optional[Annotated[int, Field(ge=0, le=100000)]] = None


class Provider(_Model):
    name: ShortText
    kind: Optional[ProviderKind] = None
    country: Optional[Country] = None
    legal_form: Optional[LegalForm] = None
    registration: Optional[Registration] = None
    office_verified: Optional[bool] = None
    claims_platform_partner: Optional[bool] = None
    platform_partner_listed: Optional[bool] = None


class Service(_Model):
    scope: Optional[list[ServiceScope]] = None
    platforms: Optional[list[Platform]] = None
    markets: Optional[list[Country]] = None
    dedicated_team: Optional[bool] = None
    team_size: Optional[Annotated[int, Field(ge=0, le=10000)]] = None


class AutoRenewal(_Model):
    present: Optional[bool] = None
    renewal_term_months: Optional[Months] = None
    cancel_notice_days: Optional[Days] = None


class StopLoss(_Model):
    present: Optional[bool] = None
    threshold_pct: Optional[Pct] = None
    consecutive_periods: Optional[Annotated[int, Field(ge=1, le=60)]] = None
    period: Optional[Period] = None
    no_fault_exit: Optional[bool] = None


class Termination(_Model):
    for_convenience: Optional[bool] = None
    notice_days: Optional[Days] = None
    early_termination_fee: Optional[Money] = None
    handover: Optional[bool] = None
    access_removal_days: Optional[Days] = None


class IpTerms(_Model):
    creatives: Optional[Owner] = None
    copy_: Optional[Owner] = Field(default=None, alias="copy")
    data: Optional[Owner] = None
    accounts: Optional[Owner] = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Milestone(_Model):
    month: Annotated[int, Field(ge=0, le=240)]
    acceptance: Optional[Text] = None


class Contract(_Model):
    written: Optional[bool] = None
    start_date: Optional[_dt.date] = None
    term_months: Optional[Months] = None
    governing_law: Optional[Country] = None
    auto_renewal: Optional[AutoRenewal] = None
    stop_loss: Optional[StopLoss] = None
    termination: Optional[Termination] = None
    ip: Optional[IpTerms] = None
    kpi_penalty: Optional[bool] = None
    dispute_process: Optional[bool] = None
    responsibilities_defined: Optional[bool] = None
    scope_written: Optional[bool] = None
    unilateral_changes: Optional[bool] = None
    refund_formula: Optional[bool] = None
    non_cooperation_escape: Optional[bool] = None
    signer_is_registered_entity: Optional[bool] = None
    restricts_reviews_or_complaints: Optional[bool] = None
    non_solicit_or_exclusivity: Optional[Text] = None
    milestones: Optional[list[Milestone]] = None


class Fees(_Model):
    model: Optional[FeeModel] = None
    base_monthly: Optional[Money] = None
    commission_pct: Optional[Pct] = None
    commission_basis: Optional[CommissionBasis] = None
    ad_spend_pct: Optional[Pct] = None
    setup_fee: Optional[Money] = None
    prepaid_months: Optional[Months] = None
    refundable_on_exit: Optional[bool] = None
    bundled_saas_monthly: Optional[Money] = None
    minimum_commitment_months: Optional[Months] = None
    payee_is_contracting_entity: Optional[bool] = None
    forced_purchases: Optional[bool] = None
    ad_budget_approval: Optional[bool] = None


class Kpi(_Model):
    id: Identifier
    name: Optional[ShortText] = None
    metric: Optional[Metric] = None
    target: Optional[Annotated[float, Field(ge=-MAX_MONEY, le=MAX_MONEY)]] = None
    target_kind: Optional[TargetKind] = None
    baseline: Optional[Annotated[float, Field(ge=-MAX_MONEY, le=MAX_MONEY)]] = None
    baseline_period: Optional[Annotated[str, StringConstraints(max_length=32)]] = None
    period: Optional[KpiPeriod] = None
    formula: Optional[Text] = None
    data_source: Optional[DataSource] = None
    net_of_refunds: Optional[bool] = None
    includes_tax: Optional[bool] = None
    attribution_window_days: Optional[Annotated[int, Field(ge=1, le=365)]] = None

    @field_validator("baseline_period", mode="before")
    @classmethod
    def _period_as_text(cls, v):
        # YAML reads 2025-12-01 as a date and 202512 as a number; both are fine as labels.
        if isinstance(v, (_dt.date, int)) and not isinstance(v, bool):
            return str(v)
        return v


class Claim(_Model):
    text: Text
    guaranteed: Optional[bool] = None
    in_contract: Optional[bool] = None


class CaseStudy(_Model):
    client: Optional[ShortText] = None
    verifiable: Optional[bool] = None
    evidence: Optional[Evidence] = None
    kpi_attainment_pct: Optional[Pct] = None


class TrackRecord(_Model):
    case_studies: Optional[list[CaseStudy]] = None
    references_contacted: Optional[Annotated[int, Field(ge=0, le=1000)]] = None


class DataAccess(_Model):
    seller_backend_access: Optional[BackendAccess] = None
    reporting: Optional[Reporting] = None
    raw_data_export: Optional[bool] = None
    provider_access: Optional[ProviderAccess] = None
    provider_permissions: Optional[Permissions] = None
    funds_access: Optional[bool] = None
    api_tool_authorized: Optional[bool] = None
    two_factor_with_seller: Optional[bool] = None
    ad_account_owner: Optional[SellerOrProvider] = None
    brand_registry_control: Optional[SellerOrProvider] = None


class Governance(_Model):
    review_cadence: Optional[Cadence] = None
    weekly_meeting: Optional[bool] = None
    daily_brief: Optional[bool] = None
    report_template_agreed: Optional[bool] = None
    change_log: Optional[bool] = None
    monthly_plan: Optional[bool] = None


class Compliance(_Model):
    black_hat_excluded: Optional[bool] = None
    tactics_offered: Optional[list[Tactic]] = None
    indemnity_for_violations: Optional[bool] = None
    handles_customer_data: Optional[bool] = None
    customer_data_terms: Optional[bool] = None


class Waiver(_Model):
    rule: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,64}$")]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
    by: Optional[ShortText] = None
    expires: Optional[_dt.date] = None


class Deal(_Model):
    format: Optional[Literal["vetting/deal@1"]] = None
    id: Identifier
    title: Optional[Annotated[str, StringConstraints(max_length=300)]] = None
    currency: Optional[Currency] = None  # unknown when omitted: money is never assumed to be CNY
    as_of: Optional[_dt.date] = None
    seller: Optional[Seller] = None
    provider: Provider
    service: Optional[Service] = None
    contract: Optional[Contract] = None
    fees: Optional[Fees] = None
    kpis: Optional[list[Kpi]] = None
    claims: Optional[list[Claim]] = None
    track_record: Optional[TrackRecord] = None
    data_access: Optional[DataAccess] = None
    governance: Optional[Governance] = None
    compliance: Optional[Compliance] = None
    waivers: Optional[list[Waiver]] = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, v):
        if isinstance(v, int) and not isinstance(v, bool):
            return str(v)
        return v

    @field_validator("kpis")
    @classmethod
    def _unique_kpi_ids(cls, kpis):
        seen: dict[str, int] = {}
        for i, kpi in enumerate(kpis or []):
            if kpi.id in seen:
                raise PydanticCustomError(
                    "duplicate_id",
                    "duplicate KPI id '{id}' (kpis[{first}] and kpis[{again}]); each KPI needs its own id",
                    {"id": kpi.id, "first": seen[kpi.id], "again": i},
                )
            seen[kpi.id] = i
        return kpis
