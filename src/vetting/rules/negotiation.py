"""The negotiation: what fixing findings does to a Score ("Fix these first" and the negotiation path).

Fixing a finding means the finding becomes a pass: for a known risk every outcome of its rule
passes; for an open question the answer comes back good, so the facts it waited on become known.
Fixes work on clause groups (scoring.CLAUSE_GROUPS): findings that one clause fixes are fixed
together. ``after`` is exactly what scoring the fixed outcomes gives (a property test checks it).
docs/scoring.md explains the greedy path.
"""
from __future__ import annotations


from .judging import (BLOCKERS_TOGETHER, CRITICAL, FIX_FIRST, GROUP_OF, JUDGE_MIN_COMPLETENESS, MEDIUM, PATH_MAX_STEPS,
                      PROCEED_MIN_COMPLETENESS, SERIOUS, VERDICT_ORDER, Step, judge, unread, verdict_for)

# `Score` in the annotations is vetting.rules.scoring.Score; scoring imports this module, so it is named, not imported


def completeness_after(sc: Score, fixed: frozenset, answered: frozenset) -> float:
    """Completeness once the rules ``fixed`` and ``answered`` pass: the facts that only their
    outcomes waited on become known (the denominator does not change)."""
    denominator = sc.known_facts + len(sc.asked)
    if not denominator:
        return 1.0
    still = set()
    for rid, (_, missing) in sc.questions.items():
        if rid not in answered:
            still |= missing
    for rid, missing in sc.risk_missing.items():
        if rid not in fixed:
            still |= missing
    return (sc.known_facts + len(sc.asked) - len(still)) / denominator

def after(sc: Score, fixed: frozenset, answered: frozenset = frozenset()) -> tuple[float, str, str, float]:
    """(score, level, verdict, completeness) once the known risks ``fixed`` pass and the open
    questions ``answered`` come back good: what scoring the fixed outcomes gives."""
    items = [it for rid, it in sc.known.items() if rid not in fixed]
    completeness = completeness_after(sc, fixed, answered) if fixed or answered else sc.completeness
    s, level, verdict = judge(items, completeness, (it for rid, (it, _) in sc.questions.items() if rid not in answered))
    return s, level, verdict, completeness

def _units(sc: Score, ids, status: str) -> list[tuple[tuple[str, ...], str | None]]:
    """Fix units: clause groups (their members among ``ids``), and lone rules."""
    groups: dict[str, list[str]] = {}
    alone = []
    for rid in sorted(ids):
        if status == "risk" and sc.known[rid].walk_away:
            continue  # no clause fixes it (the report lists it under "Reasons to walk away")
        g = GROUP_OF.get(rid)
        if g is None:
            alone.append(((rid,), None))
        else:
            groups.setdefault(g, []).append(rid)
    units = [(tuple(v), g) for g, v in sorted(groups.items())] + alone
    return _with_blockers_together(sc, units) if status == "risk" else units

def _with_blockers_together(sc: Score, units: list) -> list:
    """With several units each holding a fixable blocker, fixing one of them leaves the deal unsignable and its
    score in the critical band, where it moves little: the blockers' units together are one more unit, the
    one fix that takes the deal out of it (docs/scoring.md, "Fix effects at the top of the scale")."""
    held = [ids for ids, _ in units if any(sc.known[r].severity == "blocker" for r in ids)]
    if len(held) < 2:
        return units
    return units + [(tuple(sorted(r for ids in held for r in ids)), BLOCKERS_TOGETHER)]

def _walk_away_blocker(sc: Score) -> bool:
    return any(it.walk_away and it.severity == "blocker" for it in sc.known.values())

def _step(sc: Score, ids, group, status, fixed, answered) -> Step:
    s, level, verdict, completeness = after(sc, fixed, answered)
    pool = sc.known if status == "risk" else sc.questions
    worst = max(ids, key=lambda r: ((pool[r].points if status == "risk" else pool[r][0].points), r))
    return Step(tuple(ids), group, status, sc.subjects[worst], s, level, verdict, completeness)

def fix_first(sc: Score) -> tuple[Step, ...]:
    """The known-risk fixes (clause groups or lone rules, or every fixable blocker at once when several units
    hold one) that do most for the verdict, then for the score, each applied alone to the deal as it stands:
    at most FIX_FIRST of them; none while a reason to walk away (a walk-away blocker) stands."""
    if _walk_away_blocker(sc):
        return ()  # no clause makes the deal signable: the report lists the reasons to walk away instead
    units = _units(sc, sc.known, "risk")
    together = {r for ids, g in units if g == BLOCKERS_TOGETHER for r in ids}
    # a blocker's unit alone is part of "the blockers together" and does nothing for the verdict
    units = [(ids, g) for ids, g in units if g == BLOCKERS_TOGETHER or not set(ids) <= together]
    steps = [_step(sc, ids, g, "risk", frozenset(ids), frozenset()) for ids, g in units]
    rank = VERDICT_ORDER.index
    # in the units the report shows (one decimal), then the fewer rules
    steps.sort(key=lambda st: (rank(st.verdict_after), round(st.score_after, 1), len(st.rule_ids), st.rule_ids))
    return tuple(st for st in steps[:FIX_FIRST] if st.score_after < sc.score or st.verdict_after != sc.verdict)

def path(sc: Score) -> tuple[Step, ...]:
    """The negotiation path: fixes applied one after another, greedily, until the verdict is
    "negotiate" and then "proceed" (or PATH_MAX_STEPS). Each step takes the unit that most reduces
    what still stands between the deal and the next verdict: blockers, then the score's distance
    to the level that verdict needs, then the completeness it needs; ties go to the larger score
    drop as the report shows it (one decimal; for questions: the larger share of the exposure), then
    the fewer rules, then the rule ids. Known risks are fixed while the score or a
    blocker stands in the way; open questions are answered while only completeness or an open question on a
    core term (judging.unread) does."""
    fixed: set[str] = set()
    answered: set[str] = set()
    steps: list[Step] = []
    state = (sc.score, sc.level, sc.verdict, sc.completeness)
    for target, max_score, min_completeness in (("negotiate", CRITICAL, JUDGE_MIN_COMPLETENESS),
                                                ("proceed", MEDIUM, PROCEED_MIN_COMPLETENESS)):
        # what stands in the way as a known risk: a blocker; for "proceed" also any medium or worse risk
        stops = ("blocker",) if target == "negotiate" else SERIOUS
        if any(it.walk_away and it.severity in stops for it in sc.known.values()):
            break  # a walk-away fact stands in the way of this verdict: no fix reaches it
        while VERDICT_ORDER.index(state[2]) > VERDICT_ORDER.index(target) and len(steps) < PATH_MAX_STEPS:
            blocked_by_score = state[0] >= max_score or any(
                sc.known[r].severity in stops for r in sc.known if r not in fixed)
            if blocked_by_score:
                units = _units(sc, [r for r in sc.known if r not in fixed], "risk")
                status = "risk"
            else:
                units = _question_units(sc, answered)
                status = "unknown"
            if not units:
                break
            best = None
            answer = _answer_effect(sc, fixed, answered) if status == "unknown" else None
            for ids, g in units:
                f2 = frozenset(fixed | set(ids)) if status == "risk" else frozenset(fixed)
                a2 = frozenset(answered | set(ids)) if status == "unknown" else frozenset(answered)
                s, level, verdict, completeness = answer(ids) if answer else after(sc, f2, a2)
                blockers = sum(1 for r in sc.known if r not in f2 and sc.known[r].severity in stops)
                key = (VERDICT_ORDER.index(verdict) > VERDICT_ORDER.index(target), blockers,
                       max(0.0, round(s, 1) - max_score + 1e-9), max(0.0, min_completeness - completeness),
                       round(s, 1), -sum(sc.open_shares.get(r, 0.0) for r in ids), len(ids), ids)
                if best is None or key < best[0]:
                    best = (key, ids, g, f2, a2)
            _, ids, g, f2, a2 = best
            fixed, answered = set(f2), set(a2)
            step = _step(sc, ids, g, status, f2, a2)
            steps.append(step)
            state = (step.score_after, step.level_after, step.verdict_after, step.completeness_after)
    return tuple(steps)

def _answer_effect(sc: Score, fixed, answered):
    """``ids -> after(sc, fixed, answered | ids)`` for answering open questions, in time linear
    in the questions answered: the score stays, completeness gains the facts that only ``ids``
    still wait on (the same integers ``completeness_after`` divides, so the same float)."""
    s, level, _, _ = after(sc, frozenset(fixed), frozenset())
    blockers = any(sc.known[r].severity == "blocker" for r in sc.known if r not in fixed)
    serious = any(sc.known[r].severity in SERIOUS for r in sc.known if r not in fixed)
    waiting: dict[str, int] = {}
    for rid, (_, missing) in sc.questions.items():
        if rid not in answered:
            for f in missing:
                waiting[f] = waiting.get(f, 0) + 1
    for rid, missing in sc.risk_missing.items():
        if rid not in fixed:
            for f in missing:
                waiting[f] = waiting.get(f, 0) + 1
    denominator = sc.known_facts + len(sc.asked)
    base = sc.known_facts + len(sc.asked) - len(waiting)

    def effect(ids):
        mine: dict[str, int] = {}
        for rid in ids:
            for f in sc.questions[rid][1]:
                mine[f] = mine.get(f, 0) + 1
        gain = sum(1 for f, n in mine.items() if waiting[f] == n)
        completeness = (base + gain) / denominator if denominator else 1.0
        still = unread(it for rid, (it, _) in sc.questions.items() if rid not in answered and rid not in ids)
        return s, level, verdict_for(level, blockers, completeness, serious, still), completeness
    return effect

def _question_units(sc: Score, answered) -> list[tuple[tuple[str, ...], None]]:
    """Open questions not yet answered, those that wait on the same facts taken together."""
    by_facts: dict[frozenset, list[str]] = {}
    for rid, (_, missing) in sc.questions.items():
        if rid not in answered and missing & sc.asked:
            by_facts.setdefault(missing, []).append(rid)
    return [(tuple(sorted(v)), None) for v in by_facts.values()]
