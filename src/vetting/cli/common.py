"""Shared CLI pieces: exit codes, the one place errors become lines and exit codes, output writing.

This module imports nothing heavy: ``--help``, ``schema``, ``init`` and ``rules list``
must not pay for the rule engine (durable-rules) or pandas (a test checks it).
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from ..io.errors import EXIT_INPUT, Interrupted, VettingError
from .localize import LocalizedGroup, install_click_translation
from .terminal import for_stream
import datetime as dt
import math
import re

EXIT_OK = 0
EXIT_FAIL_ON = 1
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130: Ctrl-C
EXIT_TERMINATED = 128 + signal.SIGTERM  # 143: SIGTERM (kill, a CI timeout, a container stop)
__all__ = ["EXIT_OK", "EXIT_FAIL_ON", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_TERMINATED"]

# The same values as rulepack.LANGS and scoring.LEVEL_ORDER (a test checks it), written out here
# so that building the command line imports neither.
LANGS = ("en", "zh")
LEVELS = ("low", "medium", "high", "critical")
LANG = click.Choice(list(LANGS))


class _Day(click.ParamType):
    """A calendar day written YYYY-MM-DD (``--today``)."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(msg("cli.not_a_date", value=value), param, ctx)
        from ..model.models import MAX_DATE, MIN_DATE  # the dates a deal can hold (9999-12-31 would overflow)

        if not MIN_DATE <= day <= MAX_DATE:
            self.fail(msg("cli.date_out_of_range", value=value, first=MIN_DATE.isoformat(), last=MAX_DATE.isoformat()),
                      param, ctx)
        return day


DAY = _Day()


class Finite(click.FloatRange):
    """A number from ``min`` to ``max`` (``--risk-margin``, ``--ad-spend``...). click's FloatRange lets
    ``nan`` through (every comparison with it is false), which then hangs a search or prints "nan CNY":
    nan and inf are refused here, as usage errors (exit 2)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(msg("cli.not_finite", value=value, min=f"{self.min:g}", max=f"{self.max:g}"), param, ctx)
        return number
_CLICK_OWN = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort)


def use_lang(lang: str | None) -> str:
    """The language of this run: ``--lang`` if given, else $VETTING_LANG, else English; CLI messages
    (errors, confirmations, summary lines) follow it from here on."""
    from ..text import messages

    if lang is not None:  # else the language found before parsing (a --lang of the group, $VETTING_LANG)
        messages.set_lang(lang)
    return messages.lang()


def msg(key: str, **values) -> str:
    """A CLI message in the run's language (report_templates/cli.<lang>.yaml)."""
    from ..text import messages

    return messages.msg(key, **values)


def localized_hint(hint: str) -> str:
    """errors.did_you_mean's English hint ("; did you mean 'x'?") in the run's language."""

    m = re.fullmatch(r"; did you mean '(.*)'\?", hint)
    return msg("cli.did_you_mean", word=m.group(1)) if m else hint


def say(line: str) -> None:
    """One line on stderr (control characters escaped on a terminal)."""
    click.echo(for_stream(line, sys.stderr), err=True, color=True)


class VettingGroup(LocalizedGroup):
    """Lists commands in the order they were added (the order a user needs them); help texts and
    click's own words in the run's language (localize.py). At the top level, it is the one place
    where errors become lines on stderr and an exit code:

    - a VettingError (bad input, bad rule pack, an output that cannot be written): its lines, its exit code (2);
    - Ctrl-C: exit 130; SIGTERM: exit 143 (``main`` turns SIGTERM into ``Interrupted``);
      temporary files are removed first;
    - anything else is a bug: one line, exit 3, no traceback.
    """

    lazy: tuple[str, ...] = ()  # commands whose module is imported when first named, in listing order
    load_command = None  # ``load_command(name)`` imports one of them (cli/__init__.py)

    def get_command(self, ctx, name):
        if name not in self.commands and name in self.lazy:
            self.load_command(name)
        return super().get_command(ctx, name)

    def list_commands(self, ctx):
        for name in self.lazy:
            if name not in self.commands:
                self.load_command(name)
        order = {name: i for i, name in enumerate(self.lazy)}
        return sorted(self.commands, key=lambda name: order.get(name, len(order)))

    def main(self, *args, **kwargs):
        install_click_translation()
        _replace_unencodable()
        try:
            return super().main(*args, **kwargs)
        finally:
            from ..text.messages import set_lang

            set_lang(None)  # the run's --lang ends with it (a library caller in the same process is not affected)

    def invoke(self, ctx):
        if ctx.parent is not None:
            return super().invoke(ctx)
        return self._invoke_top(ctx)

    def _invoke_top(self, ctx):
        try:
            return super().invoke(ctx)
        except _CLICK_OWN:  # usage errors, --help, ctx.exit(): click reports them
            raise
        except VettingError as e:
            lines = e.lines()
            for line in lines[:MAX_PROBLEM_LINES]:
                say(line)
            if len(lines) > MAX_PROBLEM_LINES:  # a table with a million bad rows: the first ones say what is wrong
                say(msg("cli.more_problems", count=len(lines) - MAX_PROBLEM_LINES))
            code = e.exit_code
        except KeyboardInterrupt:
            _clean_up()
            say(msg("cli.interrupted"))
            code = EXIT_INTERRUPTED
        except Interrupted as e:
            _clean_up()
            say(msg("cli.stopped", signum=e.signum))
            code = 128 + e.signum
        except BrokenPipeError:
            # the reader went away (`vetting rules list | head`): stop quietly, as other tools do. Python
            # would flush stdout again at exit and complain, so point its descriptor at the null device
            # (opened for writing only; nothing is replaced).
            _clean_up()
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError):
                pass
            code = EXIT_BROKEN_PIPE
        except Exception as e:  # a bug, not the user's fault: say so in one line
            _clean_up()
            say(msg("cli.internal", error=f"{type(e).__name__}: {e}"))
            code = EXIT_INTERNAL
        ctx.exit(code)


MAX_PROBLEM_LINES = 200  # problem lines printed for one error; the rest are counted in one line
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a program whose reader closed the pipe


def _clean_up() -> None:
    from ..io.atomic import remove_temporaries

    remove_temporaries()


def _raise_interrupted(signum, frame):
    raise Interrupted(signum)


def install_signal_handlers() -> None:
    """SIGTERM raises Interrupted in the main thread, so a run stops the way Ctrl-C stops it:
    every ``finally`` runs and no temporary file is left."""
    signal.signal(signal.SIGTERM, _raise_interrupted)


def fail(error: VettingError) -> None:
    """Raise ``error`` for VettingGroup to report (kept for the commands' ``except ...: fail(e)``)."""
    raise error


def run_inputs(files, rules=(), rates=None) -> list[str]:
    """Every file a run reads, so that no output is written over one: the files named, each rule
    pack's files (``--rules`` folders) and the rate table (``--rates``)."""
    out = [str(f) for f in files]
    for folder in rules:
        try:
            out += sorted(str(p) for p in Path(folder).iterdir() if p.suffix == ".yaml")
        except OSError:
            pass  # the pack's loader reports a folder it cannot list
    if rates:
        out.append(str(rates))
    return out


def check_output(output: str | None, inputs=()) -> None:
    """Before any work: refuse an output file that is one of the inputs, or a path ending in '/'
    (exit 2, nothing written)."""
    if output is None or output == "-":
        return
    from ..io.errors import OutputError
    from ..io.atomic import refuse_inputs

    if output.endswith(("/", os.sep)):
        raise OutputError(output, key="trailing_slash")
    refuse_inputs(output, inputs)


def write_output(text: str | bytes, output: str | None, inputs=()) -> None:
    """Write to stdout (control characters escaped on a terminal), or atomically to a file
    (exact text; no half-written file on a crash; never over an input file). Bytes (a PDF) go
    as they are, to a file or to a stdout that is not a terminal."""
    if isinstance(text, bytes):
        if output is None or output == "-":
            if sys.stdout.isatty():
                raise click.UsageError(msg("cli.pdf_not_terminal"))
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.flush()
            return
        from ..io.writing import write_file

        write_file(output, text, inputs=inputs)
        return
    if output is None or output == "-":
        # color=True: click.echo would otherwise strip escape sequences from what goes to a pipe
        click.echo(_encodable(for_stream(text, sys.stdout), sys.stdout), nl=False, color=True)
        return
    from ..io.writing import write_file

    write_file(output, text.encode("utf-8"), inputs=inputs)


def _replace_unencodable() -> None:
    """A stdout in a legacy code page writes what it cannot encode as '?' rather than crashing halfway
    (every line the commands print; a report says so once: ``_encodable``)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-")
    if not encoding.startswith("utf") and hasattr(sys.stdout, "reconfigure"):
        try:
            sys.stdout.reconfigure(errors="replace")
        except (ValueError, OSError):
            pass


def _encodable(text: str, stream) -> str:
    """``text`` as ``stream``'s encoding can write it. A stdout in a legacy code page (cp936/GBK, cp1252:
    how Python writes a redirected stdout on Windows, or PYTHONIOENCODING) cannot encode every
    character of a report ("−", "⚠", Chinese in cp1252): those are written as '?' and one line on
    stderr says so and how to get the exact text, instead of a crash that leaves an empty file."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:
        return text
    say(msg("cli.stdout_encoding", encoding=encoding))
    return text.encode(encoding, errors="replace").decode(encoding)


def fail_on_reached(level: str, fail_on: str | None) -> bool:
    return fail_on is not None and LEVELS.index(level) >= LEVELS.index(fail_on)


# --rates FILE: one option for every command that assesses
rates_option = click.option("--rates", type=click.Path(dir_okay=False, exists=True))
