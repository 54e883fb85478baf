"""The questionnaire screen of `vetting serve` in a real browser (chromium through Playwright, as
test_serve_browser.py): a provider's filled form uploaded in the page, the merge shown, saved as a new
version, in both languages, at desktop width and on a 390 px phone, with no request leaving the machine."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

import formfill
import serving
from conftest import FIXTURES
from formfill import Row
from test_serve_browser import Watched, browser  # noqa: F401  (the browser fixture and the watched tab)
from vetting.model.loading import validate
from vetting.workflows.assess import assess

TODAY = "2026-01-20"
SAVE = {"en": "Save as a new version", "zh": "另存为新版本"}


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.setenv("VETTING_CONFIG_DIR", str(tmp_path / "config"))
    s = serving.start(str(FIXTURES / "mostly-unknown.yaml"), "--data", str(tmp_path / "data"), "--today", TODAY,
                      cwd=tmp_path)
    s.folder = tmp_path
    yield s
    assert s.stop() == 130


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [1280, 390])
def test_a_filled_form_merged_and_saved_in_the_page(browser, server, tmp_path, lang, width):  # noqa: F811
    filled = tmp_path / "回复.xlsx"
    formfill.write_form(filled, "tiktok-first-call", [
        Row("contract.stop_loss.present", "否", "合同草稿v2.pdf", "2026-01-10"), Row("contract.auto_renewal.present", "是"),
        Row("contract.auto_renewal.cancel_notice_days", 60), Row("fees.model", "固定费用")], lang=lang)
    tab = Watched(browser, server, width=width)
    page = tab.page
    slot = re.search(r'data-slot="([^"]+)"', server.request("GET", "/")[2].decode()).group(1)
    tab.goto(f"/d/{slot}?lang={lang}")
    page.get_by_test_id("questions-link").click()
    page.wait_for_url(re.compile(r"/questions\?"))
    with page.expect_download() as got:  # the questionnaire itself, from the page
        page.click(f'[data-download="form-xlsx-{lang}"]')
    download = tmp_path / "form.xlsx"
    got.value.save_as(download)
    assert got.value.suggested_filename == "tiktok-first-call.questions.xlsx" and download.read_bytes()[:2] == b"PK"
    page.fill("#answered-by", "王经理")
    page.set_input_files("#answers-file", str(filled))
    page.wait_for_url(re.compile(r"/questions/[0-9a-f]{12}"), timeout=60000)
    rows = page.locator('[data-testid="applied"] tr[data-field]')
    assert [rows.nth(n).get_attribute("data-field") for n in range(rows.count())] == [
        "contract.stop_loss.present", "contract.auto_renewal.present", "contract.auto_renewal.cancel_notice_days",
        "fees.model"]
    assert page.get_by_test_id("diff").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert list((server.folder / "data").glob("*.yaml")) == []
    page.get_by_role("button", name=SAVE[lang]).click()
    page.wait_for_selector('[data-testid="saved"]')
    written = yaml.safe_load(next((server.folder / "data").glob("*.yaml")).read_text(encoding="utf-8"))
    assert written["sources"]["contract.stop_loss.present"]["by"] == "王经理"
    after = assess(validate(written, "x"), today=dt.date.fromisoformat(TODAY))
    assert page.get_by_test_id("score-after").inner_text() == str(after.score)
    page.get_by_test_id("saved").get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/d/{slot}\?"))
    tab.settle()
    assert page.input_value('[name="contract.auto_renewal.cancel_notice_days"]') == "60"
    assert tab.score() == str(after.score)
    tab.close()
