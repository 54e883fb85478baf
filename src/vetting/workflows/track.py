"""``vetting track DEAL ACTUALS``: the signed contract's KPIs against the measured figures.

Per KPI and period: the attainment (value ÷ target for "at least"/absolute targets, target ÷ value
for "at most", growth over the baseline ÷ the target growth for growth targets), met or missed, and
the running count of consecutive misses and of consecutive periods below the stop-loss threshold.
A run counts adjacent periods only: a period with no figure ends it.

The stop-loss has triggered when a KPI measured in the stop-loss's period unit has been below
``threshold_pct`` % of its target for ``consecutive_periods`` periods in a row. Notice: the contract
then ends on a billing day (the start date's day of a month); the last day to send notice is the
first such day after ``today`` that leaves ``termination.notice_days`` before it (when the contract
does not set the notice period, both dates are reported unknown, never assumed). The refund is the prepaid fixed fees for the
months not served, when ``fees.refundable_on_exit`` is true. JSON format ``vetting/tracking@1``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from ..model import terms
from .actuals import Row, unit_of
from ..io.jsontext import Document
from ..model.models import Deal

TRACKING_FORMAT = "vetting/tracking@1"


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


@dataclass(slots=True)
class KpiTrack:
    id: str
    name: Optional[str]
    unit: str  # week | month | quarter
    target: Optional[float]
    target_kind: Optional[str]
    baseline: Optional[float]
    periods: list[PeriodResult]
    misses_in_a_row: int  # at the latest period
    below_in_a_row: int
    triggers_stop_loss: bool


@dataclass(slots=True)
class Notice:
    notice_days: Optional[int]  # termination.notice_days; null when the contract does not say
    send_by: Optional[str]  # the last day to send notice so that the contract ends on `ends_on`
    ends_on: Optional[str]
    text: str  # the notice to send, in the report language


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
    t, kind = kpi.target, kpi.target_kind
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


def _track_kpi(deal: Deal, kpi, rows: list[Row], threshold: float | None) -> KpiTrack:
    unit = unit_of(deal, kpi)
    periods: list[PeriodResult] = []
    misses = below = 0
    prev_end = None
    for r in sorted(rows, key=lambda r: r.start):
        if prev_end is not None and r.start != prev_end + dt.timedelta(days=1):
            misses = below = 0  # a period without a figure ends a run
        att = attainment(kpi, r.value)
        met = None if att is None else att >= 100 - 1e-9
        under = None if att is None or threshold is None else att < threshold - 1e-9
        misses = misses + 1 if met is False else 0
        below = below + 1 if under else 0
        periods.append(PeriodResult(r.period, r.start.isoformat(), r.end.isoformat(), r.value, _round(att), met, under,
                                    misses, below))
        prev_end = r.end
    last = periods[-1] if periods else None
    return KpiTrack(kpi.id, kpi.name, unit, kpi.target, kpi.target_kind, kpi.baseline, periods,
                    last.misses_in_a_row if last else 0, last.below_in_a_row if last else 0, False)


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
    kpis = [_track_kpi(deal, k, by_kpi.get(k.id, []), threshold) for k in deal.kpis or []]
    # the stop-loss: the first run that reached the count, per KPI measured in its unit
    first_day, triggered_by = None, []
    not_counted = [k.id for k in kpis if usable and k.unit != sl_unit and k.target is not None and k.target_kind]
    for k in kpis:
        if not usable or k.unit != sl_unit:
            continue
        hit = next((p for p in k.periods if p.below_in_a_row >= sl.consecutive_periods), None)
        if hit is not None:
            k.triggers_stop_loss = True
            triggered_by.append(k.id)
            day = dt.date.fromisoformat(hit.end) + dt.timedelta(days=1)
            first_day = day if first_day is None or day < first_day else first_day
    triggered = bool(triggered_by)
    exit_now = None
    notice = refund = None
    if triggered:
        running = today < end
        exit_now = (sl.no_fault_exit and running) if sl.no_fault_exit is not None else (False if not running else None)
        notice = _notice(deal, kpis, triggered_by, today, end, lang)
        refund = _refund(deal, notice, lang)
    status = StopLossStatus(
        in_contract=bool(sl is not None and sl.present), threshold_pct=sl.threshold_pct if sl else None,
        consecutive_periods=sl.consecutive_periods if sl else None, period=sl.period if sl else None,
        no_fault_exit=sl.no_fault_exit if sl else None, triggered=triggered, triggered_by=triggered_by,
        not_counted=not_counted,
        triggered_on=first_day.isoformat() if first_day else None, exit_without_fault_now=exit_now,
        notice=notice, refund=refund)
    milestones = _milestones(deal, by_kpi, today)
    from .remind import reviews as kpi_reviews  # the same schedule as the calendar of `vetting remind`

    reviews = [r.day for r in kpi_reviews(deal)] + [dt.date.fromisoformat(m.due) for m in milestones]
    upcoming = sorted(d for d in reviews if d > today)
    alert = triggered or any(m.status == "missed" for m in milestones)
    return Tracking(deal.id, deal.title, deal.provider.name, deal.currency, today.isoformat(), start.isoformat(),
                    (end - dt.timedelta(days=1)).isoformat(), kpis, status, milestones,
                    upcoming[0].isoformat() if upcoming else None, alert, lang)


def _notice(deal: Deal, kpis: list[KpiTrack], ids: list[str], today: dt.date, end: dt.date, lang: str) -> Notice:
    from ..text.lifecycle_text import figure, text
    from ..outputs.report import Texts

    c = deal.contract
    sl = c.stop_loss
    days = c.termination.notice_days if c.termination else None
    send_by = ends = None
    if days is not None:
        k = 1
        while True:  # the first billing day after today that leaves the notice period
            ends = terms.add_months(c.start_date, k)
            if ends > today and ends - dt.timedelta(days=days) >= today:
                break
            k += 1
        if ends > end:
            ends = end
        send_by = ends - dt.timedelta(days=days)
    evidence = []
    for kid in ids:
        k = next(x for x in kpis if x.id == kid)
        run = k.periods[-k.below_in_a_row:] if k.below_in_a_row else [p for p in k.periods if p.below_threshold][-sl.consecutive_periods:]
        parts = text(lang, "track.notice.period_sep").join(text(lang, "track.notice.period", period=p.period,
                                                       pct=figure(p.attainment_pct)) for p in run)
        evidence.append(text(lang, "track.notice.kpi", name=k.name or k.id, id=k.id, periods=parts))
    body = text(lang, "track.notice.body", provider=deal.provider.name, title=deal.title or deal.id,
                pct=figure(sl.threshold_pct), n=sl.consecutive_periods, unit=text(lang, f"unit.{sl.period or 'month'}"),
                evidence=text(lang, "track.list_sep").join(evidence),
                ends=Texts(lang, False).date(ends) if ends else text(lang, "track.notice.ends_unknown"))
    return Notice(days, send_by.isoformat() if send_by else None, ends.isoformat() if ends else None, body)


def _refund(deal: Deal, notice: Notice, lang: str) -> Refund:
    from ..text.lifecycle_text import figure, text

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
    if notice.ends_on is None:
        return Refund(None, cur, prepaid, None, text(lang, "track.refund.end_unknown"))
    ends = dt.date.fromisoformat(notice.ends_on)
    c = deal.contract
    served = (ends.year - c.start_date.year) * 12 + ends.month - c.start_date.month
    if f.refundable_on_exit is None or monthly is None:
        return Refund(None, cur, prepaid, served, text(lang, "track.refund.terms_unknown"))
    left = max(0, prepaid - served)
    return Refund(round(left * monthly, 2), cur, prepaid, served,
                  text(lang, "track.refund.computed", left=left, prepaid=prepaid, served=served, monthly=figure(monthly)))


def _milestones(deal: Deal, by_kpi: dict[str, list[Row]], today: dt.date) -> list[MilestoneStatus]:
    out = []
    for m in deal.contract.milestones or []:
        due = terms.add_months(deal.contract.start_date, m.month)
        rows = by_kpi.get(f"milestone-{m.month}", [])
        if rows:
            status = "accepted" if rows[-1].value == 1.0 else "missed"
        else:
            status = "due" if due <= today else "upcoming"
        out.append(MilestoneStatus(m.month, due.isoformat(), m.acceptance, status))
    return out


def tracking_schema() -> dict:
    """``vetting/tracking@1`` as JSON Schema (every key required, no other key allowed)."""
    from .diff import strict_schema

    doc = strict_schema(Tracking, TRACKING_FORMAT, {
        ("KpiTrack", "unit"): ("week", "month", "quarter"),
        ("MilestoneStatus", "status"): ("upcoming", "due", "accepted", "missed"),
    })
    doc["title"] = f"vetting tracking ({TRACKING_FORMAT})"
    return doc


def render(t: Tracking, fmt: str) -> str:
    if fmt == "json":
        return t.to_json()
    from ..text.lifecycle_text import figure, render as render_report

    return render_report("tracking", t.lang, fmt, t=t, fig=figure, chart=chart, kpi_names=lambda ids: kpi_names(t, ids))


def kpi_names(t: Tracking, ids: list[str]) -> str:
    """KPIs by name with their id, in the report language's list style: '月销百万（sales）、…'."""
    from ..text.lifecycle_text import text
    from ..outputs.report import Texts

    names = {k.id: k.name for k in t.kpis}
    return Texts(t.lang, False)("doc.list_comma").join(
        (names[i] + text(t.lang, "diff.paren", text=i)) if names.get(i) else i for i in ids)


def chart(k: KpiTrack, threshold: float | None) -> dict | None:
    """Points of a small SVG line chart of a KPI's figures against its target (and the stop-loss line)."""
    if not k.periods:
        return None
    w, h, pad = 320, 120, 10
    values = [p.value for p in k.periods]
    target = k.target
    if k.target_kind == "growth_pct" and k.baseline is not None and target is not None:
        target = k.baseline * (1 + target / 100)
    stop = None
    if target is not None and threshold is not None and k.target_kind in ("absolute", "at_least", "growth_pct"):
        stop = target * threshold / 100
    elif target is not None and threshold is not None and k.target_kind == "at_most" and threshold > 0:
        stop = target * 100 / threshold
    lines = [x for x in (target, stop) if x is not None]
    lo, hi = min(values + lines + [0.0]), max(values + lines)
    span = (hi - lo) or 1.0
    n = len(values)

    def x(i):
        return pad + (w - 2 * pad) * (i / (n - 1) if n > 1 else 0.5)

    def y(v):
        return round(h - pad - (h - 2 * pad) * (v - lo) / span, 1)

    return {"w": w, "h": h, "points": " ".join(f"{round(x(i), 1)},{y(v)}" for i, v in enumerate(values)),
            "dots": [(round(x(i), 1), y(p.value), p.met) for i, p in enumerate(k.periods)],
            "target_y": y(target) if target is not None else None, "stop_y": y(stop) if stop is not None else None,
            "x0": pad, "x1": w - pad}
