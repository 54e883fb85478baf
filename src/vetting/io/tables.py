"""The one loader of vetting's own string tables (``report_templates/<name>.yaml``): the report's
strings, the summary's, the web pages', the scan's, the questionnaire's, the field registry's labels and
questions. Every layer above reads its tables here (read with the strict reader ``io.yamlsafe``, whose
parse is kept in the cache). The CLI's message tables (``cli.<lang>.yaml``) are ``io.wording``'s: an io
error writes itself with them, below this module."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .wording import LANGS, templates_dir
from .yamlsafe import load_yaml_text


def read_yaml(path: Path):
    """One of vetting's own YAML files, as it is (a mapping, a list or None)."""
    return load_yaml_text(path.read_text(encoding="utf-8"), str(path))


def read_table(name: str) -> dict:
    """``report_templates/<name>``, a nested mapping (ValueError when it is not one)."""
    path = templates_dir() / name
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


@lru_cache(maxsize=32)
def lang_table(stem: str, lang: str) -> dict:
    """``report_templates/<stem>.<lang>.yaml`` (strings, strings_summary, web, fields …), read once."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    return read_table(f"{stem}.{lang}.yaml")


__all__ = ["templates_dir", "read_yaml", "read_table", "lang_table", "LANGS"]
