from __future__ import annotations

import click

from . import cli
from .common import LANG, check_output, localized_hint, use_lang, write_output


@cli.command("explain")
@click.argument("rule_id")
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path())
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True))
def explain_cmd(rule_id, deal, lang, output, rules):
    from ..io.errors import did_you_mean
    from ..text.explain import explain, render
    from ..model.loading import load_deal
    from ..text.messages import msg

    lang = use_lang(lang)
    check_output(output, [deal])
    loaded = load_deal(deal)
    try:
        result = explain(rule_id.upper(), loaded, lang=lang, rules=rules)
    except KeyError:
        from ..rules.rulepack import load_packs

        ids = [r.id for p in load_packs(tuple(rules)) for r in p.rules]
        hint = did_you_mean(rule_id.upper(), ids, msg("cli.see_rules_list"))
        raise click.UsageError(msg("cli.no_rule", rule=rule_id, hint=localized_hint(hint))) from None
    write_output(render(result), output, [deal])
