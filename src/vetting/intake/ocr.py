"""Scanned PDF pages → text, offline on the CPU, through the optional extra ``pip install 'vetting[ocr]'``.

The extra installs RapidOCR on ONNX Runtime (``rapidocr-onnxruntime``), whose detection and
recognition models (PP-OCR, Chinese and English) ship inside the wheel: nothing is downloaded at run
time. Pages are rendered with pypdfium2 (already installed with pdfplumber) at ``DPI``.

Runs inside the parsing subprocess (sandbox.py), which gives it larger limits than the text-layer
parser: the OCR models need about 2 GB of address space and some seconds of CPU per page.
``rapidocr_onnxruntime`` is imported lazily (a documented seam, like pandas and weasyprint): without
the extra, ``vetting`` works as before and a PDF without a text layer says how to install it.
"""
from __future__ import annotations

import importlib
import importlib.util
import io

DPI = 150
MIN_CHARS = 20  # a page with fewer characters in its text layer is a scanned page


def available() -> bool:
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def scanned(pages: list[str]) -> list[int]:
    """Indexes of the pages without a text layer worth the name."""
    return [i for i, p in enumerate(pages) if len("".join(p.split())) < MIN_CHARS]


def _lines(result) -> str:
    """RapidOCR's boxes → lines in reading order: top to bottom, boxes on one line left to right."""
    boxes = []
    for box, text, _score in result or []:
        ys = [pt[1] for pt in box]
        boxes.append((min(ys), max(ys), min(pt[0] for pt in box), text))
    boxes.sort()
    lines: list[list[tuple]] = []
    for top, bottom, left, text in boxes:
        if lines and top < (lines[-1][0][0] + lines[-1][0][1]) / 2:  # starts above the middle of the line's first box
            lines[-1].append((top, bottom, left, text))
        else:
            lines.append([(top, bottom, left, text)])
    return "\n".join(" ".join(t for *_, t in sorted(line, key=lambda b: b[2])) for line in lines)


def read_pages(data: bytes, which: list[int]) -> dict[int, str]:
    """The text of pages ``which`` (0-based) of the PDF ``data``, read by OCR."""
    pdfium = importlib.import_module("pypdfium2")
    engine = importlib.import_module("rapidocr_onnxruntime").RapidOCR()
    pdf = pdfium.PdfDocument(io.BytesIO(data))
    out = {}
    try:
        for i in which:
            image = pdf[i].render(scale=DPI / 72).to_numpy()
            result, _ = engine(image)
            out[i] = _lines(result)
    finally:
        pdf.close()
    return out
