"""Which sentences give way to a part of the contract that prevails: articles a 补充协议 deletes, the sentences of an
annex or a 补充条款 / "Special Conditions" section the contract says prevails over its body, and the body's numbered
clauses such a part rewrites (第2.2条修改为… / "Clause 2.2 is replaced"). intake.proposals chooses among the hits with them."""
from __future__ import annotations

import re

from .normalize import CJK_NUM, cn_number
from .scan import Reading


def deleted_articles(reading: Reading) -> set[float]:
    """Article numbers a prevailing supplement deletes (主合同第八条删除 / 删除主合同第八条)."""
    out = set()
    for s in reading.sentences:
        if reading.supplements[s.file]:
            for m in re.finditer(r"第([0-9" + CJK_NUM + r"]+)条(?:予以)?删除|删除(?:主合同)?第([0-9" + CJK_NUM + r"]+)条", s.text):
                n = cn_number(m.group(1) or m.group(2)) if not (m.group(1) or m.group(2)).isdigit() else int(m.group(1) or m.group(2))
                if n is not None:
                    out.add(float(n))
    return out


_AMENDS = re.compile(r"第\s*(\d+(?:\.\d+)+)\s*条(?:的?内容)?(?:修改|调整|变更|更改)为|(?:Clause|Section|Article)\s+(\d+(?:\.\d+)+)\s+(?:is|shall be)\s+"
                     r"(?:amended|replaced|deleted)", re.I)


def amended_clauses(reading: Reading, annex: set[int]) -> set[str]:
    """Numbered clauses (2.2, 3.1) that a prevailing supplement or section rewrites (第2.2条修改为… / "Clause 2.2 is replaced"):
    the body's sentences that open with that number give way."""
    return {m.group(1) or m.group(2) for s in reading.sentences if reading.supplements[s.file] or id(s) in annex
            for m in _AMENDS.finditer(s.text)}


def opens_clause(text: str, numbers: set[str]) -> bool:
    m = re.match(r"\s*(?:第\s*)?(\d+(?:\.\d+)+)(?=[\s条.、:：)）]|$)", text)
    return bool(m) and m.group(1).rstrip(".") in numbers


def article_number(heading: str) -> float | None:
    m = re.match(r"\s*(?:#+\s*)?第([0-9" + CJK_NUM + r"]+)条", heading)
    if not m:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else cn_number(m.group(1))
    return float(n) if n is not None else None


_ANNEX_PREVAILS = re.compile(r"以附件[一二三四五六七八九0-9]?(?:的约定)?为准|以(?:本)?(?:补充条款|补充约定|特别约定)为准|(?:Schedule|Annex|Appendix|Exhibit)\s*[A-Z0-9]{0,3}\s+(?:shall |will )?"
                             r"(?:prevail|control|govern)|(?:these |the )?(?:Special Conditions|Supplementary Terms|Additional Terms) (?:shall |will )?(?:prevail|control|govern)", re.I)
_ANNEX_TITLE = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?(?:附件\s*[一二三四五六七八九0-9]|(?:Schedule|Annex|Appendix|Exhibit)\s+[A-Z0-9]{1,3}\b"
                          r"|(?:补充条款|补充约定|特别约定)\s*(?:\*\*)?\s*$|(?:Special Conditions|Supplementary Terms|Additional Terms)\s*(?:\*\*)?\s*$)", re.I)


def in_prevailing_annex(reading: Reading) -> set[int]:
    """Sentences of an annex the contract says prevails over its body (附件一与本合同正文约定不一致的，以附件一为准 / "Schedule 1
    shall prevail"), or of a 补充条款 / 特别约定 / "Special Conditions" section at its end that says so: from the title line to
    the end of its file."""
    out, inside = set(), {}
    prevails = {fi for fi in range(len(reading.files))
                if any(_ANNEX_PREVAILS.search(s.text) for s in reading.sentences if s.file == fi)}
    for s in reading.sentences:
        if s.file not in prevails:
            continue
        if _ANNEX_TITLE.match(s.text) and len(s.text) <= 40 and not _ANNEX_PREVAILS.search(s.text):
            inside[s.file] = True
        if inside.get(s.file):
            out.add(id(s))
    return out
