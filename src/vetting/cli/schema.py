from __future__ import annotations

import json

import click

from . import cli
from .common import LANG, LANG_HELP, use_lang, write_output


@cli.command()
@click.option("--assessment", is_flag=True,
              help="Print the JSON Schema of the assessment (vetting/assessment@2) instead of the deal format.")
@click.option("--lang", type=LANG, default=None, help=LANG_HELP + " The deal schema's field descriptions follow it.")
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout.")
def schema(assessment, lang, output):
    """Print the deal format (vetting/deal@1) as JSON Schema, for editors; with --assessment, the
    JSON Schema of what `vetting assess --format json` writes.

    Every field of the deal schema has a description (what `vetting init` writes as its
    comment) and an enum lists its values; a deal file made by `vetting init` names
    deal.schema.json on its first line, so an editor with the YAML language server
    (VS Code's YAML extension) checks and explains it as you type.

    \b
    Example:
      vetting schema -o deal.schema.json
      vetting schema --lang zh -o deal.schema.json
      vetting schema --assessment -o assessment.schema.json
    """
    lang = use_lang(lang)
    if assessment:
        from ..contract import assessment_schema

        write_output(json.dumps(assessment_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n", output)
        return
    from ..dealschema import deal_schema

    doc = deal_schema(lang)
    write_output(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n", output)
