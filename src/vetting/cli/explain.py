from __future__ import annotations

import click

from . import cli
from .common import LANG, LANG_HELP, check_output, localized_hint, use_lang, write_output


@cli.command("explain")
@click.argument("rule_id")
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--lang", type=LANG, default=None, help=LANG_HELP)
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout (never over the deal file).")
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="An extra rule pack folder (repeatable).")
def explain_cmd(rule_id, deal, lang, output, rules):
    """Why one rule gives its outcome on a deal: the rule's condition in words,
    each fact it reads with the deal's value (or unknown), and why the outcome
    is a risk, an open question, a pass or not applicable.

    \b
    Example:
      vetting explain EXIT-001 fixtures/linkstar-proposal.yaml
      vetting explain SEC-009 deal.yaml --lang zh
    """
    from ..errors import did_you_mean
    from ..explain import explain, render
    from ..loading import load_deal
    from ..messages import msg

    lang = use_lang(lang)
    check_output(output, [deal])
    loaded = load_deal(deal)
    try:
        result = explain(rule_id.upper(), loaded, lang=lang, rules=rules)
    except KeyError:
        from ..rulepack import load_packs

        ids = [r.id for p in load_packs(tuple(rules)) for r in p.rules]
        hint = did_you_mean(rule_id.upper(), ids, msg("cli.see_rules_list"))
        raise click.UsageError(msg("cli.no_rule", rule=rule_id, hint=localized_hint(hint))) from None
    write_output(render(result), output, [deal])
