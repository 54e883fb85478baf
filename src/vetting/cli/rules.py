from __future__ import annotations

import click

from . import cli
from .common import localized_hint, msg, use_lang, LANG, VettingGroup, fail
from ..io.errors import VettingError, did_you_mean
import unicodedata


@cli.group(cls=VettingGroup)
@click.option("--lang", type=LANG, default=None, is_eager=True, expose_value=False)
def rules():
    pass  # help: report_templates/cli.<lang>.yaml, help.rules


@rules.command("list")
@click.option("--lang", type=LANG, default=None)
@click.option("--rules", "extra", multiple=True, type=click.Path(file_okay=False, exists=True))
def list_rules(lang, extra):
    lang = use_lang(lang)
    from ..rules.rulepack import load_packs

    packs = load_packs(extra)
    words = report_words(lang) if lang != "en" else {"categories": _Same(), "severity": _Same()}
    for pack in packs:
        for r in pack.rules:
            rule = r.rule
            category, severity = words["categories"][rule.category], words["severity"][rule.severity]
            click.echo(f"{rule.id:<9} {pad(category, 11)} {pad(severity, 7)} {rule.points:>4g}  {rule.text(lang).title}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--lang", type=LANG, default=None)
@click.option("--rules", "extra", multiple=True, type=click.Path(file_okay=False, exists=True))
def show_rule(rule_id, lang, extra):
    lang = use_lang(lang)

    from ..rules.rulepack import load_packs

    packs = load_packs(extra)
    by_id = {r.id: r for p in packs for r in p.rules}
    if rule_id not in by_id:
        hint = did_you_mean(rule_id.upper(), by_id, msg("cli.see_rules_list"))
        raise click.UsageError(msg("cli.no_rule", rule=rule_id, hint=localized_hint(hint)))
    from ..outputs.report import render_rule_page

    click.echo(render_rule_page(by_id[rule_id], lang), nl=False)


@rules.command("check")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--lang", type=LANG, default=None)
def check_rules(folder, lang):
    use_lang(lang)
    from ..workflows.packcheck import check_pack

    try:
        pack = check_pack(folder)
    except VettingError as e:
        fail(e)
    click.echo(msg("cli.rules_ok", label=pack.label, count=len(pack.rules)))


@rules.command("catalog")
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path())
@click.option("--rules", "extra", multiple=True, type=click.Path(file_okay=False, exists=True))
def catalog_rules(lang, output, extra):
    lang = use_lang(lang)
    from ..outputs.catalog import render_catalog
    from .common import write_output

    write_output(render_catalog(lang, extra), output)


class _Same(dict):
    """English lists keep the ids (category and severity as rule files write them)."""

    def __missing__(self, key):
        return key


def report_words(lang: str) -> dict:
    """Category and severity names of the report string tables (strings.<lang>.yaml), through Texts."""
    from ..text.tables import Texts

    t = Texts(lang, html=False)
    return {"categories": t.section("categories"), "severity": t.section("severity")}


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a CJK character takes two)."""

    cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - cols)

