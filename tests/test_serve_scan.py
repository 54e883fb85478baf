"""`vetting serve`'s contract review screen over HTTP: a contract uploaded through the guarded path,
scanned as `vetting scan` scans it, proposals accepted / rejected / edited, the accepted ones applied
with `from: contract` provenance and saved as a new version (CONTRACTS B/C)."""
from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlencode

import pytest
import yaml
from markupsafe import escape

import serving
from conftest import FIXTURES, ROOT
from vetting.intake.proposals import propose
from vetting.intake.scan import read_contract
from vetting.model.loading import load_deal, validate
from vetting.web import store
from vetting.workflows.assess import assess

TODAY = "2026-01-20"
CORPUS = ROOT / "tests" / "scan_corpus" / "dev"
CONTRACT = CORPUS / "d01-zh-store-operation-amazon.txt"
DEAL = FIXTURES / "mostly-unknown.yaml"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-scan")
    s = serving.start(str(DEAL), "--data", str(folder / "data"), "--today", TODAY, cwd=folder)
    s.folder = folder
    yield s
    assert s.stop() == 130


def _slot(served) -> str:
    page = served.request("GET", "/")[2].decode()
    return re.search(r'data-slot="([^"]+)"', page).group(1)


def _upload(served, slot, raw: bytes, name: str, lang="en", **headers):
    hdrs = {"X-CSRF-Token": served.csrf_token, "X-Filename": name, **headers}
    return served.request("POST", f"/d/{slot}/scan?lang={lang}", raw, hdrs)


def _review(served, slot, lang="en") -> tuple[str, str]:
    status, _, body = _upload(served, slot, CONTRACT.read_bytes(), CONTRACT.name, lang)
    assert status == 200, body
    location = json.loads(body)["location"]
    status, _, page = served.request("GET", location)
    assert status == 200
    return location.split("?")[0], page.decode()


def _decide(served, base: str, action: str, pairs, lang="en") -> str:
    body = urlencode([("csrf", served.csrf_token), *pairs])
    status, _, page = served.request("POST", f"{base}/{action}?lang={lang}", body,
                                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200, page[:300]
    return page.decode()


def _fields(page: str) -> list[str]:
    return re.findall(r'<article class="proposal[^"]*" data-field="([^"]+)" data-index="(\d+)"', page)


def test_each_proposal_is_shown_with_its_quote_marked_in_its_page(served):
    slot = _slot(served)
    base, page = _review(served, slot)
    expected = propose(read_contract([str(CONTRACT)]))
    shown = _fields(page)
    assert [f for f, _ in shown] == [p.field for p in expected]
    text = CONTRACT.read_text(encoding="utf-8")
    for p in expected:  # the whole page, the quote marked at its place in it
        assert str(escape(text[:p.start])) + "<mark>" + str(escape(p.quote)) + "</mark>" in page, p.field
    assert "not legal advice" in page
    assert 'name="d0" value="reject" checked' in page  # nothing accepted unless the seller accepts it


def test_the_review_screen_speaks_chinese(served):
    slot = _slot(served)
    _, page = _review(served, slot, lang="zh")
    assert "读服务商发来的合同" in page and "采纳" in page and "不采纳" in page and "检查改动" in page
    assert "不构成法律意见" in page


def test_accepted_facts_are_previewed_then_applied_with_their_provenance(served):
    slot = _slot(served)
    base, page = _review(served, slot)
    fields = dict(_fields(page))
    before_file = list((served.folder / "data").glob("*.yaml"))
    accept = [("d" + fields["contract.auto_renewal.present"], "accept"),
              ("v" + fields["contract.auto_renewal.present"], "true"),
              ("d" + fields["fees.base_monthly"], "accept"), ("v" + fields["fees.base_monthly"], "16000"),
              ("d" + fields["service.dedicated_team"], "reject"), ("v" + fields["service.dedicated_team"], "true")]
    preview = _decide(served, base, "preview", accept)
    assert 'data-testid="changes"' in preview
    rows = re.findall(r'<tr data-field="([^"]+)">', preview)
    assert rows == ["contract.auto_renewal.present", "fees.base_monthly"]  # the rejected one is not applied
    data = store.deal_data(load_deal(DEAL).deal)
    day = dt.date.fromisoformat(TODAY)
    before = assess(validate(data, "x"), today=day)
    assert f'data-testid="score-before">{before.score}<' in preview
    assert list((served.folder / "data").glob("*.yaml")) == before_file  # a preview saves nothing
    saved = _decide(served, base, "apply", accept)
    assert 'data-testid="saved"' in saved
    written = yaml.safe_load(next((served.folder / "data").glob("*.yaml")).read_text(encoding="utf-8"))
    assert written["fees"]["base_monthly"] == 16000  # the seller's edit of the value
    assert written["contract"]["auto_renewal"]["present"] is True
    src = written["sources"]["contract.auto_renewal.present"]
    assert src["from"] == "contract" and src["evidence"] == CONTRACT.name and src["page"] == 1
    assert "自动续约" in src["quote"] and src["clause"] == "2.2"
    assert "service.dedicated_team" not in written["sources"]
    after = assess(validate(written, "x"), today=day)
    assert f'data-testid="score-after">{after.score}<' in preview
    # the interview keeps the provenance of facts it did not change, and drops it for one it did
    pairs = serving.fixture_pairs({k: v for k, v in written.items() if k != "sources"})
    served.answers(slot, pairs)
    pairs = [(n, "false" if n == "contract.auto_renewal.present" else v) for n, v in pairs]
    served.answers(slot, pairs)
    status, _, body = served.request("GET", f"/d/{slot}/deal.yaml")
    kept = yaml.safe_load(body)["sources"]
    assert "fees.base_monthly" in kept and "contract.auto_renewal.present" not in kept


def test_an_edit_the_registry_type_refuses_is_named_and_nothing_applies(served):
    slot = _slot(served)
    base, page = _review(served, slot)
    fields = dict(_fields(page))
    i = fields["fees.base_monthly"]
    page = _decide(served, base, "apply", [("d" + i, "accept"), ("v" + i, "fifteen thousand")])
    assert "fees.base_monthly: &#39;fifteen thousand&#39; is not a number" in page and 'data-testid="saved"' not in page
    assert 'data-testid="apply"' not in page
    page = _decide(served, base, "preview", [("d" + i, "accept"), ("v" + i, "")])
    assert "an accepted fact needs a value" in page


def test_the_scan_screen_keeps_the_servers_guards(served):
    slot = _slot(served)
    raw = CONTRACT.read_bytes()
    assert _upload(served, slot, raw, "c.txt", **{"X-CSRF-Token": "wrong"})[0] == 403
    assert served.request("POST", f"/d/{slot}/scan", raw, {"X-CSRF-Token": served.csrf_token}, origin=False)[0] == 403
    assert served.request("POST", f"/d/{slot}/scan", raw, {"X-CSRF-Token": served.csrf_token,
                                                          "Origin": "http://evil.example"})[0] == 403
    assert served.request("GET", f"/d/{slot}/scan", cookie=False)[0] == 403
    assert served.request("GET", f"/d/{slot}/scan", headers={"Host": "evil.example"})[0] == 400
    assert _upload(served, slot, b"x" * (7 * 1024 * 1024), "big.txt")[0] == 413
    base, _ = _review(served, slot)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert served.request("POST", f"{base}/apply", "csrf=wrong&d0=accept", form)[0] == 403
    assert served.request("GET", f"/d/{slot}/scan/000000000000")[0] == 404
    assert served.request("GET", "/d/..%2F/scan")[0] == 404


@pytest.mark.parametrize("name, raw, expected", [
    ("contract.doc", b"\xd0\xcf\x11\xe0 old word", ".doc"),
    ("empty.pdf", b"%PDF-1.4 not really", "contract"),
    ("other.txt", "これは日本語の契約書です。".encode() * 40, "language"),
])
def test_a_contract_the_scan_cannot_read_is_one_line_named_after_the_upload(served, name, raw, expected):
    status, _, body = _upload(served, _slot(served), raw, name)
    assert status == 400
    problems = json.loads(body)["problems"]
    assert len(problems) == 1 and problems[0].startswith(name + ": ") and "Traceback" not in problems[0]
    assert "/tmp" not in problems[0] and "vetting-scan-" not in problems[0]
