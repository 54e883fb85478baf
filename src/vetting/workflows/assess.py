"""The library's front door: ``assess(deal) -> Assessment``.

Data flows forward only: deal → facts → engine → outcomes → score → Assessment.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from ..text import placeholders
from ..rules import scoring
from ..model import order, terms
from ..decide import questions as provider_questions
from ..text.questionwords import worded
from ..decide.assessment import (Assessment, CancelBy, CategoryFigures, DealInfo, FactSource, Finding, Fix, RulesInfo,
                                 WaiverStatus)
from ..decide import provenance
from ..decide.provenance import DEFAULT_MAX_AGE
from ..io.errors import InputError, Problem, VettingError, did_you_mean, said
from ..text.because import Because
from ..model.loading import LoadedDeal, digest, load_deal
from ..model.models import Deal
from ..model.sources import NoItem, resolve
from ..engine.ruleset import RuleSet, get_ruleset

from ..rules.rulepack import LANGS, RETIRED
from ..text.tables import Texts


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
        if w.rule in RETIRED and RETIRED[w.rule] in ruleset.by_id:
            path = f"waivers[{i}].rule"
            problems.append(Problem(loaded.source, path, said("waiver_retired_rule", rule=w.rule,
                                                              successor=RETIRED[w.rule]), loaded.line(path)))
        elif w.rule not in ruleset.by_id:
            hint = did_you_mean(w.rule, ruleset.by_id, "; see `vetting rules list`")
            path = f"waivers[{i}].rule"
            problems.append(Problem(loaded.source, path, said("waiver_no_rule", rule=w.rule, packs=", ".join(ruleset.labels),
                                                              hint=hint), loaded.line(path)))
    if problems:
        raise InputError(problems)


@dataclass(frozen=True)
class Decision:
    """What the rules and scoring decided for one deal, before any text is chosen."""

    deal: Deal
    as_of: dt.date  # the date of the facts (the deal's as_of, else the report date)
    ruleset: RuleSet
    result: scoring.Score
    waivers: list[WaiverStatus]
    report_date: dt.date  # the day the report is made: every date-relative figure counts from it
    facts: object = None  # the facts the rules judged (facts.Facts): the because lines and explain read them
    # facts only the provider stated, not verified (paths), and the outcomes they leave open (provenance.Held)
    unverified: tuple = ()
    held: tuple = ()
    evidence_max_age: int = DEFAULT_MAX_AGE  # months: older evidence is stale


def decide(deal: Deal | LoadedDeal, *, rules: tuple[str, ...] | list[str] = (),
           today: dt.date | None = None, rates: str | None = None,
           evidence_max_age: int = DEFAULT_MAX_AGE) -> Decision:
    """Evaluate and score one deal (``assess`` and the batch both start here). ``rates``: a reference
    exchange-rate file replacing rules/rates.yaml (derived.py)."""
    result = decide_many([deal], rules=rules, today=today, rates=rates, evidence_max_age=evidence_max_age)[0]
    if isinstance(result, VettingError):
        raise result
    return result


def decide_many(deals: list[Deal | LoadedDeal], *, rules: tuple[str, ...] | list[str] = (),
                today: dt.date | None = None, rates: str | None = None,
                evidence_max_age: int = DEFAULT_MAX_AGE) -> list[Decision | VettingError]:
    """``decide`` for several deals: each item is its Decision, or the error that stopped that deal alone.

    ``today`` is the day the report is made (default: the system's date). Every date-relative figure
    counts from it, the rules' ``derived.days_to_cancel_by`` as the summary's days left; the deal's
    ``as_of`` stays the date of its facts (a deal without one is as of the report date)."""
    ruleset = get_ruleset(tuple(rules), rates)
    report_date = today or dt.date.today()
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
        todo.append((i, deal, deal.as_of or report_date))
    evaluations = ruleset.evaluate_many([(deal, report_date) for _, deal, _as_of in todo])
    evaluations, word = _providers_word(ruleset, [deal for _, deal, _ in todo], evaluations, report_date)
    for k, ((i, deal, as_of), evaluation) in enumerate(zip(todo, evaluations)):
        if isinstance(evaluation, VettingError):
            results[i] = evaluation
            continue
        unverified, held = word.get(k, ((), ()))
        results[i] = replace(_decision(deal, as_of, ruleset, evaluation, report_date), unverified=unverified,
                             held=held, evidence_max_age=evidence_max_age)
    return results


def _providers_word(ruleset: RuleSet, deals: list[Deal], evaluations: list, report_date: dt.date):
    """The evaluations with each rule's worse outcome of (as stated, unknown) for the facts only the provider
    stated (decide/provenance.py): the deals that have such facts are evaluated once more without them."""
    need = [(k, provenance.unverified(deal)) for k, deal in enumerate(deals)
            if deal.sources and not isinstance(evaluations[k], VettingError)]
    need = [(k, paths) for k, paths in need if paths]
    if not need:
        return evaluations, {}
    blind = ruleset.evaluate_many([(provenance.without(deals[k], paths), report_date) for k, paths in need])
    out, word = list(evaluations), {}
    for (k, paths), unknown in zip(need, blind):
        if isinstance(unknown, VettingError):
            continue
        out[k], held = provenance.worse(out[k], unknown, paths)
        word[k] = (paths, held)
    return out, word


def _decision(deal: Deal, as_of: dt.date, ruleset: RuleSet, evaluation, report_date: dt.date) -> Decision:
    waivers_in_force: dict[str, object] = {}
    waiver_rows = []
    outcomes = evaluation.outcomes
    non_pass = {o.rule.id for o in outcomes if o.status != "pass"} if deal.waivers else set()
    # a blocker is never waived: a graded rule is one when the grade it has on this deal is
    graded_blockers = {o.rule.id for o in outcomes if o.variant >= 0 and o.rule.grade(o.variant)[1] == "blocker"}
    for w in deal.waivers or []:
        if w.rule in ruleset.blocker_ids or w.rule in graded_blockers:
            status = "refused_blocker"
        elif not scoring.waiver_in_force(w.expires, report_date):  # one report date (#19 item 3)
            status = "expired"
        elif w.rule not in non_pass:
            status = "no_finding"
        else:
            status = "applied"
            waivers_in_force[w.rule] = w
        waiver_rows.append(WaiverStatus(rule=w.rule, reason=w.reason, by=w.by,
                                        expires=w.expires.isoformat() if w.expires else None, status=status))
    result = scoring.score(outcomes, frozenset(waivers_in_force), evaluation.known_facts, listed=True)
    return Decision(deal, as_of, ruleset, result, waiver_rows, report_date, evaluation.facts)


def assess(deal: Deal | LoadedDeal, *, lang: str = "en", rules: tuple[str, ...] | list[str] = (),
           today: dt.date | None = None, rates: str | None = None,
           evidence_max_age: int = DEFAULT_MAX_AGE) -> Assessment:
    """Assess one deal with the core rule pack plus the packs in ``rules`` (folders); money thresholds
    convert through the rate table ``rates`` (default rules/rates.yaml); evidence older than
    ``evidence_max_age`` months before the report date is stale."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    return assessment(decide(deal, rules=rules, today=today, rates=rates, evidence_max_age=evidence_max_age), lang)


def _check(o, lang: str, deal, values: dict) -> str:
    """The seller's own check of a finding's rule, its blanks filled from the deal."""
    text = o.rule.check(lang)
    if not placeholders.has_placeholders(text):
        return text
    return placeholders.fill(text, _values(values, deal, o.subject, lang))


def _values(values: dict, deal: Deal, subject: str, lang: str) -> dict[str, str]:
    """The placeholder values for a finding on ``subject`` (placeholders.deal_values), made once per subject."""
    known = values.get(subject)
    if known is None:
        known = values[subject] = placeholders.deal_values(deal, subject, lang)
    return known


def finding_texts(o, lang: str, deal: Deal, values: dict, which: tuple[int, ...] = (0, 1, 2, 3)) -> list[str]:
    """[why, ask, evidence, fix, sources] of one outcome as every output shows them: the texts of the
    outcome's variant, their blanks filled from the deal (placeholders.py); only the texts at ``which``
    are filled (the others stay as the rule writes them). ``values`` keeps the placeholder values by
    subject for the deal's other outcomes."""
    texts = list(o.rule.parts(lang, o.variant)[4:])
    raw = o.rule.templated.get((lang, o.variant)) if o.rule.templated else None
    if raw is not None and any(placeholders.has_placeholders(raw[i]) for i in which):
        known = _values(values, deal, o.subject, lang)
        for i in which:
            texts[i] = placeholders.fill(raw[i], known)
    return texts


def assessment(d: Decision, lang: str) -> Assessment:
    """The Assessment (the JSON contract, what reports render) of a decision, with texts in ``lang``."""
    deal, as_of, ruleset, result = d.deal, d.as_of, d.ruleset, d.result
    findings = []
    exposure_of = result.open_shares
    values: dict[str, dict] = {}  # placeholder values by subject, made when a text has placeholders
    # each record by a stable name, not its place in the list: a KPI by its name, a claim by its text,
    # a case study by its client, a milestone by its month (model.order)
    kpi_names = order.names(deal)
    because = Because(d.facts, deal, lang, kpi_names)
    held = {(h.rule_id, h.subject): list(h.facts) for h in d.held}
    for o, points, waived in result.findings:
        category, severity, refs = o.rule.parts(lang, o.variant)[:3]
        texts = finding_texts(o, lang, deal, values)
        share = exposure_of.get(o.rule.id, 0.0) if o.status == "unknown" and not waived else 0.0
        findings.append(Finding(o.rule.id, category, severity, o.status, rounded(points) if points else 0.0, o.subject,
                                refs, o.rule.title_for(lang, o.status, o.variant), *texts, list(o.missing), waived,
                                rounded(share) if share else 0.0, list(o.assumed),
                                (o.rule.rule.text(lang).assumes or "") if o.assumed else "",
                                o.rule.rule.own_check, kpi_names.get(o.subject, ""), _check(o, lang, deal, values),
                                because(o), o.rule.rule.walk_away, held.get((o.rule.id, o.subject), [])))
    _first_only(findings)
    score, completeness, category_scores = headline(result)
    cats = {c: CategoryFigures(score=category_scores[c],
                               **{k: v[k] for k in ("risks", "unknowns", "passed", "accepted", "not_applicable")})
            for c, v in result.categories.items()}
    rules_by_id = ruleset.by_id
    fix_first = [_fix(step, result, rules_by_id, lang) for step in result.fix_first]
    path = [_fix(step, result, rules_by_id, lang) for step in result.path]
    ask_first = [rid for rid, share in sorted(result.open_shares.items(), key=lambda kv: (-kv[1], kv[0]))
                 if share > 0][:scoring.FIX_FIRST]
    cancel = _cancel_by_info(deal, d.report_date)
    letter = provider_questions.letter(worded(provider_questions.provider_questions(d, lang), lang),
                                       [fix.title for fix in path if fix.status == "risk" and not any(
                                           rules_by_id[r].rule.own_check for r in fix.rule_ids)])
    return Assessment(
        deal_id=deal.id, provider=deal.provider.name, score=score, level=result.level,
        verdict=result.verdict, completeness=completeness, exposure=rounded(result.exposure, 1), categories=cats,
        blockers=list(result.blockers), fix_first=fix_first, path=path, ask_first=ask_first, letter=letter,
        report_date=d.report_date.isoformat(), cancel_by=cancel, waivers=d.waivers,
        findings=findings, rules=RulesInfo(packs=ruleset.labels, count=len(ruleset.rules)),
        deal=DealInfo(title=deal.title, seller=deal.seller.name if deal.seller else None,
                      currency=deal.currency, as_of=as_of.isoformat(), digest=digest(deal)),
        lang=lang, sources=fact_sources(d, findings),
    )


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def fact_sources(d: Decision, findings: list[Finding]) -> list[FactSource]:
    """The deal's ``sources`` as the facts table shows them: each fact's value, source, whether it is only the
    provider's word (and the seller's own check beside it), whether its evidence is stale."""
    deal = d.deal
    if not deal.sources:
        return []
    data = deal.model_dump(mode="python", by_alias=True, exclude_none=True)
    stale = {p for p, _ in provenance.stale_sources(deal, d.report_date, d.evidence_max_age)}
    out = []
    for path, s in deal.sources.items():
        try:
            holder, key, _ = resolve(data, path)
            value = holder.get(key) if isinstance(holder, dict) else None
        except NoItem:
            value = None
        word = path in d.unverified
        check = next((f.check or f.evidence for f in findings if path in f.unverified and (f.check or f.evidence)),
                     "") if word else ""
        out.append(FactSource(field=path, value=_plain(value), origin=s.from_, by=s.by, on=_plain(s.on),
                              evidence=s.evidence, evidence_date=_plain(s.evidence_date), verified=s.verified,
                              form=s.form, clause=s.clause, page=s.page, quote=s.quote, comment=s.comment,
                              unverified=word, stale=path in stale, check=check))
    return out


def _first_only(findings: list[Finding]) -> None:
    """An open question's exposure share is shown once per rule (on its first subject)."""
    seen = set()
    for f in findings:
        if f.exposure:
            if f.rule_id in seen:
                f.exposure = 0.0
            seen.add(f.rule_id)


def _fix(step: scoring.Step, result: scoring.Score, rules_by_id, lang: str) -> Fix:
    """A fix as the contract shows it: the clause group's name, or the lone rule's pass title."""

    if step.group == scoring.BLOCKERS_TOGETHER:  # every fixable blocker at once, named by what each becomes
        t = Texts(lang, html=False)
        titles = t("doc.list_sep").join(rules_by_id[r].pass_title(lang) for r in step.rule_ids
                                        if rules_by_id[r].severity == "blocker")
        title = t("fix_blockers_together", titles=titles)
    elif step.group is not None:
        title = Texts(lang, html=False)(f"clause_group.{step.group}")
    else:  # what the deal says once fixed: the rule's pass title (its risk title when it has none)
        title = rules_by_id[step.rule_ids[0]].pass_title(lang)
    ids = set(step.rule_ids)
    points = sum(p for o, p, w in result.ranked if o.rule.id in ids)
    return Fix(rule_ids=list(step.rule_ids), subject=step.subject, score_after=rounded(step.score_after, 1),
               level_after=step.level_after, verdict_after=step.verdict_after, group=step.group, status=step.status,
               title=title, points=rounded(points), share=rounded(scoring.share_removed(result.known, ids), 1))


def _cancel_by_info(deal: Deal, report_date: dt.date) -> CancelBy | None:
    """The last day to stop an automatic renewal, and how near it is on the day the report is made
    (not on the deal's ``as_of``: a report read today must not count days from a past date)."""
    cb = terms.cancel_by(deal)
    if cb is None:
        return None
    status, left = terms.cancel_by_status(cb, report_date)
    return CancelBy(date=cb.isoformat(), status=status, days_left=left, term_end=terms.term_end(deal).isoformat(),
                    notice_days=deal.contract.auto_renewal.cancel_notice_days)


def assess_file(path: str | Path, **kwargs) -> Assessment:
    """Load a deal file and assess it; InputError lists every problem of the file."""
    return assess(load_deal(path), **kwargs)
