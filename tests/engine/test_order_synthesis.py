"""Synthetic order histories: shape, determinism, money invariants and seasonality."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runway.engine.order_synthesis import (
    ORDER_COLUMNS,
    SPRING_FESTIVAL,
    IdStyle,
    OrderProfile,
    OrderStatus,
    Product,
    synthesize_orders,
)

AS_OF = dt.date(2026, 10, 31)
PRODUCTS = (
    Product("RB-01", "Rose bouquet", Decimal("199.00")),
    Product("LY-02", "Lily bouquet", Decimal("129.90"), weight=2.0),
)


def flat(**overrides: object) -> OrderProfile:
    """A shop with no growth and no month-to-month noise, so only the calendar moves it."""
    fields: dict[str, object] = {
        "as_of": AS_OF,
        "products": PRODUCTS,
        "months": 24,
        "base_monthly_orders": 3000,
        "monthly_noise": 0.0,
    }
    fields.update(overrides)
    return OrderProfile(**fields)  # type: ignore[arg-type]


def monthly_gmv(orders: pl.DataFrame) -> dict[tuple[int, int], Decimal]:
    months = orders.group_by(
        pl.col("ordered_at").dt.year().alias("y"), pl.col("ordered_at").dt.month().alias("m")
    ).agg(pl.col("amount").sum())
    return {(row["y"], row["m"]): row["amount"] for row in months.iter_rows(named=True)}


profiles = st.builds(
    OrderProfile,
    as_of=st.dates(dt.date(2021, 1, 1), dt.date(2027, 12, 31)),
    products=st.just(PRODUCTS),
    months=st.integers(1, 48),
    base_monthly_orders=st.floats(0, 300),
    monthly_growth=st.floats(-0.08, 0.1),
    mean_quantity=st.floats(1, 50),
    repeat_probability=st.floats(0, 0.9),
    repeat_gap_days=st.floats(3, 200),
    refund_rate=st.floats(0, 0.5),
    cancel_rate=st.floats(0, 0.4),
    festival_strength=st.floats(0, 2),
    id_style=st.sampled_from(IdStyle),
)


def test_columns_and_types() -> None:
    orders = synthesize_orders(flat(months=3, base_monthly_orders=200), seed=1)
    assert tuple(orders.columns) == ORDER_COLUMNS
    assert orders.schema["amount"] == pl.Decimal(18, 2)
    assert orders.schema["refund_amount"] == pl.Decimal(18, 2)
    assert orders.schema["ordered_at"] == pl.Datetime("us", "Asia/Shanghai")
    assert set(orders["currency"]) == {"CNY"}
    assert orders.height > 300


def test_same_seed_same_orders_other_seed_other_orders() -> None:
    profile = flat(months=6, base_monthly_orders=100)
    first = synthesize_orders(profile, seed=7)
    assert first.equals(synthesize_orders(profile, seed=7))
    assert not first.equals(synthesize_orders(profile, seed=8))


@settings(max_examples=40, deadline=None)
@given(profile=profiles, seed=st.integers(0, 2**32))
def test_invariants_hold_for_any_profile(profile: OrderProfile, seed: int) -> None:
    orders = synthesize_orders(profile, seed=seed)
    local = orders["ordered_at"].dt.replace_time_zone(None)
    start = dt.datetime.combine(profile.first_day, dt.time())
    end = dt.datetime.combine(profile.as_of + dt.timedelta(days=1), dt.time())
    assert local.is_between(start, end, closed="left").all()
    assert orders["ordered_at"].is_sorted()
    assert orders["order_id"].n_unique() == orders.height
    assert (orders["amount"] > 0).all()
    assert (orders["refund_amount"] >= 0).all()
    assert (orders["refund_amount"] <= orders["amount"]).all()
    assert (orders["quantity"] >= 1).all()
    refunded = orders.filter(pl.col("status") == OrderStatus.REFUNDED)
    assert (refunded["refund_amount"] == refunded["amount"]).all()
    cancelled = orders.filter(pl.col("status") == OrderStatus.CANCELLED)
    assert (cancelled["refund_amount"] == 0).all()
    assert set(orders["status"]) <= {s.value for s in OrderStatus}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_singles_day_lifts_november_above_october(seed: int) -> None:
    gmv = monthly_gmv(synthesize_orders(flat(), seed=seed))
    assert gmv[(2025, 11)] > gmv[(2025, 10)] * Decimal("1.1")


def test_without_festivals_november_does_not_stand_out() -> None:
    gmv = monthly_gmv(synthesize_orders(flat(festival_strength=0.0), seed=1))
    assert gmv[(2025, 11)] < gmv[(2025, 10)] * Decimal("1.1")


@pytest.mark.parametrize(("year", "month"), [(2025, 1), (2026, 2)])
def test_spring_festival_month_dips(year: int, month: int) -> None:
    gmv = monthly_gmv(synthesize_orders(flat(), seed=4))
    ordinary = [gmv[(2025, m)] for m in (3, 4, 5, 7, 8, 9)]
    assert gmv[(year, month)] < sum(ordinary, Decimal(0)) / len(ordinary) * Decimal("0.85")


def test_spring_festival_table_covers_2020_to_2027() -> None:
    assert sorted(SPRING_FESTIVAL) == list(range(2020, 2028))
    assert all(dt.date(y, 1, 20) <= d <= dt.date(y, 2, 20) for y, d in SPRING_FESTIVAL.items())
    assert SPRING_FESTIVAL[2026] == dt.date(2026, 2, 17)


def test_growth_and_decline_show_in_order_counts() -> None:
    def counts(growth: float) -> tuple[int, int]:
        orders = synthesize_orders(flat(months=24, monthly_growth=growth), seed=5)
        month = orders["ordered_at"].dt.strftime("%Y-%m")
        first = int((month < "2025-02").sum())
        last = int((month >= "2026-08").sum())
        return first, last

    first, last = counts(0.04)
    assert last > first * 1.8
    first, last = counts(-0.04)
    assert last < first * 0.6


def test_buyers_come_back_unless_they_never_do() -> None:
    repeat = synthesize_orders(flat(months=12, repeat_probability=0.5), seed=6)
    per_buyer = repeat.group_by("customer_id").len()["len"]
    assert (per_buyer > 3).any()
    assert 0.2 < 1 - per_buyer.len() / repeat.height < 0.7
    never = synthesize_orders(flat(months=12, repeat_probability=0.0), seed=6)
    assert never["customer_id"].n_unique() == never.height


def test_refund_and_cancel_rates_are_respected() -> None:
    orders = synthesize_orders(flat(months=12, refund_rate=0.1, cancel_rate=0.05), seed=9)
    refunded = orders.filter(pl.col("refund_amount") > 0).height / orders.height
    cancelled = orders.filter(pl.col("status") == OrderStatus.CANCELLED).height / orders.height
    assert 0.08 < refunded < 0.12
    assert 0.04 < cancelled < 0.06


def test_recent_orders_are_not_yet_completed() -> None:
    orders = synthesize_orders(flat(months=2), seed=3)
    last_day = orders.filter(pl.col("ordered_at").dt.date() == AS_OF)
    assert OrderStatus.COMPLETED not in set(last_day["status"])
    assert {OrderStatus.PAID.value, OrderStatus.PENDING.value} <= set(last_day["status"])


@pytest.mark.parametrize(
    ("style", "order_pattern", "customer_pattern"),
    [
        (IdStyle.TAOBAO, r"^[1-3]\d{18}$", r"^tb\d{10}$"),
        (IdStyle.PINDUODUO, r"^\d{6}-\d{15}$", r"^pdd\d{11}$"),
        (IdStyle.SHOPIFY, r"^#\d{4,}$", r"^buyer\d{6}@example\.com$"),
        (IdStyle.INVOICE, r"^\d{6}$", r"^\d{5}$"),
    ],
)
def test_ids_look_like_each_platform(
    style: IdStyle, order_pattern: str, customer_pattern: str
) -> None:
    orders = synthesize_orders(flat(months=3, base_monthly_orders=300, id_style=style), seed=2)
    assert orders["order_id"].str.contains(order_pattern).all()
    assert orders["customer_id"].str.contains(customer_pattern).all()


def test_pinduoduo_ids_start_with_the_order_date() -> None:
    orders = synthesize_orders(flat(months=2, id_style=IdStyle.PINDUODUO), seed=2)
    assert (orders["order_id"].str.slice(0, 6) == orders["ordered_at"].dt.strftime("%y%m%d")).all()


def test_countries_follow_the_weights() -> None:
    profile = flat(months=6, countries=(("RU", 3.0), ("KZ", 1.0)))
    shares = synthesize_orders(profile, seed=1)["country"].value_counts(normalize=True)
    russia = shares.filter(pl.col("country") == "RU")["proportion"][0]
    assert 0.65 < russia < 0.85


@pytest.mark.parametrize(
    "overrides",
    [
        {"months": 0},
        {"products": ()},
        {"monthly_growth": -1.0},
        {"refund_rate": 0.8, "cancel_rate": 0.3},
        {"weekday_weights": (1.0,) * 6},
        {"mean_quantity": 0.5},
    ],
)
def test_impossible_profiles_are_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"must|need|cannot|exceed"):
        flat(**overrides)
