"""The batch core: a chunk of records in, result tables out.

``assess_chunk`` is a plain top-level function of picklable arguments, so the
same code runs in this process, in a multiprocessing pool and on Dask workers.
Each process compiles its own engine the first time it assesses a deal
(``get_ruleset`` is cached per process; the engine creates its Host per pid).
A record that fails becomes error rows; it never stops the others.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import InputError, VettingError
from ..loading import load_deal, validate
from ..rulepack import CATEGORIES
from ..spreadsheet import neutralise
from .flat import to_deal_data

SUMMARY_COLUMNS = ("deal_id", "provider", "verdict", "score", "level", "completeness",
                   *(f"score_{c}" for c in CATEGORIES), "blockers", "cancel_by", "source", "row")
FINDING_COLUMNS = ("deal_id", "rule_id", "category", "severity", "status", "points", "subject", "waived", "title")
ERROR_COLUMNS = ("source", "row", "deal_id", "field", "message")
COLUMNS = {"summary": SUMMARY_COLUMNS, "findings": FINDING_COLUMNS, "errors": ERROR_COLUMNS}


# Column types, for reading the tables back (a deal id "007" must stay text).
NUMERIC = {"score", "completeness", "points", "row", *(f"score_{c}" for c in CATEGORIES)}


@dataclass(frozen=True)
class ChunkOptions:
    lang: str = "en"
    rules: tuple[str, ...] = ()
    reports: str | None = None  # "md" | "html": render one report per deal
    today: dt.date | None = None


@dataclass
class DealResult:
    summary: tuple  # one row of SUMMARY_COLUMNS
    findings: list[tuple]  # rows of FINDING_COLUMNS
    report: str | None  # the rendered report, when asked for
    index: int = 0  # position of its record in the chunk

    @property
    def deal_id(self) -> str:
        # ids cannot hold "'", so a leading one is always the neutralising prefix
        return self.summary[0].removeprefix("'")

    @property
    def level(self) -> str:
        return self.summary[4]


@dataclass
class ChunkResult:
    deals: list[DealResult] = field(default_factory=list)
    errors: list[tuple] = field(default_factory=list)  # rows of ERROR_COLUMNS
    error_at: list[int] = field(default_factory=list)  # position in the chunk of each error's record
    rows: int = 0  # input records seen (deal rows, not input-level problems)
    failed: int = 0  # of which ended as error rows

    def tables(self):
        """The result as pandas DataFrames: summary, findings, errors (text cells spreadsheet-safe, as in the CSV)."""
        import pandas as pd

        rows = {"summary": [d.summary for d in self.deals],
                "findings": [f for d in self.deals for f in d.findings],
                "errors": self.errors}
        return {name: pd.DataFrame(rows[name], columns=list(cols)) for name, cols in COLUMNS.items()}


def _records(chunk) -> list[dict]:
    if hasattr(chunk, "to_dict"):  # a DataFrame of flat rows
        return [{"source": "(frame)", "row": i + 2, "kind": "flat", "data": row, "problems": []}
                for i, row in enumerate(chunk.to_dict(orient="records"))]
    return list(chunk)


def _error_rows(rec: dict, problems, deal_id=None) -> list[tuple]:
    return [(rec["source"], rec["row"], deal_id, p[0], p[1]) for p in problems]


def _problem_rows(rec: dict, error: InputError, deal_id=None) -> list[tuple]:
    out = []
    for p in error.problems:
        row = rec["row"] if rec["row"] is not None else p.line
        out.append((rec["source"], row, deal_id, p.path, p.message))
    return out


def assess_chunk(chunk, options: ChunkOptions = ChunkOptions()) -> ChunkResult:
    """Assess every record of ``chunk`` (records from ``flat.read_records``, or a DataFrame of flat rows)."""
    from ..api import assess

    render = None
    if options.reports:
        from ..report import render
    out = ChunkResult()
    for index, rec in enumerate(_records(chunk)):
        n_errors = len(out.errors)
        _assess_record(rec, index, out, options, assess, render)
        out.error_at.extend([index] * (len(out.errors) - n_errors))
    return out


def _assess_record(rec: dict, index: int, out: ChunkResult, options: ChunkOptions, assess, render) -> None:
    if rec["kind"] == "problem":
        out.errors.extend(_error_rows(rec, rec["problems"]))
        return
    out.rows += 1
    data = None
    deal_id = None
    try:
        if rec["kind"] == "file":
            loaded = load_deal(rec["data"])
        else:
            data, problems = to_deal_data(rec)
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                deal_id = data["id"].strip() or None
            if problems:  # report the rest of the row's problems too, all at once
                try:
                    validate(data, rec["source"])
                except InputError as e:
                    bad = {p[0] for p in problems}
                    problems += [(p.path, p.message) for p in e.problems if p.path not in bad]
                out.errors.extend(_error_rows(rec, problems, deal_id))
                out.failed += 1
                return
            loaded = validate(data, rec["source"])
        deal = loaded.deal
        deal_id = deal.id
        a = assess(loaded, lang=options.lang, rules=options.rules, today=options.today)
        text = render(a, options.reports) if render is not None else None
    except InputError as e:
        out.errors.extend(_problem_rows(rec, e, deal_id))
        out.failed += 1
        return
    except VettingError as e:
        out.errors.extend(_error_rows(rec, [("", str(e))], deal_id))
        out.failed += 1
        return
    except Exception as e:  # a bug must not cost the user the other rows
        out.errors.extend(_error_rows(rec, [("", f"internal error: {type(e).__name__}: {e} (please report this)")],
                                      deal_id))
        out.failed += 1
        return
    # Text cells are made spreadsheet-safe here, in the worker, so the writer only writes.
    cats = a.categories
    did = neutralise(a.deal_id)
    summary = (did, neutralise(a.provider), a.verdict, a.score, a.level, a.completeness,
               *(cats[c].score for c in CATEGORIES), "; ".join(a.blockers),
               a.cancel_by.date if a.cancel_by else None, neutralise(rec["source"]), rec["row"])
    findings = [(did, f.rule_id, f.category, f.severity, f.status, f.points, neutralise(f.subject),
                 "true" if f.waived else "false", neutralise(f.title))
                for f in a.findings]
    out.deals.append(DealResult(summary, findings, text, index))
