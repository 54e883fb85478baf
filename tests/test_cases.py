"""Published cases encoded as deals (fixtures/cases/, only what the sources state) come out as an
experienced buyer concludes (docs/scoring.md, "Published cases", written before running them).

The two passive-income schemes, the 保底 package and the Huli contract (a guaranteed 2.3 million in
sales with a "you did not cooperate" escape) are all unsignable; the Hongkou contract, whose written
refund terms the court enforced, is not, and scores below every scheme.
"""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from vetting.workflows.assess import assess_file

CASES = FIXTURES / "cases"
SCHEMES = ("ftc-empire-ecommerce", "ftc-ascend-ecom")
COURT = ("court-huli", "court-hongkou")
ALL = SCHEMES + COURT + ("baodi-package", "incubator-zero-sales")

def case(name):
    return assess_file(CASES / f"{name}.yaml")


@pytest.mark.parametrize("name", ALL)
def test_no_published_case_proceeds(name):
    a = case(name)
    assert a.verdict != "proceed"
    assert a.exposure > 0  # what is not stated is asked, not passed


@pytest.mark.parametrize("name", ALL)
def test_every_case_file_states_its_sources(name):
    text = (CASES / f"{name}.yaml").read_text(encoding="utf-8")
    assert text.startswith("#") and ("court" in text.lower() or "FTC" in text or "方圆出海" in text)


def test_the_baodi_package_escape_clause_and_forced_ad_money_are_known_risks():
    a = case("baodi-package")
    known = {f.rule_id for f in a.findings if f.status == "risk"}
    assert {"FEE-005", "FEE-011"} <= known  # forced purchases, fees kept if the seller "does not cooperate"
    assert a.score > 0


@pytest.mark.parametrize("name", SCHEMES + ("baodi-package", "court-huli"))
def test_passive_income_schemes_and_guaranteed_sales_with_an_escape_clause_are_not_signed(name):
    a = case(name)
    assert (a.verdict, a.level) == ("do_not_sign", "critical")


def test_ftc_schemes_score_above_the_contract_whose_refund_terms_the_court_enforced():
    schemes = [case(n).score for n in SCHEMES]
    hongkou = case("court-hongkou")
    assert min(schemes) > hongkou.score and hongkou.verdict != "do_not_sign", (schemes, hongkou.score)


def test_unsignable_deals_are_still_ordered_by_what_else_is_wrong():
    # a blocker sets the band (critical), the rest of the known risk places the deal inside it
    scores = {n: case(n).score for n in SCHEMES + ("baodi-package", "court-huli")}
    assert all(70 <= s < 100 for s in scores.values()) and len(set(scores.values())) > 1, scores


def test_a_large_package_fee_for_a_store_with_no_sales_is_a_known_risk():
    a = case("incubator-zero-sales")
    assert a.score > case("court-hongkou").score
    assert any(f.status == "risk" and f.category == "fees" for f in a.findings)
