"""How reading a deal scales with its number of records (no timed test: ratios printed, same run).

Reading (YAML parse, structure check, validation) must be linear in the number of records:
time per record stays flat from 1,000 to 16,000 KPIs with the cyclic collector off. With it on
(the second column), its full passes walk every object alive, so per-record time grows with the
document; a deal file is at most 5 MiB, which bounds that. Assessing is measured up to the bound
of 200 records per list (models.MAX_RECORDS); beyond it a deal is refused when validating. Past the
bound, deals built in memory (no validation) show that the rules themselves are linear in the records
too: a rule on every KPI that reads the other KPIs works each record's value out once per deal
(conditions.compile_eval, exists/none), and the engine names a firing's record by the id its text
starts with (engine._Echo).

    PYTHONPATH=src python benchmarks/input_scaling.py
"""
from __future__ import annotations

import gc
import json
import time
from pathlib import Path

from vetting.workflows.assess import assess
from vetting.model.loading import LoadedDeal, parse_text, validate
from vetting.model.models import MAX_RECORDS


def deal_text(n: int) -> str:
    lines = ["id: d1", "provider:", "  name: X", "kpis:"]
    lines += [f"  - {{id: k{i}, metric: gmv, target: 15, target_kind: growth_pct, period: month}}" for i in range(n)]
    return "\n".join(lines) + "\n"


def best(fn, repeat: int = 3, collect: bool = True) -> float:
    times = []
    for _ in range(repeat):
        if not collect:
            gc.disable()
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def read_only(text: str, suffix: str):
    data, lines = parse_text(text, "bench", suffix)
    kpis = data.pop("kpis")
    for i in range(0, len(kpis), MAX_RECORDS):  # validated in slices of the bound, as many deals
        validate({**data, "kpis": kpis[i:i + MAX_RECORDS]}, "bench", lines)


def main() -> None:
    print("reading (parse + structure check + validation), seconds per 1,000 records:")
    base = None
    for n in (1000, 2000, 4000, 8000, 16000):
        text = deal_text(n)
        as_json = json.dumps(parse_text(text, "b", ".yaml")[0])
        for suffix, body in ((".yaml", text), (".json", as_json)):
            t = best(lambda: read_only(body, suffix), collect=False)
            with_gc = best(lambda: read_only(body, suffix), repeat=1)
            per = t / n * 1000
            if suffix == ".yaml":
                base = base or per
            print(f"  {n:6d} records {suffix:5s} {t:7.3f} s  {per:.3f} s/1000  ratio to 1,000 YAML: {per / base:.2f}"
                  f"   (collector on: {with_gc / n * 1000:.3f} s/1000)")
    print("assessing, seconds per record:")
    first = None
    for n in (25, 50, 100, MAX_RECORDS):
        data, lines = parse_text(deal_text(n), "b", ".yaml")
        loaded: LoadedDeal = validate(data, "b", lines)
        assess(loaded)  # warm the engine
        t = best(lambda: assess(loaded), repeat=2)
        first = first or t / n
        print(f"  {n:4d} KPIs  {t:7.3f} s  {t / n * 1000:.2f} ms/record  ratio to 25: {t / n / first:.2f}")
    print("assessing past the bound (deals built in memory), seconds per record:")
    from vetting.model.models import Deal, Kpi, Provider

    first = None
    for n in (200, 800, 3200):
        kpis = [Kpi.model_validate({"id": f"k{i}", "metric": "gmv", "target": 15, "target_kind": "growth_pct",
                                    "period": "month"}) for i in range(n)]
        deal = Deal.model_construct(id="d", provider=Provider.model_validate({"name": "X"}), kpis=kpis, waivers=None)
        assess(deal)
        t = best(lambda: assess(deal), repeat=2)
        first = first or t / n
        print(f"  {n:4d} KPIs  {t:7.3f} s  {t / n * 1000:.2f} ms/record  ratio to 200: {t / n / first:.2f}")


if __name__ == "__main__":
    main()
