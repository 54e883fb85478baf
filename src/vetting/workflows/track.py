"""``vetting track DEAL ACTUALS``: the signed contract's KPIs against the measured figures.

Per KPI and period, at the KPI's own period (``contract``: once, over the whole initial term): the
attainment (value ÷ target for "at least"/absolute targets, target ÷ value for "at most" and for an
absolute target on a metric where lower is better, growth over the baseline ÷ the target growth for
growth targets), met or missed, and the running count of consecutive misses and of consecutive periods
below the stop-loss threshold. Only a period that ended before ``today`` is judged (one still running
is listed as such). A run counts adjacent periods only: a period with no figure ends it.

The stop-loss has triggered when a KPI measured in the stop-loss's period unit has been below
``threshold_pct`` % of its target for ``consecutive_periods`` periods in a row. The exit takes the
stop-loss clause's own notice (``contract.stop_loss.notice_days``; not given: immediate effect, as the
clause vetting recommends says): sent today, the contract ends that many days later, never after the
initial term's last day; once the term is over there is no exit left to give notice of. The refund is
the prepaid fixed fees for the months not begun, when ``fees.refundable_on_exit`` is true. JSON format
``vetting/tracking@2``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from ..model import terms
from .actuals import Row, judged_kind, unit_of
from ..io.jsontext import Document
from ..model.models import Deal
from ..text.lifecycle_text import figure, text
from ..outputs.report import Texts
from .diff import strict_schema
from ..outputs.lifecycle import render as render_report
from .track_chart import chart
from .remind import reviews as kpi_reviews  # the same schedule as the calendar of `vetting remind`

TRACKING_FORMAT = "vetting/tracking@2"


@dataclass(slots=True)
class PeriodResult:
    period: str
    start: str
    end: str
    value: float
    attainment_pct: Optional[float]  # null when the KPI has no measurable target
    met: Optional[bool]
    below_threshold: Optional[bool]  # below the stop-loss threshold; null without a stop-loss threshold
    misses_in_a_row: int
    below_in_a_row: int
    complete: bool  # the period ended before `today`: only then is it judged and counted


@dataclass(slots=True)
class KpiTrack:
    id: str
    name: Optional[str]
    unit: str  # week | month | quarter | contract
    target: Optional[float]
    target_kind: Optional[str]  # as judged: `absolute` on a lower-is-better metric is `at_most`
    baseline: Optional[float]
    periods: list[PeriodResult]
    misses_in_a_row: int  # at the latest period
    below_in_a_row: int
    triggers_stop_loss: bool


@dataclass(slots=True)
class Notice:
    notice_days: int  # the stop-loss exit's notice (contract.stop_loss.notice_days; 0 = immediate effect)
    notice_stated: bool  # false: the deal does not say, immediate effect is assumed
    send_by: Optional[str]  # today, when the exit can still be used; null once the initial term is over
    ends_on: Optional[str]  # the day the contract ends if the notice is sent on `send_by`
    when: str  # when to send it and when the contract then ends, in the report language
    text: str  # the notice to send, in the report language ("" when there is none to send)


@dataclass(slots=True)
class Refund:
    amount: Optional[float]  # null when the contract's terms do not make it computable
    currency: Optional[str]
    months_prepaid: Optional[int]
    months_served: Optional[int]
    reason: str  # how it was computed, or why it cannot be


@dataclass(slots=True)
class StopLossStatus:
    in_contract: bool
    threshold_pct: Optional[float]
    consecutive_periods: Optional[int]
    period: Optional[str]
    no_fault_exit: Optional[bool]
    triggered: bool
    triggered_by: list[str]  # KPI ids
    not_counted: list[str]  # KPIs with a target measured in another unit than the stop-loss's: not counted for it
    triggered_on: Optional[str]  # the day after the last period of the first run that reached the count
    exit_without_fault_now: Optional[bool]  # null when the contract does not say whether the exit is without fault
    notice: Optional[Notice]
    refund: Optional[Refund]


@dataclass(slots=True)
class MilestoneStatus:
    month: int
    due: str
    acceptance: Optional[str]
    status: str  # upcoming | due | accepted | missed


@dataclass(slots=True)
class Tracking(Document):
    deal_id: str
    title: Optional[str]
    provider: str
    currency: Optional[str]
    today: str
    start_date: str
    term_end: str  # the last day of the initial term
    kpis: list[KpiTrack]
    stop_loss: StopLossStatus
    milestones: list[MilestoneStatus]
    next_review: Optional[str]
    alert: bool  # the stop-loss has triggered or a milestone was missed (exit code 1)
    lang: str
    format: str = field(default=TRACKING_FORMAT)


def attainment(kpi, value: float) -> float | None:
    """How much of the target a figure reaches, in % (100 = exactly on target)."""
    t, kind = kpi.target, judged_kind(kpi)
    if t is None or kind is None:
        return None
    if kind in ("absolute", "at_least"):
        return value / t * 100 if t > 0 else (100.0 if value >= t else 0.0)
    if kind == "at_most":
        if value <= 0:
            return 100.0 if value <= t else 0.0
        return t / value * 100
    if kind == "growth_pct":
        if kpi.baseline is None or kpi.baseline == 0 or t <= 0:
            return None
        growth = (value - kpi.baseline) / abs(kpi.baseline) * 100
        return growth / t * 100
    return None


def _round(x):
    return None if x is None else round(x + 0.0, 1)


def _track_kpi(deal: Deal, kpi, rows: list[Row], threshold: float | None, today: dt.date) -> KpiTrack:
    unit = unit_of(deal, kpi)
    periods: list[PeriodResult] = []
    misses = below = 0
    prev_end = None
    for r in sorted(rows, key=lambda r: r.start):
        att = attainment(kpi, r.value)
        if r.end >= today:  # still running on `today`: listed, not judged, not counted
            periods.append(PeriodResult(r.period, r.start.isoformat(), r.end.isoformat(), r.value, _round(att), None,
                                        None, misses, below, False))
            continue
        if prev_end is not None and r.start != prev_end + dt.timedelta(days=1):
            misses = below = 0  # a period without a figure ends a run
        met = None if att is None else att >= 100 - 1e-9
        under = None if att is None or threshold is None else att < threshold - 1e-9
        misses = misses + 1 if met is False else 0
        below = below + 1 if under else 0
        periods.append(PeriodResult(r.period, r.start.isoformat(), r.end.isoformat(), r.value, _round(att), met, under,
                                    misses, below, True))
        prev_end = r.end
    return KpiTrack(kpi.id, kpi.name, unit, kpi.target, judged_kind(kpi), kpi.baseline, periods, misses, below, False)


def _first_runs(kpis: list[KpiTrack], unit: str | None, n: int | None) -> dict[str, list[PeriodResult]]:
    """Per KPI measured in the stop-loss's unit: the first run of ``n`` periods in a row below its line."""
    runs = {}
    for k in kpis:
        if unit is None or k.unit != unit:
            continue
        i = next((i for i, p in enumerate(k.periods) if p.below_in_a_row >= n), None)
        if i is not None:
            runs[k.id] = k.periods[i - n + 1:i + 1]
    return runs


def track(deal: Deal, rows: list[Row], today: dt.date, lang: str = "en") -> Tracking:
    c = deal.contract
    start, end = c.start_date, terms.term_end(deal)
    sl = c.stop_loss
    usable = (sl is not None and sl.present is True and sl.threshold_pct is not None
              and sl.consecutive_periods is not None)
    threshold = sl.threshold_pct if usable else None
    sl_unit = (sl.period or "month") if usable else None
    by_kpi: dict[str, list[Row]] = {}
    for r in rows:
        by_kpi.setdefault(r.kpi, []).append(r)
    kpis = [_track_kpi(deal, k, by_kpi.get(k.id, []), threshold, today) for k in deal.kpis or []]
    not_counted = [k.id for k in kpis if usable and k.unit != sl_unit and k.target is not None and k.target_kind]
    runs = _first_runs(kpis, sl_unit, sl.consecutive_periods if usable else None)
    for k in kpis:
        k.triggers_stop_loss = k.id in runs
    triggered_by = list(runs)
    ends = [dt.date.fromisoformat(run[-1].end) + dt.timedelta(days=1) for run in runs.values()]
    first_day = min(ends) if ends else None
    exit_now = notice = refund = None
    if runs:
        running = today < end
        exit_now = (sl.no_fault_exit and running) if sl.no_fault_exit is not None else (False if not running else None)
        notice = _notice(deal, kpis, runs, today, end, lang)
        refund = _refund(deal, notice, today >= end, lang)
    status = StopLossStatus(
        in_contract=bool(sl is not None and sl.present), threshold_pct=sl.threshold_pct if sl else None,
        consecutive_periods=sl.consecutive_periods if sl else None, period=sl.period if sl else None,
        no_fault_exit=sl.no_fault_exit if sl else None, triggered=bool(runs), triggered_by=triggered_by,
        not_counted=not_counted,
        triggered_on=first_day.isoformat() if first_day else None, exit_without_fault_now=exit_now,
        notice=notice, refund=refund)
    milestones = _milestones(deal, by_kpi, today)
    reviews = [r.day for r in kpi_reviews(deal)] + [dt.date.fromisoformat(m.due) for m in milestones]
    upcoming = sorted(d for d in reviews if d > today)
    alert = bool(runs) or any(m.status == "missed" for m in milestones)
    return Tracking(deal.id, deal.title, deal.provider.name, deal.currency, today.isoformat(), start.isoformat(),
                    (end - dt.timedelta(days=1)).isoformat(), kpis, status, milestones,
                    upcoming[0].isoformat() if upcoming else None, alert, lang)


def _notice(deal: Deal, kpis: list[KpiTrack], runs: dict, today: dt.date, end: dt.date, lang: str) -> Notice:
    """The stop-loss exit's notice: sent today, the contract ends the clause's notice days later (on
    receipt when it has none), at the latest on the initial term's last day; none once the term is over."""

    sl = deal.contract.stop_loss
    stated = sl.notice_days is not None
    days = sl.notice_days if stated else 0
    date = Texts(lang, False).date
    last = end - dt.timedelta(days=1)
    if today > last:
        return Notice(days, stated, None, None, text(lang, "track.term_over", last=date(last)), "")
    ends = today + dt.timedelta(days=days)
    if ends > last:
        ends, when = last, text(lang, "track.ends_with_term", days=days, last=date(last))
    elif days:
        when = text(lang, "track.send_by", send_by=date(today), ends=date(ends), days=days)
    else:
        when = text(lang, "track.send_now", send_by=date(today))
    if not stated:
        when += text(lang, "track.notice_assumed")
    names = {k.id: k.name for k in kpis}
    evidence = [text(lang, "track.notice.kpi", name=names[kid] or kid, id=kid, periods=text(
        lang, "track.notice.period_sep").join(text(lang, "track.notice.period", period=p.period,
                                                     pct=figure(p.attainment_pct)) for p in run))
                for kid, run in runs.items()]
    body = text(lang, "track.notice.body", provider=deal.provider.name, title=deal.title or deal.id,
                pct=figure(sl.threshold_pct), n=sl.consecutive_periods, unit=text(lang, f"unit.{sl.period or 'month'}"),
                evidence=text(lang, "track.list_sep").join(evidence),
                ends=date(ends) if days else text(lang, "track.notice.on_receipt"))
    return Notice(days, stated, today.isoformat(), ends.isoformat(), when, body)


def _months_begun(start: dt.date, ends: dt.date) -> int:
    """Billing months (from the start date's day) begun before the contract ends on ``ends``."""
    n = 0
    while terms.add_months(start, n) < ends:
        n += 1
    return n


def _refund(deal: Deal, notice: Notice, term_over: bool, lang: str) -> Refund:
    f = deal.fees
    cur = deal.currency
    prepaid = f.prepaid_months if f else None
    monthly = None
    if f is not None and f.base_monthly is not None:
        monthly = f.base_monthly + (f.bundled_saas_monthly or 0.0)
    if not prepaid:
        return Refund(0.0 if prepaid == 0 else None, cur, prepaid, None,
                      text(lang, "track.refund.no_prepaid" if prepaid == 0 else "track.refund.prepaid_unknown"))
    if f.refundable_on_exit is False:
        return Refund(0.0, cur, prepaid, None, text(lang, "track.refund.not_refundable", months=prepaid))
    if term_over or notice.ends_on is None:
        return Refund(0.0, cur, prepaid, None, text(lang, "track.refund.term_over"))
    served = _months_begun(deal.contract.start_date, dt.date.fromisoformat(notice.ends_on))
    if f.refundable_on_exit is None or monthly is None:
        return Refund(None, cur, prepaid, served, text(lang, "track.refund.terms_unknown"))
    left = max(0, prepaid - served)
    return Refund(round(left * monthly, 2), cur, prepaid, served,
                  text(lang, "track.refund.computed", left=left, prepaid=prepaid, served=served, monthly=figure(monthly)))


def _milestones(deal: Deal, by_kpi: dict[str, list[Row]], today: dt.date) -> list[MilestoneStatus]:
    """Each milestone's status from its latest recorded review (by period, whatever the row order)."""
    out = []
    for m in deal.contract.milestones or []:
        due = terms.add_months(deal.contract.start_date, m.month)
        rows = sorted(by_kpi.get(f"milestone-{m.month}", []), key=lambda r: (r.start, r.row))
        if rows:
            status = "accepted" if rows[-1].value == 1.0 else "missed"
        else:
            status = "due" if due <= today else "upcoming"
        out.append(MilestoneStatus(m.month, due.isoformat(), m.acceptance, status))
    return out


def tracking_schema() -> dict:
    """``vetting/tracking@2`` as JSON Schema (every key required, no other key allowed)."""

    doc = strict_schema(Tracking, TRACKING_FORMAT, {
        ("KpiTrack", "unit"): ("week", "month", "quarter", "contract"),
        ("MilestoneStatus", "status"): ("upcoming", "due", "accepted", "missed"),
    })
    doc["title"] = f"vetting tracking ({TRACKING_FORMAT})"
    return doc


def render(t: Tracking, fmt: str) -> str:
    if fmt == "json":
        return t.to_json()

    return render_report("tracking", t.lang, fmt, track=t, fig=figure, chart=chart, kpi_names=lambda ids: kpi_names(t, ids))


def kpi_names(t: Tracking, ids: list[str]) -> str:
    """KPIs by name with their id, in the report language's list style: '月销百万（sales）、…'."""

    names = {k.id: k.name for k in t.kpis}
    return Texts(t.lang, False)("doc.list_comma").join(
        (names[i] + text(t.lang, "diff.paren", text=i)) if names.get(i) else i for i in ids)
