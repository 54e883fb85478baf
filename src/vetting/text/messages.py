"""The command line's own words, in the user's language (report_templates/cli.<lang>.yaml).

``lang()`` is the language of CLI messages: ``--lang`` when a command has it, else the
``VETTING_LANG`` environment variable, else English. ``msg(key, **values)`` is one message
of the table, filled in. The tables and the language live in ``vetting.io.wording`` (an io error
writes itself with them, and io may not import text); this is their name in the text layer.
"""
from __future__ import annotations

from ..io.wording import (ENV, LANGS, detail, env_lang, get, hint, lang, msg, set_lang, table,  # noqa: F401
                          templates_dir)
