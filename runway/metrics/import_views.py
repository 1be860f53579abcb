"""Pages for uploads and import jobs: upload, preview and map, confirm, progress, problems.

An order export is stored once as a draft, previewed (layout, columns, first rows) and imported
only when the person confirms; unknown headers are mapped on the preview page. Traffic exports
are imported as soon as they are uploaded. Thin, like views.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runway.engine.orders import Preview
from runway.metrics import exports, selectors, services
from runway.metrics.access import MetricsPolicy, access_import_job_by_id, access_venture_metrics
from runway.metrics.forms import ImportForm, MappingForm, TrafficForm
from runway.metrics.mapping import field_label
from runway.metrics.models import ImportJob, ImportKind, JobStatus
from runway.metrics.reasons import reason_label, rejection_details
from runway.metrics.views import CSV, attachment
from runway.orgs.access import Actor, Need
from runway.orgs.forms import add_service_errors
from runway.orgs.views import actor_required


def _after_upload(request: HttpRequest, job: ImportJob) -> HttpResponse:
    if job.status == JobStatus.SUCCEEDED:
        messages.info(request, _("This file was imported before: here is that import."))
    if job.is_draft:
        return redirect("metrics:job_preview", pk=job.pk)
    return redirect("metrics:job", pk=job.pk)


@require_http_methods(["GET", "POST"])
@actor_required
def import_create(request: HttpRequest, actor: Actor, venture_id: int) -> HttpResponse:
    """Uploading an order export: stored as a draft, then previewed."""
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_draft_create(
            actor=actor,
            venture=venture,
            upload=form.cleaned_data["file"],
            tz=form.cleaned_data["time_zone"],
            currency=form.cleaned_data["currency"] or None,
        )
        return _after_upload(request, job)
    return render(
        request, "metrics/import_form.html", {"venture": venture, "form": form, "kind": "orders"}
    )


@require_http_methods(["GET", "POST"])
@actor_required
def traffic_create(request: HttpRequest, actor: Actor, venture_id: int) -> HttpResponse:
    """Uploading a traffic export: imported at once, with the same progress and problems."""
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.EDIT)
    form = TrafficForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_create(
            actor=actor,
            venture=venture,
            upload=form.cleaned_data["file"],
            tz=form.cleaned_data["time_zone"],
            kind=ImportKind.TRAFFIC,
        )
        return _after_upload(request, job)
    return render(
        request, "metrics/import_form.html", {"venture": venture, "form": form, "kind": "traffic"}
    )


def _preview_context(
    job: ImportJob, preview: Preview, detected: Preview, form: MappingForm
) -> dict[str, Any]:
    fields_of: dict[str, list[str]] = {}
    for field, header in preview.columns.items():
        fields_of.setdefault(header, []).append(field_label(field))
    rejection = preview.rejection
    return {
        "job": job,
        "venture": job.venture,
        "preview": preview,
        "detected_layout": detected.layout,
        "headers": [(h, fields_of.get(h, [])) for h in preview.headers],
        "rows": preview.rows.rows(),
        "form": form,
        "problem": reason_label(rejection.reason) if rejection is not None else "",
    }


@require_http_methods(["GET", "POST"])
@actor_required
def import_preview(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """The detected layout and the first rows of a draft; map columns, then confirm."""
    job = access_import_job_by_id(actor=actor, job_id=pk, need=Need.EDIT)
    if not job.is_draft:
        return redirect("metrics:job", pk=job.pk)
    detected = selectors.import_preview(job=job)
    preview = detected
    form = MappingForm(request.POST or None, preview=detected, detected=detected.columns)
    if request.method == "POST" and form.is_valid():
        mapping = form.cleaned_data["mapping"]
        preview = selectors.import_preview(job=job, mapping=mapping)
        # The form shows the columns as now chosen, with their errors.
        form = MappingForm(request.POST, preview=preview, detected=detected.columns)
        form.is_valid()
        if request.POST.get("action") == "confirm":
            try:
                services.import_job_confirm(actor=actor, job=job, mapping=mapping)
            except ValidationError as error:
                add_service_errors(error, form)
            else:
                return redirect("metrics:job", pk=job.pk)
    return render(
        request, "metrics/import_preview.html", _preview_context(job, preview, detected, form)
    )


@require_POST
@actor_required
def import_discard(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    job = access_import_job_by_id(actor=actor, job_id=pk, need=Need.EDIT)
    services.import_draft_discard(actor=actor, job=job)
    return redirect("metrics:traction", venture_id=job.venture_id)


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
    if job.is_draft and MetricsPolicy.can_import(actor, job.venture):
        return redirect("metrics:job_preview", pk=job.pk)
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
    return attachment(exports.problems_csv(job.problems), CSV, f"import-{job.pk}-problems.csv")
