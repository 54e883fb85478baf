"""Chinese typography over every zh string vetting shows (issue 14 point 2): rule texts (variants
too), strings.zh.yaml, strings_compare.zh.yaml, fields.zh.yaml, cli.zh.yaml. The checks and the
fixer live in tests/zh_typography.py (`python tests/zh_typography.py --fix` rewrites the files)."""
from __future__ import annotations

import pytest

import zh_typography as zt


def test_every_zh_string_is_clean():
    strings = list(zt.zh_strings())
    assert len(strings) > 800  # rule texts and four tables
    found = [f"{where}: {p}" for where, text in strings for p in zt.problems(text)]
    assert found == []


def test_every_zh_clause_is_in_corner_brackets():
    fixes = [(where, text) for where, text in zt.zh_strings() if where.endswith("zh.fix")]
    assert len(fixes) >= 100
    assert [where for where, text in fixes if zt.clause_problems(text)] == []


@pytest.mark.parametrize("bad, problem, fixed", [
    ("及其源文件， 其著作权", "space after '，'", "及其源文件，其著作权"),
    ("谢谢!收到答复", "ASCII '!' after a Chinese character", "谢谢！收到答复"),
    ("口径:含税", "ASCII ':' after a Chinese character", "口径：含税"),
    ("填写【金额】和［日期］", "placeholder '［'", "填写【金额】和【日期】"),
    ("所谓“干净账号”", "quotation mark '“'", "所谓「干净账号」"),
    ("「按附件二「未备案」一栏执行」", "a quotation inside 「」", "「按附件二『未备案』一栏执行」"),
])
def test_the_checks_find_and_the_fixer_fixes(bad, problem, fixed):
    assert any(p.startswith(problem) for p in zt.problems(bad))
    assert zt.fix_text(bad) == fixed and zt.problems(fixed) == []
    assert zt.fix_text(fixed) == fixed


def test_english_and_yaml_syntax_are_left_alone():
    assert zt.problems("KPI: GMV, ROAS; ok? yes!") == []
    assert zt.fix_text("see https://x.cn/a:b, then") == "see https://x.cn/a:b, then"


def test_the_file_fixer_joins_folded_lines_and_quotes_clauses(tmp_path):
    text = ("rules:\n  - id: X-001\n    en:\n      why: >-\n        One, two;\n        three.\n"
            "    zh:\n      why: >-\n        没有止损条款，\n        只能打官司。\n"
            "      fix: >-\n        乙方应退款；\n        甲方可解约。\n")
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert zt.fix_file(path, "rules")
    assert path.read_text(encoding="utf-8") == (
        "rules:\n  - id: X-001\n    en:\n      why: >-\n        One, two;\n        three.\n"
        "    zh:\n      why: >-\n        没有止损条款，只能打官司。\n"
        "      fix: >-\n        「乙方应退款；甲方可解约。」\n")
    assert not zt.fix_file(path, "rules")  # idempotent
    table = tmp_path / "t.zh.yaml"
    table.write_text('months: [1月, 2月]\nclosing: "谢谢!"\n', encoding="utf-8")
    assert zt.fix_file(table, "table")
    assert table.read_text(encoding="utf-8") == 'months: [1月, 2月]\nclosing: "谢谢！"\n'
