from __future__ import annotations

import click

from . import cli
from .common import rates_option, LANG_HELP, msg, use_lang, LANG, check_output, write_output
from ..errors import InputError, Problem



@cli.command()
@click.argument("deals", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "md", "html", "csv", "json"]), default="table",
              show_default=True, help="Terminal table, Markdown, HTML (chart and heat map), CSV for spreadsheets "
                                      "(UTF-8 with BOM, one row per proposal and figure), or JSON (vetting/comparison@2).")
@click.option("--gmv", "gmv", multiple=True, metavar="N|±P%[@W]",
              help="Also price at this monthly GMV: a number (600000) or a change from the current GMV (-20%, +30%), "
                   "optionally with a weight for the expected cost (+30%@2; 'current@2' weights the current GMV; "
                   "default weight 1). Repeatable. Without it: -20% and +30%.")
@click.option("--rank-at", "rank_at", metavar="N|±P%|current",
              help="Rank on the cost at this one scenario instead of the expected cost over all scenarios.")
@click.option("--risk-margin", "risk_margin", type=click.FloatRange(0, 100), default=5.0, show_default=True,
              help="Ranking: proposals whose risk scores are within this many points are ordered by cost.")
@click.option("--months", type=click.IntRange(1, 120), default=12, show_default=True,
              help="Horizon of the 'first-year' cost, in months.")
@click.option("--ad-spend", "ad_spend", type=click.FloatRange(0, 100), default=10.0, show_default=True,
              help="Ad spend assumed as % of GMV, for fees charged on ad spend.")
@click.option("--margin", "profit_margin", type=click.FloatRange(0, 100), default=15.0, show_default=True,
              help="Net profit assumed as % of GMV, for commission on net profit.")
@click.option("--cost-weight", type=click.FloatRange(0, 100), default=None,
              help="Rank by risk score + this many points per point of GMV by which a proposal's expected take rate "
                   "is above the cheapest's, instead of letting cost decide only between close risk scores.")
@click.option("--lang", type=LANG, default=None, help=LANG_HELP)
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout (never over a deal file).")
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="An extra rule pack folder (repeatable).")
@rates_option
def compare(deals, fmt, gmv, rank_at, risk_margin, months, ad_spend, profit_margin, cost_weight, lang, output,
            rules, rates):
    """Compare proposals for the same seller: risk, cost across GMV scenarios, break-even, a ranking.

    Proposals with a blocker rank last, then by verdict, then by risk score;
    where risk scores are within --risk-margin points, the one with the lower
    expected cost over the scenarios comes first (--rank-at: the cost at one
    scenario; --cost-weight: a weighted sum instead). Every assumption behind a
    cost is printed with the figures. Two files with the same deal id are
    compared as versions.

    \b
    Example:
      vetting compare a.yaml b.yaml c.yaml
      vetting compare fixtures/compare/*.yaml --gmv -30% --gmv +50% --format html -o compare.html
      vetting compare a.yaml b.yaml --gmv +30%@2 --rank-at +30% --format csv -o compare.csv
      vetting compare v1/quote.yaml v2/quote.yaml --format json --lang zh
    """
    lang = use_lang(lang)
    from ..compare import compare as run_compare, render
    from ..costs import CostOptions
    from ..loading import load_deal

    if len(deals) < 2:
        raise click.UsageError(msg("cli.compare_two"))
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
    gmv = gmv or None  # the library's default: -20% and +30% when the current GMV is known
    options = CostOptions(months=months, ad_spend_pct_of_gmv=ad_spend, profit_margin_pct=profit_margin)
    result = run_compare(loaded, lang=lang, rules=rules, gmv=gmv, options=options, margin=risk_margin, rates=rates,
                         cost_weight=cost_weight, rank_at=rank_at)
    write_output(render(result, fmt), output, deals)
