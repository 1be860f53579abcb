"""Traffic exports: daily visits stored once per day, summed onto months, conversion derived."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from runway.metrics.models import DailyTraffic, ImportJob, ImportKind, JobStatus, MonthlyKPI
from runway.metrics.services import import_job_create, import_job_run
from runway.metrics.tests.factories import ORDERS_CSV, TRAFFIC_CSV, upload
from runway.orgs.access import AccessDenied
from runway.orgs.models import Role
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db


def run(venture: Venture, content: bytes, kind: ImportKind) -> ImportJob:
    job = import_job_create(
        actor=None, venture=venture, upload=upload(content, f"{kind}.csv"), enqueue=False, kind=kind
    )
    return import_job_run(job=job) if not job.is_finished else job


def traffic_of(venture: Venture) -> list[tuple[dt.date, int | None, int | None, Decimal | None]]:
    return list(
        MonthlyKPI.objects.filter(venture=venture)
        .order_by("month")
        .values_list("month", "visits", "page_views", "conversion")
    )


def test_traffic_adds_visits_and_conversion_to_the_months() -> None:
    venture = VentureFactory()
    run(venture, ORDERS_CSV, ImportKind.ORDERS)
    job = run(venture, TRAFFIC_CSV, ImportKind.TRAFFIC)
    assert (job.status, job.kind, job.rows, job.layout) == (
        JobStatus.SUCCEEDED,
        "traffic",
        4,
        "traffic",
    )
    assert DailyTraffic.objects.filter(venture=venture).count() == 4
    # conversion = orders / visits: January 2 / 100, February 1 / 25, March 1 / 8.
    assert traffic_of(venture) == [
        (dt.date(2025, 1, 1), 100, 250, Decimal("0.020000")),
        (dt.date(2025, 2, 1), 25, 80, Decimal("0.040000")),
        (dt.date(2025, 3, 1), 8, 0, Decimal("0.125000")),  # an empty page-view cell adds 0
    ]


def test_traffic_imported_first_reaches_orders_imported_later() -> None:
    venture = VentureFactory()
    run(venture, TRAFFIC_CSV, ImportKind.TRAFFIC)
    assert not MonthlyKPI.objects.exists()
    run(venture, ORDERS_CSV, ImportKind.ORDERS)
    assert [row[1] for row in traffic_of(venture)] == [100, 25, 8]


def test_the_same_export_again_is_the_same_job_and_a_corrected_one_replaces_its_dates() -> None:
    venture = VentureFactory()
    run(venture, ORDERS_CSV, ImportKind.ORDERS)
    first = run(venture, TRAFFIC_CSV, ImportKind.TRAFFIC)
    assert run(venture, TRAFFIC_CSV, ImportKind.TRAFFIC).pk == first.pk
    corrected = b"date,visits\n2025-01-01,10\n2025-01-31,10\n"
    run(venture, corrected, ImportKind.TRAFFIC)
    assert [row[1] for row in traffic_of(venture)] == [20, 25, 8]
    assert DailyTraffic.objects.filter(venture=venture).count() == 4


def test_a_traffic_file_with_too_many_bad_rows_stores_nothing() -> None:
    venture = VentureFactory()
    run(venture, ORDERS_CSV, ImportKind.ORDERS)
    bad = b"date,visits\n2025-01-01,ten\n2025-01-02,-3\n2025-01-03,5\n"
    job = run(venture, bad, ImportKind.TRAFFIC)
    assert (job.status, job.rejection_reason) == (JobStatus.REJECTED, "too_many_bad_rows")
    assert job.problem_counts == {"negative_quantity": 1, "unparseable_quantity": 1}
    assert [p["value"] for p in job.problems] == ["ten", "-3"]
    assert not DailyTraffic.objects.exists()
    assert [row[1] for row in traffic_of(venture)] == [None, None, None]


def test_a_traffic_file_without_visits_names_the_column() -> None:
    job = run(VentureFactory(), b"date,orders\n2025-01-01,3\n", ImportKind.TRAFFIC)
    assert (job.status, job.rejection_reason) == (JobStatus.REJECTED, "missing_column")
    assert job.rejection_params["columns"] == "visits"


def test_a_viewer_may_not_import_traffic() -> None:
    venture = VentureFactory()
    with pytest.raises(AccessDenied):
        import_job_create(
            actor=member_of(venture.organization, Role.VIEWER),
            venture=venture,
            upload=upload(TRAFFIC_CSV),
            kind=ImportKind.TRAFFIC,
        )
    assert not ImportJob.objects.exists()
