"""The questionnaire round trip end to end, for every bundled fixture: `vetting ask` writes the real form
(Chinese), a provider fills it in as they would (是/否, the Chinese names in the drop-downs, numbers),
`vetting merge` reads it back, and the merged deal's findings are those of the same deal with the answers
typed into the YAML by hand — the same findings when the hand-typed deal carries the same sources, and
never better without them (a provider's unverified word on a fact to verify weighs by design)."""
from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from vetting.model.loading import load_deal, validate
from vetting.model.registry import registry
from vetting.workflows.ask import questionnaire
from vetting.workflows.assess import assess
from vetting.workflows.merging import apply_answers, read_answers

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted(p.name for p in (ROOT / "fixtures").glob("*.yaml"))
TODAY = dt.date(2026, 12, 1)
NUMBER = {"days": 30, "months": 12, "pct": 5, "money": 1000, "years": 3}
RANK = {"na": 0, "pass": 1, "unknown": 2, "risk": 3}


@pytest.fixture(autouse=True)
def _key_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("VETTING_CONFIG_DIR", str(tmp_path / "config"))


def _typed_and_value(field, i: int):
    """What a provider types into the answer cell, and the value the deal format stores."""
    if field.type == "bool":
        return ("是", True) if i % 2 else ("否", False)
    if field.type == "enum":
        choice = field.choices[i % len(field.choices)]
        return choice.zh, choice.value
    if field.type == "number":
        n = NUMBER.get(field.unit, 2)
        return n, n
    if field.type == "text":
        return "无此类条款", "无此类条款"
    return None


def _fill(form: bytes, path: Path) -> list[tuple[str, object]]:
    """Fill the answer column of every plain (non-list-item) bool, enum or number row; return (field, value)."""
    wb = load_workbook(io.BytesIO(form))
    ws = wb.worksheets[0]
    fields = {f.path: f for f in registry()}
    given = []
    for r in range(7, ws.max_row + 1):
        name = ws.cell(r, 1).value
        if not name or "[" in name or name not in fields:
            continue
        typed = _typed_and_value(fields[name], len(given))
        if typed is None:
            continue
        ws.cell(r, 6).value = typed[0]
        ws.cell(r, 7).value = "合同草稿v3.pdf"
        given.append((name, typed[1]))
    wb.save(path)
    return given


def _typed_by_hand(data: dict, answers) -> dict:
    out = copy.deepcopy(data)
    for path, value in answers:
        holder = out
        for part in path.split(".")[:-1]:
            if holder.get(part) is None:
                holder[part] = {}
            holder = holder[part]
        holder[path.split(".")[-1]] = value
    return out


def _statuses(data: dict) -> dict:
    return {(f.rule_id, f.subject): f.status for f in assess(validate(data, "deal"), today=TODAY).findings}


@pytest.mark.parametrize("name", FIXTURES)
def test_ask_fill_merge_equals_typing_by_hand(tmp_path, name):
    deal_path = ROOT / "fixtures" / name
    data = yaml.safe_load(deal_path.read_text(encoding="utf-8"))
    form = questionnaire(load_deal(str(deal_path)), lang="zh", fmt="xlsx", today=TODAY)
    if form.count == 0:
        pytest.skip("nothing left to ask the provider")  # the gold-standard deal knows everything
    filled = tmp_path / "filled.xlsx"
    given = _fill(form.data, filled)
    assert given, "the form asks at least one yes/no, choice, number or text"
    info, answers, problems = read_answers(filled, deal_data=data, by="王经理", today=TODAY)
    assert problems == []
    result = apply_answers(data, answers)
    assert not result.problems
    assert sorted(a[0] for a in result.applied) == sorted(p for p, _ in given)
    merged = result.data
    by_hand = _typed_by_hand(data, given)
    assert {k: v for k, v in merged.items() if k != "sources"} == by_hand
    assert _statuses(merged) == _statuses(dict(by_hand, sources=copy.deepcopy(merged["sources"])))
    plain, worded = _statuses(by_hand), _statuses(merged)
    assert all(RANK[worded[k]] >= RANK[s] for k, s in plain.items() if k in worded)


def _drop_downs(ws) -> dict[str, list[str]]:
    """cell -> the choices its drop-down offers (inline or from the range it names)."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list":
            continue
        if dv.formula1.startswith('"'):
            values = dv.formula1.strip('"').split(",")
        else:
            sheet, ref = dv.formula1.split("!")
            values = [str(c.value) for row in ws.parent[sheet.strip("'")][ref.replace("$", "")] for c in row]
        for rng in str(dv.sqref).split():
            for row in ws[rng] if ":" in rng else [[ws[rng]]]:
                out.update({c.coordinate: values for c in row})
    return out


@pytest.mark.parametrize("name", ["linkstar-proposal.yaml", "small-store-heavy-fee.yaml"])
def test_an_english_forms_drop_downs_show_labels_and_merge_back_to_the_values(tmp_path, name):
    """An English form offers "Registered company", not "registered_company"; the provider picks a label
    from the drop-down and the merged deal holds the value the label stands for."""
    deal_path = ROOT / "fixtures" / name
    data = yaml.safe_load(deal_path.read_text(encoding="utf-8"))
    form = questionnaire(load_deal(str(deal_path)), lang="en", fmt="xlsx", today=TODAY)
    wb = load_workbook(io.BytesIO(form.data))
    ws = wb.worksheets[0]
    fields, lists = {f.path: f for f in registry()}, _drop_downs(ws)
    picked = []
    for r in range(7, ws.max_row + 1):
        f = fields.get(ws.cell(r, 1).value or "")
        if f is None or f.type != "enum":
            continue
        offered = lists[f"F{r}"]
        assert offered[:-1] == [c.en for c in f.choices] and offered[-1] == "Unknown"
        assert all(c.en != c.value for c in f.choices if "_" in c.value)  # a label, not the raw value
        choice = f.choices[len(picked) % len(f.choices)]
        ws.cell(r, 6).value = choice.en
        picked.append((f.path, choice.value))
    assert picked, "the form asks at least one choice"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    info, answers, problems = read_answers(filled, deal_data=data, by="Ms. Lee", today=TODAY)
    assert problems == []
    result = apply_answers(data, answers)
    assert not result.problems
    assert {k: v for k, v in result.data.items() if k != "sources"} == _typed_by_hand(data, picked)


def test_an_english_html_forms_options_show_labels_and_send_the_values():
    deal_path = ROOT / "fixtures" / "linkstar-proposal.yaml"
    page = questionnaire(load_deal(str(deal_path)), lang="en", fmt="html", today=TODAY).data
    page = page.decode("utf-8") if isinstance(page, bytes) else page
    assert '<option value="registered_company">Registered company</option>' in page
    assert ">registered_company<" not in page
