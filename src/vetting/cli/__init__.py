"""The command line: parse options, call the library; errors become lines in one place
(``common.VettingGroup.invoke``).

Exit codes: 0 done, 1 the --fail-on level was reached, 2 bad input, usage or an output
that cannot be written, 3 an internal error (a bug: please report it), 130 Ctrl-C,
143 SIGTERM.
"""
from __future__ import annotations

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


def _register():
    from . import assess, addendum, batch, compare, explain, init, rules, schema  # noqa: F401  (commands register themselves)
    from . import diff, track, remind  # noqa: F401  (the lifecycle commands: after signing)
    from . import serve  # noqa: F401  (the local guided interview)
    from . import scan  # noqa: F401  (reading a provider's contract)
    from . import ask  # noqa: F401  (the questionnaire for the provider)


def main(argv=None):
    if sys.version_info >= (3, 13):
        from ..text import messages
        from .localize import early_lang

        messages.set_lang(early_lang(sys.argv[1:] if argv is None else argv))
        click.echo(messages.msg("cli.needs_python"), err=True)
        sys.exit(EXIT_INPUT)
    _register()
    install_signal_handlers()
    try:
        cli.main(args=argv, prog_name="vetting", standalone_mode=True)
    except Interrupted as e:  # outside a command (while parsing arguments): the same exit code, quietly
        sys.exit(128 + e.signum)
