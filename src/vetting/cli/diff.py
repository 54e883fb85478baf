from __future__ import annotations

import sys

import click

from . import cli
from .common import use_lang, EXIT_FAIL_ON, LANG, LEVELS, check_output, fail_on_reached, write_output


@cli.command()
@click.argument("old", type=click.Path(dir_okay=False, allow_dash=False))
@click.argument("new", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True)
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path())
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True))
@click.option("--fail-on", type=click.Choice(LEVELS))
def diff(old, new, fmt, lang, output, rules, fail_on):
    lang = use_lang(lang)
    from ..workflows.diff import diff as run_diff, render
    from ..model.loading import load_deals

    check_output(output, [old, new])
    loaded = load_deals((old, new))
    result = run_diff(*loaded, lang=lang, rules=rules)
    write_output(render(result, fmt), output, [old, new])
    if fail_on_reached(result.level, fail_on):
        sys.exit(EXIT_FAIL_ON)
