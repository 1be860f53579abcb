"""Writes for traffic exports (date, visits, page views): read by the engine, stored per day.

Months sum their days onto the venture's monthly KPIs (visits, page views, conversion = orders /
visits; docs/metrics.md). An export replaces the traffic of the dates it spans, so importing it
again, or a corrected one, gives the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from runway.engine.orders import DEFAULT_TZ, TrafficResult, import_traffic
from runway.metrics.models import DailyTraffic, ImportJob
from runway.metrics.series import kpi_series_refresh

COUNTED_PROBLEMS = 100_000  # every problem of a daily file, so the counts are whole


def traffic_import(
    source: Path | bytes, *, mapping: Mapping[str, str] | None = None, tz: str = DEFAULT_TZ
) -> TrafficResult:
    """The engine with the options of every traffic import on the platform; no database."""
    return import_traffic(
        source, as_of=timezone.now(), mapping=mapping or None, tz=tz, max_listed=COUNTED_PROBLEMS
    )


def traffic_findings(result: TrafficResult, *, listed: int) -> dict[str, Any]:
    """What the job records of a traffic import: the same fields as for orders."""
    rejection = result.rejection
    counts = result.problems.group_by("reason").len().sort("reason")
    problems = result.problems.head(listed).with_columns(pl.lit(value=False).alias("warning"))
    return {
        "rows": result.rows,
        "excluded_rows": result.excluded_rows,
        "layout": "traffic",
        "problem_counts": dict(counts.iter_rows()),
        "warning_counts": {},
        "problems": problems.to_dicts(),
        "rejection_reason": rejection.reason.value if rejection else "",
        "rejection_params": dict(rejection.params) if rejection else {},
    }


def traffic_store(job: ImportJob, result: TrafficResult) -> None:
    """Replaces the venture's traffic from the first to the last date of the export."""
    days = result.traffic
    if days.is_empty():
        return
    first: dt.date = days["date"].min()  # type: ignore[assignment]
    last: dt.date = days["date"].max()  # type: ignore[assignment]
    rows = [
        DailyTraffic(
            venture=job.venture,
            date=day,
            visits=visits,
            page_views=page_views,
            source_job=job,
        )
        for day, visits, page_views in days.select("date", "visits", "page_views").iter_rows()
    ]
    with transaction.atomic():
        DailyTraffic.objects.filter(venture=job.venture, date__range=(first, last)).delete()
        DailyTraffic.objects.bulk_create(rows, batch_size=500)
        kpi_series_refresh(venture=job.venture)
