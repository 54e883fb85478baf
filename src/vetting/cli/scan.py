from __future__ import annotations

import click

from . import cli
from .common import LANG, check_output, use_lang, write_output


@cli.command()
@click.argument("contract", nargs=-1, required=True, type=click.Path(allow_dash=False))
@click.option("--deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--contract-lang", type=click.Choice(["auto", "en", "zh"]), default="auto", show_default=True)
@click.option("--lang", type=LANG, default=None)
@click.option("--format", "fmt", type=click.Choice(["yaml", "json", "md", "html"]), default="yaml", show_default=True)
@click.option("-o", "--output", type=click.Path())
@click.option("--complete", is_flag=True)
@click.option("--accept-confident", is_flag=True)
@click.option("--reading", type=click.Choice(["patterns", "model"]), default="patterns", show_default=True)
def scan(contract, deal, contract_lang, lang, fmt, output, complete, accept_confident, reading):
    lang = use_lang(lang)
    from ..intake.proposals import propose
    from ..intake.render import document, render
    from ..intake.scan import read_contract

    inputs = list(contract) + ([deal] if deal else [])
    check_output(output, inputs)
    loaded = None
    if deal:
        from ..model.loading import load_deal

        loaded = load_deal(deal).deal
    read = read_contract(list(contract), contract_lang)
    proposals = propose(read, deal=loaded, complete=complete, accept_confident=accept_confident, reading_mode=reading)
    write_output(render(document(read, proposals, lang), fmt, lang), output, inputs)
