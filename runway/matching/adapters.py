"""A venture's stored traction as the engine's inputs: the monthly KPI frame, the cohort frame,
the verification level, and what the score and financing engines make of them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl

from runway.metrics.models import CohortCell, MonthlyKPI, VerificationLevel
from runway.ventures.models import Venture

KPI_COLUMNS = (
    "month", "net_revenue", "gmv", "refunds", "orders", "buyers", "new_buyers",
    "returning_buyers", "repeat_buyer_rate", "visits", "page_views", "complete", "days",
)  # fmt: skip
# Weakest first: a history is only as verified as its least verified month.
LEVELS = (VerificationLevel.SELF_REPORTED, VerificationLevel.IMPORTED, VerificationLevel.CONNECTED)
SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "month": pl.Date, "net_revenue": pl.Decimal(38, 2), "gmv": pl.Decimal(38, 2),
    "refunds": pl.Decimal(38, 2), "orders": pl.Int64, "buyers": pl.Int64,
    "new_buyers": pl.Int64, "returning_buyers": pl.Int64, "repeat_buyer_rate": pl.Float64,
    "visits": pl.Int64, "page_views": pl.Int64, "complete": pl.Boolean, "days": pl.Int64,
}  # fmt: skip


def kpi_frame(venture: Venture) -> tuple[pl.DataFrame, str, str]:
    """(monthly frame, currency, verification level) of the venture's stored KPIs."""
    rows = list(
        MonthlyKPI.objects.filter(venture=venture)
        .order_by("month")
        .values(*KPI_COLUMNS, "currency", "verification")
    )
    frame = pl.DataFrame(
        [{name: row[name] for name in KPI_COLUMNS} for row in rows], schema=SCHEMA, orient="row"
    ).with_columns(pl.col("repeat_buyer_rate").cast(pl.Float64))
    currency = rows[-1]["currency"] if rows else "CNY"
    recent = {row["verification"] for row in rows[-12:]}
    level = next((level for level in LEVELS if level in recent), VerificationLevel.IMPORTED)
    return frame, currency, str(level)


def cohort_frame(venture: Venture) -> pl.DataFrame:
    rows = list(
        CohortCell.objects.filter(venture=venture).values(
            "cohort", "months_since", "buyers", "cohort_size"
        )
    )
    return pl.DataFrame(
        rows,
        schema={"cohort": pl.Date, "months_since": pl.Int64, "buyers": pl.Int64,
                "cohort_size": pl.Int64},
        orient="row",
    )  # fmt: skip


def venture_score(venture: Venture) -> Any:
    """The traction score of the stored KPIs; None when the venture has no figures at all."""
    frame, _currency, level = kpi_frame(venture)
    if frame.is_empty():
        return None
    from runway.engine.scoring import traction_score

    return traction_score(frame, cohorts=cohort_frame(venture), verification=level)


def venture_grade(venture: Venture) -> str | None:
    score = venture_score(venture)
    if score is None or score.basis == "insufficient":
        return None
    return str(score.grade)


def venture_ttm_revenue(venture: Venture) -> tuple[Decimal, str] | None:
    """Net revenue of the last twelve stored months, with its currency; None without figures."""
    latest = (
        MonthlyKPI.objects.filter(venture=venture)
        .order_by("-month")
        .values("net_revenue", "currency")[:12]
    )
    rows = list(latest)
    if not rows:
        return None
    return sum((row["net_revenue"] for row in rows), Decimal(0)), rows[0]["currency"]
