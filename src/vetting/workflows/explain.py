"""`vetting explain`: why one rule gives its outcome on a deal, from the same Decision ``assess`` makes.

Apart from ``workflows.assess`` so that an assessment does not load the explanation's code.
"""
from __future__ import annotations

import datetime as dt

from ..engine.ruleset import get_ruleset
from ..model.loading import LoadedDeal
from ..model.models import Deal
from ..rules.rulepack import LANGS
from ..text.explain import Explanation, explain as explain_decision
from .assess import decide


def explain_rule(rule_id: str, deal: Deal | LoadedDeal, *, lang: str = "en", rules: tuple[str, ...] | list[str] = (),
                 today: dt.date | None = None, rates: str | None = None) -> Explanation:
    """Why rule ``rule_id`` gives its outcome on ``deal`` (`vetting explain`): the explanation of the same
    Decision ``assess`` makes with the same ``rules``, report date ``today`` and ``rates``.

    Raises KeyError for a rule that is in no loaded pack (core plus ``rules`` folders)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    if rule_id not in get_ruleset(tuple(rules), rates).by_id:
        raise KeyError(rule_id)
    return explain_decision(rule_id, decide(deal, rules=rules, today=today, rates=rates), lang=lang)
