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
    # start 2026-02-01 + 12 months = renews 2027-02-01; 60 days' notice → cancel by 2026-12-03
    cancel = events["linkstar-2026-q1-cancel-by@vetting"]
    assert cancel.decoded("dtstart") == dt.date(2026, 12, 3)
    assert str(cancel["summary"]) == "Last day to cancel before auto-renewal: 联星出海 LinkStar 全店代运营方案"
    assert "the contract renews on Feb 1, 2027 for another 12 months" in str(cancel["description"])
    triggers = sorted(a.decoded("trigger") for a in cancel.walk("VALARM"))
    assert triggers == [dt.timedelta(days=-30), dt.timedelta(days=-7)]
    assert {str(a["action"]) for a in cancel.walk("VALARM")} == {"DISPLAY"}
    end = events["linkstar-2026-q1-term-end@vetting"]
    assert end.decoded("dtstart") == dt.date(2027, 1, 31)
    reviews = sorted(e.decoded("dtstart") for uid, e in events.items() if "-kpi-review-" in uid)
    assert len(reviews) == 12 and reviews[0] == dt.date(2026, 3, 1) and reviews[-1] == dt.date(2027, 2, 1)
    review = events["linkstar-2026-q1-kpi-review-1@vetting"]
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
    assert str(m["summary"]) == "里程碑复盘（第3个月）：联星出海 LinkStar 全店代运营方案（修订版）"
    review = str(events["linkstar-2026-q1-kpi-review-1@vetting"]["description"])
    assert "止损条款：连续2个月低于目标的80%，可无责解约。" in review
    assert {e.decoded("dtstamp") for e in events.values()} == {dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc)}
    assert str(events["linkstar-2026-q1-cancel-by@vetting"]["description"]).endswith("否则合同将于2027年2月1日自动续约12个月。")
    alarm = events["linkstar-2026-q1-cancel-by@vetting"].walk("VALARM")[0]
    assert str(alarm["description"]).startswith("还有")


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
    from vetting.lifecycle_text import table
    from vetting.report import flat_keys

    assert flat_keys(table("en")) == flat_keys(table("zh"))
    assert all(not v.endswith(" ") for v in _values(table("zh")))


def _values(t):
    for v in t.values():
        yield from (_values(v) if isinstance(v, dict) else [v])
