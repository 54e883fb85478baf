"""Issue 24 item 3: the portfolio page and the terminal name every batch row that failed and why (the
first few on the terminal, all on the page, linked to errors.csv); results.xlsx labels the open exposure
as the possible increase, sorts the Summary worst first keeping each deal's input row, and wraps long text."""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from vetting.cli import _register, cli

_register()
SHEET = Path(__file__).parent / "data" / "users" / "consultant-deals.xlsx"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch") / "out"
    r = CliRunner().invoke(cli, ["batch", str(SHEET), "--out", str(out), "--no-parquet"])
    return r, out


def test_the_terminal_names_the_rows_that_failed_and_why(run):
    r, out = run
    assert r.exit_code == 2
    lines = r.stdout.splitlines()
    assert lines[-1].startswith("5 rows: 3 assessed, 2 failed (3 problems in errors.csv)")
    assert lines[0] == ("  consultant-deals.xlsx!deals row 5 (yiwu-ambiguous): fees.commission_pct: 0.05 in a percent "
                        "column could be 5% or 0.05%: type 5% (with the % sign, or format the cell as a percentage), "
                        "or 0.05% if you mean that; leave the cell empty if unknown")
    assert lines[2].startswith("  consultant-deals.xlsx!deals row 6 (yiwu-etsy): seller.platforms[0]: 'etsy' is not one of")


def test_the_terminal_shows_the_first_few_and_points_to_the_rest(tmp_path):
    rows = ["id,provider.name,fees.commission_pct"] + [f"d{i},Acme,0.0{i + 1}" for i in range(8)]
    deals = tmp_path / "deals.csv"
    deals.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["batch", str(deals), "--out", str(tmp_path / "out"), "--no-parquet"])
    named = [line for line in r.stdout.splitlines() if line.startswith("  deals.csv row ")]
    assert len(named) == 5
    assert r.stdout.splitlines()[-2] == f"  … and 3 more in {tmp_path / 'out' / 'errors.csv'}"


def test_the_portfolio_page_lists_every_failed_row_and_links_errors_csv(run):
    _, out = run
    page = (out / "portfolio.html").read_text(encoding="utf-8")
    assert "⚠ 2 of 5 input rows could not be assessed" in page
    assert '<h2 id="failed">Rows that could not be assessed</h2>' in page and '<a href="errors.csv">errors.csv</a>' in page
    failed = page.split('<table class="failed">')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", failed)
    assert rows == [("consultant-deals.xlsx!deals row 5", "yiwu-ambiguous")] * 2 + [("consultant-deals.xlsx!deals row 6", "yiwu-etsy")]
    assert "could be 2026-03-01 or 2026-01-03" in failed


def test_results_xlsx_summary_is_worst_first_labelled_and_wrapped(run):
    _, out = run
    wb = openpyxl.load_workbook(out / "results.xlsx")
    ws = wb["Summary"]
    head = [c.value for c in ws[1]]
    assert "Possible increase if open questions go badly (points)" in head and "Exposure" not in head
    rows = [dict(zip(head, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]
    scores = [r["Risk score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert {r["Deal"]: r["Row"] for r in rows} == {"yiwu-pct-cell": 2, "yiwu-text-pct": 3, "yiwu-fullwidth": 4}
    title = head.index("Title") + 1
    assert ws.cell(2, title).alignment.wrap_text


def test_results_xlsx_sorts_across_spilled_runs(tmp_path, monkeypatch):
    """Past SORT_RUN rows the Summary is sorted on disk in runs and merged: still worst first, every deal once."""
    import sys

    from vetting.outputs import workbook

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_batch import synthetic_deals, write_csv

    monkeypatch.setattr(workbook, "SORT_RUN", 7)
    deals = tmp_path / "deals.csv"
    write_csv(synthetic_deals(30, seed=3), deals)
    r = CliRunner().invoke(cli, ["batch", str(deals), "--out", str(tmp_path / "out"), "--no-parquet", "--no-portfolio"])
    assert r.exit_code in (0, 2), r.output
    ws = openpyxl.load_workbook(tmp_path / "out" / "results.xlsx", read_only=True)["Summary"]
    rows = list(ws.iter_rows(values_only=True))
    at = rows[0].index("Risk score")
    scores = [r[at] for r in rows[1:]]
    assert len(scores) == int(r.stdout.split(" assessed")[0].split()[-1]) and scores == sorted(scores, reverse=True)
