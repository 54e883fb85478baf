"""`vetting schema`: a deal JSON Schema that helps in an editor — a description on every field (the
field catalogue `vetting init` uses), enums with their values, bad values reported at the field —
and the schema line `vetting init` writes."""
from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from vetting.cli import _register, cli
from vetting.outputs.dealschema import deal_schema, field_notes
from vetting.model.loading import load_deal, parse_text
from vetting.io.yamlsafe import load_yaml_text

_register()


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env={"VETTING_LANG": ""})


def described(schema: dict):
    """(dotted path, property schema) for every property, following $refs and list items."""
    defs = schema["$defs"]

    def walk(node, prefix, seen):
        for key, prop in (node.get("properties") or {}).items():
            path = prefix + key
            yield path, prop
            ref = prop.get("$ref") or (prop.get("items") or {}).get("$ref")
            if ref and ref not in seen:
                yield from walk(defs[ref.rsplit("/", 1)[-1]], path + ".", seen | {ref})

    yield from walk(schema, "", frozenset())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_field_has_the_catalogue_description(lang):
    schema = deal_schema(lang)
    jsonschema.Draft202012Validator.check_schema(schema)
    notes = field_notes(lang)
    paths = dict(described(schema))
    assert len(paths) > 100
    for path, prop in paths.items():
        assert path in notes, path
        assert prop["description"].startswith(notes[path]), path
    kind = paths["provider.kind"]["description"]
    assert kind == {"en": "what kind of provider it is (values: store_operation, ads_management, listing_optimization, "
                          "customer_service, training, saas, consulting)",
                    "zh": "服务商类型（可填：store_operation（代运营）、ads_management（广告代投）、"
                          "listing_optimization（Listing优化）、customer_service（客服）、training（培训）、"
                          "saas（软件）、consulting（咨询））"}[lang]


def test_the_cli_prints_it_and_zh_has_chinese_descriptions(tmp_path):
    out = tmp_path / "deal.schema.json"
    assert run("schema", "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == deal_schema("en")
    zh = json.loads(run("schema", "--lang", "zh").output)
    assert zh["$defs"]["StopLoss"]["properties"]["present"]["description"] == field_notes("zh")["contract.stop_loss.present"]


def errors(doc):
    v = jsonschema.Draft202012Validator(deal_schema())
    return sorted((".".join(str(p) for p in e.absolute_path), e.message) for e in v.iter_errors(doc))


def test_a_bad_leaf_value_is_reported_at_the_leaf():
    base = {"id": "x", "provider": {"name": "p"}}
    assert errors({**base, "contract": {"stop_loss": {"present": "maybe", "threshold_pct": 120}}}) == [
        ("contract.stop_loss.present", "'maybe' is not of type 'boolean', 'null'"),
        ("contract.stop_loss.threshold_pct", "120 is greater than the maximum of 100")]
    assert errors({**base, "provider": {"name": "p", "kind": "agency"}}) == [
        ("provider.kind", "'agency' is not one of ['store_operation', 'ads_management', 'listing_optimization', "
                          "'customer_service', 'training', 'saas', 'consulting', None]")]
    # an unknown (empty) section or value is fine, as vetting reads it
    assert errors({**base, "contract": None, "seller": {"monthly_gmv": None}}) == []
    # a record in a list is still a record
    assert errors({**base, "kpis": [None]}) == [("kpis.0", "None is not of type 'object'")]


def test_loader_reports_the_same_leaf():
    text = "id: x\nprovider: {name: p}\ncontract:\n  stop_loss:\n    present: maybe\n"
    with pytest.raises(Exception) as e:
        from vetting.model.loading import validate

        validate(*parse_text(text, "d.yaml", ".yaml")[:1], "d.yaml")
    assert "contract.stop_loss.present: expected true or false, got 'maybe'" in "\n".join(e.value.lines())


@pytest.mark.parametrize("word", ["yes", "on", "1", "'true'"])
def test_booleans_are_true_or_false_in_the_loader_and_the_schema(word, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(f"id: x\nprovider: {{name: p}}\ncontract: {{written: {word}}}\n", encoding="utf-8")
    result = run("assess", path)
    assert result.exit_code == 2 and "contract.written: expected true or false" in result.stderr
    assert [p for p, _ in errors(load_yaml_text(path.read_text(encoding="utf-8")))] == ["contract.written"]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_bundled_deals_validate(path):
    assert errors(load_yaml_text(path.read_text(encoding="utf-8"))) == []
    load_deal(path)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_init_names_the_schema_and_the_template_validates(tmp_path, lang):
    deal = tmp_path / "deal.yaml"
    assert run("init", "--lang", lang, "-o", deal).exit_code == 0
    first, second = deal.read_text(encoding="utf-8").splitlines()[:2]
    assert first == "# yaml-language-server: $schema=deal.schema.json"
    assert f"vetting schema --lang {lang} -o deal.schema.json" in second
    assert errors(load_yaml_text(deal.read_text(encoding="utf-8"))) == []
