"""One output model for tables of results: ``SummaryRow`` (one per deal), ``FindingRow`` (one per
outcome: risks, open questions, accepted findings, passes, rules that do not apply) and ``ErrorRow``
(one per problem of the input), each built once per assessment from the ``Assessment`` itself, so
that a finding's title, what to ask and the clause to request are the texts of the JSON and HTML
report (the outcome's variant, blanks filled from the deal).

The row's fields are the tables' columns: ``SUMMARY_COLUMNS``, ``FINDING_COLUMNS`` (findings.csv and
findings.parquet: without the two texts), ``ERROR_COLUMNS``. The formats that serialise them are
entries of one registry, ``outputs.formats.FORMATS``, one formatter module each (as Ruff's emitters
are): csv, json, xlsx, parquet, and the batch's portfolio page. The batch writes the same tables
streamed, chunk by chunk, through the same entries; tests/test_rows.py holds it equal to these rows
for every fixture.
"""
from __future__ import annotations

import collections
from dataclasses import dataclass, field
from typing import NamedTuple

from ..decide.assessment import Assessment
from ..io.errors import Problem
from ..io.spreadsheet import neutralise
from ..rules.rulepack import CATEGORIES

SUMMARY_COLUMNS = ("deal_id", "provider", "verdict", "score", "level", "completeness", "exposure",
                   *(f"score_{c}" for c in CATEGORIES), "blockers", "cancel_by", "source", "row")
FINDING_COLUMNS = ("deal_id", "rule_id", "category", "severity", "status", "points", "subject", "waived", "title")
TEXT_COLUMNS = ("ask", "fix")  # a finding's texts: in the workbook and the JSON, not in the CSV or Parquet table
ERROR_COLUMNS = ("source", "row", "deal_id", "field", "message")
COLUMNS = {"summary": SUMMARY_COLUMNS, "findings": FINDING_COLUMNS, "errors": ERROR_COLUMNS}
# Column types, for reading the tables back (a deal id "007" must stay text).
NUMERIC = frozenset({"score", "completeness", "exposure", "points", "row", *(f"score_{c}" for c in CATEGORIES)})
CSV_BOM = "\ufeff"  # Excel on a Chinese Windows opens the CSV files as UTF-8 only with it

SummaryRow = collections.namedtuple("SummaryRow", SUMMARY_COLUMNS)
FindingRow = collections.namedtuple("FindingRow", (*FINDING_COLUMNS, *TEXT_COLUMNS))


class ErrorRow(NamedTuple):
    source: str
    row: int | None
    deal_id: str | None
    field: str
    message: str


def summary_row(a: Assessment, source: str, row: int | None = None) -> SummaryRow:
    """The deal's one row: verdict, score and its parts by category, the blockers, the cancel-by date."""
    return SummaryRow(a.deal_id, a.provider, a.verdict, a.score, a.level, a.completeness, a.exposure,
                      *(a.categories[c].score for c in CATEGORIES), "; ".join(a.blockers),
                      a.cancel_by.date if a.cancel_by else None, source, row)


def finding_rows(a: Assessment) -> list[FindingRow]:
    """Every outcome of the deal in the order the report lists them, with the report's own texts."""
    return [FindingRow(a.deal_id, f.rule_id, f.category, f.severity, f.status, f.points, f.subject, f.waived,
                       f.title, f.ask, f.fix) for f in a.findings]


def error_rows(problems: list[Problem], source: str, row: int | None = None, deal_id: str | None = None) -> list[ErrorRow]:
    """One row per problem of a deal that could not be assessed (its line where the row is not known)."""
    return [ErrorRow(source, row if row is not None else p.line, deal_id, p.path, p.message) for p in problems]


@dataclass
class Tables:
    """The three tables of a set of assessments, each row built once."""

    summary: list[SummaryRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)

    def add(self, a: Assessment, source: str, row: int | None = None) -> None:
        self.summary.append(summary_row(a, source, row))
        self.findings += finding_rows(a)

    def table(self, name: str) -> list[tuple]:
        """A table's rows with its columns only (findings without their texts)."""
        rows = getattr(self, name)
        return [r[:len(FINDING_COLUMNS)] for r in rows] if name == "findings" else rows


# -- how the formats write a cell -----------------------------------------------------------------

def column_type(col: str) -> str:
    """A column's type in the formats that type their cells (Parquet here and in the batch, the batch's
    tables read back): "int" (row numbers), "float" (the figures), "bool" (waived), else "text"."""
    return "int" if col == "row" else "float" if col in NUMERIC else "bool" if col == "waived" else "text"


def text_cell(value):
    """A cell as the CSV tables write it (the batch's streamed ones too): empty for unknown, true/false,
    text spreadsheet-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value) if isinstance(value, str) else value
