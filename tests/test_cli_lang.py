"""The command line in the user's language: --lang zh (or VETTING_LANG=zh when --lang is not given)
puts vetting's own messages in Chinese: error lines, confirmations, the batch summary line, rules list."""
from __future__ import annotations

import os
import re

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from vetting.text import messages
from vetting.cli import _register, cli
from vetting.outputs.report import flat_keys

_register()
SEED = str(FIXTURES / "linkstar-proposal.yaml")


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env=env or {"VETTING_LANG": ""})


def english_sentence(text: str, *allowed: str) -> str | None:
    """Three English words in a row, once file paths, commands, options, example command lines (their
    # comments are kept), placeholders and ``allowed`` are taken out."""
    for a in allowed:
        text = text.replace(a, " ")
    text = re.sub(r"(?m)^\s*vetting [^#\n]*|{[^}]*}|%\(\w+\)s", " ", text)
    text = re.sub(r"`[^`]*`|vetting( [a-z]+)?|--?[a-z-]+|\S*/\S*|\S+\.(csv|yaml|xlsx)", " ", text)
    m = re.search(r"[A-Za-z]{2,}[ ,']+[A-Za-z]{2,}[ ,']+[A-Za-z]{2,}", text)
    return m.group(0) if m else None


def test_both_message_tables_say_the_same_things():
    en, zh = messages.table("en"), messages.table("zh")
    assert flat_keys(en) == flat_keys(zh)
    for key in sorted(flat_keys(zh)):
        node = zh
        for part in key.split("."):
            node = node[part]
        assert english_sentence(node) is None, key
        assert sorted(re.findall(r"{\w+}", node)) == sorted(re.findall(r"{\w+}", messages.get(key, "en"))), key


def test_init_messages(tmp_path):
    path = tmp_path / "deal.yaml"
    path.write_text("id: mine\n", encoding="utf-8")
    result = run("init", "-o", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stderr == f"vetting：无法写入 {path}：文件已存在；如要覆盖，请加 --force\n"
    result = run("init", "-o", path, "--lang", "zh", "--force")
    assert result.stderr == f"vetting：已写入 {path}；填写后运行：vetting assess {path}\n"
    result = run("init", "--format", "xlsx", "--lang", "zh")
    assert result.exit_code == 2
    assert "错误：--format xlsx 会生成文件：请用 -o 指定，例如 -o deals.xlsx" in result.output


def test_vetting_lang_is_used_when_lang_is_not_given(tmp_path):
    path = tmp_path / "deal.yaml"
    path.write_text("id: mine\n", encoding="utf-8")
    assert run("init", "-o", path, env={"VETTING_LANG": "zh"}).stderr == f"vetting：无法写入 {path}：文件已存在；如要覆盖，请加 --force\n"
    # --lang wins over the environment; an unknown value in the environment is English
    assert run("init", "-o", path, "--lang", "en", env={"VETTING_LANG": "zh"}).stderr.startswith("vetting: ")
    assert run("init", "-o", path, env={"VETTING_LANG": "fr"}).stderr.startswith("vetting: ")
    # and the report follows it too
    out = run("assess", SEED, env={"VETTING_LANG": "zh"}).output
    assert out == run("assess", SEED, "--lang", "zh").output != run("assess", SEED).output


def test_cannot_write_in_chinese(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = run("assess", SEED, "--lang", "zh", "-o", folder)
    assert result.exit_code == 2
    assert result.stderr == f"vetting：无法写入 {folder}：这是一个文件夹，请给出文件名\n"
    result = run("assess", SEED, "--lang", "zh", "-o", SEED)
    assert result.stderr == (f"vetting：无法写入 {SEED}：它就是输入文件 {SEED}；vetting 不会覆盖输入文件，请换一个输出文件\n")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("assess", SEED, "--lang", "zh", "-o", blocker / "r.md")
    assert result.stderr == f"vetting：无法写入 {blocker / 'r.md'}：{blocker} 是文件，不是文件夹\n"


def test_an_os_reason_is_named_by_its_errno():
    import errno

    from vetting.io.errors import OutputError

    messages.set_lang("zh")
    try:
        e = OutputError("/x/y.md", "No space left on device", errno=errno.ENOSPC)
        assert e.lines() == ["vetting：无法写入 /x/y.md：磁盘空间不足"]
        assert OutputError("/x", "odd", errno=errno.EXDEV).lines() == ["vetting：无法写入 /x：odd"]  # not in the table: as given
    finally:
        messages.set_lang(None)
    assert OutputError("/x/y.md", "No space left on device", errno=errno.ENOSPC).lines() == [
        "vetting: cannot write /x/y.md: No space left on device"]


def test_lock_refused_in_chinese(tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    deals = tmp_path / "deals"
    deals.mkdir()
    (deals / "a.yaml").write_bytes((FIXTURES / "gold-standard.yaml").read_bytes())
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run("batch", deals, "--out", out, "--lang", "zh")
        assert result.exit_code == 2
        assert result.stderr == (f"vetting：无法写入 {out}：另一个 vetting batch 正在写入这个文件夹；"
                                 "请等它完成，或换一个 --out\n")
    finally:
        os.close(fd)


def test_internal_error_and_interrupt_in_chinese(monkeypatch):
    from vetting.workflows import assess as api

    def boom(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(api, "assess_file", boom)
    result = run("assess", SEED, "--lang", "zh")
    assert result.exit_code == 3
    assert result.stderr == "vetting：内部错误：RuntimeError: simulated bug（这是程序缺陷，请反馈给我们）\n"

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "assess_file", interrupted)
    result = run("assess", SEED, "--lang", "zh")
    assert (result.exit_code, result.stderr) == (130, "vetting：已中断\n")


def test_batch_summary_line_in_chinese(tmp_path):
    folder = tmp_path / "deals"
    folder.mkdir()
    (folder / "a.yaml").write_bytes((FIXTURES / "gold-standard.yaml").read_bytes())
    (folder / "b.yaml").write_bytes((FIXTURES / "linkstar-proposal.yaml").read_bytes())
    result = run("batch", folder, "--out", tmp_path / "out", "--lang", "zh", "--no-parquet")
    assert result.exit_code == 0, result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("共 2 行：已评估 2 行，失败 0 行（errors.csv 中 0 个问题）；风险等级：低 1、极高 1；用时 ")
    assert line.endswith(f"；结果在 {tmp_path / 'out'}")
    assert english_sentence(line) is None


def test_rules_list_and_show_in_chinese():
    lines = run("rules", "list", "--lang", "zh").output.splitlines()
    assert lines[0].split()[:3] == ["CMP-001", "平台合规", "一票否决"]
    from vetting.text.explain import report_strings
    from vetting.rules.rulepack import load_packs

    words = report_strings("zh")
    rules = {r.id: r.rule for p in load_packs(()) for r in p.rules}
    assert len(lines) == len(rules)
    for line in lines:
        rule = rules[line.split()[0]]
        cat, sev = words["categories"][rule.category], words["severity"][rule.severity]
        assert line.startswith(f"{rule.id:<9} {cat} ") and f" {sev} " in line, line
        assert f" {rule.category} " not in line and f" {rule.severity} " not in line, line
    # English keeps the ids rule files use
    assert run("rules", "list").output.splitlines()[0].split()[:3] == ["CMP-001", "compliance", "blocker"]
    result = run("rules", "show", "EXI-001", "--lang", "zh")
    assert result.exit_code == 2
    assert "错误：没有规则「EXI-001」；是不是「EXIT-001」？" in result.output
    result = run("rules", "show", "NOPE", "--lang", "zh")
    assert "错误：没有规则「NOPE」；可用 `vetting rules list` 查看全部规则" in result.output
    page = run("rules", "show", "EXIT-001", "--lang", "zh").output
    assert "**依据**" in page and "Sources" not in page


@pytest.mark.parametrize("args", [
    ("init", "--format", "xlsx"),
    ("rules", "show", "XYZ-001"),
    ("explain", "XYZ-001", SEED),
    ("assess", SEED, "-o", "."),
    ("compare", SEED),
])
def test_chinese_cli_messages_contain_no_english_sentence(args, tmp_path):
    result = run(*args, "--lang", "zh")
    assert result.exit_code == 2
    message = (result.stderr or result.output).strip().splitlines()[-1]
    assert english_sentence(message) is None, message


# -- deal-validation problems (the stretch of point 7): the commonest ones in Chinese -----------------

def test_deal_problems_in_chinese(tmp_path):
    deal = tmp_path / "d.yaml"
    deal.write_text("id: x\ncontract:\n  writen: true\n  stop_loss: {present: maybe, threshold_pct: lots}\n"
                    "provider: {kind: 代运营x}\nkpis: 3\nas_of: 2026-13-01\n", encoding="utf-8")
    zh = run("assess", deal, "--lang", "zh")
    assert zh.exit_code == 2
    assert zh.stderr.splitlines() == [
        f"{deal}:3: contract.writen: 没有字段「writen」；是不是「written」？",
        f"{deal}:4: contract.stop_loss.present: 应为 true 或 false，实际为 'maybe'",
        f"{deal}:4: contract.stop_loss.threshold_pct: 应为数字，实际为 'lots'",
        f"{deal}:5: provider.name: 必填",
        f"{deal}:5: provider.kind: '代运营x' 不是可选值之一（store_operation、ads_management、listing_optimization、"
        "customer_service、training、saas、consulting）；是不是「代运营」（store_operation）？",
        f"{deal}:6: kpis: 应为列表，实际为 3",
        f"{deal}:7: as_of: 应为 YYYY-MM-DD 格式的真实日期，实际为 '2026-13-01'"]
    en = run("assess", deal)
    assert en.stderr.splitlines()[0] == f"{deal}:3: contract.writen: unknown field 'writen'; did you mean 'written'?"
    for line in zh.stderr.splitlines():
        assert english_sentence(line.split(": ", 2)[-1]) is None, line


@pytest.mark.parametrize("name, content, expected", [
    ("d.txt", "id: x\n", "不支持的文件类型「.txt」；交易文件应为 .yaml、.yml 或 .json"),
    ("d.yaml", "", "文件是空的；可以从 `vetting init` 生成的模板开始"),
    ("d.yaml", b"\xff\xfe id", "不是 UTF-8 文本（第 0 字节）；请另存为 UTF-8"),
    ("d.yaml", b"id\x00", "这是二进制文件，不是 YAML 或 JSON 交易文件"),
])
def test_file_problems_in_chinese(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run("assess", path, "--lang", "zh")
    assert (result.exit_code, result.stderr) == (2, f"{path}: {expected}\n")


# -- --help and click's own words ------------------------------------------------------------------

def all_commands(group=cli, prefix=()):
    import click

    yield prefix, group
    if isinstance(group, click.Group):
        for name, cmd in group.commands.items():
            yield from all_commands(cmd, prefix + (name,))


COMMANDS = [path for path, _ in all_commands()]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "vetting")
def test_help_in_chinese_has_no_english_sentence(path):
    page = run(*path, "--help", "--lang", "zh")
    assert page.exit_code == 0, page.output
    text = page.output
    assert text.startswith("用法：cli ") and "\n选项：\n" in text and "示例：" in text
    assert "  -h, --help" in text and "显示本帮助并退出。" in text
    for line in text.splitlines():
        assert english_sentence(line, "cli " + " ".join(path)) is None, line
        assert not re.search(r"[，。；：、）」] ", line), line  # no space after full-width punctuation
    # the language may be given anywhere: before the command, after --help, or by the environment
    assert run("--lang", "zh", *path, "--help").output == text
    assert run(*path, "--help", env={"VETTING_LANG": "zh"}).output == text
    assert run(*path, "--lang=zh", "-h").output == text
    # and English stays English
    english = run(*path, "--help", env={"VETTING_LANG": ""}).output
    assert english.startswith("Usage: cli ") and "\nOptions:\n" in english and "Example:" in english
    assert "用法" not in english


def test_every_command_and_option_has_its_help_in_both_tables():
    """Help texts live in the tables only: every command and option (but --help/--version, which click
    makes) finds its text there in both languages, and none is left in code."""
    import click

    from vetting.cli.localize import command_help, option_help

    for lang in ("en", "zh"):
        messages.set_lang(lang)
        try:
            for path, cmd in all_commands():
                key = cmd.help_key
                assert key == ("_".join(path) or "vetting")
                assert command_help(key), key
                assert messages.get(f"help.{key}.short"), key
                for param in cmd.params:
                    if isinstance(param, click.Option) and param.name != "version":
                        assert option_help(key, param.name), (key, param.name)
                        assert param.__dict__.get("_code_help", param.help) is None, (key, param.name)
        finally:
            messages.set_lang(None)


def test_english_help_is_the_tables_text():
    page = run("assess", "--help").output
    assert "Assess one deal file: risk score, verdict and the pre-signing checklist." in page
    assert "  --fail-on [low|medium|high|critical]\n                                  Exit 1 when the risk level is this or worse.\n" in page
    top = run("--help").output
    # the column is as wide as the longest command name
    assert re.search(r"^  assess +Assess one deal file: risk score, verdict and checklist\.$", top, re.M)
    assert re.search(r"^  assess +评估一份交易文件：风险分、结论和清单。$", run("--help", "--lang", "zh").output, re.M)


@pytest.mark.parametrize("args, zh, en", [
    (["assess", "--bogus"], "错误：没有选项 '--bogus'。", "Error: No such option '--bogus'."),
    (["assess"], "错误：缺少参数 'DEAL'。", "Error: Missing argument 'DEAL'."),
    (["nope"], "错误：没有命令 'nope'。", "Error: No such command 'nope'."),
    (["assess", "x.yaml", "--format", "doc"], "错误：'--format' 的值无效：'doc' 不是可选值之一（'md', 'html', 'json', 'pdf'）。",
     "Error: Invalid value for '--format': 'doc' is not one of 'md', 'html', 'json', 'pdf'."),
    (["batch", "no-such.csv"], "错误：'INPUT' 的值无效：路径 'no-such.csv' 不存在。",
     "Error: Invalid value for 'INPUT': Path 'no-such.csv' does not exist."),
    (["batch", "x.csv", "--workers", "0"], "错误：'--workers' 的值无效：0 不在 1<=x<=256 范围内。",
     "Error: Invalid value for '--workers': 0 is not in the range 1<=x<=256."),
    (["assess", "x.yaml", "--today", "2026-02-30"], "错误：'--today' 的值无效：「2026-02-30」不是日期：应为 YYYY-MM-DD，例如 2026-03-01",
     "Error: Invalid value for '--today': '2026-02-30' is not a date: expected YYYY-MM-DD, e.g. 2026-03-01"),
    (["assess", "x.yaml", "y.yaml"], "错误：多余的参数（y.yaml）", "Error: Got unexpected extra argument (y.yaml)"),
    (["batch", "x.txt"], "错误：x.txt: 不支持的输入「.txt」；请给出 .csv、.xlsx 或 .jsonl 文件，或放交易文件的文件夹",
     "Error: x.txt: unsupported input '.txt'; give a .csv, .xlsx or .jsonl file, or a folder of deal files"),
    (["assess", "x.yaml", "--format"], "错误：选项 '--format' 需要一个值。", "Error: Option '--format' requires an argument."),
])
def test_usage_errors_in_chinese(args, zh, en, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.csv").write_text("id\n", encoding="utf-8")
    (tmp_path / "x.txt").write_text("id\n", encoding="utf-8")
    result = run(*args, "--lang", "zh") if "--format" != args[-1] else run("--lang", "zh", *args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == zh
    english = run(*args)
    assert (english.exit_code, english.stderr.splitlines()[-1]) == (2, en)
    if english.stderr.startswith("Usage: cli "):  # with the usage line and where to find help, in Chinese too
        assert lines[0].startswith("用法：cli ") and lines[1].startswith("运行 'cli ") and lines[1].endswith("--help' 查看帮助。")
    for line in lines:
        assert english_sentence(line, "'md', 'html', 'json', 'pdf'") is None, line


def test_the_click_section_holds_clicks_own_words():
    """The English side of the table's click section is the text click passes to gettext: a click
    release that rewords one makes this fail (its Chinese would silently not be used)."""
    from pathlib import Path

    import click

    source = "".join(p.read_text(encoding="utf-8") for p in Path(click.__file__).parent.glob("*.py"))
    for key, text in messages.get("click", "en").items():
        assert repr(text)[1:-1] in source or text in source, key
