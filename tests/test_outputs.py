"""What vetting writes: the JSON contract (golden file and JSON Schema), output files that never
damage what is not theirs, interrupted runs, batch output folders, strict JSON, terminal text."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import FIXTURES, ROOT
from vetting.cli import _register, cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
import regen_golden  # noqa: E402  (the golden files' one definition: which fixtures, how rendered)

_register()
SCHEMA = json.loads((ROOT / "docs" / "assessment.schema.json").read_text(encoding="utf-8"))
SEED = str(FIXTURES / "linkstar-proposal.yaml")


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- the JSON contract ---------------------------------------------------------------------------

@pytest.mark.parametrize("key", regen_golden.CONTRACT, ids=lambda k: ".".join(k))
def test_json_contract_matches_its_golden_file(key):
    name, lang, fmt = key
    golden = regen_golden.golden_path(*key)
    assert golden.exists(), f"{golden} missing; run: PYTHONPATH=src python tests/regen_golden.py"
    result = run("assess", str(FIXTURES / f"{name}.yaml"), "--lang", lang, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs from `vetting assess --format json`; if the change is intended, run "
        "PYTHONPATH=src python tests/regen_golden.py and review git diff tests/golden/ "
        "(and docs/assessment.schema.json when the contract changed)")


def test_the_schema_is_valid_json_schema_and_strict():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["additionalProperties"] is False
    assert SCHEMA["properties"]["format"] == {"const": json.loads(
        regen_golden.golden_path(*regen_golden.CONTRACT[0]).read_text(encoding="utf-8"))["format"]}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fixture", sorted(p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*.yaml")))
def test_every_fixture_assessment_follows_the_schema(fixture, lang):
    data = json.loads(run("assess", str(FIXTURES / fixture), "--lang", lang, "--format", "json").stdout)
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.path))
    assert [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors] == []


def test_the_schema_refuses_what_breaks_the_contract():
    """The check can fail: a golden assessment with one thing wrong at a time is refused."""
    good = json.loads(regen_golden.golden_path(*regen_golden.CONTRACT[0]).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert validator.is_valid(good)
    broken = [
        ("level", "severe"),
        ("score", "97"),
        ("extra_key", 1),
        ("findings", [{**good["findings"][0], "status": "maybe"}]),
        ("findings", [{k: v for k, v in good["findings"][0].items() if k != "missing"}]),
        ("categories", {k: v for k, v in good["categories"].items() if k != "kpi"}),
        ("cancel_by", {**good["cancel_by"], "date": "3 Dec 2026"}),
    ]
    for key, value in broken:
        assert not validator.is_valid({**good, key: value}), key
