"""The routes of the scan review screen (scanning.py does the work):

- ``GET  /d/<deal>/scan``: upload a contract;
- ``POST /d/<deal>/scan``: the contract's bytes (X-CSRF-Token, X-Filename; X-Complete: the file is the
  whole contract) → the review's address, or the problems in the page's language;
- ``GET  /d/<deal>/scan/<id>``: the proposals, each quote marked in its page, accept / reject / edit;
- ``POST /d/<deal>/scan/<id>/preview``: what applying the accepted ones changes (facts, score and
  verdict before and after), nothing saved;
- ``POST /d/<deal>/scan/<id>/apply``: applied with their provenance and saved as a new version.
"""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..io.errors import InputError, VettingError
from ..model.loading import validate
from . import assessing, fieldinfo, pages, scanning
from .security import same


class ReviewScreen:
    def __init__(self, server):
        self.server = server
        self.reviews: OrderedDict[str, scanning.Review] = OrderedDict()

    def page(self, request: Request, **context):
        lang = self.server.lang(request)
        specs = fieldinfo.specs()
        return self.server.page("scan.html.j2", request, field_label=lambda path: fieldinfo.label(path, lang),
                                shown=lambda value, spec: scanning.shown(value, spec, lang),
                                choice=lambda value: fieldinfo.choice(value, lang), specs=specs, **context)

    def _review(self, request: Request):
        entry = self.server.entry(request)
        review = self.reviews.get(request.path_params.get("rid", ""))
        if entry is None or review is None or review.slot != entry.slot:
            return entry, None
        return entry, review

    async def start(self, request: Request):
        entry = self.server.entry(request)
        if entry is None:
            return self.server.not_found()
        return self.page(request, entry=entry, review=None, view=None)

    async def upload(self, request: Request):
        entry = self.server.entry(request)
        if entry is None:
            return self.server.not_found()
        if not same(request.headers.get("x-csrf-token", ""), self.server.config.csrf):
            return self.server.forbidden()
        lang = self.server.lang(request)
        name = Path(unquote(request.headers.get("x-filename", "contract.txt"))).name or "contract.txt"
        raw = await request.body()
        complete = request.headers.get("x-complete", "") == "1"
        try:
            review = await self.server.worker.run(scanning.scan, name, raw, entry.data, entry.slot, lang,
                                                  self.server.config.settings, complete)
        except InputError as e:
            return JSONResponse({"problems": [f"{name}: {m}" if not p else f"{name}: {p}: {m}"
                                              for p, m in assessing.problem_lines(e, lang)]}, status_code=400)
        self.reviews[review.id] = review
        while len(self.reviews) > scanning.KEEP:
            self.reviews.popitem(last=False)
        return JSONResponse({"location": f"/d/{entry.slot}/scan/{review.id}?lang={lang}"})

    async def show(self, request: Request):
        entry, review = self._review(request)
        if review is None:
            return self.server.not_found()
        return self.page(request, entry=entry, review=review, view=self._view(review, None))

    async def preview(self, request: Request):
        return await self._decide(request, save=False)

    async def apply(self, request: Request):
        return await self._decide(request, save=True)

    async def _decide(self, request: Request, save: bool):
        entry, review = self._review(request)
        if review is None:
            return self.server.not_found()
        pairs = await self.server.checked_form(request)
        if pairs is None:
            return self.server.forbidden()
        lang = self.server.lang(request)
        chosen = scanning.decisions(review, pairs, self.server.today())
        result = scanning.apply(entry.data, chosen)
        before, after = await self.server.worker.run(self.scores, entry.data, result.data, entry.slot, lang)
        view = self._view(review, chosen)
        view.update(changes=self._changes(result, lang), before=before, after=after,
                    problems=[(p.field, scanning.problem_text(p, lang)) for p in result.problems],
                    refused=result.refused or bool(chosen.problems), saved="", status=200)
        if save and not view["refused"] and result.applied:
            view["saved"] = self.save_data(entry, result.data, lang)
        return self.page(request, entry=entry, review=review, view=view)

    def save_data(self, entry, data: dict, lang: str) -> str:
        """Keep the deal's new data and save it as a new version (the message to show)."""
        try:
            deal = validate(data, entry.slot).deal
        except InputError:
            return pages.words(lang)("save.invalid")
        self.server.store.autosave(entry, data)
        try:
            path = self.server.store.save(entry, deal)
        except VettingError as e:
            return " ".join(e.lines())
        return pages.words(lang)("save.done", path=str(path))

    def scores(self, old: dict, new: dict, slot: str, lang: str):
        """Score and verdict of two versions (run on the engine worker)."""
        out = []
        for data in (old, new):
            outcome = assessing.evaluate(data, slot, lang, self.server.config.settings)
            a = outcome.assessment
            out.append(None if a is None else {"score": a.score, "verdict": a.verdict,
                                               "label": assessing.verdict_label(a.verdict, lang)})
        return out

    def _changes(self, result, lang: str) -> list[dict]:
        specs = fieldinfo.specs()
        return [{"field": f, "label": fieldinfo.label(f, lang), "old": scanning.shown(old, specs.get(f), lang),
                 "new": scanning.shown(new, specs.get(f), lang), "quote": (source or {}).get("quote", ""),
                 "page": (source or {}).get("page")} for f, old, new, source in result.applied]

    @staticmethod
    def _view(review: scanning.Review, chosen) -> dict:
        """What the screen shows of each proposal: accepted or not, the value in its input, its problem."""
        rows = []
        for item in review.items:
            i, p = item.index, item.proposal
            accepted = p.accept if chosen is None else i in chosen.accepted
            edited = None if chosen is None else chosen.edited.get(i)
            rows.append({"item": item, "accepted": accepted, "values": edited if edited is not None else
                         scanning.input_values(p.value, item.spec),
                         "problem": "" if chosen is None else chosen.problems.get(i, "")})
        return {"rows": rows, "changes": None, "before": None, "after": None, "problems": [], "refused": False,
                "saved": ""}
