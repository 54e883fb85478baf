"""What an earlier version of ``vetting scan``'s patterns proposed for some dev contracts: the first-sight reading of a
blind batch, for ``benchmarks/train_scan_model.py --cv --first-sight``.

    python benchmarks/scan_first_sight.py fb663b5 d64,d65,d66,d67,d68 -o /tmp/first_fb663b5.json

COMMIT's ``src``, ``rules`` and ``report_templates`` (``git archive``) are unpacked in a temporary folder and run there
on today's ``tests/scan_corpus/dev`` contracts whose names start with PREFIXES; the JSON holds, per contract, the
proposals (field, value, confidence, quote) and the fields the scan named in a note instead (unsure, not in the
format). The freeze commits of the blind batches: ce21ca7 (d44–d48), 7701a05 (d49–d53), ed495ec (d54–d63),
fb663b5 (d64–d68), 35dc006 (d69–d74).
"""
from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "scan_corpus" / "dev"

DUMP = r"""
import glob, json, sys
from pathlib import Path
import yaml
from vetting.intake.proposals import propose
from vetting.intake.scan import read_contract
out = {}
for pref in sys.argv[3].split(","):
    for f in sorted(glob.glob(f"{sys.argv[2]}/{pref}-*.labels.yaml")):
        doc = yaml.safe_load(open(f, encoding="utf-8"))
        reading = read_contract([str(Path(f).parent / doc["contract"])])
        ps = propose(reading)
        unsure = [v["field"] for k, v in reading.notes if isinstance(v, dict) and k in ("unsure", "not_in_model")]
        out[doc["contract"]] = {"proposals": [{"field": p.field, "value": p.value, "confidence": p.confidence,
                                               "quote": p.quote} for p in ps], "unsure": unsure}
Path(sys.argv[1]).write_text(json.dumps(out, ensure_ascii=False, default=str), encoding="utf-8")
print(sys.argv[1], len(out), "contracts")
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("commit")
    ap.add_argument("prefixes", help="comma-separated contract name prefixes, e.g. d64,d65")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.commit, "src", "rules", "report_templates"],
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src")}
        return subprocess.run([sys.executable, "-c", DUMP, str(Path(args.output).resolve()), str(DEV), args.prefixes],
                              cwd=tmp, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
