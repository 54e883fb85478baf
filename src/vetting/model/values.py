"""The deal format's value types and enums (``vetting/deal@1``): bounds, dates, booleans, and every
closed vocabulary read through the alias table. The models in ``models.py`` are built from them; every
name stays importable from ``vetting.model.models``."""
from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, Strict, StringConstraints
from pydantic_core import PydanticCustomError

from .aliases import canonical, lookup

DEAL_FORMAT = "vetting/deal@1"

# Caps keep every value well inside the engine's limits (strings < 64 KiB,
# no exponent-formatted floats) and catch absurd input early.
MAX_MONEY = 1_000_000_000_000
MAX_TEXT = 4000
MAX_RECORDS = 200  # KPIs, claims, case studies, milestones or waivers in one deal
MAX_ITEMS = 100  # entries of a list of values (platforms, markets, scope ...)
# Dates a deal can mean; later ones would overflow date arithmetic (a cancel-by date adds the term).
MIN_DATE, MAX_DATE = _dt.date(1900, 1, 1), _dt.date(2199, 12, 31)

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(v):
    """A date is YYYY-MM-DD (or a spreadsheet's date cell); never a number of seconds since 1970."""
    if isinstance(v, _dt.datetime):
        if v.time() != _dt.time():
            raise PydanticCustomError("date_parsing", "not a date")
        v = v.date()
    elif isinstance(v, str):
        text = v.strip()
        if not _ISO_DATE.fullmatch(text):
            raise PydanticCustomError("date_parsing", "not a date")
        try:
            v = _dt.date.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError("date_parsing", "not a date") from None
    elif not isinstance(v, _dt.date):
        raise PydanticCustomError("date_type", "not a date")
    if not MIN_DATE <= v <= MAX_DATE:
        raise PydanticCustomError("date_range", "date out of range")
    return v


def _num(kind, **bounds):
    return Annotated[kind, Field(**bounds)]


def _enum(*values: str):
    """A Literal of ``values`` read through the alias table (case, spaces, Chinese names)."""
    table = lookup(values)
    exact = {v: v for v in values}

    def read(v):
        try:
            return exact[v]  # as written in the format: one lookup
        except (KeyError, TypeError):
            return canonical(v, table)
    return Annotated[Literal[values], BeforeValidator(read)]


# Booleans are true/false only: strict (a spreadsheet reader turns its own TRUE, 1.0, 是 into booleans first).
Bool = Annotated[bool, Strict()]
Date = Annotated[_dt.date, BeforeValidator(_date)]
Money = _num(float, ge=0, le=MAX_MONEY)
Pct = _num(float, ge=0, le=100)
Days = _num(int, ge=0, le=3650)
Months = _num(int, ge=0, le=240)
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,64}$")]

Platform = _enum("amazon", "shopee", "tiktok_shop", "lazada", "temu", "walmart", "ebay", "shopify", "aliexpress", "other")
LegalForm = _enum("registered_company", "individual_business", "individual")
ProviderKind = _enum("store_operation", "ads_management", "listing_optimization", "customer_service", "training", "saas", "consulting")
RegistryStatus = _enum("active", "revoked", "deregistered", "dissolved")
ServiceScope = _enum("store_operation", "ads", "listing", "customer_service", "creative", "training", "saas", "compliance")
Period = _enum("week", "month", "quarter")
KpiPeriod = _enum("week", "month", "quarter", "contract")
Owner = _enum("seller", "provider", "shared", "unspecified")
FeeModel = _enum("fixed", "base_plus_commission", "commission_only", "ad_spend_pct", "per_project", "subscription")
CommissionBasis = _enum("total_gmv", "net_sales", "incremental_gmv", "net_profit", "ad_spend")
Engagement = _enum("ongoing", "one_off_project", "software_subscription", "coaching")
ExitFeeFormula = _enum("fixed", "remaining_months", "all_remaining_fees")
RenewalPrice = _enum("none", "capped", "provider_sets")
FundsScope = _enum("none", "refunds_capped", "payouts_or_bank")
Metric = _enum(
    "gmv", "net_sales", "units", "sessions", "conversion_rate", "acos", "tacos", "roas", "roi", "profit_margin",
    "return_rate", "refund_rate", "review_rating", "account_health", "order_defect_rate", "inventory_turnover_days",
    "ranking", "custom",
)
TargetKind = _enum("absolute", "growth_pct", "at_most", "at_least")
DataSource = _enum("seller_central", "ads_console", "platform_backend", "erp", "third_party_bi", "provider_report", "unspecified")
Evidence = _enum("none", "screenshots", "exported_report", "live_backend", "reference_call")
BackendAccess = _enum("full", "partial", "none")
Reporting = _enum("live_dashboard", "exports", "screenshots", "none")
ProviderAccess = _enum("partner_authorization", "sub_account", "api_app", "main_account", "none")
Permissions = _enum("least_privilege", "broad", "full")
SellerOrProvider = _enum("seller", "provider")
Cadence = _enum("weekly", "biweekly", "monthly", "quarterly", "none")
ClaimKind = _enum("result_promise", "earnings_claim", "service_level", "credential", "description")
Tactic = _enum("paid_reviews", "fake_orders", "review_removal", "variation_abuse", "extra_accounts", "off_platform_contact")
