"""Cold start of `vetting assess` on one deal, against importing its dependencies alone.

    python benchmarks/cold_start.py [--runs 7] [--deal fixtures/linkstar-proposal.yaml]

Every command runs as a fresh child of this process, interleaved (the import floor, then
`vetting assess` to Markdown and to JSON, each with a warm rule-pack cache and with an empty
one), so that machine noise hits all of them alike. The floor is

    python -c "import pydantic, jinja2, click, yaml, durable.engine"

and the figures to quote are the ratios of the medians, printed with the load average of the
machine while they ran: for wall-clock time, and for CPU time (user + system of the child),
which a loaded machine distorts less. Targets (issue 19): warm cache ≤ 3×, empty cache ≤ 4×.

The children get bytecode as an installed wheel has it: PYTHONDONTWRITEBYTECODE is removed
and PYTHONPYCACHEPREFIX points into a temporary folder (filled by the warm-up runs), so no
`__pycache__` is written into the checkout. The cache folder ($VETTING_CACHE_DIR) is a
temporary folder too: one kept warm, and a fresh empty one for every "empty" run.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEAL = ROOT / "fixtures" / "linkstar-proposal.yaml"
FLOOR = "import pydantic, jinja2, click, yaml, durable.engine"


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one run of ``cmd`` as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)  # nothing is written to /dev/null
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def child_env(pycache: Path, cache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["VETTING_CACHE_DIR"] = str(cache)
    return env


def measure(runs: int, deal: Path, work: Path) -> dict[str, list[tuple[float, float]]]:
    vetting = shutil.which("vetting", path=str(Path(sys.executable).parent)) or "vetting"
    pycache, warm = work / "pycache", work / "cache-warm"
    env = child_env(pycache, warm)
    commands = {"floor": [sys.executable, "-c", FLOOR]}
    for fmt in ("md", "json"):
        commands[fmt] = [vetting, "assess", str(deal), "--format", fmt, "-o", str(work / f"assessment.{fmt}")]
    for cmd in commands.values():  # warm the file cache, the bytecode and the rule-pack cache
        timed(cmd, env)
        timed(cmd, env)
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in ("floor", "md warm", "json warm", "md empty", "json empty")}
    for i in range(runs):
        times["floor"].append(timed(commands["floor"], env))
        for fmt in ("md", "json"):
            times[f"{fmt} warm"].append(timed(commands[fmt], env))
            empty = work / f"cache-empty-{fmt}-{i}"
            times[f"{fmt} empty"].append(timed(commands[fmt], child_env(pycache, empty)))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--deal", type=Path, default=DEAL)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vetting-cold-start-") as tmp:
        load_before = os.getloadavg()
        times = measure(args.runs, args.deal, Path(tmp))
        load_after = os.getloadavg()
    print(f"medians of {args.runs} runs, interleaved; deal {args.deal.name}; wall clock, and CPU time (user + system)")
    for col, what in ((0, "wall"), (1, "cpu ")):
        floor = statistics.median(t[col] for t in times["floor"])
        print(f"  {what} import floor ({FLOOR}): {floor * 1000:.0f} ms")
        for name in ("md warm", "json warm", "md empty", "json empty"):
            m = statistics.median(t[col] for t in times[name])
            fmt, cache = name.split()
            print(f"  {what} vetting assess --format {fmt:<4} ({cache:<5} cache): {m * 1000:4.0f} ms  "
                  f"ratio {m / floor:.2f}x  (adds {(m - floor) * 1000:.0f} ms)")
    print("  load average (1, 5, 15 min): before {:.2f} {:.2f} {:.2f}, after {:.2f} {:.2f} {:.2f}; {} cores".format(
        *load_before, *load_after, os.cpu_count()))


if __name__ == "__main__":
    main()
