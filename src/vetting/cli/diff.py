from __future__ import annotations

import sys

import click

from . import cli
from .common import EXIT_FAIL_ON, LANG, LEVELS, check_output, fail_on_reached, write_output
from ..errors import InputError, Problem


@cli.command()
@click.argument("old", type=click.Path(dir_okay=False, allow_dash=False))
@click.argument("new", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True,
              help="Markdown, self-contained HTML (the checklist's look), or JSON (vetting/diff@1).")
@click.option("--lang", type=LANG, default="en", show_default=True, help="Language of the texts.")
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout (never over a deal file).")
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="An extra rule pack folder (repeatable).")
@click.option("--fail-on", type=click.Choice(LEVELS), help="Exit 1 when the NEW version's risk level is this or worse.")
def diff(old, new, fmt, lang, output, rules, fail_on):
    """What changed between two versions of one proposal.

    Findings resolved, new, worsened or improved (status or severity); the
    facts that changed, field by field; score, level, verdict and the monthly
    cost at the current GMV before and after; what still blocks signing; and
    the remaining negotiation path of the new version.

    \b
    Example:
      vetting diff fixtures/linkstar-proposal.yaml fixtures/linkstar-proposal-v2.yaml
      vetting diff v1.yaml v2.yaml --format html --lang zh -o diff.html
      vetting diff v1.yaml v2.yaml --format json --fail-on high
    """
    from ..diff import diff as run_diff, render
    from ..loading import load_deal

    check_output(output, [old, new])
    problems: list[Problem] = []
    loaded = []
    for path in (old, new):
        try:
            loaded.append(load_deal(path))
        except InputError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    result = run_diff(*loaded, lang=lang, rules=rules)
    write_output(render(result, fmt), output, [old, new])
    if fail_on_reached(result.level, fail_on):
        sys.exit(EXIT_FAIL_ON)
