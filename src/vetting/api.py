"""The library's front door: ``assess(deal) -> Assessment``.

Data flows forward only: deal → facts → engine → outcomes → score → Assessment.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import scoring, terms
from .assessment import Assessment, CancelBy, CategoryFigures, DealInfo, Finding, RulesInfo, TopReason, WaiverStatus
from .errors import InputError, Problem, did_you_mean
from .loading import LoadedDeal, digest, load_deal
from .models import Deal
from .ruleset import RuleSet, get_ruleset

from .rulepack import LANGS


def _r(x: float, nd: int = 2) -> float:
    v = round(x + 0.0, nd)
    return 0.0 if v == 0 else v


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


def assess(deal: Deal | LoadedDeal, *, lang: str = "en", rules: tuple[str, ...] | list[str] = (),
           today: dt.date | None = None) -> Assessment:
    """Assess one deal with the core rule pack plus the packs in ``rules`` (folders)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    loaded = deal if isinstance(deal, LoadedDeal) else LoadedDeal(deal, deal.id)
    deal = loaded.deal
    ruleset = get_ruleset(tuple(rules))
    check_waivers(loaded, ruleset)
    as_of = deal.as_of or today or dt.date.today()

    waivers_in_force: dict[str, object] = {}
    waiver_rows = []
    evaluation = ruleset.evaluate(deal, as_of)
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

    result = scoring.score(outcomes, frozenset(waivers_in_force), evaluation.known_facts)
    findings = []
    for o, points, waived in result.findings:
        category, severity, *texts = o.rule.finding_parts[lang]
        findings.append(Finding(o.rule.id, category, severity, o.status, _r(points) if points else 0.0, o.subject,
                                *texts, list(o.missing), waived))
    cats = {c: CategoryFigures(score=_r(v["score"]), **{k: v[k] for k in ("risks", "unknowns", "passed", "accepted")})
            for c, v in scoring.category_figures(result.findings).items()}
    top = [TopReason(rule_id=s.outcome.rule.id, subject=s.outcome.subject, status=s.outcome.status,
                     title=s.outcome.rule.rule.text(lang).title, fix=s.outcome.rule.rule.text(lang).fix,
                     points=_r(s.points), score_if_fixed=_r(if_fixed, 1))
           for s, if_fixed in result.top]
    cb = terms.cancel_by(deal)
    cancel = None
    if cb is not None:
        status, left = terms.cancel_by_status(cb, as_of)
        cancel = CancelBy(date=cb.isoformat(), status=status, days_left=left, term_end=terms.term_end(deal).isoformat(),
                          notice_days=deal.contract.auto_renewal.cancel_notice_days)
    return Assessment(
        deal_id=deal.id, provider=deal.provider.name, score=_r(result.score, 1), level=result.level,
        verdict=result.verdict, completeness=_r(result.completeness), categories=cats,
        blockers=list(result.blockers), top_reasons=top, cancel_by=cancel, waivers=waiver_rows,
        findings=findings, rules=RulesInfo(packs=ruleset.labels, count=len(ruleset.rules)),
        deal=DealInfo(title=deal.title, seller=deal.seller.name if deal.seller else None, currency=deal.currency,
                      as_of=as_of.isoformat(), digest=digest(deal)),
        lang=lang,
    )


def assess_file(path: str | Path, **kwargs) -> Assessment:
    """Load a deal file and assess it; InputError lists every problem of the file."""
    return assess(load_deal(path), **kwargs)
