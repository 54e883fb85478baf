"""Pages on a phone (issue 24 item 1): build each HTML page vetting writes, open it in Chromium at
390 px (Playwright driving Debian's /usr/bin/chromium, no download, offline) and measure what a
person would see: text that wraps inside a word or a number, a page wider than the screen outside a
container marked as scrolling, a table cell squeezed to a sliver, a chart cut off without a hint."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "fixtures"
WIDTH = 390

# In the page: every problem as one line. A word or number is a run of Latin letters and digits (with
# . , % inside, as in 131,000 or 12.5%); Chinese may break between any two characters, and a hyphen is
# a place to break. Text inside a scroll container (overflow-x auto/scroll) may be as wide as it likes.
MEASURE = r"""
(W) => {
  const out = [];
  if (window.innerWidth !== W) out.push(`the layout viewport is ${window.innerWidth}px, not the phone's ${W}px: something is wider than the screen`);
  const scrolls = el => { for (let e = el; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll') return e; } return null; };
  const root = document.scrollingElement;
  if (root.scrollWidth > W) {
    const wide = [...document.body.querySelectorAll('*')].filter(e => !scrolls(e.parentElement) &&
        e.getBoundingClientRect().right > W + 1 && getComputedStyle(e).position !== 'fixed').slice(0, 3)
        .map(e => e.tagName.toLowerCase() + '.' + e.className);
    out.push(`page ${root.scrollWidth}px wide on a ${W}px screen: ${wide.join(', ')}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const re = /[A-Za-z0-9]+(?:[.,][0-9]+)*%?/g;
  let n, broken = 0;
  while ((n = walker.nextNode())) {
    const el = n.parentElement;
    if (!el || el.closest('script,style,svg,title') || !el.getClientRects().length) continue;
    let m;
    while ((m = re.exec(n.data))) {
      const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (lines.size > 1 && broken++ < 5) out.push(`'${m[0]}' wraps inside itself in <${el.tagName.toLowerCase()}>`);
    }
  }
  if (broken > 5) out.push(`… ${broken} words or numbers wrap inside themselves in all`);
  for (const c of document.querySelectorAll('td, th')) {
    const w = c.getBoundingClientRect().width, t = c.innerText.trim();
    const lh = parseFloat(getComputedStyle(c).lineHeight) || 20;
    if (t.length > 3 && w > 0 && w < 40 && c.getBoundingClientRect().height > 1.8 * lh)
      out.push(`a ${Math.round(w)}px table cell holds '${t.slice(0, 20)}'`);
  }
  for (const s of document.querySelectorAll('svg')) {
    const b = s.getBoundingClientRect(), box = scrolls(s.parentElement);
    if (b.right > W + 1 && !(box && box.hasAttribute('data-scroll-hint')))
      out.push(`a chart ${Math.round(b.width)}px wide is cut off with no scroll hint`);
  }
  return out;
}
"""


def cli_run(*args) -> None:
    from vetting.cli import _register, cli

    _register()
    r = CliRunner().invoke(cli, [str(a) for a in args])
    assert r.exit_code in (0, 1), r.output


def build_pages(lang: str, out: Path) -> dict[str, Path]:
    """The five kinds of page, from the bundled deals, in ``lang``."""
    out.mkdir(parents=True, exist_ok=True)
    pages = {k: out / f"{k}.{lang}.html" for k in ("checklist", "comparison", "diff", "tracking")}
    cli_run("assess", FIX / "linkstar-proposal.yaml", "--format", "html", "--lang", lang, "--today", "2026-12-01",
            "-o", pages["checklist"])
    cli_run("compare", FIX / "compare" / "linkstar-full-store.yaml", FIX / "compare" / "bluewave-growth.yaml",
            FIX / "compare" / "adpilot-ads.yaml", "--format", "html", "--lang", lang, "-o", pages["comparison"])
    cli_run("diff", FIX / "linkstar-proposal.yaml", FIX / "linkstar-proposal-v2.yaml", "--format", "html",
            "--lang", lang, "-o", pages["diff"])
    cli_run("track", FIX / "linkstar-proposal-v2.yaml", FIX / "linkstar-actuals.csv", "--today", "2026-04-03",
            "--format", "html", "--lang", lang, "-o", pages["tracking"])
    deals = out / f"deals-{lang}"
    deals.mkdir(exist_ok=True)
    for name in ("linkstar-proposal.yaml", "lock-in.yaml", "black-hat-promises.yaml", "gold-standard.yaml"):
        (deals / name).write_bytes((FIX / name).read_bytes())
    cli_run("batch", deals, "--out", out / f"batch-{lang}", "--lang", lang, "--no-parquet")
    pages["portfolio"] = out / f"batch-{lang}" / "portfolio.html"
    return pages


def measure(pages: dict[str, Path], chromium: str) -> dict[str, list[str]]:
    """{page name: its problems at 390 px} (an empty list when it reads well on a phone)."""
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            ctx = browser.new_context(viewport={"width": WIDTH, "height": 844}, device_scale_factor=1,
                                      is_mobile=True, has_touch=True, offline=True)
            page = ctx.new_page()
            for name, path in pages.items():
                page.goto(path.as_uri())
                found[name] = page.evaluate(MEASURE, WIDTH)
        finally:
            browser.close()
    return found
