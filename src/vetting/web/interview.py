"""The interview's order and when a question does not apply.

Topics and the order of the questions are the field registry's (fieldinfo, from model/fields.yaml);
a list of records (KPIs, claims, case studies, milestones, waivers) is asked where its first field
is. A question is folded away when it cannot concern the engagement (the registry's `kinds`, read
against provider.kind, and its `engagements`, read against service.engagement) or when it follows up an
answer that was not given (a sub-question of a "no", a commission question for a fixed fee).

Every field of the deal (fieldinfo.specs) appears in exactly one topic (a test checks it).
"""
from __future__ import annotations

from dataclasses import dataclass

from . import fieldinfo

_COMMISSION = ("base_plus_commission", "commission_only")
_SALES = ("gmv", "net_sales", "units")
_MONEY_METRICS = ("gmv", "net_sales", "acos", "tacos", "roas", "roi")
_AD_METRICS = ("acos", "tacos", "roas", "roi")

# A question is shown while the field it depends on is unanswered or has one of these values (and
# always while it has an answer of its own: nothing entered is ever hidden). "~name": a field of the
# same record; "*": any answer.
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
    "kpis[].net_of_refunds": ("~metric", _SALES),
    "kpis[].includes_tax": ("~metric", _MONEY_METRICS),
    "kpis[].attribution_window_days": ("~metric", _AD_METRICS),
}


@dataclass(frozen=True)
class Topic:
    key: str
    fields: tuple[fieldinfo.FieldSpec, ...]


def topics() -> list[Topic]:
    """The registry's topics, each with its questions in the registry's order (a record's fields
    inside their list)."""
    specs = [s for s in fieldinfo.specs().values() if "[]" not in s.path]
    return [Topic(key, tuple(s for s in specs if s.topic == key)) for key in fieldinfo.topics()]


def asked() -> list[str]:
    """Every pattern the interview asks, records' fields included, in order."""
    specs = fieldinfo.specs()
    out = []
    for topic in topics():
        for spec in topic.fields:
            out.append(spec.path)
            out.extend(specs[c].path for c in spec.children)
    return out


def when(spec: fieldinfo.FieldSpec, name: str) -> str:
    """The page's rule for showing a question (``data-when``): conditions joined by ``;``, each
    ``field=value,value`` (shown while that field is unanswered or has one of the values)."""
    rules = list(spec.concerns)
    if spec.path in WHEN:
        target, values = WHEN[spec.path]
        if target.startswith("~"):
            target = name.rsplit(".", 1)[0] + "." + target[1:]
        rules.append((target, values))
    return ";".join(f"{target}={','.join(values)}" for target, values in rules)
