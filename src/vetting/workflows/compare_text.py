"""A comparison as plain text: the ranking and break-even lines, the terminal table (columns as wide as
a terminal shows CJK text) and the CSV (numbers in numeric cells, every text cell made inert)."""
from __future__ import annotations

import csv
import io
import unicodedata

from ..text.tables import Texts
from ..io.spreadsheet import neutralise
from .compare import Comparison, Entry, num, scenario_label, strings
from .compare_reason import sentence as reason


def break_even_lines(c: Comparison) -> list[str]:
    s = strings(c.lang)
    if not c.cost_ranked or c.plausible is None:
        return []
    cur = c.currencies[0]
    if not c.break_even:
        return [s("be_none", lo=num(c.plausible[0]), hi=num(c.plausible[1]), currency=cur)]
    return [s("be_sentence", a=b.a, b=b.b, gmv=num(b.monthly_gmv), cost=num(b.monthly_cost), currency=cur,
                                    below=b.cheaper_below, above=b.cheaper_above) for b in c.break_even]


def ranking_lines(c: Comparison) -> list[str]:
    s = strings(c.lang)
    return [s("ranking_line", rank=e.rank, key=e.key, provider=e.assessment.provider, reason=reason(c, e))
            for e in c.ranked()]


# -- CSV ----------------------------------------------------------------------

def _csv(c: Comparison, secs: list[dict]) -> str:
    """One row per proposal × figure: numbers in numeric cells, unit and currency in their own columns.

    Starts with a UTF-8 byte-order mark so that Excel (also on Chinese Windows) reads it as UTF-8.
    """
    s = strings(c.lang)
    es = c.ranked()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([s(f"csv_{k}") for k in ("section", "item", "proposal", "provider", "scenario", "monthly_gmv",
                                        "value", "unit", "currency", "text", "note")])
    for msg in c.warnings:
        w.writerow([s("warnings"), "", "", "", "", "", "", "", "", neutralise(msg), ""])
    gmv_of = {x.label: x.monthly_gmv for x in c.scenarios}
    for sec in secs:
        for r in sec["rows"]:
            for e, cell in zip(es, r["cells"]):
                label = r["scenario"]
                gmv = e.cost.at(label).monthly_gmv if label and e.cost.at(label) else gmv_of.get(label)
                value = cell["value"]
                w.writerow([neutralise(sec["title"]), neutralise(r["label"]), neutralise(e.key),
                            neutralise(e.assessment.provider),
                            neutralise(scenario_label(label, s)) if label else "",
                            "" if gmv is None else _plain(gmv),
                            "" if value is None else _plain(value),
                            s(f"unit_{cell['unit']}") if cell["unit"] else "",
                            cell["currency"] or "",
                            "" if value is not None else neutralise(cell["text"]),
                            neutralise(cell["note"] or "")])
    for e in es:
        w.writerow([s("ranking"), s("rank"), neutralise(e.key), neutralise(e.assessment.provider), "", "",
                    e.rank, s("unit_rank"), "", neutralise(reason(c, e)), ""])
    for line in break_even_lines(c):
        w.writerow([s("break_even"), "", "", "", "", "", "", "", "", neutralise(line), ""])
    for b in c.break_even:
        w.writerow([s("break_even"), s("monthly_gmv"), neutralise(f"{b.a} / {b.b}"), "", "", _plain(b.monthly_gmv),
                    _plain(b.monthly_cost), s("unit_per_month"), c.currencies[0], "", ""])
    w.writerow([s("ranking_rule"), "", "", "", "", "", "", "", "", neutralise(c.rule), ""])
    for a in c.assumptions:
        w.writerow([s("assumptions"), "", "", "", "", "", "", "", "", neutralise(a), ""])
    return "\ufeff" + buf.getvalue()


def _plain(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else repr(round(x, 4))


# -- terminal table -----------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _cell_notes(sec: dict, es: list[Entry], s: Texts) -> list[str]:
    """'key · row: note' lines for the notes in a block, printed right under it."""
    out = []
    for r in sec["rows"]:
        for e, cell in zip(es, r["cells"]):
            if cell["note"]:
                out.append(f"{e.key} · {r['label']}{s('colon')}{cell['note']}")
    return out


def _table(c: Comparison, secs: list[dict], s: Texts) -> str:
    es = c.ranked()
    label_w = 44
    col_w = max(14, *(min(_width(e.assessment.provider), 24) for e in es))
    lines = [s("title"), ""]
    if c.warnings:
        lines += [s("warnings"), *(f"  ! {w}" for w in c.warnings), ""]
    lines += [s("ranking"), *(f"  {line}" for line in ranking_lines(c)), "", s("ranking_rule"), f"  {c.rule}", ""]
    be = break_even_lines(c)
    if be:
        lines += [s("break_even"), *(f"  {line}" for line in be), ""]
    header = _pad("", label_w) + "  " + "  ".join(_pad(_clip(e.assessment.provider, col_w), col_w) for e in es)
    for sec in secs:
        lines.append(sec["title"])
        lines.append(header.rstrip())
        for r in sec["rows"]:
            numeric = all(x["value"] is not None or x["text"] == "—" for x in r["cells"])
            cells = "  ".join(_pad(_clip(x["text"], col_w), col_w, numeric) for x in r["cells"])
            lines.append((_pad(_clip(r["label"], label_w), label_w) + "  " + cells).rstrip())
        notes = _cell_notes(sec, es, s)
        if notes:
            lines.append(f"  {s('figure_notes')}{s('colon').rstrip()}")
            lines.extend(f"  - {n}" for n in notes)
        lines.append("")
    lines.append(s("assumptions"))
    lines.extend(f"  - {a}" for a in c.assumptions)
    return "\n".join(lines) + "\n"
