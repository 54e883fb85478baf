from __future__ import annotations

import json

import click

from . import cli
from .common import write_output


@cli.command()
@click.option("--assessment", is_flag=True,
              help="Print the JSON Schema of the assessment (vetting/assessment@2) instead of the deal format.")
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout.")
def schema(assessment, output):
    """Print the deal format (vetting/deal@1) as JSON Schema, for editors; with --assessment, the
    JSON Schema of what `vetting assess --format json` writes.

    \b
    Example:
      vetting schema -o deal.schema.json
      vetting schema --assessment -o assessment.schema.json
    """
    if assessment:
        from ..contract import assessment_schema

        write_output(json.dumps(assessment_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n", output)
        return
    from ..models import Deal

    doc = Deal.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "vetting deal file (vetting/deal@1)"
    write_output(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n", output)
