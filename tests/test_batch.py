"""`vetting batch`: every input row accounted for, results equal `vetting assess`, safe output files."""
import csv
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from vetting.workflows.batch import ChunkOptions, run
from vetting.workflows.batch.flat import flatten
from vetting.cli import _register, cli

_register()
ROOT = Path(__file__).resolve().parents[1]
COMPARE = ROOT / "fixtures" / "compare"
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_batch import synthetic_deals  # noqa: E402  (the benchmark's seeded generator of realistic deals)

N = 240
FORMULA = '=HYPERLINK("http://evil.example","click")'


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def read_csv(path):
    # the result CSVs start with a UTF-8 byte-order mark (for Excel on Chinese Windows)
    with open(path, "rb") as fh:
        assert fh.read(3) == b"\xef\xbb\xbf", path
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def deals():
    return synthetic_deals(N, seed=11)


@pytest.fixture(scope="module")
def broken_csv(deals, tmp_path_factory):
    """N rows; rows at index 10..60 broken on purpose, one valid row with a formula-like provider name."""
    rows = [flatten(d) for d in deals]
    rows[10]["provider.kind"] = "agency"  # bad enum
    rows[20]["fees.base_montly"] = "100"  # typo column
    rows[30]["fees.base_monthly"] = "-5"  # negative fee
    rows[40]["kpis"] = '[{"id": "g", "metric": "gmv",'  # bad JSON
    rows[50]["id"] = rows[5]["id"]  # duplicate id
    rows[60]["contract.written"] = "maybe"  # not a boolean
    rows[70]["provider.name"] = FORMULA  # valid; must not run in a spreadsheet
    cols = sorted({c for r in rows for c in r})
    path = tmp_path_factory.mktemp("in") / "deals.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def batch_out(broken_csv, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = invoke("batch", broken_csv, "--out", out, "--passes")
    return result, out


@pytest.mark.slow
def test_every_row_accounted_for(batch_out, deals):
    result, out = batch_out
    assert result.exit_code == 2, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"{N} rows: {N - 6} assessed, 6 failed (7 problems in errors.csv); levels: ")
    # when writing took a quarter of the run or more, the line says where the time went
    assert re.search(r" deals/s( \(of which writing [a-zA-Z.]+ \d+\.\d s(, [a-zA-Z.]+ \d+\.\d s)*\))?; results in ", last), last
    summary = read_csv(out / "summary.csv")
    errors = read_csv(out / "errors.csv")
    assert len(summary) == N - 6
    failed_rows = {e["row"] for e in errors if e["row"] != "1"}
    assert len(summary) + len(failed_rows) == N
    assert {int(s["row"]) for s in summary} | {int(r) for r in failed_rows} == set(range(2, N + 2))


def test_error_rows_name_source_row_and_field(batch_out, broken_csv, deals):
    _, out = batch_out
    errors = [(e["row"], e["deal_id"], e["field"], e["message"]) for e in read_csv(out / "errors.csv")]
    assert all(e["source"] == str(broken_csv) for e in read_csv(out / "errors.csv"))
    ids = [d["id"] for d in deals]
    assert errors == [
        ("1", "", "fees.base_montly", "unknown column 'fees.base_montly'; did you mean 'fees.base_monthly'?"),
        ("12", ids[10], "provider.kind", "'agency' is not one of store_operation, ads_management, listing_optimization, "
                                         "customer_service, training, saas, consulting"),
        ("22", ids[20], "fees.base_montly", "the unknown column 'fees.base_montly' is filled (see the header, row 1); "
                                            "rename or remove the column"),
        ("32", ids[30], "fees.base_monthly", "must be ≥ 0, got '-5'"),
        ("42", ids[40], "kpis", "invalid JSON in this cell (Expecting property name enclosed in double quotes at "
                                "character 30); expected a JSON list such as [{\"id\": \"gmv\", \"metric\": \"gmv\", \"target\": 15}]"),
        ("52", ids[5], "id", f"duplicate deal id '{ids[5]}' (first used at {broken_csv} row 7); each deal needs its own id"),
        ("62", ids[60], "contract.written", "'maybe' is not yes or no: write true or false (yes/no and 是/否 work too); leave the cell empty if unknown"),
    ]


def test_results_equal_vetting_assess(batch_out, deals, tmp_path):
    _, out = batch_out
    summary = {s["deal_id"]: s for s in read_csv(out / "summary.csv")}
    findings = read_csv(out / "findings.csv")
    for i in (0, 7, 99, 150, N - 1):
        path = tmp_path / f"{i}.yaml"
        path.write_text(yaml.safe_dump(deals[i], allow_unicode=True), encoding="utf-8")
        single = json.loads(invoke("assess", path, "--format", "json").output)
        row = summary[single["deal_id"]]
        assert float(row["score"]) == single["score"]
        assert (row["level"], row["verdict"], row["provider"]) == (single["level"], single["verdict"], single["provider"])
        assert float(row["completeness"]) == single["completeness"]
        assert float(row["exposure"]) == single["exposure"]
        assert row["blockers"] == "; ".join(single["blockers"])
        assert {c: float(row[f"score_{c}"]) for c in single["categories"]} == \
               {c: v["score"] for c, v in single["categories"].items()}
        assert row["cancel_by"] == (single["cancel_by"]["date"] if single["cancel_by"] else "")
        mine = [(f["rule_id"], f["category"], f["severity"], f["status"], float(f["points"]), f["subject"],
                 f["waived"] == "true", f["title"]) for f in findings if f["deal_id"] == single["deal_id"]]
        assert mine == [(f["rule_id"], f["category"], f["severity"], f["status"], f["points"], f["subject"],
                         f["waived"], f["title"]) for f in single["findings"]]


@pytest.mark.slow
def test_formula_cells_are_neutralised(batch_out, deals):
    _, out = batch_out
    row = next(s for s in read_csv(out / "summary.csv") if s["deal_id"] == deals[70]["id"])
    assert row["provider"] == "'" + FORMULA
    import openpyxl

    wb = openpyxl.load_workbook(out / "results.xlsx")
    assert wb.sheetnames == ["Summary", "Findings", "Rules", "Errors"]
    cells = [c for r in wb["Summary"].iter_rows() for c in r if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert [(c.value, c.data_type) for c in cells] == [("'" + FORMULA, "s")]
    # negative numbers are numbers, not text with an apostrophe
    assert read_csv(out / "errors.csv")[3]["message"] == "must be ≥ 0, got '-5'"


@pytest.mark.slow
def test_xlsx_tables_match_csv(batch_out):
    _, out = batch_out
    xl = pd.read_excel(out / "results.xlsx", sheet_name=None, dtype=str, keep_default_na=False)
    for name, sheet in (("summary", "Summary"), ("findings", "Findings"), ("errors", "Errors")):
        assert len(xl[sheet]) == len(read_csv(out / f"{name}.csv"))
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.tmp"))


def test_writes_are_atomic(broken_csv, tmp_path, monkeypatch):
    import vetting.workflows.batch.runner as runner

    (tmp_path / "summary.csv").write_text("old results\n", encoding="utf-8")
    calls = []
    real = runner.assess_chunk

    def flaky(chunk, options):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(chunk, options)

    monkeypatch.setattr(runner, "assess_chunk", flaky)
    with pytest.raises(KeyboardInterrupt):
        run(broken_csv, tmp_path, chunk_size=16)
    assert (tmp_path / "summary.csv").read_text(encoding="utf-8") == "old results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.csv"]


@pytest.mark.slow
def test_workers_give_the_same_files(broken_csv, batch_out, tmp_path):
    _, out = batch_out
    result = invoke("batch", broken_csv, "--out", tmp_path, "--workers", "2", "--chunk-size", "16", "--passes")
    assert result.exit_code == 2, result.output
    for name in ("summary.csv", "findings.csv", "errors.csv"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_a_table_longer_than_a_sheet_continues_on_the_next(broken_csv, tmp_path, monkeypatch):
    import openpyxl

    import vetting.io.xlsx as xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 1000)  # Excel's is 1,048,576 rows, the header included
    result = run(broken_csv, tmp_path, chunk_size=64)
    assert result.notes == []
    findings = read_csv(tmp_path / "findings.csv")
    wb = openpyxl.load_workbook(tmp_path / "results.xlsx", read_only=True)
    sheets = [n for n in wb.sheetnames if n.startswith("Findings")]
    assert len(findings) > 3 * 999
    assert sheets == ["Findings"] + [f"Findings ({i})" for i in range(2, len(sheets) + 1)]
    assert len(sheets) == -(-len(findings) // 999)
    rows = [r for n in sheets for r in list(wb[n].iter_rows(values_only=True))[1:]]
    assert [r[0] for r in rows] == [f["deal_id"] for f in findings]  # every row, in order, none twice
    assert [(r[1], r[5] or 0.0) for r in rows] == [(f["rule_id"], float(f["points"])) for f in findings]
    assert all(list(wb[n].iter_rows(max_row=1, values_only=True))[0][0] == "Deal" for n in sheets)
    assert wb.sheetnames[0] == "Summary" and wb.sheetnames[-2:] == ["Rules", "Errors"]


def _fixture_folder(tmp_path):
    folder = tmp_path / "deals"
    folder.mkdir()
    for p in COMPARE.glob("*.yaml"):
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_folder_input_reports_and_exit_codes(tmp_path):
    folder = _fixture_folder(tmp_path)
    out = tmp_path / "out"
    r = invoke("batch", folder, "--out", out, "--reports", "md")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("3 rows: 3 assessed, 0 failed (0 problems in errors.csv); levels: ")
    assert sorted(p.name for p in (out / "reports").iterdir()) == [
        "adpilot-ads.md", "bluewave-growth.md", "linkstar-full-store.md"]
    levels = [s["level"] for s in read_csv(out / "summary.csv")]
    worst = max(levels, key=["low", "medium", "high", "critical"].index)
    assert invoke("batch", folder, "--out", out, "--fail-on", worst).exit_code == 1
    (folder / "broken.yaml").write_text("id: broken\nprovider: {name: X}\nfees: {model: hourly}\n", encoding="utf-8")
    r = invoke("batch", folder, "--out", out, "--fail-on", "low")
    assert r.exit_code == 2, r.output
    errors = read_csv(out / "errors.csv")
    assert [(e["source"], e["row"], e["field"]) for e in errors] == [(str(folder / "broken.yaml"), "3", "fees.model")]


def test_a_repeated_deal_id_is_said_in_the_runs_language(tmp_path):
    folder = _fixture_folder(tmp_path)
    first = sorted(folder.glob("*.yaml"))[0]
    again = folder / "zz-again.yaml"
    again.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    deal_id = yaml.safe_load(first.read_text(encoding="utf-8"))["id"]
    r = invoke("batch", folder, "--out", tmp_path / "out", "--lang", "zh", "--no-xlsx", "--no-parquet")
    assert r.exit_code == 2, r.output
    said = f"交易编号「{deal_id}」重复（{first} 已用过）；每笔交易要有自己的编号"
    assert [e["message"] for e in read_csv(tmp_path / "out" / "errors.csv")] == [said]
    assert r.output.splitlines()[0] == f"  zz-again.yaml（{deal_id}）：id：{said}"
    r = invoke("batch", folder, "--out", tmp_path / "en", "--no-xlsx", "--no-parquet")
    assert r.output.splitlines()[0] == (f"  zz-again.yaml ({deal_id}): id: duplicate deal id '{deal_id}' "
                                        f"(first used at {first}); each deal needs its own id")


def test_jsonl_input(tmp_path, deals):
    path = tmp_path / "deals.jsonl"
    lines = [json.dumps(d, ensure_ascii=False) for d in deals[:5]]
    lines.insert(2, "{not json")
    lines.insert(4, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = invoke("batch", path, "--out", tmp_path / "out")
    assert r.exit_code == 2, r.output
    lines = r.output.splitlines()  # the row that failed and why, then the summary line (issue 24)
    assert lines[0] == "  deals.jsonl row 3: invalid JSON: Expecting property name enclosed in double quotes"
    assert lines[-1].startswith("6 rows: 5 assessed, 1 failed (1 problems in errors.csv)")
    errors = read_csv(tmp_path / "out" / "errors.csv")
    assert [(e["row"], e["message"]) for e in errors] == [("3", "invalid JSON: Expecting property name enclosed in double quotes")]


def test_xlsx_input_with_kpis_sheet(tmp_path):
    path = tmp_path / "deals.xlsx"
    deal = yaml.safe_load((COMPARE / "bluewave-growth.yaml").read_text(encoding="utf-8"))
    deal = json.loads(json.dumps(deal, default=str))
    kpis = deal.pop("kpis")
    row = flatten(deal)
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame([row]).to_excel(xw, sheet_name="deals", index=False)
        pd.DataFrame([dict(k, deal_id=deal["id"]) for k in kpis]).to_excel(xw, sheet_name="kpis", index=False)
    r = invoke("batch", path, "--out", tmp_path / "out", "--passes")
    assert r.exit_code == 0, r.output
    summary = read_csv(tmp_path / "out" / "summary.csv")
    single = json.loads(invoke("assess", COMPARE / "bluewave-growth.yaml", "--format", "json").output)
    assert float(summary[0]["score"]) == single["score"]
    assert summary[0]["source"] == f"{path}!deals" and summary[0]["row"] == "2"
    subjects = {f["subject"] for f in read_csv(tmp_path / "out" / "findings.csv")}
    assert {"kpis[gmv-growth]", "kpis[tacos]", "kpis[return-rate]"} <= subjects


def test_unsupported_input_is_a_usage_error(tmp_path):
    bad = tmp_path / "deals.txt"
    bad.write_text("x", encoding="utf-8")
    r = CliRunner().invoke(cli, ["batch", str(bad), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2
    assert "unsupported input '.txt'" in r.output


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="pyarrow not installed")
def test_parquet_when_pyarrow(tmp_path):
    run(_fixture_folder(tmp_path), tmp_path / "out")
    assert len(pd.read_parquet(tmp_path / "out" / "summary.parquet")) == 3


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask.distributed not installed")
@pytest.mark.filterwarnings("ignore")  # distributed's own shutdown warnings, from its threads
@pytest.mark.slow
def test_dask_local_cluster(broken_csv, batch_out, tmp_path):
    import warnings

    from distributed import LocalCluster

    _, out = batch_out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            result = run(broken_csv, tmp_path, scheduler=cluster.scheduler_address, chunk_size=32, passes=True)
    assert (result.rows, result.assessed, result.failed) == (N, N - 6, 6)
    for name in ("summary.csv", "findings.csv", "errors.csv"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_assess_does_not_import_pandas(tmp_path):
    code = (
        "import sys\n"
        "from vetting.cli import main\n"
        "try:\n"
        f"    main(['assess', {str(COMPARE / 'bluewave-growth.yaml')!r}, '-o', {str(tmp_path / 'r.md')!r}])\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "print('pandas' in sys.modules, 'dask' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
    assert (tmp_path / "r.md").exists()


def test_chunk_core_accepts_a_dataframe(deals):
    from vetting.workflows.batch import assess_chunk

    frame = pd.DataFrame([flatten(d) for d in deals[:4]]).fillna("")
    result = assess_chunk(frame, ChunkOptions())
    tables = result.tables()
    assert list(tables["summary"]["deal_id"]) == [d["id"] for d in deals[:4]]
    assert len(tables["errors"]) == 0


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="pyarrow not installed")
def test_parquet_in_slices(broken_csv, batch_out, tmp_path, monkeypatch):
    import vetting.outputs.table_parquet as table_parquet
    import vetting.workflows.batch.writers as writers

    monkeypatch.setattr(table_parquet, "PARQUET_SLICE", 1000)  # several slices of findings
    run(broken_csv, tmp_path, xlsx=False)  # findings.csv without passes and not-applicable rules; findings.parquet with them
    _, out = batch_out  # written with --passes
    assert len(read_csv(tmp_path / "findings.csv")) == sum(f["status"] not in ("pass", "na") for f in read_csv(out / "findings.csv"))
    for name in ("summary", "findings", "errors"):
        frame = pd.read_parquet(tmp_path / f"{name}.parquet")
        assert len(frame) == len(read_csv(out / f"{name}.csv")), name
        # the same table as the CSV read back with its types (ids stay text, empty text stays empty)
        pd.testing.assert_frame_equal(frame, writers.read_table(out / f"{name}.csv", name), check_dtype=True)
    findings = pd.read_parquet(tmp_path / "findings.parquet")
    assert findings["points"].dtype == "float64" and findings["waived"].dtype == "boolean"
    assert pq_row_groups(tmp_path / "findings.parquet") > 1
    assert not (tmp_path / "results.xlsx").exists()


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask.distributed not installed")
@pytest.mark.slow
def test_unreachable_scheduler_is_one_line(tmp_path, monkeypatch):
    import vetting.workflows.batch.runner as runner

    monkeypatch.setattr(runner, "DASK_CONNECT_TIMEOUT", "1s")
    folder = _fixture_folder(tmp_path)
    r = CliRunner().invoke(cli, ["batch", str(folder), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9"])
    assert r.exit_code == 2
    assert r.output.startswith("vetting: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert len(r.output.strip().splitlines()) == 1


@pytest.mark.parametrize("text", ["plain", "a, b", 'say "hi"', "two\nlines", "=1+2", "-5", " padded ", "", "中文，标题"])
def test_findings_lines_quote_like_the_csv_module(text):
    # findings.csv is written as pre-quoted text for speed; it must be what csv.writer would write
    from vetting.workflows.batch.core import _FindingLines, csv_lines
    from vetting.io.spreadsheet import neutralise

    assert _FindingLines("en").quote(text) + ",z\n" == csv_lines([[neutralise(text), "z"]])


def test_a_bug_on_one_deal_costs_only_that_deal(deals, monkeypatch):
    # the chunk is decided together; when that fails, it is decided deal by deal and only the culprit fails
    import vetting.workflows.assess as api
    from vetting.workflows.batch import assess_chunk

    real = api._decision
    culprit = deals[2]["id"]

    def flaky(deal, *args):
        if deal.id == culprit:
            raise RuntimeError("simulated bug")
        return real(deal, *args)

    monkeypatch.setattr(api, "_decision", flaky)
    records = [{"source": "mem", "row": i + 2, "kind": "nested", "data": d, "problems": []} for i, d in enumerate(deals[:5])]
    result = assess_chunk(records)
    assert [d.deal_id for d in result.deals] == [d["id"] for d in deals[:5] if d["id"] != culprit]
    assert result.errors == [("mem", 4, culprit, "", "internal error: RuntimeError: simulated bug (please report this)")]
    assert result.failed == 1 and result.error_at == [2]


def pq_row_groups(path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).num_row_groups


def test_broken_rule_pack_stops_before_any_row(broken_csv, tmp_path):
    # a pack that does not load is one message for the run, not the same error on every row
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("pack: {name: bad}\nrules:\n  - id: X\n", encoding="utf-8")
    result = invoke("batch", broken_csv, "--out", tmp_path / "out", "--rules", pack)
    assert result.exit_code == 2
    assert f"{pack / 'pack.yaml'}: " in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_batch_makes_no_cyclic_garbage_and_restores_the_collector(broken_csv, tmp_path):
    # While it runs, a batch lets the cyclic collector pass rarely (runner.BATCH_GC_THRESHOLD). That
    # costs no memory only because a batch makes no reference cycles: every row, broken ones
    # included, is freed as soon as it is written.
    import gc

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    run(broken_csv, tmp_path / "warm", xlsx=False, parquet=False)  # first-use caches and imports
    gc.collect()
    gc.disable()
    try:
        outcome = run(broken_csv, tmp_path / "out", xlsx=False, parquet=False)
        cycles = gc.collect()
    finally:
        gc.enable()
    assert outcome.assessed == N - 6 and outcome.failed == 6
    assert cycles == 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen


def test_table_formats_can_be_left_out(tmp_path, monkeypatch):
    # a million deals: the CSV tables soonest, without the XLSX attempt or the Parquet conversion
    folder = _fixture_folder(tmp_path)
    out = tmp_path / "out"
    result = invoke("batch", folder, "--out", out, "--no-xlsx", "--no-parquet")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [".vetting-manifest.json", "errors.csv", "findings.csv",
                                                     "portfolio.html", "summary.csv"]
    # asking for Parquet without pyarrow is a usage error before anything is written
    import dataclasses
    from vetting.outputs.formats import FORMATS

    # as without pyarrow: the registry's Parquet entry needs a library that is not installed
    monkeypatch.setitem(FORMATS, "parquet", dataclasses.replace(FORMATS["parquet"], needs="no_such_library_here"))
    result = invoke("batch", folder, "--out", tmp_path / "none", "--parquet")
    assert result.exit_code == 2 and "--parquet needs pyarrow: pip install 'vetting[parquet]'" in result.output
    assert not (tmp_path / "none").exists()
