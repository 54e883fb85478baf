"""docs/scoring.md's calibration table is what vetting gives today, for every fixture.

Regenerate it after a rule or scoring change with
``PYTHONPATH=src python tests/test_scoring_doc.py --write`` (it rewrites the table between the
markers in docs/scoring.md and nothing else); the test says when it is due.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "scoring.md"
START, END = "<!-- calibration:start -->\n", "<!-- calibration:end -->"


def fixtures() -> list[Path]:
    f = ROOT / "fixtures"
    return sorted(f.glob("*.yaml")) + sorted((f / "compare").glob("*.yaml")) + sorted((f / "cases").glob("*.yaml"))


def _steps(a, verdicts) -> str:
    if a.verdict in verdicts:
        return "0"
    n = next((i for i, s in enumerate(a.path, 1) if s.verdict_after in verdicts), None)
    return str(n) if n is not None else "—"


def table() -> str:
    from vetting.workflows.assess import assess_file

    lines = ["| fixture | known risk | exposure | score + exposure | level | verdict | completeness "
             "| fixes to negotiate | fixes to proceed |",
             "|---|---|---|---|---|---|---|---|---|"]
    for path in fixtures():
        a = assess_file(path)
        name = path.relative_to(ROOT / "fixtures").as_posix()
        lines.append(f"| `{name}` | {a.score:.1f} | {a.exposure:.1f} | {min(100.0, a.score + a.exposure):.1f} "
                     f"| {a.level} | {a.verdict} | {a.completeness:.0%} | {_steps(a, ('negotiate', 'proceed'))} "
                     f"| {_steps(a, ('proceed',))} |")
    return "\n".join(lines) + "\n"


def current() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split(START, 1)[1].split(END, 1)[0]


def test_calibration_table_is_current():
    assert current() == table(), "docs/scoring.md is out of date: run PYTHONPATH=src python tests/test_scoring_doc.py --write"


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    DOC.write_text(head + START + table() + END + rest.split(END, 1)[1], encoding="utf-8")
