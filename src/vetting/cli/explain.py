from __future__ import annotations

import click

from . import cli
from .common import DAY, LANG, check_output, localized_hint, rates_option, run_inputs, use_lang, write_output


@cli.command("explain")
@click.argument("rule_id")
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path())
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True))
@click.option("--today", type=DAY)
@rates_option
def explain_cmd(rule_id, deal, lang, output, rules, today, rates):
    from ..io.errors import did_you_mean
    from ..text.explain import render
    from ..workflows.explain import explain_rule
    from ..model.loading import load_deal
    from ..text.messages import msg

    lang = use_lang(lang)
    inputs = run_inputs([deal], rules, rates)
    check_output(output, inputs)
    loaded = load_deal(deal)
    try:
        result = explain_rule(rule_id.upper(), loaded, lang=lang, rules=rules, today=today, rates=rates)
    except KeyError:
        from ..rules.rulepack import load_packs

        ids = [r.id for p in load_packs(tuple(rules)) for r in p.rules]
        hint = did_you_mean(rule_id.upper(), ids, msg("cli.see_rules_list"))
        raise click.UsageError(msg("cli.no_rule", rule=rule_id, hint=localized_hint(hint))) from None
    write_output(render(result), output, inputs)
