"""`vetting track` judges what the contract says (issue 25 item 3): each KPI at its own period, the
stop-loss exit with the clause's own notice, lower-is-better targets the right way round, nothing
after --today, milestones from their latest review, the visible sheet of a workbook, bounded years."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from vetting.cli import _register, cli
from vetting.workflows.track import TRACKING_FORMAT, tracking_schema

_register()
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
V2 = str(ROOT / "fixtures" / "linkstar-proposal-v2.yaml")
ANNUAL = str(DATA / "track-annual-target.yaml")
NOTICE = str(DATA / "track-stop-loss-notice.yaml")
LOWER = str(DATA / "track-lower-is-better.yaml")


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _json(*args):
    r = _run("track", *args, "--format", "json")
    assert r.exit_code in (0, 1), r.output
    t = json.loads(r.stdout)
    jsonschema.validate(t, tracking_schema())
    return r.exit_code, t


def _periods(t, kpi):
    k = next(k for k in t["kpis"] if k["id"] == kpi)
    return [(p["period"], p["attainment_pct"], p["met"], p["complete"]) for p in k["periods"]]


# -- a KPI at its own period ---------------------------------------------------------------------

def test_an_annual_target_is_never_judged_month_by_month():
    """Monthly figures against the annual 10,000,000 read as 7 % and 'triggered' the stop-loss, with a
    termination notice to send: a wrongful termination. They are refused, saying how to write it."""
    r = _run("track", ANNUAL, DATA / "track-annual-target-monthly-rows.csv", "--today", "2026-04-03")
    assert r.exit_code == 2 and r.stdout == ""
    src = DATA / "track-annual-target-monthly-rows.csv"
    assert r.stderr.splitlines() == [
        f"{src}:row {n}: period: '{p}' is not how 'annual-sales' is measured: its target is for the whole contract "
        "(period: contract), so write one row with period contract and the figure for the whole term"
        for n, p in ((4, "2026-02"), (5, "2026-03"))]


def test_an_annual_target_is_listed_while_the_term_runs_and_judged_once_after_it():
    code, t = _json(ANNUAL, DATA / "track-annual-target-running.csv", "--today", "2026-04-03")
    assert code == 0 and t["stop_loss"]["triggered"] is False and t["stop_loss"]["not_counted"] == ["annual-sales"]
    assert _periods(t, "annual-sales") == [("contract", 14.6, None, False)]  # the year is not over: not judged
    annual = next(k for k in t["kpis"] if k["id"] == "annual-sales")
    assert annual["unit"] == "contract" and annual["periods"][0]["end"] == "2027-01-31"
    md = _run("track", ANNUAL, DATA / "track-annual-target-running.csv", "--today", "2026-04-03").stdout
    assert "| contract | 1,460,000 | 14.6% | still running: not judged yet | 0 | 0 |" in md
    # after the term: one judgement of the whole year (合同期 is the same period as contract)
    code, t = _json(ANNUAL, DATA / "track-annual-target-year-end.csv", "--today", "2027-02-03")
    assert code == 0 and _periods(t, "annual-sales") == [("contract", 96.5, False, True)]
    assert t["stop_loss"]["triggered"] is False


# -- the stop-loss exit's own notice -------------------------------------------------------------

def test_the_stop_loss_exit_takes_the_clauses_notice_not_the_ordinary_one():
    code, t = _json(NOTICE, DATA / "track-stop-loss-notice.csv", "--today", "2026-04-10")
    n = t["stop_loss"]["notice"]
    assert code == 1 and t["stop_loss"]["triggered_on"] == "2026-04-01"
    # 15 days (contract.stop_loss.notice_days), not termination.notice_days' 30 to a billing day (2026-05-15)
    assert (n["notice_days"], n["notice_stated"], n["send_by"], n["ends_on"]) == (15, True, "2026-04-10", "2026-04-25")
    assert n["when"] == ("Send the notice today, Apr 10, 2026: under the stop-loss clause the contract then ends on "
                         "Apr 25, 2026 (15 days' notice).")
    assert "The contract ends on Apr 25, 2026;" in n["text"]
    # prepaid and refundable: months begun by Apr 25 (Jan 15, Feb 15, Mar 15, Apr 15) are served
    assert t["stop_loss"]["refund"]["amount"] == 8000.0 and t["stop_loss"]["refund"]["months_served"] == 4
    zh = _run("track", NOTICE, DATA / "track-stop-loss-notice.csv", "--today", "2026-04-10", "--lang", "zh").stdout
    assert "请于今天（2026年4月10日）发出解约通知：按止损条款，合同于2026年4月25日终止（止损条款约定提前15天通知）。" in zh


def test_without_a_notice_in_the_clause_the_exit_is_immediate_and_says_so():
    code, t = _json(V2, ROOT / "fixtures" / "linkstar-actuals.csv", "--today", "2026-04-03")
    n = t["stop_loss"]["notice"]
    assert (n["notice_days"], n["notice_stated"], n["send_by"], n["ends_on"]) == (0, False, "2026-04-03", "2026-04-03")
    assert "immediate effect is assumed" in n["when"] and "contract.stop_loss.notice_days" in n["when"]
    assert "The contract ends on the day you receive this notice;" in n["text"]


@pytest.mark.parametrize("today, send_by, ends_on", [
    ("2026-07-05", "2026-07-05", "2026-07-14"),  # 15 days would run past the term's last day (Jul 14)
    ("2026-07-14", "2026-07-14", "2026-07-14"),  # the last day itself
    ("2026-07-20", None, None),  # the term is over: nothing left to give notice of
])
def test_no_notice_date_before_today_is_presented_as_possible(today, send_by, ends_on):
    code, t = _json(NOTICE, DATA / "track-stop-loss-notice.csv", "--today", today)
    n = t["stop_loss"]["notice"]
    assert (n["send_by"], n["ends_on"]) == (send_by, ends_on)
    assert n["send_by"] is None or n["send_by"] >= today
    if send_by is None:
        assert t["stop_loss"]["exit_without_fault_now"] is False and n["text"] == ""
        assert n["when"] == "The initial term ended on Jul 14, 2026: the stop-loss no longer gives an exit from it."
        md = _run("track", NOTICE, DATA / "track-stop-loss-notice.csv", "--today", today).stdout
        assert "Notice to send" not in md
    elif today == "2026-07-05":
        assert n["when"].startswith("The stop-loss clause's 15 days' notice runs past the initial term's last day, "
                                    "Jul 14, 2026: the contract ends on that day anyway")


# -- lower is better -----------------------------------------------------------------------------

def test_lower_is_better_metrics_with_absolute_targets_are_ceilings():
    code, t = _json(LOWER, DATA / "track-lower-is-better.csv", "--today", "2026-04-03")
    assert code == 0 and t["stop_loss"]["triggered"] is False  # better than every target: nothing to exit
    assert _periods(t, "acos") == [("2026-02", 116.3, True, True), ("2026-03", 126.3, True, True)]
    assert _periods(t, "rank") == [("2026-02", 166.7, True, True), ("2026-03", 250.0, True, True)]
    assert {k["target_kind"] for k in t["kpis"]} == {"at_most"}
    md = _run("track", LOWER, DATA / "track-lower-is-better.csv", "--today", "2026-04-03", "--lang", "zh").stdout
    assert "目标：不高于25" in md and "不低于" not in md


def test_a_worse_figure_on_a_lower_is_better_metric_is_a_miss(tmp_path):
    worse = tmp_path / "worse.csv"
    worse.write_text("period,kpi,value\n2026-02,acos,34\n2026-03,acos,36\n", encoding="utf-8")
    code, t = _json(LOWER, worse, "--today", "2026-04-03")
    assert code == 1 and t["stop_loss"]["triggered_by"] == ["acos"]  # 25/34 = 73.5 %, 25/36 = 69.4 %
    assert _periods(t, "acos") == [("2026-02", 73.5, False, True), ("2026-03", 69.4, False, True)]


def test_remind_states_a_lower_is_better_target_as_a_ceiling(tmp_path):
    out = tmp_path / "l.ics"
    assert _run("remind", LOWER, "-o", out).exit_code == 0
    text = out.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "ACoS不高于25% (acos): at most 25" in text and "at least 25" not in text


# -- nothing after --today -----------------------------------------------------------------------

def test_a_period_that_has_not_begun_is_refused_and_a_running_one_is_not_judged(tmp_path):
    future = tmp_path / "future.csv"
    future.write_text("period,kpi,value\n2026-02,sales,790000\n2026-03,sales,760000\n2026-05,sales,500000\n"
                      "2026-06,milestone-3,0\n", encoding="utf-8")
    r = _run("track", V2, future, "--today", "2026-04-03")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"{future}:row 4: period: 2026-05 has not begun on 2026-04-03 (--today): no figure can exist for it yet",
        f"{future}:row 5: period: 2026-06 has not begun on 2026-04-03 (--today): no figure can exist for it yet"]
    running = tmp_path / "running.csv"  # February met; March and (running) April below the line
    running.write_text("period,kpi,value\n2026-02,sales,1010000\n2026-03,sales,700000\n2026-04,sales,90000\n",
                       encoding="utf-8")
    code, t = _json(V2, running, "--today", "2026-04-03")
    assert code == 0 and t["stop_loss"]["triggered"] is False  # three days of April are no second month
    assert _periods(t, "sales")[-1] == ("2026-04", 9.0, None, False)
    sales = next(k for k in t["kpis"] if k["id"] == "sales")
    assert (sales["misses_in_a_row"], sales["below_in_a_row"]) == (1, 1)


# -- milestones from the latest review -----------------------------------------------------------

def test_milestone_status_comes_from_the_latest_review_whatever_the_row_order():
    code, t = _json(V2, DATA / "track-milestone-rows.csv", "--today", "2026-07-02")
    assert t["milestones"][0]["status"] == "accepted" and code == 0  # rejected in May, accepted in June


# -- the visible sheet of a workbook -------------------------------------------------------------

def _workbook(path, sheets):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, state, rows in sheets:
        ws = wb.create_sheet(title)
        ws.sheet_state = state
        for row in rows:
            ws.append(row)
    wb.active = next(i for i, (_, state, _) in enumerate(sheets) if state == "visible")
    wb.save(path)
    return path


HEADER = ("period", "kpi", "value")
OLD = ("旧数据", "hidden", [HEADER, ("2026-02", "sales", 1010000), ("2026-03", "sales", 1020000)])
NOW = ("实际数据", "visible", [HEADER, ("2026-02", "sales", 790000), ("2026-03", "sales", 760000)])


def test_a_hidden_first_sheet_is_never_read(tmp_path):
    book = _workbook(tmp_path / "actuals.xlsx", [OLD, NOW])
    code, t = _json(V2, book, "--today", "2026-04-03")
    assert code == 1 and t["stop_loss"]["triggered"] is True  # what the seller sees on the visible sheet
    assert [p[0:2] for p in _periods(t, "sales")] == [("2026-02", 79.0), ("2026-03", 76.0)]


def test_several_visible_sheets_are_refused_by_name(tmp_path):
    book = _workbook(tmp_path / "actuals.xlsx", [("Sheet A", "visible", OLD[2]), NOW])
    r = _run("track", V2, book, "--today", "2026-04-03")
    assert r.exit_code == 2
    assert r.stderr.strip() == (f"{book}: the workbook has 2 visible sheets (Sheet A, 实际数据): keep the actuals on "
                                "one sheet and hide or delete the others")


# -- years bounded like deal dates ---------------------------------------------------------------

def test_years_0000_and_9999_and_a_far_today_exit_2_not_3(tmp_path):
    far = tmp_path / "far.csv"
    far.write_text("period,kpi,value\n0000-01,sales,1\n9999-12,sales,2\n", encoding="utf-8")
    r = _run("track", V2, far, "--today", "2026-04-03")
    assert r.exit_code == 2 and "internal error" not in r.output
    assert r.stderr.splitlines() == [
        f"{far}:row 2: period: 0000-01 is outside the contract (2026-02-01 to 2027-01-31)",
        f"{far}:row 3: period: 9999-12 is outside the contract (2026-02-01 to 2027-01-31)"]
    quarterly = tmp_path / "q.yaml"
    quarterly.write_text(Path(V2).read_text(encoding="utf-8").replace("    period: month\n    data_source",
                                                                      "    period: quarter\n    data_source"),
                         encoding="utf-8")
    q = tmp_path / "q.csv"
    q.write_text("period,kpi,value\n9999-Q4,sales,1\n", encoding="utf-8")
    r = _run("track", quarterly, q, "--today", "2026-04-03")
    assert r.exit_code == 2 and r.stderr.strip() == f"{q}:row 2: period: 9999-Q4 is outside the contract (2026-02-01 to 2027-01-31)"
    for day in ("9999-12-31", "0001-01-01"):
        r = _run("track", V2, ROOT / "fixtures" / "linkstar-actuals.csv", "--today", day)
        assert r.exit_code == 2 and "internal error" not in r.output
        assert f"'{day}' is outside the dates vetting works with: 1900-01-01 to 2199-12-31" in r.output


def test_the_tracking_json_is_version_2_and_validates_against_the_published_schema(tmp_path):
    """The keys added for issue 25 (complete, notice_stated, when) and the changed meanings of notice_days
    and send_by came with a version bump: @1's schema (no other key allowed) rejects the new output."""
    published = json.loads((ROOT / "docs" / "tracking.schema.json").read_text(encoding="utf-8"))
    assert published == tracking_schema(), "regenerate docs/tracking.schema.json: python tests/regen_golden.py"
    code, t = _json(V2, ROOT / "fixtures" / "linkstar-actuals.csv", "--today", "2026-04-03")
    assert TRACKING_FORMAT == t["format"] == "vetting/tracking@2"
    jsonschema.validate(t, published)
    old = json.loads(json.dumps(published).replace("vetting/tracking@2", "vetting/tracking@1"))
    old["$defs"]["PeriodResult"]["properties"].pop("complete")
    old["$defs"]["PeriodResult"]["required"].remove("complete")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**t, "format": "vetting/tracking@1"}, old)
    assert "Changes from `vetting/tracking@1`" in (ROOT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
