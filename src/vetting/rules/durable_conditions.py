"""Rule conditions compiled to durable-rules patterns (the engine's fast path decides *risk*).

The deal pattern comes first and negations last (design/durable-rules.md); an applicability guard
(``Maybe``) also matches a fact for which it cannot be decided.
"""
from __future__ import annotations

from ..io.errors import said
from .condnodes import ORDER_OPS, All, ConditionError, Exists, Maybe, Node, Ref, Test


def _scope_set(node: Node) -> set[str]:
    """The scopes ("deal", "subject", "child") of the tests in a condition."""
    if isinstance(node, Test):
        return {node.scope}
    if isinstance(node, Exists):
        return {"child"}
    if isinstance(node, Maybe):
        return _scope_set(node.cond)
    return set().union(*(_scope_set(i) for i in node.items))


def _d_test(t: Test) -> dict:
    p, a = t.path, t.arg
    if t.op == "eq":
        return {p: a}
    if t.op == "ne":
        return {"$neq": {p: a}}
    if t.op in ORDER_OPS:
        if isinstance(a, Ref):
            rhs = {"$m": a.path}
            if a.times != 1:
                rhs = {"$mul": {"$l": rhs, "$r": a.times}}
            # durable-rules treats a comparison with a *missing* referenced field as true
            # (both a > b and a < b held); require the field to exist.
            return {"$and": [{"$ex": {a.path: 1}}, {ORDER_OPS[t.op]: {p: rhs}}]}
        return {ORDER_OPS[t.op]: {p: a}}
    if t.op == "in":
        return {p: a[0]} if len(a) == 1 else {"$or": [{p: v} for v in a]}
    if t.op == "not_in":
        return {"$neq": {p: a[0]}} if len(a) == 1 else {"$and": [{"$neq": {p: v}} for v in a]}
    if t.op == "missing":
        return {"$nex": {p: 1}}
    if t.op == "present":
        return {"$ex": {p: 1}}
    if t.op == "contains":
        return {"$iany": {p: {"$i": a}}}
    if t.op == "contains_any":
        return {"$iany": {p: {"$or": [{"$i": v} for v in a]}}} if len(a) > 1 else {"$iany": {p: {"$i": a[0]}}}
    if t.op == "mentions":
        alts = [{"$imt": {p: f".*{kw}.*"}} for kw in a]
        return alts[0] if len(alts) == 1 else {"$or": alts}
    raise AssertionError(t.op)


def _d_maybe(t: Test) -> dict:
    """The test holds *or cannot be decided* (a field it reads is missing)."""
    if t.op in ("missing", "present"):
        return _d_test(t)
    alts = [_d_test(t), {"$nex": {t.path: 1}}]
    if isinstance(t.arg, Ref):
        alts.append({"$nex": {t.arg.path: 1}})
    return {"$or": alts}


def _d_expr(node: Node, maybe: bool = False) -> dict:
    """A durable-rules expression. With ``maybe``, it also matches facts for which the
    condition is unknown: a negated pattern must block the rule unless no record can match."""
    if isinstance(node, Test):
        return _d_maybe(node) if maybe else _d_test(node)
    if isinstance(node, Maybe):
        return _d_expr(node.cond, maybe=True)
    parts = [_d_expr(i, maybe) for i in node.items]
    if len(parts) == 1:
        return parts[0]
    return {"$and": parts} if isinstance(node, All) else {"$or": parts}


def to_durable(node: Node, subject: str) -> list[dict]:
    """The durable-rules ``all`` list for one rule.

    The deal pattern always comes first and negations last: together with the
    deal fact being asserted after every child fact, this is the order in
    which durable-rules evaluates negations correctly (design/durable-rules.md).
    """
    top = list(node.items) if isinstance(node, All) else [node]
    deal_parts, subj_parts, joins, negs = [], [], [], []
    for item in top:
        if isinstance(item, Exists):
            pat = {"$and": [{"kind": item.kind}, _d_expr(item.cond, maybe=item.negated)]}
            (negs if item.negated else joins).append(pat)
            continue
        scopes = _scope_set(item)
        if len(scopes) != 1:
            raise ConditionError(said("cond_any_scope"))
        (deal_parts if scopes == {"deal"} else subj_parts).append(_d_expr(item))
    patterns = [{"d": {"$and": [{"kind": "deal"}, *deal_parts]}}]
    if subject != "deal":
        patterns.append({"subj": {"$and": [{"kind": subject}, *subj_parts]}})
    patterns += [{f"j{i}": p} for i, p in enumerate(joins)]
    patterns += [{f"n{i}$not": p} for i, p in enumerate(negs)]
    return patterns
