"""Verified traction in the JSON API: upload an export, poll its job, read monthly KPIs; push
monthly figures from a connected shop; read and write finance snapshots.

Mounted by runway/api/urls.py at /metrics. The same rules as the pages: only the venture's own
members (and platform staff, reading) see its figures and jobs; members and up upload and write.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS, WRITE_ERRORS, WRITE_RULE, field_errors
from runway.api.schemas import MAX_ID, Amount, InputSchema
from runway.engine.money import Currency
from runway.engine.orders import DEFAULT_TZ
from runway.engine.orders.layouts import FIELDS
from runway.metrics import selectors, services
from runway.metrics.access import access_import_job_by_id, access_venture_metrics
from runway.metrics.figures import MAX_COUNT, MonthFigures, kpi_push_connected
from runway.metrics.finance import finance_snapshot_save
from runway.metrics.models import (
    FinanceSnapshot,
    ImportJob,
    ImportKind,
    JobStatus,
    MonthlyKPI,
    VerificationLevel,
)
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
    kind: ImportKind
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


MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
OptionalCount = Annotated[int | None, Field(ge=0, le=MAX_COUNT)]


class ConnectedMonthIn(InputSchema):
    month: str = Field(pattern=MONTH_PATTERN, description="Year and month, `YYYY-MM`.")
    gmv: Amount = Field(description="Gross order value of the month, refunds not deducted.")
    refunds: Amount = Field(default=Decimal(0), description="Refunds and cancellations.")
    orders: Count
    cancelled_orders: Count = 0
    buyers: Count = Field(description="Distinct customers who ordered in the month.")
    new_buyers: Count = Field(description="Of them, those ordering for the first time.")
    visits: OptionalCount = None
    page_views: OptionalCount = None


class ConnectedPushIn(InputSchema):
    currency: Currency
    months: list[ConnectedMonthIn] = Field(min_length=1, max_length=120)


class FinanceSnapshotIn(InputSchema):
    as_of: dt.date = Field(description="The day the cash was counted.")
    currency: Currency
    cash: Amount
    monthly_burn: Amount = Field(description="Net cash spent in a typical month.")


class FinanceSnapshotOut(Schema):
    id: int
    venture_id: int
    as_of: dt.date
    currency: str
    cash: Decimal
    monthly_burn: Decimal
    runway_months: Decimal | None = Field(
        description="cash / monthly_burn to a tenth of a month; null when nothing is burnt."
    )
    verification: VerificationLevel = Field(
        VerificationLevel.SELF_REPORTED, description="Always self-reported: stated by the venture."
    )
    created_at: dt.datetime
    updated_at: dt.datetime


class TrafficIn(Schema):
    time_zone: str = Field(DEFAULT_TZ, description="Time zone of the dates.")


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


def _check_time_zone(name: str) -> None:
    if name not in zoneinfo.available_timezones():
        message = _("Unknown time zone, e.g. Asia/Shanghai.")
        raise ValidationError(
            [{"loc": ["form", "time_zone"], "msg": message, "type": "value_error"}]
        )


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
    _check_time_zone(payload.time_zone)
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


def _located(error: DjangoValidationError) -> ValidationError:
    """A service's errors keyed `months.<i>.<field>` located at ["body", "months", i, field]."""
    entries: list[dict[str, Any]] = []
    for entry in field_errors(error):
        loc = [entry["loc"][0]]
        for part in entry["loc"][1:]:
            loc.extend(int(p) if p.isdigit() else p for p in str(part).split("."))
        entries.append({**entry, "loc": loc})
    return ValidationError(entries)


def _month_figures(month: ConnectedMonthIn) -> MonthFigures:
    year, number = (int(part) for part in month.month.split("-"))
    return MonthFigures(
        month=dt.date(year, number, 1),
        gmv=month.gmv,
        refunds=month.refunds,
        orders=month.orders,
        cancelled_orders=month.cancelled_orders,
        buyers=month.buyers,
        new_buyers=month.new_buyers,
        visits=month.visits,
        page_views=month.page_views,
    )


@router.post(
    "/ventures/{venture_id}/kpis",
    response={200: list[MonthlyKPIOut], **WRITE_ERRORS},
    summary="Push monthly figures from a connected shop",
    description="The shop's own system sends whole months; they are stored with verification "
    "`connected`, replacing what each month held (typed-in or imported figures), and answered "
    "as stored, with the figures derived from them (net revenue, rates, growth). Sending a "
    "month again replaces it, so retries are safe. All months or none: a 422 names the month "
    "and field at fault (`loc`: body, months, index, field). The months of a venture share one "
    "currency. " + WRITE_RULE,
)
def kpi_push(
    request: HttpRequest, payload: ConnectedPushIn, venture_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[MonthlyKPI]:
    actor = request_actor(request)
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.EDIT)
    try:
        return kpi_push_connected(
            actor=actor,
            venture=venture,
            currency=payload.currency.value,
            months=[_month_figures(month) for month in payload.months],
        )
    except DjangoValidationError as error:
        raise _located(error) from error


@router.post(
    "/ventures/{venture_id}/traffic",
    response={202: ImportJobOut, 200: ImportJobOut, **WRITE_ERRORS},
    summary="Upload a traffic export",
    description="multipart/form-data with `file`: one row per day with the date, visits (UV) "
    "and optionally page views (PV). Queued like an order export; poll "
    "`GET /metrics/imports/{id}`. Visits, page views and conversion then appear on the monthly "
    "KPIs. The same content again answers 200 with the job that imported it. " + WRITE_RULE,
)
def traffic_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    payload: Form[TrafficIn],
    venture_id: int = Path(..., ge=1, le=MAX_ID),
) -> Status[ImportJob]:
    actor = request_actor(request)
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.EDIT)
    _check_time_zone(payload.time_zone)
    job = services.import_job_create(
        actor=actor, venture=venture, upload=file, tz=payload.time_zone, kind=ImportKind.TRAFFIC
    )
    return Status(200 if job.status == JobStatus.SUCCEEDED else 202, job)


@router.get(
    "/ventures/{venture_id}/finance",
    response={200: list[FinanceSnapshotOut], **READ_ERRORS},
    summary="Finance snapshots of a venture",
    description="Cash, monthly burn and runway in months, newest first (the last 24).",
)
def finance_list(
    request: HttpRequest, venture_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[FinanceSnapshot]:
    venture = access_venture_metrics(
        actor=request_actor(request), venture_id=venture_id, need=Need.VIEW
    )
    return selectors.finance_snapshot_list(venture=venture)


@router.post(
    "/ventures/{venture_id}/finance",
    response={201: FinanceSnapshotOut, 200: FinanceSnapshotOut, **WRITE_ERRORS},
    summary="Record cash and monthly burn",
    description="One snapshot per date: 201 when new, 200 when it replaces that date's. "
    + WRITE_RULE,
)
def finance_post(
    request: HttpRequest, payload: FinanceSnapshotIn, venture_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[FinanceSnapshot]:
    actor = request_actor(request)
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.EDIT)
    snapshot, created = finance_snapshot_save(
        actor=actor,
        venture=venture,
        as_of=payload.as_of,
        cash=payload.cash,
        monthly_burn=payload.monthly_burn,
        currency=payload.currency.value,
    )
    return Status(201 if created else 200, snapshot)
