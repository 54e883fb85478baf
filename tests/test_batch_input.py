"""Batch input as it comes: every reader failure is an error row and the other rows are assessed;
CSV in the encodings and delimiters spreadsheets save; XLSX typed, bounded, and checked for
formulas without a saved result; unknown columns reported once per column."""
from __future__ import annotations

import csv
import datetime as dt
import os

import pytest
from click.testing import CliRunner

from vetting.workflows.batch import run
from vetting.workflows.batch.core import assess_chunk
from vetting.workflows.batch.flat import read_records
from vetting.cli import _register, cli

_register()

HEADER = "id,provider.name,provider.kind,seller.platforms,contract.written\n"


def batch(tmp_path, path):
    out = tmp_path / "out"
    result = run(path, out, xlsx=False, parquet=False)
    return result, read(out / "summary.csv"), read(out / "errors.csv")


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def ids(rows):
    return [r["deal_id"] for r in rows]


def errors(rows):
    return [(r["row"], r["deal_id"], r["field"], r["message"]) for r in rows]


# -- JSONL ---------------------------------------------------------------------

def test_a_deeply_nested_jsonl_line_is_one_error_row(tmp_path):
    good = '{"id": "d%d", "provider": {"name": "X"}}\n'
    p = tmp_path / "deals.jsonl"
    p.write_text(good % 1 + '{"id": "deep", "title": ' + "[" * 990 + "]" * 990 + "}\n" + good % 3
                 + '{"id": "dup", "provider": {"name": "X"}, "provider": {"name": "Y"}}\n'
                 + '{"id": "big", "provider": {"name": "X"}, "fees": {"setup_fee": ' + "9" * 5000 + "}}\n"
                 + good % 6, encoding="utf-8")
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["d1", "d3", "d6"]
    assert (result.rows, result.assessed, result.failed) == (6, 3, 3)
    # at 990 levels the JSON parser itself may stop first (it depends on the stack in use), without a path
    assert errors(errs)[0][:2] == ("2", "") and errors(errs)[0][2] in ("", "title[0][0][0][0][0][0][0][0][0][0][0][0...")
    assert errors(errs)[1:] == [
        ("4", "", "provider", "'provider' appears twice in one object; give each key once"),
        ("5", "", "fees.setup_fee", "a number of 5000 characters is too long (at most 40); no deal value needs more"),
    ]


def test_jsonl_deeper_than_the_json_parser_goes(tmp_path):
    p = tmp_path / "deals.jsonl"
    p.write_text('{"id": "a", "provider": {"name": "X"}}\n[' + "[" * 100_000 + "]" * 100_000 + "]\n", encoding="utf-8")
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["a"]
    assert errors(errs) == [("2", "", "", "nested more than 32 levels deep; a deal nests at most four (kpis[0].id)")]


def test_a_bad_byte_in_jsonl_costs_its_line(tmp_path):
    p = tmp_path / "deals.jsonl"
    p.write_bytes(b'{"id": "a", "provider": {"name": "X"}}\n{"id": "caf\xe9", "provider": {"name": "X"}}\n'
                  b'{"id": "c", "provider": {"name": "X"}}\n')
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["a", "c"]
    assert errors(errs) == [("2", "", "", "byte 12 of this line is not UTF-8 text; save the file as UTF-8")]


# -- CSV ------------------------------------------------------------------------

def test_an_unterminated_quote_costs_its_row_only(tmp_path):
    p = tmp_path / "deals.csv"
    p.write_text(HEADER + "a,Alpha,,,\n" + 'b,"Beta Ltd,,,\n' + "c,Gamma,,,\n" + "d,Delta,,,\n", encoding="utf-8")
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["a", "c", "d"]  # before: c and d became part of b's provider name, exit 0
    assert [r["provider"] for r in summary] == ["Alpha", "Gamma", "Delta"]
    assert errors(errs) == [("3", "", "", "malformed CSV row: unexpected end of data (the row starts on line 3 of the file)")]
    assert (result.rows, result.failed) == (4, 1)


def test_a_quote_that_swallows_rows_until_another_quote(tmp_path):
    p = tmp_path / "deals.csv"
    p.write_text(HEADER + 'a,"Alpha,,,\n' + "b,Beta,,,\n" + 'c,"Gamma",,,\n' + "d,Delta,,,\n", encoding="utf-8")
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["b", "c", "d"]
    [(row, _, _, message)] = errors(errs)
    assert row == "2" and message.startswith("malformed CSV row: ") and message.endswith("(the row starts on line 2 of the file)")


def test_a_multi_line_cell_that_fits_is_read(tmp_path):
    p = tmp_path / "deals.csv"
    p.write_text("id,provider.name,title\n" + 'a,Alpha,"two\nlines"\n' + "b,Beta,\n", encoding="utf-8")
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["a", "b"] and errs == []


def test_a_latin1_byte_costs_its_row_not_the_file(tmp_path):
    p = tmp_path / "deals.csv"
    p.write_bytes((HEADER + "a,Alpha,,,\nb,Beta,,,\n").encode() + "c,Café,,,\n".encode("latin-1")
                  + b"d,Delta,,,\ne,Epsilon,,,\n")
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["a", "b", "d", "e"]
    assert errors(errs) == [("4", "", "", 'byte 6 of this line is not UTF-8 text; save it as UTF-8: in Excel, File > '
                                          'Save As > "CSV UTF-8 (Comma delimited) (*.csv)"; in WPS, choose UTF-8 '
                                          "encoding when saving")]


ZH_ROWS = "id,provider.name,provider.kind,seller.platforms,contract.written\n" \
          "a,深圳某某代运营公司,代运营,亚马逊;Shopee,是\nb,广州某某,Store_Operation,Amazon,FALSE\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"])
def test_csv_encodings_as_spreadsheets_save_them(tmp_path, encoding):
    p = tmp_path / "deals.csv"
    p.write_bytes(ZH_ROWS.encode(encoding))
    result, summary, errs = batch(tmp_path, p)
    assert errs == []
    assert [(r["deal_id"], r["provider"]) for r in summary] == [("a", "深圳某某代运营公司"), ("b", "广州某某")]


def test_chinese_aliases_and_any_case_reach_the_deal(tmp_path):
    p = tmp_path / "deals.csv"
    p.write_bytes(ZH_ROWS.encode("gbk"))
    recs = [r for r in read_records(p) if r["kind"] == "flat"]
    from vetting.workflows.batch.flat import to_deal_data
    from vetting.model.loading import validate

    deals = [validate(to_deal_data(r)[0], "x").deal for r in recs]
    assert [(d.provider.kind, d.seller.platforms, d.contract.written) for d in deals] == [
        ("store_operation", ["amazon", "shopee"], True), ("store_operation", ["amazon"], False)]


def test_an_encoding_that_cannot_be_told_is_one_clear_error(tmp_path):
    p = tmp_path / "deals.csv"
    p.write_bytes(b"id,provider.name\n" + b"".join(b"d%d,\xff\xfe name\n" % i for i in range(5)))
    result, summary, errs = batch(tmp_path, p)
    assert summary == []
    assert errors(errs) == [("", "", "", 'cannot tell the text encoding (not UTF-8, UTF-16 or GB18030/GBK); save it as '
                                         'UTF-8: in Excel, File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)"; '
                                         "in WPS, choose UTF-8 encoding when saving")]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_sniffed(tmp_path, delimiter):
    p = tmp_path / "deals.csv"
    rows = [["id", "provider.name", "fees.base_monthly", "title"], ["a", "Alpha", "15000", "x, y; z"], ["b", "Beta", "", ""]]
    with open(p, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    result, summary, errs = batch(tmp_path, p)
    assert errs == [] and ids(summary) == ["a", "b"]


def test_unknown_columns_are_reported_once_per_column(tmp_path):
    # 20 rows x 10,000 misspelt columns gave 210,000 error rows (and took 51 s)
    names = [f"fees.typo{i}" for i in range(10_000)]
    p = tmp_path / "deals.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "provider.name", *names])
        for r in range(20):
            w.writerow([f"d{r}", "X", *(["1"] * len(names) if r % 2 else [""] * len(names))])
    result, summary, errs = batch(tmp_path, p)
    assert len(errs) == 10_000 + 10
    assert [e[:3] for e in errors(errs)[:10_000]] == [("1", "", n) for n in names]
    assert errors(errs)[0][3].startswith("unknown column 'fees.typo0'; did you mean")
    assert errors(errs)[9_999][3] == "unknown column 'fees.typo9999'; see `vetting schema` for the field names"
    assert errors(errs)[10_000] == ("3", "d1", "", "10000 unknown columns are filled (fees.typo0, fees.typo1, fees.typo2, "
                                                   "fees.typo3, fees.typo4 and 9995 more; see the header, row 1); rename "
                                                   "or remove the columns")
    assert ids(summary) == [f"d{r}" for r in range(0, 20, 2)]  # rows that leave them empty are assessed


def test_a_fifo_is_not_a_batch_input(tmp_path):
    fifo = tmp_path / "deals.csv"
    os.mkfifo(fifo)
    result = CliRunner().invoke(cli, ["batch", str(fifo), "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 2
    assert "is not a regular file (a device, named pipe or socket)" in result.stderr
    assert not (tmp_path / "out").exists()


# -- XLSX -----------------------------------------------------------------------

def test_a_stray_cell_far_away_is_reported_not_padded(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "deals"
    ws.append(["id", "provider.name"])
    ws.append(["a", "Alpha"])
    ws["XFD200000"] = "x"  # made openpyxl and pandas build 3.3 billion cells
    p = tmp_path / "deals.xlsx"
    wb.save(p)
    assert p.stat().st_size < 10_000
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["a"]
    assert errors(errs) == [("200000", "", "", "1 cell outside the named columns (XFD200000); give each column a name "
                                               "in row 1, or delete the cells")]


def typed_workbook(tmp_path, formula=False):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "deals"
    ws.append(["id", "provider.name", "provider.kind", "contract.written", "contract.kpi_penalty",
               "contract.refund_formula", "contract.start_date", "contract.term_months", "fees.base_monthly",
               "seller.platforms", "provider.registration.years_operating"])
    ws.append(["a", "Alpha", "Ads_Management", True, 1.0, 0.0, dt.datetime(2026, 2, 1), 12.0, 15000, "Amazon", 3])
    ws.append(["b", 2024, "广告代投", "TRUE", 0, 1, dt.date(2026, 3, 1), 6, 1.5, "亚马逊;TikTok Shop", "=1+2" if formula else 1])
    kpis = wb.create_sheet("kpis")
    kpis.append(["deal_id", "id", "metric", "target"])
    kpis.append(["a", "g1", "GMV", 15])
    kpis.append(["b", "g2", "margin", 15])  # not a metric: reported at the kpis sheet's row 3
    p = tmp_path / "deals.xlsx"
    wb.save(p)
    return p


def test_xlsx_cells_are_used_with_their_types(tmp_path):
    p = typed_workbook(tmp_path)
    from vetting.workflows.batch.flat import to_deal_data
    from vetting.model.loading import validate

    recs = [r for r in read_records(p) if r["kind"] == "flat"]
    a = validate(to_deal_data(recs[0])[0], "x").deal
    assert (a.provider.kind, a.contract.written, a.contract.kpi_penalty, a.contract.refund_formula) == (
        "ads_management", True, True, False)
    assert (a.contract.start_date, a.contract.term_months, a.fees.base_monthly, a.seller.platforms) == (
        dt.date(2026, 2, 1), 12, 15000, ["amazon"])
    assert a.kpis[0].metric == "gmv"
    data, problems = to_deal_data(recs[1])
    assert data["provider"]["name"] == "2024" and data["contract"]["written"] is True
    assert (data["contract"]["kpi_penalty"], data["contract"]["refund_formula"]) == (False, True)


def test_a_problem_on_a_record_sheet_is_reported_at_that_sheets_row(tmp_path):
    p = typed_workbook(tmp_path)
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["a"]
    assert [(r["source"].rsplit("!", 1)[-1], *e) for r, e in zip(errs, errors(errs))] == [
        ("kpis", "3", "b", "metric", "'margin' is not one of gmv, net_sales, units, sessions, conversion_rate, acos, "
                                     "tacos, roas, roi, profit_margin, return_rate, refund_rate, review_rating, "
                                     "account_health, order_defect_rate, inventory_turnover_days, ranking, custom; "
                                     "did you mean 'profit_margin'?")]


def test_a_formula_without_a_saved_result_is_an_error_row(tmp_path):
    p = typed_workbook(tmp_path, formula=True)  # openpyxl saves formulas without results, as a program would
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["a"]
    assert ("3", "b", "", "cell K3 is a formula with no saved result; open the workbook in Excel and save it, or type "
                          "the value") in errors(errs)


def test_a_zip_bomb_is_refused_before_parsing(tmp_path, monkeypatch):
    from vetting.workflows.batch import xlsxread

    p = typed_workbook(tmp_path)
    monkeypatch.setattr(xlsxread, "MAX_UNCOMPRESSED", 1000)
    [rec] = list(read_records(p))
    assert rec["problems"][0][1].startswith("the workbook unpacks to 0 MiB, more than 0 MiB; split it")


def test_records_from_a_frame_or_list_still_assess():
    out = assess_chunk([{"source": "x", "row": 2, "kind": "nested", "data": {"id": "a", "provider": {"name": "X"}},
                         "problems": []}])
    assert [d.deal_id for d in out.deals] == ["a"]


def test_a_broken_header_is_one_clear_error(tmp_path):
    p = tmp_path / "deals.csv"
    p.write_text('id,"provider.name\na,Alpha\n', encoding="utf-8")
    result, summary, errs = batch(tmp_path, p)
    assert summary == []
    assert errors(errs) == [("1", "", "", "cannot read the header: malformed CSV row: unexpected end of data "
                                          "(the row starts on line 1 of the file)")]


def test_a_value_under_an_unnamed_column_is_not_lost(tmp_path):
    p = tmp_path / "deals.csv"
    p.write_text("id,provider.name,,title\na,Alpha,,T\nb,Beta,oops,T\n", encoding="utf-8")
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["a"]
    assert errors(errs) == [("1", "", "(header)", "a column has no name"),
                            ("3", "b", "(column 3, unnamed)", "the unknown column '(column 3, unnamed)' is filled (see the "
                                                               "header, row 1); rename or remove the column")]


def test_a_record_cell_is_read_as_strictly_as_a_deal_file(tmp_path):
    p = tmp_path / "deals.csv"
    rows = [["id", "provider.name", "kpis"], ["a", "A", '[{"id": "g", "metric": "gmv", "metric": "units"}]'],
            ["b", "B", "[" * 990 + "]" * 990], ["c", "C", '[{"id": "g", "target": ' + "9" * 50 + "}]"],
            ["d", "D", '[{"id": "g", "metric": "gmv"}]']]
    with open(p, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["d"]
    got = errors(errs)
    assert got[0] == ("2", "a", "kpis[0].metric", "'metric' appears twice in one object; give each key once")
    assert got[1][:2] == ("3", "b") and got[1][3] == "nested more than 32 levels deep; a deal nests at most four (kpis[0].id)"
    assert got[2] == ("4", "c", "kpis[0].target", "a number of 50 characters is too long (at most 40); no deal value needs more")
    assert len(got) == 3


def test_a_data_frame_with_pandas_booleans(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"id": ["a", "b"], "provider.name": ["A", "B"], "contract.written": [1.0, 0.0],
                          "provider.kind": ["Store Operation", "代运营"]})
    out = assess_chunk(frame)
    assert [d.deal_id for d in out.deals] == ["a", "b"] and out.errors == []


def test_an_endless_line_costs_its_row(tmp_path, monkeypatch):
    from vetting.io import csvread

    monkeypatch.setattr(csvread, "MAX_LINE", 1000)
    p = tmp_path / "deals.csv"
    p.write_text("id,provider.name,title\na,A,\nb,B," + "x" * 5000 + "\nc,C,\n", encoding="utf-8")
    result, summary, errs = batch(tmp_path, p)
    assert ids(summary) == ["a", "c"]
    assert errors(errs) == [("3", "", "", "the line is longer than 0 MiB; a deal's row is a few KiB")]
