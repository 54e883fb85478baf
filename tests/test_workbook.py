"""results.xlsx as a consultant hands it over, and portfolio.html: read back as a user would see them."""
import collections
import csv
import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from needs import require

from conftest import chromium, headless
from click.testing import CliRunner

from vetting.workflows.batch import ChunkOptions, run
from vetting.workflows.batch.runner import BatchOutcome
from vetting.cli import _register, cli
from vetting.cli.batch import _where_time_went

_register()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_batch import synthetic_deals, write_csv  # noqa: E402

AS_OF = dt.date(2026, 1, 15)
N = 60


def worst_first(rows):
    """summary.csv's rows in the Summary sheet's order: highest risk score first, input order among equals."""
    return sorted(rows, key=lambda r: -float(r["score"]))


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def deals_csv(tmp_path_factory):
    deals = synthetic_deals(N, seed=5)
    deals[4]["title"] = "Shopee SG relaunch"
    deals[3]["provider"]["kind"] = "agency"  # one bad row: the Errors sheet has it
    path = tmp_path_factory.mktemp("in") / "deals.csv"
    write_csv(deals, path)
    return path


@pytest.fixture(scope="module", params=["en", "zh"])
def result(request, deals_csv, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"out-{request.param}")
    stages = []
    outcome = run(deals_csv, out, options=ChunkOptions(lang=request.param, reports="html", today=AS_OF), parquet=False,
                  progress=lambda n, stage=None: stages.append(stage) if stage else None)
    return request.param, out, outcome, stages


def test_sheets_headers_formats_frozen_panes_and_filters(result):
    lang, out, outcome, _ = result
    wb = openpyxl.load_workbook(out / "results.xlsx")
    names = {"en": ["Summary", "Findings", "Rules", "Errors"], "zh": ["结论汇总", "核查明细", "规则统计", "错误"]}[lang]
    assert wb.sheetnames == names
    summary = wb[names[0]]
    header = [c.value for c in summary[1]]
    expect = {"en": ["Deal", "Title", "Seller", "Provider", "Verdict", "Risk score", "Level", "Completeness"],
              "zh": ["交易编号", "交易名称", "卖家", "服务商", "结论", "风险分", "风险等级", "信息完整度"]}[lang]
    assert header[:8] == expect
    assert header[-1] == {"en": "Report", "zh": "报告"}[lang]
    assert {"en": "Top reasons", "zh": "主要原因"}[lang] in header
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}", ws.title
        assert all(c.font.b for c in ws[1]), ws.title
        assert ws.column_dimensions["A"].width >= 12
    col = {h: i for i, h in enumerate(header)}
    rows = list(summary.iter_rows(min_row=2))
    assert len(rows) == outcome.assessed == N - 1
    first = rows[0]
    assert first[col[expect[7]]].number_format == "0%" and 0 < first[col[expect[7]]].value <= 1
    assert first[col[expect[5]]].number_format == "0.0" and isinstance(first[col[expect[5]]].value, float)


def test_values_are_in_the_report_language_with_fills(result):
    lang, out, _, _ = result
    wb = openpyxl.load_workbook(out / "results.xlsx")
    summary = wb.worksheets[0]
    header = [c.value for c in summary[1]]
    verdict = header.index({"en": "Verdict", "zh": "结论"}[lang])
    level = header.index({"en": "Level", "zh": "风险等级"}[lang])
    csv_rows = worst_first(read_csv(out / "summary.csv"))
    words = {"en": {"do_not_sign": "Do not sign"}, "zh": {"do_not_sign": "不建议签约", "negotiate": "先谈再签"}}[lang]
    seen = collections.Counter()
    for row, plain in zip(summary.iter_rows(min_row=2), csv_rows):
        assert row[0].value == plain["deal_id"]
        v = row[verdict]
        assert v.value != plain["verdict"]  # never the code
        if plain["verdict"] in words:
            assert v.value == words[plain["verdict"]]
        fill = {"do_not_sign": "FFFFC7CE", "negotiate": "FFFFEB9C", "proceed": "FFC6EFCE",
                "insufficient_information": "FFE7E6E6"}[plain["verdict"]]
        assert v.fill.fgColor.rgb == fill
        assert row[level].fill.fgColor.rgb == {"critical": "FFFFC7CE", "high": "FFF8CBAD", "medium": "FFFFEB9C",
                                               "low": "FFC6EFCE"}[plain["level"]]
        seen[plain["verdict"]] += 1
    assert seen["do_not_sign"] and seen["negotiate"]
    link = summary.cell(row=2, column=len(header))
    assert link.value == f'=HYPERLINK("reports/{csv_rows[0]["deal_id"]}.html","{csv_rows[0]["deal_id"]}.html")'
    assert (out / "reports" / f'{csv_rows[0]["deal_id"]}.html').exists()
    # title and seller come from the deal
    assert [(r[1].value, r[2].value) for r in summary.iter_rows(min_row=2) if r[0].value == "deal-000004"] == \
        [("Shopee SG relaunch", "Seller 4")]


def test_findings_sheet_lists_what_findings_csv_lists_with_questions_and_clauses(result):
    lang, out, _, _ = result
    wb = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    sheet = wb.worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))
    findings = read_csv(out / "findings.csv")
    assert len(rows) - 1 == len(findings) > N * 10
    assert {f["status"] for f in findings} == {"risk", "unknown"}  # no passes without --passes
    words = {"en": {"risk": "risk", "unknown": "open question"}, "zh": {"risk": "风险", "unknown": "待确认"}}[lang]
    from vetting.engine.ruleset import get_ruleset

    rules = get_ruleset()
    for row, f in zip(rows[1:], findings):
        assert (row[0], row[1], row[4]) == (f["deal_id"], f["rule_id"], words[f["status"]])
        assert (row[5] or 0.0) == float(f["points"])
        assert row[8] == f["title"]
        assert row[9] and row[10] and rules.by_id[f["rule_id"]]  # the texts themselves: the test below
    if lang == "zh":
        assert rows[0][:5] == ("交易编号", "规则编号", "类别", "严重程度", "核查结果")


FIXTURE_DEALS = sorted((ROOT / "fixtures").glob("*.yaml")) + sorted((ROOT / "fixtures" / "compare").glob("*.yaml")) \
    + sorted((ROOT / "fixtures" / "cases").glob("*.yaml"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_findings_sheet_texts_are_the_json_reports_for_every_fixture(lang, tmp_path):
    # "What to ask" and "Clause to request" as the JSON and HTML report give them: the outcome's variant,
    # its blanks filled from the deal (a workbook once read the rules' base texts)
    from vetting.workflows.assess import assess
    from vetting.model.loading import load_deal

    today = dt.date(2026, 12, 1)
    differ = compared = 0
    for i, path in enumerate(FIXTURE_DEALS):
        folder = tmp_path / f"in{i}"
        folder.mkdir()
        (folder / path.name).write_bytes(path.read_bytes())
        out = tmp_path / f"out{i}"
        run(folder, out, options=ChunkOptions(lang=lang, today=today), parquet=False, passes=True, portfolio=False)
        wb = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
        rows = list(wb.worksheets[1].iter_rows(values_only=True))
        wb.close()
        report = assess(load_deal(path), lang=lang, today=today)
        want = [(f.rule_id, f.title, f.ask or None, f.fix or None) for f in report.findings]
        assert [(r[1], r[8], r[9], r[10]) for r in rows[1:]] == want, path.name
        base = {r.id: r.parts(lang) for r in report_rules()}
        differ += sum(1 for f in report.findings if (f.ask, f.fix) != (base[f.rule_id][5], base[f.rule_id][7]))
        compared += len(want)
    assert compared > 400 and differ > 10  # the fixtures do reach variants and filled blanks


def report_rules():
    from vetting.engine.ruleset import get_ruleset

    return get_ruleset().rules


def test_rules_sheet_counts_deals_and_puts_recurring_problems_first(result, tmp_path):
    lang, out, _, _ = result
    # the counts, worked out from a run that lists every outcome
    run(_input(out), tmp_path, options=ChunkOptions(lang=lang, today=AS_OF),
        xlsx=False, parquet=False, portfolio=False, passes=True)
    per_rule = collections.defaultdict(lambda: [set(), set(), set(), set()])
    for f in read_csv(tmp_path / "findings.csv"):
        if f["status"] == "na":  # not applicable: counted nowhere
            continue
        i = 3 if f["waived"] == "true" else {"risk": 0, "unknown": 1, "pass": 2}[f["status"]]
        per_rule[f["rule_id"]][i].add(f["deal_id"])
    wb = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    rows = list(wb.worksheets[2].iter_rows(values_only=True))[1:]
    got = {r[0]: list(r[4:8]) for r in rows}
    assert got == {r: [len(s) for s in sets] for r, sets in per_rule.items()} | {
        r: [0, 0, 0, 0] for r in got if r not in per_rule}
    problems = [r[4] + r[5] for r in rows]
    assert problems == sorted(problems, reverse=True)


def _input(out):
    return next(Path(p) for p in {r["source"] for r in read_csv(out / "summary.csv")})


def test_errors_sheet_is_errors_csv(result):
    lang, out, _, _ = result
    wb = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    rows = list(wb.worksheets[3].iter_rows(values_only=True))
    errors = read_csv(out / "errors.csv")
    assert len(rows) - 1 == len(errors) == 1
    assert rows[1][1:] == (5, "deal-000003", "provider.kind", errors[0]["message"])


def test_progress_reports_each_output_written_at_the_end(result):
    _, _, outcome, stages = result
    assert stages == ["results.xlsx", "portfolio.html"]
    assert set(outcome.writing) == {"results.xlsx", "portfolio.html"}


def test_final_line_says_where_time_went_when_writing_was_long():
    fast = BatchOutcome(rows=10, seconds=10.0, writing={"results.xlsx": 0.5, "portfolio.html": 0.1})
    assert _where_time_went(fast) == ""
    slow = BatchOutcome(rows=10, seconds=10.0, writing={"results.xlsx": 3.14, "Parquet": 1.0, "portfolio.html": 0.01})
    assert _where_time_went(slow) == " (of which writing results.xlsx 3.1 s, Parquet 1.0 s)"


def test_passes_flag_lists_them_in_findings_csv_and_the_workbook(deals_csv, tmp_path):
    r = CliRunner().invoke(cli, ["batch", str(deals_csv), "--out", str(tmp_path), "--passes", "--no-parquet"])
    assert r.exit_code == 2, r.output  # the one bad row
    findings = read_csv(tmp_path / "findings.csv")
    assert {f["status"] for f in findings} == {"risk", "unknown", "pass", "na"}
    wb = openpyxl.load_workbook(tmp_path / "results.xlsx", read_only=True)
    assert sum(1 for _ in wb["Findings"].iter_rows()) - 1 == len(findings)


# -- portfolio.html -----------------------------------------------------------------------------

def test_portfolio_page_counts_links_and_is_self_contained(result):
    lang, out, outcome, _ = result
    page = (out / "portfolio.html").read_text(encoding="utf-8")
    summary = read_csv(out / "summary.csv")
    verdicts = collections.Counter(s["verdict"] for s in summary)
    bars = re.findall(r'<rect class="v-(\w+)"[^>]*>\s*</rect>\s*<text class="n"[^>]*>(\d+)</text>', page)
    assert {v: int(n) for v, n in bars} == dict(verdicts)
    for s in summary:
        assert f'<a href="reports/{s["deal_id"]}.html">{s["deal_id"]}</a>' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing fetched from elsewhere
    assert "<script>" in page and "<svg" in page
    # the checklist report's look: its stylesheet, not a copy of it that could drift
    from vetting.outputs.report import templates_dir

    css = (templates_dir() / "_style.css.j2").read_text(encoding="utf-8")
    assert "--ink:" in css and css.strip().splitlines()[-1].strip() in page
    assert "{%" not in page and "{{" not in page
    if lang == "zh":
        assert "不建议签约" in page and "反复出现的风险" in page and "do_not_sign</span>" not in page




@pytest.mark.parametrize("width", [1280, 390])
def test_portfolio_renders_sorts_and_filters_in_headless_chromium(result, tmp_path, width):
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium binary (apt-get install chromium) for the end-to-end HTML test")
    lang, out, _, _ = result
    png, pdf = tmp_path / "portfolio.png", tmp_path / "portfolio.pdf"
    for extra in ([f"--screenshot={png}", f"--window-size={width},{int(width * 2)}"],
                  [f"--print-to-pdf={pdf}", "--no-pdf-header-footer"]):
        headless(browser, out / "portfolio.html", tmp_path / "profile", *extra)
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF-")
    # the script ran: it wrote how many rows are shown
    text = headless(browser, out / "portfolio.html", tmp_path / "profile", "--dump-dom").decode("utf-8")
    shown = {"en": f"{N - 1} of {N - 1} shown", "zh": f"显示 {N - 1} / {N - 1} 笔"}[lang]
    assert f'<span class="note" id="count">{shown}</span>' in text


def test_a_spreadsheet_application_reads_every_sheet(result, tmp_path):
    """LibreOffice, stricter than openpyxl, opens the workbook and reads back what the CSV files hold."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require(soffice, "LibreOffice (apt-get install libreoffice-calc-nogui) to open the workbook with")
    lang, out, _, _ = result
    proc = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                           "--outdir", str(tmp_path), str(out / "results.xlsx")], capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    names = {"en": ["Summary", "Findings", "Rules", "Errors"], "zh": ["结论汇总", "核查明细", "规则统计", "错误"]}[lang]
    sheets = {}
    for name in names:
        with open(tmp_path / f"results-{name}.csv", newline="", encoding="utf-8") as fh:
            sheets[name] = list(csv.reader(fh))
    summary = worst_first(read_csv(out / "summary.csv"))
    assert [r[0] for r in sheets[names[0]][1:]] == [s["deal_id"] for s in summary]
    findings = read_csv(out / "findings.csv")
    assert [(r[0], r[1]) for r in sheets[names[1]][1:]] == [(f["deal_id"], f["rule_id"]) for f in findings]
    # formatted as the sheet shows it: completeness as a percentage, the score with one decimal
    header = sheets[names[0]][0]
    first = dict(zip(header, sheets[names[0]][1]))
    pct = {"en": "Completeness", "zh": "信息完整度"}[lang]
    assert first[pct] == f"{round(float(summary[0]['completeness']) * 100)}%"
    assert float(first[{"en": "Risk score", "zh": "风险分"}[lang]]) == float(summary[0]["score"])
    assert len(sheets[names[3]]) == 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_findings_sheet_names_a_claim_by_its_text_in_any_order(tmp_path, lang):
    """The Findings sheet's subject column names a claim by its text and a case study by its client, as
    the report does: the same deal with its claims and case studies listed the other way round has the
    same subjects, and no row says "claim 2"."""
    import yaml

    data = yaml.safe_load((ROOT / "fixtures" / "linkstar-proposal.yaml").read_text(encoding="utf-8"))
    folder = tmp_path / "deals"
    folder.mkdir()
    (folder / "a.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    data["id"] = "reordered"
    data["claims"].reverse()
    data["track_record"]["case_studies"].reverse()
    (folder / "b.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    run(folder, out, options=ChunkOptions(lang=lang, today=AS_OF), parquet=False, passes=True, portfolio=False)
    book = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    rows = [r for r in book["Findings" if lang == "en" else book.sheetnames[1]].iter_rows(values_only=True)][1:]
    book.close()
    by_deal = collections.defaultdict(list)
    for r in rows:
        by_deal[r[0]].append((r[1], r[6]))
    subjects = {s for s in (s for _r, s in by_deal["linkstar-2026-q1"]) if s}
    claim, case = {"en": ("claim “保你月销百万”", "case study “3C卖家, 美国站”"),
                   "zh": ("宣传「保你月销百万」", "案例「3C卖家, 美国站」")}[lang]
    assert claim in subjects and case in subjects
    assert sorted(by_deal["linkstar-2026-q1"], key=str) == sorted(by_deal["reordered"], key=str)
    numbered = re.compile(r"\bclaim \d|\bcase study \d|第 \d+ 条承诺|第 \d+ 个案例")
    assert [s for s in subjects if numbered.search(s)] == []
