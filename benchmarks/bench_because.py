"""What the "because" line under each finding costs a batch with reports.

    python benchmarks/bench_because.py                      # 300 synthetic deals, md reports, 3 rounds
    python benchmarks/bench_because.py -n 1000 --format html --lang zh

The batch makes the Assessment and renders a report for every deal when asked for reports
(batch/core.py: ``render(assessment(d, lang), fmt)``). This times exactly that step on the same
decided deals, alternating rounds with the because line on and off (``api.Because`` replaced by
one that returns ""), and prints per-deal CPU times (process time: on a shared machine wall time
swings by a third between rounds) and the ratio with / without (the median of the per-round
ratios; the rounds alternate so a slow minute hits both).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import synthetic_deals  # noqa: E402


class _Off:
    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, outcome) -> str:
        return ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=300, help="number of synthetic deals")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--format", choices=("md", "html", "json"), default="md")
    ap.add_argument("--lang", choices=("en", "zh"), default="en")
    args = ap.parse_args()

    from vetting.workflows import assess as api
    from vetting.model.models import Deal
    from vetting.outputs.report import render

    deals = [Deal.model_validate(d) for d in synthetic_deals(args.n)]
    decisions = [d for d in api.decide_many(deals) if isinstance(d, api.Decision)]
    real = api.Because

    def one_round(because) -> tuple[float, float]:
        """(seconds to decide the deals, seconds to make their assessments and reports)"""
        api.Because = because
        try:
            start = time.process_time()
            api.decide_many(deals)
            mid = time.process_time()
            for d in decisions:
                render(api.assessment(d, args.lang), args.format)
            return mid - start, time.process_time() - mid
        finally:
            api.Because = real

    one_round(real)  # warm: templates compiled, tables read
    on, off = [], []
    for _ in range(args.rounds):
        off.append(one_round(_Off))
        on.append(one_round(real))
    lines = sum(1 for d in decisions for f in api.assessment(d, args.lang).findings if f.because)
    per = 1000 / len(decisions)
    print(f"{len(decisions)} deals, {args.format} reports in {args.lang}, {lines / len(decisions):.1f} because lines a deal")
    print(f"decide (engine, scoring):  {statistics.median(d for d, _ in off + on) * per:.2f} ms/deal")
    print(f"report without because:    {statistics.median(r for _, r in off) * per:.2f} ms/deal (assessment + render)")
    print(f"report with because:       {statistics.median(r for _, r in on) * per:.2f} ms/deal")
    print(f"ratio with / without, report step:       {statistics.median(a[1] / b[1] for a, b in zip(on, off)):.3f}")
    print(f"ratio with / without, decide + report:   {statistics.median(sum(a) / sum(b) for a, b in zip(on, off)):.3f}")


if __name__ == "__main__":
    main()
