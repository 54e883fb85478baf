"""results.xlsx as a consultant hands it to a client, written while the batch runs.

Sheets: Summary (one row per deal), Findings (risks, open questions and accepted findings; passes
with ``--passes``), Rules (per rule, in how many deals it is a risk, an open question, passed,
accepted: recurring problems first), Errors (as errors.csv). Headers and values are in the
report language. A table longer than a sheet continues on the next one ("Findings (2)").

The Summary sheet's columns follow ``rows.SUMMARY_COLUMNS``: a column added there appears here
(header from ``workbook.columns`` in the string table when it has one, else its name; numbers
with two decimals), with title, seller, the top three reasons and the report link added.
"""
from __future__ import annotations

import collections
import csv
import os
from pathlib import Path

import heapq
import pickle

from ..io import xlsx
from ..io.xlsx import Book, Style, col_letter, inline_cell, link_cell, number_cell
from ..rules.rulepack import CATEGORIES
from .dealrows import DealResult, quote_cell
from .report import Texts
from .rows import SUMMARY_COLUMNS

VERDICT_FILL = {"proceed": "green", "negotiate": "amber", "do_not_sign": "red", "insufficient_information": "header"}
LEVEL_FILL = {"low": "green", "medium": "amber", "high": "orange", "critical": "red"}
SEVERITY_FILL = {"blocker": "red", "high": "orange", "medium": "amber"}
STATUS_INDEX = {"risk": 0, "unknown": 1, "pass": 2}  # 3: accepted (a waived finding)
TAIL_CACHE = 20_000  # cached row parts (rows with points are mostly single-use: this bounds them, ~8 MB)
_SUBJECT = "\x00subject\x00"  # where a row's own subject cell goes in its cached cells (no XML holds a NUL)
SORT_RUN = 50_000  # Summary rows sorted in memory at a time; longer batches spill sorted runs to disk


class SheetRow(collections.namedtuple("SheetRow", "key summary extra deal_id")):
    """What the Summary sheet needs of one deal, kept until the end to sort worst first:
    key (−score, input order), the summary row, title/seller/top reasons/blocker titles, the deal id."""


class WorstFirst:
    """The Summary rows sorted worst first (highest score first, input order among equals), in bounded
    memory: runs of SORT_RUN rows are sorted and spilled to temporary files, then merged."""

    def __init__(self, temp):
        self.temp, self.rows, self.runs = temp, [], []

    def add(self, row: SheetRow) -> None:
        self.rows.append(row)
        if len(self.rows) >= SORT_RUN:
            self._spill()

    def _spill(self) -> None:
        self.rows.sort()
        fd, path = self.temp()
        with os.fdopen(fd, "wb") as fh:
            for row in self.rows:
                pickle.dump(tuple(row), fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.runs.append(Path(path))
        self.rows = []

    def __iter__(self):
        self.rows.sort()
        yield from heapq.merge(self.rows, *(self._read(p) for p in self.runs))

    @staticmethod
    def _read(path: Path):
        with open(path, "rb") as fh:
            while True:
                try:
                    yield SheetRow(*pickle.load(fh))
                except EOFError:
                    break
        path.unlink(missing_ok=True)


class RuleTally:
    """Per rule, in how many deals it is a risk, an open question, passed, accepted."""

    def __init__(self):
        self.counts: collections.Counter = collections.Counter()  # (rule id, 0-3) -> deals

    def add_deal(self, keys) -> None:
        """One deal's (rule id, 0 risk / 1 open question / 2 passed / 3 accepted), each once."""
        self.counts.update(keys)

    def deals(self, rule_id: str) -> list[int]:
        c = self.counts
        return [c[(rule_id, i)] for i in range(4)]

    def ranked(self, rule_ids) -> list[tuple[str, list[int]]]:
        """Every rule with its counts, recurring problems first (risks and open questions, then risks)."""
        rows = [(r, self.deals(r)) for r in rule_ids]
        rows.sort(key=lambda x: (-(x[1][0] + x[1][1]), -x[1][0], -x[1][3], x[0]))
        return rows


def deal_lines(block: bytes) -> tuple[bytes, list[bytes]]:
    """(the deal id cell with its comma, the rest of each line, without its newline) of one deal's
    findings lines. Every line starts with the same id cell, and no cell holds a line break."""
    if not block:
        return b"", []
    did = block[: block.index(b",") + 1]
    return did, (b"\n" + block[:-1]).split(b"\n" + did)[1:]


def _summary_columns(at, plain, number, coded, score, extra, blockers, reasons, names, styles) -> list:
    """(header, width, how a value is written) per Summary column, in SUMMARY_COLUMNS' order."""
    (verdicts, levels), (pct, num1, whole) = names, styles
    layout = []
    for name, i in at.items():
        if name == "deal_id":
            layout += [(name, 16, plain(i)), ("title", 28, extra(0)), ("seller", 20, extra(1))]
        elif name == "provider":
            layout.append((name, 20, plain(i)))
        elif name == "verdict":
            layout.append((name, 22, coded(i, verdicts, VERDICT_FILL)))
        elif name == "level":
            layout.append((name, 10, coded(i, levels, LEVEL_FILL)))
        elif name == "score":
            layout.append((name, 10, score))
        elif name == "completeness":
            layout.append((name, 12, number(i, pct)))
        elif name.startswith("score_"):
            layout.append((name, 12, number(i, num1)))
        elif name == "blockers":
            layout += [(name, 40, blockers), ("top_reasons", 60, reasons)]
        elif name == "row":
            layout.append((name, 8, number(i, whole)))
        else:  # cancel_by, source, and columns added later (known risk, exposure …)
            layout.append((name, 14, plain(i)))
    return layout


class ResultsWorkbook:
    def __init__(self, path: Path, temp, lang: str, ruleset, *, reports: str | None = None, passes: bool = False):
        self.lang, self.ruleset, self.reports, self.passes = lang, ruleset, reports, passes
        tr = Texts(lang, html=False)
        self.tr = tr
        # the names a cell picks by value (a category, severity, verdict, level or status) and the headers
        self.names = {k: tr.section(k) for k in ("categories", "severity", "verdict", "level")}
        self.columns, self.statuses = tr.section("workbook.columns"), tr.section("workbook.status")
        self.yes = tr("workbook.yes")
        self.book = Book(path, temp)
        self.groups: dict[str, list] = {"summary": [], "findings": [], "rules": [], "errors": []}
        self._summary_layout()
        self._findings_tails: dict[bytes, str] = {}
        self._rule_cells: dict[str, str] = {}
        self._text_cells: dict[tuple[str, str], str] = {}
        self._subject_cells: dict[str, str] = {}
        self._summary, self._order = WorstFirst(temp), 0
        self._new_sheet("summary")
        self._new_sheet("findings")

    # -- layout ----------------------------------------------------------------------------------
    def _header(self, key: str) -> str:
        cols = self.columns
        if key.startswith("score_") and key[6:] in CATEGORIES:
            return cols["category_score"].format(category=self.names["categories"].get(key[6:], key[6:]))
        return cols.get(key, key)

    def _summary_layout(self):
        """(header, width, how a value is written) per Summary column, from SUMMARY_COLUMNS."""
        b = self.book
        style = b.style
        text, num1, num2 = style(Style()), style(Style(fmt="dec1")), style(Style(fmt="dec2"))
        wrapped = style(Style(wrap=True))  # long texts (title, blockers, reasons) wrap inside their column
        pct, whole = style(Style(fmt="pct")), style(Style(fmt="int"))
        fills = {name: style(Style(fill=name)) for name in ("green", "amber", "orange", "red", "header")}
        score_fills = {lv: style(Style(fmt="dec1", fill=f)) for lv, f in LEVEL_FILL.items()}
        verdicts, levels = self.names["verdict"], self.names["level"]
        at = {name: i for i, name in enumerate(SUMMARY_COLUMNS)}
        level_i = at["level"]

        def plain(i):
            def cell(ref, row, _d):
                v = row[i]
                if v is None or v == "":
                    return ""
                if isinstance(v, bool):
                    return inline_cell(ref, self.yes if v else "", text) if v else ""
                if isinstance(v, (int, float)):
                    return number_cell(ref, v, num2)
                return inline_cell(ref, str(v), text)
            return cell

        def number(i, st):
            return lambda ref, row, _d: "" if row[i] is None else number_cell(ref, row[i], st)

        def coded(i, names, fill_of):
            def cell(ref, row, _d):
                v = row[i]
                return b.shared_cell(ref, str(names.get(v, v)), fills.get(fill_of.get(v), 0)) if v else ""
            return cell

        def score(ref, row, _d):
            v = row[at["score"]]
            return "" if v is None else number_cell(ref, v, score_fills.get(row[level_i], num1))

        def extra(k):
            def cell(ref, _row, d):
                v = d.extra[k]
                return inline_cell(ref, v, wrapped) if v else ""
            return cell

        def blockers(ref, _row, d):
            return inline_cell(ref, "; ".join(d.extra[3]), wrapped) if d.extra[3] else ""

        def reasons(ref, _row, d):
            return inline_cell(ref, "; ".join(d.extra[2]), wrapped) if d.extra[2] else ""

        layout = _summary_columns(at, plain, number, coded, score, extra, blockers, reasons,
                                  (verdicts, levels), (pct, num1, whole))
        if self.reports:
            link = style(Style(link=True))
            ext = self.reports

            def report(ref, _row, d):
                return link_cell(ref, f"reports/{d.deal_id}.{ext}", f"{d.deal_id}.{ext}", link)
            layout.append(("report", 22, report))
        self.summary_layout = [(col_letter(j), *entry) for j, entry in enumerate(layout)]

    def _new_sheet(self, group: str):
        sheets = self.groups[group]
        name = self.tr(f"workbook.sheets.{group}") + (f" ({len(sheets) + 1})" if sheets else "")
        if group == "summary":
            widths = [w for _, _, w, _ in self.summary_layout]
            header = [self._header(k) for _, k, _, _ in self.summary_layout]
        elif group == "findings":
            widths = [16, 12, 14, 10, 14, 8, 16, 9, 48, 60, 60]
            header = [self._header(k) for k in ("deal_id", "rule_id", "category", "severity", "status", "points",
                                                "subject", "waived", "finding_title", "ask", "fix")]
        elif group == "rules":
            widths = [12, 48, 14, 10, 12, 12, 12, 12]
            header = [self._header(k) for k in ("rule_id", "rule_title", "category", "severity", "deals_risk",
                                                "deals_unknown", "deals_pass", "deals_accepted")]
        else:
            widths = [24, 8, 16, 28, 80]
            header = [self._header(k) for k in ("source", "row", "deal_id", "field", "message")]
        sheet = self.book.add_sheet(name, widths, header, direct=group != "summary")
        sheets.append(sheet)
        return sheet

    def _sheet(self, group: str):
        sheet = self.groups[group][-1]
        return self._new_sheet(group) if sheet.full else sheet

    # -- rows ------------------------------------------------------------------------------------
    def add(self, deals: list[DealResult]) -> None:
        score_at = SUMMARY_COLUMNS.index("score")
        for d in deals:
            self._order += 1
            self._summary.add(SheetRow((-(d.summary[score_at] or 0.0), self._order), d.summary, d.extra, d.deal_id))
            self._add_findings(d.findings, d.texts[:d.n_findings])
            if self.passes:
                self._add_findings(d.passes, d.texts[d.n_findings:])

    def _add_findings(self, block: bytes, texts) -> None:
        """One deal's findings rows: the cells of its CSV lines, then each row's own (ask, fix) texts; the
        subject cell is the row's own too (a record by its name, which differs from deal to deal)."""
        did, tails = deal_lines(block)
        if not tails:
            return
        deal_id = did[:-1].decode("utf-8")
        if deal_id.startswith('"'):
            deal_id = next(csv.reader([deal_id]))[0]
        # Findings rows and cells carry no reference (both are optional; the rows follow each other):
        # a deal's rows are its id cell joined with the cached XML of each row's other cells.
        first = "<row>" + inline_cell("A1", deal_id).replace(' r="A1"', "")
        cached = self._findings_tails
        build = self._findings_template
        sheet = self._sheet("findings")
        text_cells = self._text_cells
        subject = self._subject_cell
        rows = [(cached.get(t) or build(t)).replace(_SUBJECT, subject(texts_[2]), 1)
                + (text_cells.get(texts_[:2]) or self._texts_xml(texts_[:2])) for t, texts_ in zip(tails, texts, strict=True)]
        while rows:
            room = xlsx.MAX_ROWS - sheet.rows
            part, rows = rows[:room], rows[room:]
            sheet.write(first + first.join(part))
            sheet.rows += len(part)
            if rows:
                sheet = self._sheet("findings")

    def _texts_xml(self, pair: tuple[str, str]) -> str:
        """The cells J–K (what to ask, the clause to request) and the row's end, cached."""
        b = self.book
        xml = "".join((b.shared_cell("", text).replace(' r=""', "") if text else "<c/>") for text in pair) + "</row>"
        if len(self._text_cells) > TAIL_CACHE:
            self._text_cells.clear()
        self._text_cells[pair] = xml
        return xml

    def _subject_cell(self, text: str) -> str:
        """The cell G of a row: its subject in the report's words (core._FindingLines.texts), cached."""
        xml = self._subject_cells.get(text)
        if xml is None:
            if len(self._subject_cells) > TAIL_CACHE:
                self._subject_cells.clear()
            xml = self._subject_cells[text] = self.book.shared_cell("", text).replace(' r=""', "") or "<c/>"
        return xml

    def _findings_template(self, tail: bytes) -> str:
        """The XML of a findings line's cells B–I (cells without references), the subject cell G left as
        ``_SUBJECT`` for the row's own."""

        rule_id, category, severity, status, points, _subject, waived, title = next(csv.reader([tail.decode("utf-8")]))
        b = self.book

        def cell(text, style=0):
            return b.shared_cell("", text, style).replace(' r=""', "") or "<c/>"

        rule_cells = self._rule_cells.get(rule_id)
        if rule_cells is None:
            fill = SEVERITY_FILL.get(severity)
            rule_cells = self._rule_cells[rule_id] = (
                cell(rule_id.removeprefix("'"))
                + cell(self.names["categories"].get(category, category))
                + cell(self.names["severity"].get(severity, severity),
                                b.style(Style(fill=fill)) if fill else 0))
        tmpl = "".join((rule_cells, cell(self.statuses.get(status, status)),
                        number_cell("", float(points)).replace(' r=""', "") if points else "<c/>", _SUBJECT,
                        cell(self.yes if waived == "true" else ""), cell(title)))
        if len(self._findings_tails) > TAIL_CACHE:
            self._findings_tails.clear()
        self._findings_tails[tail] = tmpl
        return tmpl

    # -- the end ---------------------------------------------------------------------------------
    def _write_summary(self) -> None:
        """The Summary sheet, worst first; each row keeps its input row number (the Row column)."""
        layout = self.summary_layout
        for d in self._summary:
            sheet = self._sheet("summary")
            n = sheet.rows + 1
            sheet.raw("".join(cell(f"{col}{n}", d.summary, d) for col, _k, _w, cell in layout))

    def finish(self, tally: RuleTally, errors_csv: Path) -> None:
        """Write the Summary (sorted), Rules and Errors sheets and close the workbook's file."""
        self._write_summary()
        b = self.book
        whole = b.style(Style(fmt="int"))
        sheet = self._new_sheet("rules")
        for rule_id, counts in tally.ranked(r.id for r in self.ruleset.rules):
            sheet = self._sheet("rules")
            n = sheet.rows + 1
            category, severity, _refs, title, *_ = self.ruleset.by_id[rule_id].parts(self.lang)
            fill = SEVERITY_FILL.get(severity)
            sheet.raw(b.shared_cell(f"A{n}", rule_id) + b.shared_cell(f"B{n}", title)
                      + b.shared_cell(f"C{n}", self.names["categories"].get(category, category))
                      + b.shared_cell(f"D{n}", self.names["severity"].get(severity, severity),
                                      b.style(Style(fill=fill)) if fill else 0)
                      + "".join(number_cell(f"{col_letter(4 + k)}{n}", c, whole) for k, c in enumerate(counts)))
        self._new_sheet("errors")
        with open(errors_csv, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            next(reader, None)
            for source, row, deal_id, field, message in reader:
                sheet = self._sheet("errors")
                n = sheet.rows + 1
                sheet.raw(inline_cell(f"A{n}", source) + (number_cell(f"B{n}", int(row), whole) if row.isdigit() else
                                                          inline_cell(f"B{n}", row) if row else "")
                          + (inline_cell(f"C{n}", deal_id) if deal_id else "") + (inline_cell(f"D{n}", field) if field else "")
                          + inline_cell(f"E{n}", message))
        b.sheets = [s for group in ("summary", "findings", "rules", "errors") for s in self.groups[group]]
        b.save()

    def abort(self) -> None:
        self.book.abort()


__all__ = ["ResultsWorkbook", "RuleTally", "deal_lines", "quote_cell"]
