from __future__ import annotations

import json

import click

from . import cli
from .common import LANG, use_lang, write_output


@cli.command()
@click.option("--assessment", is_flag=True)
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path())
def schema(assessment, lang, output):
    lang = use_lang(lang)
    if assessment:
        from ..outputs.contract import assessment_schema

        write_output(json.dumps(assessment_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n", output)
        return
    from ..outputs.dealschema import deal_schema

    doc = deal_schema(lang)
    write_output(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n", output)
