from __future__ import annotations

import sys

import click

from . import cli
from .common import rates_option, use_lang, DAY, EXIT_FAIL_ON, LANG, LEVELS, check_output, fail_on_reached, run_inputs, write_output


@cli.command()
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json", "pdf"]), default="md", show_default=True)
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path())
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True))
@click.option("--fail-on", type=click.Choice(LEVELS))
@click.option("--today", type=DAY)
@rates_option
def assess(deal, fmt, lang, output, rules, fail_on, today, rates):
    lang = use_lang(lang)
    from ..workflows.assess import assess_file
    from ..outputs.report import render

    inputs = run_inputs([deal], rules, rates)
    check_output(output, inputs)
    result = assess_file(deal, lang=lang, rules=rules, today=today, rates=rates)
    if fmt == "pdf":
        from ..outputs.pdf import html_to_pdf

        write_output(html_to_pdf(render(result, "html")), output, inputs)
    else:
        write_output(render(result, fmt), output, inputs)
    if fail_on_reached(result.level, fail_on):
        sys.exit(EXIT_FAIL_ON)
