"""costs.deal_cost on hand-computed examples, one per fee shape and contract term that moves money."""
import pytest

from vetting.decide.costs import CostOptions, deal_cost, parse_scenario
from vetting.text.costwords import sentences
from vetting.text.tables import Texts
from vetting.model.models import Deal


def make(fees=None, contract=None, gmv=100_000, currency="CNY"):
    return Deal.model_validate({"id": "d", "provider": {"name": "P"}, "currency": currency,
                                "seller": {"monthly_gmv": gmv}, "fees": fees, "contract": contract})


EASY_EXIT = {"termination": {"for_convenience": True, "notice_days": 0, "early_termination_fee": 0}}


def one(deal, gmv=100_000, **opts):
    return deal_cost(deal, [("current", gmv)], CostOptions(**opts)).scenarios[0]


def test_fixed_fee_with_setup_notice_and_termination_fee():
    d = make({"model": "fixed", "base_monthly": 20000, "setup_fee": 5000},
             {"term_months": 12, "termination": {"for_convenience": True, "notice_days": 30, "early_termination_fee": 10000}},
             gmv=400_000)
    c = one(d, 400_000)
    assert c.monthly == 20000
    assert c.first_year == 5000 + 12 * 20000  # 245,000
    assert c.take_rate_pct == round(245000 / (400000 * 12) * 100, 2)  # 5.1
    # 3 months served + 1 month notice of fixed fees, setup, termination fee
    assert c.exit_cost == 5000 + 4 * 20000 + 10000
    assert c.at_risk == c.exit_cost  # no stop-loss


def test_base_plus_commission_on_total_gmv_locked_term_prepaid():
    # The LinkStar shape: 15,000 + 5% of total GMV, 10,000 setup, 3 months prepaid, no exit for convenience.
    d = make({"model": "base_plus_commission", "base_monthly": 15000, "commission_pct": 5,
              "commission_basis": "total_gmv", "setup_fee": 10000, "prepaid_months": 3, "refundable_on_exit": False,
              "minimum_commitment_months": 6},
             {"term_months": 12, "termination": {"for_convenience": False, "notice_days": 60, "early_termination_fee": 20000}},
             gmv=450_000)
    c = one(d, 450_000)
    assert c.monthly == 15000 + 22500
    assert c.first_year == 10000 + 12 * 37500
    # fixed fees for the whole 12-month term, commission for 3 months + 2 months notice, setup, fee
    assert c.exit_cost == 12 * 15000 + 5 * 22500 + 10000 + 20000  # 322,500


def test_commission_on_incremental_gmv_uses_current_gmv_as_baseline():
    d = make({"model": "commission_only", "commission_pct": 8, "commission_basis": "incremental_gmv"}, EASY_EXIT,
             gmv=450_000)
    cost = deal_cost(d, [("current", 450_000), ("+30%", 585_000), ("-20%", 360_000)])
    assert [s.monthly for s in cost.scenarios] == [0, 10800, 0]
    assert any("incremental GMV measured against the current monthly GMV (450,000)" in a for a in sentences(cost, "en"))


def test_percent_of_ad_spend_with_bundled_saas():
    d = make({"model": "ad_spend_pct", "ad_spend_pct": 12, "bundled_saas_monthly": 1500}, EASY_EXIT, gmv=450_000)
    c = one(d, 450_000, ad_spend_pct_of_gmv=10)
    assert c.monthly == 1500 + 0.12 * 45000  # 6,900
    cost = deal_cost(d, [("current", 450_000)], CostOptions(ad_spend_pct_of_gmv=20))
    assert cost.scenarios[0].monthly == 1500 + 0.12 * 90000
    assert "ad spend assumed at 20% of GMV (--ad-spend)" in sentences(cost, "en")


def test_commission_on_ad_spend_and_on_net_profit():
    d = make({"model": "commission_only", "commission_pct": 10, "commission_basis": "ad_spend"}, EASY_EXIT)
    assert one(d, ad_spend_pct_of_gmv=20).monthly == 2000
    d = make({"model": "commission_only", "commission_pct": 20, "commission_basis": "net_profit"}, EASY_EXIT)
    cost = deal_cost(d, [("current", 100_000)], CostOptions(profit_margin_pct=15))
    assert cost.scenarios[0].monthly == 3000
    assert "net profit assumed at 15% of GMV (--margin)" in sentences(cost, "en")


def test_subscription_and_per_project():
    sub = one(make({"model": "subscription", "base_monthly": 999}, EASY_EXIT))
    assert (sub.monthly, sub.first_year) == (999, 11988)
    d = make({"model": "per_project", "setup_fee": 30000}, EASY_EXIT)
    cost = deal_cost(d, [("current", 100_000)])
    assert (cost.scenarios[0].monthly, cost.scenarios[0].first_year, cost.scenarios[0].exit_cost) == (0, 30000, 30000)
    assert "per_project: the project price (or, without one, the setup fee) is paid once, up front" in sentences(cost, "en")
    # the format's own project price: paid once, whatever the setup fee field says
    d = make({"model": "per_project", "project_price": 42000}, EASY_EXIT)
    assert deal_cost(d, [("current", 100_000)]).scenarios[0].first_year == 42000


def test_tax_on_top_and_a_deposit_not_paid_back_are_counted():
    plain = one(make({"model": "fixed", "base_monthly": 10000}, EASY_EXIT))
    taxed = deal_cost(make({"model": "fixed", "base_monthly": 10000, "tax_on_top": True, "tax_rate_pct": 6}, EASY_EXIT),
                      [("current", 100_000)])
    assert taxed.scenarios[0].monthly == 10600 and plain.monthly == 10000
    assert "tax of 6% charged on top of the quoted fees: every fee counted with it" in sentences(taxed, "en")
    unknown_rate = deal_cost(make({"model": "fixed", "base_monthly": 10000, "tax_on_top": True}, EASY_EXIT),
                             [("current", 100_000)])
    assert unknown_rate.scenarios[0].monthly == 10000
    assert any("rate not stated" in a for a in sentences(unknown_rate, "en"))
    kept = one(make({"model": "fixed", "base_monthly": 10000, "deposit": 20000, "deposit_refundable": False}, EASY_EXIT))
    back = one(make({"model": "fixed", "base_monthly": 10000, "deposit": 20000, "deposit_refundable": True}, EASY_EXIT))
    assert kept.exit_cost == back.exit_cost + 20000 and kept.first_year == back.first_year + 20000


def test_prepayment_refund_and_minimum_commitment():
    fees = {"model": "fixed", "base_monthly": 10000, "prepaid_months": 6, "refundable_on_exit": False}
    assert one(make(fees, EASY_EXIT)).exit_cost == 60000  # six prepaid months are lost
    assert one(make(dict(fees, refundable_on_exit=True), EASY_EXIT)).exit_cost == 30000
    unknown = deal_cost(make(dict(fees, refundable_on_exit=None), EASY_EXIT), [("current", 100_000)])
    assert unknown.scenarios[0].exit_cost == 60000
    assert "prepayment refund unknown: unused prepaid months assumed not refunded" in sentences(unknown, "en")
    committed = {"model": "fixed", "base_monthly": 10000, "minimum_commitment_months": 6}
    assert one(make(committed, EASY_EXIT)).exit_cost == 60000


def test_money_at_risk_before_the_stop_loss():
    fees = {"model": "base_plus_commission", "base_monthly": 10000, "commission_pct": 5, "commission_basis": "total_gmv"}
    stop = {"present": True, "consecutive_periods": 2, "period": "month", "no_fault_exit": True}
    contract = {"stop_loss": stop, "termination": {"for_convenience": False, "notice_days": 0, "early_termination_fee": 20000},
                "term_months": 12}
    c = one(make(fees, contract))
    assert c.at_risk == 2 * 10000 + 2 * 5000
    c = one(make(fees, dict(contract, stop_loss=dict(stop, no_fault_exit=False))))
    assert c.at_risk == 2 * 10000 + 2 * 5000 + 20000
    quarter = one(make(fees, dict(contract, stop_loss=dict(stop, consecutive_periods=1, period="quarter"))))
    assert quarter.at_risk == 3 * 15000
    # no exit for convenience and no stop-loss: the whole term's fixed fees are at risk
    c = one(make(fees, dict(contract, stop_loss={"present": False})))
    assert c.at_risk == c.exit_cost == 12 * 10000 + 3 * 5000 + 20000


def test_unknown_fee_fields_count_as_zero_and_are_named():
    cost = deal_cost(make({"model": "base_plus_commission", "base_monthly": 5000}, {}), [("current", 100_000)])
    assert cost.scenarios[0].monthly == 5000
    assert cost.unknown_fields == ("contract.termination.early_termination_fee", "fees.commission_basis", "fees.commission_pct")
    assert ("unknown fee fields counted as 0: contract.termination.early_termination_fee, fees.commission_basis, "
            "fees.commission_pct") in sentences(cost, "en")
    empty = deal_cost(Deal.model_validate({"id": "x", "provider": {"name": "P"}}), [("1", 1000)])
    assert empty.scenarios[0].first_year == 0
    assert "no fees section: every fee counted as 0" in sentences(empty, "en")


def test_zero_gmv_has_no_take_rate():
    assert one(make({"model": "fixed", "base_monthly": 100}, EASY_EXIT), 0).take_rate_pct is None


@pytest.mark.parametrize("text,current,expected", [
    ("-20%", 450_000, ("-20%", 360_000)),
    ("+30%", 450_000, ("+30%", 585_000)),
    ("600,000", None, ("600,000", 600_000)),
    ("0", None, ("0", 0)),
])
def test_parse_scenario(text, current, expected):
    label, value = parse_scenario(text, current)
    assert label == expected[0] and value == pytest.approx(expected[1])


@pytest.mark.parametrize("text,current,message", [
    ("abc", 1, "expected a number or a change like -20% / +30%"),
    ("-20%", None, "a relative change needs the seller's current monthly GMV (seller.monthly_gmv), "
                   "which the deals do not give"),
    ("-5", None, "a monthly GMV must be a number ≥ 0"),
    ("-120%", 10, "a change must be at least -100%"),
])
def test_parse_scenario_errors(text, current, message):
    with pytest.raises(ValueError) as e:
        parse_scenario(text, current)
    assert Texts("en", html=False, stem="strings_compare")(f"err_scenario_{e.value.key}") == message


# -- the breakdown, the monthly-cost curve and break-even points --------------------------------

def test_breakdown_adds_up_and_names_its_base():
    d = make({"model": "base_plus_commission", "base_monthly": 15000, "commission_pct": 5,
              "commission_basis": "total_gmv", "setup_fee": 10000, "prepaid_months": 3, "refundable_on_exit": False,
              "minimum_commitment_months": 6, "bundled_saas_monthly": 500, "forced_purchases": True},
             {"term_months": 12, "termination": {"for_convenience": False, "notice_days": 60, "early_termination_fee": 20000}},
             gmv=450_000)
    cost = deal_cost(d, [("current", 450_000)])
    c = cost.scenarios[0]
    assert (c.commission, c.commission_base, c.ad_spend, c.ad_spend_fee) == (22500, 450000, None, 0)
    assert c.monthly == 15000 + 500 + 22500
    e = c.exit
    # 3 months served + 2 of notice; fixed fees for the whole 12-month term; commission for the 5 months
    assert (e.setup, e.fixed_served, e.fixed_owed, e.variable_served, e.termination_fee) == (
        10000, 5 * 15500, 7 * 15500, 5 * 22500, 20000)
    assert c.exit_cost == e.setup + e.fixed_served + e.fixed_owed + e.variable_served + e.termination_fee
    t = cost.terms
    assert (t.fixed_fee, t.software, t.prepaid, t.refundable, t.lock_months, t.notice_months) == (
        15000, 500, 3 * 15500, False, 12, 2)
    assert t.forced_purchases is True
    assert "forced purchases required but their amount is not stated: not included in any cost" in sentences(cost, "en")


def test_curve_is_the_monthly_cost_at_any_gmv():
    from vetting.decide.costs import Curve

    d = make({"model": "commission_only", "commission_pct": 15, "commission_basis": "incremental_gmv"}, EASY_EXIT,
             gmv=450_000)
    cost = deal_cost(d, [("current", 450_000), ("+50%", 675_000)])
    assert cost.curve == Curve(0.0, 0.0, 0.15, 450_000)
    assert [cost.curve.at(s.monthly_gmv) for s in cost.scenarios] == [s.monthly for s in cost.scenarios] == [0, 33750]
    assert cost.scenarios[1].commission_base == 225_000
    ads = deal_cost(make({"model": "ad_spend_pct", "ad_spend_pct": 12, "bundled_saas_monthly": 1500}, EASY_EXIT),
                    [("x", 450_000)], CostOptions(ad_spend_pct_of_gmv=10))
    assert ads.curve.at(450_000) == ads.scenarios[0].monthly == 6900
    assert (ads.scenarios[0].ad_spend, ads.scenarios[0].ad_spend_fee) == (45000, 5400)


@pytest.mark.parametrize("a,b,lo,hi,expected", [
    # a commission on growth against a fixed fee: 0.15 × (g − 450,000) = 16,000
    ((0, 0, 0.15, 450_000), (16_000, 0, 0, 0), 200_000, 900_000, [556_666.67]),
    # the crossing lies outside the range searched
    ((0, 0, 0.15, 450_000), (16_000, 0, 0, 0), 200_000, 500_000, []),
    # parallel lines never cross; identical lines have no single crossing
    ((1000, 0.05, 0, 0), (2000, 0.05, 0, 0), 0, 1e6, []),
    ((1000, 0.05, 0, 0), (1000, 0.05, 0, 0), 0, 1e6, []),
    # two straight lines: 15,000 + 5 % g = 1,500 + 6.2 % g at g = 1,125,000
    ((15_000, 0.05, 0, 0), (1_500, 0.062, 0, 0), 0, 2e6, [1_125_000]),
    # equal at the end of the range only: no change of the cheaper one inside it
    ((10, 0, 0, 0), (0, 0, 0.1, 100), 0, 200, []),
    # crossing inside a straight piece after a kink
    ((10, 0, 0, 0), (0, 0, 0.1, 100), 0, 300, [200]),
    ((0, 0, 0.2, 100), (10, 0.0, 0.1, 100), 0, 300, [200]),
    # equal exactly at a kink, the cheaper one changes there
    ((0, 0.1, 0, 0), (10, 0, 0.05, 100), 0, 300, [100]),
    # running together up to a kink, then apart on one side only: no crossing
    ((10, 0, 0, 0), (10, 0, 0.1, 100), 0, 300, []),
])
def test_crossings(a, b, lo, hi, expected):
    from vetting.decide.costs import Curve, crossings

    got = crossings(Curve(*a), Curve(*b), lo, hi)
    assert [round(x, 2) for x in got] == expected
    assert [round(x, 2) for x in crossings(Curve(*b), Curve(*a), lo, hi)] == expected  # symmetric
