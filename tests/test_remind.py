"""vetting remind: the contract's dates as an iCalendar file that parses back with its alarms."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
from click.testing import CliRunner

from vetting.cli import _register, cli

_register()
ROOT = Path(__file__).resolve().parents[1]
LINKSTAR = str(ROOT / "fixtures" / "linkstar-proposal.yaml")


def _run(*args):
    return CliRunner().invoke(cli, list(args))


def _events(path):
    cal = icalendar.Calendar.from_ical(Path(path).read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_ics_parses_back_with_cancel_by_alarms_term_end_and_monthly_reviews(tmp_path):
    out = tmp_path / "deal.ics"
    r = _run("remind", LINKSTAR, "-o", str(out))
    assert r.exit_code == 0, r.output
    events = _events(out)
    # start 2026-02-01 + 12 months = renews 2027-02-01; 60 days' notice before the last day (2027-01-31) → cancel by 2026-12-02
    cancel = events["linkstar-2026-q1-cancel-by@vetting"]
    assert cancel.decoded("dtstart") == dt.date(2026, 12, 2)
    assert str(cancel["summary"]) == "Last day to cancel before auto-renewal: 联星出海 LinkStar 全店代运营方案"
    assert "the contract renews on Feb 1, 2027 for another 12 months" in str(cancel["description"])
    triggers = sorted(a.decoded("trigger") for a in cancel.walk("VALARM"))
    assert triggers == [dt.timedelta(days=-30), dt.timedelta(days=-7)]
    assert {str(a["action"]) for a in cancel.walk("VALARM")} == {"DISPLAY"}
    end = events["linkstar-2026-q1-term-end@vetting"]
    assert end.decoded("dtstart") == dt.date(2027, 1, 31)
    reviews = sorted(e.decoded("dtstart") for uid, e in events.items() if "-kpi-review-" in uid)
    assert len(reviews) == 12 and reviews[0] == dt.date(2026, 3, 1) and reviews[-1] == dt.date(2027, 2, 1)
    review = events["linkstar-2026-q1-kpi-review-2026-02@vetting"]
    assert review.decoded("dtstart") == dt.date(2026, 3, 1)
    assert str(review["summary"]) == "Monthly KPI review (Feb 2026): 联星出海 LinkStar 全店代运营方案"
    assert "- 月销百万 (sales): at least 1,000,000" in str(review["description"])
    assert "- 提升转化率 (conversion): no measurable target in the contract" in str(review["description"])
    # the deal's as_of stamps every event: the same deal gives the same bytes
    assert {e.decoded("dtstamp") for e in events.values()} == {dt.datetime(2026, 1, 15, tzinfo=dt.timezone.utc)}
    again = tmp_path / "again.ics"
    assert _run("remind", LINKSTAR, "-o", str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()
    assert b"\r\n" in out.read_bytes() and out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")


def test_milestones_and_stop_loss_in_chinese_with_today(tmp_path):
    out = tmp_path / "v2.ics"
    r = _run("remind", str(ROOT / "fixtures" / "linkstar-proposal-v2.yaml"), "--lang", "zh", "--today", "2026-02-01",
             "-o", str(out))
    assert r.exit_code == 0, r.output
    events = _events(out)
    m = events["linkstar-2026-q1-milestone-1@vetting"]
    assert m.decoded("dtstart") == dt.date(2026, 5, 1)
    assert str(m["summary"]) == "里程碑验收（第3个月）：联星出海 LinkStar 全店代运营方案（修订版）"
    review = str(events["linkstar-2026-q1-kpi-review-2026-02@vetting"]["description"])
    assert str(events["linkstar-2026-q1-kpi-review-2026-02@vetting"]["summary"]).startswith("月度KPI复盘（2026年2月）：")
    assert "止损条款：KPI达成率连续2个月低于目标的80%，可无责解约。" in review
    assert {e.decoded("dtstamp") for e in events.values()} == {dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc)}
    assert str(events["linkstar-2026-q1-cancel-by@vetting"]["description"])== (
        "今天是最后一天：请在今天当日书面通知联星出海 LinkStar不再续约（合同约定在首期最后一天前60天通知），过了今天再通知就来不及，否则合同将于2027年2月1日自动续约12个月。")
    assert str(events["linkstar-2026-q1-cancel-by@vetting"]["summary"]).startswith("不续约通知截止日：")
    alarm = events["linkstar-2026-q1-cancel-by@vetting"].walk("VALARM")[0]
    assert str(alarm["description"]).startswith("还有")


def _deal(tmp_path, kpis, stop_loss="{present: true, threshold_pct: 80, consecutive_periods: 2, period: quarter}",
          start="2026-02-01", term=12):
    deal = tmp_path / "q.yaml"
    deal.write_text(f"id: q1\ntitle: Q\nprovider: {{name: P}}\ncontract: {{written: true, start_date: {start}, "
                    f"term_months: {term}, stop_loss: {stop_loss}}}\nkpis:\n" + "".join(f"  - {k}\n" for k in kpis),
                    encoding="utf-8")
    return deal


def _reviews(tmp_path, deal, *args):
    out = tmp_path / "r.ics"
    r = _run("remind", str(deal), "-o", str(out), *args)
    assert r.exit_code == 0, r.output
    return {uid.split("-kpi-review-")[1].split("@")[0]: e for uid, e in _events(out).items() if "-kpi-review-" in uid}


def test_a_quarterly_kpi_is_reviewed_each_quarter_not_each_month(tmp_path):
    deal = _deal(tmp_path, ["{id: gmv, name: GMV, metric: gmv, target: 3000000, target_kind: at_least, period: quarter}"])
    reviews = _reviews(tmp_path, deal)
    # start 2026-02-01, 12 months: the calendar quarters 2026-Q1 (from February) to 2027-Q1 (January)
    assert {k: e.decoded("dtstart") for k, e in reviews.items()} == {
        "2026-Q1": dt.date(2026, 4, 1), "2026-Q2": dt.date(2026, 7, 1), "2026-Q3": dt.date(2026, 10, 1),
        "2026-Q4": dt.date(2027, 1, 1), "2027-Q1": dt.date(2027, 2, 1)}  # the last one when the term ends
    assert str(reviews["2026-Q2"]["summary"]) == "Quarterly KPI review (Q2 2026): Q"
    assert str(reviews["2026-Q2"]["description"]).splitlines() == [
        "Review the KPIs for Q2 2026 with P on your own backend's figures (not the provider's report):",
        "- GMV (gmv): at least 3,000,000",
        "Stop-loss: below 80 % of target for 2 consecutive quarters allows exit without fault."]
    zh = _reviews(tmp_path, deal, "--lang", "zh")
    assert str(zh["2026-Q2"]["summary"]) == "季度KPI复盘（2026年第2季度）：Q"
    assert str(zh["2026-Q2"]["description"]).splitlines()[0] == "和P复盘2026年第2季度的KPI，数据以自己后台为准，不用服务商的报表："


def test_monthly_and_quarterly_kpis_get_their_own_reviews_and_the_stop_loss_where_it_counts(tmp_path):
    deal = _deal(tmp_path, ["{id: acos, metric: acos, target: 25, target_kind: at_most, period: month}",
                            "{id: gmv, metric: gmv, target: 3000000, target_kind: at_least, period: quarter}",
                            "{id: rating, metric: review_rating, target: 4.5, target_kind: at_least, period: contract}"],
                 term=6)
    reviews = _reviews(tmp_path, deal)
    assert sorted(reviews) == ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07",
                               "2026-Q1", "2026-Q2", "2026-Q3", "contract"]
    monthly, quarterly = str(reviews["2026-03"]["description"]), str(reviews["2026-Q1"]["description"])
    assert "- acos (acos): at most 25" in monthly and "gmv" not in monthly and "Stop-loss" not in monthly
    assert "- gmv (gmv): at least 3,000,000" in quarterly and "acos" not in quarterly and "Stop-loss: below 80 %" in quarterly
    # the March review and the first quarter's fall on the same day, as two events
    assert reviews["2026-03"].decoded("dtstart") == reviews["2026-Q1"].decoded("dtstart") == dt.date(2026, 4, 1)
    assert reviews["2026-Q3"].decoded("dtstart") == dt.date(2026, 8, 1)  # the term ends in August
    assert reviews["contract"].decoded("dtstart") == dt.date(2026, 8, 1)
    assert str(reviews["contract"]["summary"]) == "End-of-term KPI review: Q"
    assert "- rating (rating): at least 4.5" in str(reviews["contract"]["description"])


def test_weekly_kpis_by_iso_week_and_a_kpi_without_a_period_at_the_stop_loss_period(tmp_path):
    deal = _deal(tmp_path, ["{id: units, metric: units, target: 100, target_kind: at_least, period: week}"],
                 start="2026-02-04", term=1)
    reviews = _reviews(tmp_path, deal, "--lang", "zh")
    # 2026-02-04 is the Wednesday of ISO week 6; the term ends on 2026-03-04 (week 10)
    assert {k: e.decoded("dtstart") for k, e in reviews.items()} == {
        "2026-W06": dt.date(2026, 2, 9), "2026-W07": dt.date(2026, 2, 16), "2026-W08": dt.date(2026, 2, 23),
        "2026-W09": dt.date(2026, 3, 2), "2026-W10": dt.date(2026, 3, 4)}
    assert str(reviews["2026-W07"]["summary"]) == "周度KPI复盘（2026年第7周）：Q"
    no_period = _deal(tmp_path, ["{id: gmv, metric: gmv, target: 1, target_kind: at_least}"], term=6)
    assert sorted(_reviews(tmp_path, no_period)) == ["2026-Q1", "2026-Q2", "2026-Q3"]  # the stop-loss counts quarters
    no_kpis = _deal(tmp_path, [], stop_loss="{present: false}", term=2)
    no_kpis.write_text(no_kpis.read_text(encoding="utf-8").replace("kpis:\n", ""), encoding="utf-8")
    reviews = _reviews(tmp_path, no_kpis)
    assert sorted(reviews) == ["2026-02", "2026-03"]
    assert str(reviews["2026-02"]["description"]).endswith("- no KPIs in the contract")


def test_track_names_the_next_review_on_the_kpis_schedule(tmp_path):
    deal = _deal(tmp_path, ["{id: gmv, metric: gmv, target: 3000000, target_kind: at_least, period: quarter}"])
    actuals = tmp_path / "a.csv"
    actuals.write_text("period,kpi,value\n2026-Q1,gmv,2900000\n", encoding="utf-8")
    import json
    r = _run("track", str(deal), str(actuals), "--today", "2026-04-10", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["next_review"] == "2026-07-01"  # not 2026-05-01: the KPI is quarterly


def test_unknown_dates_exit_2_naming_the_fields(tmp_path):
    deal = tmp_path / "d.yaml"
    deal.write_text("id: d1\nprovider: {name: P}\ncontract: {written: true}\n", encoding="utf-8")
    out = tmp_path / "d.ics"
    r = _run("remind", str(deal), "-o", str(out))
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"{deal}: contract.start_date: the contract's start date is unknown: the reminders cannot be dated",
        f"{deal}: contract.term_months: the contract's term (months) is unknown: the reminders cannot be dated",
    ]
    assert not out.exists()


def test_refuses_to_write_over_the_deal(tmp_path):
    deal = tmp_path / "d.yaml"
    text = Path(LINKSTAR).read_text(encoding="utf-8")
    deal.write_text(text, encoding="utf-8")
    r = _run("remind", str(deal), "-o", str(deal))
    assert r.exit_code == 2
    assert deal.read_text(encoding="utf-8") == text


def test_lifecycle_string_tables_say_the_same_things_in_both_languages():
    from vetting.text.lifecycle_text import table
    from vetting.outputs.report import flat_keys

    assert flat_keys(table("en")) == flat_keys(table("zh"))
    assert all(not v.endswith(" ") for v in _values(table("zh")))


def _values(t):
    for v in t.values():
        yield from (_values(v) if isinstance(v, dict) else v if isinstance(v, list) else [v])
