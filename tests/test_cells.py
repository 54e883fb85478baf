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

from vetting import cells
from vetting.batch.flat import read_records, to_deal_data
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
