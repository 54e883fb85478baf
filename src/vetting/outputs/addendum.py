"""The clauses alone, as a contract addendum for a lawyer (`vetting addendum DEAL`): the parties and the
deal named, every clause numbered, in md, html (pdf prints it) or docx.

The clauses are the checklist's own ("Clauses to request"): one per known risk, then the protective
clauses for the open questions, each filled in with the deal's facts. The addendum calls the parties
"the Seller" and "the Provider" (甲方 and 乙方 in Chinese), defined in its first paragraph with the parties
as the deal file names them; the rule texts' clauses use the same two names, so one party has one name
throughout.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..decide.assessment import Assessment
from ..io.visible import visible
from .summary import text as summary_text
from .report import Texts
from .report import environment
from .summary import summary_texts


@dataclass(frozen=True, slots=True)
class Clause:
    number: int
    text: str
    rule_id: str


@dataclass(frozen=True, slots=True)
class Addendum:
    lang: str
    title: str
    intro: str
    deal_ref: str
    risks: list[Clause]  # one per known risk
    protective: list[Clause]  # for the open questions
    seller: str
    provider: str


_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」')
_CLAUSE_MIN = 24  # a quoted span this long is the clause itself ("add: «…»"), not a quoted word


def _clause_text(fix: str) -> str:
    """A rule's clause as a contract states it: one paragraph, without the advice around it ("Do not
    sign while …; if withdrawn, add: «clause»") and without the quotation marks the checklist puts
    around a clause to paste. A fix that quotes no clause is the clause itself."""
    flat = re.sub(r"\s*\n\s*", " ", fix).strip()
    for m in _QUOTED.finditer(flat):
        quoted = next(g for g in m.groups() if g is not None).strip()
        if len(quoted) >= _CLAUSE_MIN:
            flat = quoted
            break
    return flat


def clauses(a: Assessment) -> tuple[list[Clause], list[Clause]]:
    """(clauses for the known risks, protective clauses for the open questions), numbered on from 1,
    in the checklist's order and with the checklist's rules (one per rule; waived findings left out)."""
    risks, seen = [], set()
    for f in a.findings:
        if f.status == "risk" and not f.waived and f.rule_id not in seen and f.fix.strip():
            seen.add(f.rule_id)
            risks.append(Clause(len(risks) + 1, _clause_text(f.fix), f.rule_id))
    by_area = {cat: i for i, cat in enumerate(a.categories)}
    open_qs = sorted((f for f in a.findings if f.status == "unknown" and not f.waived),
                     key=lambda f: by_area.get(f.category, len(by_area)))
    protective = []
    for f in open_qs:
        if f.rule_id not in seen and f.fix.strip():
            seen.add(f.rule_id)
            protective.append(Clause(len(risks) + len(protective) + 1, _clause_text(f.fix), f.rule_id))
    return risks, protective


def build(a: Assessment, lang: str | None = None) -> Addendum:
    lang = lang or a.lang
    tr = Texts(lang, html=False)
    seller = a.deal.seller or summary_text(lang, "addendum.unnamed_seller")
    provider = a.provider or summary_text(lang, "addendum.unnamed_provider")
    name = a.deal.title or a.deal_id
    risks, protective = clauses(a)
    return Addendum(lang=lang, title=summary_text(lang, "addendum.title"),
                    intro=summary_text(lang, "addendum.intro", seller=seller, provider=provider, deal=name),
                    deal_ref=summary_text(lang, "addendum.deal_ref", deal=name, id=a.deal_id, date=tr.date(a.deal.as_of)),
                    risks=risks, protective=protective, seller=seller, provider=provider)


def render_addendum(a: Assessment, fmt: str, lang: str | None = None) -> str | bytes:
    """The addendum as 'md' or 'html' text, or 'docx' bytes (pdf: print the html)."""
    doc = build(a, lang)
    if fmt == "docx":
        return _docx(doc)
    if fmt not in ("md", "html"):
        raise ValueError("format must be md, html or docx")

    html = fmt == "html"
    return visible(environment(html).get_template(f"addendum.{fmt}.j2").render(d=doc, st=summary_texts(doc.lang, html)))


def _docx(doc: Addendum) -> bytes:
    """A Word document: title, the parties' paragraph, numbered clauses, two signature blocks."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.size = Pt(11)
    if doc.lang == "zh":  # East Asian text in a CJK font (Word falls back badly otherwise)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    d.core_properties.title = doc.title
    d.core_properties.language = "zh-CN" if doc.lang == "zh" else "en"
    heading = d.add_heading(doc.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph(doc.intro)
    d.add_paragraph(doc.deal_ref)
    if not doc.risks and not doc.protective:
        d.add_paragraph(summary_text(doc.lang, "addendum.none"))
    for key, group in (("addendum.risks", doc.risks), ("addendum.protective", doc.protective)):
        if group:
            d.add_heading(summary_text(doc.lang, key), level=1)
        for c in group:
            p = d.add_paragraph()
            p.add_run(f"{c.number}. ").bold = True
            p.add_run(c.text)
    d.add_heading(summary_text(doc.lang, "addendum.signatures"), level=1)
    table = d.add_table(rows=2, cols=2)
    for col, key in enumerate(("addendum.sign_seller", "addendum.sign_provider")):
        table.cell(0, col).text = f"{summary_text(doc.lang, key)}\n{doc.seller if col == 0 else doc.provider}"
        table.cell(1, col).text = f"\n\n____________________\n{summary_text(doc.lang, 'addendum.sign_line')}"
    note = d.add_paragraph(summary_text(doc.lang, "addendum.note"))
    note.runs[0].italic = True
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
