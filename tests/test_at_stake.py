"""What the seller can lose before it is free to leave (derived.at_stake_pct), and the risks it eases: when it is
at most a tenth of a month's sales, oversight, remedies, KPI quality and checks on the provider are points to raise
(a low grade), not terms to hold the signature for; bound for longer, or with a part of it unknown, they keep their
weight (docs/rule-format.md, the derived table and "Graded outcomes")."""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from vetting.model import derived
from vetting.model.loading import validate
from vetting.model.rates import default_rates_file, load_rates
from vetting.workflows.assess import assess

ROOT = Path(__file__).resolve().parents[1]
RATES = load_rates(default_rates_file())


def _deal(**changes) -> dict:
    """A CN¥300k-a-month store paying CN¥15k a month, one month prepaid and refunded, a 12-month term with a 3-month
    minimum, out on 30 days for nothing (a free exit: the term and the minimum bind no longer)."""
    deal = {"id": "stake", "provider": {"name": "联星出海", "kind": "store_operation"},
            "seller": {"monthly_gmv": 300000},
            "fees": {"model": "fixed", "base_monthly": 15000, "setup_fee": 0, "prepaid_months": 1,
                     "refundable_on_exit": True, "deposit": 0, "minimum_commitment_months": 3},
            "contract": {"term_months": 12, "termination": {"for_convenience": True, "notice_days": 30,
                                                            "early_termination_fee": 0}}}
    for path, value in changes.items():
        *head, last = path.split(".")
        node = deal
        for p in head:
            node = node.setdefault(p, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return deal


def _stake(deal: dict):
    d = validate(copy.deepcopy(deal), "stake").deal
    return derived.BY_PATH["derived.at_stake_pct"].compute(d, dt.date(2026, 12, 7), RATES)


def test_a_free_exit_puts_one_month_of_fees_at_stake():
    assert _stake(_deal()) == pytest.approx(5.0)


@pytest.mark.parametrize("changes, expected", [
    ({"fees.setup_fee": 9000}, 8.0),                                                # + the setup fee
    ({"fees.deposit": 30000, "fees.deposit_refundable": False}, 15.0),              # + a deposit kept
    ({"fees.deposit": 30000, "fees.deposit_refundable": True}, 5.0),                # a deposit paid back: nothing
    ({"fees.prepaid_months": 3, "fees.refundable_on_exit": False}, 15.0),           # three months paid, not one
    ({"contract.termination.notice_days": 90}, 15.0),                               # three months' notice
    ({"contract.termination.for_convenience": False}, 60.0),                        # the 12-month term
    ({"contract.termination.early_termination_fee": 15000}, 10.0),                  # + the exit fee
    ({"fees.model": "base_plus_commission", "fees.commission_pct": 5,
      "fees.commission_basis": "total_gmv"}, 10.0),                                 # + 5 % of today's sales
    ({"fees.model": "base_plus_commission", "fees.commission_pct": 5,
      "fees.commission_basis": "incremental_gmv"}, 5.0),                            # growth over today's: 0 today
])
def test_every_part_of_what_is_at_stake(changes, expected):
    assert _stake(_deal(**changes)) == pytest.approx(expected)


@pytest.mark.parametrize("changes", [
    {"fees.deposit": None},                                          # a deposit may still be asked and kept
    {"fees.setup_fee": None},
    {"fees.prepaid_months": 2, "fees.refundable_on_exit": None},
    {"contract.termination.notice_days": None},
    {"contract.termination.early_termination_fee": None},
    {"contract.termination.for_convenience": None, "contract.term_months": None},
    {"fees.model": "base_plus_commission", "fees.commission_pct": 20, "fees.commission_basis": "net_profit"},
    {"seller.monthly_gmv": None},
    {"seller.monthly_gmv": 0},
])
def test_an_unknown_part_that_could_raise_it_leaves_it_unknown(changes):
    assert _stake(_deal(**changes)) is None


def test_a_stop_loss_with_a_no_fault_exit_caps_the_months_bound():
    bound = {"contract.termination.for_convenience": False}  # the 12-month term: 60 %
    sl = {"present": True, "threshold_pct": 80, "consecutive_periods": 2, "period": "month", "no_fault_exit": True}
    assert _stake(_deal(**bound, **{"contract.stop_loss": sl})) == pytest.approx(10.0)  # two months below target
    assert _stake(_deal(**bound, **{"contract.stop_loss": {**sl, "period": "quarter"}})) == pytest.approx(30.0)
    assert _stake(_deal(**bound, **{"contract.stop_loss": {**sl, "notice_days": 30}})) == pytest.approx(15.0)
    # a stop-loss that still charges for leaving, or one not known to be there, frees nobody: the term counts
    for weak in ({**sl, "no_fault_exit": False}, {**sl, "no_fault_exit": None}, {**sl, "present": None},
                 {**sl, "consecutive_periods": None}, {**sl, "threshold_pct": 50}, {**sl, "threshold_pct": None}):
        assert _stake(_deal(**bound, **{"contract.stop_loss": weak})) == pytest.approx(60.0)
    # prepaid months kept on exit are paid whatever the stop-loss says
    kept = {"fees.prepaid_months": 6, "fees.refundable_on_exit": False}
    assert _stake(_deal(**bound, **kept, **{"contract.stop_loss": sl})) == pytest.approx(30.0)


def test_serving_the_lock_in_and_paying_to_leave_early_count_once_not_twice():
    bound = {"contract.termination.for_convenience": False}
    # all remaining fees to leave a 12-month term: the term's fees once (60 %) plus the month of notice, not 120 %
    assert _stake(_deal(**bound, **{"contract.termination.exit_fee_formula": "all_remaining_fees",
                                    "contract.auto_renewal.present": False})) \
        == pytest.approx(65.0)
    # a fixed fee above the term's fees: leaving early costs more than staying, and that is what counts
    assert _stake(_deal(**bound, **{"contract.termination.early_termination_fee": 300000})) == pytest.approx(105.0)


def _finding(deal: dict, rule_id: str):
    a = assess(validate(copy.deepcopy(deal), "stake"), today=dt.date(2026, 12, 7))
    return next(f for f in a.findings if f.rule_id == rule_id), a


def test_a_missing_kpi_penalty_is_a_point_to_raise_when_leaving_is_cheap():
    no_penalty = {"contract.kpi_penalty": False, "contract.refund_formula": False, "contract.stop_loss.present": False}
    # a free exit is itself the consequence of a missed KPI: GOV-007 does not concern it
    free, _ = _finding(_deal(**no_penalty), "GOV-007")
    assert free.status == "na"
    # bound for a one-month term: a month's fees, 5 % of a month's sales
    monthly = {"contract.termination.for_convenience": False, "contract.term_months": 1, "fees.minimum_commitment_months": 1}
    cheap, _ = _finding(_deal(**no_penalty, **monthly), "GOV-007")
    assert (cheap.status, cheap.severity) == ("risk", "low")
    assert "5%" in cheap.why or "5 %" in cheap.why, cheap.why  # the figure, filled in
    bound, _ = _finding(_deal(**no_penalty, **{"contract.termination.for_convenience": False}), "GOV-007")
    assert (bound.status, bound.severity) == ("risk", "medium")
    unknown, _ = _finding(_deal(**no_penalty, **monthly, **{"fees.deposit": None}), "GOV-007")
    assert (unknown.status, unknown.severity) == ("risk", "medium")


def test_account_control_is_not_eased_however_cheap_leaving_is():
    f, a = _finding(_deal(**{"data_access.provider_access": "main_account"}), "SEC-001")
    assert (f.status, f.severity, a.verdict) == ("risk", "blocker", "do_not_sign")


def test_the_buyers_cheap_deals_proceed_and_the_bound_ones_do_not():
    """shopee-lazada-my (MYR 3,500 and 5 % of growth, out on 30 days: a sales KPI without a margin KPI) proceeds;
    the same deal with the commission on all sales (about 9 % more at stake) is negotiated."""
    base = yaml.safe_load((ROOT / "tests" / "expert" / "deals" / "shopee-lazada-my.yaml").read_text(encoding="utf-8"))
    a = assess(validate(copy.deepcopy(base), "shopee"), today=dt.date(2026, 12, 7))
    assert a.verdict == "proceed"
    assert not [f.rule_id for f in a.findings if f.status == "risk" and f.severity not in ("low", "info")]
    total = copy.deepcopy(base)
    total["fees"]["commission_basis"] = "total_gmv"
    b = assess(validate(total, "shopee"), today=dt.date(2026, 12, 7))
    assert b.verdict == "negotiate"
    assert [f.rule_id for f in b.findings if f.status == "risk" and f.severity == "medium"]
