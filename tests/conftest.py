import datetime as dt
from pathlib import Path

import shutil

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CASES = Path(__file__).resolve().parent / "rule_cases"
AS_OF = dt.date(2026, 1, 15)


def case_deal(partial: dict) -> dict:
    """A rule case's partial deal made whole: id, provider name and as_of filled in when absent."""
    deal = dict(partial or {})
    deal.setdefault("id", "case")
    provider = dict(deal.get("provider") or {})
    provider.setdefault("name", "Case Provider")
    deal["provider"] = provider
    deal.setdefault("as_of", AS_OF.isoformat())
    return deal


@pytest.fixture(scope="session", autouse=True)
def _cache_under_tmp(tmp_path_factory):
    """The rule-pack cache ($VETTING_CACHE_DIR) of every test and every CLI it runs: under pytest's
    temporary folder, shared by the session (never the user's own cache folder)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VETTING_CACHE_DIR", str(tmp_path_factory.mktemp("vetting-cache")))
        yield


@pytest.fixture
def fixtures_dir():
    return FIXTURES


def chromium() -> str | None:
    """The headless browser the end-to-end HTML tests drive (Debian's chromium), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def headless(browser: str, page, profile, *extra: str, timeout: int = 120) -> bytes:
    """Run headless Chromium on ``page`` (a Path) with ``extra`` flags (--print-to-pdf=…, --screenshot=…),
    a fresh profile, and no background traffic on this machine's closed network."""
    import subprocess

    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"]
    proc = subprocess.run(flags + list(extra) + [page.as_uri()], capture_output=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return proc.stdout


# Under CI=true (where .ci/run installs them) a test that needs Chromium, Playwright, poppler-utils,
# LibreOffice or a PDF engine must run: its skip becomes a failure, so a green CI shows the browser and
# spreadsheet tests ran. On a developer's machine without them they stay skipped, with their reason.
CI_TOOLS = ("chromium", "playwright", "poppler", "pdftotext", "libreoffice", "pdf engine")


def must_run_on_ci(reason: str, env: dict) -> bool:
    """Whether a skip for ``reason`` is a failure in the environment ``env``."""
    return env.get("CI", "").lower() == "true" and any(t in reason.lower() for t in CI_TOOLS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    import os

    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[-1])
        if must_run_on_ci(reason, dict(os.environ)):
            report.outcome = "failed"
            report.longrepr = f"under CI=true this test must run, not skip: {reason}"
