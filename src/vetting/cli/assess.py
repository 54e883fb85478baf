from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

from . import cli
from .common import rates_option, use_lang, DAY, EXIT_FAIL_ON, LANG, LEVELS, check_output, fail_on_reached, run_inputs, write_output
from .terminal import for_stream, is_terminal


@cli.command()
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json", "pdf"]), default=None)
@click.option("--summary", is_flag=True)
@click.option("--lang", type=LANG, default=None)
@click.option("-o", "--output", type=click.Path())
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True))
@click.option("--fail-on", type=click.Choice(LEVELS))
@click.option("--today", type=DAY)
@click.option("--evidence-max-age", "evidence_max_age", type=click.IntRange(0, 600), default=12, show_default=True,
              metavar="MONTHS")
@rates_option
def assess(deal, fmt, summary, lang, output, rules, fail_on, today, rates, evidence_max_age):
    lang = use_lang(lang)
    from ..workflows.assess import assess_file

    if summary and fmt == "json":
        raise click.UsageError(_msg("cli.summary_no_json"))
    inputs = run_inputs([deal], rules, rates)
    check_output(output, inputs)
    result = assess_file(deal, lang=lang, rules=rules, today=today, rates=rates, evidence_max_age=evidence_max_age)
    if fmt is None and output in (None, "-") and not summary and is_terminal(sys.stdout):
        _print_terminal_summary(result, _commands(deal, lang, rules, today, rates))
    else:
        write_output(_document(result, fmt or "md", summary, _commands(deal, lang, rules, today, rates)), output, inputs)
    if fail_on_reached(result.level, fail_on):
        sys.exit(EXIT_FAIL_ON)


def _msg(key, **values):
    from .common import msg

    return msg(key, **values)


def _document(result, fmt: str, summary: bool, commands: list[str]):
    if summary:
        from ..outputs.summary import render_summary

        html = render_summary(result, "html" if fmt == "pdf" else fmt, commands=commands[:1] + commands[2:])
    else:
        from ..outputs.report import render

        html = render(result, "html" if fmt == "pdf" else fmt)
    if fmt == "pdf":
        from ..outputs.pdf import html_to_pdf

        return html_to_pdf(html)
    return html


def _commands(deal, lang, rules, today, rates) -> list[str]:
    """The commands that write the full report, the one-page summary and the addendum of the same run."""
    options = (["--lang", lang] if lang != "en" else []) + [a for r in rules for a in ("--rules", r)]
    stem = Path(deal).stem
    assess_options = options + (["--today", today.isoformat()] if today else []) + (["--rates", rates] if rates else [])
    return [shlex.join(["vetting", "assess", deal, *assess_options, "-o", f"{stem}-report.md"]),
            shlex.join(["vetting", "assess", deal, *assess_options, "--summary", "--format", "pdf", "-o", f"{stem}-summary.pdf"]),
            shlex.join(["vetting", "addendum", deal, *options, "--format", "docx", "-o", f"{stem}-addendum.docx"])]


_STYLE = {"title": {"bold": True}, "good": {"fg": "green", "bold": True}, "warn": {"fg": "yellow", "bold": True},
          "bad": {"fg": "red", "bold": True}, "dim": {"dim": True}, "plain": {}}


def use_colour(stream=None) -> bool:
    """Colour on a terminal that supports it, unless NO_COLOR is set (https://no-color.org) or TERM=dumb."""
    stream = stream or sys.stdout
    return is_terminal(stream) and not os.environ.get("NO_COLOR") and os.environ.get("TERM", "") != "dumb"


def _print_terminal_summary(result, commands: list[str]) -> None:
    from ..outputs.summary import terminal_lines

    colour = use_colour()
    for line in terminal_lines(result, commands):
        shown = for_stream(line.text, sys.stdout)
        click.echo(click.style(shown, **_STYLE[line.tone]) if colour and shown and _STYLE[line.tone] else shown, color=colour)
