"""What the page's live request costs: `vetting serve`'s POST /d/<deal>/answers (form parsing, the
autosave, validation, the assessment with its negotiation path, the rendered panel, over HTTP on
127.0.0.1) against plain ``assess()`` of the same deal in this process, over the bundled fixtures.

    python benchmarks/bench_serve.py                 # 5 rounds over the 15 bundled deals
    python benchmarks/bench_serve.py --rounds 10 --lang zh

Starts `vetting serve --port 0 --no-browser` with a temporary --data folder, stops it with Ctrl-C.
Prints the median and 95th percentile of each, in milliseconds of wall time, and their ratio. The
target: the request's 95th percentile at about 100 ms or less.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import serving  # noqa: E402  (tests/serving.py: the server started as a user starts it)

TODAY = "2026-01-20"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--lang", choices=("en", "zh"), default="en")
    args = ap.parse_args()

    from vetting.model.loading import load_deal
    from vetting.web.store import deal_data
    from vetting.workflows.assess import assess

    paths = sorted((ROOT / "fixtures").glob("*.yaml")) + sorted((ROOT / "fixtures" / "compare").glob("*.yaml"))
    loaded = [load_deal(p) for p in paths]
    bodies = [urlencode(serving.fixture_pairs(deal_data(d.deal))) for d in loaded]
    today = dt.date.fromisoformat(TODAY)
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        server = serving.start(*map(str, paths), "--data", str(Path(tmp) / "data"), "--today", TODAY, cwd=tmp)
        try:
            page = server.request("GET", "/")[2].decode()
            import re

            slots = dict((o, s) for s, o in re.findall(r'data-slot="([^"]+)" data-origin="([^"]*)"', page))
            urls = [f"/d/{slots[str(p.resolve())]}/answers?lang={args.lang}" for p in paths]
            headers = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": server.csrf_token}
            for d in loaded:  # warm both sides: the rule set compiled, templates loaded
                assess(d, lang=args.lang, today=today)
            server.request("POST", urls[0], bodies[0], headers)
            request_ms, assess_ms = [], []
            for _ in range(args.rounds):
                for d, url, body in zip(loaded, urls, bodies):
                    start = time.perf_counter()
                    assess(d, lang=args.lang, today=today)
                    assess_ms.append((time.perf_counter() - start) * 1000)
                    start = time.perf_counter()
                    status, _, reply = server.request("POST", url, body, headers)
                    request_ms.append((time.perf_counter() - start) * 1000)
                    assert status == 200 and b"data-testid" in reply, reply[:200]
        finally:
            server.stop()
    n = len(request_ms)
    print(f"{n} requests ({len(paths)} deals x {args.rounds} rounds, lang {args.lang})")
    for name, values in (("POST answers (HTTP, panel)", request_ms), ("assess() in process", assess_ms)):
        print(f"  {name:28} median {statistics.median(values):7.1f} ms   p95 {pct(values, 95):7.1f} ms")
    print(f"  ratio request / assess(): median {statistics.median(request_ms) / statistics.median(assess_ms):.2f}x, "
          f"p95 {pct(request_ms, 95) / pct(assess_ms, 95):.2f}x")
    print(f"  target p95 <= 100 ms: {'met' if pct(request_ms, 95) <= 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
