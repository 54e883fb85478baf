from __future__ import annotations

import click

from . import cli
from .common import LANG_HELP, localized_hint, msg, use_lang, LANG, VettingGroup, fail
from ..errors import VettingError, did_you_mean


@cli.group(cls=VettingGroup)
def rules():
    """Browse the rule catalog, or lint a custom rule pack.

    \b
    Example:
      vetting rules list
      vetting rules show EXIT-001 --lang zh
      vetting rules check my-pack/
    """


@rules.command("list")
@click.option("--lang", type=LANG, default=None, help=LANG_HELP)
@click.option("--rules", "extra", multiple=True, type=click.Path(file_okay=False, exists=True), help="Extra pack folder.")
def list_rules(lang, extra):
    """One line per rule: id, category, severity, points, title.

    \b
    Example:
      vetting rules list --lang zh
    """
    lang = use_lang(lang)
    from ..rulepack import load_packs

    packs = load_packs(extra)
    words = report_words(lang) if lang != "en" else {"categories": _Same(), "severity": _Same()}
    for pack in packs:
        for r in pack.rules:
            rule = r.rule
            category, severity = words["categories"][rule.category], words["severity"][rule.severity]
            click.echo(f"{rule.id:<9} {pad(category, 11)} {pad(severity, 7)} {rule.points:>4g}  {rule.text(lang).title}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--lang", type=LANG, default=None, help=LANG_HELP)
@click.option("--rules", "extra", multiple=True, type=click.Path(file_okay=False, exists=True), help="Extra pack folder.")
def show_rule(rule_id, lang, extra):
    """Everything about one rule: why, what to ask, evidence, the clause to request.

    \b
    Example:
      vetting rules show SEC-001
    """
    lang = use_lang(lang)

    from ..rulepack import load_packs

    packs = load_packs(extra)
    by_id = {r.id: r for p in packs for r in p.rules}
    if rule_id not in by_id:
        hint = did_you_mean(rule_id.upper(), by_id, msg("cli.see_rules_list"))
        raise click.UsageError(msg("cli.no_rule", rule=rule_id, hint=localized_hint(hint)))
    from ..report import render_rule_page

    click.echo(render_rule_page(by_id[rule_id], lang), nl=False)


@rules.command("check")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
def check_rules(folder):
    """Validate a rule pack folder; one line per problem (file, rule id, reason), exit 2 if any.

    The pack is loaded with the core pack (as `assess --rules` does), compiled into the rule
    engine and run on worst-case deals built from its conditions.

    \b
    Example:
      vetting rules check my-pack/
    """
    from ..packcheck import check_pack

    try:
        pack = check_pack(folder)
    except VettingError as e:
        fail(e)
    click.echo(msg("cli.rules_ok", label=pack.label, count=len(pack.rules)))


@rules.command("catalog")
@click.option("--lang", type=LANG, default=None, help=LANG_HELP)
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of stdout.")
@click.option("--rules", "extra", multiple=True, type=click.Path(file_okay=False, exists=True), help="Extra pack folder.")
def catalog_rules(lang, output, extra):
    """The whole rule catalog as one Markdown page (how docs/rules.md is made).

    \b
    Example:
      vetting rules catalog --lang en -o docs/rules.md
      vetting rules catalog --lang zh -o docs/rules.zh.md
    """
    lang = use_lang(lang)
    from ..catalog import render_catalog
    from .common import write_output

    write_output(render_catalog(lang, extra), output)


class _Same(dict):
    """English lists keep the ids (category and severity as rule files write them)."""

    def __missing__(self, key):
        return key


def report_words(lang: str) -> dict:
    """Category and severity names of the report string tables (strings.<lang>.yaml)."""
    from ..explain import report_strings

    return report_strings(lang)


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a CJK character takes two)."""
    import unicodedata

    cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - cols)

