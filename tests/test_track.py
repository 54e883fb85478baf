"""vetting track: two LinkStar months below 80 % of target trigger the stop-loss and name the notice date."""
from __future__ import annotations

import json
from pathlib import Path


import jsonschema
import pytest
from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.workflows.track import tracking_schema

_register()
ROOT = Path(__file__).resolve().parents[1]
V2 = str(ROOT / "fixtures" / "linkstar-proposal-v2.yaml")
V1 = str(ROOT / "fixtures" / "linkstar-proposal.yaml")
ACTUALS = str(ROOT / "fixtures" / "linkstar-actuals.csv")


def _run(*args):
    return CliRunner().invoke(cli, list(args))


def _csv(tmp_path, text, name="actuals.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_two_months_below_80_percent_trigger_the_stop_loss():
    r = _run("track", V2, ACTUALS, "--today", "2026-04-03", "--format", "json")
    assert r.exit_code == 1, r.output
    t = json.loads(r.stdout)
    jsonschema.validate(t, tracking_schema())
    assert t["format"] == "vetting/tracking@2"
    sales = next(k for k in t["kpis"] if k["id"] == "sales")
    assert [(p["period"], p["value"], p["attainment_pct"], p["met"], p["below_threshold"], p["misses_in_a_row"],
             p["below_in_a_row"]) for p in sales["periods"]] == [
        ("2026-02", 790000.0, 79.0, False, True, 1, 1), ("2026-03", 760000.0, 76.0, False, True, 2, 2)]
    conv = next(k for k in t["kpis"] if k["id"] == "conversion")
    assert [p["met"] for p in conv["periods"]] == [None, None]  # no target in the contract: listed, not judged
    sl = t["stop_loss"]
    assert (sl["triggered"], sl["triggered_by"], sl["triggered_on"], sl["exit_without_fault_now"]) == (
        True, ["sales"], "2026-04-01", True)
    # the stop-loss clause gives no notice period: immediate effect (not termination.notice_days' 30 days)
    assert (sl["notice"]["notice_days"], sl["notice"]["notice_stated"], sl["notice"]["send_by"],
            sl["notice"]["ends_on"]) == (0, False, "2026-04-03", "2026-04-03")
    assert sl["refund"] == {"amount": 0.0, "currency": "CNY", "months_prepaid": 3, "months_served": None,
                            "reason": "The contract says the 3 prepaid months are not refundable on exit."}
    assert t["milestones"] == [{"month": 3, "due": "2026-05-01", "acceptance": "月销达到60万（以卖家后台Business Report为准）",
                                "status": "upcoming"}]
    assert t["next_review"] == "2026-05-01" and t["alert"] is True


def test_markdown_names_the_notice_date_in_both_languages():
    en = _run("track", V2, ACTUALS, "--today", "2026-04-03").stdout
    assert "**Triggered on Apr 1, 2026 by 月销百万 (sales).**" in en
    assert ("Send the notice today, Apr 3, 2026: under the stop-loss clause the contract ends as soon as the "
            "provider receives it. The deal file gives the stop-loss exit no notice period") in en
    assert "| 2026-03 | 760,000 | 76% | missed, below the stop-loss threshold | 2 | 2 |" in en
    assert "Figures from our own backend: 月销百万 (sales) 2026-02: 79 %; 2026-03: 76 %." in en
    zh = _run("track", V2, ACTUALS, "--today", "2026-04-03", "--lang", "zh").stdout
    assert "**止损已于2026年4月1日触发，触发的KPI：月销百万（sales）。**" in zh
    assert "请于今天（2026年4月3日）发出解约通知：按止损条款，服务商收到通知时合同即终止。" in zh
    assert "> 联星出海 LinkStar您好：根据双方签订的《联星出海 LinkStar 全店代运营方案（修订版）》中的止损条款" in zh
    assert "我方后台数据：「月销百万」达成率2026-02为79%，2026-03为76%。" in zh
    assert "### 月销百万（`sales`）" in zh and "你现在可以无责解约。" in zh
    assert "合同于贵方收到本通知之日终止，请于当日前交还全部账号、数据和素材，并撤除贵方的全部后台权限。" in zh
    assert "| 2026-03 | 760,000 | 76% | 未达标、低于止损线 | 2 | 2 |" in zh


def test_html_draws_each_kpi_against_its_target(tmp_path):
    out = tmp_path / "t.html"
    assert _run("track", V2, ACTUALS, "--today", "2026-04-03", "--format", "html", "-o", str(out)).exit_code == 1
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg class=\"kpi\"") == 2 and "<script" not in page
    # sales: target 1,000,000 at the top of a 0–1M value axis, the stop-loss line at 800,000, both figures
    # red (missed) and written at their dots
    assert '<line class="target" x1="52" x2="346" y1="20.0" y2="20.0"/>' in page
    assert '<line class="stop" x1="52" x2="346" y1="46.4" y2="46.4"/>' in page
    assert ('<circle class="missed" cx="76.0" cy="47.7" r="3.5"/><text class="value" x="76.0" y="40.7" '
            'text-anchor="middle">790k</text>') in page
    # the axes: a vertical value axis with its ticks (0, 250k … 1M), the periods under the horizontal one
    assert '<line class="axis" x1="52" x2="52" y1="20" y2="152"/><line class="axis" x1="52" x2="346" y1="152" y2="152"/>' in page
    assert [t for t in ("0", "250k", "500k", "750k", "1M") if f'text-anchor="end">{t}</text>' in page] == [
        "0", "250k", "500k", "750k", "1M"]
    assert '<text class="tick" x="76.0" y="167" text-anchor="middle">2026-02</text>' in page
    # and a legend beside each chart, in the report's language
    assert page.count('<p class="legend">') == 2
    for words in ("Measured figure", "Target", "Stop-loss line", "met", "missed", "not judged"):
        assert f"</svg>{words}</span>" in page, words
    zh = tmp_path / "t.zh.html"
    assert _run("track", V2, ACTUALS, "--today", "2026-04-03", "--format", "html", "--lang", "zh", "-o", str(zh)).exit_code == 1
    for words in ("实际值", "目标", "止损线", "达标", "未达标", "不判断"):
        assert f"</svg>{words}</span>" in zh.read_text(encoding="utf-8"), words


def test_a_years_chart_labels_at_most_six_periods_the_last_always():
    from vetting.workflows.track import KpiTrack, PeriodResult
    from vetting.workflows.track_chart import chart

    periods = [PeriodResult(f"2026-{m:02d}", "", "", 900000.0 + m, None, None, None, 0, 0, True) for m in range(1, 13)]
    c = chart(KpiTrack("s", None, "month", 1000000.0, "absolute", None, periods, 0, 0, False), 80.0)
    assert [label for _, label in c["xlabels"]] == ["2026-02", "2026-04", "2026-06", "2026-08", "2026-10", "2026-12"]
    assert len(c["dots"]) == 12 and all(label.endswith("k") for *_, label in c["dots"])


def test_no_trigger_and_an_accepted_milestone_exit_0(tmp_path):
    actuals = _csv(tmp_path, "period,kpi,value\n2026-02,sales,790000\n2026-03,sales,850000\n2026-04,sales,700000\n"
                             "2026-05,milestone-3,1\n")
    r = _run("track", V2, actuals, "--today", "2026-05-10", "--format", "json")
    assert r.exit_code == 0, r.output
    t = json.loads(r.stdout)
    sales = t["kpis"][1]
    assert [p["below_in_a_row"] for p in sales["periods"]] == [1, 0, 1]
    assert t["stop_loss"]["triggered"] is False and t["stop_loss"]["notice"] is None
    assert t["milestones"][0]["status"] == "accepted" and t["next_review"] == "2026-06-01"


def test_a_missing_period_ends_a_run_and_a_missed_milestone_exits_1(tmp_path):
    actuals = _csv(tmp_path, "kpi,period,value\nsales,2026-02,700000\nsales,2026-04,700000\nmilestone-3,2026-05,0\n")
    r = _run("track", V2, actuals, "--today", "2026-05-10", "--format", "json")
    assert r.exit_code == 1
    t = json.loads(r.stdout)
    assert [p["below_in_a_row"] for p in t["kpis"][1]["periods"]] == [1, 1]
    assert t["stop_loss"]["triggered"] is False and t["milestones"][0]["status"] == "missed"
    md = _run("track", V2, actuals, "--today", "2026-05-10").stdout
    assert "- Month 3, due May 1, 2026: **missed**" in md


def test_at_most_and_growth_targets(tmp_path):
    deal = tmp_path / "d.yaml"
    deal.write_text(Path(V2).read_text(encoding="utf-8").replace("""  - id: conversion
    name: 提升转化率
    metric: conversion_rate""", """  - id: acos
    metric: acos
    target: 25
    target_kind: at_most
    period: month
  - id: growth
    metric: gmv
    target: 20
    target_kind: growth_pct
    baseline: 450000
    period: month"""), encoding="utf-8")
    actuals = _csv(tmp_path, "period,kpi,value\n2026-02,acos,20\n2026-03,acos,40\n2026-02,growth,585000\n"
                             "2026-03,growth,495000\n")
    t = json.loads(_run("track", str(deal), actuals, "--today", "2026-04-03", "--format", "json").stdout)
    acos, growth = t["kpis"][0], t["kpis"][1]
    assert [(p["attainment_pct"], p["met"], p["below_threshold"]) for p in acos["periods"]] == [
        (125.0, True, False), (62.5, False, True)]
    # +30 % over 450,000 against +20 %: 150 %; +10 %: 50 %
    assert [(p["attainment_pct"], p["met"]) for p in growth["periods"]] == [(150.0, True), (50.0, False)]


def test_xlsx_actuals(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (["Period", "KPI", "Value"], ["2026-02", "sales", 790000], ["2026-03", "sales", 760000]):
        ws.append(row)
    path = tmp_path / "actuals.xlsx"
    wb.save(path)
    t = json.loads(_run("track", V2, str(path), "--today", "2026-04-03", "--format", "json").stdout)
    assert t["stop_loss"]["triggered_on"] == "2026-04-01"


def test_bad_rows_one_line_each_exit_2_nothing_written(tmp_path):
    actuals = _csv(tmp_path, "period,kpi,value\n2026-02,sales,790000\n2026-03,sale,760000\n2027-02,sales,1\n"
                             "2026-04,sales,lots\n2026-02,sales,800000\n2026/05,sales,1\n2026-05,milestone-6,1\n")
    out = tmp_path / "t.md"
    r = _run("track", V2, actuals, "--today", "2026-04-03", "-o", str(out))
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"{actuals}:row 3: kpi: unknown KPI 'sale'; did you mean 'sales'?; the deal's KPIs: conversion, sales",
        f"{actuals}:row 4: period: 2027-02 is outside the contract (2026-02-01 to 2027-01-31)",
        f"{actuals}:row 5: value: 'lots' is not a number: write digits only, like 812000 (no currency sign or unit); "
        "leave the cell empty if unknown",
        f"{actuals}:row 6: period: duplicate: 'sales' 2026-02 is also on row 2",
        f"{actuals}:row 7: period: '2026/05' is not a period: expected YYYY-MM ('sales' is measured per month)",
        f"{actuals}:row 8: kpi: the contract has no month-6 milestone (its milestones: milestone-3)",
    ]
    assert not out.exists()


def test_bad_header_and_suffix(tmp_path):
    r = _run("track", V2, _csv(tmp_path, "period,kpi,valeu\n2026-02,sales,1\n"))
    assert r.exit_code == 2
    lines = r.stderr.splitlines()
    assert lines[0].endswith(":row 1: valeu: unknown column 'valeu'; did you mean 'value'?; the columns are period, kpi, value")
    assert lines[1].endswith(":row 1: value: column missing; the columns are period, kpi, value")
    r = _run("track", V2, _csv(tmp_path, "x", name="a.txt"))
    assert r.exit_code == 2 and r.stderr.strip().endswith("a.txt: an actuals file is .csv or .xlsx, not '.txt'")


def test_refuses_to_write_over_the_actuals(tmp_path):
    actuals = _csv(tmp_path, Path(ACTUALS).read_text(encoding="utf-8"))
    before = Path(actuals).read_bytes()
    r = _run("track", V2, actuals, "-o", actuals)
    assert r.exit_code == 2 and Path(actuals).read_bytes() == before


def test_init_template_is_read_by_track(tmp_path):
    out = tmp_path / "actuals.csv"
    assert _run("init", "--format", "actuals", "-o", str(out)).exit_code == 0
    r = _run("track", V2, str(out), "--today", "2026-06-03", "--format", "json")
    assert r.exit_code == 0, r.output
    t = json.loads(r.stdout)
    assert [p["period"] for p in t["kpis"][1]["periods"]] == ["2026-03", "2026-04"]
    assert t["milestones"][0]["status"] == "accepted"


def test_chinese_init_template_round_trips_through_track(tmp_path):
    """`init --format actuals --lang zh`: Chinese notes and header, a BOM for Excel; track reads it back as the
    English template (周期/KPI/实际值 are period/kpi/value, 里程碑-3 is milestone-3, the # notes are skipped)."""
    zh, en = tmp_path / "实际数据.csv", tmp_path / "actuals.csv"
    r = _run("init", "--format", "actuals", "--lang", "zh", "-o", str(zh))
    assert r.exit_code == 0, r.output
    assert _run("init", "--format", "actuals", "-o", str(en)).exit_code == 0
    data = zh.read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))
    lines = data.decode("utf-8-sig").splitlines()
    assert [x for x in lines if not x.startswith("#")] == ["周期,KPI,实际值", "2026-03,sales,812000",
                                                           "2026-04,sales,768000", "2026-05,里程碑-3,1"]
    notes = [x for x in lines if x.startswith("#")]
    assert len(notes) == 4 and notes[1].startswith("# 周期：按该KPI的考核周期填写，月度写 2026-03")
    out = {}
    for name, path in (("zh", zh), ("en", en)):
        r = _run("track", V2, str(path), "--today", "2026-06-03", "--format", "json")
        assert r.exit_code == 0, r.output
        out[name] = json.loads(r.stdout)
    assert out["zh"]["kpis"] == out["en"]["kpis"] and out["zh"]["milestones"] == out["en"]["milestones"]
    assert [p["period"] for p in out["zh"]["kpis"][1]["periods"]] == ["2026-03", "2026-04"]
    assert out["zh"]["milestones"][0]["status"] == "accepted"
    # printed to the terminal: no byte-order mark
    assert not _run("init", "--format", "actuals", "--lang", "zh").stdout.startswith("\ufeff")


def test_chinese_headers_in_any_order_and_xlsx(tmp_path):
    from openpyxl import Workbook

    path = _csv(tmp_path, "实际值,周期,指标\n790000,2026-02,sales\n760000,2026-03,sales\n")
    t = json.loads(_run("track", V2, path, "--today", "2026-04-03", "--format", "json").stdout)
    assert t["stop_loss"]["triggered_by"] == ["sales"]
    wb = Workbook()
    ws = wb.active
    for row in (["# 说明行：不读取"], ["周期", "KPI", "实际值"], ["2026-02", "sales", 790000], ["2026-03", "sales", 760000]):
        ws.append(row)
    wb.save(tmp_path / "a.xlsx")
    t = json.loads(_run("track", V2, str(tmp_path / "a.xlsx"), "--today", "2026-04-03", "--format", "json").stdout)
    assert t["stop_loss"]["triggered_by"] == ["sales"]
    # a Chinese header that is not one of the names is still refused, with the row it is on
    r = _run("track", V2, _csv(tmp_path, "# 说明\n周期,KPI,实际数\n2026-02,sales,1\n"))
    assert r.exit_code == 2
    assert r.stderr.splitlines()[0].endswith(":row 2: 实际数: unknown column '实际数'; the columns are period, kpi, value")


def test_no_stop_loss_in_the_contract(tmp_path):
    md = _run("track", V1, ACTUALS, "--today", "2026-04-03").stdout
    assert "The contract has no usable stop-loss" in md


def test_readme_track_block_is_real_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- track:start -->")[1].split("<!-- track:end -->")[0]
    lines = block.strip().strip("`").strip().splitlines()
    assert lines[0].startswith("$ vetting track fixtures/linkstar-proposal-v2.yaml fixtures/linkstar-actuals.csv")
    r = CliRunner().invoke(cli, lines[0][2:].split()[1:])
    assert r.exit_code == 1
    actual = r.stdout.splitlines()
    for line in lines[1:]:
        assert line in actual, line


def test_tracking_schema_is_strict():
    t = json.loads(_run("track", V2, ACTUALS, "--today", "2026-04-03", "--format", "json").stdout)
    t["stop_loss"]["extra"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(t, tracking_schema())


def test_a_gbk_csv_from_excel_and_a_broken_workbook(tmp_path):
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("period,kpi,value\n2026-02,sales,790000\n2026-03,sales,760000\n2026-03,销量,1\n".encode("gbk"))
    r = _run("track", V2, str(gbk), "--today", "2026-04-03")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [f"{gbk}:row 4: kpi: unknown KPI '销量'; the deal's KPIs: conversion, sales"]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    r = _run("track", V2, str(broken))
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [f"{broken}: cannot read as XLSX: File is not a zip file"]


def test_periods_by_unit():
    import datetime as dt

    from vetting.workflows.actuals import parse_period

    assert parse_period("2026-q2", "quarter") == ("2026-Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert parse_period("2026-W09", "week") == ("2026-W09", dt.date(2026, 2, 23), dt.date(2026, 3, 1))
    assert parse_period("2026-02", "month") == ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert parse_period("2026-13", "month") is None and parse_period("2026-W54", "week") is None
    assert parse_period("2026-02", "quarter") is None


def test_a_quarterly_kpi_is_not_counted_for_a_monthly_stop_loss(tmp_path):
    deal = tmp_path / "d.yaml"
    deal.write_text(Path(V2).read_text(encoding="utf-8").replace("    baseline: 450000\n    period: month",
                                                                 "    baseline: 450000\n    period: quarter"), encoding="utf-8")
    actuals = _csv(tmp_path, "period,kpi,value\n2026-Q1,sales,700000\n2026-Q2,sales,700000\n")
    r = _run("track", str(deal), actuals, "--today", "2026-07-03", "--format", "json")
    assert r.exit_code == 0
    sl = json.loads(r.stdout)["stop_loss"]
    assert (sl["triggered"], sl["not_counted"]) == (False, ["sales"])
    md = _run("track", str(deal), actuals, "--today", "2026-07-03").stdout
    assert "Not counted for the stop-loss, measured in another unit than its months: 月销百万 (sales)." in md
