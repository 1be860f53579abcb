"""Pages for verified traction: the traction page and its downloads, uploads and import jobs.

Thin: parse, check access (runway.metrics.access), call one service or selector, render. What the
actor may not see answers 404, exactly like what does not exist.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from runway.metrics import exports, selectors, services
from runway.metrics.access import (
    MetricsPolicy,
    access_import_job_by_id,
    access_own_venture_metrics,
    access_venture_metrics,
)
from runway.metrics.forms import ImportForm
from runway.metrics.models import ImportJob, VerificationLevel
from runway.metrics.reasons import reason_label, rejection_details
from runway.orgs.access import Actor, Need
from runway.orgs.views import actor_required

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@actor_required
def traction_mine(request: HttpRequest, actor: Actor) -> HttpResponse:
    venture = access_own_venture_metrics(actor=actor, need=Need.VIEW)
    return redirect("metrics:traction", venture_id=venture.pk)


@require_GET
@actor_required
def traction_detail(request: HttpRequest, actor: Actor, venture_id: int) -> HttpResponse:
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.VIEW)
    kpis = list(selectors.kpi_list(venture=venture))
    cohorts = selectors.cohort_matrix(venture=venture)
    return render(
        request,
        "metrics/traction.html",
        {
            "venture": venture,
            "kpis": kpis,
            "latest": kpis[-1] if kpis else None,
            "levels": sorted({k.verification for k in kpis}),
            "level_labels": dict(VerificationLevel.choices),
            "chart_data": selectors.traction_chart_data(kpis=kpis, cohorts=cohorts),
            "chart_labels": selectors.traction_chart_labels(),
            "jobs": selectors.import_job_list(venture=venture),
            "can_import": MetricsPolicy.can_import(actor, venture),
        },
    )


@require_GET
@actor_required
def kpi_download(request: HttpRequest, actor: Actor, venture_id: int, fmt: str) -> HttpResponse:
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.VIEW)
    kpis = list(selectors.kpi_list(venture=venture))
    name = f"{venture.organization.slug}-kpis"
    if fmt == "xlsx":
        return _attachment(exports.kpi_xlsx(kpis), XLSX, f"{name}.xlsx")
    return _attachment(exports.kpi_csv(kpis), CSV, f"{name}.csv")


@require_http_methods(["GET", "POST"])
@actor_required
def import_create(request: HttpRequest, actor: Actor, venture_id: int) -> HttpResponse:
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_create(
            actor=actor,
            venture=venture,
            upload=form.cleaned_data["file"],
            mapping=form.cleaned_data["mapping"],
            tz=form.cleaned_data["time_zone"],
            currency=form.cleaned_data["currency"] or None,
        )
        return redirect("metrics:job", pk=job.pk)
    return render(request, "metrics/import_form.html", {"venture": venture, "form": form})


def _job_context(job: ImportJob) -> dict[str, object]:
    counts = [(reason_label(code), code, n) for code, n in sorted(job.problem_counts.items())]
    warnings = [(reason_label(code), code, n) for code, n in sorted(job.warning_counts.items())]
    problems = [{**p, "label": reason_label(p["reason"])} for p in job.problems]
    return {
        "job": job,
        "venture": job.venture,
        "rejection": reason_label(job.rejection_reason) if job.rejection_reason else "",
        "rejection_details": rejection_details(job.rejection_params),
        "counts": counts,
        "warnings": warnings,
        "problems": problems,
    }


@require_GET
@actor_required
def import_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    job = access_import_job_by_id(actor=actor, job_id=pk)
    return render(request, "metrics/import_job.html", _job_context(job))


@require_GET
@actor_required
def import_progress(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """The progress fragment htmx polls; a finished job answers the whole result instead."""
    job = access_import_job_by_id(actor=actor, job_id=pk)
    return render(request, "metrics/import_job.html#status", _job_context(job))


@require_GET
@actor_required
def import_problems_csv(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    job = access_import_job_by_id(actor=actor, job_id=pk)
    return _attachment(exports.problems_csv(job.problems), CSV, f"import-{job.pk}-problems.csv")
