"""The words of a question to the provider: the record it is about as the report names it (``subject.<list>``
of the report's string table). ``decide.questions`` gives the record as (list, key, name); this module words it."""
from __future__ import annotations

import dataclasses

from .tables import Texts


def about(record: tuple, texts: Texts) -> str:
    """The list item a question is about, as the report names it (``subject.<list>`` of the report's table):
    ``record`` is decide.questions' (list, key, name), () for the deal itself."""
    if not record:
        return ""
    head, key, name = record
    if name is None:
        return f"{head} {key}"
    try:
        return texts(f"subject.{head}", key=name)
    except KeyError:
        return f"{head} {key}"


def worded(questions: list, lang: str) -> list:
    """decide.questions' Questions with ``about`` in words (``lang``), in their order."""
    texts = Texts(lang, html=False)
    return [dataclasses.replace(q, about=about(q.record, texts)) for q in questions]
