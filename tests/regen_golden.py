"""Regenerate the golden files in tests/golden/ after an intended change, then review the diff.

    PYTHONPATH=src python tests/regen_golden.py          # write the files, list what changed
    PYTHONPATH=src python tests/regen_golden.py --check  # only list what would change (exit 1 if any)
    git diff tests/golden/                                # review before committing

The test run never writes these files: tests/test_report.py and tests/test_outputs.py
compare fresh output with them and fail on any difference.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
FIXTURES = ROOT / "fixtures"
# (fixture, language, format): the checklist in both languages and formats for two fixtures,
# and the JSON contract (vetting/assessment@N) of the seed proposal.
REPORTS = tuple((name, lang, fmt) for name in ("linkstar-proposal", "gold-standard")
                for lang in ("en", "zh") for fmt in ("md", "html"))
CONTRACT = (("linkstar-proposal", "en", "json"),)
GOLDEN_FILES = REPORTS + CONTRACT
# The day the golden reports are made (`vetting assess --today`): days left to a cancel-by date count
# from the report date, so a fixed one keeps the files reproducible.
GOLDEN_TODAY = "2026-12-01"


def golden_path(name: str, lang: str, fmt: str) -> Path:
    return GOLDEN / f"{name}.{lang}.{fmt}"


def fresh(name: str, lang: str, fmt: str) -> str:
    """What `vetting assess fixtures/NAME.yaml --lang LANG --format FMT --today GOLDEN_TODAY` prints."""
    import datetime as dt

    from vetting.workflows.assess import assess_file
    from vetting.outputs.report import render

    today = dt.date.fromisoformat(GOLDEN_TODAY)
    return render(assess_file(FIXTURES / f"{name}.yaml", lang=lang, today=today), fmt)


# The one output model's tables (vetting.outputs.rows) of three fixtures, as the text formats of the
# registry write them: tests/test_rows.py compares them, and reads the XLSX and Parquet back against them.
ROWS_DEALS = ("linkstar-proposal", "honest-agency", "mostly-unknown")
ROWS_FILES = ("summary.csv", "findings.csv", "errors.csv", "results.json")


def rows_tables():
    """The model's tables of ROWS_DEALS in English at GOLDEN_TODAY, sources named as in the checkout."""
    import datetime as dt

    from vetting.model.loading import load_deal
    from vetting.outputs.rows import Tables
    from vetting.workflows.assess import assess

    tables = Tables()
    for name in ROWS_DEALS:
        path = FIXTURES / f"{name}.yaml"
        tables.add(assess(load_deal(path), lang="en", today=dt.date.fromisoformat(GOLDEN_TODAY)), f"fixtures/{path.name}")
    return tables


def fresh_rows(name: str) -> str:
    """One file of the registry's csv or json format for ROWS_DEALS (tests/golden/rows/NAME)."""
    from vetting.outputs.formats import FORMATS

    return FORMATS["json" if name.endswith(".json") else "csv"].write(rows_tables())[name].decode("utf-8")


SCHEMA_FILE = ROOT / "docs" / "assessment.schema.json"


def fresh_schema() -> str:
    """What `vetting schema --assessment` prints today (docs/assessment.schema.json is that text)."""
    import json

    from vetting.outputs.contract import assessment_schema

    return json.dumps(assessment_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


TRACKING_SCHEMA_FILE = ROOT / "docs" / "tracking.schema.json"


def fresh_tracking_schema() -> str:
    """The JSON Schema of `vetting track --format json` (docs/tracking.schema.json is that text)."""
    import json

    from vetting.workflows.track import tracking_schema

    return json.dumps(tracking_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


README = ROOT / "README.md"
SESSION = "fixtures/linkstar-proposal.yaml"


def fresh_readme() -> str:
    """README.md with its session block (tests/test_docs.py checks every line) made from today's output:
    the summary, "Fix these first" and the first steps of the negotiation path."""
    text = README.read_text(encoding="utf-8")
    head, rest = text.split("<!-- session:start -->\n", 1)
    _, tail = rest.split("<!-- session:end -->", 1)
    out = fresh(Path(SESSION).stem, "en", "md").splitlines()
    shown, steps = [], 0
    for line in out:
        if line.startswith("## Checklist by area"):
            break
        if line.startswith("| ") and line[2:3].isdigit():
            steps += 1
            if steps > 6:
                if steps == 7:
                    shown.append("…")
                continue
        shown.append(line)
    while shown and not shown[-1].strip():
        shown.pop()
    block = "```\n$ vetting assess " + SESSION + " --today " + GOLDEN_TODAY + " --format md\n" + "\n".join(shown) + "\n…\n```\n"
    return _terminal_block(head) + "<!-- session:start -->\n" + block + "<!-- session:end -->" + tail


def _terminal_block(text: str) -> str:
    """The README's terminal block: what `vetting assess` shows on a terminal (tests/test_docs.py runs it in a pty)."""
    import datetime as dt

    from vetting.workflows.assess import assess_file
    from vetting.cli.assess import _commands
    from vetting.outputs.summary import terminal_lines

    head, rest = text.split("<!-- terminal:start -->\n", 1)
    _, tail = rest.split("<!-- terminal:end -->", 1)
    today = dt.date.fromisoformat(GOLDEN_TODAY)
    lines = terminal_lines(assess_file(SESSION, today=today), _commands(SESSION, "en", (), today, None))
    block = "```\n$ vetting assess " + SESSION + " --today " + GOLDEN_TODAY + "\n" + "\n".join(x.text for x in lines) + "\n```\n"
    return head + "<!-- terminal:start -->\n" + block + "<!-- terminal:end -->" + tail


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    args = parser.parse_args(argv)
    changed = 0
    if not args.check:  # the report templates' ahead-of-time code follows the templates
        from vetting.outputs import compile_templates
        compile_templates.main()
    for path, make in [*((golden_path(*key), lambda key=key: fresh(*key)) for key in GOLDEN_FILES),
                       *((GOLDEN / "rows" / name, lambda name=name: fresh_rows(name)) for name in ROWS_FILES),
                       (SCHEMA_FILE, fresh_schema), (TRACKING_SCHEMA_FILE, fresh_tracking_schema),
                       (README, fresh_readme)]:
        text = make()
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == text:
            print(f"unchanged  {path.relative_to(ROOT)}")
            continue
        changed += 1
        if old is None:
            print(f"new        {path.relative_to(ROOT)} ({len(text.splitlines())} lines)")
        else:
            diff = list(difflib.unified_diff(old.splitlines(), text.splitlines(), lineterm="", n=0))
            plus = sum(1 for d in diff if d.startswith("+") and not d.startswith("+++"))
            minus = sum(1 for d in diff if d.startswith("-") and not d.startswith("---"))
            print(f"changed    {path.relative_to(ROOT)} (+{plus} -{minus} lines)")
        if not args.check:
            path.write_text(text, encoding="utf-8", newline="")
    if changed and not args.check:
        print(f"{changed} golden file(s) rewritten; review them with: git diff {GOLDEN.relative_to(ROOT)}")
    return 1 if changed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
