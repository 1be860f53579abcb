"""Writes for verified traction: create an import job, run it, store what it found.

A job's file is read by the engine (runway.engine.orders), which does all per-row work; here the
monthly and cohort frames (one row per month or cell) become rows in one transaction, so a venture
never shows half of one import and half of another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from runway.engine.orders import DEFAULT_TZ, ImportResult, import_orders
from runway.metrics.access import MetricsPolicy
from runway.metrics.models import (
    CohortCell,
    ImportJob,
    JobStatus,
    MonthlyKPI,
    VerificationLevel,
)
from runway.orgs.access import AccessDenied, Actor
from runway.ventures.models import Venture

logger = logging.getLogger(__name__)

FALLBACK_CURRENCY = "CNY"  # the platform's home currency, when neither file nor user names one
LISTED_PROBLEMS = 200  # kept on the job for the page and the CSV download
SIX_PLACES = Decimal("0.000001")
RATE_COLUMNS = (
    "repeat_buyer_rate", "refund_rate", "conversion",
    "gmv_mom", "gmv_yoy", "net_revenue_mom", "net_revenue_yoy",
    "orders_mom", "orders_yoy", "buyers_mom", "buyers_yoy",
)  # fmt: skip
KPI_FIELDS = frozenset(
    f.name for f in MonthlyKPI._meta.concrete_fields if f.name not in {"id", "venture"}
)
Progress = Callable[[int], None]


def _hash_of(upload: File[Any]) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def import_job_create(
    *,
    actor: Actor | None,
    venture: Venture,
    upload: File[Any],
    mapping: Mapping[str, str] | None = None,
    tz: str = DEFAULT_TZ,
    currency: str | None = None,
    enqueue: bool = True,
) -> ImportJob:
    """Stores an uploaded export and queues its import (after commit).

    `actor` None is the platform itself (command line, demo). When the venture already has a
    succeeded job for the same bytes, that job is returned and nothing else happens.
    """
    if actor is not None and not MetricsPolicy.can_import(actor, venture):
        raise AccessDenied
    content_hash = _hash_of(upload)
    done = ImportJob.objects.filter(
        venture=venture, content_hash=content_hash, status=JobStatus.SUCCEEDED
    ).first()
    if done is not None:
        return done
    job = ImportJob(
        venture=venture,
        original_name=Path(upload.name or "orders").name[:255],
        content_hash=content_hash,
        mapping=dict(mapping or {}),
        time_zone=tz,
        currency=currency or "",
        created_by=actor.user if actor is not None else None,
    )
    job.file.save(job.original_name, upload, save=False)
    job.save()
    if enqueue:
        from runway.metrics.tasks import run_import_job

        transaction.on_commit(lambda: run_import_job.enqueue(job_id=job.pk))
    return job


def _set_progress(job: ImportJob, progress: int, **fields: Any) -> None:
    """Saved at once, outside any transaction, so the page polling the job sees it."""
    job.progress = progress
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["progress", *fields])


def _source(job: ImportJob) -> Path | bytes:
    """A local path when the storage has one (no copy in memory), else the file's bytes."""
    try:
        return Path(default_storage.path(job.file.name))
    except NotImplementedError:
        with default_storage.open(job.file.name, "rb") as handle:
            data: bytes = handle.read()
        return data


def orders_import(
    source: Path | bytes,
    *,
    mapping: Mapping[str, str] | None = None,
    tz: str = DEFAULT_TZ,
    currency: str | None = None,
) -> ImportResult:
    """The engine with the options of every import on the platform; pure, no database."""
    return import_orders(
        source,
        as_of=timezone.now(),
        mapping=mapping or None,
        tz=tz,
        currency=currency or None,
        max_listed=LISTED_PROBLEMS,
    )


def import_job_run(
    *, job: ImportJob, on_progress: Progress | None = None, result: ImportResult | None = None
) -> ImportJob:
    """Runs the engine on the job's file and stores the outcome.

    Accepted: the venture's imported KPIs and cohorts are replaced in one transaction. Rejected or
    failed: nothing but the job changes, and the job says why. `result`, when the caller already
    ran `orders_import` on the same bytes with the job's options (the demo does, in parallel
    threads), is stored without running the engine again.
    """
    report = on_progress or (lambda _value: None)
    _set_progress(job, 5, status=JobStatus.RUNNING, started_at=timezone.now())
    report(5)
    try:
        if result is None:
            result = orders_import(
                _source(job), mapping=job.mapping, tz=job.time_zone, currency=job.currency
            )
        _set_progress(job, 70, **_findings(job, result))
        report(70)
        if result.accepted:
            _store(job, result)
            job.status = JobStatus.SUCCEEDED
        else:
            job.status = JobStatus.REJECTED
    except Exception:
        # The job must end in a state the page can show; the traceback goes to the log.
        logger.exception("import job %s failed", job.pk)
        job.status = JobStatus.FAILED
        job.rejection_reason = "internal_error"
    job.finished_at = timezone.now()
    _set_progress(job, 100, status=job.status, rejection_reason=job.rejection_reason,
                  finished_at=job.finished_at)  # fmt: skip
    report(100)
    return job


def _findings(job: ImportJob, result: ImportResult) -> dict[str, Any]:
    rejection = result.rejection
    return {
        "rows": result.rows,
        "excluded_rows": result.excluded_rows,
        "layout": result.layout or "",
        "currency": result.currency or job.currency or FALLBACK_CURRENCY,
        "problem_counts": dict(result.problem_counts),
        "warning_counts": dict(result.warning_counts),
        "problems": _problem_rows(result),
        "rejection_reason": rejection.reason.value if rejection else "",
        "rejection_params": dict(rejection.params) if rejection else {},
    }


def _problem_rows(result: ImportResult) -> list[dict[str, Any]]:
    """The first problems, then the first warnings, as (row, column, value, reason)."""
    frames = [result.problems, result.warnings.with_columns(pl.lit(value=True).alias("warning"))]
    listed = pl.concat(frames, how="diagonal").head(LISTED_PROBLEMS)
    listed = listed.with_columns(pl.col("warning").fill_null(value=False))
    return listed.to_dicts()


def _decimal(value: float | None) -> Decimal | None:
    # Through str: the float's shortest repr, not its binary expansion.
    return None if value is None else Decimal(str(value)).quantize(SIX_PLACES)


def kpi_rows(kpis: pl.DataFrame) -> list[dict[str, Any]]:
    """The engine's monthly frame as field values of MonthlyKPI (one dict per month)."""
    wanted = [c for c in kpis.columns if c in KPI_FIELDS]
    rows = kpis.select(wanted).with_columns(pl.col(c).round(6) for c in RATE_COLUMNS if c in wanted)
    out = rows.to_dicts()
    for row in out:
        for column in RATE_COLUMNS:
            if column in row:
                row[column] = _decimal(row[column])
    return out


def _store(job: ImportJob, result: ImportResult) -> None:
    venture = job.venture
    currency = result.currency or job.currency or FALLBACK_CURRENCY
    kpis = [
        MonthlyKPI(
            venture=venture,
            currency=currency,
            verification=VerificationLevel.IMPORTED,
            source_job=job,
            **row,
        )
        for row in kpi_rows(result.kpis)
    ]
    cells = result.cohorts.select(
        pl.lit(venture.pk).alias("venture_id"),
        pl.lit(job.pk).alias("source_job_id"),
        "cohort",
        "months_since",
        "buyers",
        "cohort_size",
    )
    months: list[dt.date] = [k.month for k in kpis]
    with transaction.atomic():
        # The export is the verified source for the months it covers: it replaces what was typed
        # in for them, and every figure of the previous import.
        MonthlyKPI.objects.filter(venture=venture).filter(
            Q(verification=VerificationLevel.IMPORTED) | Q(month__in=months)
        ).delete()
        CohortCell.objects.filter(venture=venture).delete()
        MonthlyKPI.objects.bulk_create(kpis, batch_size=500)
        _insert_frame(CohortCell, cells)


def _insert_frame(model: type[models.Model], frame: pl.DataFrame) -> None:
    """Inserts a frame whose columns are the table's columns, without a model per row: a cohort
    table has up to a few thousand cells, and the ORM spends ~0.1 ms building each."""
    if frame.is_empty():
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in frame.columns)
    marks = ", ".join(["%s"] * frame.width)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, frame.rows())
