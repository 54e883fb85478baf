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
