"""Two versions of one proposal (``vetting diff OLD NEW``): what the negotiation round changed.

Findings are matched by rule and subject, a record of a list whose order means nothing (a claim, a case
study, a milestone) by its stable name (model.order.names: a claim's text, a case study's client, a
milestone's month), so listing the claims in another order changes nothing. A finding is *resolved* when it
was open (a risk or an open question, not waived) and is no longer; *new* when it is open now and was not;
*worsened* or *improved* when it stays open with another status (open question ↔ risk) or severity. Facts
are compared field by field on the flattened deal (KPIs by id, claims, case studies and milestones by
their stable name: ``claims[“保你月销百万”].guaranteed``, other records by position). The monthly
cost is priced at the current GMV (the new version's ``seller.monthly_gmv``, else the old one's)
for both versions with costs.py. JSON format ``vetting/diff@1``.
"""
from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field
from typing import Optional

from ..decide.assessment import Assessment, Fix
from ..io.jsontext import Document
from ..model import order
from ..model.loading import LoadedDeal
from ..rules.rulepack import SEVERITIES
from .assess import rounded
from ..decide.costs import deal_cost
from ..text.lifecycle_text import text
from .assess import assess
from ..model.derived import default_rates_file, load_rates
from ..outputs.lifecycle import render as render_report
from pydantic import TypeAdapter
from ..outputs.contract import _ENUMS as ASSESSMENT_ENUMS
from .diff_facts import (SOURCE_KEYS, _annotation, enum_label, fact_kind, fact_label, fact_value,  # noqa: F401
                         source_record)  # diff's names, as before

DIFF_FORMAT = "vetting/diff@1"
CHANGES = ("resolved", "new", "worsened", "improved")
_STATUS_RANK = {"unknown": 1, "risk": 2}


@dataclass(slots=True)
class FindingChange:
    change: str  # resolved | new | worsened | improved
    rule_id: str
    subject: str
    category: str
    title: str  # the open finding's title (the old one's when resolved)
    status_before: Optional[str]  # risk | unknown | pass | na | waived; null when the rule did not look at it
    status_after: Optional[str]
    severity_before: Optional[str]
    severity_after: Optional[str]
    points_before: float
    points_after: float
    subject_name: str = ""  # the subject as the report names it (a KPI's name, a claim's text …; "" for none)


@dataclass(slots=True)
class FactChange:
    path: str  # contract.stop_loss.present, kpis[sales].target
    before: object  # null: unknown (or absent)
    after: object


@dataclass(slots=True)
class SourceChange:
    path: str  # the fact whose source changed (the deal's ``sources`` key)
    before: object  # the source record (from, by, on, evidence, clause, page, quote …); null: none given
    after: object


@dataclass(slots=True)
class Side:
    file: str
    deal_id: str
    title: Optional[str]
    as_of: str
    digest: str
    score: float
    level: str
    verdict: str
    completeness: float
    risks: int
    unknowns: int
    monthly_cost: Optional[float]  # at the current GMV, in this version's currency; null when the GMV is unknown
    currency: Optional[str] = None  # this version's own (each side is priced in its own currency)
    monthly_cost_converted: Optional[float] = None  # in the report's currency when this side's differs (rate table)


@dataclass(slots=True)
class Blocker:
    rule_id: str
    subject: str
    title: str
    status: str
    subject_name: str = ""


@dataclass(slots=True)
class Diff(Document):
    lang: str
    currency: Optional[str]
    gmv: Optional[float]  # the current monthly GMV both versions are priced at
    before: Side
    after: Side
    findings: list[FindingChange]
    facts: list[FactChange]
    blockers: list[Blocker]  # what still blocks signing in the new version
    path: list[Fix]  # the new version's remaining negotiation path
    warnings: list[str] = field(default_factory=list)  # not versions of one deal; different currencies
    sources: list[SourceChange] = field(default_factory=list)  # facts whose source changed (docs/deal-format.md)
    format: str = field(default=DIFF_FORMAT)


    @property
    def level(self) -> str:
        return self.after.level


def _state(f) -> str:
    return "waived" if f.waived else f.status


def _is_open(f) -> bool:
    return f is not None and f.status in _STATUS_RANK and not f.waived


def _sev(s: str | None) -> int:
    return len(SEVERITIES) - SEVERITIES.index(s) if s in SEVERITIES else 0


_RECORD = re.compile(r"[a-z_.]+\[\d+\]")  # a record labelled by its place in the file: claims[1]


def _matched(f) -> tuple[str, str]:
    """A finding's key across versions: its rule and subject, a record labelled by its place by its name."""
    return f.rule_id, (f"{f.subject.rpartition('[')[0]}[“{f.subject_name}”]"
                       if f.subject_name and _RECORD.fullmatch(f.subject) else f.subject)


def finding_changes(old: Assessment, new: Assessment) -> list[FindingChange]:
    before = {_matched(f): f for f in old.findings}
    after = {_matched(f): f for f in new.findings}
    out = []
    for key in list(before) + [k for k in after if k not in before]:
        a, b = before.get(key), after.get(key)
        change = None
        if _is_open(a) and not _is_open(b):
            change = "resolved"
        elif _is_open(b) and not _is_open(a):
            change = "new"
        elif _is_open(a) and _is_open(b):
            step = (_STATUS_RANK[b.status] - _STATUS_RANK[a.status]) or (_sev(b.severity) - _sev(a.severity))
            change = "worsened" if step > 0 else "improved" if step < 0 else None
        if change is None:
            continue
        shown = b if change != "resolved" else a
        out.append(FindingChange(change, key[0], shown.subject, shown.category, shown.title,
                                 _state(a) if a else None, _state(b) if b else None,
                                 a.severity if a else None, b.severity if b else None,
                                 a.points if a else 0.0, b.points if b else 0.0, shown.subject_name))
    order = {c: i for i, c in enumerate(CHANGES)}
    out.sort(key=lambda c: (order[c.change], -_sev(c.severity_after or c.severity_before), c.rule_id,
                            c.subject_name if _RECORD.fullmatch(c.subject) else c.subject))
    return out


def flatten(value, prefix: str = "", named: dict[str, str] | None = None) -> dict[str, object]:
    """The deal as dotted paths → scalar values (KPIs by id, other records by position, lists of values
    whole); ``named``: a record's key by its label (``claims[1]`` → ``“保你月销百万”``) instead of its place."""
    out: dict[str, object] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else k, named))
    elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
        for i, item in enumerate(value):
            key = item.get("id", i) if isinstance(item.get("id"), str) else i
            key = (named or {}).get(f"{prefix}[{key}]", key)
            out.update(flatten(item, f"{prefix}[{key}]", named))
    else:
        out[prefix] = value
    return out


def record_keys(deal) -> dict[str, str]:
    """Each claim, case study and milestone's key in a flattened path, by its label: its stable name in
    quotes (``“保你月销百万”``, ``“3”`` for a milestone's month), ``“name” 2`` for a second one of that name."""
    out, seen = {}, collections.Counter()
    rank = order.ranks(deal)  # two of one name: numbered in the canonical order, not the file's
    for label, name in sorted(order.names(deal).items(), key=lambda kv: rank.get(kv[0], 0)):
        if label.startswith("kpis["):
            continue
        head = label.rpartition("[")[0]
        seen[(head, name)] += 1
        n = seen[(head, name)]
        out[label] = f"“{name}”" if n == 1 else f"“{name}” {n}"
    return out


def fact_changes(old, new) -> list[FactChange]:
    a = flatten(old.model_dump(mode="json", by_alias=True, exclude={"format", "sources"}), named=record_keys(old))
    b = flatten(new.model_dump(mode="json", by_alias=True, exclude={"format", "sources"}), named=record_keys(new))
    keys = list(a) + [k for k in b if k not in a]
    # an empty list against records (or no list): the records' fields say it
    for side, other in ((a, b), (b, a)):
        for k in [k for k, v in side.items() if v == [] and k not in other]:
            if any(o.startswith(k + "[") for o in other):
                side.pop(k)
                keys.remove(k)
    # in another currency the same number is another amount (CN¥15,000 → $15,000 is a change)
    repriced = old.currency != new.currency and old.currency is not None and new.currency is not None
    return [FactChange(k, a.get(k), b.get(k)) for k in keys
            if a.get(k) != b.get(k) or (repriced and a.get(k) is not None and fact_kind(k) == "money")]


def source_changes(old, new) -> list[SourceChange]:
    """The facts whose source record was added, removed or changed, in the order the deals name them."""
    a = {k: v.model_dump(mode="json", by_alias=True, exclude_none=True) for k, v in (old.sources or {}).items()}
    b = {k: v.model_dump(mode="json", by_alias=True, exclude_none=True) for k, v in (new.sources or {}).items()}
    return [SourceChange(k, a.get(k), b.get(k)) for k in [*a, *(k for k in b if k not in a)] if a.get(k) != b.get(k)]


def _monthly(deal, gmv: float | None) -> float | None:
    if gmv is None:
        return None

    return rounded(deal_cost(deal, [("current", gmv)], current_gmv=gmv).at("current").monthly)


def _side(loaded: LoadedDeal, a: Assessment, gmv, report_currency, rates) -> Side:
    risks = sum(1 for f in a.findings if f.status == "risk" and not f.waived)
    unknowns = sum(1 for f in a.findings if f.status == "unknown" and not f.waived)
    own = loaded.deal.currency
    cost = _monthly(loaded.deal, gmv)
    converted = _convert(cost, own, report_currency, rates) if own != report_currency else None
    return Side(loaded.source, a.deal_id, a.deal.title, a.deal.as_of, a.deal.digest, a.score, a.level, a.verdict,
                a.completeness, risks, unknowns, cost, own, converted)


def _convert(amount, source: str | None, target: str | None, rates):
    """``amount`` in ``source`` as ``target`` through the rate table; None when either rate is unknown."""
    if amount is None or source is None or target is None:
        return None
    if source == target:
        return amount
    usd = rates.to_usd(amount, source)
    rate = rates.per_usd.get(target)
    return None if usd is None or not rate else round(usd * rate, 2)


def _warnings(old: LoadedDeal, new: LoadedDeal, rates, lang: str) -> list[str]:
    """Two files that are not versions of one deal (another id or provider); different currencies."""

    def w(key: str, **values) -> str:
        return text(lang, "diff." + key, **values)

    out = []
    a, b = old.deal, new.deal
    what = []
    if a.id != b.id:
        what.append(w("what_id", old=a.id, new=b.id))
    names = [(d.provider.name or "").strip() if d.provider else "" for d in (a, b)]
    if names[0] and names[1] and names[0].casefold() != names[1].casefold():
        what.append(w("what_provider", old=names[0], new=names[1]))
    if what:
        out.append(w("warn_not_versions", old=old.source, new=new.source, what=w("what_sep").join(what)))
    if a.currency and b.currency and a.currency != b.currency:
        known = a.currency in rates.per_usd and b.currency in rates.per_usd
        out.append(w("warn_currency" if known else "warn_currency_norate", old=a.currency, new=b.currency,
                     as_of=rates.as_of))
    return out


def diff(old: LoadedDeal, new: LoadedDeal, *, lang: str = "en", rules=(), today=None,
         rates: str | None = None) -> Diff:
    """What changed from ``old`` to ``new``, both assessed on one report date ``today`` (default: the
    system date). Each version is priced in its own currency at the current
    monthly GMV (converted into that currency with the rate table ``rates``, default rules/rates.yaml,
    when the GMV is given in the other's); a warning says when the two files are not versions of one
    deal (another id or provider) or are in different currencies."""

    table = load_rates(rates) if rates else load_rates(default_rates_file())
    a_old = assess(old, lang=lang, rules=rules, today=today, rates=rates)
    a_new = assess(new, lang=lang, rules=rules, today=today, rates=rates)
    source = next((d for d in (new.deal, old.deal) if d.seller and d.seller.monthly_gmv is not None), None)
    gmv = source.seller.monthly_gmv if source is not None else None
    currency = new.deal.currency or old.deal.currency

    def gmv_in(deal):  # the shared current GMV in this version's currency
        if gmv is None or deal.currency == source.currency or None in (deal.currency, source.currency):
            return gmv
        return _convert(gmv, source.currency, deal.currency, table)

    blockers = [Blocker(f.rule_id, f.subject, f.title, f.status, f.subject_name) for f in a_new.findings
                if f.severity == "blocker" and _is_open(f)]
    return Diff(lang=lang, currency=currency, gmv=gmv_in(new.deal),
                before=_side(old, a_old, gmv_in(old.deal), currency, table),
                after=_side(new, a_new, gmv_in(new.deal), currency, table),
                findings=finding_changes(a_old, a_new), facts=fact_changes(old.deal, new.deal),
                blockers=blockers, path=list(a_new.path), warnings=_warnings(old, new, table, lang),
                sources=source_changes(old.deal, new.deal))


def render(d: Diff, fmt: str) -> str:
    if fmt == "json":
        return d.to_json()

    return render_report("diff", d.lang, fmt, d=d,
                         value=lambda path, v, currency=None: fact_value(path, v, d.lang, currency or d.currency),
                         label=lambda path: fact_label(path, d.lang), src=source_record)


_ENUMS = {
    ("FindingChange", "change"): CHANGES,
    ("FindingChange", "status_before"): ("risk", "unknown", "pass", "na", "waived", None),
    ("FindingChange", "status_after"): ("risk", "unknown", "pass", "na", "waived", None),
}


def strict_schema(cls, fmt: str, enums: dict) -> dict:
    """A dataclass report as JSON Schema (draft 2020-12): every key required, no other key allowed,
    the closed vocabularies in ``enums`` ({(class name, key): values}) as enums."""

    doc = TypeAdapter(cls).json_schema(mode="serialization")
    for name, obj in [*doc.get("$defs", {}).items(), (cls.__name__, doc)]:
        obj["required"] = sorted(obj.get("properties", {}))
        obj["additionalProperties"] = False
        for (owner, key), values in enums.items():
            if owner == name and key in obj["properties"]:
                obj["properties"][key] = {"enum": list(values)}
    doc["properties"]["format"] = {"const": fmt}
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return doc


def diff_schema() -> dict:
    """``vetting/diff@1`` as JSON Schema."""

    enums = {**{k: v for k, v in ASSESSMENT_ENUMS.items() if k[0] == "Fix"}, **_ENUMS}
    doc = strict_schema(Diff, DIFF_FORMAT, enums)
    doc["title"] = f"vetting diff ({DIFF_FORMAT})"
    return doc
