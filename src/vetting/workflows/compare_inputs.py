"""What `vetting compare` is given, read before anything is assessed: the deals' keys and currencies
(refused when they do not match), and the GMV scenarios (``--gmv``, ``--rank-at``) with their weights."""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ..text.tables import Texts
from ..decide.costs import ScenarioError, parse_scenario
from ..io.errors import InputError, Problem
from ..model.loading import LoadedDeal

MAX_WEIGHT = 1000  # of a scenario (--gmv +30%@W)
DEFAULT_SCENARIOS = ("-20%", "+30%")  # without --gmv, when the current GMV is known


@dataclass(frozen=True)
class Scenario:
    label: str  # "current", "-20%", "600,000"
    monthly_gmv: float
    weight: float


def num(x) -> str:
    """1234567 -> '1,234,567'; 1.5 -> '1.5'; None -> '—'."""
    if x is None:
        return "—"
    x = float(x)
    if abs(x) >= 100:
        x = round(x)
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


def _keys(loaded: list[LoadedDeal], s: Texts) -> tuple[list[str], list[str | None], list[str]]:
    """A key per deal; two files with the same deal id are versions, labelled by as_of or file name."""
    ids = [ld.deal.id for ld in loaded]
    keys: list[str] = list(ids)
    versions: list[str | None] = [None] * len(loaded)
    notes: list[str] = []
    problems = []
    seen_paths: dict[str, str] = {}
    for ld in loaded:
        path = str(Path(ld.source).resolve())
        if path in seen_paths:
            problems.append(Problem(ld.source, "", s("err_same_file")))
        seen_paths[path] = ld.source
    if problems:
        raise InputError(problems)
    for deal_id in dict.fromkeys(ids):
        idx = [i for i, x in enumerate(ids) if x == deal_id]
        if len(idx) < 2:
            continue
        dates = [str(loaded[i].deal.as_of) if loaded[i].deal.as_of else None for i in idx]
        names = [Path(loaded[i].source).name for i in idx]
        if None not in dates and len(set(dates)) == len(dates):
            labels = dates
        elif len(set(names)) == len(names):
            labels = names
        else:
            labels = [loaded[i].source for i in idx]
        for i, label in zip(idx, labels):
            versions[i] = label
            keys[i] = f"{deal_id} ({label})"
        notes.append(s("note_versions", id=deal_id, versions=", ".join(labels)))
    return keys, versions, notes


def _mismatches(deals, keys: list[str], s: Texts) -> list[str]:
    """Warnings when the proposals are not for the same seller or the same store size (GMVs converted
    to one currency count as the same within 1 %: the rate table is approximate)."""
    out = []
    sellers = [(k, d.seller.name.strip()) for k, d in zip(keys, deals) if d.seller is not None and d.seller.name]
    if len({n.casefold() for _, n in sellers}) > 1:
        out.append(s("warn_sellers", list=s("item_sep").join(s("pair", k=k, v=n) for k, n in sellers)))
    gmvs = [(k, d.seller.monthly_gmv) for k, d in zip(keys, deals)
            if d.seller is not None and d.seller.monthly_gmv is not None]
    if gmvs and max(g for _, g in gmvs) > 1.01 * min(g for _, g in gmvs):
        out.append(s("warn_gmv", list=s("item_sep").join(s("pair", k=k, v=num(g)) for k, g in gmvs),
                                        gmv=num(gmvs[0][1]), deal=gmvs[0][0]))
    return out


def _default(gmv, current: float | None):
    if gmv is not None:
        return gmv
    return DEFAULT_SCENARIOS if current is not None else ()


def _split_weight(text: str) -> tuple[str, float]:
    """'+30%@2' -> ('+30%', 2.0); no '@' -> weight 1."""
    body, at, weight = text.partition("@")
    if not at:
        return text, 1.0
    try:
        w = float(weight)
    except ValueError:
        w = -1.0
    if not math.isfinite(w) or not 0 <= w <= MAX_WEIGHT:  # 1e308 overflows the weighted mean
        raise ScenarioError("weight")
    return body, w


def _gmv_of(text: str, current: float | None) -> tuple[str, float]:
    if text.strip().lower() == "current":
        if current is None:
            raise ScenarioError("no_current")
        return "current", current
    return parse_scenario(text, current)


def _scenarios(current: float | None, gmv, rank_at: str | None, s: Texts) -> tuple[list[Scenario], str | None]:
    """The current GMV (when known), then each --gmv scenario, then --rank-at if it is a new one."""
    out: dict[str, Scenario] = {}
    if current is not None:
        out["current"] = Scenario("current", current, 1.0)

    def problem(option: str, e: ScenarioError) -> InputError:
        return InputError([Problem(option, "", s(f"err_scenario_{e.key}"))])

    for text in gmv:
        try:
            body, w = _split_weight(text)
            label, value = _gmv_of(body, current)
        except ScenarioError as e:
            raise problem(f"--gmv {text}", e) from None
        out[label] = Scenario(label, value, w)
    at = None
    if rank_at is not None:
        try:
            at, value = _gmv_of(rank_at, current)
        except ScenarioError as e:
            raise problem(f"--rank-at {rank_at}", e) from None
        out.setdefault(at, Scenario(at, value, 0.0))
    if out and rank_at is None and sum(x.weight for x in out.values()) == 0:
        raise InputError([Problem("--gmv", "", s("err_weights_zero"))])
    return list(out.values()), at
