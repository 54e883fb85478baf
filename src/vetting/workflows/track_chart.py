"""The tracking page's chart of one KPI: its figures period by period against the target and the
stop-loss line, as inline SVG with a value axis, the periods under it, each figure written at its
dot, and a legend (HTML beside the chart, so that it wraps on a phone). No script, no external file."""
from __future__ import annotations

import math
from ..text.lifecycle_text import figure

W, H = 360, 180
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 20, 28
PAD = 24  # the first and last dot this far inside the axes, so that their labels fit
MAX_X_LABELS = 6


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw))
    return next((m * mag for m in (1, 2, 2.5, 5) if raw <= m * mag), 10 * mag)


def short(x: float) -> str:
    """An axis or dot label: 1000000 → '1M', 760000 → '760k', 12.5 → '12.5', −3 → '−3'."""

    for bound, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(x) >= bound:
            return figure(round(x / bound, 2)) + suffix
    return figure(round(x, 2))


def _lines(k, threshold: float | None) -> tuple[float | None, float | None]:
    """The target and the stop-loss line in the KPI's own unit (growth targets over the baseline)."""
    target = k.target
    if k.target_kind == "growth_pct" and k.baseline is not None and target is not None:
        target = k.baseline * (1 + target / 100)
    stop = None
    if target is not None and threshold is not None and k.target_kind in ("absolute", "at_least", "growth_pct"):
        stop = target * threshold / 100
    elif target is not None and threshold is not None and k.target_kind == "at_most" and threshold > 0:
        stop = target * 100 / threshold
    return target, stop


def chart(k, threshold: float | None) -> dict | None:
    """Coordinates and labels of the chart of KPI track ``k`` (None without figures)."""
    if not k.periods:
        return None
    values = [p.value for p in k.periods]
    target, stop = _lines(k, threshold)
    drawn = values + [x for x in (target, stop) if x is not None]
    lo, hi = min(drawn + [0.0]), max(drawn + [0.0])
    step = _nice_step((hi - lo) or 1.0)
    bottom, top = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if top <= bottom:
        top = bottom + step
    pw, ph, n = W - LEFT - RIGHT - 2 * PAD, H - TOP - BOTTOM, len(values)

    def x(i):
        return round(LEFT + PAD + pw * (i / (n - 1) if n > 1 else 0.5), 1)

    def y(v):
        return round(TOP + ph * (top - v) / (top - bottom), 1)

    every = math.ceil(n / MAX_X_LABELS)
    ticks = [bottom + i * step for i in range(round((top - bottom) / step) + 1)]
    return {"w": W, "h": H, "x0": LEFT, "x1": W - RIGHT, "y0": TOP, "y1": H - BOTTOM,
            "ticks": [(y(v), short(v)) for v in ticks],
            "xlabels": [(x(i), p.period) for i, p in enumerate(k.periods) if (n - 1 - i) % every == 0],  # the last always
            "points": " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values)),
            "dots": [(x(i), y(p.value), "na" if p.met is None else ("met" if p.met else "missed"), short(p.value))
                     for i, p in enumerate(k.periods)],
            "target_y": y(target) if target is not None else None, "stop_y": y(stop) if stop is not None else None}
