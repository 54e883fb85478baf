"""One currency for a comparison: quotes in other currencies are converted with the rate table
(rules/rates.yaml, or ``--rates FILE``) before they are priced, so a USD quote among CNY ones is
ranked on cost like the others instead of dropping out. The page names the table and each rate used.

The comparison's currency is the one most quotes are in (the first quote's on a tie). Every money
field of a converted deal (fees, the seller's GMV, the early-termination fee …: the fields typed
``models.Money``) is multiplied by the cross rate; percentages and counts stay. The risk assessment of
each quote is made on the deal as written (its rules convert thresholds themselves).
"""
from __future__ import annotations

import collections
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel

from ..model import models
from ..model.derived import default_rates_file, load_rates


@dataclass(frozen=True)
class Conversion:
    currency: str  # the comparison's currency
    rates: dict[str, float]  # {other currency: units of the comparison's currency per unit of it}
    as_of: str
    source: str


def target_currency(currencies: list[str | None]) -> str | None:
    known = [c for c in currencies if c]
    if not known:
        return None
    counts = collections.Counter(known)
    best = max(counts.values())
    return next(c for c in known if counts[c] == best)


def plan(currencies: list[str | None], rates_file: str | None) -> tuple[Conversion | None, list[str]]:
    """(the conversion, currencies it cannot convert). None when all quotes share one currency, or one
    has no currency (unknown: it cannot be converted)."""

    distinct = list(dict.fromkeys(currencies))
    if len(distinct) < 2 or None in distinct:
        return None, [c for c in distinct if c is None]
    table = load_rates(rates_file or default_rates_file())
    target = target_currency(currencies)
    missing = [c for c in distinct if c not in table.per_usd]
    if missing:
        return None, missing
    cross = {c: table.per_usd[target] / table.per_usd[c] for c in distinct if c != target}
    return Conversion(target, cross, table.as_of, table.source), []


def _is_money(annotation) -> bool:
    ann = annotation
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        ann = next(a for a in typing.get_args(ann) if a is not type(None))
    return ann == models.Money


def scaled(model: BaseModel, factor: float) -> BaseModel:
    """A copy of a deal (or part of one) with every money field multiplied by ``factor``."""
    updates = {}
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        if _is_money(field.annotation) and isinstance(value, (int, float)):
            updates[name] = value * factor
        elif isinstance(value, BaseModel):
            updates[name] = scaled(value, factor)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            updates[name] = [scaled(v, factor) for v in value]
    return model.model_copy(update=updates)


def converted(deal: models.Deal, conv: Conversion | None) -> models.Deal:
    """The deal in the comparison's currency (itself when it is in it already)."""
    if conv is None or deal.currency == conv.currency:
        return deal
    return scaled(deal, conv.rates[deal.currency]).model_copy(update={"currency": conv.currency})
