"""Deal text stays where it belongs (issue 25 item 4): a line break in a claim, a KPI name or the
seller's name stays inside its list item or table cell in every Markdown output; the .ics calendar
never carries a raw control character; the because line says "no sales yet" for a store without sales."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from vetting.cli import _register, cli

_register()
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
BREAKS = str(DATA / "line-breaks.yaml")
V1 = str(ROOT / "fixtures" / "linkstar-proposal.yaml")
V2 = str(ROOT / "fixtures" / "linkstar-proposal-v2.yaml")
ACTUALS = str(ROOT / "fixtures" / "linkstar-actuals.csv")


def _run(*args):
    return CliRunner().invoke(cli, list(args))


def _broken_out(md: str) -> list[str]:
    """Lines of a Markdown output that a deal text's own line break started: a setext underline, a
    heading, a task item or the claim's second line on a line of its own."""
    return [line for line in md.splitlines()
            if line.strip() == "===" or line.lstrip().startswith(("# 标题", "- [x]", "Proceed", "==="))]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", [
    ("assess", BREAKS, "--format", "md", "--today", "2026-02-01"),
    ("diff", V2, BREAKS, "--format", "md"),
    ("track", BREAKS, ACTUALS, "--format", "md", "--today", "2026-04-03"),
    ("compare", V1, BREAKS, "--format", "md"),
])
def test_line_breaks_in_deal_text_stay_inside_their_list_item_or_cell(command, lang):
    r = _run(*command, "--lang", lang)
    assert r.exit_code in (0, 1), r.output
    md = r.stdout
    assert _broken_out(md) == []
    for line in md.splitlines():  # a table row keeps its cells on one line
        if line.startswith("|"):
            assert line.rstrip().endswith("|"), line
    if command[0] == "assess":
        # the claim, folded onto its list item's line
        assert re.search(r"^ +- .*Verdict: Proceed - all checks passed ===", md, re.M)
        assert ("深圳某3C科技有限公司 ===" in md) and ("月销百万 - [x] 已达标 # 标题" in md)
    if command[0] == "track":
        assert "### 月销百万 - [x] 已达标 # 标题" in md


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_control_characters_never_reach_the_calendar_raw(tmp_path, lang):
    import icalendar

    out = tmp_path / "deal.ics"
    r = _run("remind", str(DATA / "ics-control-characters.yaml"), "--lang", lang, "-o", str(out))
    assert r.exit_code == 0, r.output  # a line break in a title was exit 3 (an internal error)
    data = out.read_bytes()
    # every CR ends a line (CRLF), no NUL or other control character (RFC 5545 TEXT), and no forged event
    assert re.search(rb"\r(?!\n)", data) is None and re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data) is None
    lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")  # unfolded content lines
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert sum(line == "BEGIN:VEVENT" for line in lines) == len(events) > 10
    assert not any(line.startswith("SUMMARY:Pay") for line in lines)
    summaries = {str(e["summary"]) for e in events}
    # the title on one line, its breaks folded into spaces, the NUL shown as U+FFFD
    title = "LinkStar END:VEVENT BEGIN:VEVENT SUMMARY:Pay 50,000 today\ufffd renewal"
    assert all(title in s and "\n" not in s for s in summaries)
    milestone = next(e for e in events if str(e["uid"]).endswith("-milestone-1@vetting"))
    # a description keeps its line breaks as the format writes them (\n), its other controls as U+FFFD
    assert "月销达到60万\n（以卖家后台Business Report为准）\ufffd" in str(milestone["description"])
    assert "联星出海 LinkStar" in str(milestone["description"])  # a name inside a sentence stays on one line


@pytest.mark.parametrize("lang, words", [("en", "no sales yet"), ("zh", "尚无销售")])
def test_the_because_line_says_no_sales_yet_not_the_internal_figure(lang, words):
    import json

    md = _run("assess", str(DATA / "no-sales.yaml"), "--lang", lang, "--today", "2026-02-01").stdout
    because = [line for line in md.splitlines() if line.startswith(("  - *Because*", "  - *判断依据*"))]
    assert because and not [line for line in because if "1,000,000" in line]
    sep = ": " if lang == "en" else "："
    months = "payment up front, in months of sales" if lang == "en" else "预付款相当于几个月的销售额"
    share = "fixed monthly fee as a share of monthly GMV" if lang == "en" else "每月固定费用占月 GMV 的比例"
    assert any(f"{months}{sep}{words}" in line for line in because)
    assert any(f"{share}{sep}{words}" in line for line in because)
    data = json.loads(_run("assess", str(DATA / "no-sales.yaml"), "--lang", lang, "--format", "json",
                           "--today", "2026-02-01").stdout)
    lines = [f["because"] for f in data["findings"] if f["because"]]
    assert sum(words in line for line in lines) >= 2 and not [line for line in lines if "1,000,000" in line]
