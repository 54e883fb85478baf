"""Issue 24 item 2: spreadsheets as people fill them, through one cell reader (vetting.cells) that the
batch and `track` use. A percent-formatted cell is a percentage (Excel stores 5% as 0.05); "5%", "5 %",
"５％" typed as text are percentages; 0.05 in a percent column without a percent format and 3/1/2026
are refused with the row, the column and how to write them; blank means unknown."""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from vetting.io import cells
from vetting.workflows.batch.flat import read_records, to_deal_data
from vetting.cli import _register, cli

_register()
ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "users"
SHEET = DATA / "consultant-deals.xlsx"


@pytest.mark.parametrize("cell, pct", [("5%", 5), ("5 %", 5), ("５％", 5), ("0.5%", 0.5), (5, 5), ("12.5", 12.5),
                                       (cells.Percent(0.05), 5), (cells.Percent(0.125), 12.5), (0, 0), ("", None),
                                       ("  ", None), (None, None)])
def test_percentages_as_people_write_them(cell, pct):
    assert cells.read_percent(cell) == pct


@pytest.mark.parametrize("cell", [0.05, "0.05", 1, "0.8"])
def test_a_bare_number_up_to_one_in_a_percent_column_is_refused_with_how_to_write_it(cell):
    with pytest.raises(cells.CellError) as e:
        cells.read_percent(cell)
    shown = f"{float(cell):g}"
    assert f"could be {float(cell) * 100:g}% or {shown}%" in str(e.value) and "type " in str(e.value)


@pytest.mark.parametrize("text, day", [("2026-03-01", dt.date(2026, 3, 1)), ("2026/3/1", dt.date(2026, 3, 1)),
                                       ("2026年3月1日", dt.date(2026, 3, 1)), ("13/1/2026", dt.date(2026, 1, 13)),
                                       ("1/13/2026", dt.date(2026, 1, 13)), ("3/3/2026", dt.date(2026, 3, 3)),
                                       (dt.datetime(2026, 3, 1), dt.date(2026, 3, 1)), ("", None)])
def test_dates(text, day):
    assert cells.read_date(text) == day


def test_a_day_month_date_that_reads_both_ways_is_refused():
    with pytest.raises(cells.CellError) as e:
        cells.read_date("3/1/2026")
    assert str(e.value) == "'3/1/2026' could be 2026-03-01 or 2026-01-03: write the date as YYYY-MM-DD, like 2026-03-01"


@pytest.mark.parametrize("text, value", [("yes", True), ("No", False), ("是", True), ("否", False), ("TRUE", True),
                                         (1, True), ("", None)])
def test_yes_and_no(text, value):
    assert cells.read_bool(text) is value if value is not None else cells.read_bool(text) is None


def _deals() -> dict[str, tuple[dict, list]]:
    out = {}
    for rec in read_records(SHEET):
        if rec["kind"] == "flat":
            data, problems = to_deal_data(rec)
            out[data["id"]] = (data, problems, rec["row"])
    return out


def test_the_batch_reads_a_consultants_workbook_as_excel_shows_it():
    deals = _deals()
    for deal_id in ("yiwu-pct-cell", "yiwu-text-pct", "yiwu-fullwidth"):
        data, problems, _ = deals[deal_id]
        assert problems == [], deal_id
        assert data["fees"]["commission_pct"] == 5.0, deal_id  # never 0.05 %
        assert data["contract"]["start_date"] == dt.date(2026, 3, 1)
    assert deals["yiwu-pct-cell"][0]["contract"]["stop_loss"]["threshold_pct"] == 80.0
    assert deals["yiwu-text-pct"][0]["contract"]["stop_loss"] == {"present": True, "threshold_pct": 80.0}
    assert deals["yiwu-text-pct"][0]["contract"]["written"] is True
    # blank cells are unknown: not in the deal at all
    assert "monthly_gmv" not in (deals["yiwu-etsy"][0].get("seller") or {})
    assert "commission_pct" not in deals["yiwu-etsy"][0]["fees"]


def test_errors_csv_names_the_row_the_column_and_how_to_write_it(tmp_path):
    r = CliRunner().invoke(cli, ["batch", str(SHEET), "--out", str(tmp_path / "out"), "--no-parquet"])
    assert r.exit_code == 2
    with open(tmp_path / "out" / "errors.csv", encoding="utf-8-sig", newline="") as fh:
        errors = [(e["row"], e["deal_id"], e["field"], e["message"]) for e in csv.DictReader(fh)]
    assert errors == [
        ("5", "yiwu-ambiguous", "fees.commission_pct",
         "0.05 in a percent column could be 5% or 0.05%: type 5% (with the % sign, or format the cell as a "
         "percentage), or 0.05% if you mean that; leave the cell empty if unknown"),
        ("5", "yiwu-ambiguous", "contract.start_date",
         "'3/1/2026' could be 2026-03-01 or 2026-01-03: write the date as YYYY-MM-DD, like 2026-03-01"),
        ("6", "yiwu-etsy", "seller.platforms[0]",
         "'etsy' is not one of amazon, shopee, tiktok_shop, lazada, temu, walmart, ebay, shopify, aliexpress, other; "
         "write one of them exactly as listed, or other if yours is not listed"),
    ]


def test_track_reads_actuals_through_the_same_reader(tmp_path):
    """A percent-formatted conversion figure is its percentage; a blank figure is not in yet (unknown)."""
    v2 = ROOT / "fixtures" / "linkstar-proposal-v2.yaml"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["period", "kpi", "value"], ["2026-02", "sales", "７９００００"], ["2026-02", "conversion", 0.031],
                ["2026-03", "sales", 760000], ["2026-03", "conversion", None]):
        ws.append(row)
    ws["C3"].number_format = "0.0%"
    path = tmp_path / "actuals.xlsx"
    wb.save(path)
    r = CliRunner().invoke(cli, ["track", str(v2), str(path), "--today", "2026-04-03", "--format", "json"])
    assert r.exit_code in (0, 1), r.output
    t = json.loads(r.stdout)
    figures = {(k["id"], p["period"]): p["value"] for k in t["kpis"] for p in k["periods"]}
    assert figures[("conversion", "2026-02")] == pytest.approx(3.1)
    assert figures[("sales", "2026-02")] == 790000
    assert ("conversion", "2026-03") not in figures


def test_the_chinese_xlsx_template_speaks_chinese_and_round_trips(tmp_path):
    """Chinese headers on row 1 (the field paths on row 2, which the batch reads), Chinese drop-downs that
    read back as the values they name, typed sample cells (a number, a 5% percent cell, a date cell)."""
    from vetting.model.aliases import canonical, lookup
    from vetting.workflows.batch.template import deal_columns

    path = tmp_path / "deals.xlsx"
    r = CliRunner().invoke(cli, ["init", "--format", "xlsx", "--lang", "zh", "-o", str(path)])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(path)
    ws = wb["deals"]
    heads = {ws.cell(2, c).value: (ws.cell(1, c).value, ws.cell(3, c)) for c in range(1, ws.max_column + 1)}
    assert heads["seller.name"][0] == "你的公司或店铺名称"
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label, _ in heads.values()), "a header not in Chinese"
    gmv, pct, start = heads["seller.monthly_gmv"][1], heads["fees.commission_pct"][1], heads["contract.start_date"][1]
    assert gmv.value == 80000 and gmv.data_type == "n"
    assert pct.value == pytest.approx(0.05) and "%" in pct.number_format
    assert isinstance(start.value, dt.datetime) and start.value.date() == dt.date(2026, 3, 1)
    assert heads["provider.kind"][1].value == "代运营" and heads["seller.brand_registered"][1].value == "是"
    kinds = {p: info for p, info in deal_columns()}
    lists = {}
    for dv in ws.data_validations.dataValidation:
        col = openpyxl.utils.column_index_from_string(str(dv.sqref).split(":")[0].rstrip("0123456789"))
        lists[ws.cell(2, col).value] = dv.formula1.strip('"').split(",")
    assert lists["seller.brand_registered"] == ["是", "否"]
    assert "代运营" in lists["provider.kind"]
    for field, choices in lists.items():
        if kinds[field].type == "enum":
            table = lookup(kinds[field].values)
            assert sorted(canonical(c, table) for c in choices) == sorted(kinds[field].values), field
    # the untouched template is assessed as it is, the sample read as typed
    r = CliRunner().invoke(cli, ["batch", str(path), "--out", str(tmp_path / "out"), "--no-parquet"])
    assert r.exit_code == 0, r.output
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(x["deal_id"], x["row"]) for x in rows] == [("sample-001", "3")]
    data, problems, row = next(v for k, v in _records_of(path).items())
    assert problems == [] and data["fees"]["commission_pct"] == 5.0 and data["provider"]["kind"] == "代运营"


def _records_of(path):
    out = {}
    for rec in read_records(path):
        if rec["kind"] == "flat":
            data, problems = to_deal_data(rec)
            out[data["id"]] = (data, problems, rec["row"])
    return out
