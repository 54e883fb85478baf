"""The deal file (format ``vetting/deal@1``) as pydantic v2 models.

Field names and enum values follow ``design/deal-format.md`` and are part of the
public contract. ``None`` (or an omitted key) always means *unknown*, which the
rules treat differently from a known ``False``.

No ``from __future__ import annotations`` here: the annotations are evaluated as the classes are made,
so pydantic does not compile and evaluate each of the ~180 of them again from a string when it builds
the models, on every start (docs/performance.md, "Round 6"). Each class is defined before it is used.
"""
import datetime as _dt
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from ..io import wording
from .sources import check_keys

from .values import (  # noqa: F401  (the value types and enums, importable from here as before)
    DEAL_FORMAT, MAX_MONEY, MAX_TEXT, MAX_RECORDS, MAX_ITEMS, MIN_DATE,
    MAX_DATE, _ISO_DATE, _date, _num, _enum, Bool,
    Date, Money, Pct, Days, Months, Text,
    ShortText, Country, Currency, Identifier, Platform, LegalForm,
    ProviderKind, RegistryStatus, ServiceScope, Period, KpiPeriod, Owner,
    FeeModel, CommissionBasis, Engagement, ExitFeeFormula, RenewalPrice, FundsScope,
    Metric, TargetKind, DataSource, Evidence, BackendAccess, Reporting,
    ProviderAccess, Permissions, SellerOrProvider, Cadence, ClaimKind, Tactic,
)


class _Model(BaseModel):
    """Unknown keys are errors: a typo must never silently become 'unknown'."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Seller(_Model):
    name: Optional[ShortText] = None
    platforms: Optional[Annotated[list[Platform], Field(max_length=MAX_ITEMS)]] = None
    markets: Optional[Annotated[list[Country], Field(max_length=MAX_ITEMS)]] = None
    categories: Optional[Annotated[list[ShortText], Field(max_length=MAX_ITEMS)]] = None
    monthly_gmv: Optional[Money] = None
    brand_registered: Optional[Bool] = None
    inventory_cover_days: Optional[Days] = None


class Registration(_Model):
    checked: Optional[Bool] = None
    registry: Optional[ShortText] = None
    status: Optional[RegistryStatus] = None
    years_operating: Optional[_num(float, ge=0, le=200)] = None
    abnormal_operations_listed: Optional[Bool] = None
    dishonest_debtor_listed: Optional[Bool] = None
    lawsuits_as_defendant: Optional[_num(int, ge=0, le=100000)] = None


class Provider(_Model):
    name: ShortText
    kind: Optional[ProviderKind] = None
    country: Optional[Country] = None
    legal_form: Optional[LegalForm] = None
    registration: Optional[Registration] = None
    office_verified: Optional[Bool] = None
    claims_platform_partner: Optional[Bool] = None
    platform_partner_listed: Optional[Bool] = None


class Service(_Model):
    scope: Optional[Annotated[list[ServiceScope], Field(max_length=MAX_ITEMS)]] = None
    platforms: Optional[Annotated[list[Platform], Field(max_length=MAX_ITEMS)]] = None
    markets: Optional[Annotated[list[Country], Field(max_length=MAX_ITEMS)]] = None
    dedicated_team: Optional[Bool] = None
    team_size: Optional[_num(int, ge=0, le=10000)] = None
    engagement: Optional[Engagement] = None  # inferred from scope, fees and provider.kind when omitted


class AutoRenewal(_Model):
    present: Optional[Bool] = None
    renewal_term_months: Optional[Months] = None
    cancel_notice_days: Optional[Days] = None
    price_change: Optional[RenewalPrice] = None  # the price at renewal: unchanged, a capped increase, set by the provider
    price_cap_pct: Optional[Pct] = None  # the cap for price_change: capped


class StopLoss(_Model):
    present: Optional[Bool] = None
    threshold_pct: Optional[Pct] = None
    consecutive_periods: Optional[_num(int, ge=1, le=60)] = None
    period: Optional[Period] = None
    no_fault_exit: Optional[Bool] = None
    notice_days: Optional[Days] = None  # the stop-loss exit's own notice; omitted: with immediate effect


class Termination(_Model):
    for_convenience: Optional[Bool] = None
    notice_days: Optional[Days] = None
    early_termination_fee: Optional[Money] = None
    handover: Optional[Bool] = None
    access_removal_days: Optional[Days] = None
    exit_fee_formula: Optional[ExitFeeFormula] = None  # fixed: early_termination_fee
    exit_fee_months: Optional[Months] = None  # remaining_months: how many months of fees are due
    exit_fee_initial_term_only: Optional[Bool] = None
    provider_for_convenience: Optional[Bool] = None  # the provider may end the contract without cause


class IpTerms(_Model):
    creatives: Optional[Owner] = None
    copy_: Optional[Owner] = Field(default=None, alias="copy")
    data: Optional[Owner] = None
    accounts: Optional[Owner] = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Exclusivity(_Model):
    present: Optional[Bool] = None  # an exclusivity or non-solicit clause binds the seller
    months_after_term: Optional[Months] = None  # how long it binds after the term; 0: only during the term
    penalty: Optional[Money] = None


class Milestone(_Model):
    month: _num(int, ge=0, le=240)
    acceptance: Optional[Text] = None


class Contract(_Model):
    written: Optional[Bool] = None
    start_date: Optional[Date] = None
    term_months: Optional[Months] = None
    governing_law: Optional[Country] = None
    auto_renewal: Optional[AutoRenewal] = None
    stop_loss: Optional[StopLoss] = None
    termination: Optional[Termination] = None
    ip: Optional[IpTerms] = None
    kpi_penalty: Optional[Bool] = None
    dispute_process: Optional[Bool] = None
    responsibilities_defined: Optional[Bool] = None
    scope_written: Optional[Bool] = None
    unilateral_changes: Optional[Bool] = None
    refund_formula: Optional[Bool] = None
    non_cooperation_escape: Optional[Bool] = None
    signer_is_registered_entity: Optional[Bool] = None
    restricts_reviews_or_complaints: Optional[Bool] = None
    non_solicit_or_exclusivity: Optional[Text] = None
    exclusivity: Optional[Exclusivity] = None
    milestones: Optional[Annotated[list[Milestone], Field(max_length=MAX_RECORDS)]] = None


class Fees(_Model):
    model: Optional[FeeModel] = None
    base_monthly: Optional[Money] = None
    commission_pct: Optional[Pct] = None
    commission_basis: Optional[CommissionBasis] = None
    ad_spend_pct: Optional[Pct] = None
    setup_fee: Optional[Money] = None
    prepaid_months: Optional[Months] = None
    refundable_on_exit: Optional[Bool] = None
    bundled_saas_monthly: Optional[Money] = None
    minimum_commitment_months: Optional[Months] = None
    payee_is_contracting_entity: Optional[Bool] = None
    forced_purchases: Optional[Bool] = None
    ad_budget_approval: Optional[Bool] = None
    project_price: Optional[Money] = None  # the price of a one-off project
    deposit: Optional[Money] = None  # 履约保证金: a performance deposit, apart from the setup fee
    deposit_refundable: Optional[Bool] = None
    minimum_monthly_fee: Optional[Money] = None  # e.g. under a share of ad spend
    ad_budget_monthly: Optional[Money] = None  # the monthly ad budget (spend) a fee on ad spend is charged on
    tax_on_top: Optional[Bool] = None  # VAT/GST charged on top of the quoted fees
    tax_rate_pct: Optional[Pct] = None


class Kpi(_Model):
    id: Identifier
    name: Optional[ShortText] = None
    metric: Optional[Metric] = None
    target: Optional[_num(float, ge=-MAX_MONEY, le=MAX_MONEY)] = None
    target_kind: Optional[TargetKind] = None
    baseline: Optional[_num(float, ge=-MAX_MONEY, le=MAX_MONEY)] = None
    baseline_period: Optional[Annotated[str, StringConstraints(max_length=32)]] = None
    period: Optional[KpiPeriod] = None
    formula: Optional[Text] = None
    data_source: Optional[DataSource] = None
    net_of_refunds: Optional[Bool] = None
    includes_tax: Optional[Bool] = None
    attribution_window_days: Optional[_num(int, ge=1, le=365)] = None
    starts_after_months: Optional[_num(int, ge=0, le=24)] = None  # judged only after this ramp-up

    @field_validator("baseline_period", mode="before")
    @classmethod
    def _period_as_text(cls, v):
        # YAML reads 2025-12-01 as a date and 202512 as a number; both are fine as labels.
        if isinstance(v, (_dt.date, int)) and not isinstance(v, bool):
            return str(v)
        return v


class Claim(_Model):
    text: Text
    guaranteed: Optional[Bool] = None
    in_contract: Optional[Bool] = None
    kind: Optional[ClaimKind] = None  # inferred from the text when omitted (vetting.model.claims)
    substantiation: Optional[Text] = None  # earnings claims: the written evidence given; null = none given


class CaseStudy(_Model):
    client: Optional[ShortText] = None
    verifiable: Optional[Bool] = None
    evidence: Optional[Evidence] = None
    kpi_attainment_pct: Optional[Pct] = None


class TrackRecord(_Model):
    case_studies: Optional[Annotated[list[CaseStudy], Field(max_length=MAX_RECORDS)]] = None
    references_contacted: Optional[_num(int, ge=0, le=1000)] = None


class DataAccess(_Model):
    seller_backend_access: Optional[BackendAccess] = None
    reporting: Optional[Reporting] = None
    raw_data_export: Optional[Bool] = None
    provider_access: Optional[ProviderAccess] = None
    provider_permissions: Optional[Permissions] = None
    funds_access: Optional[Bool] = None  # read and mapped onto funds_scope (derived.funds_scope)
    funds_scope: Optional[FundsScope] = None
    api_tool_authorized: Optional[Bool] = None
    two_factor_with_seller: Optional[Bool] = None
    ad_account_owner: Optional[SellerOrProvider] = None
    brand_registry_control: Optional[SellerOrProvider] = None


class Governance(_Model):
    review_cadence: Optional[Cadence] = None
    weekly_meeting: Optional[Bool] = None
    daily_brief: Optional[Bool] = None
    report_template_agreed: Optional[Bool] = None
    change_log: Optional[Bool] = None
    monthly_plan: Optional[Bool] = None


class Compliance(_Model):
    black_hat_excluded: Optional[Bool] = None
    tactics_offered: Optional[Annotated[list[Tactic], Field(max_length=MAX_ITEMS)]] = None
    indemnity_for_violations: Optional[Bool] = None
    handles_customer_data: Optional[Bool] = None
    customer_data_terms: Optional[Bool] = None


class Waiver(_Model):
    rule: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,64}$")]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
    by: Optional[ShortText] = None
    expires: Optional[Date] = None


class Source(_Model):
    """Where one fact came from (the deal's ``sources``; docs/deal-format.md, "Where a fact came from")."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    from_: Literal["seller", "provider", "contract", "registry"] = Field(alias="from")
    by: Optional[ShortText] = None  # who answered (a provider's answer)
    on: Optional[Date] = None  # when the answer or check was given
    evidence: Optional[Annotated[str, StringConstraints(max_length=1000)]] = None  # document, link or "attached"
    evidence_date: Optional[Date] = None
    verified: Optional[Bool] = None  # the seller confirmed it (from: provider)
    form: Optional[Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")]] = None  # the ask run's id
    clause: Optional[ShortText] = None  # from: contract
    page: Optional[Annotated[int, Field(ge=1, le=100_000)]] = None
    quote: Optional[Text] = None
    comment: Optional[Text] = None  # the answerer's comment beside the answer


class Deal(_Model):
    format: Optional[Literal["vetting/deal@1"]] = None
    id: Identifier
    title: Optional[Annotated[str, StringConstraints(max_length=300)]] = None
    currency: Optional[Currency] = None  # unknown when omitted: money is never assumed to be CNY
    as_of: Optional[Date] = None
    seller: Optional[Seller] = None
    provider: Provider
    service: Optional[Service] = None
    contract: Optional[Contract] = None
    fees: Optional[Fees] = None
    kpis: Optional[Annotated[list[Kpi], Field(max_length=MAX_RECORDS)]] = None
    claims: Optional[Annotated[list[Claim], Field(max_length=MAX_RECORDS)]] = None
    track_record: Optional[TrackRecord] = None
    data_access: Optional[DataAccess] = None
    governance: Optional[Governance] = None
    compliance: Optional[Compliance] = None
    waivers: Optional[Annotated[list[Waiver], Field(max_length=MAX_RECORDS)]] = None
    # where facts came from, by concrete field path (kpis[K1].formula); declared last: its check sees the lists
    sources: Optional[Annotated[dict[str, Source], Field(max_length=2000)]] = None

    @field_validator("sources")
    @classmethod
    def _sources_name_fields(cls, sources, info: ValidationInfo):
        return check_keys(sources, cls, info.data) if sources else sources

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
                # the message is the table's (problem.duplicate_kpi_pair): the loader writes it in the run's language
                raise PydanticCustomError("duplicate_id", wording.get("problem.duplicate_kpi_pair", "en"),
                                          {"id": kpi.id, "first": seen[kpi.id], "again": i})
            seen[kpi.id] = i
        return kpis
