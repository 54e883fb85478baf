"""Every rule case in tests/rule_cases/*.yaml, run through the real engine.

A case is a partial deal as a seller would write it and the outcome the rule
must give: ``risk``, ``unknown``, ``pass`` or ``na`` (per subject for record rules), and
optionally the unknown applicability facts a finding must list (``assumed``).
"""
from __future__ import annotations

import datetime as dt

import yaml
import pytest

from conftest import CASES, case_deal
from vetting.workflows.assess import assess
from vetting.model.loading import validate
from vetting.engine.ruleset import get_ruleset


def _cases():
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            out.append(pytest.param(case, id=f"{case.get('rule')}:{path.stem}[{i}]:{case.get('name', '')}"))
    return out


CASE_PARAMS = _cases()


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_rule_case(case):
    assert set(case) <= {"rule", "name", "deal", "expect", "assumed", "grade"}, f"unknown keys in case: {set(case)}"
    rule_id = case["rule"]
    ruleset = get_ruleset()
    assert rule_id in ruleset.by_id, f"case names unknown rule {rule_id}"
    loaded = validate(case_deal(case.get("deal")), f"case {case.get('name')}")
    # a case is judged on the day its facts are dated (days to a cancel-by date count from the report date)
    today = loaded.deal.as_of or dt.date.today()
    result = assess(loaded, today=today)
    got = {f.subject: f.status for f in result.findings if f.rule_id == rule_id}
    # a rule known not to apply ("na") may be listed apart from the findings: read it off the rule outcomes
    evaluation = ruleset.evaluate_many([(loaded.deal, today)])[0]
    got.update({o.subject: o.status for o in evaluation.outcomes if o.rule.id == rule_id and o.status == "na"})
    expect = case["expect"]
    if isinstance(expect, str):
        expect = {"deal": expect}
    assert got == expect, f"{rule_id} '{case.get('name')}': expected {expect}, got {got}"
    if "grade" in case:  # a graded rule's known risk: the severity and points its grade on this deal weighs
        graded = {(o.rule.grade(o.variant)[1], o.rule.grade(o.variant)[0]) for o in evaluation.outcomes
                  if o.rule.id == rule_id and o.status == "risk"}
        want = (case["grade"]["severity"], case["grade"]["points"])
        assert graded == {want}, f"{rule_id} '{case.get('name')}': graded {graded}, expected {want}"
    if "assumed" in case:
        assumed = sorted({a for f in result.findings if f.rule_id == rule_id for a in f.assumed})
        assert assumed == sorted(case["assumed"]), f"{rule_id} '{case.get('name')}': assumed {assumed}"


def test_every_grade_of_a_graded_rule_has_a_case():
    """Each graded variant and the base weight of a graded rule are reached by a risk case that checks them."""
    seen = {(p.values[0]["rule"], p.values[0]["grade"]["severity"], p.values[0]["grade"]["points"])
            for p in CASE_PARAMS if "grade" in p.values[0]}
    lacking = []
    for r in get_ruleset().rules:
        grades = {r.grade(i) for i, v in enumerate(r.rule.variants) if v.graded}
        if grades:
            lacking += [f"{r.id}: {sev} {pts:g}" for pts, sev in grades if (r.id, sev, pts) not in seen]
    assert not lacking, "grades without a case:\n" + "\n".join(lacking)


def test_every_rule_has_a_risk_and_a_pass_case():
    """A question-only rule (it asks for a list the deal leaves out) is never a known risk: it has an open
    question and a pass case instead."""
    seen: dict[str, set[str]] = {}
    for p in CASE_PARAMS:
        case = p.values[0]
        expect = case["expect"]
        statuses = {expect} if isinstance(expect, str) else set(expect.values())
        seen.setdefault(case["rule"], set()).update(statuses)
    rules = get_ruleset().rules
    need = {r.id: {"unknown", "pass"} if r.rule.question_only else {"risk", "pass"} for r in rules}
    lacking = [f"{rid}: missing {sorted(want - seen.get(rid, set()))}" for rid, want in need.items()
               if not want <= seen.get(rid, set())]
    assert not lacking, "rules without both a risk (question-only: an open question) and a pass case:\n" + "\n".join(lacking)
