"""`vetting serve` over HTTP (no browser): the questions, the form's names, the guard, files,
the one engine worker under concurrent requests, Ctrl-C. The browser tests: test_serve_browser.py."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

import serving
import zh_typography as zt
from conftest import FIXTURES, ROOT, chromium
from vetting.workflows.assess import assess
from vetting.model.loading import digest, load_deal, validate
from vetting.web import fieldinfo, formdata, interview, store
from vetting.model import registry

TODAY = "2026-01-20"
BUNDLED = sorted(FIXTURES.glob("*.yaml")) + sorted((FIXTURES / "compare").glob("*.yaml"))


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", str(text)).casefold()


def _restates(question: str, label: str) -> bool:
    """The question is the label, part of it, or the label with a few words around it ("…是多少？")."""
    q, lab = _norm(question), _norm(label)
    return q in lab or (lab in q and len(q) - len(lab) <= 8)


def test_a_restated_label_is_caught():
    assert _restates("每月固定服务费是多少？", "每月固定服务费")
    assert _restates("Fee model?", "fee model")
    assert not _restates("不管做得怎样，每个月固定要付多少服务费？", "每月固定服务费")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_field_has_a_seller_question_that_is_not_its_label(lang):
    table = fieldinfo.questions(lang)
    asked = [p for p in interview.asked() if p != "format"]
    assert sorted({fieldinfo.note_key(p) for p in asked}) == sorted(table)
    restated = [p for p in asked if _restates(table[fieldinfo.note_key(p)]["seller"], fieldinfo.label(p, lang))]
    assert restated == []
    # a question asks: it ends as a question (or tells what to write down, for a quoted text)
    endings = ("?", "？", "。", ".")
    assert [p for p in table if not str(table[p]["seller"]).endswith(endings)] == []


def test_both_languages_ask_about_the_same_fields_and_the_chinese_reads_right():
    assert fieldinfo.questions("en").keys() == fieldinfo.questions("zh").keys()
    found = [f"{k}: {p}" for k, v in fieldinfo.questions("zh").items() for p in zt.problems(v["seller"])]
    web = yaml.safe_load((ROOT / "report_templates" / "web.zh.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((ROOT / "report_templates" / "web.en.yaml").read_text(encoding="utf-8"))

    def leaves(node, prefix=""):
        for k, v in node.items():
            yield from leaves(v, f"{prefix}{k}.") if isinstance(v, dict) else [(f"{prefix}{k}", str(v))]
    found += [f"web.zh {k}: {p}" for k, v in leaves(web) for p in zt.problems(v)]
    assert found == []
    assert dict(leaves(en)).keys() == dict(leaves(web)).keys()


def test_every_field_of_the_deal_is_asked_once():
    asked = interview.asked()
    assert len(asked) == len(set(asked))
    assert set(asked) == set(fieldinfo.specs())


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_the_form_says_every_bundled_deal_exactly(path):
    deal = load_deal(path).deal
    read = formdata.read(serving.fixture_pairs(store.deal_data(deal)))
    assert read.problems == []
    assert digest(validate(read.data, "form").deal) == digest(deal)


def test_a_records_list_said_empty_and_listed_is_a_problem_not_a_guess():
    read = formdata.read([("id", "x"), ("provider.name", "P"), ("kpis", "[]"), ("kpis[0].id", "gmv")])
    assert read.problems == [("kpis", "none_and_listed")]
    read = formdata.read([("id", "x"), ("provider.name", "P"), ("kpis", "[]"), ("nonsense.field", "1")])
    assert read.data["kpis"] == [] and read.problems == [("nonsense.field", "unknown_field")]


@pytest.mark.parametrize("deal_id, slot", [("..", "deal"), ("../../etc/passwd", "etc-passwd"), ("a/b", "a-b"),
                                           (".hidden", "hidden"), ("linkstar-2026-q1", "linkstar-2026-q1")])
def test_a_deal_id_never_names_a_path_outside_the_data_folder(deal_id, slot):
    assert store.slot_for(deal_id, {}) == slot
    assert store.is_slot(slot) and not store.is_slot("..") and not store.is_slot("a/b")


def _start(folder: Path):
    return serving.start(str(FIXTURES / "linkstar-proposal.yaml"), "--data", str(folder / "data"), "--today", TODAY,
                         cwd=folder)


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One server for the tests that only read, or that post complete answers (starting one takes seconds)."""
    s = _start(tmp_path_factory.mktemp("serve"))
    yield s
    assert s.stop() == 130  # Ctrl-C stops it cleanly


@pytest.fixture
def served(tmp_path):
    """A server of the test's own, for the tests about files."""
    s = _start(tmp_path)
    yield s
    assert s.stop() == 130


def test_first_line_is_the_launch_link(shared):
    assert re.fullmatch(r"vetting serve: http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{20,}", shared.lines[0])


def test_without_the_token_every_request_is_refused(shared):
    for path in ("/", "/d/linkstar-2026-q1", "/static/app.js", "/d/linkstar-2026-q1/report.json"):
        assert shared.request("GET", path, cookie=False)[0] == 403
    assert shared.request("GET", "/?token=wrong" + shared.token[6:], cookie=False)[0] == 403
    assert shared.request("GET", "/", headers={"Cookie": f"vetting-serve-{shared.port}=nope"}, cookie=False)[0] == 403
    # a cookie for another port is not this server's
    assert shared.request("GET", "/", headers={"Cookie": f"vetting-serve-1={shared.token}"}, cookie=False)[0] == 403


def test_the_token_becomes_a_cookie_named_after_the_port(shared):
    status, headers, _ = shared.request("GET", f"/?token={shared.token}", cookie=False)
    assert status == 303 and headers["location"] == "/"
    cookie = headers["set-cookie"]
    assert cookie.startswith(f"vetting-serve-{shared.port}={shared.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_every_choice_has_one_chinese_name_in_the_interview_the_offline_form_and_the_reports(shared, tmp_path):
    """TikTok Shop is "TikTok Shop" wherever a Chinese seller or provider reads it: the serve interview,
    the HTML and XLSX questionnaire, the reports (their enum names, aliases.label). One label per value."""
    from openpyxl import load_workbook

    from vetting.decide.questions import _choices
    from vetting.model import aliases
    from vetting.model.registry import choice_label

    for f in registry.registry():
        for c in f.choices:
            names = {c.zh, choice_label(c.value, "zh"), fieldinfo.choice(c.value, "zh"), aliases.label(c.value, "zh"),
                     _choices((c.value,), "zh")[0][1]}
            assert len(names) == 1, (f.path, c.value, names)
    assert choice_label("tiktok_shop", "zh") == "TikTok Shop"
    page = shared.request("GET", "/d/linkstar-2026-q1?lang=zh")[2].decode()
    shown = re.findall(r'value="([a-z_]+)"[^>]*>\s*([^<]+?)\s*</', page)
    assert ("tiktok_shop", "TikTok Shop") in shown and "TikTok小店" not in page
    values = {c.value for f in registry.registry() for c in f.choices}
    assert [(v, n) for v, n in shown if v in values and n != choice_label(v, "zh")] == []
    html, xlsx = tmp_path / "q.html", tmp_path / "q.xlsx"
    for out in (html, xlsx):
        subprocess.run([sys.executable, "-m", "vetting.cli", "ask", str(FIXTURES / "mostly-unknown.yaml"), "--lang", "zh",
                        "-o", str(out), "--format", out.suffix[1:]], check=True, capture_output=True)
    offered = re.findall(r'<option value="([a-z_]+)">([^<]*)</option>', html.read_text(encoding="utf-8"))
    assert len(offered) > 20 and [(v, n) for v, n in offered if n != choice_label(v, "zh")] == []
    book = load_workbook(xlsx)  # the drop-downs: lists inline in the validation, or cells of the hidden sheet
    lists = {n.strip('"') for ws in book.worksheets for dv in ws.data_validations.dataValidation
             for n in str(dv.formula1).split(",")}
    lists |= {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert {n for _, n in offered} - lists == set()


def test_every_response_forbids_inline_script_framing_and_referrers(shared):
    for path in ("/", "/d/linkstar-2026-q1", "/nowhere"):
        headers = shared.request("GET", path)[1]
        assert headers["content-security-policy"].startswith("default-src 'self'; frame-ancestors 'none'")
        assert headers["referrer-policy"] == "no-referrer"
    page = shared.request("GET", "/d/linkstar-2026-q1")[2].decode()
    assert "<script>" not in page and "<script src=\"/static/app.js\"" in page
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers
    assert "http://" not in page.replace(shared.base, "") and "https://" not in page  # nothing from elsewhere


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example", "192.168.1.10"])
def test_a_foreign_host_header_is_refused(shared, host):
    assert shared.request("GET", "/", headers={"Host": host})[0] == 400


@pytest.mark.parametrize("host", ["localhost:{other}", "127.0.0.1:{other}", "[::1]:{other}", "evil.example:{port}",
                                  "localhost", "127.0.0.1:{port}x", "localhost:+{port}", "[::1]{port}"])
def test_a_local_name_at_another_port_is_refused(shared, host):
    """A page served from another port of this machine (or a rebinding name at this port) is not this
    server: refused with the same bilingual line as a foreign name."""
    host = host.format(port=shared.port, other=shared.port + 1 if shared.port < 65535 else 1)
    status, _, body = shared.request("GET", "/", headers={"Host": host})
    assert status == 400
    en, zh = body.decode("utf-8").splitlines()
    assert en.startswith("400 Bad Request:") and "port it listens on" in en
    assert zh.startswith("400 请求无效：") and "端口" in zh


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_the_local_names_are_let_in(shared, host):
    assert shared.request("GET", "/", headers={"Host": f"{host}:{shared.port}"})[0] == 200


def test_a_state_change_needs_the_page_origin_and_the_csrf_token(shared):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    url = "/d/linkstar-2026-q1/answers"
    body = "id=x&provider.name=P"
    assert shared.request("POST", url, body, form, origin=False)[0] == 403
    assert shared.request("POST", url, body, {**form, "Origin": "http://evil.example"})[0] == 403
    assert shared.request("POST", url, body, {**form, "Origin": "null"})[0] == 403
    assert shared.request("POST", url, body, form)[0] == 403  # right origin, no CSRF token
    assert shared.request("POST", url, body, {**form, "X-CSRF-Token": "wrong"})[0] == 403
    assert shared.request("POST", url, body, {**form, "X-CSRF-Token": shared.csrf_token})[0] == 200
    assert shared.request("POST", "/new", "csrf=wrong", form)[0] == 403


def test_a_request_body_over_the_limit_is_refused(shared):
    big = b"x" * (7 * 1024 * 1024)
    status = shared.request("POST", "/open", big, {"X-CSRF-Token": shared.csrf_token, "X-Filename": "big.yaml"})[0]
    assert status == 413


def test_paths_the_browser_names_stay_inside_the_data_folder(served, tmp_path):
    for path in ("/d/..", "/d/..%2F..%2Fetc%2Fpasswd", "/d/.autosave", "/d/a%2Fb", "/d/%2e%2e/report.json"):
        assert served.request("GET", path)[0] == 404
    for path in ("/d/%2e%2e/save", "/d/..%2Fdata/save", "/d/.versions/answers"):
        post = served.request("POST", path, "csrf=" + served.csrf_token,
                              {"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": served.csrf_token})
        assert post[0] == 404
    # a deal whose id is ".." is saved under a plain name inside --data
    reply = served.answers("linkstar-2026-q1", serving.fixture_pairs({"id": "..", "provider": {"name": "P"}}))
    assert reply["problems"] == [] or all(p["path"] != "" for p in reply["problems"])
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [".autosave"]


def test_answers_update_the_assessment_and_are_kept(served, tmp_path):
    data = store.deal_data(load_deal(FIXTURES / "linkstar-proposal.yaml").deal)
    day = __import__("datetime").date.fromisoformat(TODAY)
    before = assess(validate(data, "x"), today=day).score  # what `vetting assess --today` says
    reply = served.answers("linkstar-2026-q1", serving.fixture_pairs(data))
    assert f'data-testid="score">{before}<' in reply["html"] and reply["problems"] == []
    data["contract"]["stop_loss"] = {"present": True, "no_fault_exit": True}
    reply = served.answers("linkstar-2026-q1", serving.fixture_pairs(data))
    expected = assess(validate(data, "x"), today=day)
    assert f'data-testid="score">{expected.score}<' in reply["html"] and expected.score < before
    kept = json.loads((tmp_path / "data" / ".autosave" / "linkstar-2026-q1.json").read_text(encoding="utf-8"))
    assert kept["answers"]["contract"]["stop_loss"] == {"present": True, "no_fault_exit": True}


def test_bad_answers_come_back_next_to_their_fields_in_the_page_language(shared):
    pairs = [("id", "x"), ("provider.name", "P"), ("fees.base_monthly", "lots"), ("contract.term_months", "-3")]
    reply = shared.answers("linkstar-2026-q1", pairs)
    paths = {p["path"]: p["message"] for p in reply["problems"]}
    assert set(paths) == {"fees.base_monthly", "contract.term_months"} and reply["html"] == ""
    assert "lots" in paths["fees.base_monthly"]
    zh = {p["path"]: p["message"] for p in shared.answers("linkstar-2026-q1", pairs, lang="zh")["problems"]}
    assert re.search(r"[\u4e00-\u9fff]", zh["fees.base_monthly"])


def test_save_writes_the_yaml_the_cli_reads_keeps_versions_and_never_the_opened_file(served, tmp_path):
    original = (FIXTURES / "linkstar-proposal.yaml").read_bytes()
    form = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": served.csrf_token}
    assert served.request("POST", "/d/linkstar-2026-q1/save", "", form)[0] == 200
    saved = tmp_path / "data" / "linkstar-2026-q1.yaml"
    cli = [sys.executable, "-m", "vetting.cli", "assess", "--format", "json", "--today", TODAY]
    first = subprocess.run(cli + [str(saved)], capture_output=True, check=True).stdout
    assert first == subprocess.run(cli + [str(FIXTURES / "linkstar-proposal.yaml")], capture_output=True,
                                   check=True).stdout
    data = store.deal_data(load_deal(saved).deal)
    data["fees"]["setup_fee"] = 0
    served.answers("linkstar-2026-q1", serving.fixture_pairs(data))
    assert served.request("POST", "/d/linkstar-2026-q1/save", "", form)[0] == 200
    versions = list((tmp_path / "data" / ".versions").glob("linkstar-2026-q1.*.yaml"))
    assert len(versions) == 1 and versions[0].read_bytes() != saved.read_bytes()
    assert load_deal(saved).deal.fees.setup_fee == 0
    assert (FIXTURES / "linkstar-proposal.yaml").read_bytes() == original


def test_a_save_keeps_the_sellers_comments_and_key_order(tmp_path):
    """The seller's notes beside the facts survive serve's "save as a new version", as they survive
    `vetting merge`: only the changed value's line differs, the download is the same text."""
    text = (FIXTURES / "linkstar-proposal.yaml").read_text(encoding="utf-8")
    text = text.replace("  setup_fee: 10000\n", "  setup_fee: 10000  # 谈判中：签约前可免\n")
    text = text.replace("\nfees:\n", "\n# 费用按销售电话里说的记\nfees:\n")
    opened = tmp_path / "deal.yaml"
    opened.write_text(text, encoding="utf-8")
    deals = store.DealStore(tmp_path / "data")
    entry = deals.add(store.deal_data(load_deal(opened).deal), origin=opened)
    saved = deals.save(entry, load_deal(opened).deal)
    assert saved.read_text(encoding="utf-8") == text  # nothing changed: the file as the seller wrote it
    data = store.deal_data(load_deal(saved).deal)
    data["fees"]["setup_fee"] = 0
    deals.save(entry, validate(data, "x").deal)
    again = saved.read_text(encoding="utf-8")
    assert again == text.replace("  setup_fee: 10000  #", "  setup_fee: 0      #")  # the note stays in its column
    assert load_deal(saved).deal.fees.setup_fee == 0 and opened.read_text(encoding="utf-8") == text
    assert [v.read_text(encoding="utf-8") for v in deals.versions(entry.slot)] == [text]
    assert deals.deal_text(entry, load_deal(saved).deal) == again


def test_a_save_that_would_not_read_back_is_written_plainly(tmp_path):
    """A file opened from elsewhere that is not a deal mapping in YAML (a JSON deal) is saved as plain YAML
    the CLI reads."""
    opened = tmp_path / "deal.json"
    opened.write_text(json.dumps(store.deal_data(load_deal(FIXTURES / "linkstar-proposal.yaml").deal)),
                      encoding="utf-8")
    deals = store.DealStore(tmp_path / "data")
    entry = deals.add(store.deal_data(load_deal(opened).deal), origin=opened)
    saved = deals.save(entry, load_deal(opened).deal)
    assert saved.read_text(encoding="utf-8").startswith("format: vetting/deal@1\nid: linkstar-2026-q1\n")
    assert store.deal_data(load_deal(saved).deal) == store.deal_data(load_deal(opened).deal)


def test_downloads_equal_the_cli_output(served):
    status, headers, body = served.request("GET", "/d/linkstar-2026-q1/report.json?lang=en")
    assert status == 200 and headers["content-disposition"].startswith("attachment")
    cli = subprocess.run([sys.executable, "-m", "vetting.cli", "assess", str(FIXTURES / "linkstar-proposal.yaml"),
                          "--format", "json", "--today", TODAY], capture_output=True, check=True).stdout
    assert body == cli
    md = served.request("GET", "/d/linkstar-2026-q1/report.md?lang=zh")[2].decode()
    assert md == subprocess.run([sys.executable, "-m", "vetting.cli", "assess", str(FIXTURES / "linkstar-proposal.yaml"),
                                 "--lang", "zh", "--today", TODAY], capture_output=True, check=True, text=True).stdout
    html = served.request("GET", "/d/linkstar-2026-q1/report.html")[2].decode()
    assert html.startswith("<!doctype html>") or html.lower().startswith("<!doctype html>")
    if chromium():
        status, headers, pdf = served.request("GET", "/d/linkstar-2026-q1/report.pdf")
        assert status == 200 and headers["content-type"] == "application/pdf" and pdf.startswith(b"%PDF")


def test_an_upload_is_read_as_the_cli_reads_a_file(shared):
    headers = {"X-CSRF-Token": shared.csrf_token, "X-Filename": "bad%20deal.yaml"}
    status, _, body = shared.request("POST", "/open", b"id: x\nprovider: {name: P}\nfees: {base_monthly: lots}\n", headers)
    assert status == 400
    assert json.loads(body)["problems"] == ["bad deal.yaml: fees.base_monthly: expected a number, got 'lots'"]
    status, _, body = shared.request("POST", "/open", b"id: x\x00", headers)
    assert status == 400 and "bad deal.yaml" in json.loads(body)["problems"][0]
    good = (FIXTURES / "vague-kpis.yaml").read_bytes()
    status, _, body = shared.request("POST", "/open", good, {**headers, "X-Filename": "vague.yaml"})
    assert status == 200 and json.loads(body)["location"].startswith("/d/")


def test_fifty_concurrent_reassessments_each_get_their_own_result(shared):
    """Every assessment runs on the one engine worker: fifty requests at once, each answered for its
    own answers (different term lengths and fees give different scores)."""
    import datetime as dt

    base = store.deal_data(load_deal(FIXTURES / "linkstar-proposal.yaml").deal)
    variants = []
    for i in range(50):
        data = json.loads(json.dumps(base))
        data["contract"]["stop_loss"] = {"present": i % 2 == 0, "no_fault_exit": i % 3 == 0}
        data["fees"]["setup_fee"] = 1000 * i
        data["contract"]["auto_renewal"]["present"] = i % 5 != 0
        variants.append(data)
    expected = [assess(validate(d, "x"), today=dt.date.fromisoformat(TODAY)) for d in variants]
    got: list = [None] * 50

    def one(i):
        got[i] = shared.answers("linkstar-2026-q1", serving.fixture_pairs(variants[i]))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for i, (reply, a) in enumerate(zip(got, expected)):
        assert reply is not None, i
        assert f'data-testid="score">{a.score}<' in reply["html"], i
        assert f'data-verdict="{a.verdict}"' in reply["html"], i
    assert len({a.score for a in expected}) > 3


def test_autosaved_answers_come_back_after_a_restart(tmp_path):
    data_dir = tmp_path / "data"
    first = serving.start("--data", str(data_dir), "--today", TODAY, cwd=tmp_path)
    try:
        status, _, body = first.request("POST", "/new", "csrf=" + first.csrf_token,
                                           {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200
        slot = json.loads(body)["location"].split("/d/")[1].split("?")[0]
        page = first.request("GET", f"/d/{slot}")[2].decode()
        assert f'value="{TODAY}"' in page  # a new deal's facts are dated the day of the interview
        first.answers(slot, [("id", slot), ("as_of", TODAY), ("provider.name", "Blue Wave"), ("fees.setup_fee", "8000")])
    finally:
        assert first.stop() == 130
    again = serving.start("--data", str(data_dir), "--today", TODAY, cwd=tmp_path)
    try:
        page = again.request("GET", f"/d/{slot}")[2].decode()
        assert 'value="Blue Wave"' in page and 'value="8000"' in page
    finally:
        assert again.stop() == 130


def test_nothing_is_written_until_an_answer_is_given(tmp_path):
    s = serving.start(cwd=tmp_path)
    try:
        assert s.request("GET", "/")[0] == 200
        assert not (tmp_path / "vetting-deals").exists()
    finally:
        assert s.stop() == 130


def test_saved_deals_compare_on_one_page_without_any_script(shared):
    page = shared.request("GET", "/")[2].decode()
    slots = dict((o, s) for s, o in re.findall(r'data-slot="([^"]+)" data-origin="([^"]*)"', page))
    assert len(slots) >= 1
    status, headers, body = shared.request("GET", "/compare?d=linkstar-2026-q1&lang=en")
    assert status == 400  # one deal is not a comparison
    shared.request("POST", "/open", (FIXTURES / "compare" / "adpilot-ads.yaml").read_bytes(),
                   {"X-CSRF-Token": shared.csrf_token, "X-Filename": "adpilot.yaml"})
    page = shared.request("GET", "/")[2].decode()
    other = [s for s in re.findall(r'data-slot="([^"]+)"', page) if s != "linkstar-2026-q1"][0]
    status, headers, body = shared.request("GET", f"/compare?d=linkstar-2026-q1&d={other}&lang=zh")
    assert status == 200 and "<script" not in body.decode()
    assert headers["content-security-policy"].startswith("default-src 'none'; style-src 'unsafe-inline'")
    assert "联星出海 LinkStar" in body.decode()
    assert shared.request("GET", "/compare?d=..&d=linkstar-2026-q1")[0] == 400


def test_the_letter_to_the_provider_is_the_reports_questions(shared):
    status, _, body = shared.request("GET", "/d/linkstar-2026-q1/letter?lang=zh")
    text = body.decode()
    assert status == 200
    assert text.startswith("联星出海 LinkStar 您好：") and "\n谢谢！收到书面答复后，我们再推进合同。\n" in text
    assert "关于KPI「月销百万」" in text and "\n1. " in text and "\n> " not in text and not text.startswith(">")


def test_another_address_is_a_choice_that_is_warned_about(tmp_path):
    """--host other than the local names: a warning, and the host given is let in (127.0.0.2 is still
    this machine's loopback, so the test reaches no network)."""
    s = serving.start("--host", "127.0.0.2", "--data", str(tmp_path / "data"), cwd=tmp_path)
    try:
        assert s.lines[0].startswith("vetting serve: http://127.0.0.2:")
        assert s.request("GET", "/")[0] == 200
        assert s.request("GET", "/", headers={"Host": "evil.example"})[0] == 400
        assert s.request("GET", "/", headers={"Host": f"127.0.0.2:{s.port + 1}"})[0] == 400
    finally:
        assert s.stop() == 130
    assert "listening on 127.0.0.2: other machines can reach this server" in s.output


def test_an_allowed_name_comes_at_this_port_or_through_a_proxy_or_at_the_port_given(tmp_path):
    """--allow-host NAME: at the server's port, or without a port (a reverse proxy on its default
    port); NAME:PORT: at that port only. Nothing else, and the local names still need the port."""
    s = serving.start("--allow-host", "vetting.example.com", "--allow-host", "lan.example:8443",
                      "--data", str(tmp_path / "data"), cwd=tmp_path)
    try:
        def status(host):
            return s.request("GET", "/", headers={"Host": host})[0]
        assert status(f"vetting.example.com:{s.port}") == 200 and status("vetting.example.com") == 200
        assert status("lan.example:8443") == 200
        assert status(f"lan.example:{s.port}") == 400 and status("lan.example") == 400
        assert status("vetting.example.com:8444") == 400 and status(f"localhost:{s.port + 1}") == 400
    finally:
        assert s.stop() == 130


@pytest.mark.parametrize("given", ["vetting.example.com:https", ":8765", "lan.example:0"])
def test_a_bad_allow_host_is_one_clear_line(tmp_path, given):
    proc = subprocess.run([sys.executable, "-m", "vetting.cli", "serve", "--no-browser", "--port", "0",
                           "--allow-host", given, "--data", str(tmp_path / "d")],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [f"vetting: --allow-host {given}: not a host name, or a host name "
                                                "and a port (vetting.example.com, 192.168.1.20:8765)"]


def test_a_port_in_use_is_one_clear_line(shared, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "vetting.cli", "serve", "--no-browser", "--port", str(shared.port),
                           "--data", str(tmp_path / "d")], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(f"vetting: cannot listen on 127.0.0.1 port {shared.port}: Address already in use")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_questions_are_skipped_by_the_registrys_engagement_kinds():
    specs = fieldinfo.specs()
    reg = registry.registry()
    for path, spec in specs.items():
        f = reg.get(fieldinfo.note_key(path))
        if f is None or path.startswith("provider.kind"):
            continue
        rule = dict(spec.concerns).get("provider.kind")
        if f.kinds is None:
            assert rule is None, path
        else:
            assert set(rule) == set(f.kinds), path
            assert f"provider.kind={','.join(rule)}" in interview.when(spec, path.replace("[]", "[0]"))
    # a follow-up question keeps its own condition beside the engagement's
    both = interview.when(specs["kpis[].includes_tax"], "kpis[2].includes_tax").split(";")
    assert both[0].startswith("provider.kind=") and both[1].startswith("kpis[2].metric=gmv,")


def test_the_engagement_type_skips_the_questions_the_registry_says():
    """service.engagement: a question whose registry `engagements` name some engagement types is asked
    only for those, read from the registry, with no table in the web layer."""
    specs = fieldinfo.specs()
    reg = registry.registry()
    limited = 0
    for path, spec in specs.items():
        f = reg.get(fieldinfo.note_key(path))
        if f is None or f.path == "service.engagement":
            continue
        rule = dict(spec.concerns).get("service.engagement")
        if f.engagements is None:
            assert rule is None, path
        else:
            limited += 1
            assert set(rule) == set(f.engagements), path
            assert f"service.engagement={','.join(rule)}" in interview.when(spec, path.replace("[]", "[0]"))
    assert limited >= 10


@pytest.mark.parametrize("lang, one_off", [("en", "One-off project"), ("zh", "一次性项目")])
def test_the_page_asks_the_stop_loss_only_of_an_ongoing_engagement(shared, lang, one_off):
    """The registry's `engagements` reach the page: the stop-loss, review cadence, change log and
    monthly plan are shown while service.engagement is ongoing, coaching or unanswered, and the
    engagement question offers a one-off project by its name in the page's language."""
    page = shared.request("GET", f"/d/linkstar-2026-q1?lang={lang}")[2].decode()
    rules = dict(re.findall(r'data-field="([^"]+)" data-when="([^"]*)"', page))
    for path in ("contract.stop_loss.present", "contract.stop_loss.threshold_pct", "governance.review_cadence",
                 "governance.change_log", "governance.monthly_plan"):
        assert "service.engagement=ongoing,coaching" in rules[path].split(";"), path
    for path in ("contract.termination.for_convenience", "fees.setup_fee", "contract.kpi_penalty"):
        assert "service.engagement=" not in rules.get(path, ""), path
    assert re.search(r'<option value="one_off_project">' + re.escape(one_off) + "</option>", page)
