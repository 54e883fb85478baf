"""The "because" line under each finding: :func:`reasons` picks the facts behind one (rule, subject)
outcome (the tests of ``when`` that hold for a risk, the unknown facts of an open question, the
applicability facts assumed), and :func:`because_line` writes them in one line, with the field
registry's labels (model/registry.py) and values formatted as the report formats them.
``vetting explain`` (``vetting.text.explain``) prints the same line, so the command and the report
cannot disagree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import aliases, fields
from ..model.derived import NO_SALES, REGISTRY, SALES_RATIOS
from ..model.fields import CHILD_KINDS, catalog
from ..model.registry import label, typed_units
from ..rules import conditions
from ..rules.conditions import All, Any_, Exists, Maybe, Ref, Test
from .tables import Texts, strings


# ---------------------------------------------------------------- the facts behind an outcome

def _words(lang: str) -> dict:
    return strings(lang)["explain"]


def _leaves(node, inside: str | None = None):
    """(test, kind of the records it reads inside exists/none or None), in the condition's order."""
    if isinstance(node, Test):
        yield node, inside
    elif isinstance(node, (All, Any_)):
        for item in node.items:
            yield from _leaves(item, inside)
    elif isinstance(node, Maybe):
        yield from _leaves(node.cond, inside)
    elif isinstance(node, Exists):
        yield from _leaves(node.cond, node.kind)


@dataclass(slots=True)
class Reason:
    """One fact behind an outcome. ``role``: ``held`` (a test of ``when`` that holds: it makes the
    risk, or the part already known of an open question), ``none`` (a ``none:`` test that holds:
    no record of ``kind`` meets ``test``), ``unknown`` (a fact an open question hangs on),
    ``assumed`` (an unknown applicability fact of a finding assumed to concern the deal).
    Slotted, not frozen (a report makes dozens per deal); treat it as a value."""

    role: str
    owner: str  # "deal" or a record label ("kpis[gmv]")
    path: str  # the field on the owner's fact ("" for none)
    test: object = None  # the Test (held) or the Exists node (none)
    value: object = None
    ref: object = None  # a Ref argument's value, times its factor
    kind: str = ""  # the record kind of a none


_COMPILED: dict[int, tuple] = {}


def _ev(node):
    """The node's three-valued function, compiled once per node (kept alive with it)."""
    hit = _COMPILED.get(id(node))
    if hit is None or hit[0] is not node:
        hit = _COMPILED[id(node)] = (node, conditions.compile_eval(node))
    return hit[1]


def _held(node, f: tuple) -> list[Reason]:
    """The tests that make ``node`` hold on ``f`` (it does hold): every part of an all, the first
    part of an any that holds, the first record of an exists that meets it."""
    if isinstance(node, Test):
        fact = f[{"deal": 0, "subject": 1, "child": 2}[node.scope]]
        ref = None
        if isinstance(node.arg, Ref):
            r = conditions.getter(node.arg.path)(fact)
            ref = None if r is None else r * node.arg.times
        return [Reason("held", fact["id"], node.path, node, conditions.getter(node.path)(fact), ref)]
    if isinstance(node, Maybe):
        return _held(node.cond, f) if _ev(node.cond)(f) is True else []
    if isinstance(node, All):
        return [r for item in node.items for r in _held(item, f)]
    if isinstance(node, Any_):
        item = next((i for i in node.items if _ev(i)(f) is True), None)
        return [] if item is None else _held(item, f)
    if isinstance(node, Exists):
        if node.negated:
            return [Reason("none", "deal", "", node, kind=node.kind)]
        cond = _ev(node.cond)
        for rec in f[3].get(node.kind) or ():
            if rec is not f[1] and cond((f[0], f[1], rec, f[3])) is True:
                return _held(node.cond, (f[0], f[1], rec, f[3]))
        return []
    raise AssertionError(node)


_OWNED = re.compile(r"^(.*\])\.(.+)$")


_NAMED: dict[tuple[str, str], Reason] = {}


def _named(role: str, fact: str) -> Reason:
    """An unknown fact as reference.unknown_facts names it: 'kpis[gmv].target', 'fees.model', 'kpis'."""
    hit = _NAMED.get((role, fact))
    if hit is None:
        m = _OWNED.match(fact)
        hit = Reason(role, m.group(1), m.group(2)) if m else Reason(role, "deal", fact)
        if len(_NAMED) < 50_000:
            _NAMED[(role, fact)] = hit
    return hit


def reasons(rule, f: tuple, status: str, missing=(), assumed=()) -> tuple[Reason, ...]:
    """The facts behind one outcome of ``rule`` (a LoadedRule) on ``f`` = (deal, subject record or
    None, None, records by kind): for a risk the tests of ``when`` that hold; for an open question
    the parts of ``when`` already known to hold, then the unknown facts (``missing``); for both the
    applicability facts assumed. () for a pass or not applicable."""
    if status not in ("risk", "unknown"):
        return ()
    return _known(rule, f, status) + _open(missing, assumed)


def _known(rule, f: tuple, status: str) -> tuple[Reason, ...]:
    """What holds: all of ``when`` for a risk, the top-level parts known to hold for an open question."""
    if status == "risk":
        return tuple(_held(rule.when, f))
    items = rule.when.items if isinstance(rule.when, All) else (rule.when,)
    return tuple(r for item in items if _ev(item)(f) is True for r in _held(item, f))


def _open(missing, assumed) -> tuple[Reason, ...]:
    return tuple(_named("unknown", m) for m in missing) + tuple(_named("assumed", m) for m in assumed)


# a field note up to its first aside: "the target number (empty: no number given)" → "the target number"
# ("how the KPI is calculated, as written" → "how the KPI is calculated")
# a pattern, compiled by `re` on its first use: only a Chinese "none of" line needs it, and compiling a class
# of 27,000 characters costs 2 ms a start
_CJK_GAP = "(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])"
_KIND_OF_BASE = {base: kind for kind, (base, _) in CHILD_KINDS.items()}
# how the derived figures are shown (the registry says), and the KPI's implied growth, a percentage
_DERIVED_UNITS = {**{f"derived.{d.name}": d.unit for d in REGISTRY if d.unit}, "implied_growth_pct": "pct"}


@lru_cache(maxsize=None)
def _units(kind: str) -> dict[str, str]:
    """Money and percent fields of one fact kind (the field registry's), derived figures too."""

    out = dict(typed_units("" if kind == "deal" else CHILD_KINDS[kind][0]))
    out.update(_DERIVED_UNITS)
    return out


@lru_cache(maxsize=4096)
def _label(lang: str, key: str) -> str:
    """A field's label by its canonical path ('kpis.target'): a derived field's name from the string
    table, else its label in the field registry (its help up to the first aside), else the path."""

    name = key.rsplit(".", 1)[-1]
    derived_names = strings(lang)["because"]["derived"]
    if (key.startswith("derived.") or name in ("implied_growth_pct", "claim_kind", "promise")) and name in derived_names:
        return derived_names[name]
    return label(key, lang) or key


class Wording:
    """Words and formats for the because line of one deal in one language: field labels from the
    field registry (model/registry.py), values as the report writes them (money and
    dates by the string table's patterns, enum values by their Chinese name in zh)."""

    def __init__(self, lang: str, currency: str | None = None, names: dict[str, str] | None = None):
        self.lang, self.currency, self.names = lang, currency, names or {}
        self.texts = Texts(lang, html=False)
        self.w = self.texts.table["because"]

    @staticmethod
    def kind_of(owner: str) -> str:
        return "deal" if owner == "deal" else _KIND_OF_BASE.get(owner.rsplit("[", 1)[0], "deal")

    def label(self, owner: str, path: str) -> str:
        key = path if owner == "deal" else re.sub(r"\[[^\]]*\]", "", owner) + "." + path
        return _label(self.lang, key)

    def fact(self, kind: str, path: str, v) -> str:
        """A deal's value: a list of allowed values (platforms, tactics) in the format's order, whatever
        order the file wrote them in (a rule's own list keeps the order its author gave)."""
        info = fields.catalog(kind).get(path)
        if isinstance(v, (list, tuple)) and info is not None and info.values:
            v = sorted(v, key=lambda x: info.values.index(x) if x in info.values else len(info.values))
        return self.value(kind, path, v)

    def value(self, kind: str, path: str, v) -> str:
        w, t = self.w, self.texts
        if isinstance(v, bool):
            return w["value_true" if v else "value_false"]
        unit = _units(kind).get(path)
        if path in SALES_RATIOS and v == NO_SALES:  # a fee against no sales: not a figure to print
            return w["no_sales"]
        if isinstance(v, (int, float)):
            if unit == "money" and self.currency:
                return t.money(v, self.currency)
            if unit == "usd":
                return t.money(round(v), "USD")
            text = f"{v:,.0f}" if float(v).is_integer() else f"{v:,.{1 if unit == 'pct' else 2}f}".rstrip("0").rstrip(".")
            return t.percent(text) if unit == "pct" else text
        info = fields.catalog(kind).get(path)
        enum = info is not None and info.type in ("enum", "list") and bool(info.values)
        if isinstance(v, (list, tuple)):
            return w["list_sep"].join(self.value(kind, path, x) for x in v) if v else "[]"
        if enum:
            return aliases.label(v, self.lang)
        if info is not None and info.type == "date":
            return t.date(v)
        text = " ".join(str(v).split())
        return w["quote"].format(text=text if len(text) <= 40 else text[:39] + "…")

    def owner(self, text: str, owner: str, subject: str) -> str:
        if owner in ("deal", subject):
            return text
        return self.w["of"].format(text=text, owner=self.texts.subject(owner, self.names.get(owner, "")))

    def held(self, group: list[Reason], subject: str) -> str:
        """The tests that hold on one field, in one phrase: its value, then each bound it passes."""
        r = group[0]
        w, kind, t = self.w, self.kind_of(r.owner), r.test
        field = self.label(r.owner, r.path)
        cmps = [x for x in group if x.test.op in w["bound"]]

        info = catalog(kind).get(r.path)
        is_count = info is not None and info.type == "count"
        if is_count:  # "more than 0 KPIs" only says there are some: the count says it
            cmps = [x for x in cmps if not (x.test.op == "gt" and x.test.arg == 0)]
        if t.op == "missing":
            text = w["not_given"].format(field=field)
        elif cmps:
            bounds = []
            for x in cmps:
                if isinstance(x.test.arg, Ref):
                    rl = self.label(r.owner, x.test.arg.path)
                    rv = self.value(kind, x.test.arg.path, x.ref)
                    arg = (w["ref"].format(value=rv, field=rl) if x.test.arg.times == 1
                           else w["ref_times"].format(value=rv, times=f"{x.test.arg.times:g}", field=rl))
                elif x.test.op == "ge" and x.test.arg == 0:
                    continue  # "at least 0" only says the value is known
                else:
                    arg = self.value(kind, r.path, x.test.arg)
                bounds.append(w["bound"][x.test.op].format(arg=arg))
            value = w["count_n"].format(n=r.value) if is_count else self.fact(kind, r.path, r.value)
            text = (w["cmp"].format(field=field, value=value, bounds=w["bounds_sep"].join(bounds)) if bounds
                    else w["value"].format(field=field, value=value))
        elif t.op == "mentions":
            word = next((kw for kw in t.arg if kw in str(r.value).lower()), t.arg[0])
            text = w["mentions"].format(field=field, value=self.fact(kind, r.path, r.value), word=word)
        else:
            if is_count:
                text = w["count"].format(field=field, n=r.value)
            else:
                text = w["value"].format(field=field, value=self.fact(kind, r.path, r.value))
        return self.owner(text, r.owner, subject)

    def none(self, r: Reason) -> str:
        ops = _words(self.lang)["op"]
        tests = [ops[t.op].format(field=self.label(CHILD_KINDS[r.kind][0] + "[]", t.path),
                                  value=self.value(r.kind, t.path, t.arg.path if isinstance(t.arg, Ref) else t.arg))
                 for t, _ in _leaves(r.test.cond)]
        text = self.w["none_of"].format(kind=self.w["kinds"][r.kind], tests=self.w["tests_sep"].join(tests))
        # the command's test phrases put a space between a field path and the words; a label is words
        return re.sub(_CJK_GAP, "", text) if self.lang == "zh" else text

    def facts(self, rs, subject: str) -> str:
        return self.w["list_sep"].join(self.owner(self.label(r.owner, r.path), r.owner, subject) for r in rs)


def because_line(rs: tuple[Reason, ...], subject: str, wording: Wording) -> str:
    """The reasons in one line (without the "Because:" label): what held, what is not given, what
    was assumed. ``subject`` is the finding's own subject (its facts are not named by owner)."""
    w = wording.w
    groups: dict[tuple[str, str], list[Reason]] = {}
    parts: list = []
    for r in rs:
        if r.role == "none":
            parts.append(wording.none(r))
        elif r.role == "held":
            key = (r.owner, r.path)
            if key not in groups:
                groups[key] = []
                parts.append(key)
            groups[key].append(r)
    parts = [wording.held(groups[p], subject) if isinstance(p, tuple) else p for p in parts]
    unknown = [r for r in rs if r.role == "unknown"]
    if unknown:
        parts.append(w["unknown"].format(fields=wording.facts(unknown, subject)))
    assumed = [r for r in rs if r.role == "assumed"]
    if assumed:
        parts.append(w["assumed"].format(fields=wording.facts(assumed, subject)))
    return w["sep"].join(parts)


class Because:
    """The because line of each finding of one assessed deal (api.assessment), on the facts the rules
    judged (``Decision.facts``: built once, by the rule set, never again here).
    An open question that only names unknown facts of the deal or its subject reads the same on
    every deal: its line is kept for the process, by rule (the object), subject and facts."""

    def __init__(self, facts, deal, lang: str, names: dict[str, str] | None = None):
        self.deal = deal
        self.wording = Wording(lang, deal.currency, names)
        self._facts = facts
        self._records: dict[str, dict] | None = None

    def __call__(self, outcome) -> str:
        if outcome.status not in ("risk", "unknown"):
            return ""
        facts = self._facts
        if self._records is None:
            self._records = {r["id"]: r for recs in facts.children.values() for r in recs or ()}
        subject, status = outcome.subject, outcome.status
        record = None if subject == "deal" else self._records[subject]
        known = _known(outcome.rule, (facts.deal, record, None, facts.children), status)
        rest = _open(outcome.missing, outcome.assumed)
        if known or any(r.owner not in ("deal", subject) for r in rest):
            return because_line(known + rest, subject, self.wording)
        key = (self.wording.lang, id(outcome.rule), subject, outcome.missing, outcome.assumed)
        hit = _OPEN_LINES.get(key)
        if hit is not None and hit[0] is outcome.rule:
            return hit[1]
        line = because_line(rest, subject, self.wording)
        if len(_OPEN_LINES) < 50_000:
            _OPEN_LINES[key] = (outcome.rule, line)  # the rule kept alive with its id
        return line


_OPEN_LINES: dict[tuple, tuple] = {}
