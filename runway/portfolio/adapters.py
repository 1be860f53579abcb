"""Held ventures' stored figures as values: live KPIs, runway and grade, for many ventures at once.

A page of holdings costs a fixed number of queries whatever its length: the monthly rows, the
cohort cells and the latest finance snapshot of every venture on the page are read in one query
each, then split by venture in memory. The grade is the platform's traction score of the stored
KPIs (the same engine call as runway.matching.adapters.venture_grade, fed from those rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from django.db.models import OuterRef, Subquery

from runway.engine.scoring import traction_score
from runway.matching.adapters import KPI_COLUMNS, LEVELS, SCHEMA
from runway.metrics.models import CohortCell, FinanceSnapshot, MonthlyKPI, VerificationLevel
from runway.portfolio import rules

COHORT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "venture_id": pl.Int64, "cohort": pl.Date, "months_since": pl.Int64, "buyers": pl.Int64,
    "cohort_size": pl.Int64,
}  # fmt: skip
# The most recent months that decide a history's verification level, as the matching adapters do.
LEVEL_MONTHS = 12


class RunwayStatus:
    MONTHS = "months"
    PROFITABLE = "profitable"
    UNKNOWN = "unknown"


NO_SNAPSHOT = "no_snapshot"


@dataclass(frozen=True, slots=True)
class Runway:
    """Months of cash left at the latest snapshot's burn; `profitable` when nothing is burnt;
    `unknown` with a `reason` when the venture never stated its cash."""

    status: str
    months: Decimal | None = None
    as_of: dt.date | None = None
    cash: Decimal | None = None
    monthly_burn: Decimal | None = None
    currency: str = ""
    reason: str = ""

    @property
    def is_low(self) -> bool:
        return rules.runway_is_low(self.months)


@dataclass(frozen=True, slots=True)
class LiveKPIs:
    """The latest complete month's figures, and how much history stands behind them."""

    currency: str | None = None
    month: dt.date | None = None
    net_revenue: Decimal | None = None
    net_revenue_yoy: Decimal | None = None
    repeat_buyer_rate: Decimal | None = None
    months_of_history: int = 0
    grade: str | None = None


@dataclass(frozen=True, slots=True)
class VentureFigures:
    kpis: LiveKPIs = field(default_factory=LiveKPIs)
    runway: Runway = field(default_factory=lambda: Runway(RunwayStatus.UNKNOWN, reason=NO_SNAPSHOT))


def runway_of(snapshot: FinanceSnapshot | None) -> Runway:
    if snapshot is None:
        return Runway(RunwayStatus.UNKNOWN, reason=NO_SNAPSHOT)
    months = snapshot.runway_months
    return Runway(
        RunwayStatus.PROFITABLE if months is None else RunwayStatus.MONTHS,
        months=months,
        as_of=snapshot.as_of,
        cash=snapshot.cash,
        monthly_burn=snapshot.monthly_burn,
        currency=snapshot.currency,
    )


def latest_snapshots(venture_ids: Iterable[int]) -> dict[int, FinanceSnapshot]:
    """Each venture's latest finance snapshot (by date), in one query."""
    latest = (
        FinanceSnapshot.objects.filter(venture=OuterRef("venture"))
        .order_by("-as_of", "-pk")
        .values("pk")[:1]
    )
    snapshots = FinanceSnapshot.objects.filter(venture_id__in=list(venture_ids)).filter(
        pk=Subquery(latest)
    )
    return {snapshot.venture_id: snapshot for snapshot in snapshots}


def venture_runways(venture_ids: Iterable[int]) -> dict[int, Runway]:
    ids = list(venture_ids)
    snapshots = latest_snapshots(ids)
    return {venture_id: runway_of(snapshots.get(venture_id)) for venture_id in ids}


def _level(rows: list[dict[str, Any]]) -> str:
    recent = {row["verification"] for row in rows[-LEVEL_MONTHS:]}
    return str(next((level for level in LEVELS if level in recent), VerificationLevel.IMPORTED))


def _grade(rows: list[dict[str, Any]], cohorts: pl.DataFrame | None) -> str | None:
    frame = pl.DataFrame(
        [{name: row[name] for name in KPI_COLUMNS} for row in rows], schema=SCHEMA, orient="row"
    )
    currency = rows[-1]["currency"]
    empty = pl.DataFrame(schema={k: v for k, v in COHORT_SCHEMA.items() if k != "venture_id"})
    score = traction_score(
        frame,
        cohorts=cohorts.drop("venture_id") if cohorts is not None else empty,
        verification=_level(rows),
        currency=currency,
    )
    return None if score.basis == "insufficient" else str(score.grade)


def _live(rows: list[dict[str, Any]], cohorts: pl.DataFrame | None) -> LiveKPIs:
    complete = [row for row in rows if row["complete"]]
    latest = complete[-1] if complete else None
    return LiveKPIs(
        currency=rows[-1]["currency"],
        month=latest["month"] if latest else None,
        net_revenue=latest["net_revenue"] if latest else None,
        net_revenue_yoy=latest["net_revenue_yoy"] if latest else None,
        repeat_buyer_rate=latest["repeat_buyer_rate"] if latest else None,
        months_of_history=len(complete),
        grade=_grade(rows, cohorts),
    )


def venture_kpis(venture_ids: Iterable[int]) -> dict[int, LiveKPIs]:
    """Live KPIs and grade of each venture; a venture without figures gets empty ones."""
    ids = list(venture_ids)
    rows = (
        MonthlyKPI.objects.filter(venture_id__in=ids)
        .order_by("venture_id", "month")
        .values("venture_id", *KPI_COLUMNS, "currency", "verification", "net_revenue_yoy")
    )
    by_venture: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_venture.setdefault(row["venture_id"], []).append(row)
    cells = pl.DataFrame(
        list(
            CohortCell.objects.filter(venture_id__in=list(by_venture)).values_list(
                "venture_id", "cohort", "months_since", "buyers", "cohort_size"
            )
        ),
        schema=COHORT_SCHEMA,
        orient="row",
    )
    cohorts = cells.partition_by("venture_id", as_dict=True) if cells.height else {}
    return {
        venture_id: (
            _live(by_venture[venture_id], cohorts.get((venture_id,)))
            if venture_id in by_venture
            else LiveKPIs()
        )
        for venture_id in ids
    }


def venture_figures(venture_ids: Iterable[int]) -> dict[int, VentureFigures]:
    """KPIs, grade and runway of each venture, in three queries whatever their number."""
    ids = sorted(set(venture_ids))
    kpis = venture_kpis(ids)
    runways = venture_runways(ids)
    return {
        venture_id: VentureFigures(kpis=kpis[venture_id], runway=runways[venture_id])
        for venture_id in ids
    }


def net_revenue_series(venture_id: int) -> list[dict[str, Any]]:
    """Every stored month's net revenue, oldest first, for the holding's chart."""
    rows = (
        MonthlyKPI.objects.filter(venture_id=venture_id)
        .order_by("month")
        .values("month", "net_revenue", "currency", "complete")
    )
    return [dict(row) for row in rows]


def alert_kpi_frame(venture_ids: Iterable[int]) -> pl.DataFrame:
    """The monthly rows the alert rules read, of every venture at once (one query)."""
    rows = (
        MonthlyKPI.objects.filter(venture_id__in=list(venture_ids))
        .order_by("venture_id", "month")
        .values_list("venture_id", "month", "complete", "net_revenue", "currency")
    )
    return rules.kpi_frame(list(rows))
