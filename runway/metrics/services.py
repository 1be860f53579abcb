"""Writes for verified traction: create an import job, run it, store what it found.

A job's file is read by the engine (runway.engine.orders), which does all per-row work; here the
monthly and cohort frames (one row per month or cell) become rows in one transaction, so a venture
never shows half of one import and half of another.

From the upload page a job starts as a draft: the file is stored once and previewed, and nothing
is read beyond its first rows until the person confirms the layout (or maps the columns).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.engine.orders import DEFAULT_TZ, ImportResult, Reason, import_orders, preview_orders
from runway.metrics import traffic
from runway.metrics.access import MetricsPolicy
from runway.metrics.mapping import mapping_errors
from runway.metrics.models import (
    CohortCell,
    ImportJob,
    ImportKind,
    JobStatus,
    MonthlyKPI,
    VerificationLevel,
)
from runway.metrics.selectors import job_source
from runway.metrics.series import kpi_series_refresh, rate_decimal
from runway.orgs.access import AccessDenied, Actor
from runway.ventures.models import Venture

logger = logging.getLogger(__name__)

FALLBACK_CURRENCY = "CNY"  # the platform's home currency, when neither file nor user names one
LISTED_PROBLEMS = 200  # kept on the job for the page and the CSV download
RATE_COLUMNS = (
    "repeat_buyer_rate", "refund_rate", "conversion",
    "gmv_mom", "gmv_yoy", "net_revenue_mom", "net_revenue_yoy",
    "orders_mom", "orders_yoy", "buyers_mom", "buyers_yoy",
)  # fmt: skip
KPI_FIELDS = frozenset(
    f.name for f in MonthlyKPI._meta.concrete_fields if f.name not in {"id", "venture"}
)
Progress = Callable[[int], None]
# Rejections a person can resolve by mapping columns; every other one ends the draft at once.
MAPPABLE = frozenset({Reason.UNKNOWN_LAYOUT, Reason.MISSING_COLUMN, Reason.BAD_MAPPING})


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
    kind: ImportKind = ImportKind.ORDERS,
) -> ImportJob:
    """Stores an uploaded export and queues its import (after commit).

    `actor` None is the platform itself (command line, demo). When the venture already has a
    succeeded job of the same kind for the same bytes, that job is returned and nothing else
    happens.
    """
    job = _stored_job(
        actor=actor, venture=venture, upload=upload, tz=tz, currency=currency, kind=kind,
        mapping=mapping, status=JobStatus.QUEUED,
    )  # fmt: skip
    if enqueue and job.status == JobStatus.QUEUED:
        _enqueue(job)
    return job


def import_draft_create(
    *,
    actor: Actor,
    venture: Venture,
    upload: File[Any],
    tz: str = DEFAULT_TZ,
    currency: str | None = None,
) -> ImportJob:
    """Stores an uploaded order export as a draft to preview; nothing is imported yet.

    A file that cannot be read at all (empty, binary, broken) is rejected at once, saying why;
    one whose headers are merely not recognized stays a draft for the person to map. The same
    bytes already imported answer the job that imported them.
    """
    job = _stored_job(
        actor=actor, venture=venture, upload=upload, tz=tz, currency=currency,
        kind=ImportKind.ORDERS, mapping=None, status=JobStatus.DRAFT,
    )  # fmt: skip
    if job.status != JobStatus.DRAFT:
        return job
    preview = preview_orders(job_source(job), rows=1)
    rejection = preview.rejection
    if rejection is not None and rejection.reason not in MAPPABLE:
        now = timezone.now()
        _set_progress(job, 100, status=JobStatus.REJECTED, rejection_reason=rejection.reason.value,
                      rejection_params=dict(rejection.params), started_at=now,
                      finished_at=now)  # fmt: skip
    return job


def import_job_confirm(*, actor: Actor, job: ImportJob, mapping: Mapping[str, str]) -> ImportJob:
    """Queues a draft with the mapping the person chose (field -> the file's header).

    ValidationError, by field, when a required field has no column or a header is not in the
    file; a draft confirmed twice (two tabs, a double click) is queued once.
    """
    if not MetricsPolicy.can_import(actor, job.venture):
        raise AccessDenied
    if job.status != JobStatus.DRAFT:
        raise ValidationError(_("This import was already confirmed or discarded."))
    errors = mapping_errors(preview_orders(job_source(job), mapping=mapping, rows=1))
    if errors:
        raise ValidationError(errors)
    queued = ImportJob.objects.filter(pk=job.pk, status=JobStatus.DRAFT).update(
        status=JobStatus.QUEUED, mapping=dict(mapping)
    )
    if not queued:
        raise ValidationError(_("This import was already confirmed or discarded."))
    job.refresh_from_db()
    _enqueue(job)
    return job


def import_draft_discard(*, actor: Actor, job: ImportJob) -> None:
    """Deletes a draft and its stored file; a confirmed job stays, as the record of an import."""
    if not MetricsPolicy.can_import(actor, job.venture):
        raise AccessDenied
    if ImportJob.objects.filter(pk=job.pk, status=JobStatus.DRAFT).delete()[0]:
        name = job.file.name
        transaction.on_commit(lambda: default_storage.delete(name))


def _stored_job(
    *,
    actor: Actor | None,
    venture: Venture,
    upload: File[Any],
    tz: str,
    currency: str | None,
    kind: ImportKind,
    mapping: Mapping[str, str] | None,
    status: JobStatus,
) -> ImportJob:
    if actor is not None and not MetricsPolicy.can_import(actor, venture):
        raise AccessDenied
    content_hash = _hash_of(upload)
    done = ImportJob.objects.filter(
        venture=venture, kind=kind, content_hash=content_hash, status=JobStatus.SUCCEEDED
    ).first()
    if done is not None:
        return done
    job = ImportJob(
        venture=venture,
        kind=kind,
        status=status,
        original_name=Path(upload.name or kind).name[:255],
        content_hash=content_hash,
        mapping=dict(mapping or {}),
        time_zone=tz,
        currency=currency or "",
        created_by=actor.user if actor is not None else None,
    )
    job.file.save(job.original_name, upload, save=False)
    job.save()
    return job


def _enqueue(job: ImportJob) -> None:
    from runway.metrics.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(job_id=job.pk))


def _set_progress(job: ImportJob, progress: int, **fields: Any) -> None:
    """Saved at once, outside any transaction, so the page polling the job sees it."""
    job.progress = progress
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["progress", *fields])


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

    Accepted: the venture's imported KPIs and cohorts (or, for a traffic export, its daily
    traffic) are replaced in one transaction. Rejected or failed: nothing but the job changes,
    and the job says why. `result`, when the caller already ran `orders_import` on the same bytes
    with the job's options (the demo does, in parallel threads), is stored without running the
    engine again.
    """
    report = on_progress or (lambda _value: None)
    _set_progress(job, 5, status=JobStatus.RUNNING, started_at=timezone.now())
    report(5)
    try:
        if job.kind == ImportKind.TRAFFIC:
            accepted = _run_traffic(job, report)
        else:
            accepted = _run_orders(job, report, result)
        job.status = JobStatus.SUCCEEDED if accepted else JobStatus.REJECTED
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


def _run_orders(job: ImportJob, report: Progress, result: ImportResult | None) -> bool:
    if result is None:
        result = orders_import(
            job_source(job), mapping=job.mapping, tz=job.time_zone, currency=job.currency
        )
    _set_progress(job, 70, **_findings(job, result))
    report(70)
    if result.accepted:
        _store(job, result)
    return result.accepted


def _run_traffic(job: ImportJob, report: Progress) -> bool:
    result = traffic.traffic_import(job_source(job), mapping=job.mapping, tz=job.time_zone)
    _set_progress(job, 70, **traffic.traffic_findings(result, listed=LISTED_PROBLEMS))
    report(70)
    if result.accepted:
        traffic.traffic_store(job, result)
    return result.accepted


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


def kpi_rows(kpis: pl.DataFrame) -> list[dict[str, Any]]:
    """The engine's monthly frame as field values of MonthlyKPI (one dict per month)."""
    wanted = [c for c in kpis.columns if c in KPI_FIELDS]
    rows = kpis.select(wanted).with_columns(pl.col(c).round(6) for c in RATE_COLUMNS if c in wanted)
    out = rows.to_dicts()
    for row in out:
        for column in RATE_COLUMNS:
            if column in row:
                row[column] = rate_decimal(row[column])
    return out


def _store(job: ImportJob, result: ImportResult) -> None:
    venture = job.venture
    currency = result.currency or job.currency or FALLBACK_CURRENCY
    # Months the shop pushes itself are the stronger evidence: an export never replaces them.
    connected = set(
        MonthlyKPI.objects.filter(
            venture=venture, verification=VerificationLevel.CONNECTED
        ).values_list("month", flat=True)
    )
    kpis = [
        MonthlyKPI(
            venture=venture,
            currency=currency,
            verification=VerificationLevel.IMPORTED,
            source_job=job,
            **row,
        )
        for row in kpi_rows(result.kpis)
        if row["month"] not in connected
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
            Q(verification=VerificationLevel.IMPORTED)
            | Q(verification=VerificationLevel.SELF_REPORTED, month__in=months)
        ).delete()
        CohortCell.objects.filter(venture=venture).delete()
        MonthlyKPI.objects.bulk_create(kpis, batch_size=500)
        _insert_frame(CohortCell, cells)
        kpi_series_refresh(venture=venture)


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
