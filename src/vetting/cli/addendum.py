from __future__ import annotations

import sys

import click

from . import cli
from .common import rates_option, use_lang, DAY, LANG, check_output, write_output


@cli.command()
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html", "pdf", "docx"]), default="md", show_default=True)
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path())
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True))
@click.option("--today", type=DAY)
@rates_option
def addendum(deal, fmt, lang, output, rules, today, rates):
    lang = use_lang(lang)
    from ..outputs.addendum import render_addendum
    from ..workflows.assess import assess_file

    if fmt == "docx" and output in (None, "-"):
        from .terminal import is_terminal

        if is_terminal(sys.stdout):
            from .common import msg

            raise click.UsageError(msg("cli.docx_not_terminal"))
    check_output(output, [deal])
    result = assess_file(deal, lang=lang, rules=rules, today=today, rates=rates)
    if fmt == "pdf":
        from ..outputs.pdf import html_to_pdf

        write_output(html_to_pdf(render_addendum(result, "html")), output, [deal])
    else:
        write_output(render_addendum(result, fmt), output, [deal])
