"""import_job_create and import_job_run against the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from runway.engine.orders import import_orders
from runway.metrics.models import CohortCell, ImportJob, JobStatus, MonthlyKPI, VerificationLevel
from runway.metrics.services import import_job_create, import_job_run, kpi_rows
from runway.metrics.tests.factories import BAD_ORDERS_CSV, ORDERS_CSV, OTHER_ORDERS_CSV, upload
from runway.orgs.access import AccessDenied
from runway.orgs.models import Role
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db


def imported(venture: Venture, content: bytes = ORDERS_CSV, **options: Any) -> ImportJob:
    job = import_job_create(actor=None, venture=venture, upload=upload(content), enqueue=False)
    return import_job_run(job=job, **options) if not job.is_finished else job


def test_accepted_file_stores_the_engines_kpis_and_cohorts() -> None:
    venture = VentureFactory()
    job = imported(venture)
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress, job.rows, job.excluded_rows, job.layout) == (100, 4, 0, "generic")
    assert job.started_at
    assert job.finished_at
    expected = import_orders(ORDERS_CSV, as_of=timezone.now())
    stored = MonthlyKPI.objects.filter(venture=venture).order_by("month")
    assert [k.month for k in stored] == expected.kpis["month"].to_list()
    for kpi, row in zip(stored, kpi_rows(expected.kpis), strict=True):
        assert kpi.verification == VerificationLevel.IMPORTED
        assert kpi.source_job == job
        for name, value in row.items():
            assert getattr(kpi, name) == value, name
    january = stored[0]
    assert (january.gmv, january.orders, january.buyers) == (Decimal("150.50"), 2, 2)
    assert stored[1].repeat_buyer_rate == Decimal("1.000000")
    cells = list(
        CohortCell.objects.filter(venture=venture).values_list(
            "cohort", "months_since", "buyers", "cohort_size"
        )
    )
    assert cells == [
        (dt.date(2025, 1, 1), 0, 2, 2),
        (dt.date(2025, 1, 1), 1, 1, 2),
        (dt.date(2025, 3, 1), 0, 1, 1),
    ]
    assert default_storage.exists(job.file.name)
    assert job.file.name.startswith(f"imports/{venture.pk}/")


def test_rejected_file_stores_nothing_and_says_why() -> None:
    venture = VentureFactory()
    job = imported(venture, BAD_ORDERS_CSV)
    assert job.status == JobStatus.REJECTED
    assert job.rejection_reason == "too_many_bad_rows"
    assert job.problem_counts == {"unparseable_amount": 1}
    assert job.problems[0] == {
        "row": 5, "column": "amount", "value": "ten yuan", "reason": "unparseable_amount",
        "warning": False,
    }  # fmt: skip
    assert not MonthlyKPI.objects.filter(venture=venture).exists()
    assert not CohortCell.objects.filter(venture=venture).exists()


def test_rejected_file_keeps_the_previous_import() -> None:
    venture = VentureFactory()
    imported(venture)
    imported(venture, BAD_ORDERS_CSV)
    assert MonthlyKPI.objects.filter(venture=venture).count() == 3


def test_same_content_again_returns_the_succeeded_job() -> None:
    venture = VentureFactory()
    first = imported(venture)
    again = import_job_create(actor=None, venture=venture, upload=upload(name="copy.csv"))
    assert again == first
    assert ImportJob.objects.filter(venture=venture).count() == 1


def test_same_content_for_another_venture_is_imported() -> None:
    imported(VentureFactory())
    other = VentureFactory()
    assert imported(other).status == JobStatus.SUCCEEDED
    assert MonthlyKPI.objects.filter(venture=other).count() == 3


def test_a_second_file_replaces_the_first() -> None:
    venture = VentureFactory()
    imported(venture)
    second = imported(venture, OTHER_ORDERS_CSV)
    months = list(MonthlyKPI.objects.filter(venture=venture).values_list("month", "source_job"))
    assert months == [(dt.date(2025, 4, 1), second.pk), (dt.date(2025, 5, 1), second.pk)]
    assert CohortCell.objects.filter(venture=venture).count() == 2


def test_import_replaces_self_reported_figures_of_the_months_it_covers() -> None:
    venture = VentureFactory()
    typed = {
        "currency": "CNY", "verification": VerificationLevel.SELF_REPORTED, "days": 31,
        "complete": True, "gmv": 1, "refunds": 0, "net_revenue": 1, "orders": 1,
        "cancelled_orders": 0, "buyers": 1, "new_buyers": 1, "returning_buyers": 0,
    }  # fmt: skip
    MonthlyKPI.objects.create(venture=venture, month=dt.date(2025, 1, 1), **typed)
    MonthlyKPI.objects.create(venture=venture, month=dt.date(2024, 1, 1), **typed)
    imported(venture)
    levels = dict(MonthlyKPI.objects.filter(venture=venture).values_list("month", "verification"))
    assert levels[dt.date(2024, 1, 1)] == VerificationLevel.SELF_REPORTED
    assert levels[dt.date(2025, 1, 1)] == VerificationLevel.IMPORTED


def test_progress_is_reported_up_to_100() -> None:
    seen: list[int] = []
    imported(VentureFactory(), on_progress=seen.append)
    assert seen[-1] == 100
    assert seen == sorted(seen)


def test_engine_failure_marks_the_job_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    venture = VentureFactory()

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError

    monkeypatch.setattr("runway.metrics.services.import_orders", broken)
    job = imported(venture)
    assert (job.status, job.rejection_reason, job.progress) == (
        JobStatus.FAILED,
        "internal_error",
        100,
    )
    assert not MonthlyKPI.objects.filter(venture=venture).exists()


def test_member_may_create_a_job_and_it_runs_after_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    venture = VentureFactory()
    actor = member_of(venture.organization, Role.MEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(actor=actor, venture=venture, upload=upload())
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.created_by == actor.user


@pytest.mark.parametrize("role", [Role.VIEWER])
def test_viewer_may_not_create_a_job(role: str) -> None:
    venture = VentureFactory()
    with pytest.raises(AccessDenied):
        import_job_create(
            actor=member_of(venture.organization, role), venture=venture, upload=upload()
        )
    assert not ImportJob.objects.exists()


def test_another_organization_may_not_create_a_job() -> None:
    venture = VentureFactory()
    stranger = member_of(VentureFactory().organization, Role.OWNER)
    with pytest.raises(AccessDenied):
        import_job_create(actor=stranger, venture=venture, upload=upload())


def test_currency_comes_from_the_user_when_the_file_names_none() -> None:
    venture = VentureFactory()
    job = import_job_create(
        actor=None, venture=venture, upload=upload(), currency="EUR", enqueue=False
    )
    import_job_run(job=job)
    assert job.currency == "EUR"
    assert set(MonthlyKPI.objects.filter(venture=venture).values_list("currency", flat=True)) == {
        "EUR"
    }


def test_currency_falls_back_to_cny_when_nobody_names_one() -> None:
    venture = VentureFactory()
    job = imported(venture)
    assert job.currency == "CNY"
