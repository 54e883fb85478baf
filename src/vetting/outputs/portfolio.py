"""portfolio.html: the batch at a glance, in the look of the checklist report.

Deals per verdict and per level (an inline SVG chart), the risks that recur across the portfolio
and how many deals each affects, and a sortable, filterable table of deals linking to each
report. One self-contained file: no external resources, a small inline script for the table.

The table lists every deal up to ``TABLE_LIMIT``; beyond that, the riskiest ``TABLE_LIMIT`` (the
page says so, and summary.csv has them all): a browser does not carry a million table rows.
"""
from __future__ import annotations

import collections
import heapq
from pathlib import Path

from ..io.writing import write_file
from ..text.tables import Texts
from .report import _context, environment
from .rows import SUMMARY_COLUMNS
from .stream import Run, Stream

TABLE_LIMIT = 5_000
ERROR_LIMIT = 2_000  # problems listed on the page (errors.csv holds them all)
TOP_RISKS = 15
VERDICTS = ("do_not_sign", "negotiate", "proceed")
LEVELS = ("critical", "high", "medium", "low")


class PortfolioCollector:
    def __init__(self, lang: str, ruleset, *, reports: str | None = None):
        self.lang, self.ruleset, self.reports = lang, ruleset, reports
        self.deals = 0
        self.verdicts: collections.Counter = collections.Counter()
        self.levels: collections.Counter = collections.Counter()
        self._rows: list[tuple] = []  # a min-heap on (score, -order): the riskiest TABLE_LIMIT kept
        self._at = None
        self.errors: list[tuple] = []  # (source, row, deal id, field, message), the first ERROR_LIMIT
        self.n_errors = 0
        self.input_rows = self.failed = 0  # set by the run before the page is written

    def add_errors(self, rows) -> None:
        """Problems as errors.csv lists them: every row that failed, and why."""
        rows = list(rows)
        self.n_errors += len(rows)
        room = ERROR_LIMIT - len(self.errors)
        if room > 0:
            self.errors.extend(tuple(r) for r in rows[:room])

    def add(self, deals) -> None:
        if self._at is None:
            self._at = {name: i for i, name in enumerate(SUMMARY_COLUMNS)}
        at = self._at
        rows = self._rows
        for d in deals:
            s = d.summary
            verdict, level, score = s[at["verdict"]], s[at["level"]], s[at["score"]] or 0.0
            self.deals += 1
            self.verdicts[verdict] += 1
            self.levels[level] += 1
            item = (score, -self.deals, d.deal_id, d.extra[0], s[at["provider"]].removeprefix("'") if s[at["provider"]] else "",
                    verdict, level, s[at["completeness"]], tuple(b.removeprefix("'") for b in d.extra[3]))
            if len(rows) < TABLE_LIMIT:
                heapq.heappush(rows, item)
            elif item > rows[0]:
                heapq.heapreplace(rows, item)

    def write(self, path: Path, tally, root: Path | None = None) -> Path:
        write_file(path, self.render(tally).encode("utf-8"), root=root)
        return path

    def render(self, tally) -> str:
        names = Texts(self.lang, html=False)  # the chart's labels, plain (the chart escapes them)
        rows = sorted(self._rows, key=lambda r: (-r[0], -r[1]))
        deals = [dict(id=r[2], title=r[3] or "", provider=r[4], verdict=r[5], level=r[6], score=r[0],
                      completeness=r[7], blockers=r[8],
                      report=f"reports/{r[2]}.{self.reports}" if self.reports else None) for r in rows]
        risks = []
        for rule_id, counts in tally.ranked(r.id for r in self.ruleset.rules):
            if counts[0] + counts[1] == 0:
                continue
            category, severity, _refs, title, *_ = self.ruleset.by_id[rule_id].parts(self.lang)
            risks.append(dict(id=rule_id, title=title, category=category, severity=severity,
                              risk=counts[0], unknown=counts[1], accepted=counts[3]))
        risks.sort(key=lambda r: (-r["risk"], -r["unknown"], r["id"]))
        verdict_order = [v for v in VERDICTS if self.verdicts[v]] + sorted(v for v in self.verdicts if v not in VERDICTS)
        level_order = [lv for lv in LEVELS if self.levels[lv]] + sorted(lv for lv in self.levels if lv not in LEVELS)
        chart = _bars([(names.named("verdict", v), self.verdicts[v], f"v-{v}") for v in verdict_order]
                      + [None] + [(names.named("level", lv), self.levels[lv], f"l-{lv}") for lv in level_order])
        return environment(True).get_template("portfolio.html.j2").render(
            total=self.deals, shown=len(deals), deals=deals, risks=risks[:TOP_RISKS],
            errors=[dict(where=_where(e[0], e[1]), deal=e[2] or "", field=e[3] or "", message=e[4]) for e in self.errors],
            n_errors=self.n_errors, input_rows=self.input_rows, failed=self.failed,
            verdicts=[(v, self.verdicts[v]) for v in verdict_order], chart=chart,
            **_context(self.lang, True))


class PortfolioStream(Stream):
    """portfolio.html of a batch run: the deals and problems gathered as they come, the page at the end."""

    stage = adding = "portfolio.html"

    def __init__(self, run: Run):
        super().__init__(run)
        self.collector = PortfolioCollector(run.lang, run.ruleset, reports=run.reports)

    def add(self, name: str, rows, *, safe: bool = False) -> None:
        if name == "errors" and rows:
            self.collector.add_errors(rows)

    def add_deals(self, deals) -> None:
        self.collector.add(deals)

    def close(self) -> list[Path]:
        self.collector.input_rows, self.collector.failed = self.run.input_rows, self.run.failed
        return [self.collector.write(self.out / "portfolio.html", self.run.tally, root=self.out)]


def _where(source, row) -> str:
    """'deals.xlsx!deals row 5' (the file's name only: the page sits beside errors.csv, not beside the input)."""
    name = Path(str(source or "")).name
    return f"{name} row {row}" if row not in (None, "") else name


def _bars(items) -> dict:
    """Horizontal bars for an inline SVG: label, count, class and geometry (``None``: a gap)."""
    top = max([n for it in items if it for _, n, _ in [it]] or [1]) or 1
    bars, y = [], 0
    for it in items:
        if it is None:
            y += 12
            continue
        label, n, cls = it
        bars.append(dict(label=label, n=n, cls=cls, y=y, w=round(n / top * 100, 2)))
        y += 40
    return {"bars": bars, "height": y}
