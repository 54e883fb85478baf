"""``vetting scan``: contract files → pages → sentences → hits → proposals (proposals.py).

Several files are one contract, in the order given (a main contract, its annexes, a 补充协议).
A bilingual contract is read in the language it says prevails (以中文版本为准 / the English
version shall prevail); ``contract_lang`` chooses it when the contract does not say.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..io.errors import InputError, Problem, said
from . import deal_terms, kpis, money, rights, service, terms
from .base import Context, Hit, lang_of
from .normalize import Text, normalize
from .parties import as_parties, party_names, party_names_en, seller_is_a, swapped
from .sandbox import ParseFailed, read_isolated
from .segments import Sentence, sentences

PATTERNS = terms.PATTERNS + money.PATTERNS + rights.PATTERNS + service.PATTERNS + deal_terms.PATTERNS + kpis.PATTERNS


@dataclass
class Page:
    file: str  # the file's name as given
    number: int  # 1-based within its file
    text: str  # the extracted text (what offsets point into)
    norm: Text
    lang: str


@dataclass
class Found:
    """One hit with the sentence it was read from."""

    hit: Hit
    sentence: Sentence
    file_index: int


@dataclass
class Reading:
    files: list[str]
    kinds: list[str]
    pages: list[Page]
    sentences: list[Sentence]
    found: list[Found]
    langs: list[str]  # per file: zh | en | bilingual
    prevailing: list[str | None]  # per file: the language read, when bilingual
    supplements: list[bool]  # per file: a 补充协议 that says it prevails over the main contract
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (note key in strings_scan, its values)


def read_files(paths: list[str]) -> list[tuple[str, dict]]:
    """(name, reader result) per file, every unreadable file reported together (exit 2)."""
    problems, out = [], []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            problems.append(Problem(p, "", said("scan_folder")))
            continue
        if not path.exists():
            problems.append(Problem(p, "", said("scan_missing")))
            continue
        try:
            out.append((p, read_isolated(path)))
        except ParseFailed as e:
            hint = e.values.get("suffix", "")
            problems.append(Problem(p, "", said(e.key, **({"suffix": hint} if hint else
                                                          {k: v for k, v in e.values.items()}))))
    if problems:
        raise InputError(problems)
    return out


_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
_EN_WORDS = re.compile(r"\b(?:the|and|of|to|shall|agreement|party|client|fee|fees|this|will|may|in|for)\b", re.I)


def file_language(name: str, text: str) -> str:
    """zh, en or bilingual; another language is refused (exit 2)."""
    cjk = sum(1 for c in text if "\u3400" <= c <= "\u9fff")
    letters = sum(1 for c in text if c.isalpha())
    words = re.findall(r"[A-Za-z]+", text)
    english = len(_EN_WORDS.findall(text)) >= max(3, 0.08 * len(words)) if words else False
    if len(_KANA_HANGUL.findall(text)) > max(20, 0.05 * letters):
        raise InputError([Problem(name, "", said("scan_other_language"))])
    if cjk >= 20 and english and len(words) > 0.25 * cjk:
        return "bilingual"
    if cjk >= 20:
        return "zh"
    if english:
        return "en"
    raise InputError([Problem(name, "", said("scan_other_language"))])


def _prevailing(norm: str, contract_lang: str) -> str | None:
    if contract_lang in ("zh", "en"):
        return contract_lang
    if re.search(r"以中文(?:版本|文本|版)?为准|Chinese (?:version|text) shall (?:prevail|govern)", norm, re.I):
        return "zh"
    if re.search(r"以英文(?:版本|文本|版)?为准|English (?:version|text) shall (?:prevail|govern)", norm, re.I):
        return "en"
    return None


_SUPPLEMENT = re.compile(r"补充协议|补充合同|变更协议|Amendment|Addendum|Supplement(?:al)? Agreement", re.I)
_PREVAILS = re.compile(r"以本补充协议为准|以本协议为准|以补充协议为准|this (?:Amendment|Addendum|Supplement\w*)(?: Agreement)? "
                       r"(?:shall )?(?:prevail|control|govern)", re.I)


def read_contract(paths: list[str], contract_lang: str = "auto") -> Reading:
    files = read_files(paths)
    pages, all_sentences, langs, prevailing, supplements, kinds = [], [], [], [], [], []
    for fi, (name, result) in enumerate(files):
        wrapped, soft = result["kind"] == "pdf", result["kind"] in ("txt", "md")
        file_pages = [normalize(text, wrapped=wrapped, soft=soft) for text in result["pages"]]
        whole = "\n".join(t.norm for t in file_pages)
        lang = file_language(name, whole)
        prevail = _prevailing(whole, contract_lang) if lang == "bilingual" or contract_lang != "auto" else None
        langs.append(lang)
        prevailing.append(prevail)
        kinds.append(result["kind"])
        supplements.append(fi > 0 and bool(_SUPPLEMENT.search(whole[:400])) and bool(_PREVAILS.search(whole)))
        article, heading = 0, ""
        for n, (raw, norm) in enumerate(zip(result["pages"], file_pages), 1):
            pages.append(Page(name, n, raw, norm, lang_of(norm.norm)))
            found, article, heading = sentences(norm, len(pages) - 1, article, heading, fi)
            all_sentences.extend(found)
    reading = Reading([f for f, _ in files], kinds, pages, all_sentences, [], langs, prevailing, supplements)
    for name, result in files:
        if result.get("ocr"):
            reading.notes.append(("ocr_pages", {"file": name, "pages": ", ".join(str(i + 1) for i in result["ocr"])}))
    reading.found = _run_patterns(reading, paths)
    return reading


def _articles(all_sentences: list[Sentence]) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], list[str]] = {}
    for s in all_sentences:
        out.setdefault((s.file, s.article), [s.heading]).append(s.text)
    return {k: " ".join(v) for k, v in out.items()}


def party_texts(reading: Reading):
    """(sentence, language, text, article) as the patterns read them: the other language of a bilingual
    contract left out, the parties written 甲方/乙方 and Client/Agency (the model layer reads the same text)."""
    articles = _articles(reading.sentences)
    seller_a = {fi: seller_is_a("\n".join(p.norm.norm for p in reading.pages if p.file == name))
                for fi, name in enumerate(reading.files)}
    whole = {fi: "\n".join(p.norm.norm for p in reading.pages if p.file == name) for fi, name in enumerate(reading.files)}
    names = {fi: party_names(whole[fi], True) for fi in whole}
    names_en = {fi: party_names_en(whole[fi]) for fi in whole}
    for s in reading.sentences:
        lang = lang_of(s.text)
        prevail = reading.prevailing[s.file]
        if prevail and lang != prevail:
            continue  # the other language's version of a bilingual contract
        alias = names[s.file] if lang == "zh" else names_en[s.file]
        text, article = s.text, articles[(s.file, s.article)]
        if lang == "zh" and not seller_a[s.file]:  # 甲方（服务方）: read 甲方 as the provider throughout
            text, article = swapped(text), swapped(article)
        yield s, lang, as_parties(text, alias), as_parties(article, alias)


def _run_patterns(reading: Reading, paths: list[str]) -> list[Found]:
    found = []
    extra: dict[int, dict] = {fi: {} for fi in range(len(reading.files))}  # per file: what a pattern noted
    for s, lang, text, article in party_texts(reading):
        ctx = Context(lang, article, s.heading, True, extra[s.file])
        for pattern in PATTERNS:
            for hit in pattern(text, ctx):
                if hit.value is not None:
                    found.append(Found(hit, s, s.file))
    return found
