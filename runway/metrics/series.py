"""Figures that depend on other months or on traffic, recomputed over a venture's stored months.

A venture's months can come from an import, from figures typed in and from a shop's pushes, so
growth, trailing-twelve-month totals, visits and conversion are computed again over the stored
rows after every write, whatever the source of each month. The definitions are those of
docs/metrics.md (and of runway.engine.orders.kpis, which computes them for one file): months
missing between two stored months count as incomplete, so no growth or total reaches across
them. A month with traffic from a traffic export takes its visits and page views from it.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import polars as pl
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from runway.directory import triggers as directory_triggers
from runway.engine.orders.kpis import GROWTH_OF, TTM_OF, growth_columns, trailing_columns
from runway.matching import triggers
from runway.metrics.models import DailyTraffic, MonthlyKPI
from runway.ventures.models import Venture

SIX_PLACES = Decimal("0.000001")
MONEY = pl.Decimal(38, 2)
SERIES_SCHEMA = pl.Schema(
    [
        ("month", pl.Date), ("complete", pl.Boolean), ("gmv", MONEY), ("refunds", MONEY),
        ("net_revenue", MONEY), ("orders", pl.Int64), ("buyers", pl.Int64),
    ]
)  # fmt: skip
DERIVED_FIELDS = (
    *(f"{name}_{suffix}" for name in GROWTH_OF for suffix in ("mom", "yoy")),
    *(f"{name}_ttm" for name in TTM_OF),
    "visits",
    "page_views",
    "conversion",
)


def rate_decimal(value: float | None) -> Decimal | None:
    # Through str: the float's shortest repr, not its binary expansion.
    return None if value is None else Decimal(str(value)).quantize(SIX_PLACES)


def exact_rate(numerator: Decimal | int, denominator: Decimal | int | None) -> Decimal | None:
    """numerator / denominator to six places, half-to-even; None for a zero denominator."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(SIX_PLACES, ROUND_HALF_EVEN)


def monthly_traffic(*, venture: Venture) -> dict[dt.date, tuple[int, int | None]]:
    """Visits and page views per month from the venture's daily traffic."""
    rows = (
        DailyTraffic.objects.filter(venture=venture)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(month_visits=Sum("visits"), month_views=Sum("page_views"))
    )
    return {row["month"]: (row["month_visits"], row["month_views"]) for row in rows}


def kpi_series_refresh(*, venture: Venture) -> None:
    """Recomputes growth, trailing totals, traffic and conversion on every stored month."""
    kpis = list(MonthlyKPI.objects.filter(venture=venture).order_by("month"))
    if not kpis:
        return
    traffic = monthly_traffic(venture=venture)
    derived = _derived(kpis)
    for kpi in kpis:
        for name, value in derived[kpi.month].items():
            setattr(kpi, name, value)
        if kpi.month in traffic:
            kpi.visits, kpi.page_views = traffic[kpi.month]
        kpi.conversion = exact_rate(kpi.orders, kpi.visits)
    MonthlyKPI.objects.bulk_update(kpis, DERIVED_FIELDS, batch_size=500)
    triggers.figures_changed(venture.pk)
    directory_triggers.venture_changed(venture.pk)


def _derived(kpis: list[MonthlyKPI]) -> dict[dt.date, dict[str, Any]]:
    """Growth and trailing totals per stored month, over a calendar without gaps."""
    stored = pl.DataFrame(
        [[getattr(k, name) for name in SERIES_SCHEMA] for k in kpis],
        schema=SERIES_SCHEMA,
        orient="row",
    )
    calendar = pl.DataFrame(
        {"month": pl.date_range(kpis[0].month, kpis[-1].month, "1mo", eager=True)}
    )
    frame = calendar.join(stored, on="month", how="left").with_columns(
        pl.col("complete").fill_null(value=False)
    )
    frame = frame.with_columns(growth_columns() + trailing_columns())
    out: dict[dt.date, dict[str, Any]] = {}
    for row in frame.filter(pl.col("month").is_in(stored["month"].implode())).iter_rows(named=True):
        values: dict[str, Any] = {}
        for name in GROWTH_OF:
            for suffix in ("mom", "yoy"):
                values[f"{name}_{suffix}"] = rate_decimal(row[f"{name}_{suffix}"])
        for name in TTM_OF:
            values[f"{name}_ttm"] = row[f"{name}_ttm"]
        out[row["month"]] = values
    return out
