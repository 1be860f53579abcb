"""Verified traction in the JSON API: upload an export, poll its job, read monthly KPIs.

Mounted by runway/api/urls.py at /metrics. The same rules as the pages: only the venture's own
members (and platform staff, reading) see its figures and jobs; members and up upload.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, File, Form, Path, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS, WRITE_ERRORS, WRITE_RULE
from runway.api.schemas import MAX_ID
from runway.engine.money import Currency
from runway.engine.orders import DEFAULT_TZ
from runway.engine.orders.layouts import FIELDS
from runway.metrics import selectors, services
from runway.metrics.access import access_import_job_by_id, access_venture_metrics
from runway.metrics.models import ImportJob, JobStatus, MonthlyKPI, VerificationLevel
from runway.orgs.access import Need

router = Router(tags=["traction"])

MAPPING_HINT = (
    'Optional JSON object from field to your file\'s header, e.g. {"order_id": "订单编号"}. '
    f"Fields: {', '.join(FIELDS)}."
)


class ProblemOut(Schema):
    row: int | None
    column: str | None
    value: str | None
    reason: str
    warning: bool = False


class ImportJobOut(Schema):
    id: int
    venture_id: int
    original_name: str
    content_hash: str
    status: JobStatus
    progress: int = Field(description="0 to 100.")
    layout: str
    currency: str
    time_zone: str
    rows: int
    excluded_rows: int
    problem_counts: dict[str, int]
    warning_counts: dict[str, int]
    problems: list[ProblemOut] = Field(description="The first problems and warnings.")
    rejection_reason: str
    rejection_params: dict[str, str | int]
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class MonthlyKPIOut(Schema):
    month: dt.date
    currency: str
    verification: VerificationLevel
    days: int
    complete: bool
    gmv: Decimal
    refunds: Decimal
    net_revenue: Decimal
    orders: int
    cancelled_orders: int
    buyers: int
    new_buyers: int
    returning_buyers: int
    repeat_buyer_rate: Decimal | None
    aov: Decimal | None
    refund_rate: Decimal | None
    visits: int | None
    page_views: int | None
    conversion: Decimal | None
    gmv_mom: Decimal | None
    gmv_yoy: Decimal | None
    net_revenue_mom: Decimal | None
    net_revenue_yoy: Decimal | None
    orders_mom: Decimal | None
    orders_yoy: Decimal | None
    buyers_mom: Decimal | None
    buyers_yoy: Decimal | None
    gmv_ttm: Decimal | None
    refunds_ttm: Decimal | None
    net_revenue_ttm: Decimal | None
    orders_ttm: int | None


class ImportIn(Schema):
    mapping: str = Field("", description=MAPPING_HINT)
    time_zone: str = Field(DEFAULT_TZ, description="Time zone of naive times.")
    currency: Currency | None = Field(None, description="When the file names none.")


def _mapping(text: str) -> dict[str, str]:
    def invalid(message: str) -> ValidationError:
        return ValidationError(
            [{"loc": ["form", "mapping"], "msg": message, "type": "value_error"}]
        )

    if not text.strip():
        return {}
    try:
        mapping = json.loads(text)
    except json.JSONDecodeError as error:
        raise invalid("Not JSON.") from error
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise invalid("An object of strings is expected.")
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise invalid(f"Not fields: {', '.join(unknown)}.")
    return mapping


@router.post(
    "/ventures/{venture_id}/imports",
    response={202: ImportJobOut, 200: ImportJobOut, **WRITE_ERRORS},
    summary="Upload an order export",
    description="multipart/form-data with `file`. Answers 202 with the queued job; poll "
    "`GET /metrics/imports/{id}`. The same content uploaded again answers 200 with the job that "
    "imported it. " + WRITE_RULE,
)
def import_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    payload: Form[ImportIn],
    venture_id: int = Path(..., ge=1, le=MAX_ID),
) -> Status[ImportJob]:
    actor = request_actor(request)
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.EDIT)
    if payload.time_zone not in zoneinfo.available_timezones():
        raise ValidationError(
            [{"loc": ["form", "time_zone"], "msg": "Unknown time zone.", "type": "value_error"}]
        )
    job = services.import_job_create(
        actor=actor,
        venture=venture,
        upload=file,
        mapping=_mapping(payload.mapping),
        tz=payload.time_zone,
        currency=payload.currency.value if payload.currency else None,
    )
    return Status(200 if job.status == JobStatus.SUCCEEDED else 202, job)


@router.get("/imports/{job_id}", response={200: ImportJobOut, **READ_ERRORS}, summary="A job")
def import_detail(request: HttpRequest, job_id: int = Path(..., ge=1, le=MAX_ID)) -> ImportJob:
    return access_import_job_by_id(actor=request_actor(request), job_id=job_id)


@router.get(
    "/ventures/{venture_id}/kpis",
    response={200: list[MonthlyKPIOut], **READ_ERRORS},
    summary="Monthly KPIs of a venture",
    description="One entry per month, oldest first; money as decimal strings in `currency`, "
    "rates and growth as decimal fractions. Definitions: docs/metrics.md.",
)
def kpi_list(
    request: HttpRequest, venture_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[MonthlyKPI]:
    venture = access_venture_metrics(
        actor=request_actor(request), venture_id=venture_id, need=Need.VIEW
    )
    return list(selectors.kpi_list(venture=venture))
