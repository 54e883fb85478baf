"""Hits → one proposal per field: the quote, page and offsets, a confidence, the rules it triggers.

- Several sentences stating one field: the most confident wins; when they disagree, its
  confidence drops and a note names the other value.
- A 补充协议 (a later file) that says it prevails replaces the main contract's value of every
  field it states.
- Derived: ``fees.model`` base_plus_commission from a monthly fee beside a commission; ``currency``
  from the amounts of the fee sentences (ad funds and deposits are not fees).
- ``--deal``: a proposal that contradicts the deal is marked ``conflict``; ``--complete``: topics the
  contract is silent on are proposed as absent, without a quote, never accepted.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..engine.ruleset import get_ruleset
from ..model.models import Deal
from .base import Hit, lang_of, moneys
from .prevailing import amended_clauses, article_number, deleted_articles, in_prevailing_annex, opens_clause
from .scan import Found, Reading, party_texts
from .service import platforms_named

FORMAT = "vetting/scan@1"
# --accept-confident pre-accepts proposals at or above this confidence (benchmarks/bench_scan.py
# measures the precision there on the held-out contracts; docs/scan.md has the figure).
ACCEPT_THRESHOLD = 0.95
# Below this confidence a reading is not proposed but named in a note for the seller to check: a
# contract that states a field twice with different values, a platform named only in passing, a
# currency mixed across the fees. A wrong fact is worse than a missing one.
MIN_CONFIDENCE = 0.7
# Topics a whole contract states when it has them; silent → proposed absent with --complete.
ABSENT = (("contract.stop_loss.present", False), ("contract.auto_renewal.present", False),
          ("contract.termination.for_convenience", False), ("fees.setup_fee", 0),
          ("contract.restricts_reviews_or_complaints", False), ("contract.unilateral_changes", False),
          ("contract.non_cooperation_escape", False), ("contract.kpi_penalty", False))
# Fields whose statements add up: the widest one stated is the fact (none < refunds capped < payouts or bank).
_WIDEST = {"data_access.funds_scope": ("none", "refunds_capped", "payouts_or_bank")}
_FEE_FIELDS = ("fees.project_price", "fees.base_monthly", "fees.setup_fee", "contract.termination.early_termination_fee", "fees.model",
               "fees.minimum_monthly_fee")


@dataclass
class Proposal:
    field: str
    value: object
    quote: str
    file: str
    page: int
    start: int
    end: int
    normalized: str
    confidence: float
    rules: list[str] = field(default_factory=list)
    accept: bool = False
    conflict: dict | None = None
    absent: bool = False
    note: str = ""

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        if isinstance(d["value"], float) and d["value"].is_integer():
            d["value"] = int(d["value"])
        return d


def _proposal(reading: Reading, f: Found, field_: str, value, confidence: float) -> Proposal:
    s = f.sentence
    page = reading.pages[s.page]
    start, end = page.norm.span(s.start, s.end)
    return Proposal(field_, value, page.text[start:end], page.file, page.number, start, end, s.text,
                    round(confidence, 2))


def propose(reading: Reading, deal=None, complete: bool = False, accept_confident: bool = False,
            rules: tuple = (), reading_mode: str = "patterns", model=None) -> list[Proposal]:
    """``reading_mode`` "model": the optional model layer (intake/model.py) adds the fields the patterns do not read,
    below the pre-accept threshold; ``model`` replaces the shipped weights (the benchmark's cross-validation)."""
    chosen = _choose(reading)
    if reading_mode == "model":
        _model_reading(reading, chosen, model)
    _derive_model(reading, chosen)
    _derive_renewal_term(chosen)
    _derive_currency(reading, chosen)
    _derive_platforms(reading, chosen)
    _spread_to_kpis(chosen)
    _drop_unknown(reading, chosen)
    _drop_kpi_parts(chosen)
    _drop_unsure(reading, chosen)
    out = sorted(chosen.values(), key=lambda p: (reading.files.index(p.file), p.page, p.start, p.field))
    if complete:
        for field_, value in ABSENT:
            if field_ not in chosen:
                out.append(Proposal(field_, value, "", "", 0, 0, 0, "", 0.5, absent=True))
    _rules(out, rules)
    if deal is not None:
        _conflicts(out, deal)
    for p in out:
        p.accept = bool(accept_confident and not p.absent and p.conflict is None and p.confidence >= ACCEPT_THRESHOLD)
    return out


def _choose(reading: Reading) -> dict[str, Proposal]:
    by_field: dict[str, list[Found]] = {}
    deleted = deleted_articles(reading)
    annex = in_prevailing_annex(reading)
    amended = amended_clauses(reading, annex)
    for f in reading.found:
        if deleted and not reading.supplements[f.file_index] and article_number(f.sentence.heading) in deleted:
            continue  # an article the supplement deletes
        if amended and not reading.supplements[f.file_index] and id(f.sentence) not in annex \
                and opens_clause(f.sentence.text, amended):
            continue  # a clause the supplement rewrites
        by_field.setdefault(f.hit.field, []).append(f)
    chosen = {}
    for field_, found in by_field.items():
        if annex and any(id(f.sentence) in annex for f in found):  # the annex that prevails states it: the body's value gives way
            found = [f for f in found if id(f.sentence) in annex]
        overriding = [f for f in found if reading.supplements[f.file_index]]
        if overriding:
            last = max(f.file_index for f in overriding)
            found = [f for f in found if f.file_index == last]
        if field_ in _WIDEST:  # "no bank access" beside "refunds up to $100": both hold, the wider scope is the fact
            widest = max(_WIDEST[field_].index(f.hit.value) for f in found)
            found = [f for f in found if _WIDEST[field_].index(f.hit.value) == widest]
        values = Counter(_key(f.hit.value) for f in found)
        best = max(found, key=lambda f: (f.hit.confidence, values[_key(f.hit.value)], -found.index(f)))
        conf = min(0.99, best.hit.confidence + 0.03 * (values[_key(best.hit.value)] - 1))
        p = _proposal(reading, best, field_, best.hit.value, conf)
        if overriding and any(not reading.supplements[f.file_index] for f in by_field[field_]):
            p.note = "overrides"
        if len(values) > 1:
            p.confidence = round(max(0.3, p.confidence - 0.3), 2)
            p.note = "disagrees"
        chosen[field_] = p
    return chosen


def model_items(reading: Reading) -> tuple[list, list[tuple[str, str]]]:
    """The sentences the model reads (not an article a prevailing supplement deletes) and their (text, heading), the text
    as the patterns read it (the parties written 甲方/乙方, Client/Agency)."""
    deleted = deleted_articles(reading)
    sents, items = [], []
    for s, _, text, _ in party_texts(reading):
        if deleted and not reading.supplements[s.file] and article_number(s.heading) in deleted:
            continue
        sents.append(s)
        items.append((text, s.heading))
    return sents, items


def _model_reading(reading: Reading, chosen: dict[str, Proposal], model=None) -> None:
    """The model's reading beside the patterns': a field the patterns propose keeps their value (the confidence rises a
    little when the model reads the same, never to the pre-accept threshold); a field only the model reads is proposed
    from its sentence, at a confidence below 0.9, with a note saying so."""
    # optional: numpy and the weights load only when asked (pyproject.toml, lazy-seams)
    from .model import AGREE_BONUS, AGREE_CAP, MODEL_MAX, load, readings

    m = model if model is not None else load()
    if m is None:
        return
    sents, items = model_items(reading)
    for field_, (value, i, conf) in readings(m, items).items():
        p = chosen.get(field_)
        if p is not None:
            if _key(p.value) == _key(value) and MIN_CONFIDENCE <= p.confidence < ACCEPT_THRESHOLD:
                p.confidence = round(max(p.confidence, min(p.confidence + AGREE_BONUS, AGREE_CAP)), 2)
            continue
        f = Found(Hit(field_, value, conf), sents[i], sents[i].file)
        chosen[field_] = _proposal(reading, f, field_, value, min(conf, MODEL_MAX))
        chosen[field_].note = "model"


_BASE = {"id": "scan", "provider": {"name": "?"}}
_ITEM = re.compile(r"([a-z_]+)\[([A-Za-z0-9_-]{1,64})\]")


def place(deal: dict, field_: str, value) -> None:
    """Set ``field_`` in a deal mapping; ``kpis[gmv].target`` goes into the KPI item with id ``gmv`` (made when new)."""
    cur = deal
    parts = field_.split(".")
    for part in parts[:-1]:
        item = _ITEM.fullmatch(part)
        if item:
            items = cur.setdefault(item.group(1), [])
            cur = next((x for x in items if x.get("id") == item.group(2)), None) or items.append({"id": item.group(2)}) or items[-1]
        else:
            cur = cur.setdefault(part, {})
    cur[parts[-1]] = value


def known(field_: str, value) -> bool:
    """The deal format can hold ``value`` at ``field_`` (a field it knows, a value its type accepts)."""
    deal: dict = {k: (dict(v) if isinstance(v, dict) else v) for k, v in _BASE.items()}
    place(deal, field_, value)
    try:
        Deal.model_validate(deal)
    except ValidationError:
        return False
    return True


def _drop_unknown(reading: Reading, chosen: dict[str, Proposal]) -> None:
    """A fact the deal format cannot hold yet (a field or value the judgment work adds) is not proposed:
    the scan says so in a note, with the value and where the contract states it."""
    for field_ in list(chosen):
        p = chosen[field_]
        if not known(field_, p.value):
            del chosen[field_]
            note = ("not_in_model", {"field": field_, "value": p.value, "file": p.file, "page": p.page})
            if note not in reading.notes:  # propose() may run again on the same reading
                reading.notes.append(note)


_AD_METRICS = ("roas", "acos", "tacos", "roi", "conversion_rate")


def _spread_to_kpis(chosen: dict[str, Proposal]) -> None:
    """What a contract says of all its KPIs (考核自第三个月起执行, "a 14-day attribution window for ad metrics") is
    each KPI's: the ramp-up of every KPI, the attribution window of each ad KPI without its own."""
    for field_ in [f for f in chosen if f.startswith("kpis[*].")]:
        p, name = chosen.pop(field_), field_.split(".", 1)[1]
        for metric_field, metric in [(f, q.value) for f, q in chosen.items() if f.startswith("kpis[") and f.endswith(".metric")]:
            target = metric_field[:-len("metric")] + name
            if target not in chosen and (name != "attribution_window_days" or metric in _AD_METRICS):
                chosen[target] = Proposal(**{**p.__dict__, "field": target, "rules": []})


def _drop_kpi_parts(chosen: dict[str, Proposal]) -> None:
    """A KPI's baseline or formula without the KPI's metric and target (a baseline the contract defines for a
    commission, not for a KPI) is not a KPI."""
    for field_ in list(chosen):
        item = _ITEM.match(field_)
        if item and not (f"{item.group(0)}.metric" in chosen and f"{item.group(0)}.target" in chosen):
            del chosen[field_]


def _drop_unsure(reading: Reading, chosen: dict[str, Proposal]) -> None:
    for field_ in list(chosen):
        p = chosen[field_]
        if p.confidence < MIN_CONFIDENCE:
            del chosen[field_]
            note = ("unsure", {"field": field_, "value": p.value, "file": p.file, "page": p.page})
            if note not in reading.notes:
                reading.notes.append(note)


def _key(v):
    return repr(float(v)) if isinstance(v, (int, float)) and not isinstance(v, bool) else repr(v)


def _derive_model(reading: Reading, chosen: dict[str, Proposal]) -> None:
    if (chosen.get("fees.model") and chosen["fees.model"].value != "fixed") or "fees.commission_pct" not in chosen \
            or "fees.base_monthly" not in chosen:
        return
    src = chosen["fees.commission_pct"]
    chosen["fees.model"] = Proposal("fees.model", "base_plus_commission", src.quote, src.file, src.page, src.start, src.end,
                                    src.normalized, round(min(src.confidence, chosen["fees.base_monthly"].confidence) - 0.05, 2))


_SAME_TERM = re.compile(r"期限相同|相同期限|同等期限|原合同期限|原期限|与原[^。,;]{0,6}期[^。,;]{0,2}相同|same (?:period|term|duration)|equal to the (?:Initial )?Term", re.I)


def _derive_renewal_term(chosen: dict[str, Proposal]) -> None:
    """续约期限与本合同期限相同 / "renews for the same period": the renewal term is the contract's term."""
    renew, term = chosen.get("contract.auto_renewal.present"), chosen.get("contract.term_months")
    if not renew or renew.value is not True or not term or "contract.auto_renewal.renewal_term_months" in chosen \
            or not _SAME_TERM.search(renew.normalized):
        return
    chosen["contract.auto_renewal.renewal_term_months"] = Proposal(
        "contract.auto_renewal.renewal_term_months", term.value, renew.quote, renew.file, renew.page, renew.start, renew.end,
        renew.normalized, round(min(renew.confidence, term.confidence) - 0.05, 2))


def _derive_currency(reading: Reading, chosen: dict[str, Proposal]) -> None:
    if "currency" in chosen:
        return
    codes: list[tuple[str, Found]] = []
    for f in reading.found:
        if f.hit.field in _FEE_FIELDS and f.hit.value not in (0, None):
            amounts = [a for a in moneys(f.sentence.text) if a[1]]
            if amounts:
                codes.append((amounts[0][1], f))
    if not codes:
        return
    counts = Counter(c for c, _ in codes)
    code, n = counts.most_common(1)[0]
    first = next(f for c, f in codes if c == code)
    conf = 0.9 if len(counts) == 1 else 0.6
    chosen["currency"] = _proposal(reading, first, "currency", code, conf)


_STORE_WORDS = re.compile(r"店铺|账号|账户|站点|\w站|后台|项目|Seller Cent|store|shop\b|account|marketplace|listing", re.I)
_POLICY_WORDS = re.compile(r"政策|规则|以外|除外|补充协议|主合同|原合同|Amendment|Addendum|main agreement|original agreement|policy|policies|terms of service|other than|except", re.I)


def _derive_platforms(reading: Reading, chosen: dict[str, Proposal]) -> None:
    """No sentence describes the service with its platforms: the title, else the first sentence that names a
    platform with a store or account (亚马逊Listing拍摄项目合同, "connects its Amazon account"), at a lower confidence."""
    if "service.platforms" in chosen:
        return
    for n, s in enumerate(reading.sentences):
        prevail = reading.prevailing[s.file]
        if (prevail and lang_of(s.text) != prevail) or not _STORE_WORDS.search(s.text) or _POLICY_WORDS.search(s.text):
            continue
        names = platforms_named(s.text)
        if names:
            conf = 0.7 if n < 3 and s.file == 0 else 0.6  # the title names the service; a later sentence only in passing
            f = Found(Hit("service.platforms", names, conf), s, s.file)
            chosen["service.platforms"] = _proposal(reading, f, "service.platforms", names, conf)
            return


def _rules(out: list[Proposal], extra: tuple) -> None:
    """The rules each fact would trigger: the deal the proposals describe is assessed, and a proposal
    lists the risks found by rules that read its field."""
    deal: dict = {"id": "scan", "provider": {"name": "?"}}
    for p in out:
        if p.absent and p.field in {q.field for q in out if not q.absent}:
            continue
        place(deal, p.field, p.value)
    try:
        model = Deal.model_validate(deal)
    except ValueError:
        return
    ruleset = get_ruleset(tuple(extra))
    evaluation = ruleset.evaluate_many([(model, dt.date.today())])[0]
    reads = {plan.rule.id: set(plan.deal_paths) for plan in ruleset.plans}
    risks = sorted({o.rule.id for o in getattr(evaluation, "outcomes", ()) if o.status == "risk"})
    for p in out:
        p.rules = [r for r in risks if p.field in reads.get(r, ())]


def _conflicts(out: list[Proposal], deal) -> None:
    data = deal.model_dump(mode="json", by_alias=True, exclude_none=True)
    for p in out:
        cur = data
        for part in p.field.split("."):
            item = _ITEM.fullmatch(part)
            if item and isinstance(cur, dict):
                cur = next((x for x in cur.get(item.group(1)) or [] if isinstance(x, dict) and x.get("id") == item.group(2)), None)
                continue
            cur = cur.get(part) if isinstance(cur, dict) else None
        if cur is None:
            continue
        same = (cur == p.value) or (isinstance(cur, (int, float)) and isinstance(p.value, (int, float))
                                    and not isinstance(cur, bool) and float(cur) == float(p.value))
        if not same:
            p.conflict = {"deal": cur}
