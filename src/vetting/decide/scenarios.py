"""The GMV scenarios of a comparison: a --gmv text read as a monthly GMV, and where two cost curves cross."""
from __future__ import annotations

import math

# `Curve` in the annotations is vetting.decide.costs.Curve; costs imports this module, so it is named, not imported


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


MAX_GMV = 1e12  # as a deal's money fields (model.models.MAX_MONEY): beyond it costs overflow


class ScenarioError(ValueError):
    """A --gmv text that cannot be used; ``key`` names its message in the comparison's string tables
    (``err_scenario_<key>``, worded by ``workflows.compare_inputs``)."""

    def __init__(self, key: str):
        super().__init__(f"err_scenario_{key}")
        self.key = key


def parse_scenario(text: str, current: float | None) -> tuple[str, float]:
    """'600000' (absolute), '-20%' or '+30%' (relative to ``current``) → (label, monthly GMV)."""
    raw = text.strip().replace(",", "").replace("_", "")
    if raw.endswith("%"):
        try:
            pct = float(raw[:-1])
        except ValueError:
            raise ScenarioError("number") from None
        if current is None:
            raise ScenarioError("relative")
        if not math.isfinite(pct) or pct < -100:
            raise ScenarioError("change")
        label = f"{'+' if pct > 0 else ''}{pct:g}%"
        value = current * (1 + pct / 100)
        if not value <= MAX_GMV:  # +1e308% overflows to inf
            raise ScenarioError("too_large")
        return label, value
    try:
        value = float(raw)
    except ValueError:
        raise ScenarioError("number") from None
    if not math.isfinite(value) or value < 0:
        raise ScenarioError("negative")
    if value > MAX_GMV:
        raise ScenarioError("too_large")
    return _fmt(value), value


def crossings(a: Curve, b: Curve, lo: float, hi: float) -> list[float]:
    """The monthly GMVs in [lo, hi] where ``a`` and ``b`` cost the same and the cheaper one changes.

    Both curves are straight between their kinks, so the difference is checked
    at the range ends and every kink, and solved on each straight piece. Where
    the curves run together for a stretch there is no single crossing and none
    is returned.
    """
    points = sorted({lo, hi, *(k for k in (*a.kinks, *b.kinks) if lo < k < hi)})
    diffs = [a.at(x) - b.at(x) for x in points]
    tol = 1e-9 * max(1.0, *(abs(a.at(x)) + abs(b.at(x)) for x in points))
    signs = [0 if abs(d) <= tol else (1 if d > 0 else -1) for d in diffs]
    out: list[float] = []
    last_sign, zero_at = 0, None  # the last nonzero sign, and where the difference was last zero after it
    for i, (x, d, s) in enumerate(zip(points, diffs, signs)):
        if s == 0:
            if zero_at is None:
                zero_at = x
            continue
        if last_sign and s != last_sign:
            if zero_at is not None:
                if zero_at == points[i - 1]:  # touched zero exactly at one point, then crossed
                    out.append(zero_at)
            else:  # crossed inside the piece from the previous point
                x0, d0 = points[i - 1], diffs[i - 1]
                out.append(x0 + (x - x0) * d0 / (d0 - d))
        last_sign, zero_at = s, None
    return out
