from __future__ import annotations

import sys
from pathlib import Path

import click

from . import cli
from .common import EXIT_INPUT, LANG, write_output


@cli.command()
@click.option("--lang", type=LANG, default="en", show_default=True, help="Language of the comments.")
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def init(lang, output, force):
    """Write an annotated deal file to fill in: every field, all unknown.

    Each field has a comment saying what it means and which values it takes.
    Leave what you do not know empty (null): `vetting assess` turns it into a
    question to ask the provider.

    \b
    Example:
      vetting init -o deal.yaml
      vetting init --lang zh -o deal.yaml
      vetting assess deal.yaml --format html -o report.html
    """
    from ..report import deal_template

    if output and output != "-" and Path(output).exists() and not force:
        click.echo(f"vetting: {output} already exists; use --force to overwrite it", err=True)
        sys.exit(EXIT_INPUT)
    name = Path(output).name if output and output != "-" else "deal.yaml"
    write_output(deal_template(lang, filename=name), output)
    if output and output != "-":
        click.echo(f"vetting: wrote {output}; fill it in, then run: vetting assess {output}", err=True)
