"""run_import_job: thin, and safe to run twice."""

from __future__ import annotations

import pytest

from runway.metrics.models import JobStatus, MonthlyKPI
from runway.metrics.services import import_job_create
from runway.metrics.tasks import run_import_job
from runway.metrics.tests.factories import upload
from runway.ventures.tests.factories import VentureFactory

pytestmark = pytest.mark.django_db


def test_task_runs_a_queued_job_once() -> None:
    venture = VentureFactory()
    job = import_job_create(actor=None, venture=venture, upload=upload(), enqueue=False)
    assert run_import_job.call(job_id=job.pk) == JobStatus.SUCCEEDED
    assert run_import_job.call(job_id=job.pk) == "skipped"
    assert MonthlyKPI.objects.filter(venture=venture).count() == 3


def test_task_skips_a_missing_job() -> None:
    assert run_import_job.call(job_id=987654) == "skipped"
