from __future__ import annotations

import datetime as dt
import sys

import click

from . import cli
from .common import DAY, use_lang, EXIT_FAIL_ON, LANG, check_output, write_output


@cli.command()
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.argument("actuals", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True)
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path())
@click.option("--today", type=DAY)
def track(deal, actuals, fmt, lang, output, today):
    lang = use_lang(lang)
    from ..workflows.actuals import read_actuals
    from ..model.loading import load_deal
    from ..workflows.track import render, track as run_track

    check_output(output, [deal, actuals])
    loaded = load_deal(deal)
    rows = read_actuals(actuals, loaded.deal)
    day = today if today else dt.date.today()
    result = run_track(loaded.deal, rows, day, lang)
    write_output(render(result, fmt), output, [deal, actuals])
    if result.alert:
        sys.exit(EXIT_FAIL_ON)
