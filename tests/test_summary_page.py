"""The one-page summary (issue 14 point 5) fits page 1 of the printed report for every bundled deal,
in both languages: the HTML report printed to A4 by headless Chromium, the text of each page read
back with pdftotext. The contents start page 2 (they break before a page), so page 2 beginning with
the contents heading means nothing of the summary (verdict, figures, the questions to ask first,
the three things to do before signing, the fixes) ran over."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from conftest import FIXTURES, chromium, headless
from vetting.workflows.assess import assess_file
from vetting.outputs.report import render, strings

TODAY = dt.date(2026, 12, 1)


def page_text(pdf, n: int) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                         capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    return out.stdout.decode()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_summary_ends_on_page_one(tmp_path, path, lang):
    browser = chromium()
    if browser is None or shutil.which("pdftotext") is None:
        pytest.skip("needs headless Chromium and poppler-utils (pdftotext)")
    a = assess_file(path, lang=lang, today=TODAY)
    page, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    page.write_text(render(a, "html"), encoding="utf-8")
    headless(browser, page, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    t = strings(lang)
    colon = t["doc"]["colon"]
    first, second = page_text(pdf, 1), page_text(pdf, 2)
    for part in (t["summary"]["heading"], t["summary"]["verdict"] + colon.strip() , t["verdict"][a.verdict],
                 t["before"]["heading"], t["top"]["heading"]):
        assert part in first, part
    if a.fix_first:  # the last fix of the list, with its effect on the score
        assert f"{a.fix_first[-1].score_after:.1f}" in first.split(t["top"]["heading"], 1)[1]
    assert second.lstrip().startswith(t["toc"]["heading"]), second[:300]
