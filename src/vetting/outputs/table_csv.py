"""summary.csv, findings.csv, errors.csv: the output model's tables as CSV, whole (``write_csv``) or
streamed while a batch runs (``CsvStream``), byte for byte the same.

The files start with a UTF-8 byte-order mark, so that Excel on a Chinese (or any non-UTF-8) Windows
opens them as UTF-8 instead of garbling the Chinese text; pandas and ``encoding="utf-8-sig"`` read them
as they are. findings.csv holds the risks, open questions and accepted findings; the passes too with
``passes`` (``--passes``). Text cells that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, tab or carriage return) are prefixed with ``'``.

Streamed, each file is written to a temporary name in the output folder and moved into place by
``vetting.io.writing.place``, so a crash never leaves a half-written table under the final name.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from ..io.atomic import temp_beside
from ..io.writing import place
from .rows import COLUMNS, CSV_BOM, Tables, text_cell
from .stream import Run, Stream

CSV_ENCODING = "utf-8-sig"


def write_csv(tables: Tables) -> dict[str, bytes]:
    """summary.csv, findings.csv, errors.csv: UTF-8 with a byte-order mark, text cells spreadsheet-safe."""
    out = {}
    for name, cols in COLUMNS.items():
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows([text_cell(v) for v in r] for r in tables.table(name))
        out[f"{name}.csv"] = (CSV_BOM + buf.getvalue()).encode("utf-8")
    return out


class CsvStream(Stream):
    """The three CSV tables, appended chunk by chunk (the findings as the batch core's CSV lines)."""

    adding = "csv"

    def __init__(self, run: Run):
        super().__init__(run)
        self.counts = {name: 0 for name in COLUMNS}
        self._files, self._writers, self._temps = {}, {}, {}
        self._text_pending = set(COLUMNS)  # files with text not yet handed to their byte buffer (the headers)
        try:
            for name, cols in COLUMNS.items():
                fd, tmp = temp_beside(self.out / f"{name}.csv")
                fh = os.fdopen(fd, "w", newline="", encoding=CSV_ENCODING)
                self._files[name], self._temps[name] = fh, tmp
                self._writers[name] = csv.writer(fh, lineterminator="\n")
                self._writers[name].writerow(cols)
        except BaseException:  # nothing half-made is left behind
            self.abort()
            raise

    def add(self, name: str, rows, *, safe: bool = False) -> None:
        """Append rows; ``safe`` rows were already neutralised by the batch core (None is written as empty)."""
        self._text_pending.add(name)
        w = self._writers[name]
        if safe:
            w.writerows(rows)
        else:
            for row in rows:
                w.writerow([text_cell(v) for v in row])
        self.counts[name] += len(rows)

    def add_deals(self, deals) -> None:
        """The deals' findings to findings.csv (their passes too with ``passes``)."""
        n_found = sum(d.n_findings for d in deals)
        if self.run.passes:
            lines = b"".join(d.findings + d.passes for d in deals)
            self.add_lines("findings", lines, n_found + sum(d.n_passes for d in deals))
        else:
            self.add_lines("findings", b"".join(d.findings for d in deals), n_found)

    def add_lines(self, name: str, lines: bytes, rows: int) -> None:
        """Append ``rows`` rows already written as UTF-8 CSV lines (and neutralised) by the batch core."""
        fh = self._files[name]
        if name in self._text_pending:  # what went through the text layer goes out first
            fh.flush()
            self._text_pending.discard(name)
        fh.buffer.write(lines)
        self.counts[name] += rows

    def close(self) -> list[Path]:
        files = []
        for name, fh in self._files.items():
            fh.close()
            final = self.out / f"{name}.csv"
            place(self._temps[name], final, root=self.out)
            files.append(final)
        self._files = {}
        return files

    def abort(self) -> None:
        for name, fh in self._files.items():
            fh.close()
            try:
                os.unlink(self._temps[name])
            except OSError:
                pass
        self._files = {}
