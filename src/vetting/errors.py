"""The one exception family of the library. The CLI turns these into lines and exit code 2."""
from __future__ import annotations

import difflib
from dataclasses import dataclass


def did_you_mean(word: str, options, otherwise: str = "") -> str:
    """"; did you mean 'x'?" for the closest option, else ``otherwise`` (a hint to append to a message)."""
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else otherwise


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as we can."""

    source: str  # file name, or "file:row N" in a batch
    path: str  # dotted field path ("contract.stop_loss"); "" for the whole file
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class VettingError(Exception):
    """Base class: every error the library raises on purpose."""

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(VettingError):
    """A deal file (or batch row) that cannot be assessed; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class RulePackError(VettingError):
    """A rule pack that does not load: one line per problem (file, rule id, reason)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def lines(self) -> list[str]:
        return list(self.problems)


class EngineError(VettingError):
    """The rule engine failed; findings would be incomplete, so nothing is returned."""
