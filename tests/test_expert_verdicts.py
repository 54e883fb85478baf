"""Expert verdicts (tests/expert/verdicts.yaml): how many of an experienced buyer's verdicts vetting
matches, on realistic deals and on single-fact edits of them.

The file was written before the rules were changed to agree with it, and the rules are not tuned to
it: this test does not demand every verdict. It holds the matched count from falling below what the
rules reach (MATCHED) and lists every mismatch with the buyer's reason. Run it as a script to print
the table: ``PYTHONPATH=src python tests/test_expert_verdicts.py``.
"""
from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
VERDICTS = ROOT / "tests" / "expert" / "verdicts.yaml"
MATCHED = 289  # raise it when a change matches more; never lower it to let a change through
# (217 of 247: rounds 30-31 as before, and rounds 32-34 written blind on 2026-12-07. At first sight: round 32
# 27 of 35, round 33 20 of 36, round 34 21 of 36 (and 21 of 36 again on the code after every change that
# session, which never looked at it). The changes then: fee take of a quarter of sales a blocker, small
# commissions low (judge6); the freelancer and month-fee exposure, KPI-011 on net sales, the free exit as a KPI
# consequence (judge7); cheap to leave, derived.at_stake_pct (judge8); accounts, lawsuits a year, exclusivity
# penalties (lead).
# 2026-12-08: rounds 35 (blindj6, 36 cases) and 36 (blindj7, 38 cases) written blind, measured at first sight on
# the code before any change of the day: 30 of 36 and 25 of 38 (272 of 321). Then, by helpers who never saw
# them: money at stake and commitments (judge9: a free exit makes a renewal harmless, a no-fault stop-loss caps
# what is at stake, a prepayment weighs by the money against sales, a missing or weak stop-loss is low when
# leaving is cheap, a least-privilege secondary user without funds rights is low) and walk-away signals and fee
# levels (judge10: a partner badge the Amazon or TikTok directory does not show, no contract or a kept deposit
# with an unchecked company, a minimum above what the volume pays, no indemnity eased under a black-hat ban):
# 229 of 247, round 35 29 of 36, round 36 30 of 38. The lead then narrowed SEC-004's low grade to an authorised
# app after round 35's reinstatement edit (30 of 36) and gave EXIT-002/003/004 the free-exit applicability and
# KPI-020 a low grade at 3 % (two property failures): 289 of 321.)
VERDICT_VALUES = {"proceed", "negotiate", "do_not_sign", "insufficient_information"}
_STEP = re.compile(r"^([A-Za-z_]+)(?:\[(\d+)\])?$")


def _steps(path: str) -> list:
    """``claims[1].text`` → ['claims', 1, 'text']."""
    out: list = []
    for part in path.split("."):
        m = _STEP.match(part)
        assert m, f"{VERDICTS.name}: bad path {path!r}"
        out.append(m.group(1))
        if m.group(2) is not None:
            out.append(int(m.group(2)))
    return out


def edited(deal: dict, changes: dict) -> dict:
    """The deal with each dotted path set to its value (missing records on the way are created)."""
    deal = copy.deepcopy(deal)
    for path, value in changes.items():
        *head, last = _steps(path)
        node = deal
        for step in head:
            if isinstance(step, str) and node.get(step) is None:
                node[step] = {}
            node = node[step]
        node[last] = value
    return deal


def cases() -> list[dict]:
    """Every expert case: name, deal (a mapping), verdict and reason."""
    spec = yaml.safe_load(VERDICTS.read_text(encoding="utf-8"))
    bases = {}
    out = []
    for name, entry in spec["deals"].items():
        bases[name] = yaml.safe_load((ROOT / entry["file"]).read_text(encoding="utf-8"))
        out.append({"name": name, "deal": bases[name], "verdict": entry["verdict"], "reason": entry["reason"]})
    for edit in spec["edits"]:
        label = ", ".join(f"{k}={v!r}" for k, v in edit["set"].items())
        out.append({"name": f"{edit['base']} with {label}", "deal": edited(bases[edit["base"]], edit["set"]),
                    "verdict": edit["verdict"], "reason": edit["reason"]})
    return out


def outcomes() -> list[tuple[dict, str, float]]:
    """Each case with vetting's verdict and score."""
    from vetting.workflows.assess import decide_many
    from vetting.model.loading import validate

    todo = cases()
    out = []
    for c in todo:  # each deal as of its own date: a verdict must not depend on the day the test runs
        loaded = validate(c["deal"], c["name"])
        (d,) = decide_many([loaded], today=loaded.deal.as_of)
        out.append((c, d.result.verdict, d.result.score))
    return out


def test_the_file_is_well_formed():
    spec = yaml.safe_load(VERDICTS.read_text(encoding="utf-8"))
    assert len(spec["edits"]) >= 20
    for c in cases():
        assert c["verdict"] in VERDICT_VALUES and c["reason"].strip(), c["name"]
    for edit in spec["edits"]:
        # one fact: one path, or the fields of one clause (paths under the same record: a deposit and whether
        # it comes back, a formula and its months, a price change and its cap)
        # or one fact the format states in two places, said so with its reason (`same_fact`)
        parents = {path.rpartition(".")[0] for path in edit["set"]}
        assert len(edit["set"]) == 1 or (len(parents) == 1 and "" not in parents) or edit.get("same_fact", "").strip(), \
            f"an edit changes one fact: {edit}"


def test_vetting_matches_at_least_as_many_expert_verdicts_as_before():
    rows = outcomes()
    misses = [f"{c['name']}: buyer {c['verdict']}, vetting {v} ({s:.1f}) - {c['reason']}"
              for c, v, s in rows if v != c["verdict"]]
    matched = len(rows) - len(misses)
    assert matched >= MATCHED, f"{matched}/{len(rows)} matched (at least {MATCHED} expected):\n" + "\n".join(misses)


def test_deleting_every_kpi_never_lowers_the_score():
    # no KPIs is at least as bad as poor KPIs, on every deal here that has KPIs
    from vetting.workflows.assess import decide_many
    from vetting.model.loading import validate

    pairs = [(c["name"], c["deal"]) for c in cases() if c["deal"].get("kpis")]
    deals = [validate(d, n) for n, d in pairs] + [validate({**d, "kpis": []}, n) for n, d in pairs]
    results = decide_many(deals)
    half = len(pairs)
    lowered = [f"{n}: {a.result.score:.1f} -> {b.result.score:.1f}"
               for (n, _), a, b in zip(pairs, results[:half], results[half:]) if b.result.score < a.result.score - 1e-9]
    assert not lowered, lowered


if __name__ == "__main__":
    rows = outcomes()
    for c, v, s in rows:
        mark = "ok  " if v == c["verdict"] else "MISS"
        print(f"{mark} {c['name']}: buyer {c['verdict']}, vetting {v} ({s:.1f})")
    print(f"matched {sum(v == c['verdict'] for c, v, _ in rows)}/{len(rows)}")
    sys.exit(0)
