"""The routes of ``vetting serve``. Everything about a deal runs on the engine worker (worker.py);
the routes read requests and write responses."""
from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..io.errors import InputError, VettingError
from ..io.visible import visible
from ..io.writing import write_file
from ..model.loading import DEAL_SUFFIXES, load_deal
from ..model.models import DEAL_FORMAT
from . import assessing, form, formdata, pages
from .questionnaire import QuestionnaireScreen
from .review import ReviewScreen
from .security import Guard, same
from .store import DealStore, Entry, deal_data
from .worker import EngineWorker
from ..model.loading import validate
from ..workflows.compare import compare
from ..workflows.compare_render import render
from ..outputs import report
from ..outputs.pdf import html_to_pdf

MAX_FIELDS = 5000  # fields in one form post: the longest interview page sends a few hundred
REPORTS = {"html": "text/html", "md": "text/markdown", "json": "application/json", "pdf": "application/pdf"}


@dataclass
class Config:
    data_dir: Path
    lang: str = "en"
    settings: assessing.Settings = field(default_factory=assessing.Settings)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    port: int = 0
    allowed_hosts: tuple[str, ...] = ()  # --allow-host: at the server's port, the port given, or none
    local_hosts: tuple[str, ...] = ()  # the --host address: like 127.0.0.1, at the server's port only
    max_body: int = 6 * 1024 * 1024


KEPT_PANELS = 16  # live panels kept per deal, by the answers they were made from


class Server:
    """One running server: its configuration, its deals and its engine worker."""

    def __init__(self, config: Config, worker: EngineWorker | None = None):
        self.config = config
        self.store = DealStore(config.data_dir)
        self.worker = worker or EngineWorker()
        # slot -> {(lang, report date, answers): (problems, panel)} of its latest distinct live requests, newest
        # last: answers seen again (the same event twice, an answer changed and changed back) get their panel
        # at once; KEPT_PANELS of them per deal
        self.panels: dict[str, OrderedDict] = {}

    def today(self) -> dt.date:
        return self.config.settings.today or dt.date.today()

    def lang(self, request: Request) -> str:
        lang = request.query_params.get("lang", "")
        return lang if lang in pages.LANGS else self.config.lang

    def page(self, name: str, request: Request, status: int = 200, **context) -> HTMLResponse:
        lang = self.lang(request)
        html = pages.environment().get_template(name).render(t=pages.words(lang), lang=lang,
                                                             csrf=self.config.csrf, **context)
        return HTMLResponse(visible(html), status_code=status)  # deal text shown as written (no bidi override)

    def forbidden(self) -> Response:
        return _forbidden()

    def not_found(self) -> Response:
        return _not_found()

    def entry(self, request: Request) -> Entry | None:
        return self.store.get(request.path_params["slot"])

    async def checked_form(self, request: Request) -> list[tuple[str, str]] | None:
        """The urlencoded body, or None when its CSRF token (header or field) is not this server's.
        More than MAX_FIELDS fields (no page sends that many) is a 413 in the page's language."""
        body = (await request.body()).decode("utf-8", "replace")
        try:
            pairs = parse_qsl(body, keep_blank_values=True, max_num_fields=MAX_FIELDS)
        except ValueError:  # parse_qsl's "Max number of fields exceeded"
            message = pages.words(self.lang(request))("guard.too_many_fields", n=f"{MAX_FIELDS:,}")
            raise HTTPException(413, message) from None
        given = request.headers.get("x-csrf-token") or dict(pairs).get("csrf", "")
        return pairs if given and same(given, self.config.csrf) else None

    # -- routes ---------------------------------------------------------------------------------

    async def home(self, request: Request, problems=(), status: int = 200):
        entries = sorted(self.store.entries.values(), key=lambda e: e.slot)
        return self.page("home.html.j2", request, status, entries=entries, problems=list(problems))

    async def new(self, request: Request):
        if await self.checked_form(request) is None:
            return _forbidden()
        taken = self.store.entries
        n = len(taken) + 1
        while f"deal-{n}" in taken:
            n += 1
        data = {"format": DEAL_FORMAT, "id": f"deal-{n}", "as_of": self.today().isoformat(), "provider": {}}
        entry = self.store.add(data)
        return JSONResponse({"location": f"/d/{entry.slot}?lang={self.lang(request)}"})

    async def upload(self, request: Request):
        if not same(request.headers.get("x-csrf-token", ""), self.config.csrf):
            return _forbidden()
        name = Path(unquote(request.headers.get("x-filename", "deal.yaml"))).name or "deal.yaml"
        raw = await request.body()
        try:
            loaded = await self.worker.run(read_upload, name, raw)
        except InputError as e:
            lang = self.lang(request)
            return JSONResponse({"problems": [f"{name}: {m}" if not p else f"{name}: {p}: {m}"
                                              for p, m in assessing.problem_lines(e, lang)]}, status_code=400)
        entry = self.store.add(deal_data(loaded.deal))
        return JSONResponse({"location": f"/d/{entry.slot}?lang={self.lang(request)}"})

    async def interview(self, request: Request):
        entry = self.entry(request)
        if entry is None:
            return _not_found()
        lang = self.lang(request)
        outcome, panel = await self.worker.run(self._assess, entry.data, entry.slot, lang)
        topics = form.build(entry.data, lang)
        return self.page("interview.html.j2", request, entry=entry, topics=topics, panel=panel,
                         problems=dict(outcome.problems), lang_other="zh" if lang == "en" else "en")

    def _assess(self, data: dict, source: str, lang: str):
        outcome = assessing.evaluate(data, source, lang, self.config.settings)
        panel = assessing.panel(outcome.assessment, lang, source) if outcome.assessment else ""
        return outcome, panel

    async def answers(self, request: Request):
        """The page's live request: the answers in, autosaved, the panel out (or the problems)."""
        entry = self.entry(request)
        if entry is None:
            return _not_found()
        pairs = await self.checked_form(request)
        if pairs is None:
            return _forbidden()
        lang = self.lang(request)
        read = formdata.read(pairs)
        formdata.keep_sources(entry.data, read.data)
        if read.data != entry.data:  # an event that changed nothing (a field left as it was) writes nothing
            self.store.autosave(entry, read.data)
        key = (lang, self.today().isoformat(), json.dumps(read.data, sort_keys=True, default=str))
        kept = self.panels.setdefault(entry.slot, OrderedDict())
        if key in kept:  # answers this deal had a moment ago: the same panel
            kept.move_to_end(key)
            outcome_problems, panel = kept[key]
        else:
            outcome, panel = await self.worker.run(self._assess, read.data, entry.slot, lang)
            outcome_problems = outcome.problems
            kept[key] = (outcome_problems, panel)
            while len(kept) > KEPT_PANELS:
                kept.popitem(last=False)
        t = pages.words(lang)
        problems = [(p, t(f"problem.{k}")) for p, k in read.problems] + outcome_problems
        return JSONResponse({"html": panel, "problems": [{"path": p, "message": m} for p, m in problems]})

    async def save(self, request: Request):
        entry = self.entry(request)
        if entry is None:
            return _not_found()
        if await self.checked_form(request) is None:
            return _forbidden()
        lang = self.lang(request)
        outcome = await self.worker.run(assessing.evaluate, entry.data, entry.slot, lang, self.config.settings)
        if outcome.loaded is None:
            return JSONResponse({"message": pages.words(lang)("save.invalid")}, status_code=409)
        try:
            path = self.store.save(entry, outcome.loaded.deal)
        except VettingError as e:
            return JSONResponse({"message": " ".join(e.lines())}, status_code=500)
        return JSONResponse({"message": pages.words(lang)("save.done", path=str(path))})

    async def deal_file(self, request: Request):
        entry = self.entry(request)
        if entry is None:
            return _not_found()
        outcome = await self.worker.run(assessing.evaluate, entry.data, entry.slot, "en", self.config.settings)
        if outcome.loaded is None:
            return PlainTextResponse("\n".join(f"{p}: {m}" for p, m in outcome.problems), status_code=409)
        return _download(self.store.deal_text(entry, outcome.loaded.deal).encode("utf-8"), "application/yaml", f"{entry.slot}.yaml")

    async def letter(self, request: Request):
        """The questions to send the provider, as plain text to paste."""
        entry = self.entry(request)
        if entry is None:
            return _not_found()
        lang = self.lang(request)
        outcome = await self.worker.run(assessing.evaluate, entry.data, entry.slot, lang, self.config.settings)
        if outcome.assessment is None:
            return PlainTextResponse("\n".join(f"{p}: {m}" for p, m in outcome.problems), status_code=409)
        return PlainTextResponse(await self.worker.run(assessing.letter, outcome.assessment))

    async def compare(self, request: Request):
        """Several deals side by side: the comparison `vetting compare --format html` writes."""
        slots = [s for s in request.query_params.getlist("d")]
        entries = [self.store.get(s) for s in slots]
        lang = self.lang(request)
        if len(entries) < 2 or any(e is None for e in entries):
            return await self.home(request, [pages.words(lang)("home.compare_two")], status=400)
        try:
            html = await self.worker.run(compare_html, [(e.data, e.slot) for e in entries], lang, self.config.settings)
        except InputError as e:
            return await self.home(request, [str(p) for p in e.problems], status=400)
        return HTMLResponse(html, headers={"content-security-policy": STANDALONE})

    async def report(self, request: Request):
        entry = self.entry(request)
        fmt = request.path_params["fmt"]
        if entry is None or fmt not in REPORTS:
            return _not_found()
        lang = self.lang(request)
        outcome = await self.worker.run(assessing.evaluate, entry.data, entry.slot, lang, self.config.settings)
        if outcome.assessment is None:
            return PlainTextResponse("\n".join(f"{p}: {m}" for p, m in outcome.problems), status_code=409)
        body = await self.worker.run(report_bytes, outcome.assessment, fmt)
        return _download(body, REPORTS[fmt], f"{entry.slot}.{lang}.{fmt}")


# the comparison is a standalone document: its own inline style, no script, nothing from elsewhere
STANDALONE = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"


def compare_html(items: list[tuple[dict, str]], lang: str, settings: assessing.Settings) -> str:
    loaded, problems = [], []
    for data, slot in items:
        try:
            loaded.append(validate(data, slot))
        except InputError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    result = compare(loaded, lang=lang, rules=settings.rules, rates=settings.rates, today=settings.today)
    return render(result, "html")


def report_bytes(assessment, fmt: str) -> bytes:
    if fmt == "pdf":
        return html_to_pdf(report.render(assessment, "html"))
    return report.render(assessment, fmt).encode("utf-8")


def read_upload(name: str, raw: bytes):
    """An uploaded deal file, read exactly as the CLI reads one (loading.load_deal: regular content,
    size limit, UTF-8, YAML/JSON structure limits), its problems named after the uploaded file."""
    suffix = Path(name).suffix.lower()
    if suffix not in DEAL_SUFFIXES:
        suffix = ".yaml" if suffix in ("", ".txt") else suffix
    with tempfile.TemporaryDirectory(prefix="vetting-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        write_file(path, raw, root=tmp)  # a private temporary folder, written as every output is
        try:
            return load_deal(path)
        except InputError as e:
            for p in e.problems:
                object.__setattr__(p, "source", name)
            raise


def _download(body: bytes, media: str, filename: str) -> Response:
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{filename}"'})


def _forbidden() -> Response:
    return PlainTextResponse(pages.both("guard.csrf"), status_code=403)


def _not_found() -> Response:
    return PlainTextResponse(pages.both("guard.not_found"), status_code=404)


def create_app(config: Config, worker: EngineWorker | None = None) -> tuple[Guard, Server]:
    server = Server(config, worker)
    review = server.review = ReviewScreen(server)
    questions = QuestionnaireScreen(server)
    routes = [
        Route("/", server.home),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/new", server.new, methods=["POST"]),
        Route("/open", server.upload, methods=["POST"]),
        Route("/compare", server.compare),
        Route("/d/{slot}", server.interview),
        Route("/d/{slot}/answers", server.answers, methods=["POST"]),
        Route("/d/{slot}/save", server.save, methods=["POST"]),
        Route("/d/{slot}/deal.yaml", server.deal_file),
        Route("/d/{slot}/letter", server.letter),
        Route("/d/{slot}/report.{fmt}", server.report),
        Route("/d/{slot}/scan", review.start),
        Route("/d/{slot}/scan", review.upload, methods=["POST"]),
        Route("/d/{slot}/scan/{rid}", review.show),
        Route("/d/{slot}/scan/{rid}/preview", review.preview, methods=["POST"]),
        Route("/d/{slot}/scan/{rid}/apply", review.apply, methods=["POST"]),
        Route("/d/{slot}/questions", questions.start),
        Route("/d/{slot}/questions", questions.upload, methods=["POST"]),
        Route("/d/{slot}/questions/form.{fmt}", questions.form),
        Route("/d/{slot}/questions/{mid}", questions.show),
        Route("/d/{slot}/questions/{mid}/save", questions.save, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(pages.HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes)
    return Guard(app, token=config.token, port=config.port, allowed_hosts=config.allowed_hosts,
                 local_hosts=config.local_hosts, max_body=config.max_body), server
