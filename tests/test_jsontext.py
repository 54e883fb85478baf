"""The JSON documents (assessment, diff, tracking) are written by orjson where its text is Python's own,
byte for byte, and by Python's json module wherever it could differ."""
from __future__ import annotations

import dataclasses
import inspect
import json
from dataclasses import dataclass, field

import pytest

from conftest import FIXTURES
from vetting.decide import assessment as assessment_module
from vetting.io import jsontext
from vetting.io.jsontext import Document
from vetting.workflows import diff as diff_module, track as track_module
from vetting.workflows.assess import assess_file

DEALS = sorted(p for p in FIXTURES.glob("*.yaml"))


def python_text(doc: Document) -> str:
    """What Document.to_json wrote before orjson: Python's indented JSON of to_dict()."""
    return jsontext.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("deal", DEALS, ids=lambda p: p.stem)
def test_every_fixture_assessment_is_pythons_json_byte_for_byte(deal, lang):
    a = assess_file(deal, lang=lang)
    assert a.to_json() == python_text(a)


def test_the_seed_deal_takes_the_fast_path_despite_hex_ids_in_its_sources():
    # its sources hold ids like 1abf5d7e-7cf2-41e1-984e-30ce858de1f5: "4e-3" inside a string
    a = assess_file(FIXTURES / "linkstar-proposal.yaml")
    text = jsontext._orjson_text(a)
    assert text is not None and "984e-30ce" in text
    assert text == python_text(a)


@dataclass(slots=True)
class _Inner:
    value: object = None


@dataclass(slots=True)
class _Doc(Document):
    figures: list = field(default_factory=list)
    table: dict = field(default_factory=dict)
    note: str = ""
    format: str = "test/doc@1"


NUMBERS = [0.0, -0.0, 1.0, 0.1 + 0.2, 1e-4, 9.9e-5, 5e-05, 1.5e-10, 1e15, 1e16, 1.2345e21, -3e-7, 123456.789,
           2 ** 63 - 1, -(2 ** 63), float("inf"), float("-inf"), float("nan")]


@pytest.mark.parametrize("value", NUMBERS + [2 ** 64, 10 ** 30], ids=repr)
def test_numbers_orjson_writes_another_way_come_out_as_python_writes_them(value):
    doc = _Doc(figures=[value, [value], {"x": value}], table={"k": _Inner(value)}, note="x")
    assert doc.to_json() == python_text(doc)
    assert json.loads(doc.to_json())["format"] == "test/doc@1"  # the format first, as to_dict has it


def test_what_orjson_refuses_still_comes_out_as_python_writes_it():
    for table in ({1: "int key"}, {"t": (1, "two")}, {"s": "lone \ud800 surrogate"}, {"n": None, "b": True}):
        doc = _Doc(table=table)
        assert doc.to_json() == python_text(doc)


@pytest.mark.parametrize("text", ['1e5', '0.00001', 'x": 1e5', "1abf5d7e", "line\n  2e5", "tab\t3E4", "中文 5e-05"])
def test_number_like_text_in_strings_never_changes_a_byte(text):
    doc = _Doc(figures=[text, 1.5], table={text: text}, note=text)
    assert doc.to_json() == python_text(doc)


def test_every_dataclass_of_a_json_document_has_slots():
    # orjson writes a dataclass that has a __dict__ from that __dict__, with any attribute set on it besides
    # its fields (a cached property, say), where dataclasses.asdict writes the fields alone
    for module in (assessment_module, diff_module, track_module):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__:
                without = [c.__qualname__ for c in cls.__mro__[:-1] if "__slots__" not in c.__dict__]
                assert not without, f"{module.__name__}.{name}: instances get a __dict__ from {without}"
