"""Issue 24 item 4: blockers by their titles wherever a person reads them (page one of the checklist in
md and html, the portfolio page, results.xlsx, the comparison), never as a bare list of ids
("SEC-001, SEC-002") that a boss cannot read."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from vetting.workflows.assess import assess_file
from vetting.cli import _register, cli
from vetting.outputs.report import render

_register()
ROOT = Path(__file__).resolve().parents[1]
DEAL = Path(__file__).parent / "data" / "users" / "renewing-rank-package.yaml"
BARE_IDS = re.compile(r"[A-Z]{2,5}-\d{3}(?:, |、)[A-Z]{2,5}-\d{3}")
MAIN_LOGIN = {"en": "The provider wants the primary (main) store login", "zh": "服务商要求交出店铺主账号"}


def _page_one(text: str, marker: str) -> str:
    return next(line for line in text.splitlines() if marker in line)


def test_page_one_names_each_blocker_by_its_title_in_both_languages():
    for lang, marker in (("en", "Blockers (each one alone"), ("zh", "一票否决项（有任何一项就不要签）")):
        a = assess_file(str(DEAL), lang=lang)
        for fmt in ("md", "html"):
            line = _page_one(render(a, fmt), marker)
            assert MAIN_LOGIN[lang] in line, (lang, fmt, line)
            assert not BARE_IDS.search(line), (lang, fmt, line)
    zh = _page_one(render(assess_file(str(DEAL), lang="zh"), "md"), "一票否决项（有任何一项就不要签）")
    assert "服务商提供测评/刷评服务（CMP-001）；服务商提供刷单/补单冲排名（CMP-002）" in zh


def test_portfolio_and_workbook_name_blockers_by_title(tmp_path):
    deals = tmp_path / "deals"
    deals.mkdir()
    shutil.copy(DEAL, deals / DEAL.name)
    shutil.copy(ROOT / "fixtures" / "lock-in.yaml", deals / "lock-in.yaml")
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["batch", str(deals), "--out", str(out), "--no-parquet"])
    assert r.exit_code == 0, r.output
    page = (out / "portfolio.html").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if "home-rank-2026" in line and "<tr" in line)
    assert MAIN_LOGIN["en"] in row and not BARE_IDS.search(row)
    sheet = openpyxl.load_workbook(out / "results.xlsx", read_only=True)["Summary"]
    rows = list(sheet.iter_rows(values_only=True))
    col = rows[0].index("Blockers")
    cell = next(r[col] for r in rows[1:] if r[0] == "home-rank-2026")
    assert MAIN_LOGIN["en"] in cell and not BARE_IDS.search(cell)


def test_the_comparison_names_blockers_by_title(tmp_path):
    for fmt in ("md", "html"):
        out = tmp_path / f"c.{fmt}"
        r = CliRunner().invoke(cli, ["compare", str(DEAL), str(ROOT / "fixtures" / "lock-in.yaml"),
                                     "--format", fmt, "-o", str(out)])
        assert r.exit_code == 0, r.output
        text = out.read_text(encoding="utf-8")
        assert MAIN_LOGIN["en"] in text
        assert not BARE_IDS.search(text.replace("\n", " ")), BARE_IDS.search(text).group(0)
