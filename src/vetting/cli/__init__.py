"""The command line: parse options, call the library; errors become lines in one place
(``common.VettingGroup.invoke``).

Exit codes: 0 done, 1 the --fail-on level was reached, 2 bad input, usage or an output
that cannot be written, 3 an internal error (a bug: please report it), 130 Ctrl-C,
143 SIGTERM.
"""
from __future__ import annotations

import atexit
import gc
import importlib
import sys

import click

from .. import __version__
from ..io.errors import Interrupted
from .common import EXIT_INPUT, LANG, VettingGroup, install_signal_handlers


@click.group(cls=VettingGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(version=__version__, prog_name="vetting")  # works from a checkout too (not installed)
@click.option("--lang", type=LANG, default=None, is_eager=True, expose_value=False)
def cli():
    # Help texts (here and for every command and option): report_templates/cli.<lang>.yaml, section help.
    # The run's language is set before parsing (localize.early_lang): --lang anywhere, else $VETTING_LANG.
    pass


cli.help_key = "vetting"


# Every command, in the order `vetting --help` lists them (the order a user needs them); each is the
# module of its name in this package, which registers it on ``cli`` when imported. A run imports only
# the module of the command it runs (``VettingGroup.get_command``); the help lists them all.
COMMANDS = ("assess", "addendum", "batch", "compare", "explain", "init", "rules", "schema",
            "diff", "track", "remind",  # the lifecycle commands: after signing
            "serve",  # the local guided interview
            "scan",  # reading a provider's contract
            "ask",  # the questionnaire for the provider
            "merge")  # a provider's answers and accepted contract facts into the deal


def _load(name: str) -> None:
    """Import command ``name``'s module (lazy seam "the CLI's commands": it registers itself on ``cli``)."""
    importlib.import_module(f"{__name__}.{name}")


cli.lazy, cli.load_command = COMMANDS, _load


def _register():
    """Register every command now (tests and tools that read ``cli.commands`` whole)."""
    for name in COMMANDS:
        _load(name)


GC_THRESHOLD = 10_000  # allocations before a first-generation collection (CPython's default: 700)


def main(argv=None):
    if sys.version_info >= (3, 13):
        from ..text import messages
        from .localize import early_lang

        messages.set_lang(early_lang(sys.argv[1:] if argv is None else argv))
        click.echo(messages.msg("cli.needs_python"), err=True)
        sys.exit(EXIT_INPUT)
    install_signal_handlers()
    # A command builds tens of thousands of long-lived objects while it starts (the pydantic models, the
    # rule pack, the templates): with the default threshold (700) the collector scans them over and
    # over, ~10% of a one-deal run's CPU, and frees nothing. A higher first threshold still collects
    # cycles in a long batch or `vetting serve` (docs/performance.md, "Garbage collection").
    before = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *before[1:])
    # When the process ends, Python's shutdown collects cycles over every object the run built (more than
    # once) and frees nothing an ending process needs: about 70 ms of CPU after a one-deal assessment, a
    # fifth of its run. At exit, and only then, the objects are frozen (gc.freeze): the shutdown's
    # collections pass them by; they are still released one by one, and the other exit handlers still
    # run. A process that goes on (a test, a script) is not touched (docs/performance.md, "Shutdown").
    atexit.unregister(gc.freeze)  # one handler, however often main() runs in one process
    atexit.register(gc.freeze)
    try:
        cli.main(args=argv, prog_name="vetting", standalone_mode=True)
    except Interrupted as e:  # outside a command (while parsing arguments): the same exit code, quietly
        sys.exit(128 + e.signum)
    finally:  # main() called in a process that goes on (a test, a script) gets its own setting back
        gc.set_threshold(*before)
