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

from typing import Any

from ..io.errors import did_you_mean, said
from ..model.fields import CHILD_KINDS, KINDS, FieldInfo, catalog
# the nodes, the durable-rules compiler and the three-valued evaluator live in their own modules; their
# names are read through this one as before (conditions.to_durable, conditions.compile_eval, ...)
from .condnodes import (KEYWORD, MAX_DEPTH, MAX_TIMES, MAX_VALUES, NUMBER_LIMIT, OPS, ORDER_OPS, RESERVED, All,  # noqa: F401
                        Any_, ConditionError, Exists, Maybe, Node, Ref, Test, clean_number)
from .durable_conditions import to_durable  # noqa: F401
from .evaluation import compile_eval, extractor, getter  # noqa: F401

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


def _precheck(path, value) -> None:
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if isinstance(arg, list) and len(arg) > MAX_VALUES:
            raise ConditionError(said("cond_values", path=path, op=op, count=len(arg), max=MAX_VALUES))
    if not isinstance(path, str):
        raise ConditionError(said("cond_path", value=repr(path)))


def _op_of(path, value) -> tuple[str, Any]:
    """The operator and its argument of a test's value (a bare value is ``eq``)."""
    if not isinstance(value, dict):
        return "eq", value
    if len(value) != 1:
        raise ConditionError(said("cond_one_op", path=path, ops=str(sorted(value))))
    (op, arg), = value.items()
    if op not in OPS:
        raise ConditionError(said("cond_op", path=path, op=op, hint=did_you_mean(str(op), OPS)))
    return op, arg


def _order_arg(path, op, arg, info, scope, subject, child):
    """The argument of lt/le/gt/ge: a number, or a reference to a number field of the same fact."""
    if info.type not in ("number", "count"):
        raise ConditionError(said("cond_needs_number", path=path, op=op, type=info.type))
    if not isinstance(arg, dict):
        return _check_scalar(FieldInfo(path, "number"), arg, path)
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
    return Ref(rrel, clean_number(times))


def _list_arg(path, op, arg, info):
    """The argument of in/not_in, contains/contains_any and mentions."""
    if op in ("in", "not_in"):
        if info.type not in ("enum", "number", "text", "bool"):
            raise ConditionError(said("cond_single", path=path, op=op))
        if not isinstance(arg, list) or not arg:
            raise ConditionError(said("cond_op_list", path=path, op=op))
        return tuple(_check_scalar(info, a, path) for a in arg)
    if op in ("contains", "contains_any"):
        if info.type != "list":
            raise ConditionError(said("cond_needs_list", path=path, op=op))
        items = [arg] if op == "contains" else arg
        if not isinstance(items, list) or not items:
            raise ConditionError(said("cond_any_list", path=path))
        items = tuple(_check_scalar(info, a, path) for a in items)
        return items[0] if op == "contains" else items
    if info.type != "text":
        raise ConditionError(said("cond_mentions_text", path=path))
    if not isinstance(arg, list) or not arg:
        raise ConditionError(said("cond_mentions_list", path=path))
    for kw in arg:
        if not isinstance(kw, str) or not KEYWORD.match(kw):
            raise ConditionError(said("cond_keyword", path=path, keyword=repr(kw)))
    return tuple(kw.lower() for kw in arg)


def _parse_test(path, value, subject, child) -> Test:
    _precheck(path, value)
    scope, rel, info = _resolve(path, subject, child)
    op, arg = _op_of(path, value)
    if op in ("eq", "ne"):
        if info.type == "list":
            raise ConditionError(said("cond_is_list", path=path))
        arg = _check_scalar(info, arg, path)
    elif op in ORDER_OPS:
        arg = _order_arg(path, op, arg, info, scope, subject, child)
    elif op in ("missing", "present"):
        if arg is not True:
            raise ConditionError(said("cond_true", path=path, op=op))
    else:
        arg = _list_arg(path, op, arg, info)
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

