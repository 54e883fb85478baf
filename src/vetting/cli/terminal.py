"""Text for a terminal: control characters from deal text are shown, not obeyed.

A provider name or KPI text can hold ANSI escape sequences (clear the screen, move the
cursor, recolour), a carriage return (overwrite a line: fake a "Verdict: proceed") or
bidirectional overrides (show text in another order than it is). When stdout or stderr
is a terminal, every such character is written as a visible ``\\uXXXX`` escape; the same
form is valid inside JSON strings, so JSON stays the same value. Files and pipes get the
text as the format wrote it (a Markdown or HTML report already shows these characters as U+FFFD).
"""
from __future__ import annotations

from ..io.visible import escaped


def escape_controls(text: str) -> str:
    """``text`` with every control character (C0 but tab and newline, DEL, C1, bidi embeddings, overrides
    and isolates) written as ``\\uXXXX``: the set is vetting.io.visible's, shared by every writer."""
    return escaped(text)


def is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def for_stream(text: str, stream) -> str:
    """``text`` as it may be written to ``stream``: escaped on a terminal, exact elsewhere."""
    return escape_controls(text) if is_terminal(stream) else text
