"""Reads for verified traction: a venture's monthly KPIs, its cohort matrix, its import jobs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from runway.engine.orders import Preview, preview_orders
from runway.metrics.models import (
    CohortCell,
    FinanceSnapshot,
    ImportJob,
    MonthlyKPI,
    VerificationLevel,
)
from runway.ventures.models import Venture

RECENT_JOBS = 20
RECENT_SNAPSHOTS = 24
PREVIEW_ROWS = 10


def kpi_list(*, venture: Venture) -> QuerySet[MonthlyKPI]:
    """Every month of the venture's KPIs, oldest first."""
    return MonthlyKPI.objects.filter(venture=venture).select_related("source_job").order_by("month")


def import_job_list(*, venture: Venture, limit: int = RECENT_JOBS) -> list[ImportJob]:
    return list(
        ImportJob.objects.filter(venture=venture)
        .select_related("created_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def job_source(job: ImportJob) -> Path | bytes:
    """A local path when the storage has one (no copy in memory), else the file's bytes."""
    try:
        return Path(default_storage.path(job.file.name))
    except NotImplementedError:
        with default_storage.open(job.file.name, "rb") as handle:
            data: bytes = handle.read()
        return data


def import_preview(
    *, job: ImportJob, mapping: dict[str, str] | None = None, rows: int = PREVIEW_ROWS
) -> Preview:
    """The layout, the columns and the first rows of a job's file, read with `mapping`."""
    return preview_orders(job_source(job), mapping=mapping, rows=rows)


def finance_snapshot_list(
    *, venture: Venture, limit: int = RECENT_SNAPSHOTS
) -> list[FinanceSnapshot]:
    """The venture's latest snapshots, newest first."""
    return list(
        FinanceSnapshot.objects.filter(venture=venture)
        .select_related("created_by")
        .order_by("-as_of", "-pk")[:limit]
    )


@dataclass(frozen=True, slots=True)
class CohortMatrix:
    cohorts: list[dt.date]  # first-purchase months, oldest first
    width: int  # months since: 0 .. width - 1
    cells: list[tuple[int, int, int, float]]  # (cohort index, months since, buyers, rate)
    sizes: list[int]  # per cohort


def cohort_matrix(*, venture: Venture) -> CohortMatrix:
    rows = list(
        CohortCell.objects.filter(venture=venture)
        .order_by("cohort", "months_since")
        .values_list("cohort", "months_since", "buyers", "cohort_size")
    )
    cohorts = sorted({row[0] for row in rows})
    index = {cohort: i for i, cohort in enumerate(cohorts)}
    sizes = [0] * len(cohorts)
    cells = []
    for cohort, since, buyers, size in rows:
        sizes[index[cohort]] = size
        cells.append((index[cohort], since, buyers, round(buyers / size, 4) if size else 0.0))
    width = max((row[1] for row in rows), default=-1) + 1
    return CohortMatrix(cohorts=cohorts, width=width, cells=cells, sizes=sizes)


def _number(value: Any) -> float | None:
    # Charts draw floats; the table and the downloads keep the exact decimals.
    return None if value is None else float(value)


def verification_levels(*, kpis: list[MonthlyKPI]) -> list[tuple[str, str]]:
    """(code, label) of the levels the months carry, weakest first."""
    present = {k.verification for k in kpis}
    return [(code, str(label)) for code, label in VerificationLevel.choices if code in present]


def traction_chart_data(*, kpis: list[MonthlyKPI], cohorts: CohortMatrix) -> dict[str, Any]:
    """Series for the charts, ready for json_script. GMV comes once per verification level (null
    in the months of other levels), so the chart's legend says where each bar comes from."""
    levels = [code for code, _label in verification_levels(kpis=kpis)]
    return {
        "months": [k.month.strftime("%Y-%m") for k in kpis],
        "levels": levels,
        "gmv_by_level": {
            level: [_number(k.gmv) if k.verification == level else None for k in kpis]
            for level in levels
        },
        "gmv": [_number(k.gmv) for k in kpis],
        "net_revenue": [_number(k.net_revenue) for k in kpis],
        "new_buyers": [k.new_buyers for k in kpis],
        "returning_buyers": [k.returning_buyers for k in kpis],
        "aov": [_number(k.aov) for k in kpis],
        "refund_rate": [_number(k.refund_rate) for k in kpis],
        "cohorts": [c.strftime("%Y-%m") for c in cohorts.cohorts],
        "cohort_width": cohorts.width,
        "cohort_cells": [[since, row, rate] for row, since, _buyers, rate in cohorts.cells],
    }


def traction_chart_labels() -> dict[str, Any]:
    """Series and axis names in the reader's language."""
    return {
        "gmv": _("GMV"),
        "net_revenue": _("Net revenue"),
        "new_buyers": _("New buyers"),
        "returning_buyers": _("Returning buyers"),
        "aov": _("Average order value"),
        "refund_rate": _("Refund rate"),
        "cohort": _("First purchase"),
        "months_since": _("Months since"),
        "retention": _("Buyers ordering again"),
        "levels": {
            VerificationLevel.SELF_REPORTED.value: _("GMV, self-reported"),
            VerificationLevel.IMPORTED.value: _("GMV, imported from an export"),
            VerificationLevel.CONNECTED.value: _("GMV, pushed by the connected shop"),
        },
    }
