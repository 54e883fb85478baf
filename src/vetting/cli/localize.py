"""The command line's own texts in the user's language: ``--help`` and click's words.

- Help texts (each command's description with its Example, each option's help) live in the CLI
  message tables (report_templates/cli.<lang>.yaml, section ``help``), not in docstrings: a command
  is known there by its path (``assess``, ``rules_list``; the top level is ``vetting``), an option by
  its parameter name, under the command (``help.assess.options.fmt``) or shared by all
  (``help.options.lang``). ``LocalizedCommand`` reads them when help is shown, in the run's language.
- click's own words ("Usage:", "Options", "Error: ...", "No such option ...") go through gettext
  (``_()``) in click's modules; ``install_click_translation`` puts a lookup in the table's ``click``
  section there (English: click's text as it is).
- The language is known before click parses anything: ``early_lang`` finds ``--lang`` anywhere on the
  command line (so ``vetting assess --help --lang zh`` is Chinese as well), else $VETTING_LANG.
- Chinese help is wrapped by terminal columns (a CJK character takes two; no line starts with a
  closing punctuation mark); English is wrapped by click as before.
"""
from __future__ import annotations

import re
import unicodedata

import click

from ..text import messages
import importlib

BACKSPACE_LINE = "\\b"  # a line "\b" in the table: click's mark for "do not rewrap this paragraph"


# -- texts from the table ---------------------------------------------------------------------------

def _entry(key: str):
    try:
        return messages.get(key)
    except (KeyError, TypeError):
        return None


def command_help(key: str) -> str | None:
    text = _entry(f"help.{key}.text")
    if text is None:
        return None
    return "\n".join("\b" if line.strip() == BACKSPACE_LINE else line for line in str(text).splitlines())


def option_help(key: str, name: str) -> str | None:
    """The command's own text for option ``name``, else the one its commands share."""
    text = _entry(f"help.{key}.options.{name}")
    if text is None:
        text = _entry(f"help.options.{name}")
    return None if text is None else str(text)


class LocalizedCommand(click.Command):
    """A command whose help and options' help come from the CLI message table at the moment they are
    shown (a text missing from the table: the one given in code, as click would show it)."""

    help_key = ""

    @property
    def help(self):  # noqa: D401  (click reads ``self.help``)
        text = command_help(self.help_key) if self.help_key else None
        return text if text is not None else self.__dict__.get("_help")

    @help.setter
    def help(self, value):
        self.__dict__["_help"] = value

    @property
    def short_help(self):
        text = _entry(f"help.{self.help_key}.short") if self.help_key else None
        return str(text) if text is not None else self.__dict__.get("_short_help")

    @short_help.setter
    def short_help(self, value):
        self.__dict__["_short_help"] = value

    def localize_params(self, ctx) -> None:
        help_option = self.get_help_option(ctx)
        for param in self.get_params(ctx):
            if not isinstance(param, click.Option) or not param.name:
                continue
            name = "help" if param is help_option else param.name
            param.__dict__.setdefault("_code_help", param.help)
            text = option_help(self.help_key, name) if self.help_key else None
            param.help = text if text is not None else param.__dict__["_code_help"]

    def format_options(self, ctx, formatter):
        self.localize_params(ctx)
        super().format_options(ctx, formatter)

    def parse_args(self, ctx, args):
        if ctx.parent is None:  # the top level: the run's language, before anything is parsed or said
            messages.set_lang(early_lang(args))
        return super().parse_args(ctx, args)


class LocalizedGroup(LocalizedCommand, click.Group):
    """A group of localized commands; a command added to it is known in the table by its path."""

    command_class = LocalizedCommand

    def add_command(self, cmd, name=None):
        super().add_command(cmd, name)
        name = name or cmd.name
        if isinstance(cmd, LocalizedCommand) and not cmd.help_key:
            cmd.help_key = name if self.help_key in ("", "vetting") else f"{self.help_key}_{name}"


def early_lang(args) -> str | None:
    """The value of ``--lang`` (``--lang zh`` or ``--lang=zh``) anywhere before ``--``, when it names a
    language vetting has; else None (then $VETTING_LANG, else English)."""
    found = None
    args = list(args)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else (
            arg.partition("=")[2] if arg.startswith("--lang=") else None)
        if value in messages.LANGS:
            found = value
    return found


# -- click's own words ------------------------------------------------------------------------------

def _click_words() -> dict[str, str]:
    """click's English text -> the run's language (the ``click`` section of both tables)."""
    lang = messages.lang()
    if lang == "en":
        return {}
    return _pairs(lang)


_PAIRS: dict[str, dict[str, str]] = {}


def _pairs(lang: str) -> dict[str, str]:
    if lang not in _PAIRS:
        en, other = messages.get("click", "en"), messages.get("click", lang)
        _PAIRS[lang] = {str(en[k]): str(other[k]) for k in en}
    return _PAIRS[lang]


def gettext(text: str) -> str:
    return _click_words().get(text, text)


def ngettext(singular: str, plural: str, n: int) -> str:
    text = singular if n == 1 else plural
    return _click_words().get(text, text)


def install_click_translation() -> None:
    """Put ``gettext``/``ngettext`` above in place of the standard library's in click's modules (they
    call ``_()`` and ``ngettext()`` by module-global name); English is unchanged. Two texts click builds
    without gettext are mended the same way: the kind of a path ("Path 'x' does not exist", named when
    the option was made) and the full stop after a missing parameter's name."""

    for name in ("core", "exceptions", "formatting", "types", "parser", "decorators", "termui"):
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if callable(getattr(module, "_", None)):
            module._ = gettext
        if callable(getattr(module, "ngettext", None)):
            module.ngettext = ngettext
    if getattr(click.types.Path.convert, "_vetting", False):
        return
    path_convert = click.types.Path.convert
    missing_message = click.exceptions.MissingParameter.format_message

    def convert(self, value, param, ctx):
        kind = self.name
        self.name = gettext(kind)
        try:
            return path_convert(self, value, param, ctx)
        finally:
            self.name = kind

    def format_message(self):
        text = missing_message(self)
        return text if messages.lang() == "en" else re.sub(r"^([^.]*)\.", r"\1。", text, count=1)

    convert._vetting = True
    click.types.Path.convert = convert
    click.exceptions.MissingParameter.format_message = format_message


# -- wrapping Chinese help --------------------------------------------------------------------------

_NO_LINE_START = set("，。、；：！？）」』》】〉”’…,.;:!?)]")


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


def _tokens(text: str):
    """Words of Latin text, single CJK characters and spaces: the places a line may break."""
    # an opening bracket or quote stays with what follows it (no line ends with one)
    return re.findall(r"\s+|[（「『《【“‘]*(?:[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“‘]+|.)", text)


def wrap_line(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    lines, line = [], first
    start = len(first)
    for tok in _tokens(text):
        if tok.isspace():
            if len(line) > start:
                line += " "
            continue
        if columns(line + tok) > width and len(line) > start and tok[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, start = rest, len(rest)
        line += tok
    lines.append(line.rstrip())
    return lines


def _join(lines: list[str]) -> str:
    """A paragraph's lines as one text: a space between Latin words, none between CJK characters."""
    out = ""
    for line in lines:
        line = line.strip()
        if out and line and not (_wide(out[-1]) or _wide(line[0])):
            out += " "
        out += line
    return out


def wrap_text(text: str, width: int, first: str = "", rest: str = "", paragraphs: bool = True) -> str:
    """click.formatting.wrap_text for text with CJK characters (same paragraph rules: a paragraph whose
    first line is "\\b" is kept as it is)."""
    if not paragraphs:
        return "\n".join(wrap_line(_join(text.splitlines()), width, first, rest))
    out, buf = [], []

    def flush():
        if not buf:
            return
        if buf[0].strip() == "\b":
            out.append("\n".join(rest + line.rstrip() for line in buf[1:]))
        else:
            indent = len(buf[0]) - len(buf[0].lstrip())
            out.append("\n".join(wrap_line(_join(buf), width, first + " " * indent, rest + " " * indent)))
        buf.clear()

    for line in text.expandtabs().splitlines():
        if line.strip():
            buf.append(line)
        else:
            flush()
    flush()
    return "\n\n".join(out)


class Formatter(click.HelpFormatter):
    """click's help formatter; in a language other than English: "用法：" with no space after it, headings
    with a full-width colon, text wrapped by terminal columns."""

    def _plain(self) -> bool:
        return messages.lang() == "en"

    def write_usage(self, prog, args="", prefix=None):
        if self._plain() or prefix is not None:
            return super().write_usage(prog, args, prefix)
        prefix = gettext("Usage:")
        head = f"{prefix:>{self.current_indent}}{prog} "
        self.write("\n".join(wrap_line(args, self.width - self.current_indent, head, " " * columns(head))) + "\n")

    def write_heading(self, heading):
        if self._plain():
            return super().write_heading(heading)
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text):
        if self._plain():
            return super().write_text(text)
        indent = " " * self.current_indent
        self.write(wrap_text(text, self.width, indent, indent) + "\n")

    def write_dl(self, rows, col_max=30, col_spacing=2):
        if self._plain():
            return super().write_dl(rows, col_max, col_spacing)
        # click appends "  [default: x; 1<=x<=9]" to an option's help: no space before it after a full-width
        # stop, and a full-width semicolon inside
        rows = [(first, re.sub(r"\s+\[([^\]]*)\]$", lambda m: "[" + m.group(1).replace("; ", "；") + "]", second))
                for first, second in rows]
        first_col = min(max((columns(r[0]) for r in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if columns(first) <= first_col - col_spacing:
                self.write(" " * (first_col - columns(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            text_width = max(self.width - first_col - 2, 10)
            lines = wrap_text(second, text_width).splitlines() or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n" if line else "\n")


class Context(click.Context):
    formatter_class = Formatter


LocalizedCommand.context_class = Context
