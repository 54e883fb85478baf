from __future__ import annotations

import sys
from pathlib import Path

import click

from . import cli
from ..atomic import write_atomic
from .common import LANG_HELP, msg, use_lang, EXIT_INPUT, LANG, write_output


@cli.command()
@click.option("--lang", type=LANG, default=None, help=LANG_HELP)
@click.option("--format", "fmt", type=click.Choice(["yaml", "xlsx", "csv", "actuals"]), default="yaml", show_default=True,
              help="yaml: one annotated deal file; xlsx or csv: the table of deals `vetting batch` reads, "
                   "with one sample row (xlsx: a note on every column, drop-downs, sheets for KPIs, claims …); "
                   "actuals: the CSV of measured KPI figures `vetting track` reads (period, kpi, value).")
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def init(lang, fmt, output, force):
    """Write a deal file to fill in: every field, all unknown (or a batch table).

    Each field has a comment saying what it means and which values it takes.
    Leave what you do not know empty (null): `vetting assess` turns it into a
    question to ask the provider. With --format xlsx or csv, the flat table
    `vetting batch` reads: one column per field and a sample row to replace.

    \b
    Example:
      vetting init -o deal.yaml
      vetting init --lang zh -o deal.yaml
      vetting assess deal.yaml --format html -o report.html
      vetting init --format xlsx --lang zh -o deals.xlsx
      vetting batch deals.xlsx --out results/
      vetting init --format actuals -o actuals.csv
      vetting init --format actuals --lang zh -o actuals.csv
    """
    lang = use_lang(lang)
    to_file = bool(output) and output != "-"
    if fmt == "xlsx" and not to_file:
        raise click.UsageError(msg("cli.xlsx_needs_file"))
    if to_file and Path(output).exists() and not force:
        click.echo(msg("cli.exists", path=output), err=True)
        sys.exit(EXIT_INPUT)
    if fmt == "yaml":
        from ..report import deal_template

        name = Path(output).name if to_file else "deal.yaml"
        write_output(schema_lines(lang) + deal_template(lang, filename=name), output)
        if to_file:
            click.echo(msg("cli.wrote_deal", path=output), err=True)
        return
    if fmt == "actuals":
        from ..actuals import template

        # a file gets a byte-order mark, so that Excel reads the Chinese notes and header as UTF-8
        write_output(("\ufeff" if to_file else "") + template(lang), output)
        if to_file:
            click.echo(f"vetting: wrote {output}; replace the sample rows with your KPI ids and figures, then run: "
                       f"vetting track deal.yaml {output}", err=True)
        return
    from ..batch.template import csv_template, xlsx_template

    data = xlsx_template(lang) if fmt == "xlsx" else csv_template(lang)
    if not to_file:
        click.echo(data.decode("utf-8-sig"), nl=False)
        return
    write_atomic(Path(output), data)
    click.echo(msg("cli.wrote_table", path=output), err=True)


SCHEMA_FILE = "deal.schema.json"


def schema_lines(lang: str) -> str:
    """The first lines of a deal file: the schema an editor's YAML language server checks it
    against (a file beside the deal, written by `vetting schema`), and how to make it."""
    from .. import messages

    return (f"# yaml-language-server: $schema={SCHEMA_FILE}\n"
            f"# {messages.msg('init.schema', lang, file=SCHEMA_FILE, lang=lang)}\n")
