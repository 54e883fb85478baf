"""`vetting ask`: the questionnaire the provider fills in (docs/questionnaire.md).

The questions are those of the letter to the provider (``decide.questions.provider_questions``): the
facts the provider can answer that a rule still waits for, most decisive first, grouped by topic. A
deal that already has answers is asked only what is still open or was answered "unknown" (a merged
"unknown" is no value, so the selection asks it again). Each row is signed with the seller's own key
(``formkey``): ``vetting merge`` applies an answer only to a row this machine asked.

:func:`questionnaire` makes the form in memory (for `vetting serve`'s download button);
:func:`ask_file` is the CLI's: it writes the form beside the deal, never over an existing file.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..decide.questions import provider_questions
from ..text.questionwords import worded
from ..io.errors import OutputError
from ..io.writing import write_file
from ..model.loading import LoadedDeal, load_deal
from ..outputs.form import FormSpec, layout, tagged, texts
from ..outputs.form_html import form_html
from ..outputs.form_xlsx import form_xlsx
from ..rules.rulepack import LANGS
from . import formkey
from .assess import decide

FORMATS = ("xlsx", "html")
MAX_FREE_NAMES = 1000  # DEAL.questions.xlsx, DEAL.questions-2.xlsx … before giving up


@dataclass(frozen=True)
class AskedForm:
    """A questionnaire made for one deal: its bytes and what identifies it."""

    data: bytes
    fmt: str  # xlsx | html
    spec: FormSpec  # ask_id, digest, deal_id, lang, created, rows (field path and tag per asked row)

    @property
    def count(self) -> int:
        return len(self.spec.asked)

    @property
    def filename(self) -> str:
        """The file name to offer for a download: DEAL-ID.questions.xlsx (or .html)."""
        return f"{self.spec.deal_id}.questions.{self.fmt}"


def _deal_name(deal) -> str:
    return f"{deal.title} ({deal.id})" if deal.title else deal.id


def questionnaire(deal: LoadedDeal, *, lang: str = "en", fmt: str = "xlsx", today: dt.date | None = None,
                  rules: tuple[str, ...] | list[str] = (), rates: str | None = None) -> AskedForm:
    """The questionnaire of ``deal`` in ``lang`` as an XLSX workbook or an HTML page, signed with this
    machine's form key (``formkey.form_key``). ``today`` is the form's date and the report date the
    selection is judged on (default: the system's date)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}")
    day = today or dt.date.today()
    decision = decide(deal, rules=rules, today=day, rates=rates)
    d = decision.deal
    rows = layout(worded(provider_questions(decision, lang), lang), lang, d.currency)
    key, ask_id = formkey.form_key(), formkey.new_ask_id()
    asked = [(r.row, r.field) for r in rows if r.field]
    tags = {row: formkey.row_tag(key, ask_id, row, path) for row, path in asked}
    spec = FormSpec(ask_id=ask_id, digest=formkey.form_digest(key, ask_id, d.id, asked), deal_id=d.id, lang=lang,
                    created=day.isoformat(), seller=(d.seller.name if d.seller and d.seller.name else ""),
                    deal=_deal_name(d), rows=tagged(rows, tags))
    data = form_xlsx(spec) if fmt == "xlsx" else form_html(spec).encode("utf-8")
    return AskedForm(data, fmt, spec)


def free_name(deal_path: str | Path, fmt: str) -> Path:
    """``DEAL.questions.xlsx`` beside the deal, or the next free ``DEAL.questions-N.xlsx``."""
    path = Path(deal_path)
    stem = path.name[:-len(path.suffix)] if path.suffix else path.name
    for n in range(1, MAX_FREE_NAMES + 1):
        name = f"{stem}.questions.{fmt}" if n == 1 else f"{stem}.questions-{n}.{fmt}"
        candidate = path.with_name(name)
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
    raise OutputError(path.with_name(f"{stem}.questions.{fmt}"), key="no_free_name")


def ask_file(deal_path: str | Path, *, lang: str = "en", fmt: str = "xlsx", output: str | Path | None = None,
             today: dt.date | None = None, rules: tuple[str, ...] | list[str] = (),
             rates: str | None = None) -> tuple[AskedForm, Path | None]:
    """Load the deal, make its questionnaire and write it to ``output`` (default: the next free
    ``DEAL.questions.<fmt>`` beside the deal). Nothing is written when there is nothing to ask: the
    path is then None."""
    loaded = load_deal(deal_path)
    form = questionnaire(loaded, lang=lang, fmt=fmt, today=today, rules=rules, rates=rates)
    if not form.count:
        return form, None
    target = Path(output) if output is not None else free_name(deal_path, fmt)
    write_file(target, form.data, inputs=[deal_path])
    return form, target


def said(key: str, lang: str, **values) -> str:
    """A line the CLI prints, in ``lang`` (strings_ask.<lang>.yaml, cli.*)."""
    return texts(lang)(f"cli.{key}", **values)
