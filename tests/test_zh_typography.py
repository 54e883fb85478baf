"""Chinese typography over every zh string vetting shows (issue 14 point 2): rule texts (variants
too), strings.zh.yaml, strings_compare.zh.yaml, fields.zh.yaml, cli.zh.yaml; and over the zh report of
every bundled deal as a reader sees it (Markdown, and the text of the HTML), where templates join
strings. The checks and the fixer live in tests/zh_typography.py (`python tests/zh_typography.py --fix`
rewrites the files)."""
from __future__ import annotations

import pytest

import zh_typography as zt


def test_every_zh_string_is_clean():
    strings = list(zt.zh_strings())
    assert len(strings) > 800  # rule texts and four tables
    found = [f"{where}: {p}" for where, text in strings for p in zt.problems(text, rule_text=zt._is_rule(where))]
    assert found == []


@pytest.mark.parametrize("bad, fixed", [
    ("按 Seller Central 业务报告", "按Seller Central业务报告"),
    ("低于 80% 的，每差 1 个百分点", "低于80%的，每差1个百分点"),
    ("{kpi_name|【KPI名称】} 的基线为 {kpi_baseline|【数值】}", "{kpi_name|【KPI名称】}的基线为{kpi_baseline|【数值】}"),
    ("约 ¥620,000", "约¥620,000"),
])
def test_rule_texts_write_latin_words_and_numbers_against_chinese(bad, fixed):
    assert zt.problems(bad, rule_text=True) and zt.fix_text(bad, rule_text=True) == fixed
    assert zt.problems(fixed, rule_text=True) == []
    assert zt.problems(bad) == []  # the report tables keep their spaced style ("共 107 条规则")
    assert zt.fix_text("Seller Central 和 ads console", rule_text=True) == "Seller Central和ads console"


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
    ("订单缺陷率低于1%, 账户健康评级低于200", "ASCII ',' after a number in a Chinese sentence",
     "订单缺陷率低于1%，账户健康评级低于200"),
    ("月销 45 万、抽 5%; 每月 2.25 万", "ASCII ';' after a number in a Chinese sentence", "月销 45 万、抽 5%；每月 2.25 万"),
    ("基线期间 2025-12: 取业务报告", "ASCII ':' after a number in a Chinese sentence", "基线期间 2025-12：取业务报告"),
    ("只考核GMV, 不考核利润", "ASCII ',' after a Latin word in a Chinese sentence", "只考核GMV，不考核利润"),
    ("按子账号(Secondary User)接入", "half-width parentheses around Chinese text", "按子账号（Secondary User）接入"),
    ("按(见附件(二)说明)执行", "half-width parentheses around Chinese text", "按（见附件（二）说明）执行"),
    ("退还预付款 (按天数比例) 给甲方", "half-width parentheses around Chinese text", "退还预付款（按天数比例）给甲方"),
    ("数据来源（以平台后台为准)。", "a mixed pair of parentheses", "数据来源（以平台后台为准）。"),
    ("按月考核 ，偏差超过20%", "space before '，'", "按月考核，偏差超过20%"),
])
def test_the_checks_find_and_the_fixer_fixes(bad, problem, fixed):
    assert any(p.startswith(problem) for p in zt.problems(bad))
    assert zt.fix_text(bad) == fixed and zt.problems(fixed) == []
    assert zt.fix_text(fixed) == fixed


@pytest.mark.parametrize("text", [
    "KPI: GMV, ROAS; ok? yes!",
    "see https://x.cn/a:b, then",
    "月销 1,000,000 元，每日 10:00 前发简报",  # numbers
    "按 1:1 配比",
    "填写 `provider.kind: 代运营`，或 `kpis[0].target`，",  # code spans and field paths
    "按《著作权法》第19条（17 U.S.C. §204(a)）",  # a citation's own half-width parentheses
    "见 [谈判路径](#谈判路径)。",  # a Markdown link to a Chinese heading
    "见 https://zh.wikipedia.org/wiki/委托(法律), 以及",  # a URL is not text
    "applies: 条件对这笔交易不成立",  # a key of the rule format, named as it is written
    "partner_authorization：平台官方授权；sub_account：你开的子账号",  # enum values
])
def test_english_code_numbers_and_links_are_left_alone(text):
    assert zt.problems(text) == []
    assert zt.fix_text(text) == text


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
    # a folded line that ends with "1%," before a line of Chinese: the fold's space goes, the comma turns
    path.write_text("rules:\n  - id: X-002\n    zh:\n      why: >-\n        订单缺陷率低于1%,\n"
                    "        账户健康评级低于200即为有风险。见 `a: b`,\n        再看\n", encoding="utf-8")
    assert zt.fix_file(path, "rules")
    assert path.read_text(encoding="utf-8") == (
        "rules:\n  - id: X-002\n    zh:\n      why: >-\n        订单缺陷率低于1%，账户健康评级低于200即为有风险。"
        "见 `a: b`,\n        再看\n")
    assert not zt.fix_file(path, "rules")
    table = tmp_path / "t.zh.yaml"
    table.write_text('months: [1月, 2月]\nclosing: "谢谢!"\n', encoding="utf-8")
    assert zt.fix_file(table, "table")
    assert table.read_text(encoding="utf-8") == 'months: [1月, 2月]\nclosing: "谢谢！"\n'


# ---------------------------------------------------------------- the reports, as rendered

def test_every_bundled_deal_renders_clean_chinese():
    """Every fixture's zh report, Markdown and HTML, as a reader sees it: no stray space after
    full-width punctuation (a template joining two sentences with " "), no ASCII punctuation after
    Chinese, no ［］ nor “”, no half-width parentheses around Chinese."""
    rendered = list(zt.reports())
    assert len(rendered) >= 2 * 20 and {fmt for _, fmt, _, _ in rendered} == {"md", "html"}
    found = [f"{name} ({fmt}): {p}" for name, fmt, text, data in rendered for p in zt.rendered_problems(text, fmt, data)]
    assert found == []


@pytest.mark.parametrize("fmt, text, problem", [
    ("md", "第 4 步后结论变为「先谈再签」。 第 24 步后：可以签约。", "space after '。'"),
    ("md", "*本清单仅作风险提示，不视为通过。* 由 vetting 生成", "space after '。'"),  # emphasis marks are not seen
    ("md", "- **自动续约**： 合同将于2027年2月1日自动续约", "space after '：'"),
    ("md", "谢谢!收到答复后再推进合同", "ASCII '!' after a Chinese character"),
    ("md", "填写［金额］", "'［'"),
    ("md", "按子账号(不是授权合作伙伴)接入", "half-width parentheses around Chinese text"),
    ("html", "<p><strong>自动续约：</strong> 合同将于2027年2月1日自动续约</p>", "space after '：'"),
    ("html", "<p>第 4 步后：可以谈。\n   第 24 步后：可以签约。</p>", "space after '。'"),  # a source line break shows as a space
    ("html", "<p>低于1%, 账户健康评级</p>", "ASCII ',' after a number in a Chinese sentence"),
])
def test_the_rendered_checks_find(fmt, text, problem):
    assert [p for p in zt.rendered_problems(text, fmt) if p.startswith(problem)]


@pytest.mark.parametrize("fmt, text", [
    ("md", "| 步骤 | 修改 |\n| 1 | 止损条款：KPI不达标可无责解约（EXIT-001） |"),  # table cells
    ("md", "- ✖ **高 · KPI-016 · 宣传时承诺的结果没写进合同**（第 1 条承诺） — 加 4.0 分"),  # layout separators
    ("md", "  - *尚不清楚的信息*：扣除退款（销售类指标） `kpis[sales].net_of_refunds`"),  # a code span
    ("md", "1. [谈判路径](#谈判路径)\n第一句。\n第二句。"),  # link targets, line ends
    ("html", "<li>服务商拿的是全部权限（主登录） <span class=\"rid\">SEC-001</span></li>"),  # a rule-id chip
    ("html", "<p>第一句。</p>\n  <p>第二句。</p><style>p::after { content: \"，\" }</style>"),  # blocks, CSS
    ("md", "承诺原话：保证冲进类目前50, 每周安排20单测评"),  # the deal's own words, quoted
])
def test_the_rendered_checks_leave_layout_and_deal_text_alone(fmt, text):
    assert zt.rendered_problems(text, fmt, data=["保证冲进类目前50, 每周安排20单测评"]) == []


def test_the_rule_pages_and_the_deal_template_render_clean_chinese():
    """`vetting rules show RULE --lang zh` (up to its sources, which cite documents in their own
    language) and the `vetting init --lang zh` template, checked like the reports."""
    from vetting.outputs.report import deal_template, render_rule_page
    from vetting.rules.rulepack import load_packs

    rules = [r for pack in load_packs(()) for r in pack.rules]
    assert len(rules) >= 100
    pages = {r.id: render_rule_page(r, "zh") for r in rules}
    assert all("\n**依据**：" in page for page in pages.values())
    found = [f"{rid}: {p}" for rid, page in pages.items()
             for p in zt.rendered_problems(page.split("\n**依据**：")[0], "md")]
    found += [f"init: {p}" for p in zt.rendered_problems(deal_template("zh"), "md")]
    assert found == []


def test_chinese_reports_list_rule_ids_with_the_chinese_enumeration_comma():
    # "FEE-001、FEE-002" in a Chinese report, "FEE-001, FEE-002" in an English one
    import re

    from vetting.workflows.assess import assess_file
    from vetting.outputs.report import render

    from conftest import FIXTURES

    pair = re.compile(r"[A-Z]{2,6}-\d{3}(, |、)[A-Z]{2,6}-\d{3}")
    for lang, sep in (("zh", "、"), ("en", ", ")):
        a = assess_file(FIXTURES / "linkstar-proposal.yaml", lang=lang)
        for fmt in ("md", "html"):
            seps = {m.group(1) for m in pair.finditer(render(a, fmt))}
            assert seps == {sep}, (lang, fmt, seps)


@pytest.mark.parametrize("args, fmts", [
    (["diff", "linkstar-proposal.yaml", "linkstar-proposal-v2.yaml"], ("md", "html")),
    (["track", "linkstar-proposal.yaml", "linkstar-actuals.csv", "--today", "2026-05-01"], ("md", "html")),
    (["compare", "compare/adpilot-ads.yaml", "compare/bluewave-growth.yaml", "compare/linkstar-full-store.yaml"],
     ("md",)),  # the HTML's chart labels are separate text nodes, which html_text() joins with a space
])
def test_the_lifecycle_and_compare_reports_render_clean_chinese(args, fmts):
    from click.testing import CliRunner

    from conftest import FIXTURES
    from vetting.cli import _register, cli

    _register()
    argv = [args[0]] + [str(FIXTURES / a) if a.endswith((".yaml", ".csv")) else a for a in args[1:]]
    for fmt in fmts:
        result = CliRunner().invoke(cli, argv + ["--lang", "zh", "--format", fmt])
        assert result.exit_code in (0, 1), result.output  # track exits 1 when the stop-loss is due
        assert "风险分" in result.output or "止损" in result.output  # a Chinese report, not an error line
        assert zt.rendered_problems(result.output, fmt) == []
        assert zt.rendered_problems(result.output + "\n风险分， 止损\n", fmt)  # the check can fail
