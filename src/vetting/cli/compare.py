from __future__ import annotations

import click

from . import cli
from .common import LANG, check_output, write_output
from ..errors import InputError, Problem


DEFAULT_SCENARIOS = ("-20%", "+30%")


@cli.command()
@click.argument("deals", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "md", "html", "csv", "json"]), default="table",
              show_default=True, help="Terminal table, Markdown, HTML with a heat map, CSV, or JSON (vetting/comparison@1).")
@click.option("--gmv", "gmv", multiple=True, metavar="N|±P%",
              help="Also price at this monthly GMV: a number (600000) or a change from the current GMV (-20%, +30%). "
                   "Repeatable. Without it: -20% and +30%, so that commission on growth shows a cost.")
@click.option("--months", type=click.IntRange(1, 120), default=12, show_default=True,
              help="Horizon of the 'first-year' cost, in months.")
@click.option("--ad-spend", "ad_spend", type=click.FloatRange(0, 100), default=10.0, show_default=True,
              help="Ad spend assumed as % of GMV, for fees charged on ad spend.")
@click.option("--margin", type=click.FloatRange(0, 100), default=15.0, show_default=True,
              help="Net profit assumed as % of GMV, for commission on net profit.")
@click.option("--cost-weight", type=click.FloatRange(0, 100), default=2.0, show_default=True,
              help="Ranking: risk points per percentage point of effective take rate above the cheapest deal.")
@click.option("--lang", type=LANG, default="en", show_default=True, help="Language of the texts.")
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout (never over a deal file).")
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="An extra rule pack folder (repeatable).")
def compare(deals, fmt, gmv, months, ad_spend, margin, cost_weight, lang, output, rules):
    """Compare proposals for the same seller: risk, cost at your GMV, differences, a ranking.

    Deals with blockers rank last; the others by risk score plus a cost
    premium. Every assumption behind a cost is printed with the figures.

    \b
    Example:
      vetting compare a.yaml b.yaml c.yaml
      vetting compare fixtures/compare/*.yaml --gmv -20% --gmv +30% --format html -o compare.html
      vetting compare a.yaml b.yaml --format json --lang zh
    """
    from ..compare import compare as run_compare, render
    from ..costs import CostOptions
    from ..loading import load_deal

    if len(deals) < 2:
        raise click.UsageError("give at least two deal files to compare (use `vetting assess` for one)")
    check_output(output, deals)
    problems: list[Problem] = []
    loaded = []
    for path in deals:
        try:
            loaded.append(load_deal(path))
        except InputError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    gmv = gmv or DEFAULT_SCENARIOS
    options = CostOptions(months=months, ad_spend_pct_of_gmv=ad_spend, profit_margin_pct=margin)
    result = run_compare(loaded, lang=lang, rules=rules, gmv=gmv, options=options, cost_weight=cost_weight)
    write_output(render(result, fmt), output, deals)
