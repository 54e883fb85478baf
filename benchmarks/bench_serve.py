"""What the page's live request costs: `vetting serve`'s POST /d/<deal>/answers (form parsing, the
autosave, validation, the assessment with its negotiation path, the rendered panel, over HTTP on
127.0.0.1) against plain ``assess()`` of the same deal in this process, over the bundled fixtures.

    python benchmarks/bench_serve.py                 # 5 rounds over the 15 bundled deals
    python benchmarks/bench_serve.py --rounds 10 --lang zh

Every round after the first changes one yes/no answer of each deal, so each request is a real
re-assessment (the server answers a request with unchanged answers from what it kept).

Starts `vetting serve --port 0 --no-browser` with a temporary --data folder, stops it with Ctrl-C.
Prints the median and 95th percentile of each, in milliseconds of wall time, and their ratio, and
the CPU time each takes (the server process's, read from /proc, over all requests): on a shared
machine wall time swings with the load, CPU time much less. The target: the request's 95th
percentile at about 100 ms or less.
"""
from __future__ import annotations

import argparse
import os
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
# Each round after the first changes one answer of every deal (as a seller does between two requests),
# so every request is a real re-assessment: the server keeps the panel of answers it has just seen.
CHANGES = ("contract.auto_renewal.present", "contract.written", "data_access.raw_data_export",
           "fees.refundable_on_exit", "contract.termination.for_convenience", "governance.weekly_meeting")


def changed(pairs: list[tuple[str, str]], round_: int) -> list[tuple[str, str]]:
    """The answers with round ``round_``'s change: a yes/no flipped (or given when unknown)."""
    if round_ == 0:
        return pairs
    name = CHANGES[(round_ - 1) % len(CHANGES)]
    now = dict(pairs).get(name)
    return [(n, v) for n, v in pairs if n != name] + [(name, "false" if now == "true" else "true")]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--lang", choices=("en", "zh"), default="en")
    args = ap.parse_args()

    from vetting.model.loading import load_deal, validate
    from vetting.web import formdata
    from vetting.web.store import deal_data
    from vetting.workflows.assess import assess

    paths = sorted((ROOT / "fixtures").glob("*.yaml")) + sorted((ROOT / "fixtures" / "compare").glob("*.yaml"))
    loaded = [load_deal(p) for p in paths]
    pairs = [serving.fixture_pairs(deal_data(d.deal)) for d in loaded]
    rounds = []  # per round: (deal as assess() gets it, request body) of every deal
    for r in range(args.rounds):
        each = [changed(p, r) for p in pairs]
        rounds.append([(validate(formdata.read(p).data, str(path)), urlencode(p)) for p, path in zip(each, paths)])
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
            server.request("POST", urls[0], rounds[0][0][1], headers)
            request_ms, assess_ms = [], []
            assess_cpu = 0.0
            server_cpu = -cpu_seconds(server.proc.pid)
            for deals in rounds:
                for (d, body), url in zip(deals, urls):
                    start, cpu = time.perf_counter(), time.process_time()
                    assess(d, lang=args.lang, today=today)
                    assess_ms.append((time.perf_counter() - start) * 1000)
                    assess_cpu += time.process_time() - cpu
                    start = time.perf_counter()
                    status, _, reply = server.request("POST", url, body, headers)
                    request_ms.append((time.perf_counter() - start) * 1000)
                    assert status == 200 and b"data-testid" in reply, reply[:200]
            server_cpu += cpu_seconds(server.proc.pid)
        finally:
            server.stop()
    n = len(request_ms)
    print(f"{n} requests ({len(paths)} deals x {args.rounds} rounds, lang {args.lang})")
    for name, values in (("POST answers (HTTP, panel)", request_ms), ("assess() in process", assess_ms)):
        print(f"  {name:28} median {statistics.median(values):7.1f} ms   p95 {pct(values, 95):7.1f} ms")
    print(f"  ratio request / assess(): median {statistics.median(request_ms) / statistics.median(assess_ms):.2f}x, "
          f"p95 {pct(request_ms, 95) / pct(assess_ms, 95):.2f}x")
    print(f"  CPU time per deal (not slowed by other processes): server {server_cpu / n * 1000:.1f} ms a request, "
          f"assess() {assess_cpu / n * 1000:.1f} ms a call ({server_cpu / assess_cpu:.2f}x)")
    print(f"  target p95 <= 100 ms: {'met' if pct(request_ms, 95) <= 100 else 'NOT met'} "
          f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
