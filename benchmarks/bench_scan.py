"""Precision and recall of ``vetting scan`` on the labelled contract corpus (tests/scan_corpus).

    python benchmarks/bench_scan.py                 # dev + held-out, overall, held-out, per field
    python benchmarks/bench_scan.py --part heldout  # one part only
    python benchmarks/bench_scan.py --per-part-fields  # each part scored on the fields its own labels use
    python benchmarks/bench_scan.py --reading model    # the patterns and the optional model (weights fitted on dev only)

Each contract is scanned alone, as a user would scan it (the library's scan: the parsing
subprocess, normalisation, patterns). Scoring (tests/scan_corpus/heldout/README.md):

- a label is found when a proposal has its field and value (numbers compared as numbers;
  ``contract.non_solicit_or_exclusivity`` and a KPI's formula are free text, scored by presence);
- a proposal that matches no label of its contract is a false positive (a trap hit is one, and
  is counted apart); topics proposed absent (``--complete``) are not scored here;
- a proposal for a field the corpus labels nowhere (a field added after the corpus was frozen,
  e.g. provider.kind, contract.scope_written) cannot be scored: it is counted apart as "unscored"
  and those fields are measured by tests/test_scan_clauses.py instead;
- precision = proposals matching a label / proposals; recall = labels found / labels.

It also prints the precision of the proposals ``--accept-confident`` would pre-accept (confidence
at or above the threshold in intake/proposals.py) and checks that every quote is the extracted text
at its page and offsets.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vetting.intake.proposals import ACCEPT_THRESHOLD, propose  # noqa: E402
from vetting.intake.scan import read_contract  # noqa: E402

CORPUS = ROOT / "tests" / "scan_corpus"
FREE_TEXT = {"contract.non_solicit_or_exclusivity"}


def same(field: str, got, want) -> bool:
    if field in FREE_TEXT or field.endswith(".formula"):  # free text (a KPI's 口径 too): scored by presence
        return bool(got)
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    if isinstance(want, list) and isinstance(got, list):
        return sorted(map(str, got)) == sorted(map(str, want))
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(float(got) - float(want)) < 1e-9
    return str(got) == str(want)


def labelled_fields(part: str = "*") -> set[str]:
    """Every field some contract of the corpus labels (either part, or ``part``): the fields the corpus can score."""
    out = set()
    for f in CORPUS.glob(f"{part}/*.labels.yaml"):
        out.update(lb["field"] for lb in yaml.safe_load(f.read_text(encoding="utf-8")).get("labels") or [])
    return out


def score_contract(label_file: Path, scored: set[str], reading_mode: str = "patterns") -> dict:
    doc = yaml.safe_load(label_file.read_text(encoding="utf-8"))
    reading = read_contract([str(label_file.parent / doc["contract"])])
    every = propose(reading, reading_mode=reading_mode)
    proposals = [p for p in every if p.field in scored]
    labels = doc.get("labels") or []
    traps = doc.get("traps") or []
    rows = []
    for p in proposals:
        good = any(lb["field"] == p.field and same(p.field, p.value, lb["value"]) for lb in labels)
        trap = any(t["field"] == p.field and same(p.field, p.value, t["wrong_value"]) for t in traps)
        rows.append((p, good, trap and not good))
    found = [any(p.field == lb["field"] and same(p.field, p.value, lb["value"]) for p in proposals) for lb in labels]
    pages = {(pg.file, pg.number): pg.text for pg in reading.pages}
    bad_quotes = [p for p in proposals if pages[(p.file, p.page)][p.start:p.end] != p.quote]
    return {"name": doc["contract"], "held_out": bool(doc.get("held_out")), "labels": labels, "found": found,
            "rows": rows, "bad_quotes": bad_quotes, "unscored": len(every) - len(proposals)}


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def summary(results: list[dict], title: str) -> None:
    props = [r for res in results for r in res["rows"]]
    good = sum(1 for _, g, _ in props if g)
    traps = sum(1 for _, _, t in props if t)
    labels = sum(len(res["labels"]) for res in results)
    found = sum(sum(res["found"]) for res in results)
    conf = [r for r in props if r[0].confidence >= ACCEPT_THRESHOLD]
    conf_good = sum(1 for _, g, _ in conf if g)
    unscored = sum(res["unscored"] for res in results)
    print(f"{title}: {len(results)} contracts, {labels} labels, {len(props)} proposals "
          f"(and {unscored} for fields the corpus does not label, unscored)")
    print(f"  precision {_ratio(good, len(props))} ({good}/{len(props)}; false positives {len(props) - good}, "
          f"of which trap hits {traps})")
    print(f"  recall    {_ratio(found, labels)} ({found}/{labels})")
    print(f"  pre-accepted (confidence >= {ACCEPT_THRESHOLD}): precision {_ratio(conf_good, len(conf))} "
          f"({conf_good}/{len(conf)})")
    steps = []
    for t in (0.75, 0.8, 0.85, 0.9, 0.95):
        above = [g for p, g, _ in props if p.confidence >= t]
        steps.append(f">={t}: {_ratio(sum(above), len(above))} ({len(above)})")
    print("  precision by confidence: " + ", ".join(steps))


def per_field(results: list[dict], title: str) -> None:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # labels, found, proposals, false positives
    for res in results:
        for lb, ok in zip(res["labels"], res["found"]):
            table[lb["field"]][0] += 1
            table[lb["field"]][1] += ok
        for p, good, _ in res["rows"]:
            table[p.field][2] += 1
            table[p.field][3] += not good
    print(f"\nper field ({title}): labels, found, recall | proposals, false positives, precision")
    for name in sorted(table):
        n, f, p, fp = table[name]
        print(f"  {name:48s} {n:3d} {f:3d} {_ratio(f, n):>6s} | {p:3d} {fp:3d} {_ratio(p - fp, p):>6s}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("all", "dev", "heldout"), default="all")
    ap.add_argument("--no-fields", action="store_true", help="leave out the per-field tables")
    ap.add_argument("--per-part-fields", action="store_true",
                    help="score a contract only on the fields its own part labels somewhere: a field only the dev labels use "
                         "(added after the held-out part was frozen) is counted apart as unscored on the held-out part")
    ap.add_argument("--reading", choices=("patterns", "model"), default="patterns",
                    help="as vetting scan --reading: model adds the optional model's readings (docs/scan.md)")
    args = ap.parse_args()
    parts = ("dev", "heldout") if args.part == "all" else (args.part,)
    if args.per_part_fields:  # the corpus-wide scoring first, for comparison
        scored = {part: labelled_fields() for part in parts}
        every = [score_contract(f, scored[part], args.reading) for part in parts for f in sorted((CORPUS / part).glob("*.labels.yaml"))]
        for part in parts:
            summary([r for r in every if (r["held_out"] == (part == "heldout"))], f"{part} (fields labelled anywhere)")
        print()
    scored = {part: labelled_fields(part if args.per_part_fields else "*") for part in parts}
    results = [score_contract(f, scored[part], args.reading) for part in parts for f in sorted((CORPUS / part).glob("*.labels.yaml"))]
    bad = [p for res in results for p in res["bad_quotes"]]
    if len(parts) > 1:
        summary(results, "overall")
    for part in parts:
        summary([r for r in results if (r["held_out"] == (part == "heldout"))],
                f"{part} (fields its own labels use)" if args.per_part_fields else part)
    if not args.no_fields:
        per_field(results, "+".join(parts))
        if "heldout" in parts:
            per_field([r for r in results if r["held_out"]], "heldout")
    print(f"\nquotes at their offsets: {sum(len(r['rows']) for r in results) - len(bad)} of "
          f"{sum(len(r['rows']) for r in results)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
