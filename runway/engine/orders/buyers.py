"""Order lines reduced to what the KPIs and cohorts count: per line its month, order, buyer, gross
value and reversal; per buyer the months in which they ordered and their first month.

Reversal rule (docs/metrics.md): a `reversal` line reverses its `refund_amount`; a sale line whose
status is `cancelled` reverses its whole amount, as does a `refunded` one without a refund figure;
any other sale line reverses its `refund_amount` (none when null).
"""

from __future__ import annotations

import polars as pl

MONEY_EXACT = pl.Decimal(38, 4)


def month_of(ordered_at: pl.Expr) -> pl.Expr:
    """The calendar month (its first day) of an aware datetime, in that datetime's own zone."""
    return ordered_at.dt.replace_time_zone(None).dt.truncate("1mo").cast(pl.Date)


def prepare(orders: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """Columns month, order_id, customer_id, sale, cancelled, gross, reversal.

    `orders` needs order_id, ordered_at, customer_id and amount; line, status, refund_amount
    and month (the local month, as `import_orders` writes it) are used when present.
    """
    frame = orders.lazy()
    names = set(frame.collect_schema().names())
    zero = pl.lit(0, MONEY_EXACT)
    amount = pl.col("amount").cast(MONEY_EXACT)
    refund = pl.col("refund_amount").cast(MONEY_EXACT) if "refund_amount" in names else None
    status = pl.col("status").cast(pl.String) if "status" in names else pl.lit(None, pl.String)
    sale = pl.col("line").cast(pl.String) == "sale" if "line" in names else pl.lit(value=True)
    reversal = (
        pl.when(~sale)
        .then(refund if refund is not None else zero)
        .when(status == "cancelled")
        .then(amount)
        .when((status == "refunded") & (refund.is_null() if refund is not None else True))
        .then(amount)
        .otherwise(refund if refund is not None else zero)
        .fill_null(zero)
    )
    month = pl.col("month") if "month" in names else month_of(pl.col("ordered_at"))
    return frame.select(
        month.alias("month"),
        pl.col("order_id"),
        pl.col("customer_id"),
        sale.alias("sale"),
        (~sale | (status == "cancelled")).fill_null(value=False).alias("cancelled"),
        pl.when(sale).then(amount).otherwise(zero).fill_null(zero).alias("gross"),
        reversal.alias("reversal"),
    )


def buyer_months(lines: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (customer_id, month) with a sale line, and the buyer's first such month.

    Lines without a customer id are no buyer's.
    """
    pairs = (
        lines.filter(pl.col("sale") & pl.col("customer_id").is_not_null())
        .select("customer_id", "month")
        .unique()
    )
    return pairs.with_columns(pl.col("month").min().over("customer_id").alias("first_month"))
