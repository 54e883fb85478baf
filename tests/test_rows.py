"""The one output model (vetting.outputs.rows): SummaryRow, FindingRow and ErrorRow built once per
assessment, serialised by every format of the registry; each format snapshot-tested on the same
assessments, and the batch's streamed tables (CSV, the workbook, Parquet) held equal to the model's
rows for every fixture (the workbook's Findings texts are the JSON report's)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURES
from vetting.model.loading import load_deal
from vetting.outputs import rows
from vetting.outputs.formats import FORMATS
from vetting.workflows.assess import assess
from vetting.workflows.batch import ChunkOptions, run
from regen_golden import ROWS_FILES, fresh_rows, rows_tables

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "rows"
TODAY = dt.date(2026, 12, 1)
DEALS = sorted(FIXTURES.glob("*.yaml"))


def model_tables(paths, lang: str, source=str) -> rows.Tables:
    tables = rows.Tables()
    for path in paths:
        tables.add(assess(load_deal(path), lang=lang, today=TODAY), source(path))
    return tables


def snapshot_tables() -> rows.Tables:
    return rows_tables()


def test_the_registry_has_every_table_format_and_each_writes_the_files_it_names():
    assert list(FORMATS) == ["csv", "json", "xlsx", "portfolio", "parquet"]
    tables = snapshot_tables()
    assert len(tables.summary) == 3 and len(tables.findings) > 300
    assert sorted(FORMATS["csv"].write(tables)) == ["errors.csv", "findings.csv", "summary.csv"]
    for f in FORMATS.values():
        if f.write is not None and f.available():
            assert sorted(f.write(tables)) == sorted(f.files), f.name
    # what a batch writes while it runs: every format but results.json
    assert [f.name for f in FORMATS.values() if f.stream is not None] == ["csv", "xlsx", "portfolio", "parquet"]


@pytest.mark.parametrize("name", ROWS_FILES)
def test_text_formats_match_their_snapshot(name):
    # tests/regen_golden.py rewrites them after an intended change
    assert fresh_rows(name) == (GOLDEN / name).read_text(encoding="utf-8"), f"{name}: run tests/regen_golden.py"


def _snapshot_json() -> dict:
    return json.loads((GOLDEN / "results.json").read_text(encoding="utf-8"))


def test_the_workbook_holds_the_snapshot():
    book = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"].write(snapshot_tables())["results.xlsx"]))
    want = _snapshot_json()
    for name in ("summary", "findings", "errors"):
        got = list(book[name].iter_rows(values_only=True))
        header, body = got[0], got[1:]
        assert [dict(zip(header, r)) for r in body] == [{k: (None if v in ("", None) else v) for k, v in r.items()}
                                                      for r in want[name]], name


def test_parquet_holds_the_snapshot():
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    files = FORMATS["parquet"].write(snapshot_tables())
    want = _snapshot_json()
    for name, cols in rows.COLUMNS.items():
        got = pq.read_table(io.BytesIO(files[f"{name}.parquet"])).to_pylist()
        assert got == [{c: r[c] for c in cols} for r in want[name]], name


def test_a_formula_in_a_deal_is_inert_in_every_table_format():
    tables = snapshot_tables()
    a = tables.summary[0]
    tables.summary[0] = a._replace(provider="=HYPERLINK(\"http://x\")")
    assert b"'=HYPERLINK" in FORMATS["csv"].write(tables)["summary.csv"]
    book = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"].write(tables)["results.xlsx"]))
    assert book["summary"]["B2"].value == "'=HYPERLINK(\"http://x\")"


@pytest.fixture(scope="module", params=["en", "zh"])
def batch(request, tmp_path_factory):
    """One batch over a folder of every fixture, every outcome listed (--passes), with Parquet when it can."""
    lang = request.param
    folder = tmp_path_factory.mktemp("deals")
    for path in DEALS:
        shutil.copy(path, folder / path.name)
    out = tmp_path_factory.mktemp(f"out-{lang}")
    parquet = FORMATS["parquet"].needs is None or _have("pyarrow")
    run(folder, out, options=ChunkOptions(lang=lang, today=TODAY), parquet=parquet, passes=True, portfolio=False)
    return lang, folder, out, parquet


def _have(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _batch_model(batch) -> rows.Tables:
    """The model's tables of the deals the batch assessed, in its order (summary.csv's sources: a
    fixture that repeats another's deal id is an error row of the batch, not a deal)."""
    lang, _folder, out, _p = batch
    with open(out / "summary.csv", newline="", encoding="utf-8-sig") as fh:
        sources = [r["source"] for r in csv.DictReader(fh)]
    return model_tables([Path(s) for s in sources], lang)


def test_the_batch_csv_tables_are_the_models_rows_for_every_fixture(batch):
    _lang, _folder, out, _p = batch
    model = _batch_model(batch)
    want = FORMATS["csv"].write(model)
    assert (out / "findings.csv").read_bytes() == want["findings.csv"]
    assert (out / "summary.csv").read_bytes() == want["summary.csv"]
    assert len(model.summary) >= len(DEALS) - 3 and len(model.findings) > 1500
    # every fixture is a deal or (a repeated deal id) an error row naming it
    with open(out / "errors.csv", newline="", encoding="utf-8-sig") as fh:
        failed = {Path(r["source"]).name for r in csv.DictReader(fh)}
    assert {Path(r.source).name for r in model.summary} | failed == {p.name for p in DEALS}


def test_the_batch_writes_the_files_of_the_registrys_formats_it_was_asked_for(batch):
    _lang, _folder, out, parquet = batch
    asked = ["csv", "xlsx", *(["parquet"] if parquet else [])]  # the portfolio page was left out
    want = {name for fmt in asked for name in FORMATS[fmt].files}
    assert {p.name for p in out.iterdir() if p.is_file()} == want | {".vetting-manifest.json"}


def test_the_workbook_findings_are_the_models_rows_with_the_reports_texts(batch):
    _lang, _folder, out, _p = batch
    model = _batch_model(batch)
    wb = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    got = [r for r in wb.worksheets[1].iter_rows(values_only=True)][1:]
    wb.close()
    # the workbook's own columns: deal, rule, category, severity, status and subject (in the report's words),
    # points, waived, title, what to ask, the clause to request
    want = [(f.deal_id, f.rule_id, f.points, f.title, f.ask or None, f.fix or None) for f in model.findings]
    assert [(r[0], r[1], r[5] or 0.0, r[8], r[9], r[10]) for r in got] == want


def test_the_batch_parquet_tables_are_the_models_rows(batch):
    _lang, _folder, out, parquet = batch
    if not parquet:
        pytest.skip("pyarrow is not installed")
    import pyarrow.parquet as pq

    model = _batch_model(batch)
    for name in ("summary", "findings"):  # the errors are the batch's own (repeated deal ids)
        cols = rows.COLUMNS[name]
        got = pq.read_table(out / f"{name}.parquet").to_pylist()
        want = [dict(zip(cols, (None if v == "" else v for v in r))) for r in model.table(name)]
        key = (lambda r: r["deal_id"]) if name == "summary" else None
        got = [{c: (None if r[c] == "" else r[c]) for c in cols} for r in got]
        assert (sorted(got, key=key) if key else got) == (sorted(want, key=key) if key else want), name
