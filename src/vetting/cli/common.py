"""Shared CLI pieces: exit codes, error reporting, output writing."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from ..errors import VettingError

EXIT_OK = 0
EXIT_FAIL_ON = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3

LEVELS = ("low", "medium", "high", "critical")
LANG = click.Choice(["en", "zh"])


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


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def fail_on_reached(level: str, fail_on: str | None) -> bool:
    return fail_on is not None and LEVELS.index(level) >= LEVELS.index(fail_on)
