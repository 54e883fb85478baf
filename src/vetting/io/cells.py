"""One reader for spreadsheet cells as people fill them in: the batch input (CSV/XLSX), the actuals
of ``vetting track`` and the questionnaire's ``merge`` read every cell through these functions, so
"5%" means the same everywhere.

- **Blank means unknown**: an empty cell, or one holding only spaces, is ``None`` in every column.
- **Percentages**: a number in a cell formatted as a percentage is what Excel shows (it stores "5%" as
  0.05 with a percent format: the XLSX readers hand it over as :class:`Percent`); text "5%", "5 %",
  "５％" is 5. A bare number ≤ 1 in a percent column, without a percent format, is refused: 0.05 could
  be 5% typed into a cell Excel did not format, or 0.05% meant as written.
- **Dates**: a date cell, YYYY-MM-DD, YYYY/M/D or 2026年3月1日; D/M/YYYY or M/D/YYYY only when one part
  is over 12 (13/1/2026 is the 13th of January); 3/1/2026, whose two parts are both ≤ 12, is refused.
- **Yes/no**: true/false, yes/no, y/n, 1/0, 是/否 (a boolean cell as it is).

Each refusal is a :class:`CellError` whose message says how to write the value (the problem texts are
in report_templates/cli.<lang>.yaml, ``problem.cell_*``); the caller adds the row and the column.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass

from .errors import said


class CellError(ValueError):
    """A cell that cannot be read as its column says; ``message`` says how to write it."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True, slots=True)
class Percent:
    """A number from a cell with a percent number format, as stored: 0.05 for a cell showing 5%."""

    stored: float


@dataclass(frozen=True, slots=True)
class Formula:
    """A cell that holds a formula (its text, "=B7*2"), from a reader asked to keep formulas: never a value
    someone typed, so never read as an answer."""

    text: str


def percent_format(number_format: str | None) -> bool:
    """Whether an Excel number format shows its number as a percentage ("0%", "0.00%", "#,##0.0%")."""
    if not number_format:
        return False
    bare = re.sub(r'"[^"]*"|\\.', "", number_format)  # quoted literals and escaped characters do not count
    return "%" in bare


def is_blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _plain(text: str) -> str:
    """Full-width digits, signs and % as ASCII ("５％" → "5%"), spaces around removed."""
    return unicodedata.normalize("NFKC", text).strip()


_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")


def _figure(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e15 else repr(x)


def read_percent(value) -> float | None:
    """A percent column's cell → the percentage (5 for 5%), None when blank; CellError when ambiguous."""
    if is_blank(value):
        return None
    if isinstance(value, Percent):
        return round(value.stored * 100, 10)
    if isinstance(value, bool):
        raise CellError(said("cell_percent_text", value=str(value)))
    if isinstance(value, (int, float)):
        return _bare_percent(float(value), _figure(float(value)))
    text = _plain(str(value))
    m = re.fullmatch(rf"({_NUMBER.pattern})\s*%", text)
    if m:
        return float(m[1])
    if _NUMBER.fullmatch(text):
        return _bare_percent(float(text), text)
    raise CellError(said("cell_percent_text", value=str(value).strip()))


def _bare_percent(x: float, shown: str) -> float:
    if not math.isfinite(x):
        raise CellError(said("cell_percent_text", value=shown))
    if 0 < x <= 1:
        raise CellError(said("cell_percent_ambiguous", value=shown, pct=_figure(round(x * 100, 10))))
    return x


def read_number(value) -> float | None:
    """A number column's cell → the number, None when blank. Full-width digits are digits; a percent
    ("3.2%" as text, or a percent-formatted cell) is its percentage (3.2)."""
    if is_blank(value):
        return None
    if isinstance(value, Percent):
        return round(value.stored * 100, 10)
    if isinstance(value, bool):
        raise CellError(said("cell_number", value=str(value)))
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise CellError(said("cell_number", value=str(value)))
        return float(value)
    text = _plain(str(value))
    if _NUMBER.fullmatch(text):
        return float(text)
    m = re.fullmatch(rf"({_NUMBER.pattern})\s*%", text)
    if m:
        return float(m[1])
    raise CellError(said("cell_number", value=str(value).strip()))


_YES = {"true": True, "false": False, "yes": True, "no": False, "y": True, "n": False, "1": True, "0": False,
        "1.0": True, "0.0": False, "是": True, "否": False}


def read_bool(value) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    found = _YES.get(_plain(str(value)).lower())
    if found is None:
        raise CellError(said("cell_bool", value=str(value).strip()))
    return found


_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")


def read_date(value) -> dt.date | None:
    """A date column's cell → the date, None when blank; CellError when it is not one or could be two."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _plain(str(value))
    try:
        if m := _YMD.fullmatch(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.fullmatch(text):
            a, b, year = int(m[1]), int(m[2]), int(m[3])
            if a <= 12 and b <= 12 and a != b:
                first, second = dt.date(year, a, b), dt.date(year, b, a)
                raise CellError(said("cell_date_ambiguous", value=text, a=first.isoformat(), b=second.isoformat()))
            return dt.date(year, b, a) if a > 12 or a == b else dt.date(year, a, b)
    except ValueError as e:
        if isinstance(e, CellError):
            raise
    raise CellError(said("cell_date", value=str(value).strip()))
