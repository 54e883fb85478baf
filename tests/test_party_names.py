"""The seller is "the Seller" in every English text vetting shows: the clauses of the rules ("Clauses to
request", the rule catalog, the addendum), the string tables and the templates. English agency contracts
say "the Client" and "the Agency"; the scan reads those words in a contract (src/vetting/intake/, the scan
corpus), but vetting never writes them, so one party keeps one name from the summary to the addendum."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# a contract's own name for a party, capitalised as a defined term (a case study's "client" is a word)
CONTRACT_NAME = re.compile(r"\b[Tt]he\s+(?:Client|Agency)\b")
# where vetting's own texts live; intake/ reads contracts that use these words
TEXTS = [*sorted((ROOT / "rules").glob("*.yaml")), *sorted((ROOT / "report_templates").iterdir()),
         *sorted(p for p in (ROOT / "src" / "vetting").rglob("*")
                 if p.suffix in {".py", ".yaml", ".j2"} and "intake" not in p.parts)]


def _said(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group()}"
            for m in CONTRACT_NAME.finditer(text)]


def test_no_text_of_vetting_calls_the_seller_the_client():
    assert len(TEXTS) > 100 and any(p.name == "data.yaml" for p in TEXTS)
    assert [line for path in TEXTS for line in _said(path)] == []


@pytest.mark.parametrize("text, found", [
    ('"The Client keeps the primary login"', ["The Client"]),
    ("registered in the\n        Client's name", ["the\n        Client"]),  # a folded YAML line
    ("the Agency's tools", ["the Agency"]),
    ("the client of the case study; the Seller and the Provider", []),
])
def test_the_check_finds_a_contract_name(text, found):
    assert [m.group() for m in CONTRACT_NAME.finditer(text)] == found
