"""The lists of a deal whose order carries no meaning, and the one order they are judged and shown in.

A seller may list the pitch's promises, the case studies, the KPIs or the platforms in any order:
the report, its fingerprint and every finding must come out the same (issue 20, item 10). Each list
here is therefore put in a canonical order before anything reads its order:

- KPIs by id (ids are unique);
- claims worst first: a promised result or income (``claims.promise``) before an unknown one before
  none, a guaranteed one first, an earnings claim before a result promise, one off the contract
  first; then by text. A rule on claims names the first claim it holds for: the worst one;
- case studies the least verifiable first, then by client;
- milestones by month;
- plain value lists (scope, platforms, markets, categories, tactics) by value.

Ties are broken by the record's whole content, so two records that sort together are equal. A
record keeps its place in the file as its label (``claims[2]``, the path answers and sources use);
only the order in which records are judged, listed and fingerprinted is canonical. The report
names records by a stable key (``names``) rather than by their place.
"""
from __future__ import annotations

import json

from . import claims

# the lists whose order carries no meaning (dotted paths in the deal)
ORDERLESS = ("kpis", "claims", "track_record.case_studies", "contract.milestones", "service.scope",
             "service.platforms", "service.markets", "seller.platforms", "seller.markets", "seller.categories",
             "compliance.tactics_offered")
_TRUTH = {True: 0, None: 1, False: 2}  # yes first, then unknown, then no
_KIND_RANK = {k: i for i, k in enumerate(("earnings_claim", "result_promise", "service_level", "credential",
                                          "description"))}
_CUT = 40  # a claim's text is quoted up to this many characters


def _content(rec: dict) -> str:
    return json.dumps(rec, sort_keys=True, ensure_ascii=False, default=str)


def claim_key(c: dict) -> tuple:
    """Worst first: the claim KPI-016 and the other claim rules name when several hold."""
    off_contract = {False: 0, None: 1, True: 2}[c.get("in_contract")]
    text = str(c.get("text") or "")
    return (_TRUTH[claims.promise(c)], _TRUTH[c.get("guaranteed")], _KIND_RANK.get(claims.claim_kind(c), 9),
            off_contract, text.casefold(), text, _content(c))


def case_key(c: dict) -> tuple:
    client = str(c.get("client") or "")
    return ({False: 0, None: 1, True: 2}[c.get("verifiable")], client.casefold(), client, _content(c))


def milestone_key(m: dict) -> tuple:
    return (m.get("month") if isinstance(m.get("month"), (int, float)) else -1, _content(m))


def kpi_key(k: dict) -> tuple:
    return (str(k.get("id")), _content(k))


# record kind (rules.facts) -> its sort key on the record as a plain dict
RECORD_KEYS = {"kpi": kpi_key, "claim": claim_key, "case_study": case_key, "milestone": milestone_key}
_PATH_KEYS = {"kpis": kpi_key, "claims": claim_key, "track_record.case_studies": case_key,
              "contract.milestones": milestone_key}


def _plain(value) -> dict | str:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    return str(getattr(value, "value", value))


def sort_key(path: str):
    """The sort key of the items of the orderless list at ``path`` (models, dicts or plain values)."""
    record = _PATH_KEYS.get(path)
    if record is None:
        return lambda v: str(_plain(v))
    return lambda v: record(_plain(v) if not isinstance(v, dict) else v)


def canonical(deal):
    """The deal (a pydantic model) with every orderless list in canonical order (a copy; the same
    object when nothing moves)."""
    return _sorted(deal, [p.split(".") for p in ORDERLESS], "")


def _sorted(node, paths: list[list[str]], prefix: str):
    update = {}
    for head in {p[0] for p in paths}:
        value = getattr(node, head, None)
        if value is None:
            continue
        full = f"{prefix}{head}"
        if any(len(p) == 1 and p[0] == head for p in paths):
            if isinstance(value, list) and len(value) > 1:
                ordered = sorted(value, key=sort_key(full))
                if ordered != value:
                    update[head] = ordered
        else:
            sub = _sorted(value, [p[1:] for p in paths if p[0] == head and len(p) > 1], full + ".")
            if sub is not value:
                update[head] = sub
    return node.model_copy(update=update) if update else node


def ranks(deal) -> dict[str, int]:
    """Each record's place in the canonical order of its list, by its label ('claims[2]' -> 0 when it is
    the worst claim); KPIs are labelled by id, which already sorts canonically."""
    out: dict[str, int] = {}
    lists = {"claims": deal.claims, "contract.milestones": deal.contract.milestones if deal.contract else None,
             "track_record.case_studies": deal.track_record.case_studies if deal.track_record else None}
    for path, items in lists.items():
        items = items or []
        key = _PATH_KEYS[path]
        plain = [_plain(x) for x in items]
        for rank, i in enumerate(sorted(range(len(items)), key=lambda i: key(plain[i]))):
            out[f"{path}[{i}]"] = rank
    return out


def canonical_path(deal):
    """A function: a fact's path with a record's index replaced by its canonical place, to sort paths by
    ('track_record.case_studies[1].client' -> 'track_record.case_studies[#0000].client' when that case
    study comes first): what is listed by path comes out the same in any order of the deal's lists."""
    rank = ranks(deal)

    def key(path: str) -> str:
        head, sep, rest = path.partition("]")
        r = rank.get(head + sep) if sep else None
        return path if r is None else f"{head.rpartition('[')[0]}[#{r:04d}]{rest}"
    return key


def names(deal) -> dict[str, str]:
    """Each record's stable name by its label: a claim by its text, a case study by its client (by its
    place in the canonical order when it names none), a milestone by its month, a KPI by its name
    (a KPI without one is named by its id, its label's key)."""
    out: dict[str, str] = {f"kpis[{k.id}]": k.name for k in deal.kpis or [] if k.name}
    for i, c in enumerate(deal.claims or []):
        text = " ".join(str(c.text or "").split())
        out[f"claims[{i}]"] = text if len(text) <= _CUT else text[:_CUT - 1] + "…"
    cases = (deal.track_record.case_studies if deal.track_record else None) or []
    ranked = sorted(range(len(cases)), key=lambda i: case_key(_plain(cases[i])))
    for n, i in enumerate(ranked):
        client = " ".join(str(cases[i].client or "").split())
        out[f"track_record.case_studies[{i}]"] = client or f"#{n + 1}"
    for i, m in enumerate((deal.contract.milestones if deal.contract else None) or []):
        out[f"contract.milestones[{i}]"] = str(m.month)
    return out
