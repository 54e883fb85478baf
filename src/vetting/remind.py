"""Reminders for a signed deal as an iCalendar file (RFC 5545): the cancel-by deadline before an
automatic renewal (alarms 30 and 7 days before), the end of the initial term, milestone reviews and
monthly KPI reviews.

Reproducible: the same deal and the same ``as_of`` give the same bytes (UIDs are made from the deal
id and the event; DTSTAMP is ``as_of`` at midnight UTC).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import terms
from .errors import InputError, Problem
from .lifecycle_text import figure, text
from .models import Deal

ALARM_DAYS = (30, 7)
PRODID = "-//vetting//lifecycle reminders//EN"


@dataclass(frozen=True)
class Reminder:
    key: str  # stable part of the UID: "cancel-by", "term-end", "milestone-3", "kpi-review-2"
    day: dt.date
    summary: str
    description: str
    alarms: tuple[int, ...] = ()  # days before


def _kpi_line(kpi, lang: str) -> str:
    name = kpi.name or kpi.id
    if kpi.target is None or kpi.target_kind is None:
        return text(lang, "remind.kpi_no_target", name=name, id=kpi.id)
    return text(lang, "remind.kpi_target", name=name, id=kpi.id,
                target=text(lang, f"target.{kpi.target_kind}", target=figure(kpi.target),
                            baseline=figure(kpi.baseline) if kpi.baseline is not None else "?"))


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
    from .report import Texts

    date = Texts(lang, False).date
    title = deal.title or deal.id
    provider = deal.provider.name
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
    kpis = deal.kpis or []
    sl = c.stop_loss
    stop = ""
    if sl is not None and sl.present and sl.threshold_pct is not None and sl.consecutive_periods is not None:
        stop = "\n" + text(lang, "remind.kpi_review.stop_loss", pct=figure(sl.threshold_pct), n=sl.consecutive_periods,
                           unit=text(lang, f"unit.{sl.period or 'month'}"))
    lines = "\n".join(_kpi_line(k, lang) for k in kpis) or text(lang, "remind.kpi_review.no_kpis")
    for month in range(1, c.term_months + 1):
        day = terms.add_months(c.start_date, month)
        out.append(Reminder(f"kpi-review-{month}", day,
                            text(lang, "remind.kpi_review.summary", title=title, month=month),
                            text(lang, "remind.kpi_review.description", provider=provider) + "\n" + lines + stop))
    out.sort(key=lambda r: (r.day, r.key))
    return out


def calendar(deal: Deal, as_of: dt.date, lang: str = "en", source: str = "") -> str:
    """The reminders as iCalendar text (CRLF line ends, as RFC 5545 wants)."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", text(lang, "remind.calendar_name", title=deal.title or deal.id))
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc)
    for r in reminders(deal, lang, source):
        ev = Event()
        ev.add("uid", f"{deal.id}-{r.key}@vetting")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", r.day)
        ev.add("dtend", r.day + dt.timedelta(days=1))
        ev.add("summary", r.summary)
        ev.add("description", r.description)
        ev.add("transp", "TRANSPARENT")
        for days in r.alarms:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", text(lang, "remind.alarm", days=days, summary=r.summary))
            alarm.add("trigger", dt.timedelta(days=-days))
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")
