"""`vetting ask`: the questionnaire the provider fills in (CONTRACTS D, docs/questionnaire.md).

The XLSX read back by openpyxl and by LibreOffice (drop-downs intact), its tags and digest checked
with the form key, nothing of the seller's assessment in it, the default name beside the deal and
never over a file, re-sends that ask only what is still open. The HTML form: tests/test_ask_browser.py."""
from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import subprocess

import openpyxl
import pytest
import yaml
from openpyxl import load_workbook

from conftest import FIXTURES
from hostile import no_traceback, vetting
from needs import require
from vetting.model.loading import load_deal, validate
from vetting.model.registry import attributes, registry
from vetting.decide.questions import askable, pattern_of
from vetting.workflows import formkey
from vetting.workflows.ask import ask_file, free_name, questionnaire

TODAY = dt.date(2026, 1, 20)
BUNDLED = sorted(FIXTURES.glob("*.yaml")) + sorted((FIXTURES / "compare").glob("*.yaml"))
RULE_ID = re.compile(r"\b[A-Z]{2,5}-\d{3}\b")


@pytest.fixture(autouse=True)
def config_dir(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    monkeypatch.setenv("VETTING_CONFIG_DIR", str(folder))
    return folder


def _copy(tmp_path, name="linkstar-proposal.yaml"):
    target = tmp_path / name
    shutil.copy(FIXTURES / name, target)
    return target


def _sheet_rows(ws):
    return {r[0].row: [c.value for c in r] for r in ws.iter_rows(min_row=1, max_col=9)}


def check_workbook(wb, form, lang):
    """What a reader of CONTRACTS D checks: sheets, hidden state, protection, validations, tags, digest."""
    names = {"en": ("Questions", "Instructions"), "zh": ("问题", "填写说明")}[lang]
    assert wb.sheetnames == [*names, "_vetting"]
    assert wb["_vetting"].sheet_state == "veryHidden" and wb[names[0]].sheet_state == "visible"
    state = {r[0]: r[1] for r in wb["_vetting"].iter_rows(min_row=2, max_col=2, values_only=True) if r[0]}
    assert wb["_vetting"]["A1"].value == "vetting/questions@1"
    assert state["ask_id"] == form.spec.ask_id and state["deal_id"] == form.spec.deal_id
    assert state["lang"] == lang and int(state["rows"]) == form.count
    ws = wb[names[0]]
    assert ws.protection.sheet
    assert ws.column_dimensions["A"].hidden and ws.column_dimensions["B"].hidden
    rows = _sheet_rows(ws)
    key = formkey.form_key()
    asked = [(n, v[0]) for n, v in sorted(rows.items()) if n > 6 and v[0]]
    assert len(asked) == form.count
    assert formkey.same(state["digest"], formkey.form_digest(key, state["ask_id"], state["deal_id"], asked))
    for n, path in asked:
        assert formkey.same(rows[n][1], formkey.row_tag(key, state["ask_id"], n, path))
        assert askable(attributes()[pattern_of(path)])  # a field, or a list asked whole (kpis)
        for col in "FGHI":
            assert ws[f"{col}{n}"].protection.locked is False
        for col in "ABCDE":
            assert ws[f"{col}{n}"].protection.locked is not False
    # topic rows: an empty A, a title in C
    assert all(rows[n][2] for n in rows if n > 6 and not rows[n][0] and any(rows[n]))
    return ws, rows, asked


def validations(ws) -> dict[str, str]:
    """cell -> the drop-down's list (inline or the values of the range it names)."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list":
            continue
        formula = dv.formula1
        if formula.startswith('"'):
            values = formula.strip('"')
        else:
            sheet, ref = formula.split("!")
            values = ",".join(str(c.value) for row in ws.parent[sheet.strip("'")][ref.replace("$", "")] for c in row)
        for rng in str(dv.sqref).split():
            for row in ws[rng] if ":" in rng else [[ws[rng]]]:
                for c in row:
                    out[c.coordinate] = values
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_xlsx_form_reads_back_as_the_contract_says(tmp_path, lang):
    deal = _copy(tmp_path)
    form, path = ask_file(deal, lang=lang, today=TODAY)
    assert path == tmp_path / "linkstar-proposal.questions.xlsx"
    wb = openpyxl.load_workbook(path)
    ws, rows, asked = check_workbook(wb, form, lang)
    yes_no = {"en": "Yes,No,Unknown", "zh": "是,否,不确定"}[lang]
    dvs = validations(ws)
    reg = registry()
    for n, p in asked:
        f = reg[pattern_of(p)]
        if f.type == "bool":
            assert dvs[f"F{n}"] == yes_no, p
        elif f.type == "enum":
            shown = [c.shown(lang) for c in f.choices]  # the English label or the Chinese name
            assert dvs[f"F{n}"].split(",") == shown + [yes_no.split(",")[2]], p
        else:
            assert f"F{n}" not in dvs
    # the top: the seller's name, the deal and the date, the form's id and digest
    top = " ".join(str(v) for n in (1, 2, 3, 4) for v in rows[n] if v)
    assert "深圳某3C科技有限公司" in top and "linkstar-2026-q1" in top and "2026-01-20" in top
    assert form.spec.ask_id in top and form.spec.digest in top
    # units and currency in the allowed answers
    allowed = {p: rows[n][4] for n, p in asked}
    assert all(allowed.values())


def test_nothing_of_the_sellers_assessment_is_in_the_form(tmp_path):
    form = questionnaire(load_deal(FIXTURES / "mostly-unknown.yaml"), lang="zh", today=TODAY)
    path = tmp_path / "f.xlsx"
    path.write_bytes(form.data)
    wb = openpyxl.load_workbook(path)
    text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert not RULE_ID.search(text)
    for word in ("风险分", "豁免", "敞口", "score", "waiver", "verdict", "结论", "自己核实"):
        assert word not in text
    seller_only = {f.path for f in registry() if not askable(f)}
    assert not {pattern_of(p) for p in (r.field for r in form.spec.asked)} & seller_only
    assert form.count > 40


@pytest.mark.parametrize("fixture", BUNDLED, ids=lambda p: p.stem)
def test_every_fixture_gets_a_form_that_verifies(fixture, tmp_path):
    for lang in ("en", "zh"):
        form = questionnaire(load_deal(fixture), lang=lang, today=TODAY)
        if not form.count:
            continue
        out = tmp_path / f"{lang}.xlsx"
        out.write_bytes(form.data)
        check_workbook(openpyxl.load_workbook(out), form, lang)


def test_the_form_is_read_back_by_libreoffice_with_its_drop_downs(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require(soffice, "LibreOffice Calc (apt-get install libreoffice-calc)")
    form, path = ask_file(_copy(tmp_path), lang="zh", today=TODAY)
    out = tmp_path / "lo"
    out.mkdir()
    profile = tmp_path / "lo-profile"
    r = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                        "--outdir", str(out), str(path)], capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out / path.name)
    ws = wb["问题"]
    dvs = validations(ws)
    rows = _sheet_rows(ws)
    bools = [n for n, v in rows.items() if n > 6 and v[0] and getattr(registry().get(pattern_of(v[0])), "type", "") == "bool"]
    assert bools and all(dvs[f"F{n}"] == "是,否,不确定" for n in bools)
    assert ws.protection.sheet and ws["F8"].protection.locked is False
    assert wb["_vetting"]["A1"].value == "vetting/questions@1"
    # the tags survive the round trip
    key = formkey.form_key()
    for n, v in rows.items():
        if n > 6 and v[0]:
            assert formkey.same(v[1], formkey.row_tag(key, form.spec.ask_id, n, v[0]))


def test_the_default_name_is_beside_the_deal_and_never_over_a_file(tmp_path):
    deal = _copy(tmp_path)
    first = vetting("ask", deal, "--today", "2026-01-20", timeout=120)
    no_traceback(first)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "linkstar-proposal.questions.xlsx").is_file()
    second = vetting("ask", deal, "--today", "2026-01-20", "--lang", "zh", timeout=120)
    assert second.returncode == 0 and "linkstar-proposal.questions-2.xlsx" in second.stdout
    asked = load_workbook(tmp_path / "linkstar-proposal.questions-2.xlsx")["_vetting"]
    count = dict((r[0], r[1]) for r in asked.iter_rows(min_row=2, values_only=True))["rows"]
    assert f"已把 {count} 个问题写入" in second.stdout
    assert free_name(deal, "html") == tmp_path / "linkstar-proposal.questions.html"
    # -o names the file; never the deal itself
    same = vetting("ask", deal, "-o", deal, timeout=60)
    no_traceback(same)
    assert same.returncode == 2 and yaml.safe_load(deal.read_text(encoding="utf-8"))["id"] == "linkstar-2026-q1"
    html = vetting("ask", deal, "--format", "html", "-o", tmp_path / "q.html", timeout=120)
    assert html.returncode == 0 and (tmp_path / "q.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_help_has_an_example():
    r = vetting("ask", "--help", timeout=60)
    assert r.returncode == 0 and "Example:" in r.stdout and "vetting ask fixtures/linkstar-proposal.yaml" in r.stdout
    zh = vetting("ask", "--help", "--lang", "zh", timeout=60)
    assert "示例：" in zh.stdout


def test_a_bad_deal_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nprovider: {name: x}\nfees: {setup_fee: lots}\n", encoding="utf-8")
    r = vetting("ask", bad, timeout=60)
    no_traceback(r)
    assert r.returncode == 2 and "fees.setup_fee" in r.stderr and not list(tmp_path.glob("*.questions*"))


def test_a_deal_with_nothing_to_ask_writes_no_form(tmp_path):
    data = yaml.safe_load((FIXTURES / "linkstar-proposal.yaml").read_text(encoding="utf-8"))
    form = questionnaire(validate(data, "d.yaml"), lang="en", today=TODAY)
    # answer everything the form asks: a second form has nothing left
    answered = copy.deepcopy(data)
    for r in form.spec.asked:
        _set(answered, r.field, _good(r.field))
    again = questionnaire(validate(answered, "d.yaml"), lang="en", today=TODAY)
    assert again.count == 0
    deal = tmp_path / "done.yaml"
    deal.write_text(yaml.safe_dump(answered, allow_unicode=True), encoding="utf-8")
    r = vetting("ask", deal, "--today", "2026-01-20", timeout=120)
    assert r.returncode == 0 and "Nothing to ask" in r.stdout and not list(tmp_path.glob("*.questions*"))


def test_a_resend_asks_only_what_is_still_open_or_was_answered_unknown(tmp_path):
    data = yaml.safe_load((FIXTURES / "mostly-unknown.yaml").read_text(encoding="utf-8"))
    first = questionnaire(validate(data, "d.yaml"), lang="zh", today=TODAY)
    asked = [r.field for r in first.spec.asked]
    answered = copy.deepcopy(data)
    for path in asked[:10]:
        _set(answered, path, _good(path))
    unknown = asked[10]  # answered "unknown": no value
    second = questionnaire(validate(answered, "d.yaml"), lang="zh", today=TODAY)
    again = [r.field for r in second.spec.asked]
    assert not set(again) & set(asked[:10])
    assert unknown in again and len(again) < len(asked)
    assert second.spec.ask_id != first.spec.ask_id


_STEP = re.compile(r"([^.\[]+)(?:\[([^\]]*)\])?")


def _set(data, path, value):
    steps = _STEP.findall(path)
    node = data
    for i, (name, key) in enumerate(steps):
        last = i == len(steps) - 1
        if key:
            items = node[name]
            node = items[int(key)] if key.isdigit() else next(k for k in items if k.get("id") == key)
        elif last:
            node[name] = value
        else:
            node = node.setdefault(name, {})


def _good(path):
    """The best answer the registry knows for a fact (as a provider acting in good faith gives it)."""
    f = registry()[pattern_of(path)]
    worse = f.worse
    if f.type == "bool":
        return (not worse) if isinstance(worse, bool) else True
    if f.type == "enum":
        return (worse[0] if isinstance(worse, tuple) and isinstance(worse[0], str) else f.choices[0].value)
    if f.type == "list":
        return [f.choices[0].value] if f.choices else ["x"]
    if f.type == "number":
        return 0 if worse == "higher" else 100 if f.unit == "pct" else 30
    if f.type == "date":
        return "2026-02-01"
    return "见合同第5条"


def test_both_languages_of_the_form_say_the_same_things():
    from vetting.outputs.form import texts

    def shape(node):
        if isinstance(node, dict):
            return {k: shape(v) for k, v in node.items()}
        return len(node) if isinstance(node, list) else "text"
    assert shape(texts("en").table) == shape(texts("zh").table)
    assert texts("zh")("yes") == "是" and texts("zh")("unknown") == "不确定"
