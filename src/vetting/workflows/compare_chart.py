"""The comparison's chart: monthly cost against monthly GMV, one line per proposal, as inline SVG.

No script and no external file: the page stays one self-contained file that
prints. Scenarios are dashed vertical lines, break-even points ringed dots. The
legend is HTML next to it (it wraps on a phone), drawn with the same colours
and dash patterns, so that the lines can be told apart in black and white too.
"""
from __future__ import annotations

import math

from markupsafe import Markup, escape

from ..text.tables import Texts
from .compare import Comparison, num, scenario_label, strings

COLORS = ("#1d4f91", "#b3261e", "#1e6b3a", "#8a5300", "#6b3fa0", "#00838f", "#5b6474", "#c2185b")
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "1 2", "12 6", "6 2 2 2")
W, H = 560, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 30, 44


def style(i: int) -> tuple[str, str]:
    return COLORS[i % len(COLORS)], DASHES[i % len(DASHES)]


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _short(x: float) -> str:
    """Axis labels: 450000 -> '450k', 1200000 -> '1.2M'."""
    for bound, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(x) >= bound:
            return f"{x / bound:,.2f}".rstrip("0").rstrip(".") + suffix
    return num(x)


def _scenario_marks(c: Comparison, s: Texts, px, ph: float) -> list[str]:
    """A dashed vertical line and its label at each scenario's GMV within the chart's range."""
    lo, hi = c.plausible
    out = []
    for sc in c.scenarios:
        if lo <= sc.monthly_gmv <= hi:
            X = px(sc.monthly_gmv)
            out.append(f'<line class="scenario" x1="{X:.1f}" x2="{X:.1f}" y1="{TOP}" y2="{TOP + ph}"/>')
            out.append(f'<text class="scenario-label" x="{X + 3:.1f}" y="{TOP + 10}">'
                       f'{escape(scenario_label(sc.label, s) if sc.label != "current" else s("chart_current"))}</text>')
    return out


def chart(c: Comparison) -> Markup:
    """The SVG, or an empty string when costs cannot be drawn on one axis."""
    if not c.cost_ranked or c.plausible is None:
        return Markup("")
    s = strings(c.lang)
    cur = c.currencies[0]
    lo, hi = c.plausible
    es = c.ranked()
    xs_all = sorted({lo, hi, *(k for e in es for k in e.cost.curve.kinks if lo < k < hi)})
    ymax = max(e.cost.curve.at(x) for e in es for x in xs_all) or 1.0
    ystep = _nice_step(ymax)
    ytop = math.ceil(ymax * 1.05 / ystep) * ystep
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(x):
        return LEFT + (x - lo) / (hi - lo) * pw

    def py(y):
        return TOP + ph - y / ytop * ph

    out = [f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" xmlns="http://www.w3.org/2000/svg" '
           f'aria-label="{escape(s("chart"))}">', f"<title>{escape(s('chart'))}</title>"]
    # grid and axes
    y = 0.0
    while y <= ytop + 1e-9:
        out.append(f'<line class="grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{py(y):.1f}" y2="{py(y):.1f}"/>')
        out.append(f'<text class="tick" x="{LEFT - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{escape(_short(y))}</text>')
        y += ystep
    xstep = _nice_step(hi - lo)
    x = math.ceil(lo / xstep) * xstep
    while x <= hi + 1e-9:
        out.append(f'<text class="tick" x="{px(x):.1f}" y="{TOP + ph + 16}" text-anchor="middle">{escape(_short(x))}</text>')
        x += xstep
    out.append(f'<line class="axis" x1="{LEFT}" x2="{W - RIGHT}" y1="{TOP + ph}" y2="{TOP + ph}"/>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + ph}"/>')
    out.append(f'<text class="label" x="{LEFT + pw / 2:.1f}" y="{H - 6}" text-anchor="middle">'
               f'{escape(s("chart_x", currency=cur))}</text>')
    out.append(f'<text class="label" x="{LEFT}" y="{TOP - 16}" text-anchor="start">'
               f'{escape(s("chart_y", currency=cur))}</text>')
    out += _scenario_marks(c, s, px, ph)
    # one line per proposal
    for i, e in enumerate(es):
        color, dash = style(i)
        pts = " ".join(f"{px(x):.1f},{py(e.cost.curve.at(x)):.1f}" for x in xs_all)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline class="cost-line" points="{pts}" stroke="{color}"{dash_attr}>'
                   f'<title>{escape(e.assessment.provider)} ({escape(e.key)})</title></polyline>')
        for sc in c.scenarios:
            if lo <= sc.monthly_gmv <= hi:
                out.append(f'<circle cx="{px(sc.monthly_gmv):.1f}" cy="{py(e.cost.curve.at(sc.monthly_gmv)):.1f}" '
                           f'r="3" fill="{color}"/>')
    for n, b in enumerate(c.break_even, 1):  # numbered as the break-even sentences under the chart
        X, Y = px(b.monthly_gmv), py(b.monthly_cost)
        out.append(f'<circle class="crossing" cx="{X:.1f}" cy="{Y:.1f}" r="6">'
                   f'<title>{escape(s("chart_crossing"))} {n}: {escape(num(b.monthly_gmv))} {escape(cur)}</title></circle>')
        out.append(f'<text class="crossing-label" x="{X + 5:.1f}" y="{Y - 7:.1f}">{n}</text>')
    out.append("</svg>")
    return Markup("\n".join(out))
