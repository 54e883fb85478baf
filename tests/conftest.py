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
