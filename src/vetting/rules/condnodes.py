"""The parts of a rule condition: the nodes a parsed condition is made of, the operators and the
bounds that keep it inside the engine's limits, and how numbers are cleaned for the engine.

vetting.rules.conditions parses conditions into these nodes; vetting.rules.durable_conditions compiles
them to durable-rules patterns and vetting.rules.evaluation evaluates them three-valued.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Union

OPS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "missing", "present", "contains", "contains_any", "mentions")
ORDER_OPS = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
# letters, digits, spaces, CJK and inner hyphens ("risk-free"): nothing the engine's regex reads as an operator
KEYWORD = re.compile(r"^(?!-)[\w \u3000-\u303f\u4e00-\u9fff\uff00-\uffef-]{1,40}(?<!-)$")
RESERVED = ("all", "any", "exists", "none")
# Bounds that keep every rule inside durable-rules' measured limits (docs/engine.md).
MAX_DEPTH = 8  # nested lists / all / any / exists / none (durable-rules refuses ~15 nested groups)
MAX_VALUES = 100  # values in one in / not_in / contains_any / mentions list (436 hung compilation)
NUMBER_LIMIT = 10**15  # numbers are compared within ±1e15: exact in the engine's doubles
MAX_TIMES = 1000  # |times| of a reference


class ConditionError(ValueError):
    """A condition that does not fit the grammar or the deal format."""


def clean_number(x: float | int) -> float | int | None:
    """Numbers as the engine's JSON parser reads them exactly as Python does: no exponent (rounded
    to 4 decimals, so 1e-300 is 0), ints where integral, within ±NUMBER_LIMIT (beyond it, infinities
    included, the limit: a fee of 1e305 % of GMV is compared as 1e15 %, by the engine and by the
    evaluator alike; an int beyond 64 bits or a float beyond 2**53 would not compare the same in the
    engine). NaN, which equals nothing, is None (unknown)."""
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return x if -NUMBER_LIMIT <= x <= NUMBER_LIMIT else (NUMBER_LIMIT if x > 0 else -NUMBER_LIMIT)
    x = float(x)
    if not -NUMBER_LIMIT <= x <= NUMBER_LIMIT:
        if x != x:
            return None
        return NUMBER_LIMIT if x > 0 else -NUMBER_LIMIT
    x = round(x, 4)
    return int(x) if x.is_integer() else x


@dataclass(frozen=True)
class Ref:
    """The right-hand side names another field of the same fact, optionally scaled."""

    path: str
    times: float = 1


@dataclass(frozen=True)
class Test:
    scope: str  # "deal" or "subject" (or "child" inside exists/none)
    path: str
    op: str
    arg: Any


@dataclass(frozen=True)
class All:
    items: tuple


@dataclass(frozen=True)
class Any_:
    items: tuple


@dataclass(frozen=True)
class Exists:
    kind: str
    cond: Any
    negated: bool = False


@dataclass(frozen=True)
class Maybe:
    """Holds unless ``cond`` is known to be false: true when it holds *or cannot be decided*.

    A rule's applicability (``applies:``) joins its condition through this node, so that
    an unknown applicability fact never stops a known risk from firing."""

    cond: Any


Node = Union[Test, All, Any_, Exists, Maybe]


