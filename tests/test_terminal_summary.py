"""Issue 24 item 5: on a terminal, `vetting assess DEAL` prints a summary a person reads (verdict, score,
level, blockers and first fixes by title, the cancel-by date, the command for the full report) in at
most 60 lines, coloured unless NO_COLOR; it writes no file; piped output and --format md stay the full
Markdown report. The terminal is a real pseudo-terminal (python's pty)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from terminal_run import on_a_terminal
from vetting.workflows.assess import assess_file
from vetting.outputs.report import render
from vetting.outputs.summary import blocker_titles, terminal_lines

DATA = Path(__file__).parent / "data" / "users"
DEAL = DATA / "renewing-rank-package.yaml"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def deal_copy(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / DEAL.name).write_bytes(DEAL.read_bytes())
    return work


def test_a_terminal_gets_a_short_coloured_summary_and_no_file(deal_copy):
    before = sorted(p.name for p in deal_copy.iterdir())
    shown, code = on_a_terminal(["assess", DEAL.name, "--today", "2027-01-20"], deal_copy)
    assert code == 0
    assert sorted(p.name for p in deal_copy.iterdir()) == before  # nothing written that the user did not name
    plain = ANSI.sub("", shown)
    lines = plain.rstrip("\n").split("\n")
    assert len(lines) <= 60, len(lines)
    assert "\x1b[31m" in shown  # the verdict and blockers in red
    assert "Verdict: Do not sign" in plain
    assert "Risk score: 94.3 / 100 · critical" in plain
    # blockers and fixes by title, not bare ids
    assert "✖ The provider wants the primary (main) store login (SEC-001)" in plain
    # paid reviews and fake orders offered: reasons to walk away, which no clause fixes, so no fix is listed
    assert ("Some of these blockers are what the provider itself does, which no clause fixes: walk away, or check "
            "them yourself first.") in plain
    assert "What to fix first" not in plain and "1. " not in plain
    assert "Give notice" in plain or "cancel-by date Jan 13, 2027" in plain
    assert "Jan 13, 2027" in plain
    assert f"vetting assess {DEAL.name} --today 2027-01-20 -o renewing-rank-package-report.md" in plain
    assert "# Pre-signing checklist" not in plain and "## " not in plain  # not the Markdown report


def test_no_color_is_respected_and_chinese_reads_as_chinese(deal_copy):
    shown, code = on_a_terminal(["assess", DEAL.name, "--lang", "zh", "--today", "2027-01-20"], deal_copy,
                                 {"NO_COLOR": "1"})
    assert code == 0
    assert "\x1b[" not in shown
    assert "结论：不建议签约" in shown
    assert "✖ 服务商要求交出店铺主账号（SEC-001）" in shown
    assert "自动续约：" in shown and "2027年1月13日" in shown
    assert len(shown.rstrip("\n").split("\n")) <= 60


def test_format_md_on_a_terminal_and_a_pipe_stay_the_full_report(deal_copy):
    shown, code = on_a_terminal(["assess", DEAL.name, "--format", "md", "--today", "2027-01-20"], deal_copy)
    full = render(assess_file(str(DEAL), today=_day("2027-01-20")), "md")
    assert code == 0 and shown == full
    piped = subprocess.run([sys.executable, "-m", "vetting.cli", "assess", DEAL.name, "--today", "2027-01-20"],
                           cwd=deal_copy, capture_output=True, text=True, encoding="utf-8")
    assert piped.returncode == 0 and piped.stdout == full


def _day(text):
    import datetime as dt

    return dt.date.fromisoformat(text)


def test_the_library_summary_names_blockers_by_title_and_stays_short():
    a = assess_file(str(DEAL), today=_day("2027-01-20"))
    titles = dict(blocker_titles(a))
    assert titles["SEC-001"] == "The provider wants the primary (main) store login"
    lines = terminal_lines(a, ["vetting assess deal.yaml -o report.md"])
    texts = [line.text for line in lines]
    assert len(texts) <= 60
    assert lines[3].tone == "bad" and texts[3] == "Verdict: Do not sign"
    assert any(t.startswith("  ✖ The provider offers paid reviews") for t in texts)
    # never a bare id list: ids stand only in brackets after the title they belong to
    assert not any(re.search(r"(?<!\()\b[A-Z]{2,5}-\d{3}(, [A-Z]{2,5}-\d{3})+\b", t) for t in texts)
    assert texts[-1] == "  vetting assess deal.yaml -o report.md"
