"""A provider's word never clears a risk by itself (decide/provenance.py): a fact the provider stated and
the seller has not verified, on a field the registry marks `verify: true`, counts as known for
completeness, but each rule takes the worse of its outcome with the fact as stated and unknown."""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from vetting.decide.provenance import months_before, stale_sources
from vetting.io.errors import InputError
from vetting.model.loading import validate
from vetting.model.registry import registry
from vetting.workflows.assess import assess

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 1)


def _fixture(name: str) -> dict:
    return yaml.safe_load((ROOT / "fixtures" / name).read_text(encoding="utf-8"))


def _assess(data: dict, **kw):
    return assess(validate(data, "deal"), today=TODAY, **kw)


def _by_rule(a, rule_id: str):
    return next(f for f in a.findings if f.rule_id == rule_id)


def _provider(**extra) -> dict:
    return {"from": "provider", "by": "王经理 (LinkStar)", "on": "2026-11-20", **extra}


def test_a_stop_loss_the_provider_only_claims_stays_an_item_to_verify():
    data = _fixture("linkstar-proposal-v2.yaml")  # the revised proposal: a stop-loss clause is in it
    plain = _assess(data)
    assert _by_rule(plain, "EXIT-001").status == "pass"
    claimed = copy.deepcopy(data)
    claimed["sources"] = {"contract.stop_loss.present": _provider(evidence="微信聊天记录")}
    a = _assess(claimed)
    f = _by_rule(a, "EXIT-001")
    assert f.status == "unknown" and f.unverified == ["contract.stop_loss.present"]
    assert "contract.stop_loss.present" not in f.missing  # known for completeness
    assert a.completeness == plain.completeness
    assert a.score >= plain.score and a.exposure > plain.exposure
    [src] = a.sources
    assert src.unverified and src.check  # the seller's own check beside it
    # once the seller has seen the clause, the provider's word is verified and the stop-loss counts
    claimed["sources"]["contract.stop_loss.present"]["verified"] = True
    assert _by_rule(_assess(claimed), "EXIT-001").status == "pass"
    # the contract's own quote is not the provider's word
    claimed["sources"]["contract.stop_loss.present"] = {"from": "contract", "page": 4, "quote": "连续两个月未达标80%，甲方可无责解约"}
    assert _by_rule(_assess(claimed), "EXIT-001").status == "pass"


def test_a_provider_statement_that_makes_the_deal_worse_weighs_as_known():
    data = _fixture("mostly-unknown.yaml")
    data.setdefault("contract", {})["auto_renewal"] = {"present": True, "renewal_term_months": 12, "cancel_notice_days": 90}
    plain = _assess(data)
    data["sources"] = {f"contract.auto_renewal.{k}": _provider() for k in ("present", "renewal_term_months",
                                                                            "cancel_notice_days")}
    a = _assess(data)
    risks = {f.rule_id for f in plain.findings if f.status == "risk"}
    assert risks and risks <= {f.rule_id for f in a.findings if f.status == "risk"}
    assert a.score == plain.score


FIELDS = sorted(f.path for f in registry() if f.verify and "provider" in f.answered_by and f.show_to_provider
                and not f.record and f.type in ("bool", "enum", "number"))
VALUES = {"bool": st.booleans(), "number": st.sampled_from([0, 1, 3, 12, 30, 90, 100])}


@st.composite
def statements(draw):
    path = draw(st.sampled_from(FIELDS))
    f = registry()[path]
    value = draw(st.sampled_from(f.values) if f.type == "enum" else VALUES[f.type])
    return path, value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["mostly-unknown.yaml", "linkstar-proposal.yaml", "honest-agency.yaml"]),
       stated=st.lists(statements(), min_size=1, max_size=3, unique_by=lambda s: s[0]))
def test_an_unverified_provider_statement_never_lowers_the_score(name, stated):
    data = _fixture(name)
    before = copy.deepcopy(data)
    sources = {}
    for path, value in stated:
        holder = data
        *parts, last = path.split(".")
        for part in parts:
            if holder.get(part) is None:
                holder[part] = {}
            holder = holder[part]
            assume(isinstance(holder, dict))
        assume(holder.get(last) is None)  # a fact the deal did not know
        holder[last] = value
        sources[path] = _provider()
    data["sources"] = sources
    try:
        after = _assess(data)
    except InputError:
        assume(False)  # a combination the deal format refuses (e.g. a value out of bounds)
    base = _assess(before)
    assert after.score >= base.score
    # nor the worst case, nor any single finding: a provider's word alone clears nothing
    assert after.score + after.exposure >= base.score + base.exposure - 0.15  # each figure rounded to 0.1
    rank = {"na": 0, "pass": 1, "unknown": 2, "risk": 3}
    was = {(f.rule_id, f.subject): rank[f.status] for f in base.findings}
    cleared = [(f.rule_id, f.subject) for f in after.findings if rank[f.status] < was.get((f.rule_id, f.subject), 0)]
    assert cleared == []


def test_stale_evidence_counts_from_the_report_date():
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 12, 1), 12) == dt.date(2025, 12, 1)
    data = _fixture("linkstar-proposal-v2.yaml")
    data["sources"] = {"contract.stop_loss.present": _provider(evidence_date="2025-11-30"),
                       "contract.term_months": {"from": "contract", "evidence_date": "2025-12-01"}}
    deal = validate(data, "deal").deal
    assert stale_sources(deal, TODAY, 12) == [("contract.stop_loss.present", dt.date(2025, 11, 30))]
    assert stale_sources(deal, TODAY, 24) == []
    a = _assess(data, evidence_max_age=6)
    assert {s.field: s.stale for s in a.sources} == {"contract.stop_loss.present": True, "contract.term_months": True}


@pytest.mark.parametrize("key", ["kpis[nope].target", "contract.stop_loss", "sources.x", "kpis[0]..target"])
def test_a_source_for_something_that_is_not_a_fact_of_the_deal_is_refused(key):
    data = _fixture("linkstar-proposal.yaml")
    data["sources"] = {key: {"from": "seller"}}
    with pytest.raises(InputError) as e:
        validate(data, "deal.yaml")
    [line] = e.value.lines()
    assert line.startswith("deal.yaml") and "sources" in line and key in line
