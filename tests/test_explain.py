"""`vetting explain RULE DEAL`: the condition in words, the facts read with the deal's values, and
why the outcome is what the assessment says (a risk, an open question, not applicable)."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from vetting.cli import _register, cli
from vetting.text.explain import explain, render
from vetting.model.loading import load_deal
from vetting.engine.ruleset import get_ruleset

_register()
SEED = FIXTURES / "linkstar-proposal.yaml"
BLACK_HAT = FIXTURES / "black-hat-promises.yaml"


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env=env)


def assessed(path, rule_id):
    """The assessment's own outcomes for this rule (the reference evaluator), by subject."""
    deal = load_deal(path).deal
    rs = get_ruleset(evaluator="reference")
    return {(o.subject): (o.status, o.missing, o.assumed)
            for o in rs.evaluate(deal, deal.as_of).outcomes if o.rule.id == rule_id}


def test_a_risk_assumed_to_apply_names_the_unknown_applicability_fact():
    e = explain("SEC-009", load_deal(BLACK_HAT))
    (s,) = e.subjects
    assert (s.status, s.missing, s.assumed) == ("risk", (), ("service.platforms",))
    assert assessed(BLACK_HAT, "SEC-009") == {"deal": ("risk", (), ("service.platforms",))}
    assert e.applies == ("- service.platforms includes amazon",)
    assert e.when == ("- data_access.provider_access is sub_account",)
    assert [(c.part, [(f.path, f.value) for f in c.facts], c.result) for c in s.checks] == [
        ("applies", [("service.platforms", None)], None),
        ("when", [("data_access.provider_access", "sub_account")], True)]
    out = run("explain", "SEC-009", BLACK_HAT)
    assert out.exit_code == 0
    assert out.output.splitlines()[-4:] == [
        "- [when] data_access.provider_access = sub_account → data_access.provider_access is sub_account: holds",
        "Outcome: risk. when: holds on the deal's facts: a known risk, assumed to concern this deal while "
        "these facts are unknown: service.platforms.",
        "Because: how the provider gets into your accounts: sub_account; assumed to concern this deal while "
        "not given: platforms the service covers",
        "What it assumes: Assumed: the service covers an Amazon store; fill in service.platforms to be sure."]
    assert "- [applies] service.platforms = unknown → service.platforms includes amazon: unknown" in out.output


def test_an_open_question_names_the_facts_it_hangs_on():
    e = explain("CMP-009", load_deal(SEED))
    (s,) = e.subjects
    assert (s.status, s.missing, s.assumed) == assessed(SEED, "CMP-009")["deal"]
    assert s.status == "unknown" and s.missing == ("compliance.customer_data_terms",)
    assert s.reason == ("when: depends on facts the deal does not give: compliance.customer_data_terms. "
                        "Fill them in to settle it.")
    assert [c.result for c in s.checks] == [None, None]
    out = run("explain", "CMP-009", SEED, "--lang", "zh").output
    assert ("结论：待确认问题。when: 条件取决于交易未给出的信息：compliance.customer_data_terms。"
            "补全这些信息即可判定。") in out
    assert "- [when] compliance.customer_data_terms = 未知 → compliance.customer_data_terms 为 否：未知" in out


def test_not_applicable_shows_why_applies_is_false_and_reads_no_when():
    e = explain("FEE-003", load_deal(SEED))
    (s,) = e.subjects
    assert s.status == "na" and assessed(SEED, "FEE-003") == {"deal": ("na", (), ())}
    assert e.applies == ("- any of:", "  - fees.model is ad_spend_pct", "  - all of:",
                         "    - derived.has_commission is true", "    - fees.commission_basis is ad_spend")
    assert {c.part for c in s.checks} == {"applies"}
    assert [(c.facts[0].path, c.facts[0].value, c.result) for c in s.checks] == [
        ("fees.model", "base_plus_commission", False), ("derived.has_commission", True, True),
        ("fees.commission_basis", "total_gmv", False)]
    assert s.reason == "applies: is known to be false for this deal, so the rule does not concern it."


def test_a_pass_and_record_rules_are_judged_per_record():
    deal = load_deal(SEED)
    kpi_rules = [r for r in get_ruleset().rules if r.rule.subject == "kpi"]
    rule = kpi_rules[0]
    e = explain(rule.id, deal)
    expected = assessed(SEED, rule.id)
    assert {s.subject: (s.status, s.missing, s.assumed) for s in e.subjects} == expected
    assert len(e.subjects) == len(deal.deal.kpis) >= 2
    text = render(e)
    for s in e.subjects:
        assert f"Judged on: {s.subject}" in text


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_outcome_on_every_bundled_deal_is_the_assessments(path):
    deal = load_deal(path)
    rs = get_ruleset(evaluator="reference")
    got = {}
    for rule in rs.rules:
        for s in explain(rule.id, deal).subjects:
            got[(rule.id, s.subject)] = (s.status, s.missing, s.assumed)
    want = {(o.rule.id, o.subject): (o.status, o.missing, o.assumed) for o in rs.evaluate(deal.deal, deal.deal.as_of).outcomes}
    assert got == want


def test_chinese_explanation_has_no_english_sentence():
    for rule_id, path in (("SEC-009", BLACK_HAT), ("CMP-009", SEED), ("FEE-003", SEED), ("EXIT-001", SEED)):
        out = run("explain", rule_id, path, "--lang", "zh").output
        prose = re.sub(r"[a-z_]+(\.[a-z_]+)+|applies:|when:|\[(applies|when)\]", "", out)
        assert not re.search(r"[A-Za-z]{3,}[ ,]+[A-Za-z]{3,}[ ,]+[A-Za-z]{3,}", prose.split("\n", 1)[1]), out


def test_unknown_rule_is_a_usage_error_with_a_suggestion(tmp_path):
    out = run("explain", "EXIT-01", SEED)
    assert out.exit_code == 2
    assert "Error: no rule 'EXIT-01'; did you mean 'EXIT-010'?" in out.output
    out = run("explain", "EXIT-01", SEED, "--lang", "zh")
    assert "错误：没有规则「EXIT-01」；是不是「EXIT-010」？" in out.output


def test_lower_case_id_and_output_file(tmp_path):
    target = tmp_path / "why.txt"
    out = run("explain", "exit-001", SEED, "-o", target)
    assert out.exit_code == 0 and out.output == ""
    assert target.read_text(encoding="utf-8") == run("explain", "EXIT-001", SEED).output
    assert target.read_text(encoding="utf-8").startswith(
        "EXIT-001 (High, Exit and termination): No stop-loss exit when KPIs are missed\n")


def test_a_bad_deal_is_reported_like_assess(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nprovider: {kind: agency}\n", encoding="utf-8")
    a, e = run("assess", bad), run("explain", "EXIT-001", bad)
    assert e.exit_code == a.exit_code == 2
    assert e.stderr == a.stderr and "provider.kind" in e.stderr
