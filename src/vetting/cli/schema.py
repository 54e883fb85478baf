from __future__ import annotations

import json

import click

from . import cli
from .common import write_output


@cli.command()
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout.")
def schema(output):
    """Print the deal format (vetting/deal@1) as JSON Schema, for editors.

    \b
    Example:
      vetting schema -o deal.schema.json
    """
    from ..models import Deal

    doc = Deal.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "vetting deal file (vetting/deal@1)"
    write_output(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n", output)
