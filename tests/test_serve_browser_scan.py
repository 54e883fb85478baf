"""The contract review screen of `vetting serve` in a real browser (chromium through Playwright, as
test_serve_browser.py): a contract uploaded in the page, each quote marked, facts accepted, one
edited, the changes checked and applied, in both languages, at desktop width and on a 390 px phone,
with no request leaving the machine."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

import serving
from conftest import FIXTURES, ROOT
from test_serve_browser import Watched, browser  # noqa: F401  (the browser fixture and the watched tab)
from vetting.intake.proposals import propose
from vetting.intake.scan import read_contract
from vetting.model.loading import validate
from vetting.workflows.assess import assess

TODAY = "2026-01-20"
CONTRACT = ROOT / "tests" / "scan_corpus" / "dev" / "d01-zh-store-operation-amazon.txt"
WORDS = {"en": ("Check the changes", "Apply and save as a new version", "Accept"),
         "zh": ("检查改动", "应用并另存为新版本", "采纳")}


@pytest.fixture
def server(tmp_path):
    s = serving.start(str(FIXTURES / "mostly-unknown.yaml"), "--data", str(tmp_path / "data"), "--today", TODAY,
                      cwd=tmp_path)
    s.folder = tmp_path
    yield s
    assert s.stop() == 130


def _index(page, field: str) -> str:
    return page.locator(f'article.proposal[data-field="{field}"]').get_attribute("data-index")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [1280, 390])
def test_a_contract_reviewed_and_applied_in_the_page(browser, server, lang, width):  # noqa: F811
    tab = Watched(browser, server, width=width)
    page = tab.page
    slot = re.search(r'data-slot="([^"]+)"', server.request("GET", "/")[2].decode()).group(1)
    tab.goto(f"/d/{slot}?lang={lang}")
    page.get_by_test_id("scan-link").click()
    page.wait_for_url(re.compile(r"/scan\?"))
    page.set_input_files("#contract", str(CONTRACT))
    page.wait_for_url(re.compile(r"/scan/[0-9a-f]{12}"), timeout=120000)
    expected = propose(read_contract([str(CONTRACT)]))
    assert page.locator("article.proposal").count() == len(expected)
    # each quote is marked in its page and scrolled into its box
    renewal = page.locator('article.proposal[data-field="contract.auto_renewal.present"]')
    mark = renewal.locator(".page-text mark")
    assert "自动续约" in mark.inner_text()
    box = renewal.locator(".page-text")
    assert box.evaluate("b => b.scrollTop") > 0 or box.evaluate("b => b.scrollHeight <= b.clientHeight")
    # no horizontal scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    check, apply, accept = WORDS[lang]
    i, fee = _index(page, "contract.auto_renewal.present"), _index(page, "fees.base_monthly")
    page.check(f'input[name="d{i}"][value="accept"]')
    page.check(f'input[name="d{fee}"][value="accept"]')
    page.fill(f"#v{fee}", "16000")
    assert page.get_by_label(accept).first.is_visible()
    page.get_by_role("button", name=check).click()
    page.wait_for_selector('[data-testid="changes"]')
    rows = page.locator('[data-testid="changes"] tr[data-field]')
    assert [rows.nth(n).get_attribute("data-field") for n in range(rows.count())] == [
        "contract.auto_renewal.present", "fees.base_monthly"]
    assert list((server.folder / "data").glob("*.yaml")) == []  # checking saves nothing
    page.get_by_role("button", name=apply).click()
    page.wait_for_selector('[data-testid="saved"]')
    saved = next((server.folder / "data").glob("*.yaml"))
    written = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert written["fees"]["base_monthly"] == 16000
    assert written["sources"]["contract.auto_renewal.present"]["from"] == "contract"
    after = assess(validate(written, "x"), today=dt.date.fromisoformat(TODAY))
    page.get_by_test_id("saved").get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/d/{slot}\?"))
    tab.settle()
    assert page.input_value('[name="fees.base_monthly"]') == "16000"
    assert tab.score() == str(after.score)
    tab.close()  # no request left the machine, no script error
