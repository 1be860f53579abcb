"""Invariants of the KPIs over generated order histories (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runway.engine.orders import import_orders, monthly_kpis, traction

STATUSES = ("completed", "cancelled", "refunded", "paid", "pending")
START = dt.datetime(2024, 1, 1)  # noqa: DTZ001  made aware below
AS_OF = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)

order = st.tuples(
    st.integers(0, 900 * 24 * 60),  # minutes after START
    st.one_of(st.none(), st.integers(0, 30)),  # customer
    st.integers(0, 1_000_000),  # cents
    st.sampled_from(STATUSES),
    st.integers(0, 100),  # refunded share, in percent
)


def history(rows: list[tuple[int, int | None, int, str, int]]) -> pl.DataFrame:
    """One row per order: refunds never negative, never above the amount, and none on a
    cancelled order (an export's closed order with money back reads as refunded)."""
    frame = pl.DataFrame(
        rows, schema=["minutes", "customer", "cents", "status", "share"], orient="row"
    )
    cents = pl.col("cents")
    return frame.with_row_index("n").select(
        pl.format("O{}", "n").alias("order_id"),
        (pl.lit(START) + pl.duration(minutes="minutes"))
        .dt.replace_time_zone("Asia/Shanghai")
        .alias("ordered_at"),
        pl.format("c{}", "customer").alias("customer_id"),
        (cents.cast(pl.Decimal(18, 2)) / 100).alias("amount"),
        "status",
        pl.when(pl.col("status") != "cancelled")
        .then((cents * pl.col("share") // 100).cast(pl.Decimal(18, 2)) / 100)
        .otherwise(pl.lit(Decimal(0)).cast(pl.Decimal(18, 2)))
        .alias("refund_amount"),
    )


histories = st.lists(order, min_size=1, max_size=60).map(history)
fast = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(histories)
def test_net_revenue_never_exceeds_gmv(orders: pl.DataFrame) -> None:
    kpis = monthly_kpis(orders)
    assert (kpis["net_revenue"] <= kpis["gmv"]).all()
    assert (kpis["refunds"] >= 0).all()
    assert kpis["net_revenue"].to_list() == (kpis["gmv"] - kpis["refunds"]).to_list()


@fast
@given(histories)
def test_buyers_never_exceed_orders(orders: pl.DataFrame) -> None:
    kpis = monthly_kpis(orders)
    assert (kpis["buyers"] <= kpis["orders"]).all()
    assert (kpis["new_buyers"] <= kpis["buyers"]).all()
    assert int(kpis["orders"].sum()) == orders.height


@fast
@given(histories)
def test_cohort_sizes_sum_to_the_buyers(orders: pl.DataFrame) -> None:
    figures = traction(orders)
    sizes = figures.cohorts.filter(pl.col("months_since") == 0)["buyers"].sum()
    buyers = orders["customer_id"].drop_nulls().n_unique()
    assert sizes == buyers == figures.kpis["new_buyers"].sum()


@fast
@given(histories, st.randoms(use_true_random=False))
def test_kpis_do_not_depend_on_row_order(orders: pl.DataFrame, random: object) -> None:
    order = list(range(orders.height))
    random.shuffle(order)  # type: ignore[attr-defined]
    shuffled = orders[order]
    assert monthly_kpis(shuffled).equals(monthly_kpis(orders))
    assert traction(shuffled).cohorts.equals(traction(orders).cohorts)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories)
def test_an_export_imports_to_the_kpis_of_its_orders(orders: pl.DataFrame) -> None:
    local = orders.with_columns(pl.col("ordered_at").dt.strftime("%Y-%m-%d %H:%M:%S"))
    result = import_orders(local.write_csv().encode(), as_of=AS_OF)
    assert result.accepted, result.rejection
    assert result.kpis.equals(monthly_kpis(orders))
    assert result.kpis["gmv"].sum() == orders["amount"].sum()
