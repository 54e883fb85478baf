"""Calendar arithmetic on contract terms: the cancel-by date before auto-renewal."""
from __future__ import annotations

import calendar
import datetime as dt

from .models import Deal

NEAR_DAYS = 30


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day-of-month ``months`` later, clipped to the month's last day (Jan 31 + 1 → Feb 28/29)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(deal: Deal) -> dt.date | None:
    """The first day after the initial term, i.e. the day the contract would renew."""
    c = deal.contract
    if c is None or c.start_date is None or c.term_months is None:
        return None
    return add_months(c.start_date, c.term_months)


def cancel_by(deal: Deal) -> dt.date | None:
    """Last day the seller can give notice so that the contract does not renew.

    ``None`` when the contract does not auto-renew or a needed date is unknown.
    """
    c = deal.contract
    ar = c.auto_renewal if c else None
    end = term_end(deal)
    if ar is None or ar.present is not True or end is None or ar.cancel_notice_days is None:
        return None
    return end - dt.timedelta(days=ar.cancel_notice_days)


def cancel_by_status(day: dt.date | None, as_of: dt.date) -> tuple[str | None, int | None]:
    """('passed' | 'near' | 'ok', days left) for a cancel-by date seen on ``as_of``."""
    if day is None:
        return None, None
    left = (day - as_of).days
    if left < 0:
        return "passed", left
    return ("near" if left <= NEAR_DAYS else "ok"), left
