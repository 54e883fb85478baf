"""Contract files → pages of extracted text (plain text, Markdown, DOCX, PDF's text layer).

Runs inside the parsing subprocess (``sandbox.py``); every refusal is a ``ReadRefused`` with a
message key of ``problem.scan_*`` (report_templates/cli.<lang>.yaml) and its values.

- DOCX: the body in order (paragraphs and table rows, cells joined by " | "), then headers and
  footers; the accepted text of tracked changes (``w:ins`` kept, ``w:del``/``w:moveFrom``
  dropped), never comments. The XML is parsed by defusedxml with DTDs forbidden (no entity
  expansion), and the ZIP is checked for size and compression ratio before anything is inflated.
- PDF: pdfplumber's text per page, on a page about targets (考核, KPI …) a table's row whose cells the text layer
  runs together on one line written with its cells joined by " | " as a DOCX row is (``table_rows``); encrypted and
  broken PDFs are refused. Pages without a text layer
  (scanned) are read by OCR when the optional extra is installed (ocr.py; the parent re-runs the
  child with the OCR's larger limits); without it, a PDF with no text layer is refused with the hint
  to install it.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from . import ocr

MAX_FILE = 20 * 1024 * 1024  # bytes of one contract file
MAX_INFLATED = 50 * 1024 * 1024  # bytes of a DOCX's parts once unzipped
MAX_RATIO = 200  # a part's uncompressed / compressed size: beyond it, a zip bomb
MAX_PAGES = 300
# XML elements nested inside one another in a DOCX part: a body holds a table (tbl/tr/tc) holding a
# paragraph (p/r/t), so a contract nests a few dozen deep; Word itself stops nesting tables at 63
# levels (about 200 elements). Deeper is an attack: walking nested tables costs the cube of the depth
# (3,000 levels in 1.3 KB of DOCX took minutes), so it is refused before the walk.
MAX_DEPTH = 256
MAX_ELEMENTS = 2_000_000  # elements in one part: a 300-page contract has a few hundred thousand
TEXT = (".txt", ".md", ".markdown")
REFUSED = {  # suffix → hint key
    ".doc": "scan_hint_doc", ".wps": "scan_hint_doc", ".rtf": "scan_hint_doc", ".odt": "scan_hint_doc",
    ".docm": "scan_hint_docm", ".png": "scan_hint_image", ".jpg": "scan_hint_image", ".jpeg": "scan_hint_image",
    ".tif": "scan_hint_image", ".tiff": "scan_hint_image", ".bmp": "scan_hint_image", ".gif": "scan_hint_image",
    ".webp": "scan_hint_image", ".heic": "scan_hint_image",
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class ReadRefused(Exception):
    """A file that cannot be read as a contract: message key and values."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(key)


def read(path: Path, data: bytes, with_ocr: bool = False) -> dict:
    """{"kind": txt|md|docx|pdf, "pages": [text, ...]} of a contract file named ``path`` whose bytes,
    read through vetting.io.reading by the parent process, are ``data``; a PDF read with OCR also has
    "ocr": [0-based indexes of the pages read by OCR]."""
    suffix = path.suffix.lower()
    if suffix in REFUSED:
        raise ReadRefused(REFUSED[suffix], suffix=suffix)
    if suffix not in TEXT + (".docx", ".pdf"):
        raise ReadRefused("scan_file_type", suffix=suffix or "(none)")
    size = len(data)
    if size > MAX_FILE:
        raise ReadRefused("scan_too_large", mib=MAX_FILE // (1024 * 1024))
    if size == 0:
        raise ReadRefused("scan_empty")
    if suffix in TEXT:
        return {"kind": "md" if suffix != ".txt" else "txt", "pages": [_text(data)]}
    if suffix == ".docx":
        return {"kind": "docx", "pages": [_docx(data)]}
    pages = _pdf(data)
    empty = ocr.scanned(pages)
    if empty and with_ocr:
        read_by_ocr = ocr.read_pages(data, empty)
        pages = [read_by_ocr.get(i, p) for i, p in enumerate(pages)]
        if sum(len("".join(p.split())) for p in pages) < 20:
            raise ReadRefused("scan_ocr_no_text")
        return {"kind": "pdf", "pages": pages, "ocr": empty}
    if empty and ocr.available():
        raise ReadRefused("scan_needs_ocr")  # the parent runs the child again with the OCR's limits
    if sum(len("".join(p.split())) for p in pages) < 20:
        raise ReadRefused("scan_no_text_layer")
    return {"kind": "pdf", "pages": pages}


def _text(data: bytes) -> str:
    if b"\0" in data[:4096]:
        raise ReadRefused("scan_binary")
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as e:
        raise ReadRefused("scan_not_utf8", byte=e.start) from None


# ---------------------------------------------------------------- DOCX

def _docx(data: bytes) -> str:
    if data[:8].startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadRefused("scan_docx_encrypted")  # an OLE container: an encrypted (or old .doc) file
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        raise ReadRefused("scan_docx_broken") from None
    with zf:
        names = {i.filename: i for i in zf.infolist()}
        if "word/document.xml" not in names:
            raise ReadRefused("scan_docx_broken")
        total = 0
        for info in names.values():
            total += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ReadRefused("scan_zip_bomb")
        if total > MAX_INFLATED:
            raise ReadRefused("scan_zip_bomb")
        parts = ["word/document.xml"] + sorted(n for n in names if n.startswith(("word/header", "word/footer"))
                                               and n.endswith(".xml"))
        blocks = []
        for name in parts:
            root = _parse(zf.read(name))
            _check_shape(root)
            blocks.extend(_blocks(root))
    return "\n".join(b for b in blocks if b.strip())


def _parse(data: bytes):
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ReadRefused("scan_xml_entities") from None
    except ParseError:
        raise ReadRefused("scan_docx_broken") from None


def _check_shape(root) -> None:
    """Refuse a part nested deeper than MAX_DEPTH or holding more than MAX_ELEMENTS elements
    (walked without recursion, so that the check itself is linear)."""
    stack, count = [(root, 1)], 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            raise ReadRefused("scan_docx_nested", depth=MAX_DEPTH)
        if count > MAX_ELEMENTS:
            raise ReadRefused("scan_docx_elements", count=f"{MAX_ELEMENTS:,}")
        stack.extend((child, depth + 1) for child in node)


def _blocks(root):
    """Paragraphs and table rows of a part, in document order."""
    body = root.find(f"{_W}body")
    yield from _children(body if body is not None else root)


def _children(node):
    for child in node:
        if child.tag == f"{_W}p":
            yield _para(child)
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = [" ".join(_para(p) for p in tc.iter(f"{_W}p")).strip() for tc in row.iter(f"{_W}tc")]
                yield " | ".join(c for c in cells if c)
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"):
            yield from _children(child)


def _para(p) -> str:
    out = []

    def walk(node):
        for child in node:
            tag = child.tag
            if tag in (f"{_W}del", f"{_W}moveFrom", f"{_W}delText", f"{_W}pPr", f"{_W}rPr"):
                continue
            if tag == f"{_W}t":
                out.append(child.text or "")
            elif tag == f"{_W}tab":
                out.append(" ")
            elif tag in (f"{_W}br", f"{_W}cr"):
                out.append(" ")
            else:
                walk(child)
    walk(p)
    return "".join(out)


# ---------------------------------------------------------------- PDF

def _pdf(data: bytes) -> list[str]:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    if not data[:1024].lstrip().startswith(b"%PDF"):
        raise ReadRefused("scan_pdf_broken")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if pdf.doc.encryption is not None:
                raise ReadRefused("scan_pdf_encrypted")
            if len(pdf.pages) > MAX_PAGES:
                raise ReadRefused("scan_too_many_pages", max=MAX_PAGES)
            pages = [page_text(page) for page in pdf.pages]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadRefused("scan_pdf_encrypted") from None
    except ReadRefused:
        raise
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        raise ReadRefused("scan_pdf_broken") from None
    except Exception as e:  # pdfminer raises its own classes for damaged files (PSEOF, PDFTypeError ...)
        inner = e.args[0] if e.args else None  # pdfplumber wraps pdfminer's exception in its own
        if isinstance(inner, MemoryError):
            raise MemoryError from None  # the limit, not a damaged file (sandbox.child reports it)
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or inner is PDFPasswordIncorrect:
            raise ReadRefused("scan_pdf_encrypted") from None
        if type(e).__module__.startswith(("pdfminer", "pdfplumber")):
            raise ReadRefused("scan_pdf_broken") from None
        raise
    return pages


# a page that may hold a table of targets: only there are tables looked for (finding them costs as much again as the
# text, and the parse has a CPU-time limit)
_TABLE_HINT = re.compile(r"考核|指标|KPI|目标|口径|Targets?\b|Metrics?\b|measured", re.I)


def page_text(page) -> str:
    text = page.extract_text() or ""
    return table_rows(text, page.extract_tables()) if _TABLE_HINT.search(text) else text


def table_rows(text: str, tables: list) -> str:
    """A PDF page's text with each table row pdfplumber finds written as ``| cell | cell |``: the text layer runs a row's
    cells together (指标 目标值 口径 → one line of words), so the patterns that read a table's columns could not tell
    them apart. Only a row that stands alone on its line, every cell on one line and filled, is rewritten; a row whose
    cells wrap is left as the text layer has it."""
    for table in tables or []:
        for row in table:
            cells = [(c or "").strip() for c in row]
            if len(cells) < 2 or not all(cells) or any("\n" in c for c in cells):
                continue
            line = re.compile(r"(?m)^[ \t]*" + re.escape(" ".join(cells)) + r"[ \t]*$")
            text = line.sub(lambda _m: "| " + " | ".join(cells) + " |", text, count=1)
    return text
