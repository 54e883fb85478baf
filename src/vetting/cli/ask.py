"""`vetting ask DEAL`: the questionnaire for the provider (workflows/ask.py, docs/questionnaire.md)."""
from __future__ import annotations

import click

from . import cli
from .common import DAY, LANG, check_output, rates_option, use_lang


@cli.command()
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", type=click.Choice(["xlsx", "html"]), default="xlsx", show_default=True)
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True))
@click.option("--today", type=DAY)
@rates_option
def ask(deal, fmt, lang, output, rules, today, rates):
    lang = use_lang(lang)
    # the CLI's lazy seam, as every command's: `vetting --help` must not load the rule engine
    from ..workflows.ask import ask_file, said

    check_output(output, [deal])
    form, path = ask_file(deal, lang=lang, fmt=fmt, output=output, today=today, rules=rules, rates=rates)
    if path is None:
        click.echo(said("nothing", lang))
        return
    click.echo(said("written", lang, n=form.count, path=path, ask_id=form.spec.ask_id))
