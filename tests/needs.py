"""A test that needs a tool outside Python (Debian's chromium, poppler-utils): skipped with a reason
when the tool is missing on a developer's machine, failed under CI=true (where it must be installed)."""
from __future__ import annotations

import os
import shutil

import pytest


def require(found, what: str) -> None:
    if found:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing on CI")
    pytest.skip(f"{what} is not installed")


def chromium_path() -> str:
    path = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
    if path is None and os.path.exists("/usr/bin/chromium"):
        path = "/usr/bin/chromium"
    require(path, "chromium (apt-get install chromium fonts-noto-cjk)")
    return path


def poppler() -> None:
    require(shutil.which("pdfinfo") and shutil.which("pdftotext"), "poppler-utils (pdfinfo, pdftotext)")
