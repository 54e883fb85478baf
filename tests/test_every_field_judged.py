"""Every documented deal field is judged by a rule or declared informational (issue 20, item 3).

A field no rule reads (directly, or through a derived fact that computes from it) must carry
``informational:`` in model/fields.yaml with a one-line reason; a field a rule does read must not
(the marking would be stale). Four fields an expert always weighs can never be informational.
"""
from __future__ import annotations

from vetting.engine.ruleset import get_ruleset
from vetting.model import derived, registry
from vetting.model.fields import CHILD_KINDS
from vetting.rules import conditions

# what a derived fact of a record computes from (facts.py adds them to KPI and claim facts)
RECORD_DERIVED = {"implied_growth_pct": ("target", "target_kind", "baseline"),
                  "claim_kind": ("kind", "text"), "promise": ("guaranteed", "text", "kind")}
NEVER_INFORMATIONAL = ("contract.non_solicit_or_exclusivity", "contract.termination.notice_days",
                       "contract.refund_formula", "service.dedicated_team")


def _deal_reads(path: str) -> set[str]:
    if path.startswith("derived."):
        d = derived.BY_PATH[path]
        return set(d.sources) | set(d.reads)
    return {path}


def read_by_rules() -> set[str]:
    """Every registry path a rule of the core pack reads."""
    read: set[str] = set()
    for rule in get_ruleset(()).rules:
        for scope, kind, t in conditions.tests(rule.cond):
            paths = [t.path] + ([t.arg.path] if isinstance(t.arg, conditions.Ref) else [])
            for p in paths:
                if scope == "deal":
                    read |= _deal_reads(p)
                    continue
                base = CHILD_KINDS[kind if scope == "child" else rule.rule.subject][0]
                read |= {f"{base}.{q}" for q in RECORD_DERIVED.get(p, (p,))}
    return read


def _fields():
    reg = registry.registry()
    return list(reg.values()) if isinstance(reg, dict) else list(reg)


def test_every_field_is_read_by_a_rule_or_declared_informational():
    read = read_by_rules()
    silent = [f.path for f in _fields() if f.path not in read and not f.attributes.informational]
    assert not silent, "fields no rule reads and the registry does not mark informational:\n" + "\n".join(silent)


def test_an_informational_field_is_one_no_rule_reads():
    read = read_by_rules()
    stale = [f.path for f in _fields() if f.attributes.informational and f.path in read]
    assert not stale, "marked informational, yet a rule reads them:\n" + "\n".join(stale)


def test_the_fields_an_expert_always_weighs_are_judged():
    read = read_by_rules()
    by_path = {f.path: f for f in _fields()}
    for path in NEVER_INFORMATIONAL:
        assert path in read, f"{path}: no rule reads it"
        assert not by_path[path].attributes.informational, f"{path} cannot be informational"


def test_each_reason_is_one_line():
    for f in _fields():
        reason = f.attributes.informational
        if reason is not None:
            assert reason.strip() and "\n" not in reason and len(reason) <= 160, f.path
