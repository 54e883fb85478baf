"""The questionnaire form's content, shared by its XLSX (form_xlsx.py) and HTML (form_html.py) layouts:
its rows (topic headings and one row per asked fact), the allowed answers in the form's language, and
its texts (report_templates/strings_ask.<lang>.yaml). The layout is CONTRACTS D (docs/questionnaire.md):
the first question row is FIRST_ROW of the sheet, a topic heading row has no field."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..decide.questions import Question
from ..text.tables import Texts

FORMAT = "vetting/questions@1"
ANSWERS_FORMAT = "vetting/answers@1"
HEADER_ROW = 6
FIRST_ROW = 7


def texts(lang: str) -> Texts:
    """The form's texts: report_templates/strings_ask.<lang>.yaml (plain: each layout escapes)."""
    return Texts(lang, html=False, stem="strings_ask")


@dataclass(frozen=True)
class FormRow:
    row: int  # the sheet's row number (the HTML form's and the answers file's row number too)
    field: str | None  # the fact's path; None for a topic heading
    topic: str  # the topic's title in the form's language
    question: str = ""  # the question, prefixed with the KPI, claim or case study it is about
    allowed: str = ""  # the allowed answers, unit or date format, in words
    choices: tuple[str, ...] = ()  # the drop-down's values as shown (the last one means unknown); () for none
    kind: str = "text"  # bool | enum | list | number | date | text
    tag: str = ""  # the row's tag (formkey.row_tag), filled by the ask workflow
    values: tuple[str, ...] = ()  # beside ``choices``: what each one stands for (an enum's values), as sent back

    def options(self) -> list[tuple[str, str]]:
        """The drop-down's (value sent back, label shown) pairs."""
        return list(zip(self.values or self.choices, self.choices))


@dataclass(frozen=True)
class FormSpec:
    ask_id: str
    digest: str
    deal_id: str
    lang: str
    created: str  # YYYY-MM-DD
    seller: str
    deal: str  # the deal's title and id as the provider sees them
    rows: tuple[FormRow, ...]

    @property
    def asked(self) -> list[FormRow]:
        return [r for r in self.rows if r.field]


def _values(q: Question, choices: tuple[str, ...]) -> tuple[str, ...]:
    """An enum drop-down's values underneath its labels (the unknown answer as shown)."""
    return tuple(v for v, _ in q.choices) + choices[-1:] if q.type == "enum" and choices else ()


def _allowed(q: Question, lang: str, currency: str | None) -> tuple[str, tuple[str, ...]]:
    t = texts(lang)
    unknown = t("unknown")
    shown = [v for _, v in q.choices]
    sep = Texts(lang, html=False)("doc.list_comma")
    if q.type == "bool":
        return t("allowed.bool"), (t("yes"), t("no"), unknown)
    if q.type == "enum":
        return t("allowed.enum", values=" / ".join(shown)), tuple(shown) + (unknown,)
    if q.type == "list":
        return (t("allowed.list", values=sep.join(shown)) if shown else t("allowed.text")), ()
    if q.type == "date":
        return t("allowed.date"), ()
    if q.type == "number":
        if q.unit == "money":
            return (t("allowed.money", currency=currency) if currency else t("allowed.money_any")), ()
        return t(f"allowed.{q.unit or 'number'}"), ()
    return t("allowed.text"), ()


def layout(questions: list[Question], lang: str, currency: str | None) -> list[FormRow]:
    """The form's rows from FIRST_ROW: a topic heading where the topic changes, then its questions."""
    r = Texts(lang, html=False)  # the report's words: topic headings, what a question is about
    about = lambda q: r("questions.about", subject=q.about) if q.about else ""  # noqa: E731
    rows: list[FormRow] = []
    topic = None
    for q in questions:
        title = r(f"questions.topic.{q.topic}")
        if q.topic != topic:
            topic = q.topic
            rows.append(FormRow(FIRST_ROW + len(rows), None, title))
        allowed, choices = _allowed(q, lang, currency)
        kind = q.type if q.type in ("bool", "enum", "list", "number", "date") else "text"
        rows.append(FormRow(FIRST_ROW + len(rows), q.field, title, about(q) + q.text, allowed, choices, kind,
                            values=_values(q, choices)))
    return rows


def tagged(rows: list[FormRow], tags: dict[int, str]) -> tuple[FormRow, ...]:
    """The rows with their tags (row number -> tag)."""
    return tuple(replace(r, tag=tags.get(r.row, "")) for r in rows)
