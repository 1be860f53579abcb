"""Monthly KPIs of order lines, with traffic, growth and trailing-twelve-month totals.

Every definition is in docs/metrics.md. Money is exact: sums run over Decimal(38, 4) and are
rounded half-to-even to cents once, per month; `net_revenue` is `gmv - refunds` of the rounded
figures, so the table adds up as printed. Rates and growth are floats.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from runway.engine.orders.buyers import MONEY_EXACT, buyer_months, prepare
from runway.engine.orders.cohorts import cohorts_from

MONEY_OUT = pl.Decimal(38, 2)
GROWTH_OF = ("gmv", "net_revenue", "orders", "buyers")
TTM_OF = ("gmv", "refunds", "net_revenue", "orders")


@dataclass(frozen=True, slots=True)
class Traction:
    kpis: pl.DataFrame
    cohorts: pl.DataFrame


def traction(
    orders: pl.DataFrame | pl.LazyFrame, *, traffic: pl.DataFrame | None = None
) -> Traction:
    """Monthly KPIs and cohort retention together, sharing the work on buyers."""
    lines = prepare(orders)
    months = buyer_months(lines)
    plans = [_monthly(lines), _buyers(months), _span(orders), cohorts_from(months)]
    totals, firsts, span, cohorts = pl.collect_all(plans)
    return Traction(_finish(totals, firsts, span, traffic), cohorts)


def monthly_kpis(
    orders: pl.DataFrame | pl.LazyFrame, *, traffic: pl.DataFrame | None = None
) -> pl.DataFrame:
    """One row per calendar month from the first order to the last, months without orders included.

    Columns: month (date of the 1st), days, complete, gmv, refunds, net_revenue, orders,
    cancelled_orders, buyers, new_buyers, returning_buyers, repeat_buyer_rate, aov, refund_rate,
    visits, page_views, conversion (when `traffic` with date, visits, page_views is given), then
    <kpi>_mom and <kpi>_yoy for gmv, net_revenue, orders and buyers, and <kpi>_ttm for gmv,
    refunds, net_revenue and orders. Money columns are Decimal(38, 2).
    """
    return traction(orders, traffic=traffic).kpis


def _monthly(lines: pl.LazyFrame) -> pl.LazyFrame:
    sale_orders = pl.col("order_id").filter(pl.col("sale"))
    return lines.group_by("month").agg(
        pl.col("gross").sum().alias("gmv_exact"),
        pl.col("reversal").sum().alias("refunds_exact"),
        sale_orders.n_unique().alias("orders"),
        pl.col("order_id").filter(pl.col("cancelled")).n_unique().alias("cancelled_orders"),
    )


def _span(orders: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """First and last local date with a line (the extremes are found before converting)."""
    return orders.lazy().select(
        pl.col("ordered_at").min().dt.replace_time_zone(None).dt.date().alias("first"),
        pl.col("ordered_at").max().dt.replace_time_zone(None).dt.date().alias("last"),
    )


def _buyers(months: pl.LazyFrame) -> pl.LazyFrame:
    first = (pl.col("month") == pl.col("first_month")).sum().alias("new_buyers")
    return months.group_by("month").agg(pl.len().alias("buyers"), first)


def _finish(
    totals: pl.DataFrame,
    firsts: pl.DataFrame,
    span: pl.DataFrame,
    traffic: pl.DataFrame | None,
) -> pl.DataFrame:
    calendar = _calendar_frame(span)
    frame = calendar.join(totals, on="month", how="left").join(firsts, on="month", how="left")
    zero = pl.lit(0, MONEY_EXACT)
    frame = frame.with_columns(
        pl.col("gmv_exact").fill_null(zero).round(2).cast(MONEY_OUT).alias("gmv"),
        pl.col("refunds_exact").fill_null(zero).round(2).cast(MONEY_OUT).alias("refunds"),
        pl.col("orders").fill_null(0).cast(pl.Int64),
        pl.col("cancelled_orders").fill_null(0).cast(pl.Int64),
        pl.col("buyers").fill_null(0).cast(pl.Int64),
        pl.col("new_buyers").fill_null(0).cast(pl.Int64),
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
    )
    columns = [
        "month", "days", "complete", "gmv", "refunds", "net_revenue", "orders",
        "cancelled_orders", "buyers", "new_buyers", "returning_buyers", "repeat_buyer_rate",
        "aov", "refund_rate",
    ]  # fmt: skip
    if traffic is not None:
        frame = _with_traffic(frame, traffic)
        columns += ["visits", "page_views", "conversion"]
    return frame.select(columns).with_columns(_growth() + _trailing()).sort("month")


def _calendar_frame(span: pl.DataFrame) -> pl.DataFrame:
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


def _growth() -> list[pl.Expr]:
    """Change against the month before and the same month a year before, both complete."""
    out: list[pl.Expr] = []
    for name in GROWTH_OF:
        for suffix, lag in (("mom", 1), ("yoy", 12)):
            base = pl.col(name).shift(lag)
            both = pl.col("complete") & pl.col("complete").shift(lag).fill_null(value=False)
            change = _ratio(pl.col(name), base) - 1
            out.append(pl.when(both).then(change).alias(f"{name}_{suffix}"))
    return out


def _trailing() -> list[pl.Expr]:
    """Sum of the twelve months ending with this one, when all twelve are complete."""
    full = pl.col("complete").cast(pl.Int32).rolling_sum(12) == 12
    out: list[pl.Expr] = []
    for name in TTM_OF:
        running = pl.col(name).cum_sum()
        total = running - running.shift(12).fill_null(0)
        out.append(pl.when(full).then(total).alias(f"{name}_ttm"))
    return out


def _with_traffic(frame: pl.DataFrame, traffic: pl.DataFrame) -> pl.DataFrame:
    monthly = (
        traffic.lazy()
        .group_by(pl.col("date").dt.truncate("1mo").alias("month"))
        .agg(pl.col("visits").sum(), pl.col("page_views").sum())
        .collect()
    )
    joined = frame.join(monthly, on="month", how="left")
    return joined.with_columns(_ratio(pl.col("orders"), pl.col("visits")).alias("conversion"))

