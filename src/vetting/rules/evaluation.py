"""Rule conditions evaluated three-valued, compiled into closures once per rule.

Kleene logic: True (holds), False (cannot hold whatever the unknown facts are), None (depends on an
unknown fact). A missing field makes a test None, except ``missing``/``present``, which read absence as
a fact. ``exists`` is True when some other record matches, False when none can, None otherwise;
``none`` is its negation. A batch evaluates ~100 per deal.
"""
from __future__ import annotations

import itertools

from .condnodes import All, Any_, Exists, Maybe, Node, Ref, Test


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


# Calls an extractor answers by walking its path tree before it generates its code: compiling the code
# (~500 lines for the deal's fields) costs more than a few walks, and one deal is walked once.
GENERATE_AFTER = 8


def extractor(paths: tuple[str, ...], as_tuple: frozenset[str] = frozenset()):
    """One function reading many dotted paths from a nested fact at once: ``fact ->
    (values, null mask)`` with bit i set when ``paths[i]`` is None, the same values as
    ``getter(p)`` would give (lists at ``as_tuple`` paths as tuples, so that they can be
    memo keys). Its first GENERATE_AFTER calls walk the paths (``walked``); then it is
    generated straight-line code (``generated``), the same answers: a batch calls it for every deal."""
    tree: dict = {}
    for i, p in enumerate(paths):
        node = tree
        for part in p.split("."):
            node = node.setdefault(part, {})
        node[None] = i  # the path ends here (it may go on, too)
    count, walks, code = len(paths), [GENERATE_AFTER], []

    def extract(f):
        if code:
            return code[0](f)
        if walks[0] > 0:
            walks[0] -= 1
            return walked(tree, count, as_tuple, f)
        code.append(generated(tree, count, as_tuple))
        return code[0](f)

    return extract


def walked(tree: dict, count: int, as_tuple: frozenset[str], f) -> tuple[list, int]:
    """What ``extractor``'s function gives for fact ``f``, by walking the path tree."""
    out, null = [None] * count, (1 << count) - 1
    if isinstance(f, dict):
        stack = [(tree, f, "")]
        while stack:
            node, cur, prefix = stack.pop()
            for key, sub in node.items():
                if key is None:
                    continue
                v, path = cur.get(key), prefix + key
                if None in sub and v is not None:
                    out[sub[None]] = tuple(v) if path in as_tuple and v.__class__ is list else v
                    null ^= 1 << sub[None]
                if len(sub) > (None in sub) and isinstance(v, dict):
                    stack.append((sub, v, path + "."))
    return out, null


def generated(tree: dict, count: int, as_tuple: frozenset[str]):
    """``extractor``'s function as generated straight-line code."""
    lines = ["def extract(f):", f"    out = [None] * {count}", f"    null = {(1 << count) - 1}"]
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
    exec(compile("\n".join(lines), "<vetting.rules.evaluation.extractor>", "exec"), namespace)  # noqa: S102 - our own code
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


def _compile_all(parts):
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


def _compile_any(parts):
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


def _compile_exists(node: Exists):
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


def compile_eval(node: Node):
    """The condition as a closure over a (deal, subject, record, children-by-kind) tuple."""
    if isinstance(node, Test):
        return _compile_test(node)
    if isinstance(node, (All, Any_)):
        parts = tuple(compile_eval(i) for i in node.items)
        return _compile_all(parts) if isinstance(node, All) else _compile_any(parts)
    if isinstance(node, Maybe):
        inner = compile_eval(node.cond)
        return lambda facts: inner(facts) is not False
    if isinstance(node, Exists):
        return _compile_exists(node)
    raise AssertionError(node)
