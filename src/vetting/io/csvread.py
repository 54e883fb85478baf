"""Reading a CSV file as spreadsheets save it, row by row, so that a bad row costs that row only.

- The encoding is decided once from the start of the file: a byte-order mark (UTF-8, UTF-16),
  else UTF-8, else GB18030 (which covers GBK, what Excel on Chinese Windows saves as "CSV"), else
  one clear error saying how to save as "CSV UTF-8". A line that does not decode later on is an
  error row of its own.
- The delimiter is sniffed from the header: comma, semicolon or tab, whichever splits it into
  the most known column names.
- Records are parsed by the csv module in strict mode, one at a time, from lines this module
  feeds it. A quote that is never closed, or that swallows the next lines into one cell (the
  record spans several lines and has the wrong number of cells), is an error row at the row
  where the quote opened, and reading goes on with the line after it.

Yields (row number, cells or None, problem or None): the header is row 1; a row number counts
records as a spreadsheet shows them.
"""
from __future__ import annotations

import codecs
import csv
from pathlib import Path
from typing import Iterator

from .errors import said

SAMPLE = 64 * 1024
MAX_LINE = 1024 * 1024  # one line of the file; a cell is at most csv's field limit (128 KiB) anyway
DELIMITERS = (",", ";", "\t")
# how to save a CSV as UTF-8: the end of problem.csv_encoding and problem.csv_line_encoding (cli.*.yaml)


class CsvProblem(ValueError):
    """The file as a whole cannot be read (its encoding cannot be decided)."""


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def detect_encoding(head: bytes) -> str:
    """The encoding of a file that starts with ``head`` (CsvProblem when it cannot be told)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    cut = head.rfind(b"\n")
    sample = head[:cut + 1] if cut > 0 else head
    lines = [ln for ln in sample.split(b"\n") if ln.strip()]
    bad_utf8 = sum(not _decodes(ln, "utf-8") for ln in lines)
    if not bad_utf8:
        return "utf-8"
    if b"\x00" not in sample and all(_decodes(ln, "gb18030") for ln in lines):
        return "gb18030"
    if bad_utf8 * 2 < len(lines):  # a few stray bytes in a UTF-8 file: those rows fail, the others are read
        return "utf-8"
    raise CsvProblem(said("csv_encoding"))


def sniff_delimiter(header: str, known) -> str:
    """The delimiter that splits the header into the most known column names (then the most columns)."""
    def score(d: str):
        try:
            names = next(csv.reader([header], delimiter=d))
        except (csv.Error, StopIteration):
            return (0, 0)
        return (sum(n.strip() in known for n in names), len(names))
    return max(DELIMITERS, key=score)  # ties keep the first: comma


class _Lines:
    """Physical lines, decoded one by one, with their numbers; lines can be pushed back."""

    def __init__(self, fh, encoding: str):
        self.fh = fh
        self.text = encoding == "utf-16"  # read through a text decoder: lines are already str
        self.encoding = encoding
        self.number = 0  # of the last line handed out
        self.back: list[tuple[int, str | None, str | None]] = []

    def next(self) -> tuple[int, str | None, str | None] | None:
        """(line number, text or None, decoding problem or None); None at the end."""
        if self.back:
            item = self.back.pop()
            self.number = item[0]
            return item
        raw = self.fh.readline(MAX_LINE + 1)  # a line is read no further than a row could need
        if not raw:
            return None
        self.number += 1
        if len(raw) > MAX_LINE and raw[-1:] not in ("\n", b"\n"):
            while (rest := self.fh.readline(1024 * 1024)) and rest[-1:] not in ("\n", b"\n"):
                pass  # skip the rest of the line, a chunk at a time
            return self.number, None, said("csv_line_long", mib=MAX_LINE // (1024 * 1024))
        if self.text:
            return self.number, raw, None
        try:
            return self.number, raw.decode(self.encoding), None
        except UnicodeDecodeError as e:
            name = "UTF-8" if self.encoding.startswith("utf-8") else self.encoding.upper()
            return self.number, None, said("csv_line_encoding", byte=e.start + 1, name=name)


def _open(path: Path):
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE)
    encoding = detect_encoding(head)
    if encoding == "utf-16":
        return open(path, encoding="utf-16", newline=""), encoding
    fh = open(path, "rb")
    if encoding == "utf-8-sig":
        fh.read(len(codecs.BOM_UTF8))
        encoding = "utf-8"
    return fh, encoding


def _record(lines: _Lines, first: tuple, delimiter: str):
    """One record starting at line ``first``: (cells, lines it used) or (None, problem, lines used)."""
    used = [first]
    pending = [first[1]]

    def feed():
        while pending:
            yield pending.pop()
        while True:
            item = lines.next()
            if item is None:
                return
            used.append(item)
            if item[1] is None:
                raise UnicodeError(item[2])
            yield item[1]

    reader = csv.reader(feed(), delimiter=delimiter, strict=True)
    try:
        cells = next(reader)
    except StopIteration:  # the quote ran to the end of the file
        return None, said("csv_malformed", detail="unexpected end of data"), used
    except csv.Error as e:
        return None, said("csv_malformed", detail=str(e)), used
    except UnicodeError as e:
        return None, str(e), used
    return cells, None, used


def read_rows(path: Path, known) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(row, cells, None) per record; (row, None, message) for a row that cannot be read.
    The header is row 1. CsvProblem when the file cannot be read at all."""
    fh, encoding = _open(path)
    with fh:
        lines = _Lines(fh, encoding)
        first = lines.next()
        while first is not None and first[1] is not None and not first[1].strip():
            first = lines.next()
        if first is None:
            return
        if first[1] is None:
            raise CsvProblem(said("batch_header", detail=first[2]))
        delimiter = sniff_delimiter(first[1], known)
        width = None
        row = 0
        while first is not None:
            row += 1
            if first[1] is None:
                yield row, None, first[2]
                first = lines.next()
                continue
            if not first[1].strip():  # a blank line is not a deal (but is a row, as a spreadsheet shows it)
                first = lines.next()
                continue
            body = first[1].rstrip("\r\n")
            if '"' not in body and "\r" not in body:  # no quote: the csv module would split it just so
                yield row, body.split(delimiter), None
                first = lines.next()
                continue
            cells, problem, used = _record(lines, first, delimiter)
            if cells is not None and width is not None and len(used) > 1 and len(cells) != width:
                problem = said("csv_quote", lines=len(used), cells=len(cells), width=width)
            if problem is not None:
                if len(used) > 1:  # read on from the line after the one where the record began
                    problem = said("csv_row_starts", detail=problem, line=used[0][0])
                    lines.back.extend(reversed(used[1:]))
                yield row, None, problem
            else:
                if width is None:
                    width = len(cells)
                yield row, cells, None
            first = lines.next()


def count_records(path: Path, known) -> int | None:
    """About how many data rows ``read_rows`` yields (for a progress bar): one fast pass of the csv
    module over the text, broken rows counted as the module reads them; None when unknown."""
    try:
        with open(path, "rb") as fh:
            encoding = detect_encoding(fh.read(SAMPLE))
        with open(path, encoding=encoding, errors="replace", newline="") as fh:
            header = fh.readline()
            reader = csv.reader(fh, delimiter=sniff_delimiter(header, known))
            return sum(1 for cells in reader if any(c.strip() for c in cells))
    except (CsvProblem, OSError, csv.Error):
        return None
