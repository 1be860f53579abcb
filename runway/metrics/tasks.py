"""Background work for verified traction, run by the django-tasks worker."""

from __future__ import annotations

from django_tasks import task

from runway.metrics import services
from runway.metrics.models import ImportJob, JobStatus


@task()
def run_import_job(*, job_id: int) -> str:
    """Imports a queued job; a job already started or finished is left alone (safe to retry)."""
    job = ImportJob.objects.select_related("venture").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return "skipped"
    return services.import_job_run(job=job).status
