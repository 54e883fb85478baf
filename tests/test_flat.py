"""The flat form: dotted columns, ;-lists, JSON record cells, XLSX record sheets."""
import json

import pandas as pd

from vetting.batch.flat import check_columns, flatten, read_records, to_deal_data, unflatten
from vetting.loading import validate


def test_unflatten_nests_splits_and_parses():
    problems = []
    data = unflatten({"id": " d1 ", "provider.name": "LinkStar", "seller.platforms": "amazon; shopee;",
                      "contract.stop_loss.present": "false", "fees.base_monthly": "15000", "seller.name": "",
                      "kpis": '[{"id": "g", "metric": "gmv", "target": 15}]'}, problems)
    assert problems == []
    assert data == {"id": "d1", "provider": {"name": "LinkStar"}, "seller": {"platforms": ["amazon", "shopee"]},
                    "contract": {"stop_loss": {"present": "false"}}, "fees": {"base_monthly": "15000"},
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
    from vetting.batch import assess_chunk

    rec = {"source": "d.csv", "row": 5, "kind": "flat", "problems": [],
           "data": {"id": "x", "provider.name": "P", "kpis": "[oops", "fees.model": "hourly"}}
    result = assess_chunk([rec])
    assert [(e[1], e[3]) for e in result.errors] == [(5, "kpis"), (5, "fees.model")]
    assert (result.rows, result.failed, result.deals) == (1, 1, [])
