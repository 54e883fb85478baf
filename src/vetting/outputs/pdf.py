"""The checklist as PDF: the HTML report printed by a real browser engine.

Engine: headless Chromium (``chromium``, ``chromium-browser``, ``google-chrome`` … on PATH, or
the binary named by ``VETTING_CHROMIUM``). It lays the report out exactly as the HTML prints
(the same stylesheet: A4 from ``@page``, page numbers from the ``@page`` counters, page breaks
before each area), embeds the fonts it used (on Debian/Ubuntu install ``fonts-noto-cjk`` for
Chinese) and writes the document outline (PDF bookmarks) from the headings. Chosen over
WeasyPrint because it is the engine the HTML report is already tested in (tests/test_report.py),
needs no Python dependency, and renders the report's CSS grid; WeasyPrint is used when Chromium
is absent and ``pip install 'vetting[pdf]'`` installed it.

The browser gets a private temporary profile and the report as a local file, no network; the
PDF's bytes are returned (the CLI writes them atomically, like every other format).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..io.errors import VettingError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
TIMEOUT = 180  # seconds for one print


class PdfError(VettingError):
    """No engine, or the engine failed: one line that says what to install or what went wrong."""


def find_chromium() -> str | None:
    named = os.environ.get("VETTING_CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def _weasyprint():
    try:
        import weasyprint  # noqa: F401
    except Exception:  # not installed, or its system libraries missing
        return None
    return weasyprint


def engine() -> str | None:
    """'chromium', 'weasyprint', or None when neither is available."""
    if find_chromium():
        return "chromium"
    if _weasyprint() is not None:
        return "weasyprint"
    return None


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page."""
    browser = find_chromium()
    if browser is not None:
        return _chromium(browser, html)
    wp = _weasyprint()
    if wp is not None:
        return wp.HTML(string=html).write_pdf()
    raise PdfError("--format pdf needs a PDF engine: install Chromium (e.g. apt-get install chromium "
                   "fonts-noto-cjk) or WeasyPrint (pip install 'vetting[pdf]')")


def _chromium(browser: str, html: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="vetting-pdf-") as tmp:
        page, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer",
               "--generate-pdf-document-outline", f"--print-to-pdf={out}", page.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise PdfError(f"{browser} did not finish printing the PDF within {TIMEOUT} s") from None
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise PdfError(f"{browser} could not print the PDF (exit {proc.returncode}): {tail[0]}")
        return out.read_bytes()
