"""The command line's own words, in the user's language (report_templates/cli.<lang>.yaml): the tables
and the run's language, kept in the io layer because an io error writes itself with them
(``vetting.io.errors``); the text layer names them ``vetting.text.messages``.

``lang()`` is the language of CLI messages: ``--lang`` when a command has it, else the
``VETTING_LANG`` environment variable, else English. ``msg(key, **values)`` is one message
of the table, filled in. Light on purpose: no Jinja, no engine (``--help`` imports this).
The tables are the package's own files, read with PyYAML's safe loader (the strict reader of
``vetting.io.yamlsafe`` is for the user's files, and writes its own problems with these tables).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LANGS = ("en", "zh")
ENV = "VETTING_LANG"
_current: list[str | None] = [None]


def templates_dir() -> Path:
    bundled = resources.files("vetting") / "report_templates"
    if bundled.is_dir():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[3] / "report_templates"


@lru_cache(maxsize=4)
def table(lang: str) -> dict:
    """The CLI message table of one language (nested mapping)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    path = templates_dir() / f"cli.{lang}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


def env_lang() -> str | None:
    """VETTING_LANG when it names a language vetting has (else None: English)."""
    value = os.environ.get(ENV, "").strip().lower()
    return value if value in LANGS else None


def set_lang(lang: str | None) -> None:
    """The language chosen on the command line (None: the environment's, or English)."""
    _current[0] = lang if lang in LANGS else None


def lang() -> str:
    return _current[0] or env_lang() or "en"


def get(key: str, lang_: str | None = None):
    """The raw entry at dotted ``key`` ("cli.exists")."""
    node = table(lang_ or lang())
    for part in key.split("."):
        node = node[part]
    return node


def msg(key: str, lang_: str | None = None, /, **values) -> str:
    """Message ``key`` in the current (or given) language, with ``values`` filled in."""
    return str(get(key, lang_)).format(**values)


def hint(text: str, lang_: str | None = None) -> str:
    """A did-you-mean hint ("; did you mean 'x'?", "; did you mean '子账号' (sub_account)?",
    "; known fields: a, b") in the current language; any other text as it is."""
    if not text or (lang_ or lang()) == "en":
        return text
    m = re.fullmatch(r"; did you mean '(.*)'\?", text)
    if m:
        return msg("cli.did_you_mean", lang_, word=m.group(1))
    m = re.fullmatch(r"; did you mean '(.*)' \((.*)\)\?", text)
    if m:
        return msg("problem.did_you_mean_alias", lang_, word=m.group(1), value=m.group(2))
    if text == "; see `vetting rules list`":
        return msg("cli.see_rules_list", lang_)
    if text == "; see `vetting schema` for the field names":
        return msg("problem.see_schema", lang_)
    m = re.fullmatch(r"; known fields: (.*)", text)
    if m:
        return msg("problem.known_fields", lang_, fields=m.group(1).replace(", ", msg("problem.list_sep", lang_)))
    return text


def detail(text: str, lang_: str | None = None) -> str:
    """Words vetting passes on from elsewhere (a YAML or JSON parser's problem, the system's reason for
    not reading a file) in the current language, when the table has them (sections ``detail`` and
    ``output.errno``, looked up by their English text); else as they are."""
    lang_ = lang_ or lang()
    if lang_ == "en":
        return text
    for section in ("detail", "output.errno"):
        en, other = get(section, "en"), get(section, lang_)
        for key, value in en.items():
            if value == text:
                return str(other[key])
    return text
