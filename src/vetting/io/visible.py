"""Text a user gave, made safe to show: the one place that decides what a reader must never receive raw.

Every writer that shows user text to a person (the Markdown and HTML report, scan's Markdown and
HTML, the summary and addendum, the web pages, the calendar) passes it through :func:`visible`. It replaces with
U+FFFD (the replacement character "�", which every viewer shows):

- the C0 control characters but tab, line feed and carriage return (ESC starts a terminal's escape
  sequence: ``cat report.md`` would set the window title or clear the screen), DEL and the C1
  controls (0x9B is a terminal's CSI; 0x85 a line break some viewers honour);
- the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which show a
  text in another order than it is written: "8000元\\u202e001" reads as "8000元100".

On a terminal (``vetting.cli.terminal``) the same characters, and CR, are written as a visible
``\\uXXXX`` escape instead (:func:`escaped`). Line breaks are left to each format (Markdown folds
them inside a list item, iCalendar writes ``\\n``). Ordinary text, Chinese and English, passes unchanged.
"""
from __future__ import annotations

import re

# The characters a reader must never receive raw: C0 controls but tab, LF and CR, DEL, C1, bidi
# embeddings, overrides and isolates. :func:`visible` keeps CR (a document's line end; each format
# folds its breaks); :func:`escaped` (a terminal, where a bare CR overwrites a line) escapes it too.
_SET = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
HIDDEN = re.compile(f"[{_SET}]")
ON_TERMINAL = f"[{_SET}\r]"  # compiled by `re` on first use: only a terminal needs it
SHOWN_AS = "\ufffd"


def visible(text: str) -> str:
    """``text`` with every control and bidi-override character as U+FFFD; ordinary text unchanged."""
    return HIDDEN.sub(SHOWN_AS, text)


def escaped(text: str) -> str:
    """``text`` for a terminal: the same characters and CR as a visible ``\\uXXXX`` escape (a form that is
    also valid inside a JSON string, so JSON printed on a terminal stays the same value)."""
    return re.sub(ON_TERMINAL, lambda m: f"\\u{ord(m.group()):04x}", text)
