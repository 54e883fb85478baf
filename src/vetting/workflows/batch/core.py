"""The batch core: a chunk of records in, result tables out.

``assess_chunk`` is a plain top-level function of picklable arguments, so the
same code runs in this process, in a multiprocessing pool and on Dask workers.
Each process compiles its own engine the first time it assesses a deal
(``get_ruleset`` is cached per process; the engine creates its Host per pid).
A record that fails becomes error rows; it never stops the others.
"""
from __future__ import annotations

import datetime as dt
import io
import operator
from dataclasses import dataclass, field

from ...model import order, terms
from ...text import placeholders
from ..assess import assessment, decide, decide_many, finding_texts, headline, rounded, rounded_texts
from ...io.errors import InputError, Said, VettingError, in_lang, said
from ...model.loading import LoadedDeal, load_deal, validate
from ...rules.rulepack import CATEGORIES
from ...io.spreadsheet import neutralise
from ...text.tables import Texts
from .flat import to_deal_data
from ...outputs.dealrows import DealResult, csv_lines, quote_cell  # noqa: F401 (csv_lines: read by the tests)
from .writers import read_table
from ...outputs.report import render as render_report
from ...outputs.rows import (COLUMNS, ERROR_COLUMNS, FINDING_COLUMNS, NUMERIC, SUMMARY_COLUMNS,  # noqa: F401
                             ErrorRow, SummaryRow)

# The tables' columns are the fields of the one output model (outputs.rows): the rows built here,
# streamed and fast, are held equal to the model's rows for every fixture (tests/test_rows.py).


@dataclass(frozen=True)
class ChunkOptions:
    lang: str = "en"
    rules: tuple[str, ...] = ()
    reports: str | None = None  # "md" | "html": render one report per deal
    today: dt.date | None = None
    rates: str | None = None  # a reference exchange-rate file instead of rules/rates.yaml
    passes: bool = True  # also make the pass rows (Parquet, the workbook's Rules sheet and --passes need them)
    texts: bool = True  # the findings' ask and fix texts, filled from the deal (the workbook's Findings sheet)
    pass_texts: bool = True  # ... the passes' too (the workbook lists them with --passes)


@dataclass
class ChunkResult:
    deals: list[DealResult] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)
    error_at: list[int] = field(default_factory=list)  # position in the chunk of each error's record
    rows: int = 0  # input records seen (deal rows, not input-level problems)
    failed: int = 0  # of which ended as error rows

    def tables(self):
        """The result as pandas DataFrames: summary, findings, errors, typed as read back from the CSV files."""
        text = {"summary": csv_lines([d.summary for d in self.deals]),
                "findings": b"".join(d.findings + d.passes for d in self.deals).decode("utf-8"),
                "errors": csv_lines(self.errors)}
        return {name: read_table(io.StringIO(csv_lines([cols]) + text[name]), name) for name, cols in COLUMNS.items()}


class _FindingLines:
    """Findings rows as UTF-8 CSV lines, fast: a batch writes a hundred rows per deal, most of them
    passes that differ only in the deal id. The constant parts of each row are quoted once (by the
    csv module itself, so the text is what ``csv.writer`` would write), and a pass row is cached
    whole, already encoded."""

    def __init__(self, lang: str):
        self.lang = lang
        self._quoted: dict[str, str] = {}
        self._rule: dict[str, str] = {}
        self._rows: dict[tuple, bytes] = {}  # (rule id, subject, status, variant) -> row without the deal id
        self._texts: dict[tuple, tuple[str, str]] = {}  # (rule id, variant) -> (ask, fix) of a rule without blanks
        self._words = Texts(lang, html=False)  # a record's subject in the report's words
        self._subjects: dict[tuple[str, str], str] = {}  # (subject, its name) -> in the report's words

    def quote(self, text: str) -> str:
        """``text`` as one CSV cell, spreadsheet-safe (cached: rule texts and subjects repeat)."""
        q = self._quoted.get(text)
        if q is None:
            if len(self._quoted) > 10_000:
                self._quoted.clear()
            q = self._quoted[text] = quote_cell(text)
        return q

    def _rule_head(self, rule, variant: int = -1) -> str:
        # a graded rule's severity is its grade's on this deal (the variant picks it)
        key = rule.id if variant < 0 or not rule.rule.variants[variant].graded else (rule.id, variant)
        head = self._rule.get(key)
        if head is None:
            severity = rule.grade(variant)[1]
            head = self._rule[key] = f",{self.quote(rule.id)},{self.quote(rule.category)},{self.quote(severity)},"
        return head

    def block(self, deal_id: str, scored, passes: bool = True) -> tuple[bytes, int, bytes, int]:
        """(the CSV lines of one deal's risks, open questions and accepted findings, how many, the lines
        of its passes, how many) from its Score, in the order ``assess`` lists them."""
        did = quote_cell(deal_id).encode()  # every deal has its own: not cached
        tails = []
        add = tails.append
        cached = self._rows
        ranked = scored.ranked
        for (o, points, waived), text in zip(ranked, rounded_texts(map(_second, ranked))):
            if points or waived:
                add(self._row(o, text, waived))
            else:
                add(cached.get((o.rule.id, o.subject, o.status, o.variant)) or self._plain(o))
        found = did + did.join(tails) if tails else b""
        quiet = (*scored.passes, *scored.not_applicable)  # passes, then rules that do not apply
        if not passes or not quiet:
            return found, len(tails), b"", 0
        passed = [cached.get((o.rule.id, o.subject, o.status, o.variant)) or self._plain(o) for o in quiet]
        return found, len(tails), did + did.join(passed), len(passed)

    def texts(self, deal, scored, passes: bool) -> tuple[tuple[str, str, str], ...]:
        """(ask, fix, subject) of each row ``block`` makes (the passes' too with ``passes``), in its order, as
        the report shows them: the texts of a rule variant without blanks in them are looked up once, the
        others filled from the deal; the subject in the report's words, a record by its stable name (a
        claim by its text, a case study by its client, a milestone by its month: model.order.names), never
        by its place in the file; "" for the deal itself."""
        values: dict = {}
        cached = self._texts
        out = []
        rows = [o for o, _p, _w in scored.ranked]
        if passes:
            rows += [*scored.passes, *scored.not_applicable]
        names = None
        for o in rows:
            pair = cached.get((o.rule.id, o.variant))
            if pair is None:
                pair = self._ask_fix(o, deal, values)
            subject = ""
            if o.subject != "deal":
                names = order.names(deal) if names is None else names
                key = (o.subject, names.get(o.subject, ""))
                subject = self._subjects.get(key)
                if subject is None:
                    if len(self._subjects) > 10_000:
                        self._subjects.clear()
                    subject = self._subjects[key] = self._words.subject(*key)
            out.append((*pair, subject))
        return tuple(out)

    def _ask_fix(self, o, deal, values: dict) -> tuple[str, str]:
        raw = o.rule.templated.get((self.lang, o.variant)) if o.rule.templated else None
        texts = finding_texts(o, self.lang, deal, values, (1, 3))
        pair = (texts[1], texts[3])
        if raw is None or not (placeholders.has_placeholders(raw[1]) or placeholders.has_placeholders(raw[3])):
            self._texts[(o.rule.id, o.variant)] = pair  # the same for every deal
        return pair

    def _row(self, o, points: str, waived: bool) -> bytes:
        """One outcome's row, all but the deal id."""
        head = self._rule_head(o.rule, o.variant)
        title = self.quote(o.rule.title_for(self.lang, o.status, o.variant))
        subject = self._quoted.get(o.subject) or self.quote(o.subject)
        return f"{head}{o.status},{points},{subject},{'true' if waived else 'false'},{title}\n".encode()

    def _plain(self, o) -> bytes:
        """The row of an outcome that adds no points and is not waived, cached."""
        if len(self._rows) > 10_000:
            self._rows.clear()
        row = self._rows[(o.rule.id, o.subject, o.status, o.variant)] = self._row(o, "0.0", False)
        return row


# per language and rule packs (texts and rule ids differ between packs), as long-lived as get_ruleset's cache
_LINES: dict[tuple[str, tuple[str, ...]], _FindingLines] = {}
_first = operator.itemgetter(0)
_STATUS_KEY = {"risk": 0, "unknown": 1, "pass": 2}
_second = operator.itemgetter(1)


def _records(chunk) -> list[dict]:
    if hasattr(chunk, "to_dict"):  # a DataFrame of flat rows
        return [{"source": "(frame)", "row": i + 2, "kind": "flat", "data": row, "problems": []}
                for i, row in enumerate(chunk.to_dict(orient="records"))]
    return list(chunk)


def _error_rows(rec: dict, problems, deal_id=None) -> list[tuple]:
    """Error rows of a record's problems: (field, message), or (field, message, source, row) for a
    problem on a record sheet's row (XLSX), reported at that sheet and row."""
    return [(rec["source"], rec["row"], deal_id, p[0], p[1]) if len(p) == 2 else (p[2], p[3], deal_id, p[0], p[1])
            for p in problems]


def _sheet_problem(rec: dict, path: str, message: str) -> tuple:
    """A validation problem at ``kpis[2].metric`` of a deal whose KPIs came from the kpis sheet →
    (column, message, sheet, sheet row); any other → (path, message)."""
    sheet_rows = rec.get("sheet_rows")
    if sheet_rows:
        for name, rows in sheet_rows.items():
            if path.startswith(name + "["):
                index, _, rest = path[len(name) + 1:].partition("]")
                if index.isdigit() and int(index) < len(rows):
                    source, row = rows[int(index)]
                    return (rest.lstrip(".") or "deal_id", message, source, row)
    return (path, message)


def _problem_rows(rec: dict, error: InputError, deal_id=None) -> list[tuple]:
    out = []
    for p in error.problems:
        row = rec["row"] if rec["row"] is not None else p.line
        out.append((rec["source"], row, deal_id, p.path, p.message))
    return out


def assess_chunk(chunk, options: ChunkOptions = ChunkOptions()) -> ChunkResult:
    """Assess every record of ``chunk`` (records from ``flat.read_records``, or a DataFrame of flat rows)."""
    render = render_report if options.reports else None
    out = ChunkResult()
    errors: list[tuple[int, tuple]] = []  # (position of the record, error row)
    valid: list[tuple[int, dict, LoadedDeal]] = []
    for index, rec in enumerate(_records(chunk)):
        if rec["kind"] != "problem":
            out.rows += 1
        rows = _load_record(rec, valid, index)
        if rows:
            errors.extend((index, row) for row in rows)
            out.failed += rec["kind"] != "problem"
    try:
        decisions = decide_many([loaded for _, _, loaded in valid], rules=options.rules, today=options.today,
                                rates=options.rates)
    except Exception:  # a bug: decide deal by deal, so that it costs only the deals it hits
        decisions = [_decide_one(loaded, options) for _, _, loaded in valid]
    key = (options.lang, tuple(str(r) for r in options.rules))
    lines = _LINES.get(key) or _LINES.setdefault(key, _FindingLines(options.lang))
    for (index, rec, loaded), d in zip(valid, decisions):
        try:
            if isinstance(d, BaseException):
                raise d
            text = render(assessment(d, options.lang), options.reports) if render is not None else None
        except Exception as e:
            errors.extend((index, row) for row in _failure_rows(rec, e, loaded.deal.id))
            out.failed += 1
            continue
        out.deals.append(_deal_result(rec, index, d, text, lines, options))
    errors.sort(key=_first)  # input order (stable within one record)
    out.error_at = [i for i, _ in errors]
    # the message in the run's language (errors.csv and the Errors sheet follow --lang, as the reports do)
    out.errors = [ErrorRow(*row[:3], in_lang(row[3], options.lang), in_lang(row[4], options.lang)) for _, row in errors]
    return out


def _decide_one(loaded: LoadedDeal, options: ChunkOptions):
    try:
        return decide(loaded, rules=options.rules, today=options.today, rates=options.rates)
    except Exception as e:
        return e


def _failure_rows(rec: dict, e: Exception, deal_id) -> list[tuple]:
    if isinstance(e, InputError):
        return _problem_rows(rec, e, deal_id)
    if isinstance(e, VettingError):
        return _error_rows(rec, [("", e.args[0] if e.args and isinstance(e.args[0], Said) else str(e))], deal_id)
    # a bug must not cost the user the other rows
    return _error_rows(rec, [("", said("internal_row", error=f"{type(e).__name__}: {e}"))], deal_id)


def _load_record(rec: dict, valid: list, index: int) -> list[tuple]:
    """Read and validate one record: appended to ``valid``, or its error rows returned."""
    if rec["kind"] in ("problem", "unreadable"):  # an unreadable row is a deal that failed
        return _error_rows(rec, rec["problems"], rec.get("deal_id"))
    deal_id = None
    try:
        if rec["kind"] == "file":
            loaded = load_deal(rec["data"], rec.get("root"))
        else:
            data, problems = to_deal_data(rec)
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                deal_id = data["id"].strip() or None
            if problems:  # report the rest of the row's problems too, all at once (when there is a row)
                try:
                    if data is not None:
                        validate(data, rec["source"])
                except InputError as e:
                    bad = {p[0] for p in problems}
                    problems += [_sheet_problem(rec, p.path, p.message) for p in e.problems if p.path not in bad]
                return _error_rows(rec, problems, deal_id)
            try:
                loaded = validate(data, rec["source"])
            except InputError as e:
                if not rec.get("sheet_rows"):
                    raise
                return _error_rows(rec, [_sheet_problem(rec, p.path, p.message) for p in e.problems], deal_id)
    except Exception as e:
        return _failure_rows(rec, e, deal_id)
    valid.append((index, rec, loaded))
    return []


def _deal_result(rec: dict, index: int, d, text: str | None, lines: _FindingLines, options: ChunkOptions) -> DealResult:
    """The summary row and the findings lines of one decided deal. Text cells are made
    spreadsheet-safe here, in the worker, so the writer only writes."""
    deal, result = d.deal, d.result
    score, completeness, category_scores = headline(result)
    cb = terms.cancel_by(deal)
    summary = SummaryRow(neutralise(deal.id), neutralise(deal.provider.name), result.verdict, score, result.level,
                         completeness, rounded(result.exposure, 1),
                         *(category_scores[c] for c in CATEGORIES), "; ".join(result.blockers),
                         cb.isoformat() if cb else None, neutralise(rec["source"]), rec["row"])
    block, n, passes, n_passes = lines.block(deal.id, result, options.passes)
    top = tuple(o.rule.title_for(lines.lang, o.status, o.variant) for o, points, _w in result.ranked[:3] if points > 0)
    named = {}
    for o, _p, _w in result.ranked:
        if o.rule.id in result.blockers and o.rule.id not in named:
            named[o.rule.id] = o.rule.title_for(lines.lang, o.status, o.variant)
    blockers = tuple(neutralise(named.get(rid, rid)) for rid in result.blockers)
    extra = (deal.title, deal.seller.name if deal.seller else None, top, blockers)
    rules = {(o.rule.id, 3 if waived else _STATUS_KEY[o.status]) for o, _p, waived in result.ranked}
    if options.passes:
        rules.update((o.rule.id, 2) for o in result.passes)
    texts = lines.texts(deal, result, n_passes > 0 and options.pass_texts) if options.texts else ()
    return DealResult(summary, block, n, text, index, passes, n_passes, extra, frozenset(rules), texts)
