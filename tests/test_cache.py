"""The rule-pack cache ($VETTING_CACHE_DIR): parsed pack files kept as JSON, keyed by the content hash of
the pack's files, in a 0700 folder that is refused when it is a symbolic link. Every test points the
cache under its own tmp_path."""
from __future__ import annotations

import json
import shutil
import stat

import pytest

from conftest import FIXTURES
from hostile import no_traceback, vetting
from vetting.io import cache
from vetting.io.errors import OutputError, RulePackError
from vetting.rules import conditions, limits
from vetting.rules.rulepack import core_pack_dir, load_pack


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VETTING_CACHE_DIR", str(folder))
    return folder


def entries(folder):
    return sorted(folder.glob("pack-*.json"))


def a_pack(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(core_pack_dir(), pack)
    return pack


def test_a_loaded_pack_leaves_one_entry_in_a_private_folder_and_the_next_load_reads_it(tmp_path, cache_dir):
    pack = a_pack(tmp_path)
    first = load_pack(pack)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    [entry] = entries(cache_dir)
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert (data["name"], data["version"]) == (first.name, first.version)
    assert [rid for _file, r, _pattern in data["rules"] for rid in [r["id"]]] == [r.id for r in first.rules]
    # the rules read back are the rules validated
    again = load_pack(pack)
    assert again.rules == first.rules
    assert [(r.file, r.pack, r.cond, r.variant_conds) for r in again.rules] == \
        [(r.file, r.pack, r.cond, r.variant_conds) for r in first.rules]
    # each rule's engine pattern is made once when it is loaded, fresh or read back: what the plan
    # would make of its condition (conditions.to_durable)
    for r in (*first.rules, *again.rules):
        assert r.pattern == conditions.to_durable(r.cond, r.rule.subject), r.id
    # read back as kept (not made again): the same values of the same types as the pattern made and checked
    # when the pack was validated (repr tells 1 from 1.0 and a list from a tuple)
    assert [repr(r.pattern) for r in again.rules] == [repr(r.pattern) for r in first.rules]
    assert [repr((r.cond, r.when, r.applies, r.variant_conds)) for r in again.rules] == \
        [repr((r.cond, r.when, r.applies, r.variant_conds)) for r in first.rules]
    # the entry is what the next load reads: a title changed in it shows up, the YAML is not parsed again
    data["rules"][0][1]["en"]["title"] = "Read back from the cache"
    entry.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    changed = load_pack(pack)
    assert changed.rules[0].rule.en.title == "Read back from the cache"
    assert changed.rules[0].parts("en")[3] == "Read back from the cache"


def test_other_engine_limits_are_a_new_key(tmp_path, cache_dir, monkeypatch):
    # a pattern read back from an entry is not checked against the engine's limits again: it was checked
    # against the limits in the key
    pack = a_pack(tmp_path)
    load_pack(pack)
    monkeypatch.setattr(limits, "RULE_WIDTH", limits.RULE_WIDTH - 1)
    load_pack(pack)
    assert len(entries(cache_dir)) == 2


def test_an_edited_pack_file_is_a_new_key(tmp_path, cache_dir):
    pack = a_pack(tmp_path)
    load_pack(pack)
    path = next(p for p in sorted(pack.glob("*.yaml")) if p.name not in ("pack.yaml", "rates.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n# a comment the seller added\n", encoding="utf-8")
    load_pack(pack)
    assert len(entries(cache_dir)) == 2


def test_a_broken_entry_is_a_miss_and_is_written_again(tmp_path, cache_dir):
    pack = a_pack(tmp_path)
    expected = load_pack(pack)
    [entry] = entries(cache_dir)
    entry.write_text('{"name": "core", "rules": [', encoding="utf-8")
    assert load_pack(pack).rules == expected.rules
    assert json.loads(entry.read_text(encoding="utf-8"))


def test_a_pack_with_a_problem_leaves_no_entry(tmp_path, cache_dir):
    pack = a_pack(tmp_path)
    (pack / "extra.yaml").write_text("category: fees\nrules:\n  - id: bad\n", encoding="utf-8")
    with pytest.raises(RulePackError):
        load_pack(pack)
    assert entries(cache_dir) == []


def test_a_cache_folder_that_is_a_link_is_refused(tmp_path, monkeypatch):
    real = tmp_path / "elsewhere"
    real.mkdir()
    link = tmp_path / "cache"
    link.symlink_to(real, target_is_directory=True)
    monkeypatch.setenv("VETTING_CACHE_DIR", str(link))
    with pytest.raises(OutputError) as e:
        load_pack(a_pack(tmp_path))
    assert e.value.key == "cache_link"
    assert list(real.iterdir()) == []


@pytest.mark.parametrize("lang, words", [("en", "symbolic link"), ("zh", "符号链接")])
def test_assess_with_a_linked_cache_folder_is_one_line_and_exit_2(tmp_path, lang, words):
    real = tmp_path / "elsewhere"
    real.mkdir()
    link = tmp_path / "cache"
    link.symlink_to(real, target_is_directory=True)
    r = vetting("--lang", lang, "assess", FIXTURES / "linkstar-proposal.yaml", "--format", "json",
                "-o", tmp_path / "a.json", env={"VETTING_CACHE_DIR": str(link)})
    no_traceback(r)
    assert r.returncode == 2
    [line] = r.stderr.strip().splitlines()
    assert str(link) in line and words in line
    assert list(real.iterdir()) == [] and not (tmp_path / "a.json").exists()


def test_content_key_separates_its_parts():
    assert cache.content_key("k", "ab", "c") != cache.content_key("k", "a", "bc")
    assert cache.content_key("k", "ab") == cache.content_key("k", b"ab")


def test_a_cache_folder_that_cannot_be_made_leaves_the_run_as_it_was(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("VETTING_CACHE_DIR", str(blocker / "cache"))
    pack = load_pack(a_pack(tmp_path))
    assert len(pack.rules) >= 60
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_an_entry_of_another_shape_is_a_miss(tmp_path, cache_dir):
    pack = a_pack(tmp_path)
    expected = load_pack(pack)
    [entry] = entries(cache_dir)
    entry.write_text(json.dumps({"name": "core", "version": "1.0.0", "rules": [["x.yaml", {"id": "X"}]]}), encoding="utf-8")
    assert load_pack(pack).rules == expected.rules


def test_a_string_table_is_parsed_once_and_read_back_from_its_entry(cache_dir):
    from vetting.io.yamlsafe import YamlProblem, load_yaml_text

    text = "title: 代运营方案\nitems: [a, b]\n"
    assert load_yaml_text(text) == {"title": "代运营方案", "items": ["a", "b"]}
    [entry] = sorted(cache_dir.glob("yaml-*.json"))
    entry.write_text(json.dumps({"data": {"title": "from the cache"}}), encoding="utf-8")
    assert load_yaml_text(text) == {"title": "from the cache"}
    assert load_yaml_text(text + "# another text\n") == {"title": "代运营方案", "items": ["a", "b"]}
    for _ in range(2):  # a text with a problem is never kept: it raises every time
        with pytest.raises(YamlProblem):
            load_yaml_text("a: 1\na: 2\n")
    assert len(list(cache_dir.glob("yaml-*.json"))) == 2


def test_string_tables_still_load_when_the_cache_folder_is_refused(tmp_path, monkeypatch):
    from vetting.io.yamlsafe import load_yaml_text

    real = tmp_path / "elsewhere"
    real.mkdir()
    link = tmp_path / "cache"
    link.symlink_to(real, target_is_directory=True)
    monkeypatch.setenv("VETTING_CACHE_DIR", str(link))
    assert load_yaml_text("a: 1\n") == {"a": 1}
    assert list(real.iterdir()) == []
