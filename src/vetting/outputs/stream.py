"""What a format written while a batch runs is given (``Run``) and what it does (``Stream``): rows in,
chunk by chunk, its files moved into place at the end. Each format's stream is in its formatter module
(outputs.table_csv, table_xlsx, table_parquet, portfolio); the registry (outputs.formats) names them and
the batch (workflows.batch.writers) drives the ones a run asks for, in the registry's order."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .workbook import RuleTally


@dataclass
class Run:
    """One batch run's output folder and what every streamed format shares."""

    out: Path
    lang: str = "en"
    ruleset: Any = None
    reports: str | None = None  # "md" | "html": the deals' reports, linked from the workbook and the portfolio
    passes: bool = False  # findings.csv (and the workbook) list the passes too
    tally: RuleTally = field(default_factory=RuleTally)  # per rule, its deals by outcome (added by the batch)
    input_rows: int = 0  # set by the batch before the streams close (the portfolio page says them)
    failed: int = 0


class Stream:
    """A format written while the batch runs. ``add`` takes summary and error rows, ``add_deals`` a chunk's
    assessed deals (``outputs.dealrows.DealResult``), ``close`` puts the files in place and returns them,
    ``abort`` leaves nothing half-made behind (also after a failed ``close``). ``stage`` names its last step
    in the progress bar and the timings; ``adding`` the timing its rows count in."""

    stage: str | None = None
    adding: str | None = None

    def __init__(self, run: Run):
        self.run = run
        self.out = run.out

    def add(self, name: str, rows, *, safe: bool = False) -> None:
        """Rows of the summary or the errors table; ``safe`` rows were neutralised by the batch core."""

    def add_deals(self, deals) -> None:
        """The assessed deals of one chunk, in input order."""

    def close(self) -> list[Path]:
        return []

    def abort(self) -> None:
        """Nothing of this format is left behind."""
