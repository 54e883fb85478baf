"""The JSON Schema of the assessment (``vetting/assessment@2``), for integrations and the tests.

Built from the Assessment dataclasses (assessment.py), so it cannot drift from what ``to_json``
writes, then tightened: every key is required (the JSON always has them all), no other key is
allowed, and the closed vocabularies (levels, verdicts, statuses, severities, categories) are enums.
"""
from __future__ import annotations

from ..decide.assessment import ASSESSMENT_FORMAT, Assessment
from ..rules.reference import STATUSES
from ..rules.rulepack import CATEGORIES, LANGS, SEVERITIES
from ..rules.scoring import LEVEL_ORDER, VERDICT_ORDER
from pydantic import TypeAdapter

_ENUMS = {
    ("Assessment", "level"): LEVEL_ORDER,
    ("Assessment", "verdict"): VERDICT_ORDER,
    ("Assessment", "lang"): LANGS,
    ("Finding", "status"): STATUSES,
    ("Finding", "severity"): SEVERITIES,
    ("Finding", "category"): CATEGORIES,
    ("Fix", "level_after"): LEVEL_ORDER,
    ("Fix", "verdict_after"): VERDICT_ORDER,
    ("Fix", "status"): ("risk", "unknown"),
    ("CancelBy", "status"): ("ok", "near", "passed"),
    ("WaiverStatus", "status"): ("applied", "expired", "refused_blocker", "no_finding"),
}


def _close(name: str, obj: dict) -> None:
    obj["required"] = sorted(obj.get("properties", {}))
    obj["additionalProperties"] = False
    for key, values in _ENUMS.items():
        if key[0] == name and key[1] in obj["properties"]:
            prop = obj["properties"][key[1]]
            prop.pop("type", None)
            prop["enum"] = list(values)


def assessment_schema() -> dict:
    """The assessment as JSON Schema (draft 2020-12)."""

    doc = TypeAdapter(Assessment).json_schema(mode="serialization")
    for name, obj in doc.get("$defs", {}).items():
        _close(name, obj)
    _close("Assessment", doc)
    props = doc["properties"]
    props["format"] = {"const": ASSESSMENT_FORMAT, "title": "Format"}
    figures = props["categories"].pop("additionalProperties")
    props["categories"].update({"properties": {c: figures for c in CATEGORIES}, "required": list(CATEGORIES),
                                "additionalProperties": False})
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = f"vetting assessment ({ASSESSMENT_FORMAT})"
    doc["description"] = "What `vetting assess --format json` writes; docs/scoring.md explains the figures."
    return doc
