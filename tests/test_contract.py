"""The JSON assessment (vetting/assessment@2) against its own JSON Schema (`vetting schema --assessment`)."""
from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from vetting.cli import _register, cli

_register()
DEALS = sorted(FIXTURES.glob("*.yaml")) + sorted((FIXTURES / "compare").glob("*.yaml")) + \
    sorted((FIXTURES / "cases").glob("*.yaml"))


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def validator():
    result = run("schema", "--assessment")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", DEALS, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_fixture_assessment_matches_the_schema(validator, path, lang):
    data = json.loads(run("assess", str(path), "--format", "json", "--lang", lang).stdout)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]]


def test_the_schema_refuses_what_the_contract_does_not_allow(validator):
    good = json.loads(run("assess", str(FIXTURES / "linkstar-proposal.yaml"), "--format", "json").stdout)
    assert validator.is_valid(good)
    for change in (lambda d: d.update(format="vetting/assessment@1"),
                   lambda d: d.update(verdict="maybe"),
                   lambda d: d.update(surprise=1),
                   lambda d: d["categories"].pop("kpi"),
                   lambda d: d["findings"][0].update(status="passed"),
                   lambda d: d["path"][0].pop("score_after"),
                   lambda d: d["fix_first"][0].update(verdict_after="sign")):
        bad = copy.deepcopy(good)
        change(bad)
        assert not validator.is_valid(bad)


def test_schema_names_the_new_contract():
    doc = json.loads(run("schema", "--assessment").stdout)
    assert doc["properties"]["format"] == {"const": "vetting/assessment@2", "title": "Format"}
    assert doc["properties"]["verdict"]["enum"] == ["proceed", "negotiate", "insufficient_information", "do_not_sign"]
    fix = doc["$defs"]["Fix"]["properties"]
    assert {"rule_ids", "subject", "score_after", "level_after", "verdict_after"} <= set(fix)
