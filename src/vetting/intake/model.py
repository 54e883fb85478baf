"""The optional model reading of ``vetting scan`` (``--reading model``): which sentence states a field, learnt from the
labelled dev contracts, with the value read from that sentence's own text.

- **Topic per field**: a linear scorer over character n-grams (1–4, digits masked, so Chinese needs no word
  splitter) of the sentence and of its article's heading; its weights are naive-Bayes log-count ratios (positives:
  the sentences a dev label quotes for that field; negatives: every other sentence of the dev contracts, the trap
  sentences among them). A field is proposed from its best sentence only when the score passes the field's
  threshold, chosen by grouped cross-validation on the dev contracts for precision first; a field whose
  cross-validated precision never reached the target has no threshold and is never proposed.
- **Value**: never the model's memory. Numbers, amounts, days, months, percentages and dates are read from the
  chosen sentence's text with the readers the patterns use (``intake/base.py``); when the sentence holds two
  different candidates the field is not proposed. A yes/no or enum field (auto-renewal, who owns the creatives,
  the commission basis) takes the value a second scorer of the same kind reads from that sentence.
- **Beside the patterns**: a field the patterns propose keeps their value; the model only raises the confidence a
  little when it reads the same value (never up to the pre-accept threshold). A field only the model reads is
  proposed with a confidence between 0.7 and 0.9, never pre-accepted by ``--accept-confident``.

The weights (``model_data/scan_model.npz``, plain arrays, loaded without pickle) are made by
``benchmarks/train_scan_model.py`` from ``tests/scan_corpus/dev``; inference is numpy only.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from .base import DATE_EN, DATE_ZH, PCT, date_of, days, months, moneys, num
from .service import platforms_named

DATA = Path(__file__).with_name("model_data") / "scan_model.npz"
# A field only the model reads: confidence between these, never at the --accept-confident threshold (0.95).
MODEL_MIN, MODEL_MAX = 0.7, 0.9
# A field the patterns propose and the model reads the same: confidence raised by this, at most to AGREE_CAP.
AGREE_BONUS, AGREE_CAP = 0.03, 0.94

# field → how its value is read from the chosen sentence
FIELDS: dict[str, str] = {
    "contract.auto_renewal.present": "class",
    "contract.auto_renewal.renewal_term_months": "months",
    "contract.auto_renewal.cancel_notice_days": "days",
    "contract.auto_renewal.price_change": "class",
    "contract.auto_renewal.price_cap_pct": "pct",
    "contract.term_months": "months",
    "contract.start_date": "date",
    "contract.termination.for_convenience": "class",
    "contract.termination.notice_days": "days",
    "contract.termination.provider_for_convenience": "class",
    "contract.termination.early_termination_fee": "money",
    "contract.termination.handover": "class",
    "contract.termination.access_removal_days": "days",
    "contract.termination.exit_fee_formula": "class",
    "contract.termination.exit_fee_initial_term_only": "class",
    "contract.stop_loss.present": "class",
    "contract.stop_loss.threshold_pct": "pct",
    "contract.stop_loss.consecutive_periods": "count",
    "contract.stop_loss.period": "class",
    "contract.stop_loss.no_fault_exit": "class",
    "contract.stop_loss.notice_days": "days",
    "contract.ip.creatives": "class",
    "contract.ip.copy": "class",
    "contract.ip.data": "class",
    "contract.exclusivity.present": "class",
    "contract.exclusivity.months_after_term": "months",
    "contract.exclusivity.penalty": "money",
    "contract.unilateral_changes": "class",
    "contract.restricts_reviews_or_complaints": "class",
    "contract.scope_written": "class",
    "contract.refund_formula": "class",
    "contract.kpi_penalty": "class",
    "contract.non_cooperation_escape": "class",
    "contract.responsibilities_defined": "class",
    "fees.base_monthly": "money",
    "fees.minimum_monthly_fee": "money",
    "fees.setup_fee": "money",
    "fees.deposit": "money",
    "fees.deposit_refundable": "class",
    "fees.project_price": "money",
    "fees.ad_budget_monthly": "money",
    "fees.commission_pct": "pct",
    "fees.commission_basis": "class",
    "fees.ad_spend_pct": "pct",
    "fees.tax_on_top": "class",
    "fees.tax_rate_pct": "pct",
    "fees.prepaid_months": "months",
    "fees.refundable_on_exit": "class",
    "fees.model": "class",
    "fees.ad_budget_approval": "class",
    "fees.minimum_commitment_months": "months",
    "data_access.provider_access": "class",
    "data_access.provider_permissions": "class",
    "data_access.funds_access": "class",
    "data_access.funds_scope": "class",
    "data_access.two_factor_with_seller": "class",
    "data_access.raw_data_export": "class",
    "data_access.ad_account_owner": "class",
    "compliance.black_hat_excluded": "class",
    "compliance.indemnity_for_violations": "class",
    "compliance.handles_customer_data": "class",
    "provider.kind": "class",
    "service.platforms": "platforms",
}


# ---------------------------------------------------------------- features

def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[0-9]", "0", text.lower())).strip()


@lru_cache(maxsize=200_000)
def grams(text: str, heading: str = "") -> frozenset[str]:
    """The sentence's character 1–4-grams (digits masked) and its heading's 2–3-grams (marked §)."""
    t, h = _clean(text), _clean(heading)
    out = {t[i:i + n] for n in (1, 2, 3, 4) for i in range(len(t) - n + 1)}
    out.update("§" + h[i:i + n] for n in (2, 3) for i in range(len(h) - n + 1))
    return frozenset(out)


# ---------------------------------------------------------------- value readers (the sentence's own text)

_DATES = re.compile(DATE_ZH + "|" + DATE_EN, re.I)
_DUR = re.compile(r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)\s*(个工作日|工作日|个自然日|自然日|个月|个季度|季度|个星期|周|年|月|日|天|"
                  r"business days?|calendar days?|working days?|days?|weeks?|months?|years?|quarters?)(?![a-z])", re.I)
_FREE = re.compile(r"免收|免费|免除|不收取|无需支付|无须支付|不需支付|无需另行支付|无需再支付|不再支付|无违约金|不设|不另收|"
                   r"\bno (?:set-?up|onboarding|termination|early|exit|cancellation|deposit|fee|charge|penalty)|\bwithout (?:any )?"
                   r"(?:penalty|fee|charge|termination)|\bwaived?\b|\bfree of charge\b|\bnil\b|\bnot (?:be )?(?:charged?|payable)|"
                   r"\bnothing (?:is|shall be|will be) payable", re.I)
_SIGNED = re.compile(r"签约|签订|签署|签字|签章|盖章|^\s*日期\s*:|\bsigned\b|\bdated\b|\bsignature|date of signing|^\s*date\s*:", re.I)
# a duration that is a notice or a deadline before something (期满前1个月, "30 days before the end"), not a term
_BEFORE = re.compile(r"^\s*(?:内|之前|前|以前|before|prior|in advance|notice|'s notice|’s notice)", re.I)


def _undated(text: str) -> str:
    return _DATES.sub(" ", text)


def _one(values: list):
    """The value when the sentence states exactly one (a sentence with two candidates is not read)."""
    uniq = []
    for v in values:
        if v is not None and v not in uniq:
            uniq.append(v)
    return uniq[0] if len(uniq) == 1 else None


def read_value(kind: str, text: str):
    """The value of a ``kind`` the sentence states, or None."""
    if kind == "days":
        return _one([days(num(m.group(1)), m.group(2)) for m in _DUR.finditer(_undated(text))])
    if kind in ("months", "count"):
        found = [(num(m.group(1)), m.group(2)) for m in _DUR.finditer(_undated(text))]
        if kind == "count":
            return _one([int(n) for n, u in found if re.match(r"个?月|个?季度|month|quarter", u, re.I) and float(n).is_integer()])
        return _one([months(num(m.group(1)), m.group(2)) for m in _DUR.finditer(_undated(text))
                     if not re.match(r"个工作日|工作日|business|working", m.group(2), re.I)
                     and not _BEFORE.match(_undated(text)[m.end():]) and not re.search(r"前\s*$", _undated(text)[:m.start()])])
    if kind == "money":
        amounts = [a for a, c, _, _ in moneys(text) if c]
        if amounts:
            return _one(amounts)
        return 0 if _FREE.search(text) else None
    if kind == "pct":
        return _one([num(m.group(1)) for m in re.finditer(PCT, text)])
    if kind == "date":
        if _SIGNED.search(text):
            return None  # the signing date is not the start
        m = _DATES.search(text)
        return date_of(_Groups(m)) if m else None
    if kind == "platforms":
        return platforms_named(text) or None
    return None


class _Groups:
    """The date groups of the combined zh|en pattern, as ``date_of`` expects them."""

    def __init__(self, m: re.Match):
        g = m.groups()
        self._g = g[:3] if g[0] else g[3:]

    def groups(self):
        return self._g


# ---------------------------------------------------------------- the fitted model

class Model:
    def __init__(self, vocab: list[str], fields: list[str], topic: np.ndarray, bias: np.ndarray,
                 thresholds: np.ndarray, value_fields: list[str], value_names: list[str], value_w: np.ndarray,
                 value_b: np.ndarray):
        self.index = {g: i for i, g in enumerate(vocab)}
        self.fields, self.topic, self.bias, self.thresholds = fields, topic, bias, thresholds
        self.value_fields, self.value_names, self.value_w, self.value_b = value_fields, value_names, value_w, value_b

    def rows(self, items: list[tuple[str, str]]) -> list[np.ndarray]:
        return [np.array(sorted({self.index[g] for g in grams(t, h) if g in self.index}), dtype=np.int64) for t, h in items]

    def bias_of(self, field: str) -> float:
        return float(self.bias[self.fields.index(field)])

    def scores(self, rows: list[np.ndarray]) -> np.ndarray:
        """sentences × fields: the topic score (sum of the present n-grams' weights / sqrt of their number)."""
        out = np.zeros((len(rows), len(self.fields)))
        for i, r in enumerate(rows):
            if len(r):
                out[i] = self.topic[r].sum(axis=0) / np.sqrt(len(r))
        return out + self.bias

    def value_of(self, field: str, row: np.ndarray):
        """The class a yes/no or enum field takes in this sentence (its value scorer's best), or None."""
        cols = [j for j, f in enumerate(self.value_fields) if f == field]
        if not cols:
            return None
        s = self.value_b[cols] + (self.value_w[row][:, cols].sum(axis=0) / np.sqrt(len(row)) if len(row) else 0)
        best = cols[int(np.argmax(s))]
        name = self.value_names[best]
        return {"true": True, "false": False}.get(name, name)


def save(path: Path, m: dict) -> None:
    np.savez_compressed(path, **m)


@lru_cache(maxsize=1)
def load(path: str = str(DATA)) -> Model | None:
    if not Path(path).exists():
        return None
    with np.load(path, allow_pickle=False) as z:
        return Model([str(v) for v in z["vocab"]], [str(f) for f in z["fields"]], z["topic"].astype(np.float64),
                     z["bias"].astype(np.float64), z["thresholds"].astype(np.float64),
                     [str(f) for f in z["value_fields"]], [str(v) for v in z["value_names"]],
                     z["value_w"].astype(np.float64), z["value_b"].astype(np.float64))


def ranked(model: Model, items: list[tuple[str, str]]) -> dict[str, list[tuple[float, object, int]]]:
    """field → its two best sentences as (score, value read there or None, index), best first."""
    rows = model.rows(items)
    sc = model.scores(rows)
    out = {}
    for j, field in enumerate(model.fields):
        kind = FIELDS.get(field, "class")
        best = []
        order = [int(i) for i in np.argsort(-sc[:, j], kind="stable")
                 if _a_clause(*items[int(i)]) and _party_fits(field, items[int(i)][0])]
        for i in order[:2]:
            v = model.value_of(field, rows[i]) if kind == "class" else read_value(kind, items[i][0])
            best.append((float(sc[i, j]), v, i))
        out[field] = best
    return out


# Whose duty or right a field is: a sentence whose first party is the other one does not state it (乙方不得贬损甲方 is
# the provider's promise, not a gag on the seller; 乙方可提前15日通知解除 is not the seller's exit).
_BOUND = {
    "seller": ("contract.restricts_reviews_or_complaints", "contract.exclusivity.present", "contract.exclusivity.months_after_term",
               "contract.exclusivity.penalty", "contract.termination.for_convenience", "contract.termination.notice_days"),
    "provider": ("contract.termination.provider_for_convenience", "compliance.black_hat_excluded", "contract.unilateral_changes"),
}
_FIRST_PARTY = re.compile(r"甲方|乙方|\bClient\b|\bAgency\b")


def _party_fits(field: str, text: str) -> bool:
    m = _FIRST_PARTY.search(text)
    if not m:
        return True  # 任何一方, "either party", no party named: not decided here
    first = "seller" if m.group() in ("甲方", "Client") else "provider"
    return not any(field in fields and who != first for who, fields in _BOUND.items())


def _a_clause(text: str, heading: str) -> bool:
    """A heading line alone (四、考核与止损, "Customer Data") states no fact."""
    return len(text.strip()) >= 10 and text.strip() != heading.strip()


def decide(best: list[tuple[float, object, int]], thr: float):
    """(value, sentence index, how far above the threshold) when the best sentence passes ``thr`` with a value and the
    next one above it does not read differently; else None."""
    if not best or not np.isfinite(thr) or best[0][0] < thr or best[0][1] is None:
        return None
    if len(best) > 1 and best[1][0] >= thr and best[1][1] is not None and best[1][1] != best[0][1]:
        return None  # two sentences above the threshold read differently: not proposed
    return best[0][1], best[0][2], best[0][0] - thr


def readings(model: Model, items: list[tuple[str, str]], skip=frozenset()) -> dict[str, tuple[object, int, float]]:
    """field → (value, index of the sentence it is read from, confidence) for every field the model reads in
    ``items`` ((text, heading) per sentence) above its threshold, with a value the sentence states."""
    out = {}
    for j, (field, best) in enumerate(ranked(model, items).items()):
        if field in skip:
            continue
        got = decide(best, model.thresholds[j])
        if got:
            value, i, above = got
            conf = MODEL_MIN + (MODEL_MAX - MODEL_MIN) * min(1.0, above / 2.0)
            out[field] = (value, i, round(float(conf), 2))
    return out
