"""Reminders for a signed deal as an iCalendar file (RFC 5545): the cancel-by deadline before an
automatic renewal (alarms 30 and 7 days before), the end of the initial term, milestone reviews and
KPI reviews at each KPI's own measurement period (weekly, monthly, quarterly or once at the end of
the term).

A KPI's period is its ``period``, else the stop-loss's, else month (as ``vetting track`` reads its
figures). Periods are those of the actuals file: calendar months, calendar quarters, ISO weeks. The
review of a period falls on the day after it ends (the day the initial term ends when the period runs
past it), for every period that overlaps the initial term; a KPI measured over the whole contract is
reviewed once, when the initial term ends.

Reproducible: the same deal and the same ``as_of`` give the same bytes (UIDs are made from the deal
id and the event; DTSTAMP is ``as_of`` at midnight UTC).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import terms
from ..io.errors import InputError, Problem
from ..io.visible import visible
from ..text.lifecycle_text import figure, text
from ..model.models import Deal
from .actuals import judged_kind, unit_of
from ..outputs.report import Texts
from icalendar import Alarm, Calendar, Event

UNITS = ("week", "month", "quarter", "contract")

ALARM_DAYS = (30, 7)
PRODID = "-//vetting//lifecycle reminders//EN"
# RFC 5545 TEXT holds no control character (CONTROL = %x00-08 / %x0A-1F / %x7F) but the line break the
# library writes as \n: a break in deal text (CR, LF, CRLF, the Unicode separators) is one, folded
# into a space in a one-line value (a title); any other control character shows as U+FFFD, so that
# a bare CR or a NUL never reaches the file (a reader splitting on CR would see a forged line). So do
# the C1 controls (0x9B is a terminal's CSI) and the bidirectional embeddings, overrides and isolates,
# which would show a title in another order than it is written ("续约\u202e001" read as "续约100").
# The replacing is vetting.io.visible's, shared by every writer of user text.
_BREAK = re.compile(r"[ \t]*(?:\r\n|[\r\n\v\f\x85\u2028\u2029])")


@dataclass(frozen=True)
class Reminder:
    key: str  # stable part of the UID: "cancel-by", "term-end", "milestone-3", "kpi-review-2"
    day: dt.date
    summary: str
    description: str
    alarms: tuple[int, ...] = ()  # days before


def _kpi_line(kpi, lang: str) -> str:
    name = ics_text(kpi.name or kpi.id)
    if kpi.target is None or kpi.target_kind is None:
        return text(lang, "remind.kpi_no_target", name=name, id=kpi.id)

    return text(lang, "remind.kpi_target", name=name, id=kpi.id,
                target=text(lang, f"target.{judged_kind(kpi)}", target=figure(kpi.target),
                            baseline=figure(kpi.baseline) if kpi.baseline is not None else "?"))


@dataclass(frozen=True)
class Review:
    unit: str  # week | month | quarter | contract
    period: str  # 2026-03, 2026-Q1, 2026-W09; "contract" for the whole term
    first: dt.date  # the period's first day
    day: dt.date  # the review: the day after the period (at most the day the initial term ends)
    kpis: tuple  # the KPIs measured in this unit


def review_unit(deal: Deal, kpi) -> str:
    """The period a KPI is reviewed at: its own (``contract``: once, at the end of the term), else
    the stop-loss's, else month."""

    return "contract" if kpi.period == "contract" else unit_of(deal, kpi)


def _periods(unit: str, start: dt.date, end: dt.date):
    """(label, first day, day after) of each calendar period of ``unit`` that overlaps [start, end)."""
    if unit == "contract":
        yield "contract", start, end
        return
    if unit == "week":
        first = start - dt.timedelta(days=start.weekday())
    else:
        first = dt.date(start.year, start.month - (start.month - 1) % (3 if unit == "quarter" else 1), 1)
    while first < end:
        if unit == "week":
            after = first + dt.timedelta(days=7)
            year, week, _ = first.isocalendar()
            label = f"{year:04d}-W{week:02d}"
        elif unit == "quarter":
            after = terms.add_months(first, 3)
            label = f"{first.year:04d}-Q{(first.month - 1) // 3 + 1}"
        else:
            after = terms.add_months(first, 1)
            label = f"{first.year:04d}-{first.month:02d}"
        yield label, first, after
        first = after


def reviews(deal: Deal) -> list[Review]:
    """The KPI reviews of the initial term, by each KPI's period, in date order (empty when the
    contract's dates are unknown). A deal without KPIs is reviewed monthly (or at the stop-loss's period)."""
    c = deal.contract
    end = terms.term_end(deal)
    if end is None:
        return []
    kpis = list(deal.kpis or [])
    by_unit: dict[str, list] = {}
    for k in kpis:
        by_unit.setdefault(review_unit(deal, k), []).append(k)
    if not kpis:
        sl = c.stop_loss
        by_unit[sl.period if sl is not None and sl.period in UNITS else "month"] = []
    out = []
    for unit in UNITS:
        if unit in by_unit:
            out += [Review(unit, label, first, min(after, end), tuple(by_unit[unit]))
                    for label, first, after in _periods(unit, c.start_date, end)]
    out.sort(key=lambda r: (r.day, UNITS.index(r.unit)))
    return out


def period_text(r: Review, lang: str) -> str:
    """A review's period in words: '2026年3月', 'Q1 2026', 'week 9 of 2026', 'the whole term'."""

    first = r.first
    if r.unit == "week":
        year, week, _ = first.isocalendar()
        return text(lang, "remind.kpi_review.period.week", year=year, week=week)
    months = Texts(lang, False).items("format.months")
    return text(lang, f"remind.kpi_review.period.{r.unit}", year=first.year, month=first.month,
                mon=months[first.month - 1], quarter=(first.month - 1) // 3 + 1)


def reminders(deal: Deal, lang: str = "en", source: str = "") -> list[Reminder]:
    """The deal's dated events, in date order; InputError when the contract's dates are unknown."""
    c = deal.contract
    problems = []
    if c is None or c.start_date is None:
        problems.append(Problem(source or deal.id, "contract.start_date", text(lang, "remind.need_start")))
    if c is None or c.term_months is None:
        problems.append(Problem(source or deal.id, "contract.term_months", text(lang, "remind.need_term")))
    if problems:
        raise InputError(problems)

    date = Texts(lang, False).date
    title = ics_text(deal.title or deal.id)  # names inside a sentence: on one line
    provider = ics_text(deal.provider.name)
    out: list[Reminder] = []
    end = terms.term_end(deal)
    last_day = end - dt.timedelta(days=1)
    renews = c.auto_renewal is not None and c.auto_renewal.present is True
    cb = terms.cancel_by(deal)
    if cb is not None:
        out.append(Reminder("cancel-by", cb, text(lang, "remind.cancel_by.summary", title=title),
                            text(lang, "remind.cancel_by.description", provider=provider, days=c.auto_renewal.cancel_notice_days,
                                 renews=date(end), months=c.auto_renewal.renewal_term_months or "?"),
                            ALARM_DAYS))
    out.append(Reminder("term-end", last_day, text(lang, "remind.term_end.summary", title=title),
                        text(lang, "remind.term_end.renews" if renews else "remind.term_end.ends",
                             provider=provider, day=date(end))))
    for i, m in enumerate(c.milestones or []):
        day = terms.add_months(c.start_date, m.month)
        out.append(Reminder(f"milestone-{i + 1}", day, text(lang, "remind.milestone.summary", title=title, month=m.month),
                            text(lang, "remind.milestone.description", provider=provider,
                                 acceptance=m.acceptance or text(lang, "remind.milestone.no_acceptance"))))
    sl = c.stop_loss
    stop = ""
    if sl is not None and sl.present and sl.threshold_pct is not None and sl.consecutive_periods is not None:
        stop = "\n" + text(lang, "remind.kpi_review.stop_loss", pct=figure(sl.threshold_pct), n=sl.consecutive_periods,
                           unit=text(lang, f"unit.{sl.period or 'month'}"))
    stop_unit = (sl.period or "month") if stop else None
    for r in reviews(deal):
        lines = "\n".join(_kpi_line(k, lang) for k in r.kpis) or text(lang, "remind.kpi_review.no_kpis")
        period = period_text(r, lang)
        out.append(Reminder(f"kpi-review-{r.period}", r.day,
                            text(lang, f"remind.kpi_review.summary.{r.unit}", title=title, period=period),
                            text(lang, "remind.kpi_review.description", provider=provider, period=period) + "\n" + lines
                            + (stop if r.unit == stop_unit else "")))
    out.sort(key=lambda r: (r.day, r.key))
    return out


def ics_text(value: str, one_line: bool = True) -> str:
    """A text as an iCalendar TEXT value holds it: line breaks as \n (a space in a one-line value),
    no other control character."""
    if one_line:
        text = " ".join(part.strip() for part in _BREAK.split(value) if part.strip())
        return visible(text)
    return "\n".join(visible(part) for part in _BREAK.split(value))


def calendar(deal: Deal, as_of: dt.date, lang: str = "en", source: str = "") -> str:
    """The reminders as iCalendar text (CRLF line ends, as RFC 5545 wants)."""

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", ics_text(text(lang, "remind.calendar_name", title=deal.title or deal.id)))
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc)
    for r in reminders(deal, lang, source):
        ev = Event()
        ev.add("uid", f"{deal.id}-{r.key}@vetting")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", r.day)
        ev.add("dtend", r.day + dt.timedelta(days=1))
        ev.add("summary", ics_text(r.summary))
        ev.add("description", ics_text(r.description, one_line=False))
        ev.add("transp", "TRANSPARENT")
        for days in r.alarms:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", ics_text(text(lang, "remind.alarm", days=days, summary=r.summary)))
            alarm.add("trigger", dt.timedelta(days=-days))
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")
