from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from . import cli
from .common import rates_option, msg, use_lang, DAY, EXIT_FAIL_ON, EXIT_INPUT, LANG, LEVELS
from ..io.errors import OutputError
import datetime as dt


@cli.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True))
@click.option("--out", "out", type=click.Path(file_okay=False), default="results", show_default=True)
@click.option("--reports", type=click.Choice(["md", "html"]))
@click.option("--lang", type=LANG, default=None)
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True)
@click.option("--scheduler", metavar="tcp://HOST:PORT")
@click.option("--chunk-size", type=click.IntRange(1, 100000), default=64, show_default=True)
@click.option("--fail-on", type=click.Choice(LEVELS))
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, exists=True))
@click.option("--xlsx/--no-xlsx", default=True, show_default=True)
@click.option("--passes", is_flag=True)
@click.option("--portfolio/--no-portfolio", default=True, show_default=True)
@click.option("--parquet/--no-parquet", default=None)
@click.option("--today", type=DAY)
@rates_option
def batch(input_path, out, reports, lang, workers, scheduler, chunk_size, fail_on, rules, xlsx, parquet, passes,
          portfolio, today, rates):
    lang = use_lang(lang)
    from ..outputs.formats import FORMATS
    from ..workflows.batch import ChunkOptions, run
    from ..workflows.batch.flat import count_rows, input_kind

    try:
        input_kind(Path(input_path))
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    if parquet and not FORMATS["parquet"].available():
        raise click.UsageError(msg("batch.needs_pyarrow"))

    # one report date for the whole run (a run across midnight must not count from two days)
    options = ChunkOptions(lang=lang, rules=tuple(rules), reports=reports, today=today or dt.date.today(),
                           rates=rates)
    show_bar = sys.stderr.isatty()
    total = None
    if show_bar:
        try:
            total = count_rows(Path(input_path))
        except Exception:  # only the progress bar's length: the run itself reports input problems
            total = None
    # The bar covers the whole run: the deals, then a last stretch for each output finished at the
    # end (the workbook's last sheets, the portfolio page, Parquet), so it is full only when all is written.
    stages = [xlsx, portfolio, parquet if parquet is not None else FORMATS["parquet"].available()]
    reserve = (total // 5 or 1) if total and any(stages) else 0
    bar = (click.progressbar(length=(total or 0) + reserve, label=msg("batch.assessing"), file=sys.stderr, show_pos=False,
                             show_percent=total is not None) if show_bar else contextlib.nullcontext())
    done_stages = []

    def progress(n: int, stage: str | None = None) -> None:
        """Deals done, then each output written at the end (the label names it)."""
        if stage is None:
            bar.update(n)
            return
        bar.label = msg("batch.writing", stage=stage)
        if total and reserve:
            share = reserve * len(done_stages) // sum(stages)
            bar.update(max(0, total + share - bar.pos))
        done_stages.append(stage)
        bar.render_progress()

    try:
        with bar:
            outcome = run(input_path, out, options=options, workers=workers, scheduler=scheduler,
                          chunk_size=chunk_size, xlsx=xlsx, parquet=parquet, passes=passes, portfolio=portfolio,
                          progress=progress if show_bar else None)
            if show_bar:
                bar.update(max(0, bar.length - bar.pos))
    except OSError as e:  # a table or report that cannot be written (disk full...): say which folder
        raise OutputError(getattr(e, "filename", None) or out, e.strerror or str(e), errno=e.errno) from None
    _report(outcome, out, lang)
    if outcome.failed or outcome.problems:
        sys.exit(EXIT_INPUT)
    if fail_on and any(outcome.levels[lv] for lv in LEVELS[LEVELS.index(fail_on):]):
        sys.exit(EXIT_FAIL_ON)


def _report(outcome, out, lang: str) -> None:
    """On stderr: the notes, the earlier run's files removed, the rows that failed, then the summary line."""
    for note in outcome.notes:
        click.echo(msg("batch.note", note=note), err=True)
    if outcome.removed:  # the earlier run's files this run did not write again
        shown = ", ".join(outcome.removed[:5]) + (msg("batch.more", count=len(outcome.removed) - 5)
                                                  if len(outcome.removed) > 5 else "")
        click.echo(msg("batch.removed", count=len(outcome.removed), out=out, files=shown), err=True)
    _name_failures(outcome, out)  # the rows that failed and why, then the summary line (the last line)
    names = level_names(lang)
    levels = msg("batch.list_sep").join(msg("batch.level", count=outcome.levels[lv], level=names[lv]) for lv in LEVELS if outcome.levels[lv])
    click.echo(msg("batch.summary", rows=outcome.rows, assessed=outcome.assessed, failed=outcome.failed,
                   problems=outcome.problems)
               + (msg("batch.levels", levels=levels) if levels else "")
               + msg("batch.timing", seconds=f"{outcome.seconds:.1f}", rate=f"{outcome.rate:.0f}",
                     writing=_where_time_went(outcome), out=out))


def _name_failures(outcome, out) -> None:
    """The first rows that failed and why, one line each (errors.csv has them all)."""
    from .terminal import for_stream

    for source, row, deal_id, field, message in outcome.first_errors:
        aside = msg("batch.deal", deal=deal_id) if deal_id else ""
        key = "batch.failed_row" if row not in (None, "") else "batch.failed_file"
        line = msg(key, file=Path(str(source)).name, row=row, deal=aside,
                   field=msg("batch.field", field=field) if field else "", message=message)
        click.echo(for_stream(line, sys.stdout))
    more = outcome.problems - len(outcome.first_errors)
    if more > 0:
        click.echo(msg("batch.failed_more", count=more, path=str(Path(out) / "errors.csv")))


SLOW_WRITING = 0.25  # of the run: the final line then says what the writing took


def _where_time_went(outcome) -> str:
    """' (writing: results.xlsx 3.1 s, Parquet 2.0 s)' when writing took a good part of the run."""
    spent = sum(outcome.writing.values())
    if outcome.seconds <= 0 or spent < 1.0 or spent < SLOW_WRITING * outcome.seconds:
        return ""
    unit = msg("batch.seconds")
    parts = ", ".join(f"{name} {s:.1f} {unit}" for name, s in sorted(outcome.writing.items(), key=lambda x: -x[1]) if s >= 0.05)
    return msg("batch.writing_took", parts=parts)


def level_names(lang: str) -> dict:
    """Risk level names as the reports write them (English: the level ids, as before)."""
    if lang == "en":
        return {lv: lv for lv in LEVELS}
    from ..text.tables import Texts

    return Texts(lang, html=False).section("level")
