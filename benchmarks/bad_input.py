"""How long bad input takes to be refused, against assessing a good deal, in the same run.

    PYTHONPATH=src python benchmarks/bad_input.py [--runs 5]

The test suite checks what bad input is told (exit 2, one line per problem); how fast
it is told is measured here and printed, never asserted in a test. Each case runs
in-process through the CLI (as the tests do) after a warm-up, so the rule engine is
compiled once and the figures compare like with like: the ratio is the median time
to refuse the bad file divided by the median time to assess a good deal.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

GOOD = ROOT / "fixtures" / "linkstar-proposal.yaml"


def cases(folder: Path) -> dict[str, Path]:
    """Hostile and broken deal files, written into ``folder``."""
    texts = {
        "many-problems.yaml": "id: bad-1\nprovider:\n  name: X\ncontract:\n  stop_los:\n    present: false\n"
                              "fees:\n  model: pay_what_you_want\n  base_monthly: -5\n  commission_pct: lots\n",
        "not-a-mapping.yaml": "- just\n- a list\n",
        "broken-yaml.yaml": "id: x\nprovider: {name: [unclosed\n",
        "alias-bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)),
        "deep.json": "[" * 900 + "]" * 900,
        "wide.yaml": "id: w\nprovider: {name: P}\n" + "".join(f"unknown_{i}: {i}\n" for i in range(5000)),
        "many-kpis.json": json.dumps({"id": "k", "provider": {"name": "P"},
                                      "kpis": [{"id": f"k{i}", "metric": "nope"} for i in range(2000)]}),
        "binary.yaml": "\x00" * 1000,
    }
    out = {}
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


def timed(invoke, args) -> tuple[float, int]:
    start = time.perf_counter()
    result = invoke(args)
    return time.perf_counter() - start, result.exit_code


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from click.testing import CliRunner

    from vetting.cli import _register, cli

    _register()
    runner = CliRunner()

    def invoke(argv):
        return runner.invoke(cli, argv)

    with tempfile.TemporaryDirectory(prefix="vetting-bad-input-") as tmp:
        files = cases(Path(tmp))
        invoke(["assess", str(GOOD), "--format", "json"])  # warm-up: rules loaded, engine compiled
        good = [timed(invoke, ["assess", str(GOOD), "--format", "json"])[0] for _ in range(args.runs)]
        base = statistics.median(good)
        print(f"{'case':<22} {'exit':>4} {'median s':>9} {'/ good deal':>11}")
        print(f"{'(good deal)':<22} {0:>4} {base:>9.4f} {1:>11.2f}")
        for name, path in files.items():
            runs = [timed(invoke, ["assess", str(path)]) for _ in range(args.runs)]
            med = statistics.median(t for t, _ in runs)
            codes = {c for _, c in runs}
            print(f"{name:<22} {'/'.join(map(str, sorted(codes))):>4} {med:>9.4f} {med / base:>11.2f}")


if __name__ == "__main__":
    main()
