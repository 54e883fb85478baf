"""Deal → facts: plain dicts for the engine and the three-valued evaluator.

One fact for the deal and one per KPI, claim, case study and milestone. Only
the fields that the loaded rules read are sent (smaller JSON, nothing the
engine cannot handle), numbers are cleaned to the engine's JSON dialect, lists
of records become their length on the deal fact, and derived fields are added.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import claims, derived, order
from .conditions import NUMBER_LIMIT, clean_number
from ..model.fields import CHILD_KINDS
from ..model.models import Deal

# Source fields of each derived field: an open question names these, not the derived name.
DERIVED_SOURCES = {**{path: d.sources for path, d in derived.BY_PATH.items()},
                   "implied_growth_pct": ("target", "target_kind", "baseline"),
                   "claim_kind": ("kind", "text"), "promise": ("guaranteed", "text", "kind")}
# a derived field's sources that count only while another source is unknown (Derived.shadowed_by)
DERIVED_SHADOWED = {path: dict(d.shadowed_by) for path, d in derived.BY_PATH.items() if d.shadowed_by}


@dataclass
class Facts:
    deal: dict
    children: dict[str, list[dict] | None]  # kind -> records (None: the list itself is unknown)


def _clean(value):
    if isinstance(value, dict):
        out = {k: _clean(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in out.items() if v is not None} if None in out.values() else out
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, float):
        return clean_number(value)  # None for NaN (dropped above)
    if value.__class__ is int and not -NUMBER_LIMIT <= value <= NUMBER_LIMIT:
        return clean_number(value)
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    return value


def derived_deal(deal: Deal, as_of: dt.date, rates: derived.Rates) -> dict:
    return _clean(derived.compute(deal, as_of, rates))


def implied_growth(kpi: dict):
    kind, target, base = kpi.get("target_kind"), kpi.get("target"), kpi.get("baseline")
    if target is None:
        return None
    if kind == "growth_pct":
        return target
    if kind in ("absolute", "at_least") and base:
        if base > 0:
            return (target - base) / base * 100
    return None


def _project(data: dict, tree: dict) -> dict:
    out = {}
    for key, sub in tree.items():
        if key not in data:
            continue
        value = data[key]
        if sub and isinstance(value, dict):
            value = _project(value, sub)
            if not value:
                continue
        out[key] = value
    return out


def path_tree(paths) -> dict:
    """{'a.b', 'a.c', 'd'} → {'a': {'b': {}, 'c': {}}, 'd': {}} for projection."""
    tree: dict = {}
    for p in paths:
        node = tree
        for part in p.split("."):
            node = node.setdefault(part, {})
    return tree


def child_label(kind: str, record: dict, index: int) -> str:
    base = CHILD_KINDS[kind][0]
    return f"{base}[{record['id']}]" if kind == "kpi" else f"{base}[{index}]"


def build(deal: Deal, as_of: dt.date, used: dict[str, dict], rates: derived.Rates) -> Facts:
    """The facts for one deal. ``used`` maps each fact kind to a path tree of the fields rules read."""
    raw = deal.model_dump(mode="python", by_alias=True, exclude_none=True, exclude={"waivers"})
    full = _clean(raw)
    children: dict[str, list[dict] | None] = {}
    for kind, (path, _model) in CHILD_KINDS.items():
        head, _, tail = path.rpartition(".")
        holder = full.get(head) if head else full
        records = holder.get(tail) if isinstance(holder, dict) else None
        if records is None:
            children[kind] = None
            continue
        if isinstance(holder, dict):
            holder[tail] = len(records)
        facts = []
        for i, rec in enumerate(records):
            label = child_label(kind, rec, i)
            if kind == "kpi":
                g = implied_growth(rec)
                g = clean_number(g) if g is not None else None
                if g is not None:
                    rec["implied_growth_pct"] = g
            elif kind == "claim":
                rec["claim_kind"] = claims.claim_kind(rec)
                if (p := claims.promise(rec)) is not None:
                    rec["promise"] = p
            # the id first: the engine echoes a matched fact's text, and the id at its start names the
            # record at once (engine._Echo), however many records the deal has
            fact = {"id": label, "kind": kind}
            fact.update((k, v) for k, v in _project(rec, used.get(kind, {})).items() if k not in fact)
            facts.append((rec, fact))
        # judged and listed in canonical order (model.order): a rule names the first record it holds for,
        # whatever the order the deal lists them in; each keeps its place in the file as its label
        if len(facts) > 1:
            key = order.RECORD_KEYS[kind]
            facts.sort(key=lambda pair: key(pair[0]))
        children[kind] = [fact for _, fact in facts]
    computed = derived_deal(deal, as_of, rates)
    if computed:
        full["derived"] = computed
    fact = _project(full, used.get("deal", {}))
    fact["kind"] = "deal"
    fact["id"] = "deal"
    return Facts(fact, children)
