"""Cohort retention: buyers by the month of their first order and the months since.

One row per (cohort, months_since) in which some of the cohort ordered: cohort (the first day of
the first-order month), months_since (0 is the cohort's own month), buyers (how many of the cohort
ordered in that month), cohort_size (buyers at months_since 0) and rate (buyers / cohort_size).
Lines without a customer id belong to no cohort.
"""

from __future__ import annotations

import polars as pl

from runway.engine.orders.buyers import buyer_months, first_months, prepare

COHORT_SCHEMA = pl.Schema(
    {
        "cohort": pl.Date,
        "months_since": pl.Int32,
        "buyers": pl.Int64,
        "cohort_size": pl.Int64,
        "rate": pl.Float64,
    }
)


def cohorts_from(pairs: pl.DataFrame, firsts: pl.DataFrame) -> pl.DataFrame:
    """Cohort rows from buyer months (`buyers.buyer_months`) and first months."""
    index = pl.col("month").dt.year() * 12 + pl.col("month").dt.month()
    first = pl.col("cohort").dt.year() * 12 + pl.col("cohort").dt.month()
    counted = (
        pairs.lazy()
        .select("customer_key", "month")
        .join(firsts.lazy().select("customer_key", "first_month"), on="customer_key")
        .group_by(pl.col("first_month").alias("cohort"), "month")
        .agg(pl.len().cast(pl.Int64).alias("buyers"))
    )
    size = pl.col("buyers").filter(pl.col("months_since") == 0).first().over("cohort")
    return (
        counted.select("cohort", (index - first).cast(pl.Int32).alias("months_since"), "buyers")
        .with_columns(size.alias("cohort_size"))
        .with_columns((pl.col("buyers") / pl.col("cohort_size")).alias("rate"))
        .sort("cohort", "months_since")
        .collect()
        .cast(COHORT_SCHEMA)
    )


def cohort_retention(orders: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Cohort retention of the sale lines of `orders` (columns as for `monthly_kpis`)."""
    lines = prepare(orders.lazy())
    pairs, firsts = pl.collect_all([buyer_months(lines), first_months(lines)], engine="streaming")
    if bool(firsts["clash"].any()):
        exact = prepare(orders.lazy(), exact_buyers=True)
        pairs, firsts = pl.collect_all([buyer_months(exact), first_months(exact)])
    return cohorts_from(pairs, firsts)
