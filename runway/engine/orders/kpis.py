"""Monthly KPIs of order lines, with traffic, growth and trailing-twelve-month totals.

Every definition is in docs/metrics.md. Money is exact: sums run over decimals and are rounded
half-to-even to cents once, per month; `net_revenue` is `gmv - refunds` of the rounded figures,
so the table adds up as printed. Rates and growth are floats.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from runway.engine.orders.buyers import (
    MONEY_EXACT,
    buyer_months,
    first_months,
    monthly_totals,
    order_clashes,
    order_keys_unique,
    prepare,
)
from runway.engine.orders.cohorts import cohorts_from

MONEY_OUT = pl.Decimal(38, 2)
GROWTH_OF = ("gmv", "net_revenue", "orders", "buyers")
TTM_OF = ("gmv", "refunds", "net_revenue", "orders")
KPI_COLUMNS = (
    "month", "days", "complete", "gmv", "refunds", "net_revenue", "orders", "cancelled_orders",
    "buyers", "new_buyers", "returning_buyers", "repeat_buyer_rate", "aov", "refund_rate",
)  # fmt: skip
TRAFFIC_COLUMNS = ("visits", "page_views", "conversion")


@dataclass(frozen=True, slots=True)
class Traction:
    kpis: pl.DataFrame  # see monthly_kpis
    cohorts: pl.DataFrame  # see cohorts.cohort_retention


def traction(
    orders: pl.DataFrame | pl.LazyFrame, *, traffic: pl.DataFrame | None = None
) -> Traction:
    """Monthly KPIs (see `monthly_kpis`) and cohort retention of the same order lines."""
    frame = orders.lazy()
    lines = prepare(frame)
    plans = [order_keys_unique(lines), buyer_months(lines), first_months(lines), local_span(frame)]
    unique, pairs, firsts, span = pl.collect_all(plans, engine="streaming")
    unique_orders = bool(unique["unique"][0])
    exact_orders = not unique_orders and order_clashes(lines)
    if bool(firsts["clash"].any()):
        exact = prepare(frame, exact_buyers=True)
        pairs, firsts = pl.collect_all([buyer_months(exact), first_months(exact)])
    counted = prepare(frame, exact_orders=True) if exact_orders else lines
    totals = monthly_totals(counted, unique_orders=unique_orders).collect(engine="streaming")
    return assemble(totals, pairs, firsts, span, traffic=traffic)


def monthly_kpis(
    orders: pl.DataFrame | pl.LazyFrame, *, traffic: pl.DataFrame | None = None
) -> pl.DataFrame:
    """One row per calendar month from the first order line to the last, empty months included.

    `orders`: order_id, ordered_at (aware), customer_id, amount and, if present, line
    ("sale" or "reversal"), status, refund_amount, month (as `import_orders` returns them).
    Columns: month (date of the 1st), days (of the month the data covers), complete, gmv,
    refunds, net_revenue, orders, cancelled_orders, buyers, new_buyers, returning_buyers,
    repeat_buyer_rate, aov, refund_rate; visits, page_views and conversion when `traffic`
    (date, visits, page_views) is given; <kpi>_mom and <kpi>_yoy for gmv, net_revenue, orders
    and buyers; <kpi>_ttm for gmv, refunds, net_revenue and orders. Money is Decimal(38, 2).
    """
    return traction(orders, traffic=traffic).kpis


def local_span(orders: pl.LazyFrame) -> pl.LazyFrame:
    """First and last local date with a line (extremes found before converting: two values)."""
    local = pl.col("ordered_at")
    return orders.select(
        local.min().dt.replace_time_zone(None).dt.date().alias("first"),
        local.max().dt.replace_time_zone(None).dt.date().alias("last"),
    )


def assemble(
    totals: pl.DataFrame,
    pairs: pl.DataFrame,
    firsts: pl.DataFrame,
    span: pl.DataFrame,
    *,
    traffic: pl.DataFrame | None = None,
) -> Traction:
    """KPIs and cohorts from monthly totals, buyer months, first months and the date span."""
    active = pairs.group_by("month").agg(pl.len().alias("buyers"))
    new = firsts.group_by(pl.col("first_month").alias("month")).agg(pl.len().alias("new_buyers"))
    frame = (
        _calendar(span)
        .join(totals, on="month", how="left")
        .join(active, on="month", how="left")
        .join(new, on="month", how="left")
    )
    zero = pl.lit(0, MONEY_EXACT)
    frame = frame.with_columns(
        pl.col("gmv_exact").fill_null(zero).round(2).cast(MONEY_OUT).alias("gmv"),
        pl.col("refunds_exact").fill_null(zero).round(2).cast(MONEY_OUT).alias("refunds"),
        *(pl.col(c).fill_null(0).cast(pl.Int64) for c in ("orders", "cancelled_orders")),
        *(pl.col(c).fill_null(0).cast(pl.Int64) for c in ("buyers", "new_buyers")),
    ).with_columns(
        (pl.col("gmv") - pl.col("refunds")).cast(MONEY_OUT).alias("net_revenue"),
        (pl.col("buyers") - pl.col("new_buyers")).alias("returning_buyers"),
    )
    frame = frame.with_columns(
        _ratio(pl.col("returning_buyers"), pl.col("buyers")).alias("repeat_buyer_rate"),
        pl.when(pl.col("orders") > 0)
        .then((pl.col("gmv").cast(pl.Decimal(38, 10)) / pl.col("orders")).round(2))
        .cast(MONEY_OUT)
        .alias("aov"),
        _ratio(pl.col("refunds"), pl.col("gmv")).alias("refund_rate"),
    ).select(KPI_COLUMNS)
    kpis = frame.with_columns(growth_columns() + trailing_columns()).sort("month")
    if traffic is not None:
        kpis = with_traffic(kpis, traffic)
    return Traction(kpis, cohorts_from(pairs, firsts))


def empty_kpis() -> pl.DataFrame:
    """The KPI frame of no orders: every column, no rows."""
    totals = pl.DataFrame(
        schema={
            "month": pl.Date, "gmv_exact": MONEY_EXACT, "refunds_exact": MONEY_EXACT,
            "orders": pl.Int64, "cancelled_orders": pl.Int64,
        }
    )  # fmt: skip
    pairs = pl.DataFrame(schema={"customer_key": pl.UInt64, "month": pl.Date})
    firsts = pl.DataFrame(schema={"customer_key": pl.UInt64, "first_month": pl.Date})
    span = pl.DataFrame(schema={"first": pl.Date, "last": pl.Date})
    return assemble(totals, pairs, firsts, span).kpis


def _calendar(span: pl.DataFrame) -> pl.DataFrame:
    """Months from the first to the last line, with the days of each the lines cover."""
    first: dt.date | None = span["first"][0] if span.height else None
    last: dt.date | None = span["last"][0] if span.height else None
    if first is None or last is None:
        months = pl.Series("month", [], pl.Date)
        first = last = dt.date(1970, 1, 1)
    else:
        months = pl.date_range(first.replace(day=1), last.replace(day=1), "1mo", eager=True)
    end = pl.col("month").dt.month_end()
    start_day = pl.max_horizontal(pl.col("month"), pl.lit(first))
    end_day = pl.min_horizontal(end, pl.lit(last))
    return pl.DataFrame({"month": months}).with_columns(
        ((end_day - start_day).dt.total_days() + 1).cast(pl.Int32).alias("days"),
        ((start_day == pl.col("month")) & (end_day == end)).alias("complete"),
    )


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    top, bottom = numerator.cast(pl.Float64), denominator.cast(pl.Float64)
    return pl.when(bottom != 0).then(top / bottom)


def growth_columns() -> list[pl.Expr]:
    """<kpi>_mom and <kpi>_yoy: change against the month before and the same month a year
    before, when both are complete (docs/metrics.md). Needs months in order and `complete`."""
    out: list[pl.Expr] = []
    for name in GROWTH_OF:
        for suffix, lag in (("mom", 1), ("yoy", 12)):
            base = pl.col(name).shift(lag)
            both = pl.col("complete") & pl.col("complete").shift(lag).fill_null(value=False)
            out.append(pl.when(both).then(_ratio(pl.col(name), base) - 1).alias(f"{name}_{suffix}"))
    return out


def trailing_columns() -> list[pl.Expr]:
    """<kpi>_ttm: sum of the twelve months ending with this one, when all twelve are complete.
    Needs consecutive months in order (an absent month must be a row), `complete` and TTM_OF."""
    full = pl.col("complete").cast(pl.Int32).rolling_sum(12) == 12
    out: list[pl.Expr] = []
    for name in TTM_OF:
        running = pl.col(name).fill_null(0).cum_sum()
        total = running - running.shift(12).fill_null(0)
        out.append(pl.when(full).then(total).alias(f"{name}_ttm"))
    return out


def with_traffic(kpis: pl.DataFrame, traffic: pl.DataFrame) -> pl.DataFrame:
    """KPIs with visits, page_views (monthly sums of daily figures) and conversion = orders /
    visits; `traffic` has date, visits and page_views (see traffic.import_traffic)."""
    monthly = traffic.group_by(pl.col("date").dt.truncate("1mo").alias("month")).agg(
        pl.col("visits").sum().cast(pl.Int64), pl.col("page_views").sum().cast(pl.Int64)
    )
    joined = kpis.drop(TRAFFIC_COLUMNS, strict=False).join(monthly, on="month", how="left")
    conversion = _ratio(pl.col("orders"), pl.col("visits")).alias("conversion")
    rest = [c for c in kpis.columns if c not in KPI_COLUMNS and c not in TRAFFIC_COLUMNS]
    return joined.with_columns(conversion).select(*KPI_COLUMNS, *TRAFFIC_COLUMNS, *rest)
