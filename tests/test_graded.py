"""One exposure, one rule (issue 20 item 5): graded outcomes in the rule format, IP ownership, account
control and lock-in length as graded rules, retired ids refused with their successor in a waiver."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pydantic import ValidationError

from vetting.cli import _register, cli
from vetting.model.loading import validate
from vetting.rules.rulemodel import Rule
from vetting.workflows.assess import assess

ROOT = Path(__file__).resolve().parent.parent


def _fixture(name: str) -> dict:
    return yaml.safe_load((ROOT / "fixtures" / f"{name}.yaml").read_text(encoding="utf-8"))


def _assess(deal: dict, **changes):
    deal = copy.deepcopy(deal)
    for path, value in changes.items():
        *parents, leaf = path.split(".")
        node = deal
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    loaded = validate(deal, "graded")
    return assess(loaded, today=loaded.deal.as_of)


def _finding(a, rule_id: str):
    return next(f for f in a.findings if f.rule_id == rule_id)


def test_the_agency_keeping_more_of_the_ip_never_lowers_the_score():
    """The issue's case: copy owned by the agency as well as the creatives scored lower (21.5 -> 15.0)."""
    base = _fixture("linkstar-proposal")
    grades = [("unspecified", "unspecified"), ("provider", "unspecified"), ("provider", "provider")]
    runs = [_assess(base, **{"contract.ip.creatives": c, "contract.ip.copy": p}) for c, p in grades]
    scores = [a.score for a in runs]
    assert scores == sorted(scores), scores
    assert scores[0] < scores[2]
    titles = [_finding(a, "IP-001").title for a in runs]
    assert titles[2] == "The contract gives the agency the copyright in both your creatives and your copy"
    assert all(f.rule_id != "IP-004" for a in runs for f in a.findings)


def test_a_main_login_handover_is_one_exposure_and_one_fix():
    deal = _assess(_fixture("honest-agency"), **{"data_access.provider_access": "main_account",
                                                 "data_access.two_factor_with_seller": False,
                                                 "data_access.funds_scope": "payouts_or_bank",
                                                 "data_access.provider_permissions": "full"})
    risks = {f.rule_id for f in deal.findings if f.status == "risk" and f.category == "security"}
    assert risks == {"SEC-001", "SEC-003"}
    sec = _finding(deal, "SEC-001")
    assert (sec.severity, sec.title) == ("blocker", "The provider wants the primary (main) store login")
    first = deal.fix_first[0]
    assert set(first.rule_ids) == {"SEC-001", "SEC-003"}, "one account-access clause fixes the whole exposure"
    assert first.verdict_after == "proceed"


def test_account_control_is_graded_from_a_capped_refund_to_the_main_login():
    base = _fixture("honest-agency")
    steps = [{}, {"data_access.funds_scope": "refunds_capped"}, {"data_access.two_factor_with_seller": False},
             {"data_access.funds_scope": "payouts_or_bank"}, {"data_access.provider_access": "main_account"}]
    runs = [_assess(base, **s) for s in steps]
    scores = [a.score for a in runs]
    assert scores == sorted(scores) and len(set(scores)) == len(scores), scores
    assert [a.verdict for a in runs] == ["proceed", "proceed", "do_not_sign", "do_not_sign", "do_not_sign"]
    assert _finding(runs[1], "SEC-001").severity == "low"


def test_a_longer_lock_in_without_exit_weighs_more():
    base = _fixture("renewal-round")
    scores = [_assess(base, **{"contract.term_months": m}).score for m in (6, 12, 18, 24)]
    assert scores == sorted(scores) and scores[0] < scores[1] < scores[2] < scores[3], scores
    year, two = (_assess(base, **{"contract.term_months": m}) for m in (12, 24))
    assert _finding(two, "EXIT-005").severity == "high" and _finding(year, "EXIT-005").severity == "medium"


@pytest.mark.parametrize("lang, expected", [
    ("en", "rule '{old}' is retired: its finding is now {new}; name {new} in the waiver"),
    ("zh", "规则「{old}」已停用，现由{new}判断；请在豁免中改写为{new}"),
])
@pytest.mark.parametrize("old, new", [("IP-004", "IP-001"), ("SEC-002", "SEC-001"), ("SEC-005", "SEC-001"),
                                      ("FEE-017", "FEE-014"), ("FEE-018", "FEE-014")])
def test_a_waiver_naming_a_merged_rule_is_refused_with_its_successor(tmp_path, lang, expected, old, new):
    _register()
    deal = tmp_path / "deal.yaml"
    deal.write_text(f"id: w\nprovider: {{name: X}}\nwaivers:\n  - {{rule: {old}, reason: accepted}}\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["assess", str(deal), "--lang", lang])
    assert r.exit_code == 2
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].endswith(expected.format(old=old, new=new)), lines


def test_a_capped_refund_right_can_be_waived_but_a_blocker_grade_cannot():
    base = _fixture("honest-agency")
    for scope, status in (("refunds_capped", "applied"), ("payouts_or_bank", "refused_blocker")):
        deal = copy.deepcopy(base)
        deal.setdefault("data_access", {})["funds_scope"] = scope
        deal["waivers"] = [{"rule": "SEC-001", "reason": "accepted", "by": "boss"}]
        a = _assess(deal)
        assert [w.status for w in a.waivers] == [status]


def test_the_fee_take_is_one_rule_graded_by_the_share_of_sales():
    """FEE-014 above 10 % (medium), above 20 % (high), a quarter or more (blocker): one finding whatever the step, the
    medium step can be accepted by a waiver, the blocker step cannot (renewal-round: CN¥35k + x % of total GMV
    on a CN¥360k store: 14.7 %, 24.7 %, 34.7 %)."""
    base = _fixture("renewal-round")
    grades = []
    for pct in (5, 15, 25):
        a = _assess(base, **{"fees.commission_pct": pct})
        takes = [f for f in a.findings if f.rule_id in ("FEE-014", "FEE-017", "FEE-018")]
        assert [f.rule_id for f in takes] == ["FEE-014"]
        grades.append((takes[0].status, takes[0].severity))
    assert grades == [("risk", "medium"), ("risk", "high"), ("risk", "blocker")]
    for pct, status in ((5, "applied"), (25, "refused_blocker")):
        a = _assess(base, **{"fees.commission_pct": pct, "waivers": [{"rule": "FEE-014", "reason": "accepted"}]})
        assert [w.status for w in a.waivers] == [status]


def _rule(**extra) -> dict:
    text = {"title": "Locked in", "why": "w", "ask": "a", "evidence": "e", "fix": "f", "passed": "Free to go"}
    zh = {k: "锁定期" for k in text}
    return {"id": "XX-001", "category": "exit", "severity": "medium", "points": 8, "sources": ["s"],
            "when": [{"contract.term_months": {"gt": 6}}], "en": text, "zh": zh, **extra}


def _grade(points, severity=None, months=24):
    v = {"if": {"contract.term_months": {"ge": months}}, "points": points,
         "en": {"title": "Long lock-in"}, "zh": {"title": "锁定期很长"}}
    return v | ({"severity": severity} if severity else {})


@pytest.mark.parametrize("variants, problem", [
    ([_grade(11, months=12), _grade(14, "high")], "worst first"),
    ([{"if": {"contract.governing_law": "US"}, "en": {"why": "x"}, "zh": {"why": "美国法"}}, _grade(11)], "come first"),
    ([_grade(30)], "outside 3-12"),
    ([{"if": {"contract.term_months": {"ge": 24}}, "severity": "high", "en": {"title": "Long"}, "zh": {"title": "很长"}}],
     "needs its own points"),
])
def test_graded_variants_are_checked_when_the_pack_loads(variants, problem):
    with pytest.raises(ValidationError, match=problem):
        Rule.model_validate(_rule(variants=variants))
    assert Rule.model_validate(_rule(variants=[_grade(14, "high"), _grade(11, months=12)])).grade(0) == (14, "high")


def test_scoring_weighs_a_graded_rule_by_the_grade_of_its_outcome():
    from vetting.engine.ruleset import get_ruleset
    from vetting.rules import scoring
    from vetting.rules.reference import Outcome

    ip = get_ruleset().by_id["IP-001"]
    weights = {v: scoring.score([Outcome(ip, "deal", "risk", variant=v)], known_facts=10).known["IP-001"]
               for v in (-1, 0, 1)}
    assert {v: (it.points, it.severity) for v, it in weights.items()} == {-1: (12, "high"), 0: (18, "high"),
                                                                          1: (15, "high")}
