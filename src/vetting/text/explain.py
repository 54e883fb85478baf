"""Why a rule gave its outcome on one deal: ``explain(rule_id, decision) -> Explanation``.

Nothing here decides anything: the outcome is the reference evaluator's (reference.judge
on the rule's plan, the same facts ``assess`` builds), and the facts a rule reads are its
conditions' fields. This module only adds words: the condition written out (applies: and
when:), each fact with the deal's value or "unknown", each test's own three-valued answer,
and the sentence that says why the outcome is a risk, an open question, a pass or not
applicable (and what was assumed). ``render`` turns an Explanation into text (en/zh).

The "because" line under each finding of a report comes from here too: :func:`reasons` picks
the facts behind one (rule, subject) outcome (the tests of ``when`` that hold for a risk, the
unknown facts of an open question, the applicability facts assumed), and :func:`because_line`
writes them in one line, with the field registry's labels (model/registry.py) and values formatted
as the report formats them. ``vetting explain`` prints the same line, so the command and the
report cannot disagree.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..rules import conditions
from . import messages
from ..rules.conditions import All, Any_, Exists, Maybe, Ref, Test
from ..model import order
from ..model.fields import CHILD_KINDS
from .tables import strings
from ..rules.reference import subjects
# the because lines (text/because.py), named here too: `explain` prints the same line as the report
from .because import Because, Reason, Wording, _label, _leaves, _words, because_line, reasons  # noqa: F401


@dataclass(frozen=True)
class Fact:
    """One fact a test reads: where (``deal``, a record label), the field, its value (None: unknown)."""

    owner: str
    path: str
    value: object


@dataclass(frozen=True)
class Check:
    """One test of the condition, on one fact (or one record, inside exists/none)."""

    part: str  # "applies" or "when"
    text: str  # the test in words
    facts: tuple[Fact, ...]
    result: bool | None  # True holds, False does not, None unknown


@dataclass(frozen=True)
class SubjectExplanation:
    subject: str  # "deal" or a record label such as "kpis[gmv]"
    status: str  # risk | unknown | pass | na
    missing: tuple[str, ...]
    assumed: tuple[str, ...]
    checks: tuple[Check, ...]
    reason: str  # why the outcome, one sentence
    because: str = ""  # the report's "because" line for a risk or an open question ("" otherwise)


@dataclass(frozen=True)
class Explanation:
    rule_id: str
    lang: str
    heading: str  # "EXIT-001 (high, exit): No stop-loss exit …"
    applies: tuple[str, ...]  # the applies: condition in words, one line each (indented); () when none
    when: tuple[str, ...]
    assumes: str  # the rule's own "assumes" text (with applies:), "" otherwise
    subjects: tuple[SubjectExplanation, ...]
    note: str = ""  # for a record rule with no records: why nothing was judged


# ---------------------------------------------------------------- words

def report_strings(lang: str) -> dict:
    """The report string table (strings.<lang>.yaml: category, severity and level names), read
    without Jinja, so that `rules list` and the batch summary line stay light (text.tables)."""
    return strings(lang)


def value_text(value, lang: str) -> str:
    w = _words(lang)
    if value is None:
        return w["unknown"]
    if isinstance(value, bool):
        return w["value_true" if value else "value_false"]
    if isinstance(value, (list, tuple)):
        return w["list_sep"].join(value_text(v, lang) for v in value) if value else "[]"
    if isinstance(value, Ref):
        return w["times"].format(times=value.times, path=value.path) if value.times != 1 else value.path
    return str(value)


def _test_text(t: Test, lang: str, prefix: str = "") -> str:
    return _words(lang)["op"][t.op].format(field=prefix + t.path, value=value_text(t.arg, lang))


def condition_lines(node, lang: str, depth: int = 0) -> list[str]:
    """A condition in words, one line per test or group, indented two spaces per level."""
    w, pad = _words(lang), "  " * depth
    if isinstance(node, Test):
        return [pad + "- " + _test_text(node, lang)]
    if isinstance(node, Maybe):
        return condition_lines(node.cond, lang, depth)
    if isinstance(node, All):
        if depth == 0:
            return [line for item in node.items for line in condition_lines(item, lang, depth)]
        return [pad + "- " + w["all_of"]] + [line for i in node.items for line in condition_lines(i, lang, depth + 1)]
    if isinstance(node, Any_):
        return [pad + "- " + w["any_of"]] + [line for i in node.items for line in condition_lines(i, lang, depth + 1)]
    if isinstance(node, Exists):
        head = w["no_record" if node.negated else "some_record"].format(kind=node.kind)
        return [pad + "- " + head] + condition_lines(node.cond, lang, depth + 1)
    raise AssertionError(node)


# ---------------------------------------------------------------- facts and checks

def _checks(part: str, node, facts: tuple, lang: str) -> list[Check]:
    deal, subject, _, children = facts
    out = []
    for t, kind in _leaves(node):
        paths = (t.path, *([t.arg.path] if isinstance(t.arg, Ref) else []))
        fn = conditions.compile_eval(t)
        if kind is None:
            owner, fact = ("deal", deal) if t.scope == "deal" else (subject["id"], subject)
            values = tuple(Fact(owner, p, conditions.getter(p)(fact)) for p in paths)
            out.append(Check(part, _test_text(t, lang), values, fn(facts)))
            continue
        for rec in children.get(kind) or ():
            if rec is subject:
                continue
            values = tuple(Fact(rec["id"], p, conditions.getter(p)(rec)) for p in paths)
            out.append(Check(part, _test_text(t, lang, rec["id"] + "."), values, fn((deal, subject, rec, children))))
    return out


def _reason(status: str, missing, assumed, lang: str) -> str:
    words = _words(lang)
    w, sep = words["why"], words["list_sep"]
    if status == "risk" and assumed:
        return w["risk_assumed"].format(facts=sep.join(assumed))
    if status == "unknown":
        return w["unknown"].format(facts=sep.join(missing))
    return w[status]


# ---------------------------------------------------------------- the explanation

def explain(rule_id: str, decision, *, lang: str = "en") -> Explanation:
    """Why rule ``rule_id`` gives its outcome in ``decision`` (the Decision ``assess`` makes of the deal:
    workflows.explain.explain_rule decides one with the same rules, report date and rates), subject by
    subject, on the facts the rules judged.

    Raises KeyError for a rule that is not in the decision's rule set."""

    if lang not in messages.LANGS:
        raise ValueError(f"lang must be one of {messages.LANGS}")
    all_plans = decision.ruleset.plans
    if rule_id not in decision.ruleset.by_id:
        raise KeyError(rule_id)
    deal, facts = decision.deal, decision.facts
    plan = next(p for p in all_plans if p.rule.id == rule_id)
    rule = plan.rule
    out = []
    wording = Wording(lang, deal.currency, order.names(deal))  # each record by its stable name, as assess names it
    for label, record in subjects(plan.subject, facts):
        f = (facts.deal, record, None, facts.children)
        status, missing, assumed, _variant = plan.judge(f)
        checks = []
        if rule.applies is not None:
            checks += _checks("applies", rule.applies, f, lang)
        if status != "na":
            checks += _checks("when", rule.when, f, lang)
        because = because_line(reasons(rule, f, status, missing, assumed), label, wording)
        out.append(SubjectExplanation(label, status, missing, assumed, tuple(checks),
                                      _reason(status, missing, assumed, lang), because))
    note = ""
    if plan.subject != "deal" and not out:
        key = "list_unknown" if facts.children.get(plan.subject) is None else "no_subjects"
        note = _words(lang)[key].format(kind=CHILD_KINDS[plan.subject][0])
    strings = report_strings(lang)
    r, text = rule.rule, rule.rule.text(lang)
    heading = _words(lang)["rule"].format(id=r.id, severity=strings["severity"][r.severity],
                                          category=strings["categories"][r.category], title=text.title)
    return Explanation(
        rule_id, lang, heading,
        tuple(condition_lines(rule.applies, lang)) if rule.applies is not None else (),
        tuple(condition_lines(rule.when, lang)),
        (getattr(text, "assumes", None) or "") if rule.applies is not None else "",
        tuple(out), note)


def render(e: Explanation) -> str:
    """The explanation as plain text (what `vetting explain` prints)."""
    w, lang = _words(e.lang), e.lang
    lines = [e.heading, ""]
    if e.applies:
        lines += [w["heading"].format(label=w["applies"]), *e.applies]
    else:
        lines.append(w["applies_always"])
    lines += [w["heading"].format(label=w["when"]), *e.when]
    if e.note:
        lines += ["", e.note]
    for s in e.subjects:
        lines.append("")
        if s.subject != "deal":
            lines.append(w["labelled"].format(label=w["subject"], value=s.subject))
        lines.append(w["heading"].format(label=w["facts"]))
        marks = {True: w["holds"], False: w["fails"], None: w["undecided"]}
        for c in s.checks:
            values = w["check_sep"].join(f"{f.path} = {value_text(f.value, lang)}" for f in c.facts)
            lines.append(w["check"].format(part=c.part, values=values, text=c.text, mark=marks[c.result]))
        lines.append(w["outcome_line"].format(label=w["outcome"], status=w["status"][s.status], reason=s.reason))
        if s.because:
            lines.append(because_label(lang) + s.because)
        if s.assumed and e.assumes:
            lines.append(w["labelled"].format(label=w["assumes"], value=e.assumes.strip()))
    return "\n".join(lines) + "\n"


def because_label(lang: str) -> str:
    """'Because: ' / '判断依据：', the label the reports and `vetting explain` put before the line."""
    strings = report_strings(lang)
    return strings["because"]["label"] + strings["doc"]["colon"]


__all__ = ["Because", "Reason", "Wording", "reasons", "because_line", "because_label", "Explanation", "SubjectExplanation", "Check", "Fact", "explain", "render", "condition_lines", "value_text"]
