"""Train the optional model reading of ``vetting scan`` (intake/model.py) and measure it by grouped cross-validation.

    python benchmarks/train_scan_model.py             # fit on every dev contract, write intake/model_data/scan_model.npz
    python benchmarks/train_scan_model.py --check     # fit again and say whether the shipped file is what it makes
    python benchmarks/train_scan_model.py --cv        # grouped 10-fold CV by contract on dev: patterns vs patterns+model
    python benchmarks/train_scan_model.py --cv --only d69,d70   # CV, scoring only these contracts
    python benchmarks/train_scan_model.py --shipped --only d69,d70   # these contracts with the shipped weights (first sight)

Only ``tests/scan_corpus/dev`` is read; the held-out part is never opened. Everything is deterministic (no
randomness: the folds are the sorted contracts dealt round-robin, the weights are closed-form counts).

Training data, per dev contract: the sentences as the patterns read them (``proposals.model_items``); a sentence is a
positive of a field when a label of that field quotes it (the quote normalised as the contract's text is), every
other sentence is a negative of that field (the contract's traps are among them).

- Topic weights per field: naive-Bayes log-count ratios over the binary n-grams of ``model.grams`` that occur in at
  least two training sentences, smoothed by ALPHA, the TOPIC_KEEP largest in magnitude kept.
- Value weights per yes/no or enum field: the same ratios, one value against the field's other values, over the
  field's positive sentences.
- Thresholds per field: an inner grouped 5-fold CV on the training contracts scores each held-out contract's best
  sentence; the threshold is the lowest score at which the model's own proposals of that field (right when the value
  equals a label's, wrong otherwise, a contract without the field included) reach PRECISION with at least MIN_RIGHT
  right ones; a field that never does gets no threshold (never proposed).

In ``--cv`` each contract is read by a model fitted (weights and thresholds) without it; the figures are scored as
benchmarks/bench_scan.py scores (``same``: a label is found when a proposal has its field and value).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scan import same  # noqa: E402
from vetting.intake import model as M  # noqa: E402
from vetting.intake.normalize import normalize  # noqa: E402
from vetting.intake.proposals import ACCEPT_THRESHOLD, model_items, propose  # noqa: E402
from vetting.intake import readers  # noqa: E402
from vetting.intake import scan as scan_module  # noqa: E402
from vetting.intake.scan import read_contract  # noqa: E402

DEV = ROOT / "tests" / "scan_corpus" / "dev"
ALPHA = 0.5
TOPIC_KEEP = 600
VALUE_KEEP = 200
PRECISION = 0.97
MIN_RIGHT = 3
OUTER, INNER = 10, 5
USE_WORDINGS = False  # --wordings: also train on the wording tests' clauses (an experiment: docs/scan.md)


@dataclass
class Contract:
    name: str
    reading: object
    items: list  # (text, heading) per sentence
    labels: list  # the label file's labels
    positive: dict  # field → {sentence index its label quotes: the label's value}
    patterns: list | None = None  # propose() with the patterns alone


def corpus_fingerprint(folder: Path) -> str:
    """sha256 of the labelled contracts the weights are fitted on (every file of the dev corpus but build.py, by name)."""
    h = hashlib.sha256()
    for f in sorted(folder.iterdir()):
        if f.is_file() and f.name != "build.py" and not f.name.endswith(".src.html"):
            h.update(f.name.encode("utf-8") + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def load_contracts(only: set[str] | None = None) -> list[Contract]:
    out = []
    for f in sorted(DEV.glob("*.labels.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        if only and not any(doc["contract"].startswith(o) for o in only):
            continue
        reading = read_contract([str(f.parent / doc["contract"])])
        sents, items = model_items(reading)
        keys = [_squash(s.text) for s in sents]
        positive: dict[str, dict[int, object]] = defaultdict(dict)
        for lb in doc.get("labels") or []:
            if lb["field"] not in M.FIELDS:
                continue
            q = _squash(normalize(str(lb.get("quote") or ""), soft=True).norm)
            for i, k in enumerate(keys):
                if len(k) >= 4 and q and (k in q or q in k):
                    positive[lb["field"]].setdefault(i, lb["value"])
        out.append(Contract(doc["contract"], reading, items, doc.get("labels") or [], dict(positive)))
    return out


WORDING_TESTS = (("test_scan_wording_terms", "CASES"), ("test_scan_wording_money", "CASES"), ("test_scan_clauses", "CASES"),
                 ("test_scan_clauses", "WORDINGS"))


def load_wordings(tmp: Path) -> list[Contract]:
    """The wording tests' clauses (tests/test_scan_wording_*.py, test_scan_clauses.py) as small training contracts: the
    clause's sentences (not the shared header, a sentence repeated in five cases or more) are positives of the fields the
    case wants, with its value; a field the case lists as absent is a negative there (every other sentence is)."""
    import importlib

    sys.path.insert(0, str(ROOT / "tests"))
    cases = [c for mod, name in WORDING_TESTS for c in getattr(importlib.import_module(mod), name)]
    read = []
    isolated = scan_module.read_isolated
    scan_module.read_isolated = lambda path: readers.read(path, path.read_bytes())  # our own test strings: in process
    try:
        for n, (_, text, want, _) in enumerate(cases):
            f = tmp / f"w{n:04d}.txt"
            f.write_text(text, encoding="utf-8")
            reading = read_contract([str(f)])
            read.append((reading, *model_items(reading), want))
    finally:
        scan_module.read_isolated = isolated
    common = Counter(t for _, sents, _, _ in read for t in {s.text for s in sents})
    out = []
    for n, (reading, sents, items, want) in enumerate(read):
        clause = [i for i, s in enumerate(sents) if common[s.text] < 5 and s.text.strip() != s.heading.strip()]
        positive = {f: {i: v for i in clause} for f, v in want.items() if f in M.FIELDS}
        out.append(Contract(f"wording-{n}", reading, items, [], positive))
    return out


def _value_name(v) -> str:
    return "true" if v is True else "false" if v is False else str(v)


def fit(train: list[Contract], thresholds: np.ndarray | None = None) -> dict:
    """Weights (and, unless given, thresholds by the inner CV) from the training contracts."""
    fields = list(M.FIELDS)
    sent_grams = [M.grams(t, h) for c in train for t, h in c.items]
    df = Counter(g for gs in sent_grams for g in gs)
    vocab = sorted(g for g, n in df.items() if n >= 2)
    index = {g: i for i, g in enumerate(vocab)}
    rows = [np.array(sorted(index[g] for g in gs if g in index), dtype=np.int64) for gs in sent_grams]
    V, F = len(vocab), len(fields)
    owner = [(ci, i) for ci, c in enumerate(train) for i in range(len(c.items))]
    Y = np.zeros((len(rows), F), dtype=bool)
    flat = {(ci, i): n for n, (ci, i) in enumerate(owner)}
    for ci, c in enumerate(train):
        for field, idx in c.positive.items():
            for i in idx:
                Y[flat[(ci, i)], fields.index(field)] = True
    lengths = np.array([len(r) for r in rows])
    indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    row_of = np.repeat(np.arange(len(rows)), lengths)
    total = np.bincount(indices, minlength=V).astype(float)
    topic = np.zeros((V, F))
    bias = np.zeros(F)
    for j in range(F):
        y = Y[:, j]
        if y.sum() == 0:
            bias[j] = -1e9
            continue
        p = ALPHA + np.bincount(indices, weights=y[row_of].astype(float), minlength=V)
        q = ALPHA + (total - (p - ALPHA))
        r = np.log(p / p.sum()) - np.log(q / q.sum())
        keep = np.argsort(-np.abs(r), kind="stable")[:TOPIC_KEEP]
        topic[keep, j] = r[keep]
        bias[j] = np.log(y.sum() / (len(y) - y.sum()))
    # value weights: per class field, each value against the field's other values, over its positives
    value_fields, value_names, value_cols, value_b = [], [], [], []
    for j, field in enumerate(fields):
        if M.FIELDS[field] != "class":
            continue
        vals: dict[str, list[int]] = defaultdict(list)
        for ci, c in enumerate(train):
            for i, v in sorted(c.positive.get(field, {}).items()):
                vals[_value_name(v)].append(flat[(ci, i)])
        if not vals:
            continue
        all_pos = sorted({n for ns in vals.values() for n in ns})
        for name in sorted(vals):
            mine = np.zeros(len(rows), dtype=bool)
            mine[vals[name]] = True
            others = np.zeros(len(rows), dtype=bool)
            others[[n for n in all_pos if n not in set(vals[name])]] = True
            col = np.zeros(V)
            if len(vals) > 1:
                p = ALPHA + np.bincount(indices, weights=mine[row_of].astype(float), minlength=V)
                q = ALPHA + np.bincount(indices, weights=others[row_of].astype(float), minlength=V)
                r = np.log(p / p.sum()) - np.log(q / q.sum())
                keep = np.argsort(-np.abs(r), kind="stable")[:VALUE_KEEP]
                col[keep] = r[keep]
            value_fields.append(field)
            value_names.append(name)
            value_cols.append(col)
            value_b.append(np.log(mine.sum() / max(1, others.sum())) if len(vals) > 1 else 0.0)
    value_w = np.stack(value_cols, axis=1) if value_cols else np.zeros((V, 0))
    used = np.flatnonzero((topic != 0).any(axis=1) | (value_w != 0).any(axis=1))
    weights = {
        "vocab": np.array([vocab[i] for i in used]), "fields": np.array(fields),
        "topic": topic[used].astype(np.float32), "bias": bias.astype(np.float32),
        "thresholds": np.full(F, np.inf, dtype=np.float32),
        "value_fields": np.array(value_fields), "value_names": np.array(value_names),
        "value_w": value_w[used].astype(np.float32), "value_b": np.array(value_b, dtype=np.float32),
    }
    if thresholds is None:
        thresholds = choose_thresholds(train)
    weights["thresholds"] = thresholds.astype(np.float32)
    return weights


def as_model(w: dict) -> M.Model:
    return M.Model([str(v) for v in w["vocab"]], [str(f) for f in w["fields"]], w["topic"].astype(np.float64),
                   w["bias"].astype(np.float64), w["thresholds"].astype(np.float64), [str(f) for f in w["value_fields"]],
                   [str(v) for v in w["value_names"]], w["value_w"].astype(np.float64), w["value_b"].astype(np.float64))


def folds(contracts: list[Contract], k: int) -> list[list[int]]:
    return [[i for i in range(len(contracts)) if i % k == f] for f in range(k)]


def labelled(c: Contract, field: str) -> list:
    return [lb["value"] for lb in c.labels if lb["field"] == field]


def choose_thresholds(train: list[Contract]) -> np.ndarray:
    fields = list(M.FIELDS)
    extra = [c for c in train if c.name.startswith("wording-")]  # always trained on, never scored
    train = [c for c in train if not c.name.startswith("wording-")]
    seen: dict[str, list] = defaultdict(list)  # field → (best two, labelled values) per held-out contract
    for fold in folds(train, INNER):
        w = fit([c for i, c in enumerate(train) if i not in fold] + extra, thresholds=np.zeros(len(fields)))
        model = as_model(w)
        for i in fold:
            c = train[i]
            for field, best in M.ranked(model, c.items).items():
                seen[field].append((best, labelled(c, field)))
    out = np.full(len(fields), np.inf)
    for j, field in enumerate(fields):
        cands = sorted({b[0][0] for b, _ in seen[field] if b}, reverse=True)
        chosen = np.inf
        for t in cands:
            right = wrong = 0
            for best, values in seen[field]:
                got = M.decide(best, t)
                if got is None:
                    continue
                if any(same(field, got[0], v) for v in values):
                    right += 1
                else:
                    wrong += 1
            if right >= MIN_RIGHT and right / (right + wrong) >= PRECISION:
                chosen = t
        out[j] = chosen
    return out


# ---------------------------------------------------------------- cross-validation

def score(c: Contract, proposals, scored: set[str]):
    props = [p for p in proposals if p.field in scored]
    rows = [(p, any(lb["field"] == p.field and same(p.field, p.value, lb["value"]) for lb in c.labels)) for p in props]
    found = [any(p.field == lb["field"] and same(p.field, p.value, lb["value"]) for p in props) for lb in c.labels]
    return rows, found


def report(title: str, results: list[tuple[Contract, list, list]]) -> dict:
    props = [r for _, rows, _ in results for r in rows]
    good = sum(g for _, g in props)
    labels = sum(len(f) for _, _, f in results)
    found = sum(sum(f) for _, _, f in results)
    conf = [(p, g) for p, g in props if p.confidence >= ACCEPT_THRESHOLD]
    model_only = [(p, g) for p, g in props if p.note == "model"]
    print(f"{title}: {len(results)} contracts, {labels} labels, {len(props)} proposals")
    print(f"  precision {good / max(1, len(props)):.3f} ({good}/{len(props)})   recall {found / max(1, labels):.3f} "
          f"({found}/{labels})   pre-accepted {sum(g for _, g in conf)}/{len(conf)}"
          + (f"   model-only proposals {sum(g for _, g in model_only)}/{len(model_only)} right" if model_only else ""))
    return {"labels": labels, "found": found, "proposals": len(props), "good": good}


def per_field(a: list, b: list) -> None:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    for (c, rows_a, found_a), (_, rows_b, found_b) in zip(a, b):
        for lb, fa, fb in zip(c.labels, found_a, found_b):
            t = table[lb["field"].split(".")[0] + ".*" if lb["field"].startswith("kpis[") else lb["field"]]
            t[0] += 1
            t[1] += fa
            t[2] += fb
        for rows, k in ((rows_a, 3), (rows_b, 5)):
            for p, g in rows:
                t = table["kpis[*]" if p.field.startswith("kpis[") else p.field]
                t[k] += 1
                t[k + 1] += not g
    print("\nper field: labels | found by patterns, by patterns+model | proposals (false) patterns, patterns+model")
    for name in sorted(table):
        n, fa, fb, pa, wa, pb, wb = table[name]
        mark = "  <" if (fb, pb) != (fa, pa) else ""
        print(f"  {name:48s} {n:3d} | {fa:3d} {fb:3d} | {pa:3d} ({wa}) {pb:3d} ({wb}){mark}")


def cross_validate(contracts: list[Contract], only: set[str] | None, first_sight: dict | None = None,
                   verbose: bool = False, wordings: list[Contract] | None = None) -> None:
    """``first_sight``: contract → what an earlier version of the patterns proposed for it before they were widened on it
    (``--first-sight``, a JSON file per frozen batch: see docs/scan.md); those contracts are scored a second time with
    those proposals in place of today's, the model's readings added where they proposed nothing."""
    scored = {lb["field"] for c in contracts for lb in c.labels}
    base, with_model, alone = [], [], defaultdict(lambda: [0, 0, 0])
    old, old_model = [], []
    targets = [i for i, c in enumerate(contracts) if not only or any(c.name.startswith(o) for o in only)]
    for k, fold in enumerate(folds(contracts, OUTER)):
        test = [i for i in fold if i in targets]
        if not test:
            continue
        w = fit([c for i, c in enumerate(contracts) if i not in fold] + (wordings or []))
        model = as_model(w)
        on = [f for f, t in zip(w["fields"], w["thresholds"]) if np.isfinite(t)]
        print(f"fold {k + 1}/{OUTER}: {len(test)} contracts, {len(on)} fields with a threshold", file=sys.stderr)
        for i in test:
            c = contracts[i]
            pa = propose(c.reading)
            pb = propose(c.reading, reading_mode="model", model=model)
            base.append((c, *score(c, pa, scored)))
            if first_sight and c.name in first_sight:
                was = first_sight[c.name]
                props = [SimpleNamespace(note="", **p) for p in was["proposals"]]
                taken = {p.field for p in props} | set(was.get("unsure", []))
                added = [SimpleNamespace(field=f, value=v, confidence=conf, note="model")
                         for f, (v, _, conf) in M.readings(model, c.items).items() if f not in taken]
                old.append((c, *score(c, props, scored)))
                if verbose:
                    sents = c.items
                    for f, (v, i, conf) in M.readings(model, c.items).items():
                        if f not in taken:
                            ok = any(same(f, v, x) for x in labelled(c, f))
                            print(f"  {'RIGHT' if ok else 'WRONG'} {c.name[:4]} {f} = {v!r} (labels {labelled(c, f)}) "
                                  f"conf {conf}: {sents[i][0][:110]}", file=sys.stderr)
                old_model.append((c, *score(c, props + added, scored)))
            with_model.append((c, *score(c, pb, scored)))
            for field, (value, _, _) in M.readings(model, c.items).items():  # the model alone, without the patterns
                right = any(same(field, value, v) for v in labelled(c, field))
                alone[field][0] += 1
                alone[field][1] += right
            for field in {lb["field"] for lb in c.labels if lb["field"] in M.FIELDS}:
                alone[field][2] += 1
    print()
    report("patterns alone", base)
    report("patterns + model", with_model)
    n = sum(v[0] for v in alone.values())
    r = sum(v[1] for v in alone.values())
    lab = sum(v[2] for v in alone.values())
    print(f"model alone (fields it may read): {n} proposals, precision {r / max(1, n):.3f} ({r}/{n}), "
          f"recall {r / max(1, lab):.3f} ({r}/{lab} contracts×fields labelled)")
    per_field(base, with_model)
    if old:
        print(f"\nfirst sight ({len(old)} contracts: the patterns as they were when each was frozen)")
        report("patterns alone, first sight", old)
        report("patterns + model, first sight", old_model)
        per_field(old, old_model)


def shipped(only: set[str] | None) -> None:
    """The contracts (``--only``, e.g. a fresh blind batch) read with the shipped weights, patterns alone vs patterns+model."""
    contracts = load_contracts(only)
    scored = {lb["field"] for c in load_contracts_labels() for lb in c}
    model = M.load()
    base = [(c, *score(c, propose(c.reading), scored)) for c in contracts]
    both = [(c, *score(c, propose(c.reading, reading_mode="model", model=model), scored)) for c in contracts]
    report("patterns alone", base)
    report("patterns + model (shipped weights)", both)
    for c, rows, _ in both:
        for p, g in rows:
            if p.note == "model":
                print(f"  {'RIGHT' if g else 'WRONG'} {c.name[:4]} {p.field} = {p.value!r} (labels {labelled(c, p.field)}): "
                      f"{p.normalized[:110]}")
    per_field(base, both)


def load_contracts_labels() -> list[list]:
    return [yaml.safe_load(f.read_text(encoding="utf-8")).get("labels") or [] for f in sorted(DEV.glob("*.labels.yaml"))]


def _wordings() -> list[Contract]:
    import tempfile

    if not USE_WORDINGS:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        return load_wordings(Path(tmp))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--wordings", action="store_true", help="also train on the wording tests' clauses (slower; an experiment)")
    ap.add_argument("--shipped", action="store_true", help="score the --only contracts with the shipped weights (no training)")
    ap.add_argument("--verbose", action="store_true", help="print each first-sight model reading with its sentence")
    ap.add_argument("--first-sight", default="", help="JSON files (comma-separated) of an earlier version's proposals")
    ap.add_argument("-o", "--output", default=str(M.DATA))
    args = ap.parse_args()
    global USE_WORDINGS
    USE_WORDINGS = args.wordings
    only = {o.strip() for o in args.only.split(",") if o.strip()} or None
    if args.shipped:
        shipped(only)
        return 0
    if args.cv:
        first = {}
        for f in filter(None, args.first_sight.split(",")):
            first.update(json.loads(Path(f).read_text(encoding="utf-8")))
        cross_validate(load_contracts(), only, first, args.verbose, _wordings())
        return 0
    contracts = load_contracts()
    w = fit(contracts + _wordings())
    w["corpus"] = np.array([corpus_fingerprint(DEV)])
    if args.check:
        with np.load(M.DATA, allow_pickle=False) as z:
            ok = all(np.array_equal(z[k], w[k]) for k in w)
        print("shipped weights are what the script makes" if ok else "shipped weights differ: run the script")
        return 0 if ok else 1
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    M.save(Path(args.output), w)
    on = [f for f, t in zip(w["fields"], w["thresholds"]) if np.isfinite(t)]
    print(f"{args.output}: {len(w['vocab'])} n-grams, {len(on)} of {len(w['fields'])} fields with a threshold: {', '.join(on)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
