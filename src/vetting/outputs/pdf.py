"""The checklist as PDF: the HTML report printed by a real browser engine.

Engine: headless Chromium (``chromium``, ``chromium-browser``, ``google-chrome`` … on PATH, or
the binary named by ``VETTING_CHROMIUM``). It lays the report out exactly as the HTML prints
(the same stylesheet: A4 from ``@page``, page numbers from the ``@page`` counters, page breaks
before each area), embeds the fonts it used (on Debian/Ubuntu install ``fonts-noto-cjk`` for
Chinese) and writes the document outline (PDF bookmarks) from the headings. Chosen over
WeasyPrint because it is the engine the HTML report is already tested in (tests/test_report.py),
needs no Python dependency, and renders the report's CSS grid; WeasyPrint is used when Chromium
is absent and ``pip install 'vetting[pdf]'`` installed it.

The browser gets a private temporary profile, HOME and XDG folders (nothing is written under the
user's HOME, which is never created), the report as a local file, no network; it runs in its own
process group, killed whole on a timeout; a TMPDIR that names no folder is said as such. The
PDF's bytes are returned (the CLI writes them atomically, like every other format).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..io.errors import VettingError, said

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
    raise PdfError(said("pdf_no_engine", apt="apt-get install chromium fonts-noto-cjk", pip="pip install 'vetting[pdf]'"))


def _private_env(tmp: Path) -> dict[str, str]:
    """The engine's environment: HOME and the XDG folders inside its temporary folder, so that it
    writes nothing (profile, crash database, caches, fonts cache) under the user's own HOME, and never
    creates a HOME that does not exist."""
    env = dict(os.environ)
    for name, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                      ("XDG_DATA_HOME", "data"), ("XDG_RUNTIME_DIR", "runtime")):
        folder = tmp / sub
        folder.mkdir(mode=0o700)
        env[name] = str(folder)
    env["TMPDIR"] = str(tmp)
    return env


def _check_tmpdir() -> None:
    """A TMPDIR that names no folder: Python would quietly use /tmp and the engine would fail with a
    message about its zygote; say what is wrong instead."""
    named = os.environ.get("TMPDIR")
    if named and not os.path.isdir(named):
        raise PdfError(said("pdf_tmpdir", named=named))


def _run(cmd: list[str], env: dict[str, str], browser: str) -> subprocess.CompletedProcess:
    """Run the engine in its own process group; on a timeout the whole group is killed (the engine's
    zygote, renderer and GPU processes too), not only the process started."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except BaseException as e:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.communicate()
        if isinstance(e, subprocess.TimeoutExpired):
            raise PdfError(said("pdf_timeout", browser=browser, seconds=TIMEOUT)) from None
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _chromium(browser: str, html: str) -> bytes:
    _check_tmpdir()
    with tempfile.TemporaryDirectory(prefix="vetting-pdf-") as tmp:
        page, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
               "--disable-breakpad", "--disable-crash-reporter", f"--crash-dumps-dir={Path(tmp) / 'crash'}",
               f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer",
               "--generate-pdf-document-outline", f"--print-to-pdf={out}", page.as_uri()]
        proc = _run(cmd, _private_env(Path(tmp)), browser)
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise PdfError(said("pdf_failed", browser=browser, code=proc.returncode, detail=tail[0]))
        return out.read_bytes()
