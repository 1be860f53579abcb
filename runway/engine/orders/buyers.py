"""Order lines reduced to what the KPIs and cohorts count, as lazy aggregations.

Per line: its month, order, buyer, gross value and reversal. Reversal rule (docs/metrics.md): a
`reversal` line reverses its `refund_amount`; a sale line whose status is `cancelled` reverses its
whole amount, as does a `refunded` one without a refund figure; any other sale line reverses its
`refund_amount` (none when null).

Ids are grouped by a 64-bit hash (`key`), several times faster than grouping strings. A second,
independent hash (`check`) guards it: two ids that share a key but not a check are a clash, and
the counts are then taken again on the ids themselves. Distinct keys always mean distinct ids;
ids merged wrongly would need both hashes to collide at once (odds far below 1 in 10^20 for any
file Runway can read).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

MONEY_EXACT = pl.Decimal(18, 4)
UNITS = 10_000  # money as an integer count of 1/10,000 of the unit: exact, and 8 bytes a value
KEY_SEED, CHECK_SEED = 7, 1_000_003


def month_of(ordered_at: pl.Expr) -> pl.Expr:
    """The calendar month (its first day) of an aware datetime, in that datetime's own zone."""
    return ordered_at.dt.replace_time_zone(None).dt.truncate("1mo").cast(pl.Date)


def _hash(column: str, seed: int, *, exact: bool) -> pl.Expr:
    if exact:
        return pl.col(column)
    return pl.when(pl.col(column).is_not_null()).then(pl.col(column).hash(seed=seed))


def prepare(
    orders: pl.LazyFrame,
    *,
    exact_orders: bool = False,
    exact_buyers: bool = False,
    keep: Sequence[str | pl.Expr] = (),
    with_order_check: bool = True,
) -> pl.LazyFrame:
    """Columns month, order_key, order_check, customer_key, customer_check, sale, cancelled,
    gross, reversal, and those in `keep`. With `exact_*`, the key is the id itself.

    `orders` needs order_id, customer_id, amount and month or ordered_at; line, status and
    refund_amount are used when present.
    """
    names = set(orders.collect_schema().names())
    zero = pl.lit(0, MONEY_EXACT)
    amount = pl.col("amount").cast(MONEY_EXACT)
    refund = pl.col("refund_amount").cast(MONEY_EXACT) if "refund_amount" in names else zero
    no_refund = pl.col("refund_amount").is_null() if "refund_amount" in names else pl.lit(True)
    status = pl.col("status").cast(pl.String) if "status" in names else pl.lit(None, pl.String)
    sale = pl.col("line").cast(pl.String) == "sale" if "line" in names else pl.lit(value=True)
    reversal = (
        pl.when(~sale)
        .then(refund)
        .when((status == "cancelled") | ((status == "refunded") & no_refund))
        .then(amount)
        .otherwise(refund)
        .fill_null(zero)
    )
    month = pl.col("month") if "month" in names else month_of(pl.col("ordered_at"))
    order_check = [_hash("order_id", CHECK_SEED, exact=exact_orders).alias("order_check")]
    return orders.select(
        month.alias("month"),
        _hash("order_id", KEY_SEED, exact=exact_orders).alias("order_key"),
        *(order_check if with_order_check else []),
        _hash("customer_id", KEY_SEED, exact=exact_buyers).alias("customer_key"),
        _hash("customer_id", CHECK_SEED, exact=exact_buyers).alias("customer_check"),
        sale.alias("sale"),
        (~sale | (status == "cancelled")).fill_null(value=False).alias("cancelled"),
        _units(pl.when(sale).then(amount).otherwise(zero).fill_null(zero)).alias("gross"),
        _units(reversal).alias("reversal"),
        *keep,
    )


def _units(money: pl.Expr) -> pl.Expr:
    return (money * UNITS).cast(pl.Int64)


def money_of(units: pl.Expr) -> pl.Expr:
    """Integer units back to an exact Decimal(38, 4)."""
    return units.cast(pl.Decimal(38, 4)) / UNITS


def monthly_totals(lines: pl.LazyFrame, *, unique_orders: bool) -> pl.LazyFrame:
    """Per month: gmv_exact, refunds_exact, orders, cancelled_orders. With `unique_orders`
    (every line its own order, already established), orders are counted, not deduplicated."""
    sale, cancelled = pl.col("sale"), pl.col("cancelled")
    if unique_orders:
        orders, cancels = sale.sum(), cancelled.sum()
    else:
        orders = pl.col("order_key").filter(sale).n_unique()
        cancels = pl.col("order_key").filter(cancelled).n_unique()
    return lines.group_by("month").agg(
        money_of(pl.col("gross").sum()).alias("gmv_exact"),
        money_of(pl.col("reversal").sum()).alias("refunds_exact"),
        orders.cast(pl.Int64).alias("orders"),
        cancels.cast(pl.Int64).alias("cancelled_orders"),
    )


def _buyer_lines(lines: pl.LazyFrame) -> pl.LazyFrame:
    """Sale lines with a customer id; lines without one are no buyer's."""
    return lines.filter(pl.col("sale") & pl.col("customer_key").is_not_null())


def buyer_months(lines: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (buyer, month) with a sale line."""
    return _buyer_lines(lines).select("customer_key", "month").unique()


def first_months(lines: pl.LazyFrame) -> pl.LazyFrame:
    """Per buyer: the month of their first order and whether their key is shared (a clash)."""
    check = pl.col("customer_check")
    return (
        _buyer_lines(lines)
        .group_by("customer_key")
        .agg(
            pl.col("month").min().alias("first_month"), (check.min() != check.max()).alias("clash")
        )
    )


def order_keys_unique(lines: pl.LazyFrame) -> pl.LazyFrame:
    """Whether every line has its own order key (then no two ids can share one)."""
    return lines.select((pl.col("order_key").n_unique() == pl.len()).alias("unique"))


def order_clashes(lines: pl.LazyFrame) -> bool:
    """Whether two different order ids share a key."""
    check = pl.col("order_check")
    per_key = lines.group_by("order_key").agg((check.min() != check.max()).alias("clash"))
    return bool(per_key.select(pl.col("clash").any()).collect()["clash"][0])
