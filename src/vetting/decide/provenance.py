"""What the source of a fact does to the judgment: a provider's word never clears a risk on its own.

A fact the provider stated (``sources``: ``from: provider``) that the seller has not verified, whose
field registry entry says ``verify: true`` (its registration, partner status, case-study results, who
owns the ad account, the contract's terms before the contract is seen), counts as known for
completeness, but each rule takes the WORSE of its outcome with the fact as stated and with the fact
unknown (risk > open question > pass). So a stated fact that makes the deal worse weighs as known, and
one that would clear a risk leaves an open item to verify. This is done once for all such facts of a
deal, for every rule alike (the engine evaluates the deal a second time without them): no rule has a
special case. Evidence older than ``--evidence-max-age`` months before the report date is stale.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model.models import Deal
from ..model.registry import registry
from ..model.sources import NoItem, generic, resolve
from ..rules.reference import Evaluation, Outcome

RANK = {"na": 0, "pass": 1, "unknown": 2, "risk": 3}
DEFAULT_MAX_AGE = 12  # months


def _data(deal: Deal) -> dict:
    return deal.model_dump(mode="python", by_alias=True, exclude_none=True)


def unverified(deal: Deal) -> tuple[str, ...]:
    """The concrete paths of the facts the provider stated, not verified, that the registry says need verifying."""
    if not deal.sources:
        return ()
    data = _data(deal)
    reg = registry()
    out = []
    for path, source in deal.sources.items():
        if source.from_ != "provider" or source.verified is True:
            continue
        entry = reg.get(generic(path) or "")
        if entry is None or not entry.verify:
            continue
        try:
            holder, key, _ = resolve(data, path)
        except NoItem:
            continue
        if isinstance(holder, dict) and holder.get(key) is not None:
            out.append(path)
    return tuple(out)


def without(deal: Deal, paths) -> Deal:
    """The deal with the facts at ``paths`` unknown (their sources kept)."""
    data = _data(deal)
    for path in paths:
        holder, key, _ = resolve(data, path)
        holder.pop(key, None)
    return Deal.model_validate(data)


@dataclass(frozen=True)
class Held:
    """The outcome of a rule on a subject that stays open because a fact behind it is only the provider's word."""

    rule_id: str
    subject: str
    stated: str  # the outcome with the facts as stated
    facts: tuple[str, ...]  # the provider-stated facts (concrete paths) it waits on


def _names(path: str, subject: str) -> set[str]:
    """How an outcome may name the fact at ``path``: as it is, generically, or within its subject."""
    out = {path, generic(path) or path}
    if subject != "deal" and path.startswith(subject + "."):
        out.add(path[len(subject) + 1:])
    return out


def worse(stated: Evaluation, unknown: Evaluation, paths=()) -> tuple[Evaluation, tuple[Held, ...]]:
    """Per rule and subject the worse outcome of the two. The facts at ``paths`` (those left out of
    ``unknown``) still count as known: they are not among the open question's unknown facts, so
    completeness stays as stated."""
    other = {(o.rule.id, o.subject): o for o in unknown.outcomes}
    outcomes, held = [], []
    for o in stated.outcomes:
        u = other.get((o.rule.id, o.subject))
        if u is None or RANK.get(u.status, 0) <= RANK.get(o.status, 0):
            outcomes.append(o)
            continue
        names = {p: _names(p, o.subject) for p in paths}
        behind = tuple(p for p in paths if names[p] & (set(u.missing) | set(u.assumed)))
        drop = set().union(*names.values()) if names else set()
        outcomes.append(Outcome(u.rule, u.subject, u.status, tuple(m for m in u.missing if m not in drop),
                                tuple(a for a in u.assumed if a not in drop), u.variant, u.rank))
        held.append(Held(o.rule.id, o.subject, o.status, behind or tuple(paths)))
    return Evaluation(tuple(outcomes), stated.known_facts, stated.facts), tuple(held)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day when it has fewer days)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(max(year, 1), month, min(d, day.day))
        except ValueError:
            continue
    return dt.date(max(year, 1), month, 28)


def stale_sources(deal: Deal, today: dt.date, max_age: int = DEFAULT_MAX_AGE) -> list[tuple[str, dt.date]]:
    """[(path, evidence date)] of the sources whose evidence is older than ``max_age`` months before ``today``."""
    limit = months_before(today, max_age)
    return [(path, s.evidence_date) for path, s in (deal.sources or {}).items()
            if s.evidence_date is not None and s.evidence_date < limit]


__all__ = ["unverified", "without", "worse", "Held", "stale_sources", "months_before", "RANK", "DEFAULT_MAX_AGE"]
