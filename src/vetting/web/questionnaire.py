"""The questionnaire screen (#22): a provider's filled form brought back into the open deal.

- ``GET  /d/<deal>/questions``: download the questionnaire for the deal (`vetting ask`'s form, XLSX or
  the offline HTML page, in English or Chinese: ``/d/<deal>/questions/form.<fmt>?form_lang=zh``); upload a filled form (XLSX, as Excel, WPS or LibreOffice save it), the
  HTML form's saved answers (.json) or a scan proposals file (.yaml);
- ``POST /d/<deal>/questions``: the file's bytes (X-CSRF-Token, X-Filename; X-By: who answered) → the
  merge's address, or the file's problems (a file that is not a form of this deal is one line);
- ``GET  /d/<deal>/questions/<id>[?prefer=answers]``: the merge as `vetting merge` makes it (the merge
  API, vetting.workflows.merging): the answers applied, the conflicts with what the deal states (applied
  only when you prefer the answers), the rows and cells refused with their cell, the score and verdict
  before and after and the `vetting diff` of the two versions; nothing saved;
- ``POST /d/<deal>/questions/<id>/save``: saved as a new version (the previous file kept).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from ..io.errors import InputError
from ..io.writing import write_file
from ..model.loading import validate
from ..workflows.ask import FORMATS, questionnaire
from ..workflows.diff import diff, render
from ..workflows.merging import apply_answers, read_answers
from . import assessing, fieldinfo, pages, scanning
from .security import same

KEEP = 20
SUFFIXES = (".xlsx", ".json", ".yaml", ".yml")  # what `vetting merge` reads


def state_of(data: dict) -> str:
    """A fingerprint of the deal's answers: a save applies the merge only to the deal it was shown for."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


@dataclass
class Pending:
    id: str
    slot: str
    name: str  # the uploaded file's name
    info: object  # the merge API's FormInfo
    answers: list
    problems: list  # the file's own problems (rows and cells refused while reading it)


def read_upload(name: str, raw: bytes, deal_data: dict, by: str | None, today: dt.date):
    """An uploaded answers file read as `vetting merge` reads one (guarded reading, cells read as cells)."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="vetting-answers-") as tmp:
        path = Path(tmp) / f"answers{suffix}"
        write_file(path, raw, root=tmp)
        try:
            info, answers, problems = read_answers(path, deal_data=deal_data, by=by or None, today=today)
        except InputError as e:
            for p in e.problems:
                object.__setattr__(p, "source", name)
            raise
    return info, answers, problems


class QuestionnaireScreen:
    def __init__(self, server):
        self.server = server
        self.pending: OrderedDict[str, Pending] = OrderedDict()

    def page(self, request: Request, **context):
        return self.server.page("questions.html.j2", request, suffixes=SUFFIXES, **context)

    def _pending(self, request: Request):
        entry = self.server.entry(request)
        p = self.pending.get(request.path_params.get("mid", ""))
        return (entry, p) if entry is not None and p is not None and p.slot == entry.slot else (entry, None)

    async def start(self, request: Request):
        entry = self.server.entry(request)
        if entry is None:
            return self.server.not_found()
        return self.page(request, entry=entry, merge=None)

    async def form(self, request: Request):
        """The questionnaire of the deal as it stands (its open questions the provider can answer), made
        and signed as `vetting ask` makes it."""
        entry = self.server.entry(request)
        fmt = request.path_params["fmt"]
        if entry is None or fmt not in FORMATS:
            return self.server.not_found()
        lang = self.server.lang(request)
        form_lang = request.query_params.get("form_lang", lang)
        form_lang = form_lang if form_lang in pages.LANGS else lang
        settings = self.server.config.settings
        try:
            loaded = validate(entry.data, entry.slot)
        except InputError as e:
            return PlainTextResponse("\n".join(f"{p}: {m}" for p, m in assessing.problem_lines(e, lang)), status_code=409)
        form = await self.server.worker.run(questionnaire, loaded, lang=form_lang, fmt=fmt, today=settings.today,
                                            rules=settings.rules, rates=settings.rates)
        if not form.count:
            return PlainTextResponse(pages.words(lang)("questions.nothing_to_ask"), status_code=409)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if fmt == "xlsx" else "text/html"
        return Response(form.data, media_type=media,
                        headers={"content-disposition": f'attachment; filename="{form.filename}"'})

    async def upload(self, request: Request):
        entry = self.server.entry(request)
        if entry is None:
            return self.server.not_found()
        if not same(request.headers.get("x-csrf-token", ""), self.server.config.csrf):
            return self.server.forbidden()
        lang = self.server.lang(request)
        name = Path(unquote(request.headers.get("x-filename", "answers.xlsx"))).name or "answers.xlsx"
        by = unquote(request.headers.get("x-by", "")).strip()[:200]
        raw = await request.body()
        try:
            info, answers, problems = await self.server.worker.run(read_upload, name, raw, entry.data, by,
                                                                   self.server.today())
        except InputError as e:
            return JSONResponse({"problems": [f"{name}: {m}" if not p else f"{name}: {p}: {m}"
                                              for p, m in assessing.problem_lines(e, lang)]}, status_code=400)
        pending = Pending(secrets.token_hex(6), entry.slot, name, info, answers, problems)
        self.pending[pending.id] = pending
        while len(self.pending) > KEEP:
            self.pending.popitem(last=False)
        return JSONResponse({"location": f"/d/{entry.slot}/questions/{pending.id}?lang={lang}"})

    def _merge(self, entry, p: Pending, prefer: str):
        result = apply_answers(entry.data, p.answers, prefer=prefer)
        return result, list(p.problems) + list(result.problems)

    async def show(self, request: Request, saved: str = ""):
        entry, p = self._pending(request)
        if p is None:
            return self.server.not_found()
        lang = self.server.lang(request)
        prefer = "answers" if request.query_params.get("prefer") == "answers" else "deal"
        result, problems = self._merge(entry, p, prefer)
        refused = result.refused or any(x.refuses for x in p.problems)
        report = await self.server.worker.run(self._compare, entry.data, result.data, entry.slot, lang)
        specs = fieldinfo.specs()
        shown = lambda path, v: scanning.shown(v, specs.get(path), lang)  # noqa: E731
        return self.page(request, entry=entry, merge=p, prefer=prefer, refused=refused, saved=saved,
                         applied=[{"field": f, "label": fieldinfo.label(f, lang), "old": shown(f, old),
                                   "new": shown(f, new), "source": src or {}} for f, old, new, src in result.applied],
                         conflicts=[{"field": f, "label": fieldinfo.label(f, lang), "deal": shown(f, d),
                                     "answer": shown(f, a), "where": w or ""} for f, d, a, w in result.conflicts],
                         problems=[(x.where or "", x.field or "", scanning.problem_text(x, lang)) for x in problems],
                         unknown=[(f, w or "") for f, w in result.unknown], **report,
                         state=state_of(entry.data))

    async def save(self, request: Request):
        entry, p = self._pending(request)
        if p is None:
            return self.server.not_found()
        pairs = await self.server.checked_form(request)
        if pairs is None:
            return self.server.forbidden()
        given = dict(pairs)
        lang = self.server.lang(request)
        prefer = "answers" if given.get("prefer") == "answers" else "deal"
        if given.get("state") != state_of(entry.data):
            return await self.show(request)  # the deal changed since the merge was shown: show it again
        result, _ = self._merge(entry, p, prefer)
        if result.refused or any(x.refuses for x in p.problems) or not result.applied:
            return await self.show(request)
        review = self.server.review  # the scan screen saves the same way
        message = review.save_data(entry, result.data, lang)
        return await self.show(request, saved=message)

    def _compare(self, old: dict, new: dict, slot: str, lang: str) -> dict:
        """Score and verdict before and after, and the `vetting diff` of the two versions (Markdown)."""
        scores = self.server.review.scores(old, new, slot, lang)
        text = ""
        try:
            a, b = validate(old, slot), validate(new, slot)
        except InputError:
            return {"before": scores[0], "after": scores[1], "diff_text": text}
        settings = self.server.config.settings
        text = render(diff(a, b, lang=lang, rules=settings.rules, today=settings.today, rates=settings.rates), "md")
        return {"before": scores[0], "after": scores[1], "diff_text": text}
