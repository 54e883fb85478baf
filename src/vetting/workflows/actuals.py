"""The actuals file of ``vetting track``: one row per KPI and period (docs/lifecycle.md).

Columns ``period``, ``kpi``, ``value`` (any order, header names case-insensitive, or by their Chinese
names ``周期``, ``KPI``, ``实际值``; other columns are refused so that a typo is not silently ignored).
A row whose first cell starts with ``#`` is a note and is not read (the template's notes). CSV (UTF-8 with or without a BOM, UTF-16, or GB18030/GBK as Excel saves it on Chinese Windows) or XLSX (its one
visible sheet: a hidden sheet is never read, several visible ones are refused). A period is ``YYYY-MM``
for a KPI measured per month, ``YYYY-Qn`` per quarter, ``YYYY-Www`` (ISO week) per week, ``contract``
(``合同期``) for a KPI measured once over the whole initial term (``period: contract``). Years are those
a deal date can hold (1900–2199); a period that begins after ``today`` is refused (no figure exists yet). A row whose kpi is ``milestone-M`` records the acceptance of the
contract's month-M milestone: value 1 (accepted) or 0 (not accepted); its period is the month it was
reviewed (``里程碑-M`` is the same). Every problem is collected (file, row, column) and reported together: nothing is half-read.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import terms
from ..io.cells import CellError, Percent, is_blank, read_number
from ..io.errors import InputError, Problem, did_you_mean, said
from ..model.models import MAX_DATE, MIN_DATE, Deal
from ..io.archive import ACTUALS, close_zip, open_xlsx, sheet_rows
from ..io.encoding import decode
from ..io.reading import read_bytes
from ..text.tables import Texts

COLUMNS = ("period", "kpi", "value")
# header names a Chinese spreadsheet may use (case-insensitive), as the zh template writes them first
HEADER_ALIASES = {"period": ("周期", "考核周期", "期间", "月份"), "kpi": ("KPI", "KPI编号", "指标", "指标编号"),
                  "value": ("实际值", "实际", "数值")}
_HEADER = {a.casefold(): col for col, names in HEADER_ALIASES.items() for a in names}
SUFFIXES = (".csv", ".xlsx")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_QUARTER = re.compile(r"([0-9]{4})-?Q([1-4])", re.I)
_WEEK = re.compile(r"([0-9]{4})-?W([0-9]{2})", re.I)
_MILESTONE = re.compile(r"(?:milestone|里程碑)-([0-9]{1,3})", re.I)
_CONTRACT = re.compile(r"contract|合同期|整个合同期", re.I)
PATTERN = {"month": "YYYY-MM", "quarter": "YYYY-Qn", "week": "YYYY-Www", "contract": "contract"}


@dataclass(frozen=True)
class Row:
    row: int
    kpi: str  # a KPI id, or milestone-M
    period: str  # as normalised: 2026-03, 2026-Q1, 2026-W09
    start: dt.date
    end: dt.date  # the period's last day
    value: float


def unit_of(deal: Deal, kpi) -> str:
    """The period a KPI is measured over: its own (``contract``: once, over the whole initial term),
    else the stop-loss's, else month."""
    if kpi.period in PATTERN:
        return kpi.period
    sl = deal.contract.stop_loss if deal.contract else None
    return sl.period if sl is not None and sl.period in PATTERN else "month"


def parse_period(text: str, unit: str, term: tuple[dt.date, dt.date] | None = None):
    """(label, first day, last day) of a period written in ``unit``; None when it is not one. A year
    outside 1900–2199 gives (label, None, None): a period, but none a contract can have. ``term`` (the
    start and the day after the initial term) dates the ``contract`` period."""
    text = text.strip()
    if unit == "contract":
        found = term and _CONTRACT.fullmatch(text.strip("「」“”\"'"))  # 「合同期」 as the zh template writes it
        return ("contract", term[0], term[1] - dt.timedelta(days=1)) if found else None
    m = next((m for m in (_MONTH.fullmatch(text), _QUARTER.fullmatch(text), _WEEK.fullmatch(text)) if m), None)
    if m is not None and not MIN_DATE.year <= int(m[1]) <= MAX_DATE.year:
        return (text, None, None) if parse_period(text.replace(m[1], "2000", 1), unit) else None
    if unit == "month" and (m := _MONTH.fullmatch(text)):
        y, mo = int(m[1]), int(m[2])
        if 1 <= mo <= 12:
            start = dt.date(y, mo, 1)
            return f"{y:04d}-{mo:02d}", start, terms.add_months(start, 1) - dt.timedelta(days=1)
    if unit == "quarter" and (m := _QUARTER.fullmatch(text)):
        y, q = int(m[1]), int(m[2])
        start = dt.date(y, 3 * q - 2, 1)
        return f"{y:04d}-Q{q}", start, terms.add_months(start, 3) - dt.timedelta(days=1)
    if unit == "week" and (m := _WEEK.fullmatch(text)):
        try:
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        return f"{int(m[1]):04d}-W{int(m[2]):02d}", start, start + dt.timedelta(days=6)
    return None


def _cells(path: Path) -> list[tuple[int, list]]:
    """(row number, cells) of every row, the header first, read through io (a regular file, at most
    LIMITS["actuals"] bytes; a workbook's unpacked size, shared strings and used range bounded)."""

    if path.suffix.lower() == ".xlsx":
        wb = open_xlsx(path, what="actuals")  # unpacked size, parts and shared strings checked first
        try:
            ws = visible_sheet(wb, str(path))
            return list(sheet_rows(wb, ws, str(path), ACTUALS, percent=True))  # streamed, its used range bounded
        finally:
            close_zip(wb)
    # UTF-8 (BOM or not), UTF-16, or GBK from Excel on Chinese Windows
    text = decode(read_bytes(path, what="actuals"), str(path), legacy=True)
    return [(i, r) for i, r in enumerate(csv.reader(io.StringIO(text)), start=1)]


def visible_sheet(wb, src: str):
    """The workbook's one visible sheet: the one a person sees and fills in. A hidden (or very hidden)
    sheet is never read, whatever its place; several visible sheets are refused, naming them."""
    shown = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    if len(shown) != 1:
        names = ", ".join(ws.title for ws in shown)
        raise InputError([Problem(src, "", said("actuals_sheets", n=len(shown), names=names) if shown
                                  else said("actuals_no_sheet"))])
    return shown[0]


def _text(v) -> str:
    if isinstance(v, Percent):
        return f"{v.stored * 100:g}%"
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date)):
        return f"{v.year:04d}-{v.month:02d}"  # a spreadsheet turned 2026-03 into a date
    return str(v).strip()


def _rows(path: Path, src: str) -> list:
    """The file's non-empty rows (a note row left out) as (row number, cells); InputError when it cannot be read."""
    if path.suffix.lower() not in SUFFIXES:
        raise InputError([Problem(src, "", said("actuals_suffix", suffix=path.suffix or path.name))])
    if not os.path.lexists(path):
        raise InputError([Problem(src, "", said("actuals_missing"))])
    try:
        rows = _cells(path)
    except FileNotFoundError:
        raise InputError([Problem(src, "", said("actuals_missing"))]) from None
    except (OSError, UnicodeError, ValueError, KeyError, csv.Error) as e:
        raise InputError([Problem(src, "", said("actuals_unreadable", reason=getattr(e, "strerror", None) or str(e)))]) from None
    except Exception as e:  # openpyxl and zipfile raise their own errors for a file that is not a workbook
        if type(e).__module__.split(".")[0] not in ("openpyxl", "zipfile"):
            raise
        raise InputError([Problem(src, "", said("actuals_not_xlsx", error=type(e).__name__))]) from None
    rows = [(n, r) for n, r in rows if any(_text(c) for c in r) and not _is_note(r)]
    if not rows:
        raise InputError([Problem(src, "", said("actuals_empty"))])
    return rows


def _header(header_row_cells, src: str) -> list[str]:
    """The column names of the header row (in either language); InputError for an unknown, missing or doubled one."""
    header_row, header = header_row_cells
    names = [_HEADER.get(_text(c).casefold(), _text(c).lower()) for c in header]
    problems: list[Problem] = []
    for name in names:
        if name and name not in COLUMNS:
            problems.append(Problem(f"{src}:row {header_row}", name,
                                    said("actuals_unknown_column", name=name, hint=did_you_mean(name, COLUMNS))))
    for col in COLUMNS:
        if names.count(col) != 1:
            what = "actuals_column_missing" if col not in names else "actuals_column_twice"
            problems.append(Problem(f"{src}:row {header_row}", col, said(what)))
    if problems:
        raise InputError(problems)
    return names


def _kpi(kpi_id: str, where: str, deal: Deal, kpis: dict, milestones: set, problems: list) -> tuple[str, str | None]:
    """The row's KPI (or milestone-N) and its unit; a problem appended when the deal has no such KPI."""
    unit = None
    if not kpi_id:
        problems.append(Problem(where, "kpi", said("actuals_kpi_empty")))
    elif (m := _MILESTONE.fullmatch(kpi_id)) is not None:
        kpi_id = f"milestone-{int(m[1])}"
        if int(m[1]) not in milestones:
            listed = ", ".join(f"milestone-{x}" for x in sorted(milestones))
            problems.append(Problem(where, "kpi", said("actuals_no_milestone", month=m[1], listed=listed) if listed
                                    else said("actuals_no_milestones", month=m[1])))
        else:
            unit = "month"
    elif kpi_id not in kpis:
        hint = did_you_mean(kpi_id, kpis)
        problems.append(Problem(where, "kpi", said("actuals_unknown_kpi", kpi=kpi_id, hint=hint, kpis=", ".join(kpis))
                                if kpis else said("actuals_unknown_kpi_none", kpi=kpi_id, hint=hint)))
    else:
        unit = unit_of(deal, kpis[kpi_id])
    return kpi_id, unit


def read_actuals(path: str | Path, deal: Deal, today: dt.date | None = None) -> list[Row]:
    """The rows of an actuals file, checked against the deal (and, given ``today``, refusing a period
    that has not begun by then); InputError lists every problem."""
    path = Path(path)
    src = str(path)
    rows = _rows(path, src)
    names = _header(rows[0], src)
    problems: list[Problem] = []
    at = {c: names.index(c) for c in COLUMNS}
    c = deal.contract
    kpis = {k.id: k for k in deal.kpis or []}
    milestones = {m.month for m in (c.milestones or [])} if c else set()
    start = c.start_date if c else None
    end = terms.term_end(deal)
    if start is None or end is None:
        raise InputError([Problem(src, "contract.start_date" if start is None else "contract.term_months",
                                  said("actuals_no_dates"))])
    out: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    for n, cells in rows[1:]:
        cell = {col: (cells[i] if i < len(cells) else None) for col, i in at.items()}
        where = f"{src}:row {n}"
        kpi_id, unit = _kpi(_text(cell["kpi"]), where, deal, kpis, milestones, problems)
        parsed = _period(_text(cell["period"]), unit, kpi_id, (start, end), today, where, problems)
        if is_blank(cell["value"]):  # blank means unknown: this KPI's figure for the period is not in yet
            continue
        try:
            value = read_number(cell["value"])
        except CellError as e:
            value = None
            problems.append(Problem(where, "value", e.message))
        if value is None:
            pass
        elif kpi_id.startswith("milestone-") and value not in (0.0, 1.0):
            problems.append(Problem(where, "value", said("actuals_milestone_value", value=_text(cell["value"]))))
        if parsed is not None:
            key = (kpi_id, parsed[0])
            if key in seen:
                problems.append(Problem(where, "period", said("actuals_duplicate", kpi=kpi_id, period=parsed[0], row=seen[key])))
            else:
                seen[key] = n
        if parsed is not None and value is not None and not problems:
            out.append(Row(n, kpi_id, parsed[0], parsed[1], parsed[2], value))
    if problems:
        raise InputError(problems)
    return out


def _period(text: str, unit: str | None, kpi_id: str, term: tuple, today, where: str, problems: list):
    """A row's period, parsed and checked against the contract's term and ``today`` (None, with the
    problem noted, when it is not usable)."""
    if unit is None:
        return None
    parsed = parse_period(text, unit, term)
    if parsed is None:
        key = "actuals_contract_period" if unit == "contract" else "actuals_period"
        problems.append(Problem(where, "period", said(key, text=text, pattern=PATTERN[unit], kpi=kpi_id, detail=unit)))
    elif parsed[1] is None or parsed[2] < term[0] or parsed[1] >= term[1]:
        problems.append(Problem(where, "period", said("actuals_outside", period=parsed[0], start=term[0].isoformat(),
                                                        last=(term[1] - dt.timedelta(days=1)).isoformat())))
    elif today is not None and parsed[1] > today:
        problems.append(Problem(where, "period", said("actuals_future", period=parsed[0], today=today.isoformat())))
    else:
        return parsed
    return None


def _is_note(cells) -> bool:
    first = next((_text(c) for c in cells if _text(c)), "")
    return first.startswith("#")


def template(lang: str = "en") -> str:
    """The actuals CSV to fill in (`vetting init --format actuals`): notes, the header and sample rows
    to replace, in ``lang`` (the zh header and milestone name are read back as the en ones)."""
    t = Texts(lang, html=False, stem="strings_lifecycle")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for note in t.items("actuals_template.notes"):
        w.writerow([note])
    w.writerow(t.items("actuals_template.header"))
    w.writerows([("2026-03", "sales", "812000"), ("2026-04", "sales", "768000"),
                 ("2026-05", t("actuals_template.milestone"), "1")])
    return buf.getvalue()


# Metrics where a lower figure is the better one: an `absolute` target on them is a ceiling.
LOWER_IS_BETTER = frozenset({"acos", "tacos", "return_rate", "refund_rate", "order_defect_rate",
                             "inventory_turnover_days", "ranking"})


def judged_kind(kpi) -> str | None:
    """The target kind a KPI is judged by: ``absolute`` on a lower-is-better metric (rank 10, a 2 %
    return rate, 25 % ACoS) is ``at_most``, so that doing better is not a miss."""
    if kpi.target_kind == "absolute" and kpi.metric in LOWER_IS_BETTER:
        return "at_most"
    return kpi.target_kind
