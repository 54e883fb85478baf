"""Text for a terminal: control characters from deal text are shown, not obeyed.

A provider name or KPI text can hold ANSI escape sequences (clear the screen, move the
cursor, recolour), a carriage return (overwrite a line: fake a "Verdict: proceed") or
bidirectional overrides (show text in another order than it is). When stdout or stderr
is a terminal, every such character is written as a visible ``\\uXXXX`` escape; the same
form is valid inside JSON strings, so JSON stays the same value. Files and pipes get the
exact text.
"""
from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """``text`` with every control character written as ``\\uXXXX``."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def for_stream(text: str, stream) -> str:
    """``text`` as it may be written to ``stream``: escaped on a terminal, exact elsewhere."""
    return escape_controls(text) if is_terminal(stream) else text
