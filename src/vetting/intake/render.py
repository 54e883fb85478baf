"""A scan as a document (``vetting/scan@1``): JSON, a YAML proposals file, Markdown or HTML.

The YAML is the proposals file a seller reviews: every proposal carries ``accept`` (false unless
``--accept-confident`` pre-accepted it). Markdown and HTML say that the scan proposes facts to
confirm and is not legal advice.

A contract's words are data: in Markdown every cell, file name and note is escaped as the report
escapes deal text (``md_escape``: raw HTML, link syntax, table pipes, a block a line would start),
and in HTML every text is HTML-escaped; in both, control characters and bidi overrides show as
U+FFFD (``vetting.io.visible``), so a quote reads as it is written.
"""
from __future__ import annotations

import html

from ..io.jsontext import dumps
from ..io.visible import visible
from ..io.yamlkeep import plain
from ..outputs.report import md_escape
from ..text.tables import Texts
from .proposals import FORMAT, Proposal
from .scan import Reading


def strings(lang: str) -> Texts:
    """The scan's words in ``lang`` (report_templates/strings_scan.<lang>.yaml), plain: each format escapes."""
    return Texts(lang, html=False, stem="strings_scan")


def notes(reading: Reading, proposals: list[Proposal], lang: str) -> list[str]:
    t = strings(lang)
    out = []
    for name, kind, prevail in zip(reading.files, reading.langs, reading.prevailing):
        if kind == "bilingual":
            out.append(t("note_prevailing", file=name, lang=t(f"lang_{prevail}")) if prevail
                       else t("note_bilingual", file=name))
    out.extend(t("note_supplement", file=name) for name, sup in zip(reading.files, reading.supplements) if sup)
    for key, values in reading.notes:
        ref = "" if "page" not in values else t("quote_ref", file=values["file"], page=values["page"])
        shown = {k: (t("yes") if v is True else t("no") if v is False else v) for k, v in values.items()}
        out.append(t(f"note_{key}", quote_ref=ref, **shown))
    for p in proposals:
        if p.note:
            out.append(t(f"note_{p.note}", field=p.field))
    if not proposals:
        out.append(t("no_proposals"))
    return out


def document(reading: Reading, proposals: list[Proposal], lang: str) -> dict:
    return {
        "format": FORMAT,
        "source": list(reading.files),
        "notice": strings(lang)("notice"),
        "pages": [{"file": p.file, "page": p.number, "lang": p.lang, "chars": len(p.text)} for p in reading.pages],
        "proposals": [p.as_dict() for p in proposals],
        "notes": notes(reading, proposals, lang),
    }


def to_json(doc: dict) -> str:
    return dumps(doc, ensure_ascii=False, indent=2) + "\n"  # a quote's bidi or C1 characters as \\uXXXX


def to_yaml(doc: dict) -> str:
    return plain(doc)  # the one plain YAML writer: no anchors or aliases, which `vetting merge` would refuse


def _value(p: dict, t: Texts) -> str:
    v = p["value"]
    if isinstance(v, bool):
        return t("yes") if v else t("no")
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return str(v)


def _rows(doc: dict, t: Texts):
    for p in doc["proposals"]:
        where = t("page_ref", file=p["file"], page=p["page"]) if not p["absent"] else ""
        quote = p["quote"].replace("\n", " ") if not p["absent"] else t("absent")
        if p["conflict"]:
            quote += " — " + t("conflict", deal=p["conflict"]["deal"])
        yield (p["field"], _value(p, t), quote, where, f"{p['confidence']:.2f}", ", ".join(p["rules"]) or t("none"),
               t("yes") if p["accept"] else t("no"))


def to_md(doc: dict, lang: str) -> str:
    t = strings(lang)
    head = (t("field"), t("value"), t("quote"), t("where"), t("confidence"), t("rules"), t("accept"))
    sources = t("list_sep").join(md_escape(name) for name in doc["source"])
    lines = [f"# {t('title')}", "", f"> {t('notice')}", "", t("source") + t("colon") + sources, "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in _rows(doc, t):
        lines.append("| " + " | ".join(md_escape(c) for c in row) + " |")
    if doc["notes"]:
        lines += [""] + [f"- {md_escape(n)}" for n in doc["notes"]]
    return visible("\n".join(lines) + "\n")


def to_html(doc: dict, lang: str) -> str:
    t = strings(lang)
    e = html.escape
    head = (t("field"), t("value"), t("quote"), t("where"), t("confidence"), t("rules"), t("accept"))
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>\n" for row in _rows(doc, t))
    notes_html = "".join(f"<li>{e(n)}</li>" for n in doc["notes"])
    page = (f'<!DOCTYPE html>\n<html lang="{t("html_lang")}"><head><meta charset="utf-8">'
            f"<title>{e(t('title'))}</title><style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}"
            "td,th{border:1px solid #ccc;padding:4px;vertical-align:top}.notice{background:#fff4d6;padding:8px}</style>"
            f"</head><body><h1>{e(t('title'))}</h1><p class=\"notice\">{e(t('notice'))}</p>"
            f"<p>{e(t('source') + t('colon') + t('list_sep').join(doc['source']))}</p><table><tr>"
            + "".join(f"<th>{e(h)}</th>" for h in head) + f"</tr>\n{rows}</table><ul>{notes_html}</ul></body></html>\n")
    return visible(page)


def render(doc: dict, fmt: str, lang: str) -> str:
    if fmt == "json":
        return to_json(doc)
    if fmt == "yaml":
        return to_yaml(doc)
    if fmt == "md":
        return to_md(doc, lang)
    return to_html(doc, lang)
