from __future__ import annotations

import datetime as dt
import sys

import click

from . import cli
from .common import EXIT_FAIL_ON, LANG, check_output, write_output


@cli.command()
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.argument("actuals", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True,
              help="Markdown, self-contained HTML (a small chart per KPI), or JSON (vetting/tracking@1).")
@click.option("--lang", type=LANG, default="en", show_default=True, help="Language of the texts.")
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout (never over an input file).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day to judge on (default: today): notice dates, milestones due, the next review.")
def track(deal, actuals, fmt, lang, output, today):
    """Track a signed contract: KPIs against the actuals, the stop-loss, milestones.

    ACTUALS is a CSV or XLSX file with the columns period, kpi, value (one row
    per KPI and period; `vetting init --format actuals` writes one to fill in;
    docs/lifecycle.md). For each KPI and period: met or missed, the misses in a
    row; whether the stop-loss has triggered, whether you can exit without
    fault now, the notice to send and the last day to send it, the refund owed;
    milestones due and missed; the next review date. Exit 1 when the
    stop-loss has triggered or a milestone was missed (for a scheduler).

    \b
    Example:
      vetting track fixtures/linkstar-proposal-v2.yaml fixtures/linkstar-actuals.csv --today 2026-04-03
      vetting track deal.yaml actuals.xlsx --format html --lang zh -o tracking.html
    """
    from ..actuals import read_actuals
    from ..loading import load_deal
    from ..track import render, track as run_track

    check_output(output, [deal, actuals])
    loaded = load_deal(deal)
    rows = read_actuals(actuals, loaded.deal)
    day = today.date() if today else dt.date.today()
    result = run_track(loaded.deal, rows, day, lang)
    write_output(render(result, fmt), output, [deal, actuals])
    if result.alert:
        sys.exit(EXIT_FAIL_ON)
