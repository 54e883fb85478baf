"""Cold start of `vetting assess` on one deal, against importing its dependencies alone.

    python benchmarks/cold_start.py [--runs 15]

Both commands run as fresh processes, interleaved, so machine noise hits both
alike; the figure to quote is the ratio of the medians.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEAL = ROOT / "fixtures" / "linkstar-proposal.yaml"


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)  # nothing is written to /dev/null
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    vetting = shutil.which("vetting", path=str(Path(sys.executable).parent)) or "vetting"
    baseline = [sys.executable, "-c", "import pydantic, jinja2, click, yaml, durable.engine"]
    out = Path(tempfile.mkdtemp(prefix="vetting-cold-start-")) / "assessment.json"
    assess = [vetting, "assess", str(DEAL), "--format", "json", "-o", str(out)]
    timed(baseline), timed(assess)  # warm the file cache
    base, full = [], []
    for _ in range(args.runs):
        base.append(timed(baseline))
        full.append(timed(assess))
    b, f = statistics.median(base), statistics.median(full)
    print(f"imports only (pydantic, jinja2, click, yaml, durable.engine): median {b * 1000:.0f} ms over {args.runs} runs")
    print(f"vetting assess {DEAL.name} --format json:                     median {f * 1000:.0f} ms over {args.runs} runs")
    print(f"ratio assess / imports: {f / b:.2f}x   (assess adds {(f - b) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
