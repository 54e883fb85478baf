"""``vetting merge DEAL ANSWERS…``: read the deal and each answers file, apply the answers, write the new
version (``DEAL.v2.yaml``, the next free version, never over the deal) and say what changed (the diff of
the two versions, every contract fact with its quote, conflicts, rows not applied, stale evidence).
A YAML deal's new version keeps the seller's comments, key order and layout (``io.yamlkeep``).

A set of answers with a value the deal format refuses is refused whole: InputError naming each file,
cell and field, nothing written.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..io.errors import InputError, Problem, said
from ..io.jsontext import dumps
from ..io.yamlkeep import plain, rewrite
from ..io.reading import read_text
from ..io.writing import write_file
from ..model.loading import DEAL_SUFFIXES, LoadedDeal, parse_text, validate
from ..model.loading import MAX_BYTES as DEAL_MAX_BYTES
from .answertypes import Answer, FormInfo, MergeResult
from ..text.messages import msg
from .diff import Diff, diff as run_diff, fact_value, render as render_diff
from .merging import apply_answers, read_answers
from ..decide.provenance import stale_sources

_VERSION = re.compile(r"^(?P<stem>.*?)\.v(?P<n>[0-9]{1,6})$")


@dataclass
class MergeRun:
    result: MergeResult
    forms: list[FormInfo]
    old: LoadedDeal
    new: LoadedDeal | None  # None: nothing applied, nothing written
    output: Path | None
    diff: Diff | None
    contract_facts: list = field(default_factory=list)  # [(field, value, source)] applied from a contract
    stale: list = field(default_factory=list)  # [(field, evidence_date)] older than max_age months


def next_version(deal_path: Path) -> Path:
    """``deal.yaml`` → ``deal.v2.yaml``; ``deal.v2.yaml`` → ``deal.v3.yaml``; the first that does not exist."""
    stem, suffix = deal_path.stem, deal_path.suffix
    m = _VERSION.match(stem)
    base, n = (m["stem"], int(m["n"]) + 1) if m else (stem, 2)
    while True:
        candidate = deal_path.with_name(f"{base}.v{n}{suffix}")
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
        n += 1


def read_deal_data(path: Path) -> tuple[dict, LoadedDeal, str]:
    """The deal's data as written (to merge into), as validated, and its text."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in DEAL_SUFFIXES:
        raise InputError([Problem(source, "", said("file_type", suffix=suffix or "(none)"))])
    text = read_text(path, what="deal", limit=DEAL_MAX_BYTES)
    if not text.strip():
        raise InputError([Problem(source, "", said("empty"))])
    data, lines = parse_text(text, source, suffix)
    return data, validate(data, source, lines), text


def _line(where: str | None, fld: str | None, key: str, params: dict) -> Problem:
    return Problem(where or "", fld or "", said(key, **params))


def _in_file(answers: list[Answer], name: str) -> list[Answer]:
    return [dataclasses.replace(a, where=f"{name}:{a.where}" if a.where else name) for a in answers]


def dump(data: dict, suffix: str) -> bytes:
    if suffix == ".json":
        return (dumps(data, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")
    return plain(data).encode("utf-8")


def dump_kept(text: str, old: dict, new: dict, suffix: str, *, as_read=None) -> bytes:
    """The new version as the seller wrote the old one (comments, key order, layout) when it reads back as
    ``new`` exactly; else written plainly (:func:`dump`). ``as_read`` maps data read back and ``new`` to
    what must be equal (serve compares the validated deals: a value written ``30%`` that reads as 30 stays
    as written); by default the plain data."""
    same = as_read or _plain_data
    kept = rewrite(text, old, new) if suffix != ".json" else None
    try:
        if kept is not None and same(parse_text(kept, "<merged>", suffix)[0]) == same(new):
            return kept.encode("utf-8")
    except InputError:  # not read back as written: the plain dumper's text instead
        pass
    return dump(new, suffix)


def _plain_data(data):
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def merge(deal_path, answer_paths, *, output=None, by: str | None = None, prefer: str = "deal",
          today: dt.date | None = None, lang: str = "en", max_age: int = 12, rules=(), rates=None) -> MergeRun:
    deal_path = Path(deal_path)
    today = today or dt.date.today()
    data, old, text = read_deal_data(deal_path)
    original = copy.deepcopy(data)
    forms, answers, early = [], [], []
    for path in answer_paths:
        info, found, problems = read_answers(path, deal_data=data, by=by, today=today)
        forms.append(info)
        answers += _in_file(found, str(path))
        early += [dataclasses.replace(p, where=f"{path}:{p.where}" if p.where else str(path)) for p in problems]
    result = apply_answers(data, answers, prefer=prefer)
    result = dataclasses.replace(result, problems=early + list(result.problems))
    if result.refused:
        raise InputError([_line(p.where, p.field, p.message_key, p.params) for p in result.problems if p.refuses])
    if not result.applied:
        return MergeRun(result, forms, old, None, None, None)
    target = Path(output) if output else next_version(deal_path)
    inputs = [str(deal_path), *map(str, answer_paths)]
    new = validate(result.data, str(target))
    write_file(target, dump_kept(text, original, result.data, deal_path.suffix.lower()), inputs=inputs)
    changes = run_diff(old, new, lang=lang, rules=rules, today=today, rates=rates)
    contract = [(f, new_v, src) for f, _old, new_v, src in result.applied if src.get("from") == "contract"]
    return MergeRun(result, forms, old, new, target, changes, contract, stale_sources(new.deal, today, max_age))


# ---------------------------------------------------------------- what the run prints

def _shown(value, lang: str, path: str = "") -> str:
    """A value as the reports write it (enums by their name in ``lang``, yes/no, money, %, dates)."""
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    if path:
        try:
            return fact_value(path, value, lang)
        except (KeyError, TypeError, ValueError):
            pass
    if value is None:
        return msg("merge.unknown_value", lang)
    if isinstance(value, bool):
        return msg("merge.yes" if value else "merge.no", lang)
    if isinstance(value, list):
        return msg("merge.list_sep", lang).join(_shown(v, lang) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _origin(source: dict, lang: str) -> str:
    origin = str(source.get("from", "seller"))
    if origin == "provider" and source.get("by"):
        return msg("merge.origin_provider_by", lang, by=source["by"])
    return msg(f"merge.origin_{origin}", lang)


def contract_line(fld: str, value, source: dict, lang: str) -> str:
    where = msg("merge.contract_where", lang, evidence=source.get("evidence") or "", page=source["page"]) \
        if source.get("page") else ""
    if source.get("clause"):
        where += msg("merge.contract_clause", lang, clause=source["clause"])
    return msg("merge.contract_line", lang, field=fld, value=_shown(value, lang, fld), where=where,
               quote=source.get("quote") or "")


def summary(run: MergeRun, lang: str, prefer: str = "deal", max_age: int = 12, today: dt.date | None = None) -> str:
    """What `vetting merge` prints after writing: the rows not applied, conflicts, what was applied (the
    contract's facts with their quotes), stale evidence, then the diff of the two versions."""
    r = run.result
    out: list[str] = []
    if r.problems:
        out.append(msg("merge.not_applied", lang))
        out += [f"  {p}" for p in (_line(p.where, p.field, p.message_key, p.params) for p in r.problems)]
    if r.conflicts:
        out.append(msg("merge.conflicts_applied" if prefer == "answers" else "merge.conflicts", lang))
        out += [msg("merge.conflict_line", lang, field=f, deal=_shown(d, lang, f), answer=_shown(a, lang, f),
                    where=w or "?")
                for f, d, a, w in r.conflicts]
    if r.applied:
        out.append(msg("merge.applied", lang))
        out += [msg("merge.applied_line", lang, field=f, old=_shown(o, lang, f), new=_shown(n, lang, f),
                    origin=_origin(s, lang)) for f, o, n, s in r.applied]
    if run.contract_facts:
        out.append(msg("merge.contract_facts", lang))
        out += [contract_line(f, v, s, lang) for f, v, s in run.contract_facts]
    if r.unknown:
        out.append(msg("merge.unknown", lang, fields=msg("merge.list_sep", lang).join(f for f, _ in r.unknown)))
    if run.stale:
        out.append(msg("merge.stale", lang, months=max_age, today=(today or dt.date.today()).isoformat()))
        out += [msg("merge.stale_line", lang, field=f, date=d.isoformat()) for f, d in run.stale]
    if run.diff is not None:
        out += ["", msg("merge.changed", lang, old=run.old.source, new=str(run.output)), "", render_diff(run.diff, "md")]
    return "\n".join(out).rstrip("\n") + "\n"
