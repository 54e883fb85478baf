"""The words of a deal's cost: each assumption a cost rests on as a sentence (``cost_<key>`` of the
comparison's string tables, report_templates/strings_compare.<lang>.yaml). The decide layer gives a note
as its key and values (``decide.costnotes``); this module words it (a --gmv text's problem,
``decide.scenarios.ScenarioError``'s key, is worded by ``workflows.compare_inputs`` with the same table)."""
from __future__ import annotations

from ..decide.costnotes import NOTE_FIGURES
from .tables import Texts


def compare_strings(lang: str) -> Texts:
    """The comparison's labels and sentences in ``lang`` (report_templates/strings_compare.<lang>.yaml), plain
    (each format escapes): the cost notes' table, and the comparison's (``workflows.compare.strings``)."""
    return Texts(lang, html=False, stem="strings_compare")


def notes(lang: str = "en") -> dict[str, str]:
    """Every assumption's sentence in ``lang`` (a template): ``cost_<key>`` of strings_compare.<lang>.yaml."""
    texts = compare_strings(lang)
    return {key: texts("cost_" + key) for key in NOTE_FIGURES}


def describe(note: tuple[str, tuple], texts: dict[str, str]) -> str:
    """One note (key, params) as a sentence; ``texts`` maps note keys to templates (``notes(lang)``)."""
    key, params = note
    return texts[key].format(**dict(params))


def sentences(cost, lang: str) -> tuple[str, ...]:
    """A DealCost's assumptions as sentences in ``lang``."""
    texts = notes(lang)
    return tuple(describe(n, texts) for n in cost.notes)
