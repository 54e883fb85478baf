"""Shared CLI pieces: exit codes, error reporting, output writing."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..atomic import write_atomic
from ..errors import VettingError
from ..rulepack import LANGS
from ..scoring import LEVEL_ORDER as LEVELS

EXIT_OK = 0
EXIT_FAIL_ON = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3

LANG = click.Choice(list(LANGS))


class VettingGroup(click.Group):
    """Lists commands in the order they were added (the order a user needs them)."""

    def list_commands(self, ctx):
        return list(self.commands)


def fail(error: VettingError) -> None:
    """Print one line per problem on stderr and exit 2."""
    for line in error.lines():
        click.echo(line, err=True)
    sys.exit(EXIT_INPUT)


def write_output(text: str, output: str | None) -> None:
    """Write to stdout, or atomically to a file (no half-written file on a crash)."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    write_atomic(Path(output), text.encode("utf-8"))


def fail_on_reached(level: str, fail_on: str | None) -> bool:
    return fail_on is not None and LEVELS.index(level) >= LEVELS.index(fail_on)
