"""One deal's result as the batch's streamed tables hold it: ``DealResult`` (its summary row and its
findings as CSV lines) and how one text cell is written (``csv_lines``, ``quote_cell``); made by the
batch's chunk assessment (workflows.batch.core), read by the streamed formats (csv, xlsx, portfolio,
parquet: outputs.formats)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ..io.spreadsheet import neutralise
from .rows import SummaryRow


@dataclass
class DealResult:
    summary: SummaryRow  # one row of the summary table
    findings: bytes  # its risks, open questions and accepted findings: rows of FINDING_COLUMNS as UTF-8 CSV lines
    n_findings: int
    report: str | None  # the rendered report, when asked for
    index: int = 0  # position of its record in the chunk
    passes: bytes = b""  # its passes, as the same lines (when ChunkOptions.passes)
    n_passes: int = 0
    # title, seller, the titles of its (up to) three largest findings, the titles of its blockers
    extra: tuple = (None, None, (), ())
    rules: frozenset = frozenset()  # (rule id, 0 risk / 1 open question / 2 passed / 3 accepted), each once
    # (what to ask, clause to request, subject) of each findings line, then of each pass line: the texts of
    # the JSON and HTML report (the outcome's variant, blanks filled from the deal: api.finding_texts), the
    # subject in the report's words (a record by its name, not its place in the file)
    texts: tuple = ()

    @property
    def deal_id(self) -> str:
        # ids cannot hold "'", so a leading one is always the neutralising prefix
        return self.summary[0].removeprefix("'")

    @property
    def level(self) -> str:
        return self.summary[4]


def csv_lines(rows) -> str:
    """Rows as CSV text, exactly as the table files hold them (None is an empty cell)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def quote_cell(text: str) -> str:
    """One text cell as ``csv.writer`` writes it (quoted when it must be), spreadsheet-safe."""
    return csv_lines([[neutralise(text), ""]])[:-2]
