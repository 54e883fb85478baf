"""Batch throughput: the batch core end to end against a bare engine loop on the same deals.

    python benchmarks/bench_batch.py                 # 2000 deals
    python benchmarks/bench_batch.py -n 10000 --profile
    python benchmarks/bench_batch.py -n 2000 --outputs --rounds 3    # the default outputs' cost
    python benchmarks/bench_batch.py -n 10000 --xlsx-libs            # why results.xlsx has its own writer

Prints deals/s for
  * bare:   ``ruleset.facts(deal, as_of)`` fed to the compiled ruleset through durable-rules' public
            API (``ruleset.engine.fire_public``: Host.assert_facts, a Python action per firing),
            validated deals, nothing else (the loop earlier versions of this benchmark timed);
  * public / binding: the engine alone, on facts built beforehand, through the public API and
            the way vetting feeds it (``ruleset.engine.fire``: durable-rules' C binding);
  * core:   ``assess_chunk`` on in-memory records (validation, engine, outcomes, scoring, table rows);
  * run:    ``vetting.workflows.batch.run`` from a CSV file to summary/findings/errors CSV (XLSX and Parquet off),
            1 worker in every round, then 1 and 2 workers once;
the ratios core / bare and run / bare (the target: end to end, one worker, ≥ 0.85 since the core redesign; it was ≥ 0.7) and run
to each engine-only loop, each the median of per-round ratios (the loops alternate, so a slow
minute on this shared machine hits all of them), and the peak RSS of the process.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from vetting.model.fields import CHILD_KINDS

AS_OF = dt.date(2026, 1, 15)
PLATFORMS = ["amazon", "shopee", "tiktok_shop", "lazada", "temu", "walmart"]
KINDS = ["store_operation", "ads_management", "listing_optimization", "customer_service", "training", "saas", "consulting"]
METRICS = ["gmv", "net_sales", "units", "conversion_rate", "acos", "tacos", "roas", "return_rate", "review_rating", "custom"]
SOURCES = ["seller_central", "ads_console", "erp", "provider_report", "unspecified"]
MODELS = ["fixed", "base_plus_commission", "commission_only", "ad_spend_pct", "per_project", "subscription"]
CLAIMS = ["保你月销百万", "Page one in 30 days", "ACoS below 15% guaranteed", "We are an official partner", "10x ROI"]


def _maybe(rng: random.Random, value, p_unknown: float = 0.25):
    return None if rng.random() < p_unknown else value


def synthetic_deal(i: int, rng: random.Random) -> dict:
    """One realistic deal: varied fees, terms, KPIs, claims and a quarter of the facts unknown."""
    m = _maybe
    gmv = rng.choice([50_000, 120_000, 300_000, 450_000, 900_000, 2_000_000])
    model = rng.choice(MODELS)
    kpis = []
    for k in range(rng.choice([0, 1, 1, 2, 3, 4])):
        metric = rng.choice(METRICS)
        kpis.append({
            "id": f"k{k}", "metric": metric, "target": m(rng, rng.choice([5, 10, 15, 30, 50, 100])),
            "target_kind": m(rng, rng.choice(["absolute", "growth_pct", "at_most", "at_least"])),
            "baseline": m(rng, rng.choice([gmv, 10, 20])), "period": m(rng, rng.choice(["week", "month", "quarter"])),
            "formula": m(rng, "sum(ordered product sales) per month", 0.5), "data_source": m(rng, rng.choice(SOURCES)),
            "net_of_refunds": m(rng, rng.random() < 0.5, 0.5),
        })
    return {
        "id": f"deal-{i:06d}", "currency": "CNY", "as_of": AS_OF.isoformat(),
        "seller": {"name": f"Seller {i}", "platforms": [rng.choice(PLATFORMS)], "markets": ["US"],
                   "monthly_gmv": m(rng, gmv, 0.1), "brand_registered": m(rng, rng.random() < 0.7)},
        "provider": {"name": f"Provider {i % 97}", "kind": m(rng, rng.choice(KINDS), 0.1),
                     "registration": m(rng, {"checked": m(rng, rng.random() < 0.5),
                                             "years_operating": m(rng, rng.choice([0.5, 2, 5, 10])),
                                             "status": m(rng, "active", 0.5)}),
                     "office_verified": m(rng, rng.random() < 0.5),
                     "claims_platform_partner": m(rng, rng.random() < 0.5)},
        "contract": {"written": m(rng, rng.random() < 0.8), "start_date": "2026-02-01",
                     "term_months": m(rng, rng.choice([3, 6, 12, 24])),
                     "auto_renewal": m(rng, {"present": m(rng, rng.random() < 0.5), "cancel_notice_days": m(rng, rng.choice([15, 30, 90]))}),
                     "stop_loss": m(rng, {"present": m(rng, rng.random() < 0.4), "consecutive_periods": m(rng, rng.choice([1, 2, 3])),
                                          "period": m(rng, rng.choice(["month", "quarter"])), "no_fault_exit": m(rng, rng.random() < 0.5)}),
                     "termination": m(rng, {"for_convenience": m(rng, rng.random() < 0.5), "notice_days": m(rng, rng.choice([0, 30, 60])),
                                            "early_termination_fee": m(rng, rng.choice([0, 5000, 20000])),
                                            "handover": m(rng, rng.random() < 0.5)}),
                     "ip": m(rng, {"creatives": m(rng, rng.choice(["seller", "provider", "unspecified"])),
                                   "data": m(rng, rng.choice(["seller", "provider"]))}),
                     "unilateral_changes": m(rng, rng.random() < 0.3)},
        "fees": {"model": m(rng, model, 0.1), "base_monthly": m(rng, rng.choice([0, 3000, 15000, 30000])),
                 "commission_pct": m(rng, rng.choice([3, 5, 8])),
                 "commission_basis": m(rng, rng.choice(["total_gmv", "incremental_gmv", "net_profit"])),
                 "setup_fee": m(rng, rng.choice([0, 5000, 10000])), "prepaid_months": m(rng, rng.choice([0, 1, 3, 6])),
                 "refundable_on_exit": m(rng, rng.random() < 0.5), "minimum_commitment_months": m(rng, rng.choice([0, 3, 6, 12]))},
        "kpis": kpis or None,
        "claims": [{"text": rng.choice(CLAIMS), "guaranteed": m(rng, rng.random() < 0.5),
                    "in_contract": m(rng, rng.random() < 0.3)} for _ in range(rng.choice([0, 0, 1, 2, 3]))] or None,
        "track_record": m(rng, {"case_studies": [{"client": "3C seller", "verifiable": m(rng, rng.random() < 0.5),
                                                  "evidence": m(rng, rng.choice(["none", "screenshots", "live_backend"]))}
                                                 for _ in range(rng.choice([0, 1, 2]))] or None,
                                "references_contacted": m(rng, rng.choice([0, 1, 2]))}),
        "data_access": {"seller_backend_access": m(rng, rng.choice(["full", "partial", "none"])),
                        "provider_access": m(rng, rng.choice(["partner_authorization", "sub_account", "main_account"])),
                        "provider_permissions": m(rng, rng.choice(["least_privilege", "broad", "full"])),
                        "funds_access": m(rng, rng.random() < 0.2), "two_factor_with_seller": m(rng, rng.random() < 0.6)},
        "governance": m(rng, {"review_cadence": m(rng, rng.choice(["weekly", "monthly", "none"])),
                              "weekly_meeting": m(rng, rng.random() < 0.5)}),
        "compliance": m(rng, {"black_hat_excluded": m(rng, rng.random() < 0.6),
                              "tactics_offered": rng.choice([[], [], ["paid_reviews"], ["fake_orders", "extra_accounts"]])}),
    }


def synthetic_deals(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    return [_prune(synthetic_deal(i, rng)) for i in range(n)]


def _prune(x):
    if isinstance(x, dict):
        out = {k: _prune(v) for k, v in x.items() if v is not None}
        return {k: v for k, v in out.items() if v != {}}
    if isinstance(x, list):
        return [_prune(v) for v in x]
    return x


def facts_of(ruleset, deal) -> tuple[dict, list[dict]]:
    """A validated deal's facts as the engine takes them: the deal fact, and its records."""
    f = ruleset.facts(deal, deal.as_of or AS_OF)
    return f.deal, [c for kind in CHILD_KINDS for c in (f.children[kind] or ())]


def write_csv(deals: list[dict], path: Path) -> None:
    from vetting.workflows.batch.flat import flatten

    rows = [flatten(d) for d in deals]
    cols = sorted({c for r in rows for c in r})
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        w.writerows(rows)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=2000, help="number of synthetic deals")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--chunk", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds of the bare loop and the core")
    ap.add_argument("--profile", action="store_true", help="cProfile the core and print the top functions")
    ap.add_argument("--no-run", action="store_true", help="skip the file-to-tables runs (1 and 2 workers)")
    ap.add_argument("--memory", action="store_true",
                    help="peak RSS of a fresh process streaming N and 4×N deals from CSV (flat memory = same peak)")
    ap.add_argument("--outputs", action="store_true",
                    help="only: `vetting batch` with its default outputs (workbook, portfolio, Parquet) against "
                         "--no-xlsx --no-parquet, fresh processes alternating for --rounds rounds; throughput and peak RSS")
    ap.add_argument("--xlsx-libs", action="store_true",
                    help="only: write the findings rows of N deals with xlsxwriter (constant memory), openpyxl "
                         "(write-only) and vetting's own streaming writer; seconds and peak RSS of each")
    args = ap.parse_args(argv)
    if args.outputs:
        return outputs(args)
    if args.xlsx_libs:
        return xlsx_libs(args)

    from vetting.workflows.batch import ChunkOptions, assess_chunk, run
    from vetting.workflows.batch.runner import chunked
    from vetting.model.loading import validate
    from vetting.engine.ruleset import get_ruleset

    deals = synthetic_deals(args.n, args.seed)
    records = [{"source": "synthetic", "row": i + 1, "kind": "nested", "data": d, "problems": []}
               for i, d in enumerate(deals)]
    ruleset = get_ruleset()
    validated = [validate(d, "synthetic").deal for d in deals]
    options = ChunkOptions(today=AS_OF)
    assess_chunk(records[:20], options)  # warm up: compile the engine, load templates
    print(f"vetting batch benchmark: {args.n} synthetic deals (seed {args.seed}), {len(ruleset.rules)} rules, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    # Bare loop: each validated deal's facts fed to the same compiled ruleset through
    # durable-rules' public API (Host.assert_facts, a Python action per firing), nothing else
    # (the same loop as in earlier versions of this benchmark). The engine-only loops feed
    # facts built beforehand: through the public API, and the way vetting does (its C binding,
    # engine.py). The loops alternate, round after round, and the median of the per-round
    # ratios is reported: the machine is shared, and a slow minute must hit all of them alike.
    facts = [facts_of(ruleset, deal) for deal in validated]

    def bare_loop() -> int:
        fire = ruleset.engine.fire_public
        return sum(len(fire(*facts_of(ruleset, deal))) for deal in validated)

    def public_loop() -> int:
        fire = ruleset.engine.fire_public
        return sum(len(fire(deal_fact, children)) for deal_fact, children in facts)

    def binding_loop() -> int:
        fire = ruleset.engine.fire
        return sum(len(fire(deal_fact, children)) for deal_fact, children in facts)

    def core_loop() -> tuple[int, int]:
        n_ok = n_rows = 0
        for chunk in chunked(records, args.chunk):
            r = assess_chunk(chunk, options)
            n_ok += len(r.deals)
            n_rows += sum(d.n_findings for d in r.deals)
        return n_ok, n_rows

    tmp = tempfile.TemporaryDirectory()
    src = Path(tmp.name) / "deals.csv"
    write_csv(deals, src)

    def run_loop(workers: int):
        return run(src, Path(tmp.name) / f"out{workers}", options=options, workers=workers,
                   chunk_size=args.chunk, xlsx=False, parquet=False)

    # Everything loaded so far is moved out of the cyclic GC's reach, for every loop alike (the
    # batch runner does the same; without it, full collections walk the benchmark's own data).
    import gc

    gc.collect()
    gc.freeze()
    rates: dict[str, list[float]] = {"bare": [], "public": [], "binding": [], "core": [], "run": []}
    for _ in range(args.rounds):
        t = time.perf_counter()
        fired = bare_loop()
        rates["bare"].append(args.n / (time.perf_counter() - t))
        for name, loop in (("public", public_loop), ("binding", binding_loop)):
            t = time.perf_counter()
            if loop() != fired:
                raise SystemExit(f"the {name} loop fired other rules than the bare loop")
            rates[name].append(args.n / (time.perf_counter() - t))
        t = time.perf_counter()
        n_ok, n_rows = core_loop()
        rates["core"].append(args.n / (time.perf_counter() - t))
        if not args.no_run:
            done = run_loop(1)
            rates["run"].append(done.rows / done.seconds)
    median = {k: statistics.median(v) for k, v in rates.items() if v}

    def ratios(name: str, base: str = "bare") -> str:
        per_round = [x / b for x, b in zip(rates[name], rates[base])]
        return f"{statistics.median(per_round):8.2f}        (per round: {', '.join(f'{r:.2f}' for r in per_round)})"

    print(f"  bare engine loop     {median['bare']:8.0f} deals/s   (facts → public API; {fired / args.n:.1f} risks "
          f"fired per deal; median of {args.rounds} rounds)")
    print(f"  engine only, public  {median['public']:8.0f} deals/s   (facts built beforehand)")
    print(f"  engine only, binding {median['binding']:8.0f} deals/s   (facts built beforehand, fed the way vetting "
          "feeds them; same rules fired)")
    print(f"  batch core           {median['core']:8.0f} deals/s   ({n_ok} assessed, {n_rows / max(n_ok, 1):.0f} "
          "outcome rows per deal; in-memory records)")
    print(f"  ratio core / bare    {ratios('core')}")
    if not args.no_run:
        print(f"  run CSV→tables       {median['run']:8.0f} deals/s   (1 worker: read, validate, assess, write the CSV tables)")
        print(f"  ratio run / bare     {ratios('run')}   target >= 0.85 (issue 10: the redesign does not slow the batch)")
        print(f"  ratio run / public   {ratios('run', 'public')}   (stricter: against the engine alone)")
        print(f"  ratio run / binding  {ratios('run', 'binding')}   (the engine's share of vetting's own time)")
    print(f"  peak RSS so far      {_rss_mb():8.1f} MB")

    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for chunk in chunked(records[: min(args.n, 1000)], args.chunk):
            assess_chunk(chunk, options)
        prof.disable()
        print("\nprofile of the batch core (top 25 by cumulative time):")
        pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(25)

    if not args.no_run:
        one, two = run_loop(1), run_loop(2)
        print(f"  run, 2 workers       {two.rows / two.seconds:8.0f} deals/s   ({two.assessed} assessed, {two.failed} failed; "
              f"{(two.rows / two.seconds) / (one.rows / one.seconds):.2f}x one worker in the same minute)")
        print(f"  peak RSS (main)      {_rss_mb():8.1f} MB")
    tmp.cleanup()

    if args.memory:
        import subprocess

        with tempfile.TemporaryDirectory() as tmp:
            for n in (args.n, 4 * args.n):
                src = Path(tmp) / f"deals{n}.csv"
                write_csv(synthetic_deals(n, args.seed + 1), src)
                # VmHWM, not ru_maxrss: on Linux ru_maxrss carries the forking parent's peak across exec.
                code = ("from vetting.workflows.batch import run\n"
                        f"out = run({str(src)!r}, {str(Path(tmp) / f'm{n}')!r}, xlsx=False, parquet=False)\n"
                        "hwm = next(line for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
                        "print(out.assessed, int(hwm.split()[1]) / 1024)\n")
                done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
                assessed, rss = done.stdout.split()
                print(f"  streaming {n:>7} deals: peak RSS {float(rss):6.1f} MB ({assessed} assessed, fresh process)")
    return 0


def _batch_process(src: Path, out: Path, extra: list[str]) -> tuple[float, float, str]:
    """`vetting batch` in a fresh process: (wall seconds, peak RSS in MB, its last line)."""
    import subprocess

    code = ("import atexit, sys\n"
            "def hwm():\n"
            "    line = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
            "    sys.stderr.write('HWM %s\\n' % (int(line.split()[1]) / 1024))\n"
            "atexit.register(hwm)\n"
            "from vetting.cli import main\n"
            f"main({['batch', str(src), '--out', str(out), *extra]!r})\n")
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"vetting batch failed: {done.stderr[-2000:]}")
    hwm = float(next(line for line in done.stderr.splitlines() if line.startswith("HWM ")).split()[1])
    return seconds, hwm, done.stdout.strip().splitlines()[-1]


def outputs(args) -> int:
    """Issue 12's target: the default command (results.xlsx, portfolio.html, Parquet) runs at
    >= 0.5x the throughput of --no-xlsx --no-parquet, and peaks under 250 MB for 10,000 deals."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "deals.csv"
        write_csv(synthetic_deals(args.n, args.seed), src)
        print(f"vetting batch, {args.n} synthetic deals from CSV, fresh process per run, {args.rounds} rounds alternating")
        runs = {"bare": [], "default": []}
        for r in range(args.rounds):
            for name, extra in (("bare", ["--no-xlsx", "--no-parquet"]), ("default", [])):
                seconds, hwm, last = _batch_process(src, Path(tmp) / f"{name}{r}", extra)
                runs[name].append((seconds, hwm))
                print(f"  round {r + 1} {name:8} {args.n / seconds:7.0f} deals/s  {seconds:6.1f} s  peak RSS {hwm:6.1f} MB"
                      + (f"   {last.split('; ', 2)[-1]}" if name == "default" else ""))
        ratios = [b[0] / d[0] for b, d in zip(runs["bare"], runs["default"])]
        print(f"  throughput default / --no-xlsx --no-parquet: median {statistics.median(ratios):.2f} "
              f"(per round: {', '.join(f'{x:.2f}' for x in ratios)})   target >= 0.5")
        print(f"  peak RSS default: max {max(h for _, h in runs['default']):.1f} MB, "
              f"--no-xlsx --no-parquet: max {max(h for _, h in runs['bare']):.1f} MB")
    return 0


def xlsx_libs(args) -> int:
    """Why results.xlsx has its own writer: the findings rows of N deals written three ways, each in
    a fresh process (peak RSS), against the time to assess the deals."""
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "deals.csv"
        write_csv(synthetic_deals(args.n, args.seed), src)
        code = (
            "import csv, io, sys, time\n"
            "from pathlib import Path\n"
            "from vetting.workflows.batch import ChunkOptions, run\n"
            "from vetting.workflows.batch.flat import read_records\n"
            "from vetting.workflows.batch.core import assess_chunk\n"
            "from vetting.workflows.batch.runner import chunked\n"
            "lib, src, tmp = sys.argv[1:4]\n"
            "t = time.perf_counter()\n"
            "if lib == 'vetting':\n"
            "    o = run(src, Path(tmp) / 'v', xlsx=True, parquet=False, portfolio=False)\n"
            "    print('%.2f' % o.writing['results.xlsx'])\n"
            "else:\n"
            "    if lib == 'xlsxwriter':\n"
            "        import xlsxwriter\n"
            "        wb = xlsxwriter.Workbook(str(Path(tmp) / 'x.xlsx'), {'constant_memory': True})\n"
            "        ws = wb.add_worksheet('Findings')\n"
            "        n = 0\n"
            "        def add(row):\n"
            "            global n\n"
            "            ws.write_row(n, 0, row); n += 1\n"
            "    else:\n"
            "        from openpyxl import Workbook\n"
            "        wb = Workbook(write_only=True)\n"
            "        ws = wb.create_sheet('Findings')\n"
            "        add = ws.append\n"
            "    spent = 0.0\n"
            "    for chunk in chunked(read_records(src), 64):\n"
            "        r = assess_chunk(chunk, ChunkOptions())\n"
            "        t0 = time.perf_counter()\n"
            "        for d in r.deals:\n"
            "            for row in csv.reader(io.StringIO(d.findings.decode())):\n"
            "                add(row)\n"
            "        spent += time.perf_counter() - t0\n"
            "    t0 = time.perf_counter()\n"
            "    wb.close() if lib == 'xlsxwriter' else wb.save(str(Path(tmp) / 'o.xlsx'))\n"
            "    print('%.2f' % (spent + time.perf_counter() - t0))\n"
            "line = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
            "print(int(line.split()[1]) / 1024, '%.2f' % (time.perf_counter() - t))\n")
        print(f"results.xlsx writers, the findings (risks and open questions) of {args.n} deals:")
        for lib in ("vetting", "xlsxwriter", "openpyxl"):
            done = subprocess.run([sys.executable, "-c", code, lib, str(src), tmp], capture_output=True, text=True)
            if done.returncode != 0:
                print(f"  {lib:10} failed: {done.stderr.strip().splitlines()[-1]}")
                continue
            writing, rest = done.stdout.split("\n", 1)
            hwm, total = rest.split()
            print(f"  {lib:10} writing {float(writing):6.2f} s of {float(total):6.2f} s in all; peak RSS {float(hwm):6.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
