"""Instructions per deal, counted by valgrind: the batch's cost without the noise of a shared machine.

    python benchmarks/instructions.py            # needs valgrind (apt-get install valgrind)
    python benchmarks/instructions.py -n 300 --only run bare

Wall-clock ratios on this 2-core shared machine swing by ±20 % from one round to the next;
instruction counts do not (they repeat to within 0.1 %), so they show whether a change to the
batch's own Python work helps before bench_batch.py can. Each loop runs once with no pass and
once with two passes over the same N synthetic deals (bench_batch.py's, seeded) under
``valgrind --tool=cachegrind``; the difference divided by 2 × N is what one deal costs:

  bare     ``ruleset.facts`` + the public API (bench_batch.py's bare engine loop)
  public   the public API alone, on facts built beforehand
  binding  the engine as vetting calls it (its C binding), on facts built beforehand
  chunk    ``assess_chunk`` on in-memory records (validate, engine, outcomes, scoring, rows)
  run      ``vetting.workflows.batch.run`` from a CSV file to the CSV tables, one worker

Instructions are not time (Python's own work runs at a lower rate per instruction than the
engine's C code), so the wall-clock ratio in bench_batch.py stays the measure of record.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import tempfile
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOOPS = ("bare", "public", "binding", "chunk", "run")

# The child: N deals, set up, then PASSES passes of one loop.
CHILD = r"""
import sys, tempfile
from pathlib import Path
sys.path.insert(0, {here!r})
from bench_batch import AS_OF, facts_of, synthetic_deals, write_csv
from vetting.workflows.batch import ChunkOptions, assess_chunk, run
from vetting.workflows.batch.runner import chunked
from vetting.model.loading import validate
from vetting.engine.ruleset import get_ruleset

n, passes, loop = {n}, {passes}, {loop!r}
deals = synthetic_deals(n, 7)
ruleset = get_ruleset()
validated = [validate(d, "synthetic").deal for d in deals]
options = ChunkOptions(today=AS_OF)
facts = [facts_of(ruleset, d) for d in validated]
records = [{{"source": "synthetic", "row": i + 1, "kind": "nested", "data": d, "problems": []}} for i, d in enumerate(deals)]
tmp = Path(tempfile.mkdtemp())
write_csv(deals, tmp / "deals.csv")
assess_chunk(records[:5], options)  # compiled, caches warm, before anything is counted
for _ in range(passes):
    if loop == "bare":
        for d in validated:
            ruleset.engine.fire_public(*facts_of(ruleset, d))
    elif loop == "public":
        for f in facts:
            ruleset.engine.fire_public(*f)
    elif loop == "binding":
        for f in facts:
            ruleset.engine.fire(*f)
    elif loop == "chunk":
        for chunk in chunked(records, 64):
            assess_chunk(chunk, options)
    else:
        run(tmp / "deals.csv", tmp / "out", options=options, workers=1, xlsx=False, parquet=False)
"""


def count(loop: str, n: int, passes: int) -> int:
    code = CHILD.format(here=str(HERE), n=n, passes=passes, loop=loop)
    with tempfile.TemporaryDirectory(prefix="vetting-cachegrind-") as tmp:  # its per-line file is not needed
        done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                               f"--cachegrind-out-file={Path(tmp) / 'cachegrind.out'}",
                               sys.executable, "-c", code], capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode or not found:
        raise SystemExit(f"valgrind failed on the {loop} loop:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=300, help="synthetic deals per pass")
    ap.add_argument("--only", nargs="+", choices=LOOPS, default=list(LOOPS))
    args = ap.parse_args(argv)
    if not shutil.which("valgrind"):
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    jobs = [(loop, passes) for loop in args.only for passes in (0, 2)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counts = dict(zip(jobs, pool.map(lambda job: count(job[0], args.n, job[1]), jobs)))
    per_deal = {loop: (counts[(loop, 2)] - counts[(loop, 0)]) / (2 * args.n) for loop in args.only}
    print(f"instructions per deal ({args.n} synthetic deals, valgrind cachegrind, Python {sys.version.split()[0]})")
    for loop, value in per_deal.items():
        print(f"  {loop:8s} {value / 1e6:8.2f} M")
    if "bare" in per_deal:
        for loop in ("chunk", "run"):
            if loop in per_deal:
                print(f"  ratio bare / {loop:5s} {per_deal['bare'] / per_deal[loop]:5.2f}   (as bench_batch.py's "
                      f"{loop if loop == 'run' else 'core'} / bare, in instructions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
