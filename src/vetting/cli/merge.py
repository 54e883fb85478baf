from __future__ import annotations

import click

from . import cli
from .common import DAY, LANG, check_output, rates_option, run_inputs, say, use_lang, write_output


@cli.command()
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.argument("answers", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False))
@click.option("--by", type=click.STRING, default=None)
@click.option("--prefer", type=click.Choice(["deal", "answers"]), default="deal", show_default=True)
@click.option("--evidence-max-age", "max_age", type=click.IntRange(0, 600), default=12, show_default=True,
              metavar="MONTHS")
@click.option("--today", type=DAY)
@click.option("--lang", type=LANG, default=None)
@rates_option
def merge(deal, answers, output, by, prefer, max_age, today, lang, rates):
    lang = use_lang(lang)
    from ..workflows.mergerun import merge as run_merge, summary

    inputs = run_inputs([deal, *answers], (), rates)
    check_output(output, inputs)
    run = run_merge(deal, answers, output=output, by=by, prefer=prefer, today=today, lang=lang, max_age=max_age,
                    rates=rates)
    write_output(summary(run, lang, prefer=prefer, max_age=max_age, today=today), None)  # escaped on a terminal
    files = ", ".join(str(a) for a in answers)
    if run.output is None:
        say(_msg("merge.nothing"))
    else:
        say(_msg("merge.wrote", path=str(run.output), count=len(run.result.applied), files=files))


def _msg(key, **values):
    from .common import msg

    return msg(key, **values)
