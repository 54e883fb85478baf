"""Safe YAML: no tags that construct objects, no aliases, YAML 1.2 scalars, bounded, line numbers.

Deal files never need anchors or aliases, so refusing them outright closes the
"billion laughs" alias bomb at the parser instead of after expansion. Only
``true``/``false`` are booleans, so a market list ``[US, NO]`` keeps Norway.
Numbers are decimal only (``12``, ``-3``, ``12.5``, ``1e6``): YAML 1.1's
sexagesimal (``1:30`` = 90), hexadecimal (``0x10``), octal (``010``, ``0o10``)
and binary forms stay text, so a text field keeps them as written (``id: 007``)
and a number field reads the text as validation reads a CSV cell (``010`` is
ten; ``1:30`` and ``0x10`` are errors). Dates stay text too (validation reads them).

Before anything is constructed, the composed node tree is checked in one pass:
nesting depth, repeated keys (both lines reported), and numbers too long to be
a deal's. Every problem found is reported at once.
"""
from __future__ import annotations

import re

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import cache
from .errors import OutputError, said

MAX_BYTES = 5 * 1024 * 1024
# A deal nests four levels deep (contract.auto_renewal.present, kpis[0].id); rule packs a few
# more. Deeper input is refused before it is constructed (Python's own recursion ends near 1,000).
MAX_DEPTH = 32
# Digits in one number: a deal's largest (money up to 10^12, with decimals) needs about 20.
MAX_DIGITS = 40


class YamlProblem(ValueError):
    """A document that cannot be read; ``problems`` holds every (path, message, line) found."""

    def __init__(self, message: str, line: int | None = None, problems: list | None = None, path: str = "",
                 structural: bool = False):
        self.line = line
        self.structural = structural  # found by the structure check (depth, repeated keys, long numbers)
        self.path = path
        self.problems = problems if problems is not None else [(path, message, line)]
        super().__init__(message)


def alias_message() -> str:
    return said("yaml_alias")


# what a depth problem adds: the key of its message in the CLI message table (problem.<key>)
DEAL_DEPTH = "depth_deal"
PACK_DEPTH = "depth_pack"


def depth_message(limit: int, hint: str = DEAL_DEPTH) -> str:
    return said(hint or "depth", limit=limit)


def cut_path(path: str) -> str:
    """A path of a deeply nested value, cut to what a reader needs to find it."""
    return path if len(path) <= 40 else path[:40] + "..."


def digits_message(text: str) -> str:
    return said("digits", length=len(text), max=MAX_DIGITS)


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise YamlProblem(alias_message(), event.start_mark.line + 1)
        return super().compose_node(parent, index)


# libyaml parses several times faster (rule packs are ~200 KiB). It composes an
# alias as the same node object twice, which _check detects before anything
# is constructed, so an alias bomb is still refused in linear time.
_CLoader = type("_CLoader", (yaml.CSafeLoader,), {}) if getattr(yaml, "__with_libyaml__", False) else None

INT_TAG, FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
# YAML 1.2 booleans and decimal numbers only: drop the 1.1 resolvers (yes/no/on/off, 0x10, 010,
# 1:30, 1_000) and add strict ones. Dates stay text too, so an impossible date (2026-02-30) is
# reported by validation with its field path instead of crashing the YAML constructor.
_DROP = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", INT_TAG, FLOAT_TAG}
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in _DROP] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(INT_TAG, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    FLOAT_TAG,
    re.compile(r"^(?:[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))
if _CLoader is not None:
    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _check(root, max_depth: int, hint: str = DEAL_DEPTH) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    """One pass over the composed nodes (iterative: no recursion on hostile depth):
    {dotted.path: line} and the problems (path, message, line)."""
    lines: dict[str, int] = {}
    problems: list[tuple[str, str, int]] = []
    seen: set[int] = set()
    stack = [(root, "", 0)]
    while stack:
        node, prefix, depth = stack.pop()
        if isinstance(node, ScalarNode):
            if node.tag in (INT_TAG, FLOAT_TAG) and len(node.value) > MAX_DIGITS:
                problems.append((prefix, digits_message(node.value), node.start_mark.line + 1))
            continue
        if id(node) in seen:
            raise YamlProblem(alias_message(), node.start_mark.line + 1)
        seen.add(id(node))
        if depth >= max_depth:
            problems.append((cut_path(prefix), depth_message(max_depth, hint), node.start_mark.line + 1))
            continue
        children = []
        if isinstance(node, MappingNode):
            keys: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    path = f"{prefix}.{key.value}" if prefix else str(key.value)
                    line = key.start_mark.line + 1
                    first = keys.get(key.value)
                    if first is not None:
                        problems.append((path, said("yaml_key_twice", key=key.value, first=first, line=line), line))
                        continue
                    keys[key.value] = line
                    lines.setdefault(path, line)
                else:
                    path = prefix
                children.append((value, path, depth + 1))
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                path = f"{prefix}[{i}]"
                lines.setdefault(path, item.start_mark.line + 1)
                children.append((item, path, depth + 1))
        stack.extend(reversed(children))
    return lines, problems


def load_with_lines(text: str, source: str = "<input>", max_depth: int = MAX_DEPTH, hint: str = DEAL_DEPTH):
    """Parse one YAML document; returns (data, {dotted.path: line}). YamlProblem lists every problem."""
    if len(text.encode("utf-8", "ignore")) > MAX_BYTES:
        raise YamlProblem(said("too_large", mib=MAX_BYTES // (1024 * 1024)))
    loader = (_CLoader or _Loader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines, problems = _check(node, max_depth, hint)
        if problems:
            problems.sort(key=lambda p: p[2])
            path, message, line = problems[0]
            raise YamlProblem(message, line, problems, path, structural=True)
        data = loader.construct_document(node)
    except YamlProblem:
        raise
    except RecursionError:  # the pure-Python composer on very deep input
        raise YamlProblem(depth_message(max_depth, hint)) from None
    except yaml.constructor.ConstructorError as e:
        mark = e.problem_mark
        problem = getattr(e, "problem", "") or ""
        tag = re.fullmatch(r"could not determine a constructor for the tag (.*)", problem)
        message = said("yaml_tag", tag=tag[1]) if tag else said("not_allowed", detail=problem)
        raise YamlProblem(message, mark.line + 1 if mark else None) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise YamlProblem(said("invalid_yaml", detail=e.problem or e.context), mark.line + 1 if mark else None) from None
    except yaml.YAMLError as e:
        raise YamlProblem(said("invalid_yaml", detail=str(e))) from None
    finally:
        loader.dispose()
    return data, lines


def load_yaml_text(text: str, source: str = "<input>", max_depth: int = MAX_DEPTH):
    """A YAML document that is not a deal (a string table, a rates file): the same checks.

    What a text parses to is kept in the cache (io.cache), keyed by the text's hash: the string
    tables are read on every run, and JSON reads back several times faster than YAML parses. A
    text with a problem is never kept (it raises as before). A cache folder that is refused (a
    symbolic link) is not used here, so that the message saying so can still be written."""
    try:
        key = cache.content_key(f"yaml-{max_depth}", text)
        hit = cache.read_entry(key)
    except OutputError:
        key = hit = None
    if isinstance(hit, dict) and "data" in hit:
        return hit["data"]
    data = load_with_lines(text, source, max_depth, hint="")[0]
    if key is not None and cache.round_trips(data):
        try:
            cache.write_entry(key, {"data": data})
        except OutputError:
            pass
    return data
