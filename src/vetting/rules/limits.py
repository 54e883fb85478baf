"""durable-rules' measured limits, and how much of them a rule uses (docs/engine.md).

Pure Python, no durable-rules import: rule-pack validation uses it too.

durable-rules 2.0.28 corrupts its heap (SIGSEGV, SIGABRT "free(): invalid pointer") when one fact
satisfies more than 64 distinct tests below one node of its network: 64 hold, 65 crash. It hangs
compiling a node with about 500 distinct tests below it (a 512-slot table probed without a bound).
The engine adapter therefore splits the rules into several durable-rules rule sets ("chunks") whose
widths (``weight``) add up, per fact kind, to at most WIDTH_BUDGET and ALL_BUDGET; a rule wider than
RULE_WIDTH on its own is refused at pack load.
"""
from __future__ import annotations

ENGINE_FAN_OUT = 64  # measured: tests one fact may satisfy below one node (65 crash)
WIDTH_BUDGET = 56  # per chunk and fact kind: tests that can hold for one fact at once below one node
ALL_BUDGET = 256  # per chunk and fact kind: tests below one node (about 500 hang compilation)
RULE_WIDTH = 40  # per rule: it must fit in a chunk with room to spare
RULE_ALL = 200




def weight(patterns: list[dict]) -> dict[str, tuple[int, int]]:
    """Per fact kind, (width, all) of one rule's patterns on facts of that kind: at most how many
    distinct tests the rule puts below any one node of durable-rules' network that can hold for one
    fact at once, and how many at all.

    durable-rules expands a pattern into chains of tests, one per alternative, that share their
    common beginnings: ``$and`` puts its parts one below the other (its width is its widest part's),
    ``$or`` puts its alternatives side by side (the sum of theirs). Equalities on one field joined by
    ``$or`` (an ``in:`` list) count once among those that can hold: at most one of them does. Every
    pattern starts with its ``kind`` test, one node per kind shared by every rule, below which the
    rest hangs: patterns on different kinds never share a node below it."""
    out: dict[str, tuple[int, int]] = {}
    for pattern in patterns:
        for expr in pattern.values():
            kind = "*"
            if isinstance(expr, dict) and list(expr) == ["$and"] and expr["$and"] and _is_kind(expr["$and"][0]):
                kind, expr = expr["$and"][0]["kind"], {"$and": expr["$and"][1:]}
            elif _is_kind(expr):
                continue
            w, a = _weigh(expr)
            if not a:
                continue
            before = out.get(kind, (0, 0))
            out[kind] = (before[0] + w, before[1] + a)
    return out


def _is_kind(expr) -> bool:
    return isinstance(expr, dict) and list(expr) == ["kind"]


def _weigh(expr) -> tuple[int, int]:
    if not isinstance(expr, dict) or len(expr) != 1:
        return 1, 1
    (key, value), = expr.items()
    if key in ("$and", "$or") and isinstance(value, list):
        if not value:
            return 0, 0
        parts = [_weigh(v) for v in value]
        if key == "$and":
            return max(w for w, _ in parts), max(a for _, a in parts)
        every = sum(a for _, a in parts)
        return (1 if _same_field_equalities(value) else sum(w for w, _ in parts)), every
    if key in ("$iany", "$iall") and isinstance(value, dict) and len(value) == 1:
        return _weigh(next(iter(value.values())))
    return 1, 1


def _same_field_equalities(items: list) -> bool:
    fields = set()
    for item in items:
        if not isinstance(item, dict) or len(item) != 1:
            return False
        (key, value), = item.items()
        if key.startswith("$") or isinstance(value, (dict, list)):
            return False
        fields.add(key)
    return len(fields) == 1


