"""The rule catalog (docs/rules.md, docs/rules.zh.md) is generated, and kept in step with the rules."""
from __future__ import annotations


from pathlib import Path

import pytest
from click.testing import CliRunner

from vetting.text.placeholders import blank
from vetting.outputs.catalog import DOC_FILES, regenerate_command, render_catalog
from vetting.cli import _register, cli
from vetting.rules.rulepack import load_packs

_register()
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_committed_catalog_matches_a_fresh_render(lang):
    committed = ROOT / DOC_FILES[lang]
    fresh = render_catalog(lang)
    assert committed.exists(), f"{committed} missing; run: {regenerate_command(lang)}"
    assert committed.read_text(encoding="utf-8") == fresh, (
        f"{DOC_FILES[lang]} is out of date with the rule packs; regenerate it with: {regenerate_command(lang)}")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_catalog_documents_every_rule_with_all_its_texts(lang):
    text = render_catalog(lang)
    rules = [r.rule for p in load_packs() for r in p.rules]
    for r in rules:
        t = r.text(lang)
        assert f"### {r.id} — {t.title}\n" in text
        for part in (t.why, t.ask, t.evidence, t.fix, *r.sources):  # blanks as their fallbacks (no deal)
            assert blank(part) in text, (r.id, part[:40])
        assert f"| {r.id} | " in text  # the index
    assert text.count("\n### ") == len(rules)


def test_catalog_sections_read_the_same_in_both_languages():
    en, zh = render_catalog("en"), render_catalog("zh")
    assert "**Why it matters**: " in en and "**Clause to request**: " in en and "**Sources**:" in en
    assert "**风险在哪**：" in zh and "**建议写入合同的条款**：" in zh and "Why it matters" not in zh
    assert en.startswith("# Rule catalog\n\nEvery rule of the packs below, generated from the rule files by "
                         "`vetting rules catalog --lang en -o docs/rules.md`. Do not edit by hand.\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cli_regenerates_the_catalog(tmp_path, lang):
    out = tmp_path / "rules.md"
    result = CliRunner().invoke(cli, ["rules", "catalog", "--lang", lang, "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == render_catalog(lang)
