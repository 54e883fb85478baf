"""The bundled deals get the verdict an experienced buyer would give, for the reasons (seed points) at stake."""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from vetting.model.loading import load_deal
from vetting.workflows.assess import assess


def assess_file(path, **kwargs):
    """The deal assessed on the day its facts were collected (its as_of): days left to a cancel-by date
    count from the report date, and a verdict here must not change with the day the test runs."""
    loaded = load_deal(path)
    return assess(loaded, today=loaded.deal.as_of, **kwargs)


def refs_of(a, statuses=("risk",)):
    return {ref for f in a.findings if f.status in statuses and not f.waived for ref in f.refs}


def test_gold_standard_deal_proceeds():
    a = assess_file(FIXTURES / "gold-standard.yaml")
    assert (a.level, a.verdict) == ("low", "proceed")
    assert a.completeness >= 0.95
    assert a.blockers == []
    assert not [f.rule_id for f in a.findings if f.status == "risk" and f.severity in ("blocker", "high")]


@pytest.mark.parametrize("name", ["ads-agency-protected.yaml", "saas-subscription.yaml"])
def test_well_protected_deals_of_other_kinds_proceed(name):
    # a percentage-of-ad-spend PPC agency and a software subscription: rules that do not apply stay quiet
    a = assess_file(FIXTURES / name)
    assert (a.level, a.verdict) == ("low", "proceed")
    assert a.blockers == []


def test_seed_proposal_is_not_signed_as_it_stands_but_negotiation_can_fix_it():
    a = assess_file(FIXTURES / "linkstar-proposal.yaml")
    assert a.verdict == "do_not_sign"
    assert a.level == "critical"
    # not pinned at 100: the score has room to move. It carries one blocker (an SPN badge the directory does not
    # show, in a pitch that guarantees 保你月销百万: CRED-008), which puts it in the critical band placed by its load,
    # so the room shows as what the first fix does rather than as a ceiling on the score
    assert a.score < 95 and a.score - a.path[0].score_after > 10
    # the negotiation path reaches "negotiate" within a few fixes, and "proceed" in the end
    verdicts = [s.verdict_after for s in a.path]
    assert "negotiate" in verdicts[:4] and verdicts[-1] == "proceed"
    # fixing the five biggest problems moves the score by more than ten points
    assert a.score - a.path[4].score_after > 10
    # the guide's pitfalls, each a known risk here
    assert {"S1", "S3", "S4", "S5", "S6", "S9", "S10", "S11", "S14", "S26"} <= refs_of(a)
    assert a.cancel_by is not None and a.cancel_by.date == "2026-12-02"


@pytest.mark.parametrize("name, blocker", [("main-login-handover.yaml", "SEC-001"), ("black-hat-promises.yaml", None)])
def test_handed_over_login_or_paid_reviews_are_blockers(name, blocker):
    a = assess_file(FIXTURES / name)
    assert a.verdict == "do_not_sign"
    assert a.blockers
    if blocker:
        assert blocker in a.blockers
    blocking = [f for f in a.findings if f.rule_id in a.blockers]
    assert all(f.severity == "blocker" and f.status == "risk" for f in blocking)


def test_paid_reviews_and_fake_orders_each_block():
    a = assess_file(FIXTURES / "black-hat-promises.yaml")
    titles = {f.rule_id: f.title for f in a.findings if f.rule_id in a.blockers}
    assert len(titles) >= 2, titles
    assert "S20" in refs_of(a)


def test_mostly_unknown_deal_is_insufficient_information():
    a = assess_file(FIXTURES / "mostly-unknown.yaml")
    assert a.verdict == "insufficient_information"
    assert a.completeness < 0.2
    unknowns = [f for f in a.findings if f.status == "unknown"]
    assert len(unknowns) > 40
    assert all(f.ask and f.evidence for f in unknowns)


@pytest.mark.parametrize("name, refs", [
    ("small-store-heavy-fee.yaml", {"S25"}),
    ("lock-in.yaml", {"S26", "S6", "S9", "S11"}),
    ("commission-on-total-gmv.yaml", {"S24"}),
])
def test_problem_deals_are_negotiated_or_refused_for_the_right_reasons(name, refs):
    a = assess_file(FIXTURES / name)
    assert a.verdict in ("negotiate", "do_not_sign")
    assert a.level in ("medium", "high", "critical")
    assert refs <= refs_of(a), refs - refs_of(a)


def test_vague_kpis_with_little_else_known_asks_first():
    # six known KPI flaws (medium) and 80 open questions: too little known to judge, and the KPI
    # flaws are still listed as known risks to fix
    a = assess_file(FIXTURES / "vague-kpis.yaml")
    assert a.verdict == "insufficient_information" and a.completeness < 0.5
    assert {"S1", "S2", "S3", "S7"} <= refs_of(a)
    assert a.fix_first and a.ask_first


def test_every_fixture_assesses_in_both_languages():
    for path in sorted(FIXTURES.glob("*.yaml")):
        en, zh = assess_file(path, lang="en"), assess_file(path, lang="zh")
        assert (en.score, en.verdict) == (zh.score, zh.verdict)
        assert [f.rule_id for f in en.findings] == [f.rule_id for f in zh.findings]
