"""The command line: parse options, call the library; errors become lines in one place
(``common.VettingGroup.invoke``).

Exit codes: 0 done, 1 the --fail-on level was reached, 2 bad input, usage or an output
that cannot be written, 3 an internal error (a bug: please report it), 130 Ctrl-C,
143 SIGTERM.
"""
from __future__ import annotations

import sys

import click

from ..errors import Interrupted
from .common import EXIT_INPUT, VettingGroup, install_signal_handlers


@click.group(cls=VettingGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="vetting", prog_name="vetting")
def cli():
    """Vet a deal with an outsourced e-commerce provider before you sign.

    Exit codes: 0 done, 1 the --fail-on level was reached, 2 bad input or
    usage, or an output that cannot be written, 3 an internal error (please
    report it), 130 Ctrl-C, 143 SIGTERM.

    \b
    Example:
      vetting init -o deal.yaml            # a deal file to fill in
      vetting assess deal.yaml             # risk score, verdict and checklist
      vetting explain EXIT-001 deal.yaml   # why a rule gave its outcome

    Messages follow --lang, else the VETTING_LANG environment variable (en, zh).
    """
    from ..messages import set_lang

    set_lang(None)  # each run starts from $VETTING_LANG; a command's --lang then sets it


def _register():
    from . import assess, batch, compare, explain, init, rules, schema  # noqa: F401  (commands register themselves)
    from . import diff, track, remind  # noqa: F401  (the lifecycle commands: after signing)


def main(argv=None):
    if sys.version_info >= (3, 13):
        click.echo("vetting: needs Python 3.11 or 3.12 (durable-rules 2.0.28 does not import on 3.13+)", err=True)
        sys.exit(EXIT_INPUT)
    _register()
    install_signal_handlers()
    try:
        cli.main(args=argv, prog_name="vetting", standalone_mode=True)
    except Interrupted as e:  # outside a command (while parsing arguments): the same exit code, quietly
        sys.exit(128 + e.signum)
