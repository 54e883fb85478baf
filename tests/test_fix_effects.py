"""Legible fix effects (issue 20 item 8): at the top of the scale a fix still moves the headline, and
"Fix these first" says what share of the known risk each fix removes.

On the bundled LinkStar fixtures the first fix of "Fix these first" and of the negotiation path alone
moves the score by at least 2 points and the first five together by at least 12, each measured by
re-scoring the deal with the fixes applied (Score.after, as the negotiation path computes it). Where
several blockers stand in separate fix units, fixing one leaves the deal unsignable and in the critical
band, so "every blocker fixed together" is the first fix. A deal whose reasons to walk away no clause
fixes (black-hat-promises) lists no fixes at all: neither "Fix these first" nor a path.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from vetting.model.loading import validate
from vetting.outputs.report import render
from vetting.outputs.summary import terminal_lines
from vetting.workflows.assess import assess, assessment, decide

ROOT = Path(__file__).resolve().parents[1]
NEGOTIABLE = ("compare/linkstar-full-store", "linkstar-proposal")
WALK_AWAY = "black-hat-promises"


def _decision(name: str):
    return decide(validate(yaml.safe_load((ROOT / "fixtures" / f"{name}.yaml").read_text(encoding="utf-8")), name))


def _moved(sc, steps) -> float:
    """How far the headline falls once the findings of ``steps`` pass, re-scored from the outcomes."""
    return sc.score - sc.after(frozenset(r for st in steps for r in st.rule_ids))[0]


@pytest.mark.parametrize("name", NEGOTIABLE)
@pytest.mark.parametrize("which", ["fix_first", "path"])
def test_the_first_fix_moves_the_score_2_points_and_the_first_five_12(name, which):
    sc = _decision(name).result
    steps = getattr(sc, which)
    assert steps, f"{name}: no {which}"
    assert _moved(sc, steps[:1]) >= 2.0, f"{name} {which}[0] {steps[0].rule_ids}: {_moved(sc, steps[:1]):.1f}"
    assert _moved(sc, steps[:5]) >= 12.0, f"{name} first five of {which}: {_moved(sc, steps[:5]):.1f}"
    # the figure the report prints is that same re-scoring
    assert steps[0].score_after == pytest.approx(sc.after(frozenset(steps[0].rule_ids))[0])


def test_several_blockers_in_separate_units_are_fixed_together_first():
    sc = _decision("compare/linkstar-full-store").result
    blockers = {r for r, it in sc.known.items() if it.severity == "blocker" and not it.walk_away}
    first = sc.fix_first[0]
    assert blockers <= set(first.rule_ids)
    if len(blockers) > 1 and first.group == "blockers_together":
        # no blocker's unit alone is offered besides: it does nothing for the verdict
        assert all(not set(st.rule_ids) <= blockers for st in sc.fix_first[1:])


def test_a_deal_with_reasons_to_walk_away_lists_no_fixes():
    d = _decision(WALK_AWAY)
    assert any(it.walk_away and it.severity == "blocker" for it in d.result.known.values())
    assert d.result.fix_first == () and d.result.path == ()
    a = assessment(d, "en")
    assert a.fix_first == [] and a.path == [] and a.verdict == "do_not_sign"


@pytest.mark.parametrize("lang, removes", [("en", r"removes (\d+)% of the known risk"), ("zh", r"消除已知风险的(\d+)%")])
def test_fix_these_first_says_the_share_of_the_known_risk_each_fix_removes(lang, removes):
    a = assess(validate(yaml.safe_load((ROOT / "fixtures" / "linkstar-proposal.yaml").read_text(encoding="utf-8")),
                        "linkstar-proposal"), lang=lang)
    shares = [f.share for f in a.fix_first]
    assert shares and all(0 < s <= 100 for s in shares)
    terminal = "\n".join(line.text for line in terminal_lines(a, [], lang))
    for out in (render(a, "md", lang), render(a, "html", lang), terminal):
        shown = [int(x) for x in re.findall(removes, out)]
        assert round(shares[0]) in shown, (lang, shares[0], shown[:5])
