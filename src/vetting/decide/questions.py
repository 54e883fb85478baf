"""The questions to put to the provider: one selection for the letter in the report and for the
questionnaire form (`vetting ask`).

A fact is asked when the field registry lets the provider answer it and see its question
(``answered_by`` provider, ``show_to_provider``), and a rule of the decision is still waiting for it
(an open question's unknown facts, or the unknown subject facts of a known risk). A fact no rule
waits on cannot change the score and is not asked; a fact the deal states is never asked again, so a
second round after the answers are merged asks only what is still open or was answered "unknown".
The seller's own checks (registry searches, reference calls, looking with the seller's own login)
are facts the registry keeps from the provider: never asked.

How decisive an answer is, is measured, not ranked by hand: for each fact, the rules waiting for it
are scored as the answer would leave them at best (they pass: ``Score.after``) and at worst (they turn
into the risks they describe: ``scoring.judge`` over the known risks and theirs). A fact whose worst and
best answers lead to different verdicts comes first, then the larger swing of the score. The
questions are grouped by topic, topics in order of their most decisive question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import order as list_order
from ..model.registry import (LANGS, Attributes, Field, attributes, choice_label, model_fields,
                              questions as question_texts)
from .assessment import Letter, LetterQuestion
from ..rules.scoring import VERDICT_ORDER, judge

LETTER_BODY = 10  # questions in the letter's body; the rest go to its annex
LETTER_REQUESTS = 3  # fixes of the negotiation path the letter asks for first
_INDEX = re.compile(r"\[([^\]]*)\]")


@dataclass(frozen=True)
class Question:
    """One fact to ask the provider. ``rules``, ``swing`` and ``verdicts`` are the seller's side of
    it: they order the questions and are never shown to the provider."""

    field: str  # the concrete path: kpis[sales].formula, track_record.case_studies[1].client
    pattern: str  # the registry's path: kpis.formula
    topic: str  # the registry's topic
    record: tuple  # the KPI, claim or case study it is about: (list, key, name), () for the deal itself
    text: str  # the question to the provider, in the language asked
    type: str  # bool | number | enum | text | list | date
    unit: str | None  # money | pct | days | months | years | None
    choices: tuple[tuple[str, str], ...]  # (value, as shown in the language asked) for enums and lists
    rules: tuple[str, ...]  # the rules waiting for the answer
    swing: float  # how far the score moves between the worst and the best answer
    verdicts: tuple[str, str]  # the verdict after the best and after the worst answer
    # the path to sort by: a record by its place in the canonical order of its list (model.order), not in the file
    order: str = ""
    about: str = ""  # ``record`` as the report names it, in the language asked (text.questionwords.worded)


def pattern_of(path: str) -> str:
    """``kpis[sales].formula`` → ``kpis.formula``."""
    return _INDEX.sub("", path)


def askable(field: Field | Attributes | None) -> bool:
    """The registry lets the provider answer the field and see its question."""
    if field is None:
        return False
    a = getattr(field, "attributes", field)
    return "provider" in a.answered_by and a.show_to_provider


@lru_cache(maxsize=1)
def _order() -> dict[str, int]:
    """The registry's interview order (model/fields.yaml)."""
    return {path: i for i, path in enumerate(attributes())}


def _waiting(sc) -> dict[str, tuple[set, set]]:
    """fact path -> (open questions waiting for it, known risks whose unknown subject it is)."""
    out: dict[str, tuple[set, set]] = {}
    for rid, (_item, missing) in sc.questions.items():
        for path in missing:
            out.setdefault(path, (set(), set()))[0].add(rid)
    for rid, missing in sc.risk_missing.items():
        for path in missing:
            out.setdefault(path, (set(), set()))[1].add(rid)
    return out


def _effect(sc, asked: set, risks: set) -> tuple[float, tuple[str, str]]:
    """(score swing, (verdict at best, verdict at worst)) of the answer to one fact."""
    best, _level, best_verdict, _c = sc.after(frozenset(risks), frozenset(asked))
    worst_items = list(sc.known.values()) + [sc.questions[r][0] for r in sorted(asked)]
    worst, _level, worst_verdict = judge(worst_items, sc.completeness,
                                         (q[0] for r, q in sc.questions.items() if r not in asked))
    return max(worst - best, 0.0), (best_verdict, worst_verdict)


def _record(deal, path: str) -> tuple:
    """The list item a path is about: (list, key, name), a KPI by its name (its id when it has none), a
    claim by its text, a case study by its client, a milestone by its month (model.order.names: never by
    its place in the list, whose order carries no meaning); name None when the list names none. () for the
    deal itself. The text layer words it (text.questionwords.about)."""
    m = _INDEX.search(path)
    if not m:
        return ()
    key, head = m.group(1), path[:m.start()]
    if head == "kpis":
        kpi = next((k for k in deal.kpis or [] if k.id == key), None)
        return head, key, getattr(kpi, "name", None) or key
    return head, key, list_order.names(deal).get(f"{head}[{key}]")


def _choices(values, lang: str) -> tuple[tuple[str, str], ...]:
    """An enum's values with the names the form shows: the field registry's label (``choice_label``, the one
    the interview and the reports use); the value stays beside it for the round trip."""
    return tuple((v, choice_label(v, lang)) for v in values)


def provider_questions(decision, lang: str) -> list[Question]:
    """The facts to ask the provider about ``decision`` (what ``workflows.assess.decide`` returns: its
    ``result`` Score and its ``deal``), in ``lang``: deduplicated, grouped by topic, most decisive first."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    sc, deal = decision.result, decision.deal
    attrs, kinds, texts = attributes(), model_fields(), question_texts(lang)
    found, effects = [], {}
    canonical = list_order.canonical_path(deal)
    # a list the provider answers whole (the registry's lists: kpis): one question in words, the list as text
    whole = {rec: ("text", ()) for _t, _v, rec, _a in kinds.values() if rec and rec in attrs}
    for path, (asked, risks) in sorted(_waiting(sc).items(), key=lambda item: canonical(item[0])):
        pattern = pattern_of(path)
        a = attrs.get(pattern)
        if not askable(a) or (pattern not in kinds and pattern not in whole):
            continue
        key = (frozenset(asked), frozenset(risks))  # facts that wait on the same rules have the same effect
        if key not in effects:
            effects[key] = _effect(sc, asked, risks)
        swing, verdicts = effects[key]
        kind, values = kinds[pattern][:2] if pattern in kinds else whole[pattern]
        text = texts[pattern].provider if pattern in texts else ""
        found.append(Question(path, pattern, a.topic, _record(deal, path), text, kind, a.unit,
                              _choices(values, lang), tuple(sorted(asked | risks)), round(swing, 2), verdicts,
                              canonical(path)))
    return grouped(found)


def decisive(q: Question) -> tuple:
    """The sort key: a verdict the answer can change first, then the score's swing (larger first)."""
    best, worst = q.verdicts
    return (-(VERDICT_ORDER.index(worst) - VERDICT_ORDER.index(best)), -q.swing)


def grouped(questions: list[Question]) -> list[Question]:
    """Topic by topic, topics by their most decisive question; within a topic most decisive first,
    then the registry's interview order and the path (stable whatever order the deal lists items in)."""
    order = _order()
    key = {q.field: (decisive(q), order.get(q.pattern, len(order)), q.order or q.field) for q in questions}
    by_topic: dict[str, list[Question]] = {}
    for q in sorted(questions, key=lambda q: key[q.field]):
        by_topic.setdefault(q.topic, []).append(q)
    return [q for qs in by_topic.values() for q in qs]


def most_decisive(questions: list[Question], n: int) -> list[Question]:
    """The ``n`` most decisive of ``questions``, grouped by topic again (the letter's body)."""
    keep = {q.field for q in sorted(questions, key=lambda q: (decisive(q), q.order or q.field))[:n]}
    return grouped([q for q in questions if q.field in keep])


def letter(questions: list[Question], requests: list[str]) -> Letter:
    """The letter to the provider: ``requests`` (the negotiation path's clause fixes, in order) first,
    at most LETTER_REQUESTS of them; the LETTER_BODY most decisive questions in its body; the rest in an annex."""
    body = most_decisive(questions, LETTER_BODY)
    kept = {q.field for q in body}
    row = lambda q: LetterQuestion(q.field, q.topic, q.about, q.text)  # noqa: E731
    return Letter(list(dict.fromkeys(requests))[:LETTER_REQUESTS], [row(q) for q in body],
                  [row(q) for q in questions if q.field not in kept])
