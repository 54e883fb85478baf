"""Rule conditions: parse the YAML form, check it against the deal format,
compile it to a durable-rules pattern, and evaluate it three-valued.

The engine decides *risk* (the condition holds). When it does not fire, the
same condition evaluated with Kleene logic over the same facts tells an open
question (``None``: a fact it needs is unknown) from a pass (``False``).

Grammar (see docs/rule-format.md)::

    cond := [cond, ...]                       all of them
          | {all: [cond, ...]} | {any: [cond, ...]}
          | {exists: {kind: K, when: cond}}   some other fact of kind K matches  (top level only)
          | {none:   {kind: K, when: cond}}   no fact of kind K matches          (top level only)
          | {PATH: value}                     equality
          | {PATH: {OP: arg}}                 one operator
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any, Union

from ..io.errors import did_you_mean, said
from ..model.fields import CHILD_KINDS, KINDS, FieldInfo, catalog

OPS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "missing", "present", "contains", "contains_any", "mentions")
_ORDER_OPS = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
# letters, digits, spaces, CJK and inner hyphens ("risk-free"): nothing the engine's regex reads as an operator
_KEYWORD = re.compile(r"^(?!-)[\w \u3000-\u303f\u4e00-\u9fff\uff00-\uffef-]{1,40}(?<!-)$")
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


# ---------------------------------------------------------------- parsing

def parse(raw: Any, subject: str = "deal", plain: bool = False) -> Node:
    """Parse and check a rule condition for facts of kind ``subject``.

    ``plain`` conditions (``applies:`` and variants' ``if:``) test the deal and the
    subject only: no ``exists``/``none``."""
    if subject not in KINDS:
        raise ConditionError(said("cond_subject", subject=subject, kinds=", ".join(KINDS)))
    node = _parse(raw, subject, top=not plain, child=None)
    if plain and any(scope == "child" for scope, _, _ in tests(node)):
        raise ConditionError(said("cond_no_exists"))
    return node


def with_applicability(applies: Node | None, when: Node) -> Node:
    """The condition the engine fires on: ``when`` holds and ``applies`` is not known to be false.

    Each top-level item of ``applies`` joins as its own ``Maybe`` (each tests one fact, as
    the engine's patterns need)."""
    if applies is None:
        return when
    guards = applies.items if isinstance(applies, All) else (applies,)
    body = when.items if isinstance(when, All) else (when,)
    return All(tuple(Maybe(g) for g in guards) + tuple(body))


def _parse(raw, subject, top, child, depth=0):
    if isinstance(raw, (list, dict)) and depth >= MAX_DEPTH and (isinstance(raw, list) or set(raw) & set(RESERVED)):
        raise ConditionError(said("cond_depth", limit=MAX_DEPTH))
    if isinstance(raw, list):
        if not raw:
            raise ConditionError(said("cond_empty"))
        return All(tuple(_parse(r, subject, top, child, depth + 1) for r in raw))
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ConditionError(said("cond_one_key", value=repr(raw)))
    (key, value), = raw.items()
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError(said("cond_list", key=key))
        items = tuple(_parse(v, subject, top and key == "all", child, depth + 1) for v in value)
        return All(items) if key == "all" else Any_(items)
    if key in ("exists", "none"):
        if not top or child is not None:
            raise ConditionError(said("cond_top", key=key))
        if not isinstance(value, dict) or set(value) != {"kind", "when"}:
            raise ConditionError(said("cond_exists_form", key=key))
        kind = value["kind"]
        if kind not in CHILD_KINDS:
            raise ConditionError(said("cond_kind", key=key, kind=kind, kinds=", ".join(CHILD_KINDS)))
        return Exists(kind, _parse(value["when"], subject, False, kind, depth + 1), negated=(key == "none"))
    return _parse_test(key, value, subject, child)


def _resolve(path: str, subject: str, child: str | None) -> tuple[str, str, FieldInfo]:
    if child is not None:
        scope, kind, rel = "child", child, path
    elif subject != "deal" and path.startswith("deal."):
        scope, kind, rel = "deal", "deal", path[5:]
    elif subject != "deal":
        scope, kind, rel = "subject", subject, path
    else:
        scope, kind, rel = "deal", "deal", path
    fields = catalog(kind)
    if rel not in fields or rel in ("id",):
        hint = did_you_mean(rel, fields)
        raise ConditionError(said("cond_field", path=path, kind=kind, hint=hint) if kind != "deal"
                             else said("cond_deal_field", path=path, hint=hint))
    return scope, rel, fields[rel]


def _check_scalar(info: FieldInfo, value, path: str):
    if info.type == "bool":
        if not isinstance(value, bool):
            raise ConditionError(said("cond_bool", path=path, value=repr(value)))
    elif info.type in ("number", "count"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConditionError(said("cond_number", path=path, value=repr(value)))
        if not -NUMBER_LIMIT < value < NUMBER_LIMIT:
            raise ConditionError(said("cond_range", path=path, value=repr(value)))
        return clean_number(value)
    elif info.type in ("enum", "list"):
        if info.values and value not in info.values:
            raise ConditionError(said("cond_value", path=path, value=repr(value), options=", ".join(info.values),
                                      hint=did_you_mean(str(value), info.values)))
    elif info.type == "text":
        if not isinstance(value, str):
            raise ConditionError(said("cond_text", path=path, value=repr(value)))
    else:
        raise ConditionError(said("cond_compare", path=path, type=info.type))
    return value


def _parse_test(path, value, subject, child) -> Test:
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if isinstance(arg, list) and len(arg) > MAX_VALUES:
            raise ConditionError(said("cond_values", path=path, op=op, count=len(arg), max=MAX_VALUES))
    if not isinstance(path, str):
        raise ConditionError(said("cond_path", value=repr(path)))
    scope, rel, info = _resolve(path, subject, child)
    if not isinstance(value, dict):
        op, arg = "eq", value
    else:
        if len(value) != 1:
            raise ConditionError(said("cond_one_op", path=path, ops=str(sorted(value))))
        (op, arg), = value.items()
    if op not in OPS:
        raise ConditionError(said("cond_op", path=path, op=op, hint=did_you_mean(str(op), OPS)))
    if op in ("eq", "ne"):
        if info.type == "list":
            raise ConditionError(said("cond_is_list", path=path))
        arg = _check_scalar(info, arg, path)
    elif op in _ORDER_OPS:
        if info.type not in ("number", "count"):
            raise ConditionError(said("cond_needs_number", path=path, op=op, type=info.type))
        if isinstance(arg, dict):
            if set(arg) - {"path", "times"} or "path" not in arg:
                raise ConditionError(said("cond_ref", path=path))
            rscope, rrel, rinfo = _resolve(arg["path"], subject, child)
            if rscope != scope:
                raise ConditionError(said("cond_ref_fact", path=path))
            if rinfo.type not in ("number", "count"):
                raise ConditionError(said("cond_ref_number", path=arg["path"]))
            times = arg.get("times", 1)
            if isinstance(times, bool) or not isinstance(times, (int, float)) or not -MAX_TIMES <= times <= MAX_TIMES:
                raise ConditionError(said("cond_times", path=path, max=MAX_TIMES))
            arg = Ref(rrel, clean_number(times))
        else:
            arg = _check_scalar(FieldInfo(path, "number"), arg, path)
    elif op in ("in", "not_in"):
        if info.type not in ("enum", "number", "text", "bool"):
            raise ConditionError(said("cond_single", path=path, op=op))
        if not isinstance(arg, list) or not arg:
            raise ConditionError(said("cond_op_list", path=path, op=op))
        arg = tuple(_check_scalar(info, a, path) for a in arg)
    elif op in ("missing", "present"):
        if arg is not True:
            raise ConditionError(said("cond_true", path=path, op=op))
    elif op in ("contains", "contains_any"):
        if info.type != "list":
            raise ConditionError(said("cond_needs_list", path=path, op=op))
        items = [arg] if op == "contains" else arg
        if not isinstance(items, list) or not items:
            raise ConditionError(said("cond_any_list", path=path))
        items = tuple(_check_scalar(info, a, path) for a in items)
        arg = items[0] if op == "contains" else items
    elif op == "mentions":
        if info.type != "text":
            raise ConditionError(said("cond_mentions_text", path=path))
        if not isinstance(arg, list) or not arg:
            raise ConditionError(said("cond_mentions_list", path=path))
        for kw in arg:
            if not isinstance(kw, str) or not _KEYWORD.match(kw):
                raise ConditionError(said("cond_keyword", path=path, keyword=repr(kw)))
        arg = tuple(kw.lower() for kw in arg)
    return Test(scope, rel, op, arg)


# ---------------------------------------------------------------- introspection

def tests(node: Node, inside: str | None = None):
    """Yield (scope, kind-or-None, Test) for every test in the condition."""
    if isinstance(node, Test):
        yield node.scope, inside, node
    elif isinstance(node, (All, Any_)):
        for item in node.items:
            yield from tests(item, inside)
    elif isinstance(node, Exists):
        yield from tests(node.cond, node.kind)
    elif isinstance(node, Maybe):
        yield from tests(node.cond, inside)


def referenced(node: Node) -> dict[str, set[str]]:
    """Field paths read, by fact kind key: 'deal', 'subject' or a child kind."""
    out: dict[str, set[str]] = {}
    for scope, kind, t in tests(node):
        key = kind if scope == "child" else scope
        out.setdefault(key, set()).add(t.path)
        if isinstance(t.arg, Ref):
            out[key].add(t.arg.path)
    return out


# ---------------------------------------------------------------- compile to durable-rules

def _d_test(t: Test) -> dict:
    p, a = t.path, t.arg
    if t.op == "eq":
        return {p: a}
    if t.op == "ne":
        return {"$neq": {p: a}}
    if t.op in _ORDER_OPS:
        if isinstance(a, Ref):
            rhs = {"$m": a.path}
            if a.times != 1:
                rhs = {"$mul": {"$l": rhs, "$r": a.times}}
            # durable-rules treats a comparison with a *missing* referenced field as true
            # (both a > b and a < b held); require the field to exist.
            return {"$and": [{"$ex": {a.path: 1}}, {_ORDER_OPS[t.op]: {p: rhs}}]}
        return {_ORDER_OPS[t.op]: {p: a}}
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


def _scopes(node: Node) -> set[str]:
    return {scope for scope, _, _ in tests(node)}


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
        scopes = _scopes(item)
        if len(scopes) != 1:
            raise ConditionError(said("cond_any_scope"))
        (deal_parts if scopes == {"deal"} else subj_parts).append(_d_expr(item))
    patterns = [{"d": {"$and": [{"kind": "deal"}, *deal_parts]}}]
    if subject != "deal":
        patterns.append({"subj": {"$and": [{"kind": subject}, *subj_parts]}})
    patterns += [{f"j{i}": p} for i, p in enumerate(joins)]
    patterns += [{f"n{i}$not": p} for i, p in enumerate(negs)]
    return patterns


# ---------------------------------------------------------------- three-valued evaluation
#
# Kleene logic: True (holds), False (cannot hold whatever the unknown facts are),
# None (depends on an unknown fact). A missing field makes a test None, except
# ``missing``/``present``, which read absence as a fact. ``exists`` is True when
# some other record matches, False when none can, None otherwise; ``none`` is its
# negation. Compiled into closures once per rule: a batch evaluates ~100 per deal.

def getter(path: str):
    """A function reading one dotted path from a nested fact (None when absent); the path is split once."""
    parts = tuple(path.split("."))
    if len(parts) == 1:
        key = parts[0]
        return lambda fact: fact.get(key) if fact is not None else None
    if len(parts) == 2:
        a, b = parts

        def get2(fact):
            cur = fact.get(a) if fact is not None else None
            return cur.get(b) if isinstance(cur, dict) else None
        return get2

    def get(fact):
        cur = fact
        for part in parts:
            if not isinstance(cur, dict):
                return None
            cur = cur.get(part)
            if cur is None:
                return None
        return cur

    return get


def extractor(paths: tuple[str, ...], as_tuple: frozenset[str] = frozenset()):
    """One function reading many dotted paths from a nested fact at once: ``fact ->
    (values, null mask)`` with bit i set when ``paths[i]`` is None, the same values as
    ``getter(p)`` would give (lists at ``as_tuple`` paths as tuples, so that they can be
    memo keys). It is generated straight-line code: a batch calls it for every deal."""
    tree: dict = {}
    for i, p in enumerate(paths):
        node = tree
        for part in p.split("."):
            node = node.setdefault(part, {})
        node[None] = i  # the path ends here (it may go on, too)
    lines = ["def extract(f):", f"    out = [None] * {len(paths)}", f"    null = {(1 << len(paths)) - 1}"]
    names = itertools.count()

    def emit(node: dict, var: str, prefix: str, indent: str) -> None:
        for key, sub in node.items():
            if key is None:
                continue
            v = f"v{next(names)}"
            path = prefix + key
            lines.append(f"{indent}{v} = {var}.get({key!r})")
            if None in sub:
                lines.append(f"{indent}if {v} is not None:")
                if path in as_tuple:
                    lines.append(f"{indent}    out[{sub[None]}] = tuple({v}) if {v}.__class__ is list else {v}")
                else:
                    lines.append(f"{indent}    out[{sub[None]}] = {v}")
                lines.append(f"{indent}    null ^= {1 << sub[None]}")
            if len(sub) > (None in sub):
                lines.append(f"{indent}if isinstance({v}, dict):")
                emit(sub, v, path + ".", indent + "    ")

    lines.append("    if isinstance(f, dict):")
    emit(tree, "f", "", "        ")
    lines.append("    return out, null")
    namespace: dict = {}
    exec(compile("\n".join(lines), "<vetting.rules.conditions.extractor>", "exec"), namespace)  # noqa: S102 - our own code
    return namespace["extract"]


_CMP = {"lt": lambda v, a: v < a, "le": lambda v, a: v <= a, "gt": lambda v, a: v > a, "ge": lambda v, a: v >= a}


def _compile_test(t: Test):
    get = getter(t.path)
    pick = {"deal": 0, "subject": 1, "child": 2}[t.scope]
    op, a = t.op, t.arg
    if op == "missing":
        return lambda facts: get(facts[pick]) is None
    if op == "present":
        return lambda facts: get(facts[pick]) is not None
    if op in _CMP:
        cmp = _CMP[op]
        if isinstance(a, Ref):
            rget, times = getter(a.path), a.times

            def test(facts):
                f = facts[pick]
                v, r = get(f), rget(f)
                return None if v is None or r is None else cmp(v, r * times)
            return test
        return lambda facts: (lambda v: None if v is None else cmp(v, a))(get(facts[pick]))
    pred = {
        "eq": lambda v: v == a, "ne": lambda v: v != a, "in": lambda v: v in a, "not_in": lambda v: v not in a,
        "contains": lambda v: a in v, "contains_any": lambda v: any(x in v for x in a),
        "mentions": lambda v: any(kw in v.lower() for kw in a),
    }[op]
    return lambda facts: (lambda v: None if v is None else pred(v))(get(facts[pick]))


def compile_eval(node: Node):
    """The condition as a closure over a (deal, subject, record, children-by-kind) tuple."""
    if isinstance(node, Test):
        return _compile_test(node)
    if isinstance(node, (All, Any_)):
        parts = tuple(compile_eval(i) for i in node.items)
        if isinstance(node, All):
            def all_(facts):
                result = True
                for p in parts:
                    v = p(facts)
                    if v is False:
                        return False
                    if v is None:
                        result = None
                return result
            return all_

        def any_(facts):
            result = False
            for p in parts:
                v = p(facts)
                if v is True:
                    return True
                if v is None:
                    result = None
            return result
        return any_
    if isinstance(node, Maybe):
        inner = compile_eval(node.cond)
        return lambda facts: inner(facts) is not False
    if isinstance(node, Exists):
        inner, kind, negated = compile_eval(node.cond), node.kind, node.negated
        # Inside exists/none every test reads the other record only (its fields are "child" scope),
        # so each record's value is the same for every subject of the deal: worked out once per deal
        # (the records list last seen, kept alive here, so an identity check is safe), then each
        # subject leaves out its own. A rule on every KPI with "no other KPI ..." costs time linear
        # in the KPIs, not quadratic.
        seen: list = [None, 0, 0, {}]  # records, how many are true, how many unknown, id(record) -> value

        def exists(facts):
            records = facts[3].get(kind)
            if records is None:
                return None
            if seen[0] is not records:
                values = {id(rec): inner((facts[0], None, rec, facts[3])) for rec in records}
                seen[:] = [records, sum(v is True for v in values.values()),
                           sum(v is None for v in values.values()), values]
            _, true, unknown, values = seen
            own = values.get(id(facts[1]), False) if facts[1] is not None else False
            true -= own is True
            unknown -= own is None
            found = True if true else (None if unknown else False)
            if negated:
                return None if found is None else not found
            return found
        return exists
    raise AssertionError(node)
