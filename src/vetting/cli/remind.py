from __future__ import annotations

import datetime as dt

import click

from . import cli
from .common import DAY, use_lang, LANG, check_output, write_output


@cli.command()
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path())
@click.option("--today", type=DAY)
def remind(deal, lang, output, today):
    lang = use_lang(lang)
    from ..model.loading import load_deal
    from ..workflows.remind import calendar

    check_output(output, [deal])
    loaded = load_deal(deal)
    as_of = today if today else (loaded.deal.as_of or dt.date.today())
    write_output(calendar(loaded.deal, as_of, lang, source=deal), output, [deal])
