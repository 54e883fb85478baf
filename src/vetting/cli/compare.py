from __future__ import annotations

import click

from . import cli
from .common import Finite, rates_option, msg, use_lang, DAY, LANG, check_output, run_inputs, write_output



@cli.command()
@click.argument("deals", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "md", "html", "csv", "json"]), default="table",
              show_default=True)
@click.option("--gmv", "gmv", multiple=True, metavar="N|±P%[@W]")
@click.option("--rank-at", "rank_at", metavar="N|±P%|current")
@click.option("--risk-margin", "risk_margin", type=Finite(0, 100), default=5.0, show_default=True)
@click.option("--months", type=click.IntRange(1, 120), default=12, show_default=True)
@click.option("--ad-spend", "ad_spend", type=Finite(0, 100), default=10.0, show_default=True)
@click.option("--margin", "profit_margin", type=Finite(0, 100), default=15.0, show_default=True)
@click.option("--cost-weight", type=Finite(0, 100), default=None)
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path())
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True))
@rates_option
@click.option("--today", type=DAY)
def compare(deals, fmt, gmv, rank_at, risk_margin, months, ad_spend, profit_margin, cost_weight, lang, output,
            rules, rates, today):
    lang = use_lang(lang)
    from ..workflows.compare import compare as run_compare
    from ..workflows.compare_render import render
    from ..decide.costs import CostOptions
    from ..model.loading import load_deals

    if len(deals) < 2:
        raise click.UsageError(msg("cli.compare_two"))
    inputs = run_inputs(deals, rules, rates)
    check_output(output, inputs)
    loaded = load_deals(deals)
    gmv = gmv or None  # the library's default: -20% and +30% when the current GMV is known
    options = CostOptions(months=months, ad_spend_pct_of_gmv=ad_spend, profit_margin_pct=profit_margin)
    result = run_compare(loaded, lang=lang, rules=rules, gmv=gmv, options=options, margin=risk_margin, rates=rates,
                         cost_weight=cost_weight, rank_at=rank_at, today=today)
    write_output(render(result, fmt), output, inputs)
