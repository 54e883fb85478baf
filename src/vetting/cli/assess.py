from __future__ import annotations

import sys

import click

from . import cli
from .common import rates_option, LANG_HELP, use_lang, DAY, EXIT_FAIL_ON, LANG, LEVELS, TODAY_HELP, check_output, fail_on_reached, write_output


@cli.command()
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json", "pdf"]), default="md", show_default=True,
              help="Markdown checklist, self-contained HTML report, the JSON assessment, or the HTML "
                   "report as an A4 PDF (printed by headless Chromium, else WeasyPrint).")
@click.option("--lang", type=LANG, default=None, help=LANG_HELP)
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout (never over the deal file).")
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="An extra rule pack folder (repeatable).")
@click.option("--fail-on", type=click.Choice(LEVELS), help="Exit 1 when the risk level is this or worse.")
@click.option("--today", type=DAY, help=TODAY_HELP)
@rates_option
def assess(deal, fmt, lang, output, rules, fail_on, today, rates):
    """Assess one deal file: risk score, verdict and the pre-signing checklist.

    \b
    Example:
      vetting assess fixtures/linkstar-proposal.yaml
      vetting assess deal.yaml --format html --lang zh -o report.html
      vetting assess deal.yaml --format json --fail-on high
      vetting assess deal.yaml --rates my-rates.yaml      # today's exchange rates for the thresholds
      vetting assess deal.yaml --today 2026-03-01    # days left counted from that day
      vetting assess deal.yaml --format pdf --lang zh -o report.pdf
    """
    lang = use_lang(lang)
    from ..api import assess_file
    from ..report import render

    check_output(output, [deal])
    result = assess_file(deal, lang=lang, rules=rules, today=today, rates=rates)
    if fmt == "pdf":
        from ..pdf import html_to_pdf

        write_output(html_to_pdf(render(result, "html")), output, [deal])
    else:
        write_output(render(result, fmt), output, [deal])
    if fail_on_reached(result.level, fail_on):
        sys.exit(EXIT_FAIL_ON)
