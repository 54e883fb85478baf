"""A seller's YAML file rewritten to hold new data, its comments, key order, quotes and indentation kept
(ruamel.yaml's round trip): ``vetting merge`` writes the deal's new version this way, so the notes a
seller wrote beside the facts survive the provider's answers.

Only what changed is touched: a value whose data differs is replaced, a key added is appended to its
mapping, a key gone is dropped; every other line is written as it was. The text was first read by
``io.yamlsafe`` (no aliases, bounded), so ruamel parses only a document vetting already accepted.
:func:`rewrite` returns None when the text cannot be kept (its top is not a mapping, or ruamel reads it
otherwise): the caller then writes the data plainly, with :func:`plain`, the one plain YAML writer (a
new deal version, serve's saved deal, the scan's proposals file): key order kept, no anchors or aliases
(the deal loader and the answers reader refuse them, so a value used twice is written twice).
"""
from __future__ import annotations

import io
import re

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

_KEY = re.compile(r"^( +)[^\s#\-][^:#\n]*:", re.M)  # an indented mapping key: its indentation
_YAML11 = yaml.resolver.Resolver()  # what a YAML 1.1 reader (PyYAML) would take a plain text for
_STR = "tag:yaml.org,2002:str"


class _Plain(yaml.SafeDumper):
    """No anchors and aliases: a value used twice is written twice."""

    def ignore_aliases(self, data):
        return True


def plain(data) -> str:
    """``data`` as plain YAML in its own key order, long texts on one line up to 100 characters."""
    return yaml.dump(data, Dumper=_Plain, allow_unicode=True, sort_keys=False, width=100)


def _yaml(text: str) -> YAML:
    """A round-trip YAML that writes as ``text`` is written (mapping and list indentation)."""
    _, sequence, offset = load_yaml_guess_indent(text)
    mapping = min((len(m) for m in _KEY.findall(text)), default=2)
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # a long text stays on its line
    y.indent(mapping=mapping, sequence=sequence or 2, offset=offset or 0)
    y.representer.ignore_aliases = lambda *_: True  # the deal loader refuses aliases: a value twice is written twice
    return y


def rewrite(text: str, old: dict, new: dict) -> str | None:
    """``text`` (which reads as ``old``) rewritten to read as ``new``, everything unchanged kept (the line
    ends too, and a ``---`` that opens the document)."""
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    try:
        y = _yaml(text)
        doc = y.load(text)
    except (YAMLError, ValueError, TypeError):
        return None
    if not isinstance(doc, CommentedMap) or not isinstance(old, dict):
        return None
    y.explicit_start = re.match(r"(?:\s*#[^\n]*\n)*\s*---", text) is not None
    _update(doc, old, new)
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue().replace("\n", "\r\n") if crlf else out.getvalue()


def _update(node: CommentedMap, old: dict, new: dict) -> None:
    for key in [k for k in node if k not in new]:
        del node[key]
    for key, value in new.items():
        if key in node and key in old:
            if old[key] == value and type(old[key]) is type(value):
                continue
            if _into(node[key], old[key], value):
                continue
        node[_written(key)] = _written(value)


def _into(node, old, new) -> bool:
    """Update ``node`` in place where it and the data have the same shape (True), else leave it."""
    if isinstance(node, CommentedMap) and isinstance(old, dict) and isinstance(new, dict):
        _update(node, old, new)
        return True
    if isinstance(node, CommentedSeq) and isinstance(old, list) and isinstance(new, list) and len(old) == len(new) \
            and len(node) == len(old):
        for i, (was, value) in enumerate(zip(old, new)):
            if not (was == value and type(was) is type(value)) and not _into(node[i], was, value):
                node[i] = _written(value)
        return True
    return False


def _written(value):
    """A new value as the plain dumper writes it: a text that a YAML 1.1 reader would take for something
    else (``on``, ``yes``, ``1:30``) quoted, so every reader gets the text back; a whole number held as a
    float (serve's validated deal: 0.0) written as the seller writes it (0)."""
    if isinstance(value, dict):
        return {_written(k): _written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_written(v) for v in value]
    if isinstance(value, str) and _YAML11.resolve(yaml.ScalarNode, value, (True, False)) != _STR:
        return SingleQuotedScalarString(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


__all__ = ["plain", "rewrite"]
