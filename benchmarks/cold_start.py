"""Cold start of `vetting assess` on one deal, against importing its dependencies alone.

    python benchmarks/cold_start.py [--runs 7] [--deal fixtures/linkstar-proposal.yaml] [--before OLD/src]

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

``--before OLD/src`` times another version in the same run: every `vetting assess` command runs a second
time with PYTHONPATH set to that source folder (a checkout of an older commit, `git worktree add`), its
own warm cache and its own empty ones, interleaved with the rest; both are printed against one floor.
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


def child_env(pycache: Path, cache: Path, src: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["VETTING_CACHE_DIR"] = str(cache)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def measure(runs: int, deal: Path, work: Path, before: Path | None = None) -> dict[str, list[tuple[float, float]]]:
    """Times by name ("floor", "md warm", "json empty", and "... before" for ``before``'s version)."""
    vetting = shutil.which("vetting", path=str(Path(sys.executable).parent)) or "vetting"
    pycache = work / "pycache"
    versions = {"": None} if before is None else {"": None, " before": before.resolve()}
    env = child_env(pycache, work / "cache-warm")
    commands = {"floor": [sys.executable, "-c", FLOOR]}
    for fmt in ("md", "json"):
        commands[fmt] = [vetting, "assess", str(deal), "--format", fmt, "-o", str(work / f"assessment.{fmt}")]
    for tag, src in versions.items():  # warm the file cache, the bytecode and the rule-pack cache
        for cmd in commands.values():
            timed(cmd, child_env(pycache, work / f"cache-warm{tag}", src))
            timed(cmd, child_env(pycache, work / f"cache-warm{tag}", src))
    times: dict[str, list[tuple[float, float]]] = {"floor": []}
    for i in range(runs):
        times["floor"].append(timed(commands["floor"], env))
        for tag, src in versions.items():
            for fmt in ("md", "json"):
                warm = child_env(pycache, work / f"cache-warm{tag}", src)
                times.setdefault(f"{fmt} warm{tag}", []).append(timed(commands[fmt], warm))
                empty = child_env(pycache, work / f"cache-empty{tag.strip()}-{fmt}-{i}", src)
                times.setdefault(f"{fmt} empty{tag}", []).append(timed(commands[fmt], empty))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--deal", type=Path, default=DEAL)
    ap.add_argument("--before", type=Path, metavar="OLD/src",
                    help="also time the vetting in this source folder (an older checkout's src), interleaved")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vetting-cold-start-") as tmp:
        load_before = os.getloadavg()
        times = measure(args.runs, args.deal, Path(tmp), args.before)
        load_after = os.getloadavg()
    print(f"medians of {args.runs} runs, interleaved; deal {args.deal.name}; wall clock, and CPU time (user + system)")
    for col, what in ((0, "wall"), (1, "cpu ")):
        floor = statistics.median(t[col] for t in times["floor"])
        print(f"  {what} import floor ({FLOOR}): {floor * 1000:.0f} ms")
        width = 7 if args.before else 0  # room for " before"
        for cache in ("warm", "empty"):
            for fmt in ("md", "json"):
                for tag in ("", " before"):
                    name = f"{fmt} {cache}{tag}"
                    if name not in times:
                        continue
                    m = statistics.median(t[col] for t in times[name])
                    print(f"  {what} vetting assess --format {fmt:<4} ({cache:<5} cache{tag:<{width}}): {m * 1000:4.0f} ms  "
                          f"ratio {m / floor:.2f}x  (adds {(m - floor) * 1000:.0f} ms)")
    print("  load average (1, 5, 15 min): before {:.2f} {:.2f} {:.2f}, after {:.2f} {:.2f} {:.2f}; {} cores".format(
        *load_before, *load_after, os.cpu_count()))


if __name__ == "__main__":
    main()
