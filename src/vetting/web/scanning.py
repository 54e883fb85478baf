"""The scan review screen: a contract uploaded, read by `vetting scan` (vetting.intake, parsed in its
limited child process), each proposal shown with its quote marked in its page, accepted, rejected or
edited by the seller, and the accepted ones applied to the open deal through the merge API
(vetting.workflows.merging) with their provenance: ``from: contract``, the file, clause, page, quote.

Everything here that touches the rule engine (the scan lists the rules a fact triggers, the
assessments before and after) runs on the engine worker; the routes are in app.py.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..intake.proposals import Proposal, propose
from ..intake.render import notes as scan_notes
from ..intake.scan import Reading, read_contract
from ..io.errors import InputError
from ..io.writing import write_file
from ..model.loading import validate
from ..text import messages
from ..workflows.merging import Answer, MergeResult, apply_answers, current
from . import assessing, fieldinfo, formdata, pages

CONTRACT_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
KEEP = 20  # reviews kept in memory per server (the oldest goes first)
_CLAUSE = re.compile(r"^\s*((?:第[0-9一二三四五六七八九十百]+条)|(?:\d{1,3}(?:\.\d{1,3})+)|(?:(?:Article|Section|Clause)\s+\d{1,3}(?:\.\d{1,3})*))")


@dataclass
class Item:
    """One proposal as the screen shows it."""

    index: int
    proposal: Proposal
    spec: fieldinfo.FieldSpec | None
    clause: str
    before: str  # the page text before the quote
    after: str  # and after it
    deal_value: object = None  # what the deal says now (None: unknown)


@dataclass
class Review:
    id: str
    slot: str
    name: str  # the uploaded file's name
    items: list[Item]
    notes: list[str]
    notice: str
    created: dt.date = field(default_factory=dt.date.today)


def scan(name: str, raw: bytes, deal_data: dict, slot: str, lang: str, settings: assessing.Settings,
         complete: bool = False) -> Review:
    """Read an uploaded contract as `vetting scan` reads a file (guarded reading, the child parser),
    its proposals checked against the open deal. InputError: its problems, named after the upload."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="vetting-scan-") as tmp:
        path = Path(tmp) / f"contract{suffix if suffix else '.txt'}"
        write_file(path, raw, root=tmp)  # a private temporary folder, written as every output is
        try:
            reading = read_contract([str(path)])
        except InputError as e:
            for p in e.problems:
                object.__setattr__(p, "source", name)
            raise
        try:
            deal = validate(deal_data, slot).deal
        except InputError:
            deal = None  # a deal still being written: no conflicts marked, the rest as usual
        proposals = propose(reading, deal=deal, complete=complete, rules=settings.rules)
    for p in proposals:
        p.file = name if p.file else ""
    return Review(secrets.token_hex(6), slot, name, _items(reading, proposals, deal_data),
                  [n.replace(str(path), name) for n in scan_notes(reading, proposals, lang)],
                  pages.words(lang, "strings_scan")("notice"))


def _items(reading: Reading, proposals: list[Proposal], deal_data: dict) -> list[Item]:
    specs = fieldinfo.specs()
    out = []
    for i, p in enumerate(proposals):
        text = next((pg.text for pg in reading.pages if pg.number == p.page), "") if p.page else ""
        before, after = (text[:p.start], text[p.end:]) if text else ("", "")
        out.append(Item(i, p, specs.get(p.field), clause_of(p, reading), before, after,
                        current(deal_data, p.field)))
    return out


def clause_of(p: Proposal, reading: Reading) -> str:
    """The clause a quote stands in: its own number ("3.2", "第八条", "Section 4.1"), else its article's heading."""
    m = _CLAUSE.match(p.quote or "")
    if m:
        return m.group(1)
    for s in reading.sentences:
        page = reading.pages[s.page]
        if page.number == p.page and s.text == p.normalized and s.heading:
            return s.heading[:200]
    return ""


@dataclass
class Decisions:
    """What the seller decided on the screen: the answers to apply, and the edits that cannot be read."""

    answers: list[Answer] = field(default_factory=list)
    accepted: set[int] = field(default_factory=set)
    edited: dict[int, list[str]] = field(default_factory=dict)  # index -> the values as typed
    problems: dict[int, str] = field(default_factory=dict)  # index -> message key of web.<lang>.yaml


def decisions(review: Review, pairs: list[tuple[str, str]], today: dt.date) -> Decisions:
    """The accepted proposals (``d<i>=accept``) with their values as shown or edited (``v<i>``)."""
    given: dict[str, list[str]] = {}
    for k, v in pairs:
        given.setdefault(k, []).append(v)
    out = Decisions()
    for item in review.items:
        i, p = item.index, item.proposal
        out.edited[i] = given.get(f"v{i}", [])
        if (given.get(f"d{i}") or [""])[-1] != "accept":
            continue
        out.accepted.add(i)
        value = _value(item, out.edited[i])
        if value is None:
            out.problems[i] = "scan.empty"
            continue
        source = {"from": "contract", "on": today.isoformat(), "evidence": review.name, "clause": item.clause or None,
                  "page": p.page or None, "quote": p.quote or None}
        out.answers.append(Answer(p.field, value, {k: v for k, v in source.items() if v is not None},
                                  f"p. {p.page}" if p.page else None))
    return out


def _value(item: Item, typed: list[str]):
    """The value to apply: a yes/no, choices or a list as the form reads them; a number, date or text
    as typed (the merge reads it as the deal format does, and names what it cannot read)."""
    if item.spec is None:
        return item.proposal.value
    if item.spec.kind in ("int", "number", "date", "text", "longtext", "code"):
        return next((v.strip() for v in reversed(typed) if v.strip()), None)
    return formdata.convert(item.spec, typed)


def apply(deal_data: dict, chosen: Decisions) -> MergeResult:
    """The accepted proposals applied to the deal: the seller accepted each one seeing what the deal said,
    so a proposal that differs from the deal replaces it (listed among the changes)."""
    return apply_answers(deal_data, chosen.answers, prefer="answers")


def problem_text(problem, lang: str) -> str:
    """A merge problem in the page's language (the CLI's message table)."""
    try:
        return messages.msg("problem." + problem.message_key, lang, **problem.params)
    except (KeyError, IndexError):
        return f"{problem.message_key}: {problem.params}"


def shown(value, spec: fieldinfo.FieldSpec | None, lang: str) -> str:
    """A value as the screen shows it: yes/no and choices in the page's language."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return pages.words(lang)("answer.yes" if value else "answer.no")
    if spec is not None and spec.kind in ("enum", "enums"):
        values = value if isinstance(value, list) else [value]
        return pages.words(lang, "strings")("doc.list_comma").join(fieldinfo.choice(str(v), lang) for v in values)
    return formdata.shown(value, spec) if spec is not None else str(value)


def input_values(value, spec: fieldinfo.FieldSpec | None) -> list[str]:
    """A proposed value as the screen's input holds it (what the form sends back unchanged)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value] if spec is not None and spec.kind == "enums" else [", ".join(map(str, value))]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return [formdata.shown(value, spec)] if spec is not None else [str(value)]
