"""Issue 24 item 1: every page vetting writes reads on a phone. At 390 px (Chromium driven by Playwright)
no word or number wraps inside itself, no table cell is squeezed to a sliver, the page is no wider than
the screen outside a container marked as scrolling, and a chart wider than the screen says it scrolls:
the checklist, the comparison, the diff, the tracking page and the portfolio, in both languages.
The measurement is in tests/phone.py."""
from __future__ import annotations

import pytest

import phone
from needs import chromium_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["en", "zh"])
def measured(request, tmp_path_factory):
    path = chromium_path()
    pages = phone.build_pages(request.param, tmp_path_factory.mktemp(f"phone-{request.param}"))
    return request.param, phone.measure(pages, path)


@pytest.mark.parametrize("page", ["checklist", "comparison", "diff", "tracking", "portfolio"])
def test_the_page_reads_on_a_phone(measured, page):
    lang, found = measured
    assert found[page] == [], f"{page} ({lang}) at {phone.WIDTH} px:\n" + "\n".join(found[page])


def test_the_measure_finds_what_a_person_sees(tmp_path):
    """The same measure on a page built to break: one character per line, a wide chart without a hint."""
    path = chromium_path()
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><meta name="viewport" content="width=device-width, initial-scale=1">'
                   '<body style="overflow-wrap:anywhere"><table style="width:100%"><tr>'
                   + "<td>Commission 131,000</td>" * 12 + '</tr></table><div style="overflow-x:auto">'
                   '<svg width="600" height="50"></svg></div></body>', encoding="utf-8")
    found = phone.measure({"bad": bad}, path)["bad"]
    assert any("wraps inside itself" in p for p in found)
    assert any("table cell holds" in p for p in found)
    assert any("chart 600px wide is cut off" in p for p in found)
