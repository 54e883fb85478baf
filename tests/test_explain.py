"""`vetting explain RULE DEAL`: the condition in words, the facts read with the deal's values, and
why the outcome is what the assessment says (a risk, an open question, not applicable)."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml
from click.testing import CliRunner

from conftest import FIXTURES
from vetting.cli import _register, cli
from vetting.text.explain import render
from vetting.workflows.explain import explain_rule as explain
from vetting.model.loading import load_deal
from vetting.engine.ruleset import get_ruleset

_register()
SEED = FIXTURES / "linkstar-proposal.yaml"
TODAY = dt.date(2026, 12, 1)
BLACK_HAT = FIXTURES / "black-hat-promises.yaml"


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env=env)


def assessed(path, rule_id):
    """The assessment's own outcomes for this rule (the reference evaluator), by subject."""
    deal = load_deal(path).deal
    rs = get_ruleset(evaluator="reference")
    return {(o.subject): (o.status, o.missing, o.assumed)
            for o in rs.evaluate(deal, deal.as_of).outcomes if o.rule.id == rule_id}


def test_a_risk_assumed_to_apply_names_the_unknown_applicability_fact(tmp_path):
    # the pitch as a monthly fee, not a one-off package: SEC-009's partner route concerns an ongoing agency
    deal = tmp_path / "black-hat-monthly.yaml"
    deal.write_text(BLACK_HAT.read_text(encoding="utf-8").replace("model: per_project", "model: base_plus_commission"), encoding="utf-8")
    e = explain("SEC-009", load_deal(deal))
    (s,) = e.subjects
    assert (s.status, s.missing, s.assumed) == ("risk", (), ("service.platforms",))
    assert assessed(deal, "SEC-009") == {"deal": ("risk", (), ("service.platforms",))}
    assert e.applies == ("- service.platforms includes amazon", "- derived.engagement is not one_off_project",
                         "- any of:", "  - derived.provider_kind is not ads_management",
                         "  - data_access.provider_permissions is not least_privilege",
                         "  - service.scope includes any of store_operation, listing, customer_service, creative, "
                         "training, saas, compliance")
    assert e.when == ("- data_access.provider_access is sub_account",)
    assert [(c.part, [(f.path, f.value) for f in c.facts], c.result) for c in s.checks] == [
        ("applies", [("service.platforms", None)], None),
        ("applies", [("derived.engagement", "ongoing")], True),
        # the listing studio is no ads-only provider: the any-group holds on its first known part
        ("applies", [("derived.provider_kind", "listing_optimization")], True),
        ("applies", [("data_access.provider_permissions", "broad")], True),
        ("applies", [("service.scope", None)], None),
        ("when", [("data_access.provider_access", "sub_account")], True)]
    out = run("explain", "SEC-009", deal)
    assert out.exit_code == 0
    assert out.output.splitlines()[-4:] == [
        "- [when] data_access.provider_access = sub_account → data_access.provider_access is sub_account: holds",
        "Outcome: risk. when: holds on the deal's facts: a known risk, assumed to concern this deal while "
        "these facts are unknown: service.platforms.",
        "Because: how the provider gets into your accounts: sub_account; assumed to concern this deal while "
        "not given: platforms the service covers",
        "What it assumes: Assumed: the service covers an Amazon store, and more than the ads on a least-privilege "
        "user (those are invited in the Amazon Ads console); fill in service.platforms, provider.kind, service.scope "
        "and data_access.provider_permissions to be sure."]
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
    # FEE-004 (more than 25 % of ad spend) concerns only a fee on ad spend; the seed's is on total GMV
    e = explain("FEE-004", load_deal(SEED))
    (s,) = e.subjects
    assert s.status == "na" and assessed(SEED, "FEE-004") == {"deal": ("na", (), ())}
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
        for s in explain(rule.id, deal, today=TODAY).subjects:
            got[(rule.id, s.subject)] = (s.status, s.missing, s.assumed)
    want = {(o.rule.id, o.subject): (o.status, o.missing, o.assumed) for o in rs.evaluate(deal.deal, TODAY).outcomes}
    assert got == want


def _without_as_of(path):
    from vetting.model.loading import validate

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("as_of", None)
    return validate(json.loads(json.dumps(data, default=str)), str(path)).deal


def _report_days(deal):
    """The report dates the issue names: 31 and 12 days before the cancel-by date and the day after it
    (a deal without one: a fixed day, and the same day a year on)."""
    from vetting.model.terms import cancel_by

    cb = cancel_by(deal)
    if cb is None:
        return [TODAY, TODAY + dt.timedelta(days=365)]
    return [cb - dt.timedelta(days=31), cb - dt.timedelta(days=12), cb + dt.timedelta(days=1)]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_explain_and_assess_agree_on_every_rule_at_every_report_date(path):
    # one Decision: `vetting explain RULE DEAL --today D` says what `vetting assess DEAL --today D` says,
    # the status of every subject and the because line, with as_of removed (the facts dated the report date)
    from vetting.workflows.assess import assess

    deal = _without_as_of(path)
    rule_ids = [r.id for r in get_ruleset().rules]
    for today in _report_days(deal):
        report = assess(deal, today=today)
        want = {(f.rule_id, f.subject): (f.status, f.because) for f in report.findings}
        got = {}
        for rule_id in rule_ids:
            for s in explain(rule_id, deal, today=today).subjects:
                if s.status in ("risk", "unknown") or (rule_id, s.subject) in want:
                    got[(rule_id, s.subject)] = (s.status, s.because)
        assert got == want, (path.name, today)


def test_ren_004_counts_the_days_from_the_report_date_as_the_summary_does():
    # the summary says 1 day is left to the cancel-by date: the rule that reads them is a risk
    out = run("assess", SEED, "--today", "2026-12-01").output
    assert "only 1 day left" in out
    assert "REN-004 · No cancel-by date falls in the next 30 days" not in out
    assert "**Medium · REN-004 · The last day to stop the renewal is less than 30 days away**" in out
    why = run("explain", "REN-004", SEED, "--today", "2026-12-01").output
    assert "derived.days_to_cancel_by = 1 " in why and "Outcome: risk." in why


def test_explain_takes_the_rates_assess_takes(tmp_path):
    # with a user's rate table, FEE-002 is what assess says it is, whatever the bundled rates say
    from vetting.workflows.assess import assess

    rates = tmp_path / "rates.yaml"
    rates.write_text("as_of: 2026-01-01\nsource: test\nper_usd: {CNY: 0.5, USD: 1}\n", encoding="utf-8")
    deal = load_deal(SEED)
    for table in (None, str(rates)):
        report = assess(deal, today=TODAY, rates=table)
        want = {f.subject: f.status for f in report.findings if f.rule_id == "FEE-002"}
        got = {s.subject: s.status for s in explain("FEE-002", deal, today=TODAY, rates=table).subjects}
        assert {k: v for k, v in got.items() if k in want or v in ("risk", "unknown")} == want, table
    out = run("explain", "FEE-002", SEED, "--today", "2026-12-01", "--rates", rates)
    assert out.exit_code == 0, out.output


def test_chinese_explanation_has_no_english_sentence():
    for rule_id, path in (("SEC-009", BLACK_HAT), ("CMP-009", SEED), ("FEE-003", SEED), ("EXIT-001", SEED)):
        out = run("explain", rule_id, path, "--lang", "zh").output
        prose = re.sub(r"[a-z_]+(\.[a-z_]+)+|applies:|when:|\[(applies|when)\]", "", out)
        assert not re.search(r"[A-Za-z]{3,}[ ,]+[A-Za-z]{3,}[ ,]+[A-Za-z]{3,}", prose.split("\n", 1)[1]), out


def test_unknown_rule_is_a_usage_error_with_a_suggestion(tmp_path):
    out = run("explain", "EXIT-01", SEED)
    assert out.exit_code == 2
    assert "Error: no rule 'EXIT-01'; did you mean 'EXIT-015'?" in out.output
    out = run("explain", "EXIT-01", SEED, "--lang", "zh")
    assert "错误：没有规则「EXIT-01」；是不是「EXIT-015」？" in out.output


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
