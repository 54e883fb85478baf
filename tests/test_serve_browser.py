"""`vetting serve` in a real browser: Playwright for Python driving Debian's chromium (no browser
download, no pytest plugin). Skipped with a reason where chromium or Playwright is missing; under
CI=true that skip is a failure. Every request the pages make is watched: anything not addressed to
the local server is aborted and recorded, and the record must stay empty."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from urllib.parse import urlencode, urlsplit

import pytest

import serving
from conftest import FIXTURES, chromium
from vetting.workflows.assess import assess_file
from vetting.model.loading import load_deal
from vetting.web import store

TODAY = "2026-01-20"
BUNDLED = sorted(FIXTURES.glob("*.yaml")) + sorted((FIXTURES / "compare").glob("*.yaml"))
VERDICTS = {"proceed", "negotiate", "do_not_sign", "insufficient_information"}


def _need_browser() -> str:
    reason = ""
    path = chromium()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "Playwright for Python is not installed (pip install '.[test]')"
    if path is None:
        reason = "no chromium binary (apt-get install chromium) for the browser tests of vetting serve"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"under CI the browser tests must run: {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def browser():
    path = _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=["--disable-background-networking",
                                                          "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-browser")
    s = serving.start(*[str(p) for p in BUNDLED], "--data", str(folder / "data"), "--today", TODAY, cwd=folder)
    s.folder = folder
    yield s
    assert s.stop() == 130


class Watched:
    """A browser context whose requests may go only to the local server."""

    def __init__(self, browser, server, width: int = 1280, token: bool = True):
        self.server = server
        self.elsewhere: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        if token:
            self.page.goto(server.url)

    def _route(self, route):
        parts = urlsplit(route.request.url)
        if parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.port == self.server.port:
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()

    def goto(self, path: str):
        return self.page.goto(self.server.base + path)

    def settle(self):
        self.page.wait_for_selector('#panel[data-state="ready"]', timeout=60000)

    def score(self) -> str:
        return self.page.get_by_test_id("score").inner_text()

    def verdict(self) -> str:
        return self.page.get_by_test_id("verdict").get_attribute("data-verdict")

    def close(self):
        self.context.close()
        assert self.elsewhere == [], f"requests that left the machine: {self.elsewhere}"
        assert self.errors == []


@pytest.fixture
def tab(browser, server):
    w = Watched(browser, server)
    yield w
    w.close()


def _slots(server) -> dict[str, str]:
    page = server.request("GET", "/")[2].decode()
    return {origin: slot for slot, origin in re.findall(r'data-slot="([^"]+)" data-origin="([^"]*)"', page)}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_each_bundled_deal_shows_the_score_of_vetting_assess(tab, server, path):
    slot = _slots(server)[str(path.resolve())]
    tab.goto(f"/d/{slot}")
    expected = assess_file(path, today=dt.date.fromisoformat(TODAY))
    assert tab.score() == str(expected.score)
    assert tab.verdict() == expected.verdict


def test_a_new_deal_answered_from_scratch_reaches_a_verdict(tab):
    page = tab.page
    page.get_by_role("button", name="Start a new deal").click()
    page.wait_for_url(re.compile(r"/d/deal-\d+"))
    assert page.input_value('[name="as_of"]') == TODAY
    page.fill('[name="provider.name"]', "Blue Wave 蓝浪")
    page.select_option('[name="fees.model"]', "base_plus_commission")
    page.fill('[name="fees.base_monthly"]', "12000")
    page.fill('[name="fees.commission_pct"]', "6")
    page.select_option('[name="fees.commission_basis"]', "total_gmv")
    page.check('[name="contract.stop_loss.present"][value="false"]')
    page.check('[name="contract.termination.for_convenience"][value="false"]')
    page.fill('[name="contract.termination.early_termination_fee"]', "30000")
    page.click('button[data-add="kpis"]')
    page.select_option('[name="kpis[0].metric"]', "gmv")
    page.fill('[name="kpis[0].target"]', "1000000")
    page.keyboard.press("Tab")
    tab.settle()
    assert tab.verdict() in VERDICTS and float(tab.score()) > 0
    assert page.input_value('[name="kpis[0].id"]') == "kpi-1"


def test_changing_one_answer_changes_the_assessment_and_a_finding_opens(tab, server):
    slot = _slots(server)[str((FIXTURES / "linkstar-proposal.yaml").resolve())]
    tab.goto(f"/d/{slot}?lang=en")
    before = (tab.score(), tab.verdict())
    page = tab.page
    page.check('[name="contract.stop_loss.present"][value="true"]')
    tab.settle()
    assert (tab.score(), tab.verdict()) != before
    page.check('[name="contract.stop_loss.present"][value=""]')  # back to "don't know"
    tab.settle()
    finding = page.locator("details.finding").first
    finding.locator("summary").click()
    assert "Why it matters:" in finding.inner_text() and "Clause to ask for:" in finding.inner_text()
    assert "Because:" in finding.inner_text()


def test_keyboard_alone_answers_a_question(tab, server):
    slot = _slots(server)[str((FIXTURES / "lock-in.yaml").resolve())]
    tab.goto(f"/d/{slot}")
    page = tab.page
    before = tab.score()
    page.focus('[name="contract.termination.for_convenience"][value=""]')
    page.keyboard.press("ArrowLeft")  # radios: the arrow keys move the answer
    tab.settle()
    assert page.evaluate("document.activeElement.name") == "contract.termination.for_convenience"
    assert tab.score() != before or tab.verdict()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") in ("INPUT", "SELECT", "TEXTAREA", "SUMMARY", "BUTTON", "A")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_phone_layout_has_no_horizontal_scroll_and_every_input_a_label(browser, server, lang):
    w = Watched(browser, server, width=390)
    try:
        slot = _slots(server)[str((FIXTURES / "linkstar-proposal.yaml").resolve())]
        w.goto(f"/d/{slot}?lang={lang}")
        page = w.page
        page.locator("details.finding").first.locator("summary").click()
        page.locator("details.help").first.locator("summary").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.click('a[href="#topic-fees"]')  # scrolled down to the questions, the verdict stays in sight
        assert page.locator("#mini").is_visible() and w.score() in page.inner_text("#mini")
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
            .filter(e => e.type !== 'hidden' && !e.closest('template') && e.labels.length === 0).map(e => e.name)""")
        assert unlabelled == []
        w.goto(f"/?lang={lang}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        w.close()


def test_both_languages_and_switching_keeps_the_answers(tab, server):
    slot = _slots(server)[str((FIXTURES / "vague-kpis.yaml").resolve())]
    tab.goto(f"/d/{slot}?lang=en")
    page = tab.page
    page.fill('[name="seller.name"]', "Shenzhen Example Co")
    page.keyboard.press("Tab")
    tab.settle()
    page.click("a[data-lang-switch][hreflang=zh]")
    page.wait_for_url(re.compile(r"lang=zh"))
    assert page.input_value('[name="seller.name"]') == "Shenzhen Example Co"
    assert "服务商的全称是什么" in page.inner_text("main")
    assert re.search(r"[\u4e00-\u9fff]", page.get_by_test_id("verdict").inner_text())
    assert page.locator('[name="fees.model"] option[value="commission_only"]').inner_text() == "纯佣金"
    assert page.get_attribute("html", "lang") == "zh-CN"


def test_without_the_link_the_browser_gets_nothing(browser, server):
    w = Watched(browser, server, token=False)
    try:
        assert w.goto("/").status == 403
        assert w.goto("/?token=not-the-token").status == 403
        w.page.goto(server.url)
        cookie = {c["name"]: c for c in w.context.cookies()}[f"vetting-serve-{server.port}"]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert "token=" not in w.page.url  # the token leaves the address bar
    finally:
        w.close()


def test_fifty_concurrent_reassessments_from_two_tabs(browser, server):
    """Two tabs fire 25 re-assessments each at the same time; every answer is its own."""
    slot = _slots(server)[str((FIXTURES / "linkstar-proposal.yaml").resolve())]
    base = store.deal_data(load_deal(FIXTURES / "linkstar-proposal.yaml").deal)
    bodies, expected = [], []
    for i in range(50):
        data = json.loads(json.dumps(base))
        data["contract"]["stop_loss"] = {"present": i % 2 == 0, "no_fault_exit": i % 3 == 0}
        data["fees"]["setup_fee"] = 500 * i
        bodies.append(urlencode(serving.fixture_pairs(data)))
        from vetting.workflows.assess import assess
        from vetting.model.loading import validate
        expected.append(assess(validate(data, "x"), today=dt.date.fromisoformat(TODAY)))
    tabs = [Watched(browser, server), Watched(browser, server)]
    try:
        # each tab starts its 25 requests and returns at once, so both tabs' requests are in flight together
        script = """([url, bodies]) => {
            const csrf = document.querySelector('meta[name="csrf-token"]').content;
            window.__replies = null;
            Promise.all(bodies.map(b => fetch(url, {method: 'POST', body: b,
                headers: {'X-CSRF-Token': csrf, 'Content-Type': 'application/x-www-form-urlencoded'}}).then(r => r.json())))
              .then(replies => { window.__replies = replies.map(r => r.html); });
        }"""
        for t in tabs:
            t.goto(f"/d/{slot}")
        url = f"/d/{slot}/answers?lang=en"
        for k, t in enumerate(tabs):
            t.page.evaluate(script, [url, bodies[k::2]])
        results = []
        for t in tabs:  # bounded wait (wait_for_function evaluates a string, which the page's CSP forbids)
            for _ in range(600):
                replies = t.page.evaluate("() => window.__replies")
                if replies is not None:
                    break
                t.page.wait_for_timeout(200)
            results.append(replies)
        for k, htmls in enumerate(results):
            for html, a in zip(htmls, expected[k::2]):
                assert f'data-testid="score">{a.score}<' in html and f'data-verdict="{a.verdict}"' in html
    finally:
        for t in tabs:
            t.close()


def _fill(page, name: str, value: str) -> None:
    sel = f'[name="{name}"]'
    kind = page.eval_on_selector(sel, "e => e.tagName + ':' + (e.type || '')")
    if kind.startswith("SELECT"):
        page.select_option(sel, value)
    elif kind.endswith(":radio") or kind.endswith(":checkbox"):
        page.check(f'{sel}[value="{value}"]')
    else:
        page.fill(sel, value)


def test_the_linkstar_proposal_answered_in_the_form_gives_the_cli_json_byte_for_byte(tab, server, tmp_path):
    """Every fact of fixtures/linkstar-proposal.yaml typed and ticked into the rendered form, by input name."""
    page = tab.page
    page.get_by_role("button", name="Start a new deal").click()
    page.wait_for_url(re.compile(r"/d/deal-\d+"))
    data = store.deal_data(load_deal(FIXTURES / "linkstar-proposal.yaml").deal)
    for group, n in (("kpis", len(data["kpis"])), ("claims", len(data["claims"])),
                     ("track_record.case_studies", len(data["track_record"]["case_studies"]))):
        for _ in range(n):
            page.click(f'button[data-add="{group}"]')
    for name, value in serving.fixture_pairs(data):
        if name == "format":
            assert page.input_value('[name="format"]') == value
            continue
        _fill(page, name, value)
    page.keyboard.press("Tab")
    tab.settle()
    assert page.locator("#problems li").count() == 0
    with page.expect_download() as info:
        page.click('a[data-download="json"]')
    got = (tmp_path / "got.json")
    info.value.save_as(got)
    cli = subprocess.run([sys.executable, "-m", "vetting.cli", "assess", str(FIXTURES / "linkstar-proposal.yaml"),
                          "--format", "json", "--today", TODAY], capture_output=True, check=True).stdout
    assert got.read_bytes() == cli
    # saved, the deal re-assesses identically from the command line
    page.click("#save")
    page.wait_for_selector("#save-status:has-text('Saved')")
    slot = re.search(r"/d/([^?]+)", page.url).group(1)
    saved = server.folder / "data" / f"{slot}.yaml"
    again = subprocess.run([sys.executable, "-m", "vetting.cli", "assess", str(saved), "--format", "json",
                            "--today", TODAY], capture_output=True, check=True).stdout
    assert again == cli


def test_the_letter_copies_to_the_clipboard(browser, server):
    w = Watched(browser, server)
    try:
        w.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base)
        slot = _slots(server)[str((FIXTURES / "black-hat-promises.yaml").resolve())]
        w.goto(f"/d/{slot}?lang=zh")
        page = w.page
        page.click("details.letter summary")
        for _ in range(100):  # bounded: the letter is fetched when the section opens
            if page.input_value("#letter-text"):
                break
            page.wait_for_timeout(100)
        letter = page.input_value("#letter-text")
        assert "您好：" in letter.splitlines()[0] and "\n1. " in letter
        page.click("button[data-copy]")
        page.wait_for_selector("[data-copied]:not([hidden])")
        assert page.evaluate("() => navigator.clipboard.readText()") == letter
    finally:
        w.close()


def test_a_deal_file_opened_in_the_page(tab, tmp_path):
    page = tab.page
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nprovider: {name: P}\ncontract: {term_months: twelve}\n", encoding="utf-8")
    page.set_input_files("#upload", str(bad))
    page.wait_for_selector("#upload-problems li")
    assert page.inner_text("#upload-problems") == "bad.yaml: contract.term_months: expected a whole number, got 'twelve'"
    page.set_input_files("#upload", str(FIXTURES / "saas-subscription.yaml"))
    page.wait_for_url(re.compile(r"/d/"))
    expected = assess_file(FIXTURES / "saas-subscription.yaml", today=dt.date.fromisoformat(TODAY))
    assert tab.score() == str(expected.score)


def test_questions_that_cannot_concern_the_engagement_are_folded_away(tab):
    page = tab.page
    page.get_by_role("button", name="Start a new deal").click()
    page.wait_for_url(re.compile(r"/d/deal-\d+"))
    kpis = page.locator('section[data-group="kpis"]')
    commission = page.locator('[data-field="fees.commission_pct"]')
    assert kpis.is_visible() and commission.is_visible()  # unknown kind and fee model: everything is asked
    page.select_option('[name="provider.kind"]', "saas")
    page.select_option('[name="fees.model"]', "subscription")
    assert not kpis.is_visible() and not commission.is_visible()
    assert not page.locator('[data-field="contract.stop_loss.present"]').is_visible()
    page.select_option('[name="provider.kind"]', "store_operation")
    assert kpis.is_visible()
    page.select_option('[name="fees.model"]', "base_plus_commission")
    assert commission.is_visible()
    tab.settle()


@pytest.mark.parametrize("lang, new_deal", [("en", "Start a new deal"), ("zh", "开始新交易")])
def test_a_one_off_project_is_not_asked_for_a_stop_loss(tab, lang, new_deal):
    """service.engagement folds away what the registry's `engagements` leave out: the stop-loss and
    the review cadence for a one-off project, shown again for an ongoing service, in either language."""
    page = tab.page
    tab.goto(f"/?lang={lang}")
    page.get_by_role("button", name=new_deal).click()
    page.wait_for_url(re.compile(r"/d/deal-\d+"))
    assert page.get_attribute("html", "lang") == ("zh-CN" if lang == "zh" else "en")
    stop_loss = page.locator('[data-field="contract.stop_loss.present"]')
    cadence = page.locator('[data-field="governance.review_cadence"]')
    kept = page.locator('[data-field="contract.kpi_penalty"]')
    page.select_option('[name="provider.kind"]', "store_operation")
    assert stop_loss.is_visible() and cadence.is_visible()  # engagement unknown: asked
    page.select_option('[name="service.engagement"]', "one_off_project")
    assert not stop_loss.is_visible() and not cadence.is_visible()
    assert kept.is_visible()  # a one-off project answers GOV-007 with a fee cut or a refund
    page.select_option('[name="service.engagement"]', "ongoing")
    assert stop_loss.is_visible() and cadence.is_visible()
    page.select_option('[name="service.engagement"]', "software_subscription")
    assert not stop_loss.is_visible()
    page.select_option('[name="service.engagement"]', "")
    assert stop_loss.is_visible()
    tab.settle()
