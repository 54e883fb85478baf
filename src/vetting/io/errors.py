"""The one exception family of the library, and the one way its problems are written.

Every error the library raises on purpose is a ``VettingError``; the CLI prints its
``lines()`` on stderr and exits with its ``exit_code`` (2: the user's input or output,
not a bug). Problems carry structured fields (file, line, rule id, field path,
message, suggestion) and ``format_problem`` is the only place that turns them into text:
``file:line: RULE-ID: field.path: message; did you mean 'x'?``.
"""
from __future__ import annotations

import difflib
import errno as errno_
from dataclasses import dataclass

from . import wording as messages

EXIT_INPUT = 2


def did_you_mean(word: str, options, otherwise: str = "") -> str:
    """"; did you mean 'x'?" for the closest option, else ``otherwise`` (a hint to append to a message)."""
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else otherwise


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as we can."""

    source: str  # file name, or "file:row N" in a batch, or a pack's name@version
    path: str  # dotted field path ("contract.stop_loss"); "" for the whole file or rule
    message: str
    line: int | None = None
    rule: str | None = None  # the rule id, for a problem in a rule pack
    suggestion: str = ""  # appended to the message: "; did you mean 'x'?"
    # the message's template in the CLI message table (cli.<lang>.yaml, section ``problem``) and its
    # values, so the line can be written in the user's language; "" for messages without one
    key: str = ""
    values: tuple = ()  # (name, value) pairs

    def __post_init__(self):
        if not self.key and isinstance(self.message, Said) and self.message.key:
            object.__setattr__(self, "key", self.message.key)
            object.__setattr__(self, "values", self.message.values)

    def __str__(self) -> str:
        return format_problem(self)


class Said(str):
    """An English message that knows its template in the CLI message table (``problem.<key>``) and the
    values it was filled with: a Problem made from it is written in the run's language. It is a str, so
    code that passes messages around as text keeps working. Made by ``said``."""

    key: str = ""
    values: tuple = ()


def said(key: str, /, **values) -> Said:
    """Message ``problem.<key>`` of report_templates/cli.en.yaml with ``values`` (the English text lives
    there only). A value that is a tuple is a list of items (each a text or a ``Said``), listed as the
    language lists them."""
    shown = {name: _listed(v, "en") if isinstance(v, tuple) else v for name, v in values.items()}
    text = Said(messages.msg("problem." + key, "en", **shown))
    text.key, text.values = key, tuple(values.items())
    return text


def _listed(items: tuple, lang: str) -> str:
    """Items of a list in ``lang``, with its list separator ('a, b'; 'a、b')."""
    return messages.msg("problem.list_sep", lang).join(
        _in(v.key, v.values, lang) if isinstance(v, Said) and v.key and lang != "en" else str(v) for v in items)


def format_problem(p: Problem) -> str:
    """``file:line: RULE-ID: field.path: message{suggestion}``, leaving out what is not known. A problem
    with a ``key`` is written in the CLI's language (messages.lang(); English unless --lang or
    VETTING_LANG says otherwise); the location stays as editors parse it."""
    lang = messages.lang() if p.key else "en"
    source = p.source
    if lang != "en" and source.rpartition(":row ")[2].isdigit():  # "file:row 3" of a table, in the language
        name, _, row = source.rpartition(":row ")
        source = f"{name}:{messages.msg('problem.row', lang, row=row)}"
    where = f"{source}:{p.line}" if p.line else source
    parts = [part for part in (where, p.rule, p.path) if part]
    if lang != "en":
        return ": ".join(parts + [_in(p.key, p.values, lang) + messages.hint(p.suggestion, lang)])
    return ": ".join(parts + [f"{p.message}{p.suggestion}"])


def in_lang(message: str, lang: str) -> str:
    """A problem's message (a ``Said``; other text is returned as it is) in ``lang``: for the tables a
    batch writes (errors.csv, the workbook's Errors sheet), whose language is the run's ``--lang``."""
    if lang == "en" or not isinstance(message, Said) or not message.key:
        return message
    return _in(message.key, message.values, lang)


def _in(key: str, values_in: tuple, lang: str) -> str:
    values = {name: _in(v.key, v.values, lang) if isinstance(v, Said) and v.key
              else _listed(v, lang) if isinstance(v, tuple) else v for name, v in values_in}
    for name in ("options", "kpis", "listed"):  # a list of values, as the language lists them
        if name in values:
            values[name] = str(values[name]).replace(", ", messages.msg("problem.list_sep", lang))
    if "hint" in values:
        values["hint"] = messages.hint(values["hint"], lang)
    for name in ("detail", "reason"):  # a library's or the system's English words, where the table has them
        if name in values and not isinstance(dict(values_in).get(name), Said):
            values[name] = messages.detail(str(values[name]), lang)
    return messages.msg("problem." + key, lang, **values)


class VettingError(Exception):
    """Base class: every error the library raises on purpose."""

    exit_code = EXIT_INPUT

    def lines(self) -> list[str]:
        """What the CLI prints: one message, as "vetting: message" (problem lists print as they are), in the
        run's language where the message is a ``Said``."""
        message = self.args[0] if self.args else ""
        return [messages.msg("cli.error_line", message=in_lang(message, messages.lang()) if isinstance(message, Said)
                             else str(self))]


class InputError(VettingError):
    """A deal file (or batch row) that cannot be assessed; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class RulePackError(VettingError):
    """A rule pack that does not load: one line per problem (file:line, rule id, reason).

    Problems are ``Problem``s (plain strings are accepted too, as they are)."""

    def __init__(self, problems: list[Problem | str]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class EngineError(VettingError):
    """The rule engine failed; findings would be incomplete, so nothing is returned."""


class OutputError(VettingError):
    """An output that cannot or must not be written: "cannot write PATH: reason".

    ``key`` and ``values`` name the reason in the CLI message table (report_templates/cli.*.yaml,
    section ``output``), so that the line reads in the user's language; ``errno`` (an OSError's)
    does the same for the system's reasons. Without either, the reason is shown as given. With a
    ``key`` and no ``reason``, the English reason is the table's (cli.en.yaml)."""

    def __init__(self, path, reason: str = "", key: str = "", errno: int | None = None, **values):
        self.path = str(path)
        self.reason = reason or (messages.msg("output." + key, "en", **values) if key else "")
        self.key = key
        self.errno = errno
        self.values = values
        super().__init__(f"cannot write {self.path}: {reason}")

    def lines(self) -> list[str]:
        return [messages.msg("cli.cannot_write", path=self.path, reason=self.localized_reason())]

    def localized_reason(self) -> str:
        if messages.lang() == "en":
            return self.reason
        if self.key:
            return messages.msg("output." + self.key, **self.values)
        name = errno_.errorcode.get(self.errno or -1, "")
        table = messages.get("output.errno")
        return table.get(name, self.reason)


class Interrupted(BaseException):
    """SIGTERM (or another stop signal) received: raised like KeyboardInterrupt, so that every
    ``finally`` and ``except BaseException`` on the way out removes its temporary files.
    (Not an Exception: no ``except Exception`` may swallow it.)"""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"signal {signum}")
