"""Why each proposal sits where it does, in one sentence against its neighbour: the one below it (the
last against the one above). The sentence names what decided between the two, in the ranking's own
order: a blocker, then the verdict, then the risk score; within the risk margin the cost (or, with
--cost-weight, the ranking value). Texts: strings_compare.<lang>.yaml, ``vs_*``."""
from __future__ import annotations
from .compare import _verdict_rank as rank
from .compare import blocker_text, num, strings, verdict_name


def _verdict_rank(verdict: str) -> int:
    return rank(verdict)


def _decider(c, a, b) -> str:
    """What put entry ``a`` above entry ``b`` (a ranks above b)."""
    x, y = a.assessment, b.assessment
    if bool(x.blockers) != bool(y.blockers):
        return "blocker"
    if _verdict_rank(x.verdict) != _verdict_rank(y.verdict):
        return "verdict"
    if c.cost_weight is not None and a.rank_value is not None and b.rank_value is not None:
        return "weight"
    if c.cost_ranked and abs(x.score - y.score) <= c.margin and a.expected_cost is not None \
            and b.expected_cost is not None and a.expected_cost != b.expected_cost:
        return "cost"
    if x.score != y.score:
        return "score"
    return "tie"


def sentence(c, e) -> str:
    """``e``'s place against the next proposal (the previous one for the last)."""

    s = strings(c.lang)
    ranked = c.ranked()
    if len(ranked) < 2:
        return ""
    i = ranked.index(e)
    above = i < len(ranked) - 1
    a, b = (e, ranked[i + 1]) if above else (ranked[i - 1], e)
    why = _decider(c, a, b)
    other = b if above else a
    side = "above" if above else "below"
    values = dict(other=other.key, verdict=verdict_name(e.assessment.verdict, c.lang),
                  other_verdict=verdict_name(other.assessment.verdict, c.lang), score=num(e.assessment.score),
                  other_score=num(other.assessment.score), margin=num(c.margin), months=c.options.months,
                  currency=e.cost.currency, blockers=blocker_text(b.assessment, c.lang),
                  cost=num(e.expected_cost) if e.expected_cost is not None else "",
                  other_cost=num(other.expected_cost) if other.expected_cost is not None else "",
                  value=num(e.rank_value) if e.rank_value is not None else "",
                  other_value=num(other.rank_value) if other.rank_value is not None else "",
                  above=num(e.take_above_pp) if e.take_above_pp is not None else "",
                  weight=num(c.cost_weight) if c.cost_weight is not None else "")
    return s(f"vs_{why}_{side}", **values)
