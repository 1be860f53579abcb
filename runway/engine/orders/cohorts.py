"""Cohort retention: buyers by the month of their first order and the months since.

`cohort_retention` returns one row per (cohort, months_since) with buyers > 0: cohort (the first
day of the first-order month), months_since (0 is the cohort's own month), buyers (how many of the
cohort ordered in that month), cohort_size (buyers at months_since 0) and rate (buyers /
cohort_size). Lines without a customer id belong to no cohort.
"""

from __future__ import annotations

import polars as pl

from runway.engine.orders.buyers import buyer_months, prepare


def cohorts_from(months: pl.LazyFrame) -> pl.LazyFrame:
    """Cohort rows from `buyers.buyer_months`."""
    index = pl.col("month").dt.year() * 12 + pl.col("month").dt.month()
    first = pl.col("first_month").dt.year() * 12 + pl.col("first_month").dt.month()
    counted = months.group_by("first_month", "month").agg(pl.len().cast(pl.Int64).alias("buyers"))
    size = pl.col("buyers").filter(pl.col("months_since") == 0).first().over("cohort")
    return (
        counted.select(
            pl.col("first_month").alias("cohort"),
            (index - first).cast(pl.Int32).alias("months_since"),
            "buyers",
        )
        .with_columns(size.alias("cohort_size"))
        .with_columns((pl.col("buyers") / pl.col("cohort_size")).alias("rate"))
        .sort("cohort", "months_since")
    )


def cohort_retention(orders: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Cohort retention of the sale lines of `orders` (columns as for `monthly_kpis`)."""
    return cohorts_from(buyer_months(prepare(orders))).collect()
