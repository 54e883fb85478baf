"""results.json (``vetting/rows@1``): the three tables of the output model as lists of objects, the
findings with their texts. Written whole (the batch does not stream it)."""
from __future__ import annotations

from ..io.jsontext import dumps
from .rows import Tables


def write_json(tables: Tables) -> dict[str, bytes]:
    """results.json: the three tables as lists of objects, findings with their texts."""
    doc = {"format": "vetting/rows@1",
           "summary": [r._asdict() for r in tables.summary],
           "findings": [r._asdict() for r in tables.findings],
           "errors": [r._asdict() for r in tables.errors]}
    return {"results.json": (dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}
