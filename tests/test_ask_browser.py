"""The HTML questionnaire (`vetting ask --format html`) in a real browser, offline: Playwright for
Python driving Debian's chromium. Every request the page makes other than its own file is aborted and
recorded, and the record must stay empty; the provider fills the form in and saves the answers file
(vetting/answers@1), in both languages and at phone width (390 px)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import FIXTURES
from needs import chromium_path, require
from vetting.model.loading import load_deal
from vetting.workflows import formkey
from vetting.workflows.ask import questionnaire

TODAY = dt.date(2026, 1, 20)


@pytest.fixture(autouse=True)
def config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("VETTING_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(None, "Playwright for Python (pip install '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=["--disable-background-networking",
                                                          "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


def _open(browser, page_file, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True,
                                  service_workers="block")
    left = []

    def guard(route):
        if route.request.url.startswith("file://") and route.request.url.endswith(page_file.name):
            return route.continue_()
        left.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    context.set_offline(True)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page_file.as_uri())
    return context, page, left, errors


@pytest.mark.parametrize("lang,width", [("zh", 390), ("en", 1280), ("en", 390)])
def test_the_form_is_filled_and_saved_offline(browser, tmp_path, lang, width):
    form = questionnaire(load_deal(FIXTURES / "linkstar-proposal.yaml"), lang=lang, fmt="html", today=TODAY)
    page_file = tmp_path / "q.html"
    page_file.write_bytes(form.data)
    context, page, left, errors = _open(browser, page_file, width)
    try:
        asked = form.spec.asked
        bool_row = next(r for r in asked if r.kind == "bool")
        text_row = next(r for r in asked if r.kind in ("text", "number"))
        yes = {"zh": "是", "en": "Yes"}[lang]
        page.select_option(f"#a{bool_row.row}", yes)
        page.fill(f"#e{bool_row.row}", "合同草稿v3.pdf 第8.2条")
        page.fill(f"#d{bool_row.row}", "2026-01-18")
        page.fill(f"#a{text_row.row}", "30")
        page.fill(f"#c{text_row.row}", "以合同为准")
        page.fill("#answered_by", "王经理 (LinkStar)")
        # at phone width nothing needs a sideways scroll
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        with page.expect_download() as info:
            page.click("#save")
        download = info.value
        saved = tmp_path / "answers.json"
        download.save_as(saved)
        assert download.suggested_filename == f"{form.spec.deal_id}.answers-{form.spec.ask_id}.json"
        data = json.loads(saved.read_text(encoding="utf-8"))
        assert data["format"] == "vetting/answers@1"
        assert (data["ask_id"], data["digest"], data["deal_id"]) == (form.spec.ask_id, form.spec.digest, form.spec.deal_id)
        assert data["answered_by"] == "王经理 (LinkStar)" and len(data["date"]) == 10
        rows = {r["row"]: r for r in data["rows"]}
        assert sorted(rows) == [r.row for r in asked]
        key = formkey.form_key()
        for r in data["rows"]:
            assert formkey.same(r["tag"], formkey.row_tag(key, data["ask_id"], r["row"], r["field"]))
        assert rows[bool_row.row]["answer"] == yes and rows[bool_row.row]["evidence_date"] == "2026-01-18"
        assert rows[bool_row.row]["evidence"] == "合同草稿v3.pdf 第8.2条"
        assert rows[text_row.row]["answer"] == "30" and rows[text_row.row]["comment"] == "以合同为准"
        assert all(rows[n]["answer"] == "" for n in rows if n not in (bool_row.row, text_row.row))
        assert page.text_content("#saved")
        assert left == [] and errors == []
    finally:
        context.close()


def test_the_page_asks_for_nothing_outside_itself(tmp_path):
    form = questionnaire(load_deal(FIXTURES / "mostly-unknown.yaml"), lang="zh", fmt="html", today=TODAY)
    text = form.data.decode("utf-8")
    assert "http://" not in text and "https://" not in text and "src=" not in text and "<link" not in text
    assert "Content-Security-Policy" in text and "default-src 'none'" in text and "connect-src 'none'" in text
    assert text.count('<div class="q"') == form.count
