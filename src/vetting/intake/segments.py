"""Normalised text → articles (by their headings) → sentences, each with its place in the page.

A sentence is what a proposal quotes. An article (第三条 …, "3. FEES", "## 第四条 止损条款")
is the context some patterns need: the cancel-by notice counts only inside an article that
speaks of renewal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import CJK_NUM, Text

_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:第[0-9" + CJK_NUM + r"]+[条章]|[" + CJK_NUM + r"]+、|(?:Article|ARTICLE|Section|SECTION)\s+[0-9]+"
    r"|[0-9]+\.\s+(?=[A-Z][A-Za-z\- ]{2,}$)|[0-9]+\.\s+[A-Z][A-Z ,&/-]{3,}$|[0-9]+\.\s+[A-Z][a-z]+(?: [a-z]+)?\.)")
_ABBREV = re.compile(r"(?:\b(?:Co|Ltd|Inc|No|Pte|Corp|LLC|St|Mr|Ms|Dr|vs|e\.g|i\.e|U\.S|approx)|\b[A-Z])\.$")


@dataclass
class Sentence:
    page: int  # index into the scan's pages
    start: int  # in the normalised text of the page
    end: int
    text: str  # normalised
    article: int  # article number within the page's file, in order of headings (0: before the first)
    heading: str  # the article's heading line (normalised), "" before the first
    file: int = 0  # which of the scanned files


def _pieces(line: str):
    """(start, end) of the sentences of one line: 。!? and a full stop that ends an English sentence."""
    start = 0
    for m in re.finditer(r"[。!?]|\.(?=\s+[A-Z0-9(\"“]|\s*$)", line):
        end = m.end()
        if m.group() == "." and _ABBREV.search(line[start:end]):
            continue
        if line[start:end].strip():
            yield start, end
        start = end
    if line[start:].strip():
        yield start, len(line)


def sentences(text: Text, page: int, article0: int = 0, heading0: str = "", file: int = 0) -> tuple[list[Sentence], int, str]:
    """The sentences of one page, and the article and heading in force at its end (for the next page)."""
    out: list[Sentence] = []
    article, heading, pos = article0, heading0, 0
    for line in text.norm.split("\n"):
        if _HEADING.match(line):
            article += 1
            heading = line.strip()
        for a, b in _pieces(line):
            while a < b and line[a].isspace():
                a += 1
            while b > a and line[b - 1].isspace():
                b -= 1
            out.append(Sentence(page, pos + a, pos + b, line[a:b], article, heading, file))
        pos += len(line) + 1
    return out, article, heading

