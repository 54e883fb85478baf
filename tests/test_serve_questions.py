"""`vetting serve`'s questionnaire screen over HTTP (#22): a provider's filled form (XLSX or the HTML
form's answers file) uploaded through the guarded path, merged through the merge API, the result shown
(applied, conflicts, refused cells, score and verdict before and after, the diff) before it is saved
as a new version. Forms are signed with the test's own form key ($VETTING_CONFIG_DIR under tmp_path)."""
from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote

import pytest
import yaml
from openpyxl import load_workbook

import formfill
import serving
from conftest import FIXTURES
from formfill import Row
from vetting.model.loading import load_deal, validate
from vetting.model.registry import registry
from vetting.web import store
from vetting.workflows.assess import assess

TODAY = "2026-01-20"
DEAL = FIXTURES / "mostly-unknown.yaml"
DEAL_ID = "tiktok-first-call"


@pytest.fixture
def served(tmp_path, monkeypatch):
    monkeypatch.setenv("VETTING_CONFIG_DIR", str(tmp_path / "config"))  # the server and the forms share this key
    s = serving.start(str(DEAL), "--data", str(tmp_path / "data"), "--today", TODAY, cwd=tmp_path)
    s.folder = tmp_path
    yield s
    assert s.stop() == 130


def _slot(served) -> str:
    return re.search(r'data-slot="([^"]+)"', served.request("GET", "/")[2].decode()).group(1)


def _upload(served, path, lang="en", by="王经理"):
    headers = {"X-CSRF-Token": served.csrf_token, "X-Filename": quote(path.name), "X-By": quote(by)}
    return served.request("POST", f"/d/{_slot(served)}/questions?lang={lang}", path.read_bytes(), headers)


def _merge_page(served, path, lang="en") -> tuple[str, str]:
    status, _, body = _upload(served, path, lang)
    assert status == 200, body
    location = json.loads(body)["location"]
    status, _, page = served.request("GET", location)
    assert status == 200
    return location.split("?")[0], page.decode()


ROWS = [Row("contract.stop_loss.present", "否", "合同草稿v2.pdf", "2026-01-10"),
        Row("contract.auto_renewal.present", "是"), Row("contract.auto_renewal.cancel_notice_days", 60),
        Row("fees.model", "固定费用"), Row("data_access.raw_data_export", "不确定")]


@pytest.mark.parametrize("kind", ["xlsx", "json"])
def test_a_filled_form_is_shown_merged_then_saved_as_a_new_version(served, tmp_path, kind):
    path = tmp_path / f"answers.{kind}"
    if kind == "xlsx":
        formfill.write_form(path, DEAL_ID, ROWS, lang="zh")
    else:
        formfill.saved_answers(path, DEAL_ID, ROWS)
    base, page = _merge_page(served, path)
    applied = re.findall(r'<section data-testid="applied">.*?</section>', page, re.S)[0]
    assert re.findall(r'<tr data-field="([^"]+)">', applied) == [
        "contract.stop_loss.present", "contract.auto_renewal.present", "contract.auto_renewal.cancel_notice_days",
        "fees.model"]
    assert "1 questions answered" in page  # raw_data_export: "不确定" stays open
    data = store.deal_data(load_deal(DEAL).deal)
    day = dt.date.fromisoformat(TODAY)
    assert f'data-testid="score-before">{assess(validate(data, "x"), today=day).score}<' in page
    assert 'data-testid="diff"' in page
    assert list((served.folder / "data").glob("*.yaml")) == []  # showing saves nothing
    state = re.search(r'name="state" value="([0-9a-f]+)"', page).group(1)
    status, _, saved = served.request("POST", f"{base}/save?lang=en", f"csrf={served.csrf_token}&prefer=deal&state={state}",
                                      {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and 'data-testid="saved"' in saved.decode()
    written = yaml.safe_load((served.folder / "data" / f"{_slot(served)}.yaml").read_text(encoding="utf-8"))
    assert written["contract"]["stop_loss"]["present"] is False and written["fees"]["model"] == "fixed"
    src = written["sources"]["contract.stop_loss.present"]
    assert src["from"] == "provider" and src["by"] == "王经理" and src["evidence"] == "合同草稿v2.pdf"
    assert "raw_data_export" not in written.get("data_access", {})
    after = assess(validate(written, "x"), today=day)
    assert f'data-testid="score-after">{after.score}<' in page


def test_a_conflicting_answer_is_kept_out_unless_the_answers_are_preferred(served, tmp_path):
    first = tmp_path / "first.json"
    formfill.saved_answers(first, DEAL_ID, [Row("contract.auto_renewal.cancel_notice_days", 60)])
    base, page = _merge_page(served, first)
    state = re.search(r'name="state" value="([0-9a-f]+)"', page).group(1)
    served.request("POST", f"{base}/save", f"csrf={served.csrf_token}&state={state}",
                   {"Content-Type": "application/x-www-form-urlencoded"})
    path = tmp_path / "second.json"
    formfill.saved_answers(path, DEAL_ID, [Row("contract.auto_renewal.cancel_notice_days", 30)])
    base, page = _merge_page(served, path)  # the deal says 60 since the first merge
    assert 'data-testid="conflicts"' in page and 'data-testid="save"' not in page
    status, _, body = served.request("GET", f"{base}?lang=en&prefer=answers")
    page = body.decode()
    applied = re.findall(r'<section data-testid="applied">.*?</section>', page, re.S)[0]
    assert 'data-field="contract.auto_renewal.cancel_notice_days"' in applied and 'data-testid="save"' in page


def test_a_wrong_value_refuses_the_whole_form_with_its_cell_named(served, tmp_path):
    path = tmp_path / "bad.xlsx"
    formfill.write_form(path, DEAL_ID, [Row("contract.termination.notice_days", "thirty"),
                                        Row("contract.termination.for_convenience", "是")])
    _, page = _merge_page(served, path, lang="zh")
    assert 'data-testid="refused-whole"' in page and 'data-testid="save"' not in page
    refused = re.findall(r'<li data-where="([^"]*)" data-path="([^"]*)">', page)
    assert refused == [("Questions!F8", "contract.termination.notice_days")]  # an English form (lang default)
    assert "把服务商的答复导入交易" in page and "什么都没有应用" in page


def test_a_form_for_another_deal_is_one_line(served, tmp_path):
    path = tmp_path / "other.json"
    formfill.saved_answers(path, "some-other-deal", [Row("contract.stop_loss.present", "否")])
    status, _, body = _upload(served, path)
    assert status == 400
    (line,) = json.loads(body)["problems"]
    assert line.startswith("other.json: ") and "some-other-deal" in line and "/tmp" not in line


def test_the_questionnaire_screen_keeps_the_servers_guards(served, tmp_path):
    path = tmp_path / "g.json"
    formfill.saved_answers(path, DEAL_ID, [Row("contract.stop_loss.present", "否")])
    slot = _slot(served)
    raw = path.read_bytes()
    assert served.request("POST", f"/d/{slot}/questions", raw, {"X-CSRF-Token": "wrong"})[0] == 403
    assert served.request("POST", f"/d/{slot}/questions", raw, {"X-CSRF-Token": served.csrf_token},
                          origin=False)[0] == 403
    assert served.request("GET", f"/d/{slot}/questions", cookie=False)[0] == 403
    assert served.request("GET", f"/d/{slot}/questions", headers={"Host": "evil.example"})[0] == 400
    assert served.request("POST", f"/d/{slot}/questions", b"x" * (7 * 1024 * 1024),
                          {"X-CSRF-Token": served.csrf_token, "X-Filename": "big.xlsx"})[0] == 413
    base, page = _merge_page(served, path)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert served.request("POST", f"{base}/save", "csrf=wrong", form)[0] == 403
    assert served.request("GET", f"/d/{slot}/questions/000000000000")[0] == 404


@pytest.mark.parametrize("form_lang, yes", [("zh", "是"), ("en", "yes")])
def test_the_form_downloaded_from_the_page_comes_back_filled(served, tmp_path, form_lang, yes):
    """Download the questionnaire (vetting ask's), fill it as the provider does, upload it: each yes/no
    answered is applied, with the form's id as its source."""
    slot = _slot(served)
    status, headers, body = served.request("GET", f"/d/{slot}/questions/form.xlsx?lang=en&form_lang={form_lang}")
    assert status == 200 and headers["content-disposition"] == f'attachment; filename="{DEAL_ID}.questions.xlsx"'
    path = tmp_path / "form.xlsx"
    path.write_bytes(body)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    asked = []
    for row in range(7, ws.max_row + 1):
        field = ws.cell(row, 1).value
        f = registry().get(re.sub(r"\[[^\]]*\]", "", field)) if field else None
        if f is not None and f.type == "bool" and "[" not in field:
            ws.cell(row, 6).value = yes
            asked.append(field)
    assert asked  # a mostly unknown deal has yes/no questions for the provider
    wb.save(path)
    base, page = _merge_page(served, path)
    applied = re.findall(r'<section data-testid="applied">.*?</section>', page, re.S)[0]
    assert sorted(re.findall(r'<tr data-field="([^"]+)">', applied)) == sorted(asked)
    status, _, html_form = served.request("GET", f"/d/{slot}/questions/form.html?form_lang={form_lang}")
    assert status == 200 and b"vetting/answers@1" in html_form


def test_a_form_is_not_offered_for_a_deal_that_does_not_load(served):
    slot = _slot(served)
    served.answers(slot, [("id", DEAL_ID), ("provider.name", "星火跨境"), ("contract.term_months", "twelve")])
    status, _, body = served.request("GET", f"/d/{slot}/questions/form.xlsx")
    assert status == 409 and b"contract.term_months" in body
    assert served.request("GET", f"/d/{slot}/questions/form.pdf")[0] == 404
