"""Scoring v2 properties on generated deals (issue 11 point 8, docs/scoring.md).

Deals are built the way the batch benchmark builds them (every field drawn from the values the
models allow, some left unknown), seeded by hypothesis so that a failure shrinks to one seed and
one change. Generation is a dictionary per deal: fast enough for a few hundred examples.
"""
from __future__ import annotations

import copy
import datetime as dt
import itertools
import random
import sys

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from vetting.outputs import report
from vetting.rules import scoring
from vetting.workflows.assess import assess
from vetting.model.loading import validate
from vetting.model.registry import registry, tiers
from vetting.rules.reference import Outcome
from vetting.engine.ruleset import get_ruleset

sys.path.insert(0, str(FIXTURES.parent / "benchmarks"))
from bench_batch import AS_OF, _prune, synthetic_deal  # noqa: E402

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LEVELS = scoring.LEVEL_ORDER
VERDICTS = scoring.VERDICT_ORDER  # best first


def evaluate(data: dict):
    deal = validate(copy.deepcopy(data), "generated").deal
    return get_ruleset().evaluate(deal, deal.as_of or AS_OF)


def scored(data: dict, waived=frozenset()):
    ev = evaluate(data)
    return ev, scoring.score(ev.outcomes, frozenset(waived), ev.known_facts, listed=True)


def put(data: dict, path: str, value) -> dict:
    """``data`` with ``path`` set to ``value`` (None: removed). A field of a list of records
    (``kpis.net_of_refunds``) is set in every record the deal has."""
    out = copy.deepcopy(data)
    record = _RECORDS.get(path)
    holders = [out]
    if record:
        holders = [r for r in _get(out, record) or () if isinstance(r, dict)]
        path = path[len(record) + 1:]
    for node in holders:
        *parents, leaf = path.split(".")
        for p in parents:
            if not isinstance(node.get(p), dict):
                node[p] = {}
            node = node[p]
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return out


def _get(data: dict, path: str):
    for p in path.split("."):
        data = data.get(p) if isinstance(data, dict) else None
    return data


# A good and a bad figure for a field where a higher (or lower) one is worse, by its unit in the registry
SPANS = {"money": (1000, 200000), "pct": (5, 80), "days": (7, 180), "months": (3, 36), "years": (0.5, 10),
         None: (1, 20)}


def _flips(fields) -> list[tuple[str, object, object]]:
    """(field, good value, bad value) for every field the registry says which direction is worse of:
    the two booleans, every pair of an enum's values in different tiers, a list without and with items,
    a low and a high figure."""
    out = []
    for f in fields:
        w = f.worse
        if w is None:
            continue
        if isinstance(w, bool):
            out.append((f.path, not w, w))
        elif isinstance(w, tuple):
            t = tiers(w)
            out += [(f.path, a, b) for i in range(len(t)) for j in range(i + 1, len(t)) for a in t[i] for b in t[j]]
        elif w == "more":
            out.append((f.path, [], list(f.values[:1])))
        else:
            lo, hi = SPANS[f.unit]
            out.append((f.path, lo, hi) if w == "higher" else (f.path, hi, lo))
    return out


# What an experienced buyer calls better and worse, all else equal: the "worse" of every field in the
# field registry (src/vetting/model/fields.yaml)
FLIPS = _flips(registry())
_RECORDS = {f.path: f.record for f in registry() if f.record}

# Facts a generated deal may leave unknown
UNKNOWABLE = sorted({path for path, _, _ in FLIPS}) + ["kpis", "claims", "track_record", "fees.base_monthly",
                                               "contract.term_months", "seller.monthly_gmv", "governance"]

# Facts that say whom a rule concerns (JUDGMENT.md): knowing them less must never hide a known risk.
APPLICABILITY = ["provider.kind", "service.scope", "contract.governing_law", "provider.country",
                 "seller.platforms", "seller.markets", "fees.model"]


def _fixture(name: str = "gold-standard.yaml") -> dict:
    import json

    import yaml
    raw = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    return json.loads(json.dumps(raw, default=str))


GOLD = _fixture()


@st.composite
def deals(draw):
    """A deal as a plain dict: a synthetic deal from a drawn seed (most carry a blocker), or the
    bundled gold-standard deal with a few facts turned bad and a few left unknown (it reaches every
    verdict, "proceed" included)."""
    if draw(st.booleans()):
        seed = draw(st.integers(0, 2**32 - 1))
        return _prune(synthetic_deal(seed % 1_000_000, random.Random(seed)))
    data = GOLD
    for path, _, bad in draw(st.lists(st.sampled_from(FLIPS), max_size=4, unique_by=lambda f: f[0])):
        data = put(data, path, bad)
    for path in draw(st.lists(st.sampled_from(UNKNOWABLE), max_size=6, unique=True)):
        data = put(data, path, None)
    return data


@SETTINGS
@given(deals(), st.sampled_from(FLIPS))
def test_turning_a_fact_from_good_to_bad_never_lowers_the_score(data, flip):
    path, good, bad = flip
    _, better = scored(put(data, path, good))
    _, worse = scored(put(data, path, bad))
    assert worse.score >= better.score - 1e-9, (path, worse.score, better.score)
    assert LEVELS.index(worse.level) >= LEVELS.index(better.level)


@SETTINGS
@given(deals(), st.sampled_from(APPLICABILITY))
def test_an_unknown_applicability_fact_never_turns_a_known_risk_into_a_question(data, path):
    known, _ = scored(data)
    blurred, _ = scored(put(data, path, None))
    after = {(o.rule.id, o.subject): o.status for o in blurred.outcomes}
    for o in known.outcomes:
        # the promise is about facts that decide whom a rule concerns; a fact the rule's when: also reads
        # (itself or through a derived figure: fees.model decides whether an unstated base fee is 0 for
        # EXIT-007's monthly fee) can leave the risk itself undecided, and then an open question is right
        if o.status == "risk" and path not in _when_reads(o.rule):
            assert after[(o.rule.id, o.subject)] == "risk", (path, o.rule.id, o.subject)


def _when_reads(rule) -> set[str]:
    """The deal fields a rule's when: reads, with the sources of the derived figures it reads."""
    from vetting.rules import conditions
    from vetting.rules.facts import DERIVED_SOURCES

    read: set[str] = set()
    for path in conditions.referenced(rule.when).get("deal", ()):
        read.update(DERIVED_SOURCES.get(path, (path,)))
        read.add(path)
    return read


@SETTINGS
@given(deals(), st.randoms(use_true_random=False))
def test_a_waiver_or_a_fix_never_raises_the_score(data, rnd):
    ev, base = scored(data)
    blockers = get_ruleset().blocker_ids
    risky = sorted({o.rule.id for o in ev.outcomes if o.status in ("risk", "unknown")})
    waived = frozenset(r for r in risky if r not in blockers and rnd.random() < 0.3)
    after_waiver = scoring.score(ev.outcomes, waived, ev.known_facts, listed=True)
    assert after_waiver.score <= base.score + 1e-9
    assert LEVELS.index(after_waiver.level) <= LEVELS.index(base.level)
    # a fix: some known risks pass, on every subject
    fixed = {r for r in base.known if rnd.random() < 0.4}
    outcomes = [Outcome(o.rule, o.subject, "pass") if o.rule.id in fixed else o for o in ev.outcomes]
    after_fix = scoring.score(outcomes, frozenset(), ev.known_facts + _newly_known(base, outcomes, ev.known_facts))
    assert after_fix.score <= base.score + 1e-9
    assert LEVELS.index(after_fix.level) <= LEVELS.index(base.level)
    assert VERDICTS.index(after_fix.verdict) <= VERDICTS.index(base.verdict)
    # and along the negotiation path the score never rises
    scores = [base.score] + [s.score_after for s in base.path]
    assert all(b <= a + 1e-9 for a, b in zip(scores, scores[1:]))


@SETTINGS
@given(deals(), st.randoms(use_true_random=False))
def test_the_score_does_not_depend_on_the_order_of_kpis_claims_and_case_studies(data, rnd):
    shuffled = copy.deepcopy(data)
    for lst in (shuffled.get("kpis"), shuffled.get("claims"), (shuffled.get("track_record") or {}).get("case_studies")):
        if lst:
            rnd.shuffle(lst)
    a = assess(validate(copy.deepcopy(data), "a"))
    b = assess(validate(shuffled, "b"))
    assert (a.score, a.level, a.verdict, a.completeness, a.exposure, a.blockers) == \
           (b.score, b.level, b.verdict, b.completeness, b.exposure, b.blockers)
    assert [(f.rule_ids, f.score_after, f.verdict_after) for f in a.path] == \
           [(f.rule_ids, f.score_after, f.verdict_after) for f in b.path]
    key = lambda f: (f.rule_id, f.status, f.points, f.exposure)  # noqa: E731  (case studies are labelled by position)
    assert sorted(map(key, a.findings)) == sorted(map(key, b.findings))


def _newly_known(base: scoring.Score, outcomes, known_facts: int) -> int:
    """How many facts became known when findings turned into passes: the unknown facts that no
    remaining open outcome waits on any more."""
    probe = scoring.score(outcomes, frozenset(), known_facts)
    return len(base.asked) - len(probe.asked)


@SETTINGS
@given(deals())
def test_score_after_on_the_path_is_what_scoring_the_fixed_outcomes_gives(data):
    ev, base = scored(data)
    done: set[str] = set()
    for step in base.path:
        done |= set(step.rule_ids)
        outcomes = [Outcome(o.rule, o.subject, "pass") if o.rule.id in done else o for o in ev.outcomes]
        known = ev.known_facts + _newly_known(base, outcomes, ev.known_facts)
        again = scoring.score(outcomes, frozenset(), known)
        assert again.score == pytest.approx(step.score_after, abs=1e-9)
        assert (again.level, again.verdict) == (step.level_after, step.verdict_after)
        assert again.completeness == pytest.approx(step.completeness_after, abs=1e-12)
    for fix in base.fix_first:
        outcomes = [Outcome(o.rule, o.subject, "pass") if o.rule.id in fix.rule_ids else o for o in ev.outcomes]
        again = scoring.score(outcomes, frozenset(), ev.known_facts + _newly_known(base, outcomes, ev.known_facts))
        assert again.score == pytest.approx(fix.score_after, abs=1e-9)
        assert again.verdict == fix.verdict_after


@SETTINGS
@given(deals())
def test_level_and_verdict_agree(data):
    _, s = scored(data)
    if s.blockers:
        assert (s.level, s.verdict) == ("critical", "do_not_sign")
    if s.verdict == "proceed":
        assert s.level == "low" and s.completeness >= scoring.PROCEED_MIN_COMPLETENESS
    if s.verdict == "do_not_sign":
        assert s.level in ("high", "critical")
    if s.completeness < scoring.JUDGE_MIN_COMPLETENESS:
        assert s.verdict in ("insufficient_information", "do_not_sign")
    if any(it.severity == "high" for it in s.known.values()):
        assert s.level != "low"
    # open questions never add to the headline: the same deal with every question answered well scores the same
    answered = [Outcome(o.rule, o.subject, "pass") if o.status == "unknown" else o for o in evaluate(data).outcomes]
    assert scoring.score(answered).score == pytest.approx(s.score, abs=1e-12)
    # the path's verdicts only improve, and it stops once it reaches "proceed"
    verdicts = [s.verdict] + [st.verdict_after for st in s.path]
    assert all(VERDICTS.index(b) <= VERDICTS.index(a)
               for a, b in zip(verdicts, verdicts[1:]))
    assert "proceed" not in verdicts[:-1]


def test_generated_deals_cover_every_verdict():
    # the generator is worth its name: it reaches every verdict
    seen = set()

    @settings(max_examples=150, deadline=None, database=None, derandomize=True)
    @given(deals())
    def collect(data):
        seen.add(scored(data)[1].verdict)

    collect()
    assert seen == set(VERDICTS), seen


ALL_FIXTURES = sorted(FIXTURES.glob("*.yaml")) + sorted((FIXTURES / "compare").glob("*.yaml")) \
    + sorted((FIXTURES / "cases").glob("*.yaml"))


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.stem)
def test_turning_a_deal_fact_bad_is_seen_on_every_fixture(path):
    # the same property on each bundled deal, one flip at a time, for every field the registry orders
    import json

    import yaml
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    for field, good, bad in FLIPS:
        _, better = scored(put(data, field, good))
        _, worse = scored(put(data, field, bad))
        assert worse.score >= better.score - 1e-9, (field, good, bad)
        assert LEVELS.index(worse.level) >= LEVELS.index(better.level), (field, good, bad)


def test_the_registry_orders_the_fields_a_buyer_would():
    # every field with a known better and worse is in the property, not a hand-picked few
    paths = {p for p, _, _ in FLIPS}
    assert len(paths) > 70
    assert {"contract.stop_loss.present", "contract.ip.data", "data_access.provider_access", "compliance.tactics_offered",
            "fees.refundable_on_exit", "kpis.net_of_refunds", "track_record.case_studies.evidence"} <= paths


# ---------------------------------------------------------------- `assumed` names what applicability hangs on
#
# A finding whose applicability is unknown lists in `assumed` exactly the unknown facts on which it
# depends (docs/rule-format.md): give a listed fact some value (the other unknown facts of the rule's
# `applies:` given some values too) and applicability changes; give an unlisted one any value, whatever
# the others are, and it does not.

def _applies_checks():
    from vetting.rules import conditions, reference
    from vetting.rules.facts import DERIVED_SOURCES
    from vetting.model import derived
    from vetting.model.fields import CHILD_KINDS, catalog

    ruleset = get_ruleset()
    kind_of_list = {path: kind for kind, (path, _) in CHILD_KINDS.items()}

    def where(name: str):
        """(kind, list path or None, record label or None, field path) of a fact name in `assumed`."""
        if "]." in name:
            label, path = name.split("].", 1)
            base = label.split("[", 1)[0]
            return kind_of_list[base], base, label + "]", path
        return "deal", None, None, name

    # amounts whose ratios fall in the bands around the 10 / 20 / 30 % thresholds of ratio-derived figures
    AMOUNTS = {1_000, 6_000, 10_000, 33_000, 50_000, 300_000}

    def numbers(rule, path: str) -> set:
        """Numbers around the thresholds the rule's applies: tests set on the field (or a figure derived from it).
        A source of a derived figure also takes amounts of a store's scale (AMOUNTS): a ratio of amounts (the
        fees as a share of sales) crosses its thresholds only where the amounts are of the size real deals have,
        and the bands between two thresholds can be narrow (a fixed fee above 10 % of sales, with the fees in
        total at most 20 %: 6,000 of 50,000 or 33,000 of 300,000), never at the thresholds' own numbers."""
        out = {0, 1, 12}
        for _, _, t in conditions.tests(rule.applies):
            sources = {*DERIVED_SOURCES.get(t.path, ()), *DERIVED_SOURCES.get("derived." + t.path, ())}
            if path in {t.path, *sources} and isinstance(t.arg, (int, float)) and not isinstance(t.arg, bool):
                out |= {t.arg, t.arg + 1}
            if path in sources:
                out |= AMOUNTS
        return out

    def _reads_of(path: str) -> tuple[str, ...]:
        d = derived.BY_PATH.get(path) or derived.BY_PATH.get("derived." + path)
        return d.reads if d is not None else ()

    def unasked(rule, data: dict) -> list[str]:
        """The unknown fields a derived figure of the rule's applies: reads without naming them (its `reads`: a
        mapped twin, a monthly minimum): never in `assumed` (an open question does not ask them), but a value
        of theirs can make a listed source decide (hypothesis seed 13: a fee on ad spend with a monthly minimum
        of 300,000 on sales of 450,000 takes more than 20 % once the fee model says it is a fee on ad spend)."""
        out = []
        for _, _, t in conditions.tests(rule.applies):
            out += [q for q in _reads_of(t.path) if _get(data, q) is None and q not in out]
        return out

    def candidates(rule, name: str) -> list:
        kind, _, _, path = where(name)
        if kind == "deal" and path in kind_of_list:  # a list of records, read as its count
            return [[], [{"id": "extra"}]]
        info = catalog(kind)[path]
        if info.type == "bool":
            return [True, False]
        if info.type == "enum":
            return list(info.values)
        if info.type == "list":
            return [[]] + [[v] for v in info.values]
        if info.type in ("number", "count"):
            return sorted(numbers(rule, path))
        if info.type == "text":  # the values the rule names, and one it does not
            named = [a for _, _, t in conditions.tests(rule.applies) if t.path == path
                     for a in (t.arg if isinstance(t.arg, tuple) else (t.arg,)) if isinstance(a, str)]
            return sorted(set(named)) + ["ZZ"]
        raise AssertionError(f"{name}: no candidate values for a {info.type} field")

    def put_fact(data: dict, name: str, value) -> dict:
        kind, base, label, path = where(name)
        if kind == "deal":
            return put(data, path, value)
        out = copy.deepcopy(data)
        holder = out
        *parents, leaf = base.split(".")
        for p in parents:
            holder = holder[p]
        records = holder[leaf]
        index = next(i for i, rec in enumerate(records)
                     if (f"{base}[{rec['id']}]" if kind == "kpi" else f"{base}[{i}]") == label)
        records[index] = put(records[index], path, value)
        return out

    def applicability(plan, label: str, data: dict):
        """The rule's applies: on the subject ``label`` of the deal ``data`` ("invalid": the format refuses it)."""
        try:
            deal = validate(copy.deepcopy(data), "generated").deal
        except Exception:
            return "invalid"
        facts = ruleset.facts(deal, deal.as_of or AS_OF)
        record = next(rec for lab, rec in reference.subjects(plan.subject, facts) if lab == label)
        return plan.judge.applies((facts.deal, record, None, facts.children))

    def check(data: dict, rnd: random.Random, limit: int = 4) -> int:
        """Check every risk and open question of ``data`` on a rule with applies: (at most ``limit`` of them,
        drawn with ``rnd``); returns how many had an unknown applies: fact left out of `assumed`."""
        deal = validate(copy.deepcopy(data), "generated").deal
        as_of = deal.as_of or AS_OF
        facts = ruleset.facts(deal, as_of)
        plans = {p.rule.id: p for p in ruleset.plans}
        todo = []
        for o in ruleset.evaluate(deal, as_of).outcomes:
            plan = plans[o.rule.id]
            if o.status not in ("risk", "unknown") or plan.rule.applies is None:
                continue
            record = next(rec for lab, rec in reference.subjects(plan.subject, facts) if lab == o.subject)
            read = reference.unknown_facts(plan.rule.applies, (facts.deal, record, None, facts.children))
            # what other facts already tell is inferred and counts as known (a fixed fee model: no commission),
            # so the unknown sources of a derived figure the rule reads and the deal already decides are not
            # unknown facts of its applicability, although a contradicting answer could overturn the inference
            inferred = {q for _, _, t in conditions.tests(plan.rule.applies) if t.path in DERIVED_SOURCES
                        and conditions.getter(t.path)(facts.deal) is not None for q in DERIVED_SOURCES[t.path]}
            if read:
                todo.append((o, plan, read, inferred))
        narrowed = 0
        for o, plan, read, inferred in rnd.sample(todo, min(limit, len(todo))):
            assert set(o.assumed) <= set(read), (o.rule.id, o.assumed, read)
            before = applicability(plan, o.subject, data)
            assert (before is None) == bool(o.assumed), (o.rule.id, o.subject, before, o.assumed)
            narrowed += set(read) != set(o.assumed)
            for fact in read:
                others = [f for f in read if f != fact] + [q for q in unasked(plan.rule, data) if q not in read]

                def values_of(f: str) -> list:  # an unasked field: a small and a large amount are enough
                    return candidates(plan.rule, f) if f in read else [min(AMOUNTS), max(AMOUNTS)]
                values = candidates(plan.rule, fact)

                def seen_under(completion: dict) -> set:
                    base = data
                    for f, v in completion.items():
                        base = put_fact(base, f, v)
                    got = {applicability(plan, o.subject, put_fact(base, fact, v)) for v in [None, *values]}
                    return got - {"invalid"}

                # a completion leaves a fact absent too: a fixed-fee deal has no commission basis at all
                completions = [{}] + [{f: rnd.choice([None, *values_of(f)]) for f in others}
                                      for _ in range(12)]
                if fact in o.assumed:
                    found = any(len(seen_under(c)) > 1 for c in completions)
                    if not found:  # the random completions missed the witness: try them all
                        space = [[None, *values_of(f)] for f in others]
                        found = any(len(seen_under(dict(zip(others, combo)))) > 1
                                    for combo in itertools.product(*space))
                    assert found, f"{o.rule.id} {o.subject}: no value of {fact} changes applicability, yet assumed"
                elif fact not in inferred:
                    for c in completions:
                        assert len(seen_under(c)) <= 1, \
                            f"{o.rule.id} {o.subject}: {fact} changes applicability ({c}), not in {o.assumed}"
        return narrowed

    return check


def _applies_fields() -> list[str]:
    """Every deal field some core rule's applies: reads (the sources of derived ones)."""
    from vetting.rules import conditions
    from vetting.rules.facts import DERIVED_SOURCES

    out = set()
    for r in get_ruleset().rules:
        if r.applies is not None:
            for scope, _, t in conditions.tests(r.applies):
                if scope == "deal":
                    out.update(DERIVED_SOURCES.get(t.path, (t.path,)) if t.path.startswith("derived.")
                               else (t.path,))
    return sorted(out)


@pytest.fixture(scope="module")
def assumed_check():
    return _applies_checks()


@pytest.mark.slow
# no shrinking: a failing draw is reported as drawn (shrinking it through the rule set took minutes)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(deals(), st.lists(st.sampled_from(_applies_fields()), max_size=6, unique=True),
       st.randoms(use_true_random=False))
def test_assumed_lists_exactly_the_facts_applicability_hangs_on(assumed_check, data, blank, rnd):
    for path in blank:
        data = put(data, path, None)
    assumed_check(data, rnd)


@pytest.mark.slow
def test_assumed_leaves_out_unknown_facts_that_cannot_decide_applicability_on_the_fixtures(assumed_check):
    """The same check on the published cases: EXIT-001's lock-in is known over two months from the term
    alone, so the unknown minimum commitment is not assumed (it was, before `assumed` was narrowed)."""
    import json

    import yaml
    narrowed = 0
    for path in sorted((FIXTURES / "cases").glob("*.yaml")):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        narrowed += assumed_check(data, random.Random(path.name), limit=100)
    assert narrowed >= 4  # baodi-package: EXIT-001 to EXIT-004 (term 12 months, commitment unknown)


def test_an_unstated_fee_model_leaves_an_exit_fee_open_only_while_the_base_fee_is_unknown():
    # found by the property above on CI: 3% of CN¥120,000 is CN¥3,600 a month, so a CN¥20,000 exit fee is a
    # risk on a commission-only deal; with the fee model not given, an unstated base fee may exist, and
    # the monthly fee (the yardstick) is unknown: an open question, not a pass; once the base fee is
    # stated (0), the risk is known again whatever the model
    deal = {"id": "x", "currency": "CNY", "as_of": "2026-01-15",
            "seller": {"name": "S", "platforms": ["lazada"], "markets": ["US"], "monthly_gmv": 120000},
            "provider": {"name": "P", "kind": "consulting"},
            "contract": {"written": True, "start_date": "2026-02-01",
                         "termination": {"early_termination_fee": 20000}},
            "fees": {"model": "commission_only", "commission_pct": 3, "commission_basis": "total_gmv"}}

    def exit_fee(data):
        ev, _ = scored(data)
        return next(o.status for o in ev.outcomes if o.rule.id == "EXIT-007")
    assert exit_fee(deal) == "risk"
    blurred = put(deal, "fees.model", None)
    assert exit_fee(blurred) == "unknown"
    assert exit_fee(put(blurred, "fees.base_monthly", 0)) == "risk"


def test_a_dearer_bundled_software_fee_never_makes_an_exit_fee_look_smaller():
    # found by the worse-value property below: CN¥5,000 to leave a fixed-fee deal with a 3 % commission of
    # unstated basis on CN¥50,000 of sales. The exit fee is measured against three months of the service fee
    # (base fee plus commission); were bundled software counted in it, CN¥167 a month of it would lift the
    # ceiling to CN¥5,001 and turn the known risk into a question: the dearer deal scored better (87.6 -> 87.1
    # on the replayed example at CN¥667). Bundled software is a cost of its own, weighed by the fee take.
    deal = {"id": "x", "currency": "CNY", "as_of": "2026-01-15",
            "seller": {"name": "S", "platforms": ["lazada"], "markets": ["US"], "monthly_gmv": 50000},
            "provider": {"name": "P", "kind": "ads_management"},
            "contract": {"written": True, "start_date": "2026-02-01", "term_months": 6,
                         "termination": {"for_convenience": True, "early_termination_fee": 5000}},
            "fees": {"model": "fixed", "base_monthly": 0, "commission_pct": 3}}
    for bundled in (0, 167, 667, 20000):
        ev, sc = scored(put(deal, "fees.bundled_saas_monthly", bundled))
        assert next(o.status for o in ev.outcomes if o.rule.id == "EXIT-007") == "risk", bundled
        if bundled:
            assert sc.score >= cheaper - 1e-9, (bundled, sc.score, cheaper)
        cheaper = sc.score
    # the fee take still counts it: CN¥20,000 a month of software is 40 % of sales, at least
    ev, _ = scored(put(deal, "fees.bundled_saas_monthly", 20000))
    assert ev.facts.deal["derived"]["fee_take_pct_floor"] == 40


# ---------------------------------------------------------------- every field of the registry (issue 20, item 10)
#
# For every field with a `worse` direction in the field registry, on generated deals: a worse value
# (any two values in order, not one hand-picked pair) never lowers the score or the level.

WORSE_FIELDS = [f for f in registry() if f.worse is not None]
# whole numbers the deal models accept for each unit (a count where there is none)
NUMBERS = {"money": (0, 500000), "pct": (0, 100), "days": (0, 365), "months": (0, 60), "years": (0, 40), None: (1, 60)}


def _ordered_pair(f):
    """A strategy of (better, worse) values of ``f`` by its registry `worse`."""
    w = f.worse
    if isinstance(w, bool):
        return st.just((not w, w))
    if isinstance(w, tuple):
        t = tiers(w)
        return st.integers(0, len(t) - 2).flatmap(
            lambda i: st.tuples(st.sampled_from(t[i]), st.sampled_from([v for tier in t[i + 1:] for v in tier])))
    if w == "more":  # a list and a longer one holding it
        return st.lists(st.sampled_from(f.values), unique=True, min_size=1).flatmap(
            lambda more: st.integers(0, len(more) - 1).map(lambda k: (more[:k], more)))
    lo, hi = NUMBERS[f.unit]
    pair = st.tuples(st.integers(lo, hi), st.integers(lo, hi)).filter(lambda p: p[0] != p[1]).map(sorted)
    return pair.map(lambda p: (p[0], p[1]) if w == "higher" else (p[1], p[0]))


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # 40 each: 3 min, passed
@given(data=st.data())
@pytest.mark.parametrize("field", WORSE_FIELDS, ids=lambda f: f.path)
def test_a_worse_value_of_every_field_never_lowers_the_score(field, data):
    deal = data.draw(deals(), label="deal")
    good, bad = data.draw(_ordered_pair(field), label="better, worse")
    _, better = scored(put(deal, field.path, good))
    _, worse = scored(put(deal, field.path, bad))
    assert worse.score >= better.score - 1e-9, (field.path, good, bad, worse.score, better.score)
    assert LEVELS.index(worse.level) >= LEVELS.index(better.level), (field.path, good, bad)


def test_every_field_with_a_direction_is_in_the_property():
    paths = {f.path for f in WORSE_FIELDS}
    assert len(paths) > 90
    # the contract fields the format grew in issue 20 (item 11)
    assert {"fees.deposit", "fees.deposit_refundable", "contract.termination.exit_fee_formula",
            "contract.auto_renewal.price_change", "contract.exclusivity.present", "data_access.funds_scope",
            "contract.termination.exit_fee_months"} <= paths


# Lists of records a deal may hold: deleting one (or emptying it) never makes the deal look better
RECORD_LISTS = ["kpis", "claims", "track_record.case_studies", "contract.milestones"]


# Two deals as a seller writes them, each the counterexample of some of the cases marked below
_SELLER = {"name": "Shenzhen Home Goods", "platforms": ["amazon"], "markets": ["US"], "monthly_gmv": 300000}
ONGOING = {"id": "blue-wave", "currency": "CNY", "as_of": "2026-01-15", "seller": _SELLER,
           "provider": {"name": "Blue Wave", "kind": "store_operation"},
           "contract": {"written": True, "start_date": "2026-02-01", "term_months": 12},
           "fees": {"model": "base_plus_commission", "base_monthly": 15000, "commission_pct": 5,
                    "commission_basis": "total_gmv"},
           "kpis": [{"id": "gmv", "metric": "gmv", "target": 1000000, "target_kind": "absolute", "period": "month"}],
           "claims": [{"text": "保你月销百万", "guaranteed": True, "in_contract": False}]}
PROJECT = {"id": "listing-sprint", "currency": "CNY", "as_of": "2026-01-15", "seller": _SELLER,
           "provider": {"name": "Sprint Studio", "kind": "training"},
           "contract": {"written": True, "start_date": "2026-02-01", "term_months": 3},
           "fees": {"model": "per_project", "setup_fee": 30000},
           "kpis": [{"id": "units", "metric": "units", "target": 15, "target_kind": "at_least", "baseline": 120000,
                     "period": "month", "data_source": "provider_report"}],
           "track_record": {"case_studies": [{"client": "3C seller", "verifiable": False, "evidence": "live_backend"}]}}


# Lists a deal's protection rests on: their items are what the buyer checks (KPIs, track record,
# milestones). Emptying one ("there are none") is a fact and must never make the deal look better.
# A pitch's promises (claims) are the opposite: each is a risk of its own, so a pitch that promised
# nothing rightly scores better than one that guaranteed 保你月销百万; they are held by the next
# property instead (issue 20 item 10, as decided in the note of the session that wrote this).
PROTECTIVE = ["kpis", "track_record.case_studies", "contract.milestones"]
# Every list whose items a rule reads, taken out of the deal file: no longer known.
# The pitch's promises taken out are one open question (CRED-019, question-only) weighing what one bad promise can.
LISTS = PROTECTIVE + ["claims"]
# The heaviest promises, for the worst case to cover: an earnings claim sold with a store and guaranteed, and a
# guarantee off the contract with paid reviews on top (CMP-010, KPI-016 and CRED-017 at once)
EARNINGS = _fixture("earnings-claim-scheme.yaml")
PAID_REVIEWS = put(GOLD, "claims", [{"text": "保证三个月上首页，送50单测评", "guaranteed": True, "in_contract": False}])


@SETTINGS
@given(data=deals())
@example(data=ONGOING)
@example(data=PROJECT)
@pytest.mark.parametrize("path", PROTECTIVE)
def test_emptying_a_protective_list_never_lowers_the_score(data, path):
    """No KPIs is at least as bad as poor KPIs; no case study at least as bad as an unverifiable one;
    no milestone at least as bad as a vague one."""
    _, kept = scored(data)
    _, emptied = scored(put(data, path, []))
    assert emptied.score >= kept.score - 1e-9, (path, emptied.score, kept.score)
    assert LEVELS.index(emptied.level) >= LEVELS.index(kept.level), (path, emptied.level, kept.level)


@SETTINGS
@given(data=deals())
@example(data=ONGOING)
@example(data=PROJECT)
@example(data=EARNINGS)
@example(data=PAID_REVIEWS)
@pytest.mark.parametrize("path", LISTS)
def test_taking_a_list_out_of_the_deal_never_hides_its_risks(data, path):
    """A list taken out of the file is unknown: its risks become open questions. They leave the headline
    (which counts known risks only, by design: an open question never outranks a known problem) but
    never the worst case the report shows beside it (score + open exposure)."""
    _, kept = scored(data)
    _, removed = scored(put(data, path, None))
    assert removed.score + removed.exposure >= kept.score - 1e-6, (path, removed.score, removed.exposure, kept.score)


# Every list a deal may hold, records and values alike
ORDERLESS = ["kpis", "claims", "track_record.case_studies", "contract.milestones", "service.scope", "service.platforms",
             "service.markets", "seller.platforms", "seller.markets", "seller.categories", "compliance.tactics_offered"]
# The lists whose items the report does not name by their place in the list (KPIs have ids)
UNNUMBERED = [p for p in ORDERLESS if p not in ("claims", "track_record.case_studies", "contract.milestones")]


def _shuffled(data: dict, rnd: random.Random, paths=ORDERLESS) -> dict:
    out = copy.deepcopy(data)
    for path in paths:
        lst = _get(out, path)
        if isinstance(lst, list):
            rnd.shuffle(lst)
    return out


def _reports(data: dict) -> dict:
    a = assess(validate(copy.deepcopy(data), "deal.yaml"))
    return {lang: report.render(a, "md", lang) for lang in ("en", "zh")}, a.deal.digest


# Two unverifiable case studies and two promises, as a seller lists them
LISTED = put(put(ONGOING, "track_record.case_studies", [
    {"client": "Kitchenware brand, US", "verifiable": False, "evidence": "screenshots"},
    {"client": "Pet supplies brand, US", "verifiable": True, "evidence": "live_backend", "kpi_attainment_pct": 60}]),
    "claims", [{"text": "保你月销百万", "guaranteed": True, "in_contract": False},
               {"text": "Page one in 30 days", "guaranteed": False, "in_contract": True}])


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deals(), st.randoms(use_true_random=False))
@example(LISTED, random.Random(3))
def test_reordering_any_list_changes_nothing_in_the_report(data, rnd):
    """The report (Markdown, in English and in Chinese) of a deal whose lists are written in another order."""
    assert _reports(_shuffled(data, rnd))[0] == _reports(data)[0]


# deal-001657 of the batch benchmark: two KPIs on net sales (k0, k1), neither with the days of stock it needs
TWO_KPIS = _prune(synthetic_deal(1657, random.Random(1657)))


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=deals(), rnd=st.randoms(use_true_random=False))
@example(data=TWO_KPIS, rnd=random.Random(1))
@pytest.mark.parametrize("path", UNNUMBERED)
def test_reordering_the_kpis_scope_platforms_markets_or_tactics_changes_nothing_in_the_report(data, rnd, path):
    """As above, one list at a time, for the lists whose items the report does not number: the same text
    in both languages, but for the deal's fingerprint."""
    (before, digest), (after, digest2) = _reports(data), _reports(_shuffled(data, rnd, [path]))
    for lang in ("en", "zh"):
        assert after[lang].replace(digest2, digest) == before[lang], (path, lang)


# The same claim as a pitch makes it in English and in Chinese, by the kind an experienced buyer files it under
CLAIM_PAIRS = [
    ("result_promise", "We guarantee CN¥1 million in monthly sales", "保你月销百万"),
    ("result_promise", "Top 10 in your category within three months", "三个月内做到类目前十"),
    ("result_promise", "Page one in 30 days", "30天上首页"),
    ("earnings_claim", "Our clients earn CN¥50,000 a month on average", "我们的学员平均月赚5万"),
    ("service_level", "We answer buyer messages within 12 hours", "12小时内回复买家消息"),
    ("credential", "We are an official Amazon partner", "我们是亚马逊官方服务商"),
    ("description", "We run your ads and listings every day", "每天帮你打理广告和listing"),
]


@SETTINGS
@given(data=deals(), pair=st.sampled_from(CLAIM_PAIRS), guaranteed=st.sampled_from([True, False, None]),
       in_contract=st.sampled_from([True, False, None]), first=st.booleans())
@pytest.mark.parametrize("kind_given", [True, False], ids=["kind-given", "kind-inferred"])
def test_the_chinese_and_english_forms_of_a_claim_give_the_same_outcome(data, pair, guaranteed, in_contract, first,
                                                                       kind_given):
    """The same claim, kind given or left to be inferred from its text (found by the inferred case: 我们的学员
    平均月赚5万 was a description while "Our clients earn CN¥50,000 a month" was an earnings claim)."""
    kind, en, zh = pair

    def with_claim(text):
        claim = {"text": text, "kind": kind} if kind_given else {"text": text}
        claim.update({k: v for k, v in (("guaranteed", guaranteed), ("in_contract", in_contract)) if v is not None})
        others = list(data.get("claims") or [])
        return put(data, "claims", [claim] + others if first else others + [claim])

    ev_en, s_en = scored(with_claim(en))
    ev_zh, s_zh = scored(with_claim(zh))
    outcome = lambda ev: sorted((o.rule.id, o.subject, o.status) for o in ev.outcomes)  # noqa: E731
    assert outcome(ev_zh) == outcome(ev_en), (en, zh)
    assert (s_zh.score, s_zh.level, s_zh.verdict) == (s_en.score, s_en.level, s_en.verdict), (en, zh)
