"""Safe YAML: no tags that construct objects, no aliases, YAML 1.2 booleans, line numbers.

Deal files never need anchors or aliases, so refusing them outright closes the
"billion laughs" alias bomb at the parser instead of after expansion. Only
``true``/``false`` are booleans, so a market list ``[US, NO]`` keeps Norway.
"""
from __future__ import annotations

import re

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

MAX_BYTES = 5 * 1024 * 1024


class YamlProblem(ValueError):
    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(message)


ALIAS_MESSAGE = "YAML anchors and aliases (&name, *name) are not allowed in deal files; write the value out"


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise YamlProblem(ALIAS_MESSAGE, event.start_mark.line + 1)
        return super().compose_node(parent, index)


# libyaml parses several times faster (rule packs are ~200 KiB). It composes an
# alias as the same node object twice, which _line_map detects before anything
# is constructed, so an alias bomb is still refused in linear time.
_CLoader = type("_CLoader", (yaml.CSafeLoader,), {}) if getattr(yaml, "__with_libyaml__", False) else None


# YAML 1.2 booleans only: drop the 1.1 resolver (yes/no/on/off) and add a strict one.
# Dates stay text too, so an impossible date (2026-02-30) is reported by validation
# with its field path instead of crashing the YAML constructor.
_DROP = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in _DROP] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
if _CLoader is not None:
    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _line_map(node, prefix: str, out: dict[str, int], seen: set[int]) -> None:
    if isinstance(node, (MappingNode, SequenceNode)):
        if id(node) in seen:
            raise YamlProblem(ALIAS_MESSAGE, node.start_mark.line + 1)
        seen.add(id(node))
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                path = f"{prefix}.{key.value}" if prefix else str(key.value)
                out.setdefault(path, key.start_mark.line + 1)
            else:
                path = prefix
            _line_map(value, path, out, seen)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            path = f"{prefix}[{i}]"
            out.setdefault(path, item.start_mark.line + 1)
            _line_map(item, path, out, seen)


def load_with_lines(text: str, source: str = "<input>"):
    """Parse one YAML document; returns (data, {dotted.path: line})."""
    if len(text.encode("utf-8", "ignore")) > MAX_BYTES:
        raise YamlProblem(f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; a deal file is a few KiB")
    loader = (_CLoader or _Loader)(text)
    lines: dict[str, int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _line_map(node, "", lines, set())
        data = loader.construct_document(node)
    except YamlProblem:
        raise
    except yaml.constructor.ConstructorError as e:
        mark = e.problem_mark
        tag = getattr(e, "problem", "") or ""
        raise YamlProblem(f"not allowed in a deal file: {tag}".strip(), mark.line + 1 if mark else None) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise YamlProblem(f"invalid YAML: {e.problem or e.context}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as e:
        raise YamlProblem(f"invalid YAML: {e}") from None
    finally:
        loader.dispose()
    return data, lines


def load_yaml_text(text: str, source: str = "<input>"):
    return load_with_lines(text, source)[0]
