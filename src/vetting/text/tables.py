"""The report's string tables (``report_templates/strings.<lang>.yaml`` and the others beside it) and
``Texts``, which looks a text up and fills it, escaped for HTML or Markdown.

Every word around the data comes from a string table; dates and money are formatted by the table's
patterns. Markdown has no autoescape, so values filled into a table text go through
:func:`md_escape` unless they are :class:`MdText` (a table text, or text already escaped).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from markupsafe import Markup, escape

from ..io.tables import LANGS, lang_table, read_table, templates_dir  # noqa: F401 (the one loader, named here too)
from ..io.visible import HIDDEN, visible
from ..model import registry


_table = read_table  # one string table of ``report_templates/`` (io.tables reads every table)


def strings(lang: str) -> dict:
    """The report's string table of one language (nested mapping)."""
    return lang_table("strings", lang)


def filled(stem: str, lang: str, key: str, **values) -> str:
    """Text ``key`` of ``report_templates/<stem>.<lang>.yaml``, with ``values`` filled in (plain text)."""
    value = lookup(lang_table(stem, lang), key)
    return value.format(**values) if values else value


def every_language(stem: str, key: str) -> str:
    """Text ``key`` of ``<stem>.<lang>.yaml`` in every language, a line each (English first): what is
    said before a reader's language is known (a refused request)."""
    return "".join(Texts(lang, html=False, stem=stem)(key) + "\n" for lang in LANGS)


def flat_keys(table: dict, prefix: str = "") -> set[str]:
    """Dotted keys of a nested table: used to check that both languages say the same things."""
    out = set()
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out |= flat_keys(v, key + ".")
        else:
            out.add(key)
    return out


def lookup(table: dict, key: str) -> Any:
    """table['a']['b'] for 'a.b'; a key that itself holds a dot is tried whole first. A key the table
    does not have is a KeyError naming the whole key."""
    node, rest = table, key
    while rest not in node:
        head, _, rest = rest.partition(".")
        if not rest or not isinstance(node.get(head), dict):
            raise KeyError(f"no string '{key}' in the table")
        node = node[head]
    return node[rest]


class MdText(str):
    """Markdown that is safe to print as it is: a string-table text, or text already escaped."""

    __slots__ = ()


# CommonMark's backslash escapes for what could turn text into markup: raw HTML (< >), an entity
# (&name; &#1;), code, emphasis, strikethrough, table cells, a link or image ("](", "![" …).
# A bracket alone stays as typed: "[x]" with no link definition is literal text in every viewer,
# and rule texts use it for blanks to fill.
_MD_SPECIAL = re.compile(r"[\\`*_<>|~]|&(?=#?\w+;)|\](?=[(\[])|!(?=\[)")
# What would start a block when a value begins a line: a list item, a quote, a heading, a link
# definition, a thematic break.
_MD_LINE_START = re.compile(r"^(\s*)([-+*=#]|\d{1,9}[.)])(?=\s|$)|^(\s*)\[", re.M)


def _line_start(m: re.Match) -> str:
    if m.group(2) is None:
        return m.group(3) + "\\["
    return m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1]


# A line break in a value (LF, CR, CRLF, and the separators some viewers break on): folded into a
# space, so that a value stays inside its list item or table cell ("Verdict:\nProceed\n===" would
# otherwise end the item and turn into a heading).
_MD_BREAK = re.compile(r"[ \t]*[\r\n\v\f\x85\u2028\u2029]+\s*")


# The characters the substitutions below could change (with io.visible's HIDDEN): a value without one, and
# without a block start at its beginning, is escaped as it is. Most values are (a title, a figure, a
# date), and these checks cost less than the four substitutions (docs/performance.md).
_MD_TOUCHED = frozenset("\\`*_<>|~&]!\r\n\v\f\x85\u2028\u2029")


def md_escape(value: Any) -> Any:
    """A value for a Markdown report: text escaped so that it shows as typed, on one line (MdText as it is)."""
    if isinstance(value, MdText) or not isinstance(value, str):
        return value
    if _MD_TOUCHED.isdisjoint(value) and HIDDEN.search(value) is None and _MD_LINE_START.match(value) is None:
        return MdText(value)
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), visible(_MD_BREAK.sub(" ", value)))
    return MdText(_MD_LINE_START.sub(_line_start, text))


def md_code(value: Any) -> MdText:
    """A value as a Markdown code span (literal inside; the fence longer than any backtick run in it)."""
    text = re.sub(r"\s*\n\s*", " ", str(value))
    run = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return MdText(f"{fence}{pad}{text}{pad}{fence}")


class Texts:
    """Looks texts up and fills their placeholders; in HTML and Markdown the values are escaped.

    ``stem`` names the table (``report_templates/<stem>.<lang>.yaml``): the report's ``strings`` by
    default, ``web`` for the pages of ``vetting serve`` (plain: their Jinja environment escapes)."""

    def __init__(self, lang: str, html: bool, markdown: bool = False, stem: str = "strings"):
        self.lang = lang
        self.html = html
        self.markdown = markdown and not html
        self.table = lang_table(stem, lang)
        # the stable name of each record a finding is about (model.order.names), set per report
        self.names: dict[str, str] = {}

    def __call__(self, name: str, /, **values) -> str:
        text = lookup(self.table, name)
        if not isinstance(text, str):
            raise KeyError(f"string '{name}' is not a text")
        if self.html:
            return Markup(escape(text)).format(**values) if values else Markup(escape(text))
        if not self.markdown:
            return text.format(**values) if values else text
        return MdText(text.format(**{k: md_escape(v) for k, v in values.items()}) if values else text)

    def items(self, name: str, /) -> list[str]:
        """The texts of list ``name`` (escaped for HTML; Markdown-safe as they are)."""
        texts = lookup(self.table, name)
        if not isinstance(texts, list):
            raise KeyError(f"string '{name}' is not a list")
        if self.html:
            return [Markup(escape(t)) for t in texts]
        return [MdText(t) for t in texts] if self.markdown else list(texts)

    def section(self, name: str, /) -> dict:
        """Section ``name`` of the table as it is (a mapping of texts: names keyed by value, such as the
        levels' or the verdicts'), unescaped: for a caller that picks its text by a value."""
        node = lookup(self.table, name)
        if not isinstance(node, dict):
            raise KeyError(f"string '{name}' is not a section")
        return node

    def named(self, section: str, value: str, /) -> str:
        """The name section ``section`` gives ``value`` (names keyed by value: the verdicts', the levels'),
        as a text is given; ``value`` itself when the section does not name it (a value from elsewhere)."""
        return self(f"{section}.{value}") if isinstance(self.section(section).get(value), str) else value

    # -- formatting by the table's patterns -------------------------------------------------
    def date(self, value: str | dt.date | None) -> str:
        if value is None or value == "":
            return self.table["header"]["none"]
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        fmt = self.table["format"]
        return fmt["date"].format(year=day.year, month=day.month, day=day.day, mon=fmt["months"][day.month - 1])

    def money(self, amount: float | None, currency: str) -> str:
        if amount is None:
            return self.table["header"]["none"]
        fmt = self.table["format"]
        symbol = fmt["currency_symbols"].get(currency, f"{currency} ")
        text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
        return fmt["money"].format(symbol=symbol, amount=text)

    def days(self, n: int) -> str:
        """'1 day', '2 days' (zh: '1 天', '2 天'): a count of days as a sentence says it."""
        forms = self.table["format"]["days"]
        return forms["one"] if n == 1 else forms["other"].format(n=f"{n:,}")

    def pct(self, share: float) -> str:
        return self.percent(f"{share * 100:.0f}")

    def percent(self, value) -> str:
        """A figure already in percent, as the table writes a percentage ('12 %' / '12%'): plain text."""
        return self.table["format"]["percent"].format(value=value)

    def subject(self, subject: str, name: str = "") -> str:
        """'kpis[gmv]' → 'KPI “gmv”' (by its ``name`` when the deal gives one); 'claims[0]' → 'claim 1';
        'deal' → ''."""
        m = re.fullmatch(r"(.+)\[(.+)\]", subject)
        if not m:
            return ""
        base, key = m.groups()
        name = name or self.names.get(subject, "")
        table = "subject"
        if name:
            key = name
        elif key.isdigit():
            key, table = str(int(key) + 1), "subject_numbered"  # people count from 1
        try:
            return self(f"{table}.{base}", key=key)
        except KeyError:
            return subject

    def subjects(self, findings) -> str:
        """The subjects of several findings of one rule, in words: 'KPI “a”, KPI “b”'."""
        labels = [self.subject(f.subject, getattr(f, "subject_name", "")) for f in findings]
        labels = [x for x in labels if x]
        sep = self("doc.list_comma")
        return sep.join(labels)

    def path(self, path: str) -> str:
        """A fact's path as the report shows it: a record whose place in its list carries no meaning is
        named by its stable name ('track_record.case_studies[“Acme”].verifiable'), not by its index."""
        m = re.match(r"([a-z_.]+\[\d+\])(.*)", path)
        name = self.names.get(m.group(1)) if m else None
        if not name:
            return path
        return f"{m.group(1).rpartition('[')[0]}[“{name}”]{m.group(2)}"

    def fact(self, path: str) -> str:
        """What an unknown fact is, in words: 'kpis[gmv].target' → the note of 'kpis.target'."""
        canon = re.sub(r"\[[^\]]*\]", "", path)
        note = registry.help_text(canon, self.lang)
        if note is None:
            return md_escape(path) if self.markdown else path
        return MdText(note) if self.markdown else note  # the field table's own words
