"""The rescue ladder: when it shows, the three routes by hand, and properties (hypothesis)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runway.engine.financing import valuation_band
from runway.engine.financing.rescue import (
    CALM_REASONS,
    DEFAULT_PARAMS,
    ROUTE_REASONS,
    TRIGGER_REASONS,
    BridgeQuote,
    RescueParams,
    dilution,
    load_params,
    rescue_ladder,
    rescue_trigger,
    runway_months,
)
from runway.engine.money import Money

D = Decimal


def quote(
    amount: int | str | Decimal, fee: int | str = 0, months: int = 6, lender: str = "x"
) -> BridgeQuote:
    return BridgeQuote(
        lender=lender,
        amount=Money(D(amount), "CNY"),  # type: ignore[arg-type]
        fee=Money(D(fee), "CNY"),  # type: ignore[arg-type]
        payback_months=months,
        remittance_share=D("0.10"),
    )


# The 550k CNY community site of the field notes, a year on: 1.2 million of net revenue in the
# last twelve months, 420 thousand in the bank, burning 180 thousand a month.
BAND = valuation_band("mother-baby", ttm_revenue=D(1_200_000), currency="CNY")


def test_the_constants_are_read_from_the_data_file() -> None:
    assert load_params() == DEFAULT_PARAMS
    assert DEFAULT_PARAMS.runway_threshold_months == D(3)
    assert DEFAULT_PARAMS.round_months_of_burn == 12
    assert DEFAULT_PARAMS.bridge_time_to_cash_days < DEFAULT_PARAMS.round_time_to_cash_days
    assert DEFAULT_PARAMS.round_time_to_cash_days < DEFAULT_PARAMS.sale_time_to_cash_days


def test_the_distressed_community_site_by_hand() -> None:
    ladder = rescue_ladder(
        currency="CNY",
        cash=D(420_000),
        monthly_burn=D(180_000),
        quotes=[quote(150_000, 12_000, 9, "a"), quote(260_000, 20_800, 11, "b")],
        valuation=BAND,
    )
    # 420,000 / 180,000 = 2.33 months: under three, so the ladder shows.
    assert ladder.trigger.needed
    assert ladder.trigger.reasons == ("runway_short",)
    assert ladder.trigger.runway_months == D("2.3")

    bridge = ladder.bridge
    assert [q.lender for q in bridge.quotes] == ["b", "a"]
    assert bridge.amount == Money(D(260_000), "CNY")  # type: ignore[arg-type]
    assert bridge.dilution == 0
    assert bridge.time_to_cash_days == 14
    assert bridge.runway_added_months == D("1.4")  # 260,000 / 180,000 = 1.44, rounded down

    # Twelve months of burn, priced at the band's low end: 1.2M x 0.4 = 480,000 pre-money.
    rescue = ladder.rescue_round
    assert rescue.available
    assert rescue.target == Money(D("2160000.00"), "CNY")  # type: ignore[arg-type]
    assert rescue.min_ticket == Money(D("216000.00"), "CNY")  # type: ignore[arg-type]
    assert rescue.pre_money == Money(D("480000.00"), "CNY")  # type: ignore[arg-type]
    assert rescue.post_money == Money(D("2640000.00"), "CNY")  # type: ignore[arg-type]
    assert rescue.dilution == D("0.8182")  # 2,160,000 / 2,640,000 = 0.81818...
    assert rescue.time_to_cash_days == 90

    sale = ladder.sale
    assert sale.available
    assert sale.band is BAND
    assert (sale.band.low.amount, sale.band.high.amount) == (D(480_000), D(1_680_000))
    assert sale.dilution == 1
    assert sale.time_to_cash_days == 150


def test_the_target_is_rounded_up_to_ten_thousand_and_the_ticket_down_to_the_cent() -> None:
    ladder = rescue_ladder(
        currency="CNY", cash=D(0), monthly_burn=D("33333.33"), quotes=[], valuation=BAND
    )
    # 12 x 33,333.33 = 399,999.96, rounded up to 400,000; a tenth is the minimum ticket.
    assert ladder.rescue_round.target is not None
    assert ladder.rescue_round.target.amount == D("400000.00")
    assert ladder.rescue_round.min_ticket is not None
    assert ladder.rescue_round.min_ticket.amount == D("40000.00")
    assert ladder.rescue_round.dilution == D("0.4545")  # 400,000 / 880,000


def test_a_failed_round_shows_the_ladder_for_half_a_year() -> None:
    calm = rescue_trigger(cash=D(5_000_000), monthly_burn=D(100_000), days_since_failure=None)
    assert (calm.needed, calm.reasons, calm.runway_months) == (False, ("runway_ok",), D(50))
    failed = rescue_trigger(cash=D(5_000_000), monthly_burn=D(100_000), days_since_failure=180)
    assert (failed.needed, failed.reasons) == (True, ("round_failed",))
    forgotten = rescue_trigger(cash=D(5_000_000), monthly_burn=D(100_000), days_since_failure=181)
    assert not forgotten.needed
    both = rescue_trigger(cash=D(100), monthly_burn=D(100), days_since_failure=0)
    assert both.reasons == ("round_failed", "runway_short")


def test_exactly_three_months_is_not_short_and_no_figures_say_why() -> None:
    assert not rescue_trigger(cash=D(300), monthly_burn=D(100), days_since_failure=None).needed
    assert rescue_trigger(cash=D(299), monthly_burn=D(100), days_since_failure=None).needed
    assert rescue_trigger(cash=None, monthly_burn=None, days_since_failure=None).reasons == (
        "no_snapshot",
    )
    no_burn = rescue_trigger(cash=D(0), monthly_burn=D(0), days_since_failure=None)
    assert (no_burn.needed, no_burn.reasons, no_burn.runway_months) == (False, ("no_burn",), None)


def test_routes_say_why_they_are_not_available() -> None:
    ladder = rescue_ladder(currency="CNY", cash=None, monthly_burn=None, quotes=[], valuation=None)
    assert ladder.bridge.reason == "no_offer"
    assert not ladder.bridge.available
    assert ladder.bridge.amount is None
    assert ladder.rescue_round.reason == "no_burn"
    assert ladder.sale.reason == "no_valuation"
    nothing_sold = valuation_band("health", ttm_revenue=D(0), currency="CNY")
    ladder = rescue_ladder(
        currency="CNY", cash=D(1), monthly_burn=D(10), quotes=[], valuation=nothing_sold
    )
    assert ladder.rescue_round.reason == "no_valuation"
    assert ladder.sale.reason == "no_valuation"
    assert ladder.bridge.runway_added_months is None


def test_only_three_bridge_offers_are_shown_the_cheapest_first_among_equals() -> None:
    quotes = [
        quote(100_000, 9_000, 7, "dear"),
        quote(100_000, 6_000, 9, "cheap-slow"),
        quote(100_000, 6_000, 8, "cheap-fast"),
        quote(50_000, 1_000, 3, "small"),
    ]
    ladder = rescue_ladder(
        currency="CNY", cash=D(1), monthly_burn=D(1), quotes=quotes, valuation=None
    )
    assert [q.lender for q in ladder.bridge.quotes] == ["cheap-fast", "cheap-slow", "dear"]


def test_other_currencies_and_bad_figures_are_refused() -> None:
    usd = BridgeQuote("u", Money(D(1), "USD"), Money(D(0), "USD"), 1, D("0.1"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="USD advance on a CNY ladder"):
        rescue_ladder(currency="CNY", cash=None, monthly_burn=None, quotes=[usd], valuation=None)
    hkd = valuation_band("health", ttm_revenue=D(10), currency="HKD")
    with pytest.raises(ValueError, match="HKD valuation"):
        rescue_ladder(currency="CNY", cash=None, monthly_burn=None, quotes=[], valuation=hkd)
    with pytest.raises(ValueError, match="not negative"):
        rescue_trigger(cash=D(-1), monthly_burn=D(1), days_since_failure=None)
    with pytest.raises(ValueError, match="positive"):
        quote(0)
    with pytest.raises(ValueError, match="positive"):
        dilution(D(0), D(1))
    with pytest.raises(ValueError, match="share"):
        dataclasses.replace(DEFAULT_PARAMS, round_min_ticket_share=D(0))


def test_every_reason_code_is_declared() -> None:
    ladder = rescue_ladder(currency="CNY", cash=None, monthly_burn=None, quotes=[], valuation=None)
    assert set(ladder.trigger.reasons) <= set(CALM_REASONS)
    assert {r.reason for r in ladder.routes} <= set(ROUTE_REASONS)
    assert runway_months(D(1), D(0)) is None


amounts = st.decimals(min_value=D("0.01"), max_value=D(10**9), places=2)
maybe_amounts = st.none() | st.decimals(min_value=D(0), max_value=D(10**9), places=2)


@st.composite
def quotes_strategy(draw: st.DrawFn) -> list[BridgeQuote]:
    count = draw(st.integers(min_value=0, max_value=6))
    return [
        quote(draw(amounts), draw(st.integers(0, 10**6)), draw(st.integers(1, 36)), f"l{i}")
        for i in range(count)
    ]


@given(
    cash=maybe_amounts,
    burn=maybe_amounts,
    quotes=quotes_strategy(),
    revenue=st.decimals(min_value=D(0), max_value=D(10**9), places=2),
    days=st.none() | st.integers(min_value=0, max_value=1000),
)
def test_dilution_is_a_share_and_the_bridge_never_exceeds_the_best_offer(
    cash: Decimal | None, burn: Decimal | None, quotes: list[BridgeQuote], revenue: Decimal,
    days: int | None,
) -> None:  # fmt: skip
    band = valuation_band("mother-baby", ttm_revenue=revenue, currency="CNY")
    ladder = rescue_ladder(
        currency="CNY", cash=cash, monthly_burn=burn, quotes=quotes, valuation=band,
        days_since_failure=days,
    )  # fmt: skip
    for route in ladder.routes:
        if route.dilution is not None:
            assert D(0) <= route.dilution <= D(1)
    best = max((q.amount.amount for q in quotes), default=None)
    assert (ladder.bridge.amount is None) == (best is None)
    if ladder.bridge.amount is not None:
        assert best is not None
        assert ladder.bridge.amount.amount == best
        assert all(q.amount.amount <= best for q in ladder.bridge.quotes)
    assert len(ladder.bridge.quotes) <= DEFAULT_PARAMS.bridge_offers_shown
    rescue = ladder.rescue_round
    if rescue.available:
        assert rescue.target is not None
        assert rescue.min_ticket is not None
        assert burn is not None
        # The target covers the months of burn, and overshoots by less than one rounding unit.
        needed = burn * DEFAULT_PARAMS.round_months_of_burn
        assert needed <= rescue.target.amount < needed + DEFAULT_PARAMS.round_target_rounding
        assert D(0) < rescue.min_ticket.amount <= rescue.target.amount
    assert ladder.trigger.needed == bool(set(ladder.trigger.reasons) & set(TRIGGER_REASONS))


@given(
    amount=amounts,
    more=amounts,
    pre_money=amounts,
)
def test_more_money_at_the_same_price_never_dilutes_less(
    amount: Decimal, more: Decimal, pre_money: Decimal
) -> None:
    assert dilution(amount, pre_money) <= dilution(amount + more, pre_money)
    assert dilution(amount, pre_money + more) <= dilution(amount, pre_money)


def test_params_validate_themselves() -> None:
    with pytest.raises(ValueError, match="thresholds"):
        RescueParams(**{**dataclasses.asdict(DEFAULT_PARAMS), "runway_threshold_months": D(0)})
    with pytest.raises(ValueError, match="whole days"):
        dataclasses.replace(DEFAULT_PARAMS, sale_time_to_cash_days=0)
