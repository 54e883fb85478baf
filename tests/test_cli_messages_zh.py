"""Every kind of problem line under --lang zh: Chinese, one line per problem, exit 2, the file (and line
and field where known) kept as editors parse it; the same input in English gives the lines it always did."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from test_cli_lang import english_sentence
from test_engine_limits import write_pack
from vetting.cli import _register, cli

_register()
HEAD = "id: d1\nprovider:\n  name: X\n"
V2 = str(FIXTURES / "linkstar-proposal-v2.yaml")
SEED = str(FIXTURES / "linkstar-proposal.yaml")


def run(*args, lang=None):
    argv = [str(a) for a in args] + (["--lang", lang] if lang else [])
    return CliRunner().invoke(cli, argv, catch_exceptions=False, env={"VETTING_LANG": ""})


def deal(tmp_path, text, name="d.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# (what to write and run, the Chinese lines, the English lines); {p} is the input file
CASES = {
    "nesting too deep": (
        lambda t: ["assess", deal(t, HEAD + "title: " + "[" * 40 + "]" * 40 + "\n")],
        ["{p}:4: title[0][0][0][0][0][0][0][0][0][0][0][0...: 嵌套超过 32 层；交易最多嵌套四层（如 kpis[0].id）"],
        ["{p}:4: title[0][0][0][0][0][0][0][0][0][0][0][0...: nested more than 32 levels deep; "
         "a deal nests at most four (kpis[0].id)"]),
    "too many digits": (
        lambda t: ["assess", deal(t, HEAD + "contract:\n  term_months: " + "9" * 50 + "\n")],
        ["{p}:5: contract.term_months: 数字长达 50 个字符（最多 40 个）；交易中没有这么长的值"],
        ["{p}:5: contract.term_months: a number of 50 characters is too long (at most 40); no deal value needs more"]),
    "duplicate key": (
        lambda t: ["assess", deal(t, HEAD + "data_access:\n  reporting: none\ndata_access:\n  reporting: none\n")],
        ["{p}:6: data_access: 「data_access」出现了两次（第 4 行和第 6 行）；每个键只写一次"],
        ["{p}:6: data_access: 'data_access' appears twice (lines 4 and 6); give each key once"]),
    "duplicate key in JSON": (
        lambda t: ["assess", deal(t, '{"id": "d1", "provider": {"name": "X \\ud83d\\ude00"}, '
                                     '"fees": {"setup_fee": 1, "setup_fee": 2}}', "d.json")],
        ["{p}: fees.setup_fee: 同一对象中「setup_fee」出现了两次；每个键只写一次"],
        ["{p}: fees.setup_fee: 'setup_fee' appears twice in one object; give each key once"]),
    "values out of range": (
        lambda t: ["assess", deal(t, HEAD + "fees:\n  base_monthly: -5\n  commission_pct: 150\n")],
        ["{p}:5: fees.base_monthly: 应不小于 0，实际为 -5", "{p}:6: fees.commission_pct: 应不大于 100，实际为 150"],
        ["{p}:5: fees.base_monthly: must be ≥ 0, got -5", "{p}:6: fees.commission_pct: must be ≤ 100, got 150"]),
    "pattern mismatch": (
        lambda t: ["assess", deal(t, HEAD + "currency: rmb\ncontract:\n  governing_law: china\n")],
        ["{p}:4: currency: 'rmb' 不是三位字母的 ISO 4217 货币代码（如 CNY、USD）",
         "{p}:6: contract.governing_law: 'china' 不是两位字母的 ISO 3166 国家代码（如 US、DE、CN）"],
        ["{p}:4: currency: 'rmb' is not a three-letter ISO 4217 currency code (e.g. CNY, USD)",
         "{p}:6: contract.governing_law: 'china' is not a two-letter ISO 3166 country code (e.g. US, DE, CN)"]),
    "identifier pattern": (
        lambda t: ["assess", deal(t, "id: 'a deal'\nprovider:\n  name: X\n")],
        ["{p}:1: id: 'a deal' 只能由 1 到 64 个字母、数字或「.」「_」「-」组成"],
        ["{p}:1: id: 'a deal' must be 1-64 letters, digits, '.', '_' or '-'"]),
    "duplicate KPI ids": (
        lambda t: ["assess", deal(t, HEAD + "kpis:\n  - {id: a, metric: gmv}\n  - {id: a, metric: units}\n")],
        ["{p}:6: kpis[1].id: KPI 编号「a」重复（kpis[0] 已用过）；每个 KPI 要有自己的编号"],
        ["{p}:6: kpis[1].id: duplicate KPI id 'a' (also kpis[0]); each KPI needs its own id"]),
    "waiver without a reason": (
        lambda t: ["assess", deal(t, HEAD + "waivers:\n  - {rule: EXIT-001, reason: ''}\n")],
        ["{p}:5: waivers[0].reason: 不能为空"],
        ["{p}:5: waivers[0].reason: must not be empty"]),
    "waiver of an unknown rule": (
        lambda t: ["assess", deal(t, HEAD + "waivers:\n  - {rule: SEC-01, reason: budgeted}\n  - {rule: NOPE, reason: x}\n")],
        ["{p}:5: waivers[0].rule: core@1.0.0 中没有规则「SEC-01」；是不是「SEC-001」？",
         "{p}:6: waivers[1].rule: core@1.0.0 中没有规则「NOPE」；可用 `vetting rules list` 查看全部规则"],
        ["{p}:5: waivers[0].rule: no rule 'SEC-01' in core@1.0.0; did you mean 'SEC-001'?",
         "{p}:6: waivers[1].rule: no rule 'NOPE' in core@1.0.0; see `vetting rules list`"]),
    "list too long": (
        lambda t: ["assess", deal(t, HEAD + "kpis:\n" + "".join(f"  - {{id: k{i}, metric: gmv}}\n" for i in range(201)))],
        ["{p}:4: kpis: 最多 200 项，实际有 201 项"],
        ["{p}:4: kpis: at most 200 entries, got 201"]),
    "YAML 1.1 forms": (
        lambda t: ["assess", deal(t, HEAD + "contract:\n  term_months: 0x10\n  written: yes\n")],
        ["{p}:5: contract.term_months: 应为整数，实际为 '0x10'；数字请写成十进制（90、12.5），不要用 0x/0o/0b 前缀或 1:30 这种写法",
         "{p}:6: contract.written: 应为 true 或 false，实际为 'yes'"],
        ["{p}:5: contract.term_months: expected a whole number, got '0x10'; numbers are written in decimal (90, 12.5), "
         "without 0x/0o/0b prefixes or 1:30",
         "{p}:6: contract.written: expected true or false, got 'yes'"]),
    "date range": (
        lambda t: ["assess", deal(t, HEAD + "as_of: 9999-12-31\n")],
        ["{p}:4: as_of: 日期应在 1900-01-01 至 2199-12-31 之间，实际为 '9999-12-31'"],
        ["{p}:4: as_of: must be a date between 1900-01-01 and 2199-12-31, got '9999-12-31'"]),
    "YAML syntax": (
        lambda t: ["assess", deal(t, HEAD + "fees: {base_monthly: 1\n")],
        ["{p}:5: YAML 格式有误：缺少逗号或右花括号"],
        ["{p}:5: invalid YAML: did not find expected ',' or '}}'"]),
    "YAML tag": (
        lambda t: ["assess", deal(t, HEAD + "title: !!python/object:os.system x\n")],
        ["{p}:4: 交易文件中不允许使用标签 'tag:yaml.org,2002:python/object:os.system'"],
        ["{p}:4: not allowed in a deal file: could not determine a constructor for the tag "
         "'tag:yaml.org,2002:python/object:os.system'"]),
    "YAML alias": (
        lambda t: ["assess", deal(t, HEAD + "seller: &s {name: a}\nservice: *s\n")],
        ["{p}:4: 交易文件中不能用 YAML 锚点和别名（&name、*name）；请把值直接写出来"],
        ["{p}:4: YAML anchors and aliases (&name, *name) are not allowed in deal files; write the value out"]),
    "JSON syntax": (
        lambda t: ["assess", deal(t, '{"id": "d1",\n "provider": {"name": "X"},}', "d.json")],
        ["{p}:2: JSON 格式有误：此处应为用双引号括起来的键名"],
        ["{p}:2: invalid JSON: Expecting property name enclosed in double quotes"]),
    "JSON NaN": (
        lambda t: ["assess", deal(t, '{"id": "d1", "provider": {"name": "X"}, "fees": {"setup_fee": NaN}}', "d.json")],
        ["{p}: JSON 格式有误：NaN 不是交易中可用的数字"],
        ["{p}: invalid JSON: NaN is not a number a deal can hold"]),
    "not a mapping": (
        lambda t: ["assess", deal(t, "- 1\n- 2\n")],
        ["{p}: 应为交易（含 id:、provider: 等字段的映射），实际为 list"],
        ["{p}: expected a deal (a mapping with id:, provider: ...), got list"]),
    "unknown field": (
        lambda t: ["assess", deal(t, HEAD + "seller:\n  country: US\n")],
        ["{p}:5: seller.country: 没有字段「country」；已有字段：name、platforms、markets、categories、monthly_gmv、"
         "brand_registered、inventory_cover_days"],
        ["{p}:5: seller.country: unknown field 'country'; known fields: name, platforms, markets, categories, "
         "monthly_gmv, brand_registered, inventory_cover_days"]),
    "file too large": (
        lambda t: ["assess", _sparse(t / "d.yaml")],
        ["{p}: 文件超过 5 MiB；交易文件一般只有几 KiB"],
        ["{p}: file is larger than 5 MiB; a deal file is a few KiB"]),
    "FIFO": (
        lambda t: ["assess", _fifo(t / "d.yaml")],
        ["{p}: 不是普通文件（命名管道）；请给出交易文件"],
        ["{p}: is not a regular file (a named pipe); give a deal file"]),
    "rate table": (
        lambda t: ["assess", SEED, "--rates", deal(t, "as_of: 2026-11-30\nsource: x\nper_usd: {MYR: -1, usd: 1}\n"
                                                      "base: EUR\nextra: 1\n", "rates.yaml")],
        ["{p}: extra: 没有这个键（应为 as_of、source、per_usd）", "{p}: base: 汇率须按每 1 美元给出（base: USD）",
         "{p}: per_usd.MYR: 应为每 1 美元折合多少 MYR 的正数，实际为 -1", "{p}: per_usd.usd: 不是三位字母的 ISO 4217 货币代码"],
        ["{p}: extra: unknown key (expected as_of, source, per_usd)", "{p}: base: rates are given per US dollar (base: USD)",
         "{p}: per_usd.MYR: expected a positive number of MYR per US dollar, got -1",
         "{p}: per_usd.usd: not a three-letter ISO 4217 code"]),
    "rule pack": (
        lambda t: ["assess", SEED, "--rules", _pack(t)],
        ["{p}/pack.yaml: 缺少此文件（规则包需要 name: 和 version:）",
         "{p}/fees.yaml:3: rules[0]: 应为一条规则（含 id:、severity:、when: 等字段的映射），实际为 'just text'",
         "{p}/fees.yaml:4: acme-2: id: 'acme-2' 应为 2 到 6 个大写字母、「-」加三位数字（如 ACME-001）",
         "{p}/fees.yaml:4: acme-2: points: 必填"],
        ["{p}/pack.yaml: missing (a pack needs name: and version:)",
         "{p}/fees.yaml:3: rules[0]: expected a rule (a mapping with id:, severity:, when: ...), got 'just text'",
         "{p}/fees.yaml:4: acme-2: id: 'acme-2' must be 2-6 capital letters, '-' and three digits (e.g. ACME-001)",
         "{p}/fees.yaml:4: acme-2: points: is required"]),
    "engine limit": (
        lambda t: ["rules", "check", _pack(t, wide=True)],
        ["{p}/fees.yaml:8: GEN-000: when: 超出规则引擎的容量：在 claim 事实上，可同时成立的判断有 41 个，总共 41 个"
         "（最多 40 个和 200 个）；请拆成几条规则"],
        ["{p}/fees.yaml:8: GEN-000: when: too large for the rule engine: 41 tests that can hold at once and 41 in all "
         "on a claim fact (at most 40 and 200); split it into several rules"]),
    "rule conditions": (
        lambda t: ["rules", "check", write_pack(t / "pack", [[{"seller.monthly_gmvx": {"gt": 1}}], [{"provider.name": {"gt": 1}}],
                                                             [{"seller.platforms": {"eq": "amazon"}}]])],
        ["{p}/fees.yaml:8: GEN-000: when: 交易没有字段「seller.monthly_gmvx」；是不是「seller.monthly_gmv」？",
         "{p}/fees.yaml:16: GEN-001: when: 「provider.name」：gt 只能用于数字字段，「provider.name」是 text",
         "{p}/fees.yaml:24: GEN-002: when: 「seller.platforms」是列表；请用 contains 或 contains_any"],
        ["{p}/fees.yaml:8: GEN-000: when: unknown field 'seller.monthly_gmvx' for the deal; did you mean 'seller.monthly_gmv'?",
         "{p}/fees.yaml:16: GEN-001: when: 'provider.name': 'gt' needs a number field, 'provider.name' is text",
         "{p}/fees.yaml:24: GEN-002: when: 'seller.platforms' is a list; use contains or contains_any"]),
    "actuals": (
        lambda t: ["track", V2, deal(t, "period,kpi,value\n2026-01,sales,abc\n2026-13,sales,5\n2026-02,gmvx,1\n"
                                        "2026-02,conversion,\nx,milestone-7,1\n2026-02,sales,1\n2026-02,sales,2\n", "a.csv")],
        ["{p}:第 2 行: period: 2026-01 不在合同期内（2026-02-01 至 2027-01-31）",
         "{p}:第 2 行: value: 「abc」不是数字：只填数字，例如 812000（不带货币符号和单位）；不知道就留空",
         "{p}:第 3 行: period: 「2026-13」不是周期：应为 YYYY-MM（「sales」按月考核）",
         "{p}:第 4 行: kpi: 交易中没有 KPI「gmvx」；交易的 KPI：conversion、sales",
         "{p}:第 6 行: kpi: 合同没有第 7 个月的里程碑（已有的里程碑：milestone-3）",
         "{p}:第 8 行: period: 重复：「sales」2026-02 在第 7 行已经有了"],
        ["{p}:row 2: period: 2026-01 is outside the contract (2026-02-01 to 2027-01-31)",
         "{p}:row 2: value: 'abc' is not a number: write digits only, like 812000 (no currency sign or unit); leave the cell empty if unknown",
         "{p}:row 3: period: '2026-13' is not a period: expected YYYY-MM ('sales' is measured per month)",
         "{p}:row 4: kpi: unknown KPI 'gmvx'; the deal's KPIs: conversion, sales",
         "{p}:row 6: kpi: the contract has no month-7 milestone (its milestones: milestone-3)",
         "{p}:row 8: period: duplicate: 'sales' 2026-02 is also on row 7"]),
    "actuals header": (
        lambda t: ["track", V2, deal(t, "period,kpi,notes\n", "a.csv")],
        ["{p}:第 1 行: notes: 没有「notes」这一列；列应为 period、kpi、value",
         "{p}:第 1 行: value: 缺少这一列；列应为 period、kpi、value"],
        ["{p}:row 1: notes: unknown column 'notes'; the columns are period, kpi, value",
         "{p}:row 1: value: column missing; the columns are period, kpi, value"]),
    "remind without dates": (
        lambda t: ["remind", deal(t, HEAD)],
        ["{p}: contract.start_date: 合同起始日未知，无法排定提醒日期", "{p}: contract.term_months: 合同期限（月）未知，无法排定提醒日期"],
        ["{p}: contract.start_date: the contract's start date is unknown: the reminders cannot be dated",
         "{p}: contract.term_months: the contract's term (months) is unknown: the reminders cannot be dated"]),
    "actuals file type": (
        lambda t: ["track", V2, deal(t, "x", "a.txt")],
        ["{p}: 实际数据文件应为 .csv 或 .xlsx，不能是「.txt」"],
        ["{p}: an actuals file is .csv or .xlsx, not '.txt'"]),
}


def _sparse(p):
    with open(p, "wb") as fh:
        fh.truncate(5 * 1024 * 1024 + 1)  # sparse: takes no room
    return p


def _fifo(p):
    os.mkfifo(p)  # opening it would block: it is refused before
    return p


def _pack(tmp_path, wide=False):
    folder = tmp_path / "pack"
    folder.mkdir()
    if not wide:
        (folder / "fees.yaml").write_text("category: fees\nrules:\n  - just text\n  - {id: acme-2, severity: high}\n",
                                          encoding="utf-8")
        return folder
    folder.rmdir()
    return write_pack(folder, [[{"text": {"mentions": [f"w{i}" for i in range(41)]}}]], subject="claim")


@pytest.mark.parametrize("kind", list(CASES))
def test_each_kind_of_problem_in_chinese_and_in_english(kind, tmp_path):
    make, zh, en = CASES[kind]
    argv = make(tmp_path)
    where = str(argv[-1])
    result = run(*argv, lang="zh")
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    expected = [line.format(p=where) for line in zh]
    lines = result.stderr.splitlines()
    assert lines[:len(expected)] == expected
    for line in lines:
        assert line.startswith(where)  # the file first, as editors read it
        message = line.rsplit(": ", 1)[-1]
        assert english_sentence(message, "ISO 4217", "ISO 3166") is None, line
    english = run(*argv)
    assert english.exit_code == 2
    assert english.stderr.splitlines()[:len(en)] == [line.format(p=where) for line in en]
    assert len(english.stderr.splitlines()) == len(lines)  # the same problems, one line each


def test_output_problems_in_chinese(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = run("explain", "EXIT-001", SEED, "-o", out, lang="zh")
    assert (result.exit_code, result.stderr) == (2, f"vetting：无法写入 {out}：这是一个文件夹，请给出文件名\n")
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"  # copies: -o names an input on purpose
    one.write_bytes(Path(SEED).read_bytes())
    two.write_bytes(Path(V2).read_bytes())
    result = run("compare", one, two, "-o", two, lang="zh")
    assert (result.exit_code, result.stderr) == (
        2, f"vetting：无法写入 {two}：它就是输入文件 {two}；vetting 不会覆盖输入文件，请换一个输出文件\n")
    assert two.read_bytes() == Path(V2).read_bytes()
    target = tmp_path / "deal.yaml"
    target.write_text("id: mine\n", encoding="utf-8")
    result = run("init", "-o", target, lang="zh")
    assert (result.exit_code, result.stderr) == (2, f"vetting：无法写入 {target}：文件已存在；如要覆盖，请加 --force\n")
    assert target.read_text(encoding="utf-8") == "id: mine\n"
    result = run("init", "-o", target)
    assert (result.exit_code, result.stderr) == (
        2, f"vetting: cannot write {target}: it already exists; use --force to overwrite it\n")


def _batch_errors(tmp_path, table) -> dict:
    """{lang: the rows of errors.csv} of a batch of ``table`` run in Chinese and in English (exit 2)."""
    import csv

    out = {}
    for lang in ("zh", "en"):
        folder = tmp_path / f"out-{lang}"
        result = run("batch", table, "--out", folder, "--no-parquet", "--no-xlsx", "--no-portfolio", lang=lang)
        assert result.exit_code == 2
        with open(folder / "errors.csv", encoding="utf-8-sig", newline="") as fh:
            out[lang] = list(csv.DictReader(fh))
    return out


def test_batch_errors_csv_follows_lang(tmp_path):
    """A batch writes its problems into errors.csv (and the workbook's Errors sheet) in the run's language."""
    table = tmp_path / "deals.csv"
    table.write_text("id,provider.name,fees.base_monthly,bogus\nd1,X,100,\nd2,X,-5,\nd3,X,1,oops\nd4,X,1,,extra\n",
                     encoding="utf-8")
    messages = {lang: [(r["row"], r["field"], r["message"]) for r in rows]
                for lang, rows in _batch_errors(tmp_path, table).items()}
    assert messages["zh"] == [
        ("1", "bogus", "没有「bogus」这一列；字段名见 `vetting schema`"),
        ("3", "fees.base_monthly", "应不小于 0，实际为 '-5'"),
        ("4", "bogus", "未知列「bogus」填了内容（见第 1 行表头）；请改列名或删掉这一列"),
        ("5", "", "这一行有 5 个单元格，表头却有 4 列")]
    assert messages["en"] == [
        ("1", "bogus", "unknown column 'bogus'; see `vetting schema` for the field names"),
        ("3", "fees.base_monthly", "must be ≥ 0, got '-5'"),
        ("4", "bogus", "the unknown column 'bogus' is filled (see the header, row 1); rename or remove the column"),
        ("5", "", "the row has 5 cells but the header has 4 columns")]


def test_an_engine_failure_in_chinese(monkeypatch):
    from vetting.workflows import assess as api
    from vetting.io.errors import EngineError, said

    def refuse(*a, **k):
        raise EngineError(said("engine_refused_facts", code=3))

    monkeypatch.setattr(api, "assess_file", refuse)
    assert (run("assess", SEED, lang="zh").stderr, run("assess", SEED).stderr) == (
        "vetting：规则引擎拒收这笔交易的事实（代码 3）\n", "vetting: the rule engine refused this deal's facts (code 3)\n")


def test_a_batch_headers_own_problems_follow_lang(tmp_path):
    """A column without a name and a column named twice were said in English in a Chinese run, and an
    unnamed column that is filled was listed as '(column 2、unnamed)'."""
    table = tmp_path / "deals.csv"
    table.write_text("id,,provider.name,provider.name,bogus\nd1,1,X,X,2\n", encoding="utf-8")
    messages = {lang: [(r["field"], r["message"]) for r in rows] for lang, rows in _batch_errors(tmp_path, table).items()}
    assert messages["zh"][:2] == [("（表头）", "有一列没有列名"), ("provider.name", "这一列出现了两次；每个字段只能有一列")]
    assert any("（第 2 列，无列名）、bogus" in m for _f, m in messages["zh"])
    assert messages["en"][:2] == [("(header)", "a column has no name"),
                                  ("provider.name", "column appears twice; each field has one column")]
    assert any("(column 2, unnamed), bogus" in m for _f, m in messages["en"])


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_column_named_twice_is_one_problem(tmp_path, kind):
    """`deal_id` twice in the deals table (its id column is `id`) was said three times: unknown, twice,
    unknown again, and the row listed 'deal_id, deal_id' as two filled columns. A name is one line:
    unknown (with the column it means), or, for a known field, repeated, however many copies there are."""
    header = ["id", "provider.name", "deal_id", "seller.name", "deal_id", "seller.name", "seller.name"]
    cells = ["d1", "X", "d1", "Acme", "d1", "Acme", "Acme"]
    if kind == "csv":
        table = tmp_path / "deals.csv"
        table.write_text(",".join(header) + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    else:
        import openpyxl

        table, book = tmp_path / "deals.xlsx", openpyxl.Workbook()
        book.active.title = "deals"
        book.active.append(header)
        book.active.append(cells)
        book.save(table)
    messages = {lang: [(r["row"], r["field"], r["message"]) for r in rows]
                for lang, rows in _batch_errors(tmp_path, table).items()}
    assert messages["zh"] == [
        ("1", "deal_id", "没有「deal_id」这一列；是不是「id」？"),
        ("1", "seller.name", "这一列出现了两次；每个字段只能有一列"),
        ("2", "deal_id", "未知列「deal_id」填了内容（见第 1 行表头）；请改列名或删掉这一列")]
    assert messages["en"] == [
        ("1", "deal_id", "unknown column 'deal_id'; did you mean 'id'?"),
        ("1", "seller.name", "column appears twice; each field has one column"),
        ("2", "deal_id", "the unknown column 'deal_id' is filled (see the header, row 1); rename or remove the column")]
