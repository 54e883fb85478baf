from __future__ import annotations

import click

from . import cli
from .common import DAY, LANG, rates_option, say, msg, use_lang


@cli.command()
@click.argument("deals", nargs=-1, type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--allow-host", "allow_hosts", multiple=True)
@click.option("--lang", type=LANG, default=None)
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default="vetting-deals", show_default=True)
@click.option("--today", type=DAY)
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True))
@rates_option
@click.option("--no-browser", is_flag=True)
def serve(deals, port, host, allow_hosts, lang, data_dir, today, rules, rates, no_browser):
    lang = use_lang(lang)
    from ..web.serving import Launch, run

    launch = Launch(deals=tuple(deals), port=port, host=host, allow_hosts=tuple(allow_hosts), lang=lang,
                    data_dir=data_dir, today=today, rules=tuple(rules), rates=rates, browser=not no_browser)
    run(launch, announce=lambda line: click.echo(line), warn=lambda key, **v: say(msg(key, **v)))
