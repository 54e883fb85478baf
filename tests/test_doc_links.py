"""Every relative link in README.md and docs/*.md leads to a file (or folder) of the repository, and
no document points to a `design/` folder the repository does not have."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def relative_links(text: str) -> list[str]:
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # code blocks hold no links
    out = []
    for target in LINK.findall(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # https:, mailto:, an anchor on the same page
        out.append(target.split("#", 1)[0])
    return out


def test_every_relative_link_resolves():
    broken = [f"{page.relative_to(ROOT)}: {target}" for page in PAGES
              for target in relative_links(page.read_text(encoding="utf-8"))
              if not (page.parent / target).exists()]
    assert broken == []


def test_no_page_points_to_a_design_folder():
    named = [f"{page.relative_to(ROOT)}:{n}" for page in PAGES
             for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"(?<![\w/])design/", line)]
    assert named == [], "the repository has no design/ folder"


def test_the_link_check_sees_a_broken_link():
    text = "See [the rules](docs/rules.md), [gone](docs/nowhere.md#x), [web](https://example.com), [top](#a).\n"
    assert relative_links(text) == ["docs/rules.md", "docs/nowhere.md"]
    assert not (ROOT / "docs/nowhere.md").exists() and (ROOT / "docs/rules.md").exists()
