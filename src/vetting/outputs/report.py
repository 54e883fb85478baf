"""Rendering an Assessment (and rule pages) through Jinja2 templates in report_templates/.

The renderer computes nothing that scoring did not already decide: it selects,
orders and formats. Deal text is data, never a template: it reaches Jinja only
as values, and HTML output is autoescaped.

Markdown has no autoescape, so the Markdown environment does its own: every value a
template prints goes through :func:`md_escape` (Jinja's ``finalize``) unless it is an
:class:`MdText`, which only the string-table lookup and the escaping filters make. A table
text is trusted Markdown; the values filled into it are escaped. Deal text (and rule text
from a user's rule pack) therefore reaches a Markdown viewer as literal characters: ``<``,
``>``, ``&`` and Markdown's control characters are backslash-escaped (CommonMark and pandoc
render a backslash-escaped ``<script>`` as text, never as a tag).
Control characters and bidi overrides in deal text (an ESC that ``cat report.md`` would run,
a U+202E that shows "001" as "100") are shown as U+FFFD by :func:`vetting.io.visible.visible`,
in both formats, on the whole rendered document.

Every word around the data comes from a string table
(``report_templates/strings.<lang>.yaml``); templates hold no language
conditionals. Dates and money are formatted by the table's patterns.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..decide.assessment import Assessment
from ..model import registry
from ..rules.blanks import blank
from ..text.tables import (MdText, Texts, _table, flat_keys, lookup, md_code, md_escape,  # noqa: F401 (the
                           strings, templates_dir)  # string tables live in the text layer; named here too)
import typing
from pydantic import BaseModel
from ..model.fields import unwrap
from ..model.models import Deal
from ..io.visible import visible
from .templates import Loader

FORMATS = ("md", "html", "json")


def num(value: float, digits: int = 1) -> str:
    """A score or points figure: one decimal, a real minus sign."""
    text = f"{value:.{digits}f}"
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    return "0.0" if text in ("\u22120.0",) else text


def drop(value: float) -> str:
    """How far the score falls: '−12.0'."""
    return "\u2212" + f"{abs(value):.1f}"


def share(value: float) -> str:
    """A fix's share of the known risk: '12%', '<1%' for a sliver, whole per cent otherwise."""
    if 0 < value < 0.5:
        return "<1%"
    return f"{value:.0f}%"


def md_inline(text: Any) -> MdText:
    """Text on one Markdown line: newlines folded; escaped unless it is MdText already
    (the escaping covers table pipes; an MdText from a string table has none in its values)."""
    return MdText(re.sub(r"\s*\n\s*", " ", md_escape(str(text)) if not isinstance(text, MdText) else text))


def _blanks(value: Any) -> Any:
    """A rule text on a rule page: its placeholders as their fallbacks (no deal to fill them)."""
    return blank(value) if isinstance(value, str) else value


def blocker_titles(a: Assessment) -> list[tuple[str, str]]:
    """(rule id, title) of each blocker, in the assessment's order: the title of its risk finding."""
    titles: dict[str, str] = {}
    for f in a.findings:
        if f.rule_id in a.blockers and f.status == "risk" and f.rule_id not in titles:
            titles[f.rule_id] = f.title
    return [(rid, titles.get(rid, rid)) for rid in a.blockers]


def blocker_names(a, aside: str) -> list[str]:
    """The blockers of an assessment by their titles, each with its rule id aside: 'Title (SEC-001)'."""
    return [f"{title}{aside.format(text=rid)}" for rid, title in blocker_titles(a)]


def breakable(path: Any) -> Markup:
    """A field path in HTML with a line-break opportunity after each '.', '_' and '[' ("contract.stop_<wbr>loss"):
    on a phone a long path breaks between its parts, never inside a word."""
    text = str(escape(str(path)))
    return Markup(re.sub(r"([._\[])", r"\1<wbr>", text))


def md_slug(heading: str) -> MdText:
    """A heading's anchor as GitHub and most Markdown viewers make it: lower case, punctuation
    dropped (CJK letters kept), spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", str(heading).strip().lower())
    return MdText(text.replace(" ", "-"))


@lru_cache(maxsize=4)
def environment(autoescape: bool, trusted: bool = False) -> jinja2.Environment:
    """The HTML environment (autoescape) or the Markdown one (every printed value through md_escape).

    ``trusted``: Markdown made from rule texts only (rule pages, the catalog), printed as written."""
    env = jinja2.Environment(
        finalize=_blanks if trusted else None if autoescape else md_escape,
        loader=Loader(str(templates_dir())),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=num, drop=drop, share=share, inline=md_inline, code=md_code, made=MdText, slug=md_slug, pts=lambda v: f"{v:g}",
                       blocker_names=blocker_names, breakable=breakable)
    # a finding on the seller's own checklist: its evidence is the seller's own check, or it has one beside it
    env.tests["own_check_of"] = lambda f: bool(f.own_check or f.check)
    return env


def _context(lang: str, html: bool, trusted: bool = False) -> dict:
    texts = Texts(lang, html, markdown=not html and not trusted)
    return {"tr": texts, "fmt": texts, "lang": lang}  # every text through Texts: no raw table in a template


_RECORD = re.compile(r"(?:[a-z_]+\.)*([a-z_]+)\[\d+\]")  # a record labelled by its place in the file: claims[1]


def anchors(findings) -> dict[tuple[str, str], str]:
    """Each finding's HTML anchor, the same in any order of the deal's lists: ``f-`` and its rule, then its
    subject: the deal (``deal``) or a KPI (``kpis[sales]``) as it is, a record of a list whose order means
    nothing (a claim, a case study, a milestone) by the list's name and a short hash of the record's stable
    name (model.order.names: a claim's text, a case study's client, a milestone's month), never by its place
    in the file: ``f-KPI-016-claims-3f2a91c0``. Two records of one name: -2, -3 after it, in the report's
    order, which is the canonical one."""
    out: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for f in findings:
        key = (f.rule_id, f.subject)
        if key in out:
            continue
        m = _RECORD.fullmatch(f.subject)
        if m is None:
            anchor = f"f-{f.rule_id}-{f.subject}"
        else:
            stable = f"{f.subject.rpartition('[')[0]}\x1f{f.subject_name}".encode("utf-8")
            anchor = f"f-{f.rule_id}-{m.group(1)}-{hashlib.sha256(stable).hexdigest()[:8]}"
        taken, n = anchor, 2
        while taken in used:
            taken, n = f"{anchor}-{n}", n + 1
        used.add(taken)
        out[key] = taken
    return out


_STATUS_LISTS = {"risk": "risks", "unknown": "questions", "pass": "passed", "na": "na"}


def finding_lists(a: Assessment) -> dict:
    """The lists of findings the checklists (Markdown and HTML) show, each made here in one pass over the
    findings, in their order, instead of by Jinja's selectattr/rejectattr filters (about 3,000 calls of a
    filter test per report, a third of the rendering: docs/performance.md). ``open_qs``: the open questions (unknown, not
    waived); ``known_risks``: the risks not waived; ``asks``: the open questions in the areas' order;
    ``own_ids``: the rules with a finding the seller checks; ``first``: each rule's first finding; ``areas``:
    per category its findings (``all``), its risks and its questions (neither waived), the waived ones
    (``accepted``), and the passed and not applicable ones (waived or not)."""
    areas = {cat: {"all": [], "risks": [], "questions": [], "accepted": [], "passed": [], "na": []}
             for cat in a.categories}
    open_qs, known_risks, own_ids, first = [], [], [], {}
    for f in a.findings:
        first.setdefault(f.rule_id, f)
        if f.own_check:
            own_ids.append(f.rule_id)
        if not f.waived:
            if f.status == "unknown":
                open_qs.append(f)
            elif f.status == "risk":
                known_risks.append(f)
        area = areas.get(f.category)
        if area is None:
            continue
        area["all"].append(f)
        if f.waived:
            area["accepted"].append(f)
        if f.status in ("pass", "na") or (f.status in _STATUS_LISTS and not f.waived):
            area[_STATUS_LISTS[f.status]].append(f)
    asks = [f for cat in a.categories for f in open_qs if f.category == cat]
    return {"open_qs": open_qs, "known_risks": known_risks, "asks": asks, "own_ids": own_ids, "first": first,
            "areas": areas}


def render(assessment: Assessment, fmt: str, lang: str | None = None) -> str:
    """The assessment as 'json', 'md' or 'html'; texts in ``lang`` (default: the assessment's)."""
    if fmt == "json":
        return assessment.to_json()
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    lang = lang or assessment.lang
    html = fmt == "html"
    context = _context(lang, html)
    # each record the report names, by its stable name (model.order.names), wherever it is named
    context["fmt"].names = {f.subject: f.subject_name for f in assessment.findings if f.subject_name}
    context["lists"] = finding_lists(assessment)
    ids = anchors(assessment.findings) if html else {}
    context["anchor"] = lambda f: ids[(f.rule_id, f.subject)]
    page = environment(html).get_template(f"checklist.{fmt}.j2").render(a=assessment, **context)
    return visible(page)  # whatever path a deal text took into the page (a filter, a table text's value)


def render_rule_page(loaded_rule, lang: str) -> str:
    """One rule's page (``vetting rules show``), Markdown."""
    return environment(False, trusted=True).get_template("rule.md.j2").render(
        r=loaded_rule.rule, rt=loaded_rule.rule.text(lang), **_context(lang, False, trusted=True))


# -- the annotated deal template (`vetting init`) ----------------------------------------------

# Values the untouched template must hold for `vetting assess` to accept it.
_TEMPLATE_VALUES = {"format": "vetting/deal@1", "id": "my-deal", "provider.name": '""'}
_COMMENT_COLUMN = 34


def _template_value(path: str, field) -> str:
    """The default when there is one, else null (unknown)."""
    if path in _TEMPLATE_VALUES:
        return _TEMPLATE_VALUES[path]
    if not field.is_required() and field.default is not None:
        return str(field.default)
    return "null"


_UNIT_HINTS = {"money": "init.type_money", "pct": "init.type_pct", "days": "init.type_days", "months": "init.type_months"}
_TYPE_HINTS = {"bool": "init.type_bool", "date": "init.type_date", "number": "init.type_number"}


def _value_hint(field: registry.Field, texts: Texts) -> str:
    """The allowed values of a field, from the field registry: its unit, values or type."""
    if field.unit in _UNIT_HINTS:
        return texts(_UNIT_HINTS[field.unit])
    if field.type == "enum":
        return " | ".join(field.values)
    if field.type == "list":
        return "[" + " | ".join(field.values) + ", …]" if field.values else texts("init.type_list")
    return texts(_TYPE_HINTS.get(field.type, "init.type_text"))


def _record_model(annotation):
    """(model, is_list) when a field holds a nested model or a list of them, else (None, False)."""

    core = unwrap(annotation)
    if isinstance(core, type) and issubclass(core, BaseModel):
        return core, False
    if typing.get_origin(core) is list:
        item = unwrap(typing.get_args(core)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item, True
    return None, False


def _template_lines(model, prefix: str, indent: str, texts: Texts, notes: dict, out: list,
                    comment: str = "", first_dash: bool = False) -> None:
    """One line per field, nested models indented, lists of records as a commented example."""
    for i, (name, field) in enumerate(model.model_fields.items()):
        key = field.alias or name
        path = f"{prefix}{key}"
        if path == "sources":  # where facts came from: a mapping vetting merge writes (docs/deal-format.md)
            out.append(f"{comment}{(indent + key + ':').ljust(_COMMENT_COLUMN - len(comment))} # {notes[path]}")
            continue
        lead = indent
        if first_dash:  # inside a list example: the first key carries the "- "
            lead = indent[:-2] + ("- " if i == 0 else "  ")
        sub, is_list = _record_model(field.annotation)
        if sub is None:
            line = f"{lead}{key}: {_template_value(path, field)}"
            tail = f"{notes[path]} · {_value_hint(registry.registry()[path], texts)}"
        else:
            line, tail = f"{lead}{key}:", notes[path]
        width = _COMMENT_COLUMN - len(comment)
        out.append(f"{comment}{line.ljust(width)} # {tail}")
        if sub is not None and not is_list:
            _template_lines(sub, path + ".", indent + "  ", texts, notes, out, comment)
        elif is_list:
            out.append(f"{comment}{indent}  # {texts('init.list_intro')}")
            _template_lines(sub, path + ".", "  ", texts, notes, out, comment + indent + "  # ", True)


def deal_template(lang: str = "en", filename: str = "deal.yaml") -> str:
    """An annotated deal file with every field of the deal format, all unknown (null).

    The field list comes from the pydantic models, so it cannot drift from the
    format; the comments (what a field means, what it takes) come from the field registry. Lists of records
    (KPIs, claims …) are commented-out examples: an omitted list is unknown.
    """

    texts = Texts(lang, html=False)
    out = [f"# {line}".rstrip() for line in texts("init.header", file=filename).splitlines()]
    out.append("")
    _template_lines(Deal, "", "", texts, registry.notes(lang), out)
    return "\n".join(out) + "\n"
