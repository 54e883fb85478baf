"""Under CI=true a skipped browser, PDF or spreadsheet test is a failure (conftest.pytest_runtest_makereport)."""
from conftest import must_run_on_ci


def test_a_skip_for_a_missing_browser_or_reader_fails_under_ci():
    for reason in ("no chromium binary (apt-get install chromium) for the end-to-end HTML test",
                   "needs headless Chromium and poppler-utils (pdftotext)",
                   "LibreOffice (apt-get install libreoffice-calc-nogui) to open the workbook with is not installed",
                   "no PDF engine: apt-get install chromium fonts-noto-cjk, or pip install 'vetting[pdf]'",
                   "Playwright for Python is not installed"):
        assert must_run_on_ci(reason, {"CI": "true"}), reason
        assert not must_run_on_ci(reason, {}), reason  # a developer's machine: skipped, with the reason


def test_other_skips_stay_skips_under_ci():
    for reason in ("root may write anywhere: a read-only folder does not stop it", "pyarrow not installed",
                   "design table ../shared/design/seed-coverage.md not on this machine"):
        assert not must_run_on_ci(reason, {"CI": "true"}), reason
