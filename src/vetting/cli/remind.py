from __future__ import annotations

import datetime as dt

import click

from . import cli
from .common import LANG, check_output, write_output


@cli.command()
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--lang", type=LANG, default="en", show_default=True, help="Language of the titles and descriptions.")
@click.option("-o", "--output", type=click.Path(), help="Write the .ics to this file instead of stdout (never over the deal file).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The date stamped on the events (default: the deal's as_of, else today): same date, same file.")
def remind(deal, lang, output, today):
    """Write the contract's dates as an iCalendar file (RFC 5545).

    The cancel-by deadline before an automatic renewal (with alarms 30 and 7
    days before), the end of the initial term, each milestone review and the
    KPI reviews at each KPI's period (monthly, quarterly, weekly, or once at
    the end of the term). Import the file into Google Calendar, Outlook or
    Apple Calendar. Needs contract.start_date and contract.term_months.

    \b
    Example:
      vetting remind fixtures/linkstar-proposal.yaml -o linkstar.ics
      vetting remind deal.yaml --lang zh --today 2026-02-01 -o deal.ics
    """
    from ..loading import load_deal
    from ..remind import calendar

    check_output(output, [deal])
    loaded = load_deal(deal)
    as_of = today.date() if today else (loaded.deal.as_of or dt.date.today())
    write_output(calendar(loaded.deal, as_of, lang, source=deal), output, [deal])
