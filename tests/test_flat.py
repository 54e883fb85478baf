"""The flat form: dotted columns, ;-lists, JSON record cells, XLSX record sheets."""
import json

import pandas as pd
import pytest

from vetting.workflows.batch.flat import check_columns, flatten, read_records, to_deal_data, unflatten
from vetting.workflows.batch.flatcolumns import SHEET_COLUMNS
from vetting.io.errors import InputError
from vetting.model.loading import validate


def test_unflatten_nests_splits_and_parses():
    problems = []
    data = unflatten({"id": " d1 ", "provider.name": "LinkStar", "seller.platforms": "amazon; shopee;",
                      "contract.stop_loss.present": "false", "fees.base_monthly": "15000", "seller.name": "",
                      "kpis": '[{"id": "g", "metric": "gmv", "target": 15}]'}, problems)
    assert problems == []
    assert data == {"id": "d1", "provider": {"name": "LinkStar"}, "seller": {"platforms": ["amazon", "shopee"]},
                    "contract": {"stop_loss": {"present": False}}, "fees": {"base_monthly": "15000"},
                    "kpis": [{"id": "g", "metric": "gmv", "target": 15}]}
    deal = validate(data, "x").deal
    assert deal.contract.stop_loss.present is False and deal.fees.base_monthly == 15000.0


def test_bad_json_cell_names_the_field():
    problems = []
    unflatten({"id": "d", "kpis": "[{bad"}, problems)
    assert problems == [("kpis", 'invalid JSON in this cell (Expecting property name enclosed in double quotes at '
                                 'character 3); expected a JSON list such as [{"id": "gmv", "metric": "gmv", "target": 15}]')]
    problems = []
    unflatten({"claims": '{"text": "x"}'}, problems)
    assert problems == [("claims", "expected a JSON list of records, got dict")]


def test_check_columns_did_you_mean():
    assert check_columns(["id", "provider.name", "fees.base_montly", "contract.ip.copy", "id", "zzz"]) == [
        ("fees.base_montly", "unknown column 'fees.base_montly'; did you mean 'fees.base_monthly'?"),
        ("id", "column appears twice; each field has one column"),
        ("zzz", "unknown column 'zzz'; see `vetting schema` for the field names"),
    ]


def test_check_columns_says_a_repeated_name_once():
    """A KPI sheet's deal_id (a known column there) three times is one repeated column; an unknown name
    twice is one unknown column, not also a repeated one."""
    assert check_columns(["deal_id", "metric", "deal_id", "deal_id", "zzz", "zzz"], SHEET_COLUMNS["kpis"]) == [
        ("deal_id", "column appears twice; each field has one column"),
        ("zzz", "unknown column 'zzz'; see `vetting schema` for the field names"),
    ]


def test_flatten_round_trip(fixtures_dir):
    import yaml

    data = yaml.safe_load((fixtures_dir / "compare" / "bluewave-growth.yaml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    row = flatten(data)
    assert row["seller.markets"] == "US;DE"
    assert row["contract.stop_loss.present"] == "true"
    assert json.loads(row["kpis"])[0]["id"] == "gmv-growth"
    back = validate(unflatten(row, []), "x").deal
    assert back == validate(data, "y").deal


def test_xlsx_record_sheets(tmp_path):
    path = tmp_path / "deals.xlsx"
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame([{"id": "a", "provider.name": "P", "contract.start_date": "2026-02-01"},
                      {"id": "b", "provider.name": "Q"}]).to_excel(xw, sheet_name="deals", index=False)
        pd.DataFrame([{"deal_id": "a", "id": "g", "metric": "gmv", "target": 15},
                      {"deal_id": "a", "id": "r", "metric": "return_rate", "target": 5},
                      {"deal_id": "zz", "id": "x", "metric": "gmv", "target": 1}]).to_excel(xw, sheet_name="kpis", index=False)
    recs = list(read_records(path))
    deals = [r for r in recs if r["kind"] == "flat"]
    assert [r["row"] for r in deals] == [2, 3]
    data, problems = to_deal_data(deals[0])
    assert problems == []
    deal = validate(data, "x").deal
    assert [k.id for k in deal.kpis] == ["g", "r"] and deal.kpis[0].target == 15.0
    assert str(deal.contract.start_date) == "2026-02-01"
    orphan = [r for r in recs if r["kind"] == "problem"]
    assert orphan == [{"source": f"{path}!kpis", "row": 4, "kind": "problem", "data": None,
                       "problems": [("deal_id", "no deal with id 'zz' in the 'deals' sheet")]}]


def test_csv_rows_are_numbered_like_a_spreadsheet(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text('id,provider.name\na,"P\nwith newline"\n\nb,Q,extra\n', encoding="utf-8")
    recs = list(read_records(path))
    assert [(r["row"], r["problems"]) for r in recs] == [
        (2, []), (4, [("", "the row has 3 cells but the header has 2 columns")])]


def test_a_row_reports_all_its_problems_at_once():
    from vetting.workflows.batch import assess_chunk

    rec = {"source": "d.csv", "row": 5, "kind": "flat", "problems": [],
           "data": {"id": "x", "provider.name": "P", "kpis": "[oops", "fees.model": "hourly"}}
    result = assess_chunk([rec])
    assert [(e[1], e[3]) for e in result.errors] == [(5, "kpis"), (5, "fees.model")]
    assert (result.rows, result.failed, result.deals) == (1, 1, [])


def test_a_value_and_a_group_of_columns_conflict_when_both_are_filled():
    problems = []
    data = unflatten({"id": "d", "seller": "x", "seller.name": "S"}, problems)
    assert problems == [("seller.name", "'seller' is given as a value and as a group of columns")]
    assert data == {"id": "d", "seller": "x"}
    problems = []
    data = unflatten({"id": "d", "seller.name": "S", "seller": "x"}, problems)
    assert problems == [("seller", "'seller' is given as a value and as a group of columns")]
    problems = []  # only one of the two filled: no conflict in this row
    assert unflatten({"id": "d", "seller": "", "seller.name": "S"}, problems) == {"id": "d", "seller": {"name": "S"}}
    assert problems == []


def test_rows_sharing_a_header_nest_the_same_as_one_cell_at_a_time():
    header = ["title", "seller.name", "id", "contract.stop_loss.present", "seller.markets", "contract.written",
              "kpis", "provider.name", "zzz.y"]
    rows = [dict(zip(header, cells)) for cells in (
        ["", " S ", "a", "true", " US ; DE ;", "", "", "P", ""],
        ["T", "", "b", "", "[]", "false", ' [{"id": "g"}] ', "", "1"],
        ["", "", "c", "", "CN", "true", "", "", ""],
    )]
    got = [unflatten(row, []) for row in rows]
    # a yes/no column's words become booleans (validation takes booleans only)
    assert got == [{"seller": {"name": "S", "markets": ["US", "DE"]}, "id": "a", "contract": {"stop_loss": {"present": True}},
                    "provider": {"name": "P"}},
                   {"title": "T", "id": "b", "seller": {"markets": []}, "contract": {"written": False},
                    "kpis": [{"id": "g"}], "zzz": {"y": "1"}},
                   {"id": "c", "seller": {"markets": ["CN"]}, "contract": {"written": True}}]
    # key order follows the first filled cell of each group, as nesting cell by cell gives
    assert [list(d) for d in got] == [["seller", "id", "contract", "provider"],
                                      ["title", "id", "seller", "contract", "kpis", "zzz"], ["id", "seller", "contract"]]
    assert list(got[0]["contract"]["stop_loss"]) == ["present"]


def test_frame_cells_that_are_not_text_are_kept_as_they_are():
    problems = []
    row = {"id": "d", "provider.name": "P", "seller.monthly_gmv": 1200.5, "seller.brand_registered": False,
           "fees.setup_fee": 0, "fees.base_monthly": float("nan"), "title": None, "seller.markets": "US;DE"}
    assert unflatten(row, problems) == {"id": "d", "provider": {"name": "P"},
                                        "seller": {"monthly_gmv": 1200.5, "brand_registered": False, "markets": ["US", "DE"]},
                                        "fees": {"setup_fee": 0}}
    assert problems == []


def test_record_cells_are_read_as_json_would_read_them():
    problems = []
    data = unflatten({"id": "d", "kpis": '  [{"id": "g", "target": 1.5e2}]  ', "claims": "[]",
                      "waivers": '[{"rule": "X-1", "reason": "ok"}] trailing', "track_record.case_studies": "[{}"}, problems)
    assert data == {"id": "d", "kpis": [{"id": "g", "target": 150.0}], "claims": []}
    assert problems == [
        ("waivers", 'invalid JSON in this cell (Extra data at character 35); expected a JSON list such as '
                    '[{"id": "gmv", "metric": "gmv", "target": 15}]'),
        ("track_record.case_studies", "invalid JSON in this cell (Expecting ',' delimiter at character 4); expected a "
                                      'JSON list such as [{"id": "gmv", "metric": "gmv", "target": 15}]'),
    ]


def test_kpi_ids_that_differ_only_by_spaces_are_duplicates():
    data = {"id": "d", "provider": {"name": "P"}, "kpis": [{"id": "g"}, {"id": " g "}]}
    with pytest.raises(InputError) as e:
        validate(data, "x")
    assert [(p.path, p.message) for p in e.value.problems] == [
        ("kpis[1].id", "duplicate KPI id 'g' (also kpis[0]); each KPI needs its own id")]
    data["fees"] = {"model": "hourly"}  # reported with the other problems, not dropped
    with pytest.raises(InputError) as e:
        validate(data, "x")
    assert [p.path for p in e.value.problems] == ["kpis[1].id", "fees.model"]
