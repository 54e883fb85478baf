"""For every bundled fixture: a provider fills in a form (tests/formfill.py, Chinese answers) for facts the
deal does not know, `merge` brings them back, and the merged deal's findings are those of the same deal
with the answers typed into the YAML by hand — with the sources typed by hand too, since a provider's
unverified word on a fact to verify weighs by design (decide/provenance.py); without them, the merged
findings are the same or worse, never better."""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from formfill import Row, write_form
from vetting.model.loading import validate
from vetting.model.registry import registry
from vetting.model.sources import current
from vetting.workflows.assess import assess
from vetting.workflows.merging import apply_answers, read_answers

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted(p.name for p in (ROOT / "fixtures").glob("*.yaml"))
TODAY = dt.date(2026, 12, 1)
NUMBERS = {"days": (30, 30), "months": (12, 12), "pct": ("5%", 5), "money": (1000, 1000), "years": (3, 3), None: (2, 2)}
RANK = {"na": 0, "pass": 1, "unknown": 2, "risk": 3}


@pytest.fixture(autouse=True)
def _key_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("VETTING_CONFIG_DIR", str(tmp_path / "config"))


def _answer(f, i: int):
    """(what the provider types, the value the deal format stores) for registry field ``f``."""
    if f.type == "bool":
        return ("是", True) if i % 2 else ("否", False)
    if f.type == "enum":
        choice = f.choices[i % len(f.choices)]
        return choice.zh, choice.value
    return NUMBERS[f.unit]


def _open_fields(data: dict) -> list:
    out = []
    for f in registry():
        if f.record or "provider" not in f.answered_by or not f.show_to_provider or f.type not in ("bool", "enum", "number"):
            continue
        if current(data, f.path) is None and all(isinstance(current(data, p), (dict, type(None)))
                                                 for p in _sections(f.path)):
            out.append(f)
    return out[::7][:6]  # a spread over the topics, a handful per deal


def _sections(path: str) -> list[str]:
    parts = path.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _typed(data: dict, answers: list[tuple[str, object]]) -> dict:
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
    a = assess(validate(data, "deal"), today=TODAY)
    return {(f.rule_id, f.subject): f.status for f in a.findings}


@pytest.mark.parametrize("name", FIXTURES)
def test_a_filled_form_merges_as_if_typed_by_hand(tmp_path, name):
    data = yaml.safe_load((ROOT / "fixtures" / name).read_text(encoding="utf-8"))
    fields = _open_fields(data)
    assert fields, "every fixture leaves something for the provider to answer"
    given = [(f.path, *_answer(f, i)) for i, f in enumerate(fields)]
    form = tmp_path / "q.xlsx"
    write_form(form, str(data["id"]), [Row(path, typed) for path, typed, _ in given], lang="zh")
    info, answers, problems = read_answers(form, deal_data=data, by="王经理", today=TODAY)
    assert problems == []
    result = apply_answers(data, answers)
    assert not result.problems and [a[0] for a in result.applied] == [p for p, _, _ in given]
    by_hand = _typed(data, [(p, v) for p, _, v in given])
    merged = result.data
    assert {k: v for k, v in merged.items() if k != "sources"} == by_hand
    # with the same sources typed by hand: the same findings
    by_hand_sourced = dict(by_hand, sources=copy.deepcopy(merged["sources"]))
    assert _statuses(merged) == _statuses(by_hand_sourced)
    # without them: the provider's word is never better than the fact typed by you
    plain, worded = _statuses(by_hand), _statuses(merged)
    assert all(RANK[worded[k]] >= RANK[s] for k, s in plain.items() if k in worded)
    if not any(registry()[p].verify for p, _, _ in given):
        assert worded == plain
