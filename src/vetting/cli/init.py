from __future__ import annotations

from pathlib import Path

import click

from . import cli
from ..io.writing import write_file
from .common import msg, use_lang, LANG, write_output


@cli.command()
@click.option("--lang", type=LANG, default=None)
@click.option("--format", "fmt", type=click.Choice(["yaml", "xlsx", "csv", "actuals"]), default="yaml", show_default=True)
@click.option("-o", "--output", type=click.Path())
@click.option("--force", is_flag=True)
def init(lang, fmt, output, force):
    lang = use_lang(lang)
    to_file = bool(output) and output != "-"
    if fmt == "xlsx" and not to_file:
        raise click.UsageError(msg("cli.xlsx_needs_file"))
    if to_file and Path(output).exists() and not force:
        from ..io.errors import OutputError

        raise OutputError(output, key="exists")
    if fmt == "yaml":
        from ..outputs.report import deal_template

        name = Path(output).name if to_file else "deal.yaml"
        write_output(schema_lines(lang) + deal_template(lang, filename=name), output)
        if to_file:
            click.echo(msg("cli.wrote_deal", path=output), err=True)
        return
    if fmt == "actuals":
        from ..workflows.actuals import template

        # a file gets a byte-order mark, so that Excel reads the Chinese notes and header as UTF-8
        write_output(("\ufeff" if to_file else "") + template(lang), output)
        if to_file:
            click.echo(msg("cli.wrote_actuals", path=output), err=True)
        return
    from ..workflows.batch.template import csv_template, xlsx_template

    data = xlsx_template(lang) if fmt == "xlsx" else csv_template(lang)
    if not to_file:
        click.echo(data.decode("utf-8-sig"), nl=False)
        return
    write_file(Path(output), data)
    click.echo(msg("cli.wrote_table", path=output), err=True)


SCHEMA_FILE = "deal.schema.json"


def schema_lines(lang: str) -> str:
    """The first lines of a deal file: the schema an editor's YAML language server checks it
    against (a file beside the deal, written by `vetting schema`), and how to make it."""
    from ..text import messages

    return (f"# yaml-language-server: $schema={SCHEMA_FILE}\n"
            f"# {messages.msg('init.schema', lang, file=SCHEMA_FILE, lang=lang)}\n")
