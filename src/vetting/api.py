"""The library's front door: ``assess(deal) -> Assessment``.

Data flows forward only: deal → facts → engine → outcomes → score → Assessment.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import scoring, terms
from .assessment import Assessment, CancelBy, CategoryFigures, DealInfo, Finding, RulesInfo, TopReason, WaiverStatus
from .errors import InputError, Problem, VettingError, did_you_mean
from .loading import LoadedDeal, digest, load_deal
from .models import Deal
from .ruleset import RuleSet, get_ruleset

from .rulepack import LANGS


def rounded(x: float, nd: int = 2) -> float:
    """Figures as the JSON and the tables show them (no negative zero)."""
    v = round(x + 0.0, nd)
    return 0.0 if v == 0 else v


def rounded_texts(values) -> list[str]:
    """``[repr(rounded(x)) for x in values]``, in one format call (a batch writes sixty per deal).

    ``"%.2f"`` rounds exactly as ``round(x, 2)`` does (the exact binary value, half to even), and
    the shortest repr of a two-decimal number is its digits without a trailing zero, so dropping
    the last digit when it is 0 gives repr's text ("13.10" → "13.1", "13.00" → "13.0"). Negative
    values (a "-0.00" can come out) and values beyond 15 significant digits go through repr one at
    a time. Checked against ``rounded`` in the tests."""
    values = tuple(values)
    if values and max(values) < 1e13:
        joined = ("%.2f;" * len(values)) % values
        if "-" not in joined:
            return joined.replace("0;", ";").split(";")[:-1]
    return [repr(rounded(x)) for x in values]


def headline(result: scoring.Score) -> tuple[float, float, dict[str, float]]:
    """The score, completeness and per-category scores, rounded as every output shows them."""
    return (rounded(result.score, 1), rounded(result.completeness),
            {c: rounded(v["score"]) for c, v in result.categories.items()})


def check_waivers(loaded: LoadedDeal, ruleset: RuleSet) -> None:
    """Waivers must name rules that exist: a typo must not silently accept nothing."""
    problems = []
    for i, w in enumerate(loaded.deal.waivers or []):
        if w.rule not in ruleset.by_id:
            hint = did_you_mean(w.rule, ruleset.by_id, "; see `vetting rules list`")
            path = f"waivers[{i}].rule"
            problems.append(Problem(loaded.source, path, f"no rule '{w.rule}' in {', '.join(ruleset.labels)}{hint}", loaded.line(path)))
    if problems:
        raise InputError(problems)


@dataclass(frozen=True)
class Decision:
    """What the rules and scoring decided for one deal, before any text is chosen."""

    deal: Deal
    as_of: dt.date
    ruleset: RuleSet
    result: scoring.Score
    waivers: list[WaiverStatus]


def decide(deal: Deal | LoadedDeal, *, rules: tuple[str, ...] | list[str] = (),
           today: dt.date | None = None) -> Decision:
    """Evaluate and score one deal (``assess`` and the batch both start here)."""
    result = decide_many([deal], rules=rules, today=today)[0]
    if isinstance(result, VettingError):
        raise result
    return result


def decide_many(deals: list[Deal | LoadedDeal], *, rules: tuple[str, ...] | list[str] = (),
                today: dt.date | None = None) -> list[Decision | VettingError]:
    """``decide`` for several deals: each item is its Decision, or the error that stopped that deal alone."""
    ruleset = get_ruleset(tuple(rules))
    results: list = [None] * len(deals)
    todo: list[tuple[int, Deal, dt.date]] = []
    for i, item in enumerate(deals):
        loaded = item if isinstance(item, LoadedDeal) else LoadedDeal(item, item.id)
        try:
            check_waivers(loaded, ruleset)
        except InputError as e:
            results[i] = e
            continue
        deal = loaded.deal
        todo.append((i, deal, deal.as_of or today or dt.date.today()))
    evaluations = ruleset.evaluate_many([(deal, as_of) for _, deal, as_of in todo])
    for (i, deal, as_of), evaluation in zip(todo, evaluations):
        results[i] = evaluation if isinstance(evaluation, VettingError) else _decision(deal, as_of, ruleset, evaluation)
    return results


def _decision(deal: Deal, as_of: dt.date, ruleset: RuleSet, evaluation) -> Decision:
    waivers_in_force: dict[str, object] = {}
    waiver_rows = []
    outcomes = evaluation.outcomes
    non_pass = {o.rule.id for o in outcomes if o.status != "pass"} if deal.waivers else set()
    for w in deal.waivers or []:
        if w.rule in ruleset.blocker_ids:
            status = "refused_blocker"
        elif not scoring.waiver_in_force(w.expires, as_of):
            status = "expired"
        elif w.rule not in non_pass:
            status = "no_finding"
        else:
            status = "applied"
            waivers_in_force[w.rule] = w
        waiver_rows.append(WaiverStatus(rule=w.rule, reason=w.reason, by=w.by,
                                        expires=w.expires.isoformat() if w.expires else None, status=status))
    result = scoring.score(outcomes, frozenset(waivers_in_force), evaluation.known_facts, listed=True)
    return Decision(deal, as_of, ruleset, result, waiver_rows)


def assess(deal: Deal | LoadedDeal, *, lang: str = "en", rules: tuple[str, ...] | list[str] = (),
           today: dt.date | None = None) -> Assessment:
    """Assess one deal with the core rule pack plus the packs in ``rules`` (folders)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    return assessment(decide(deal, rules=rules, today=today), lang)


def assessment(d: Decision, lang: str) -> Assessment:
    """The Assessment (the JSON contract, what reports render) of a decision, with texts in ``lang``."""
    deal, as_of, ruleset, result = d.deal, d.as_of, d.ruleset, d.result
    findings = []
    for o, points, waived in result.findings:
        category, severity, refs, title, *texts = o.rule.parts(lang, o.variant)
        findings.append(Finding(o.rule.id, category, severity, o.status, rounded(points) if points else 0.0, o.subject,
                                refs, o.rule.title_for(lang, o.status, o.variant), *texts, list(o.missing), waived,
                                list(o.assumed), (o.rule.rule.text(lang).assumes or "") if o.assumed else ""))
    score, completeness, category_scores = headline(result)
    cats = {c: CategoryFigures(score=category_scores[c], **{k: v[k] for k in ("risks", "unknowns", "passed", "accepted")})
            for c, v in result.categories.items()}
    # a top reason reads as its finding does: the variant's title and fix when one was chosen
    top = [TopReason(rule_id=s.outcome.rule.id, subject=s.outcome.subject, status=s.outcome.status,
                     title=s.outcome.rule.parts(lang, s.outcome.variant)[3],
                     fix=s.outcome.rule.parts(lang, s.outcome.variant)[7],
                     points=rounded(s.points), score_if_fixed=rounded(if_fixed, 1))
           for s, if_fixed in result.top]
    cancel = _cancel_by_info(deal, as_of)
    return Assessment(
        deal_id=deal.id, provider=deal.provider.name, score=score, level=result.level,
        verdict=result.verdict, completeness=completeness, categories=cats,
        blockers=list(result.blockers), top_reasons=top, cancel_by=cancel, waivers=d.waivers,
        findings=findings, rules=RulesInfo(packs=ruleset.labels, count=len(ruleset.rules)),
        deal=DealInfo(title=deal.title, seller=deal.seller.name if deal.seller else None, currency=deal.currency,
                      as_of=as_of.isoformat(), digest=digest(deal)),
        lang=lang,
    )


def _cancel_by_info(deal: Deal, as_of: dt.date) -> CancelBy | None:
    """The last day to stop an automatic renewal, and how near it is, when the deal tells."""
    cb = terms.cancel_by(deal)
    if cb is None:
        return None
    status, left = terms.cancel_by_status(cb, as_of)
    return CancelBy(date=cb.isoformat(), status=status, days_left=left, term_end=terms.term_end(deal).isoformat(),
                    notice_days=deal.contract.auto_renewal.cancel_notice_days)


def assess_file(path: str | Path, **kwargs) -> Assessment:
    """Load a deal file and assess it; InputError lists every problem of the file."""
    return assess(load_deal(path), **kwargs)
