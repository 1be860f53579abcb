"""Pages for verified traction: the traction page and its downloads, typed-in months and finance
snapshots. Uploads and import jobs are in import_views.py.

Thin: parse, check access (runway.metrics.access), call one service or selector, render. What the
actor may not see answers 404, exactly like what does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runway.metrics import exports, selectors
from runway.metrics.access import (
    MetricsPolicy,
    access_own_venture_metrics,
    access_venture_metrics,
)
from runway.metrics.figures import kpi_self_report
from runway.metrics.finance import finance_snapshot_save
from runway.metrics.forms import FinanceSnapshotForm, MonthFiguresForm
from runway.orgs.access import Actor, Need
from runway.orgs.forms import add_service_errors
from runway.orgs.views import actor_required
from runway.ventures.models import Venture

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@actor_required
def traction_mine(request: HttpRequest, actor: Actor) -> HttpResponse:
    venture = access_own_venture_metrics(actor=actor, need=Need.VIEW)
    return redirect("metrics:traction", venture_id=venture.pk)


def _default_currency(venture: Venture) -> str:
    latest = selectors.kpi_list(venture=venture).last()
    return latest.currency if latest is not None else "CNY"


def _finance_context(
    actor: Actor, venture: Venture, form: FinanceSnapshotForm | None = None
) -> dict[str, Any]:
    snapshots = selectors.finance_snapshot_list(venture=venture)
    can_edit = MetricsPolicy.can_import(actor, venture)
    if form is None and can_edit:
        form = FinanceSnapshotForm(initial={"currency": _default_currency(venture)})
    return {
        "venture": venture,
        "snapshots": snapshots,
        "latest_snapshot": snapshots[0] if snapshots else None,
        "finance_form": form,
    }


def _traction_context(
    actor: Actor, venture: Venture, finance_form: FinanceSnapshotForm | None = None
) -> dict[str, Any]:
    kpis = list(selectors.kpi_list(venture=venture))
    cohorts = selectors.cohort_matrix(venture=venture)
    return {
        "kpis": kpis,
        "latest": kpis[-1] if kpis else None,
        "levels": selectors.verification_levels(kpis=kpis),
        "chart_data": selectors.traction_chart_data(kpis=kpis, cohorts=cohorts),
        "chart_labels": selectors.traction_chart_labels(),
        "jobs": selectors.import_job_list(venture=venture),
        "can_import": MetricsPolicy.can_import(actor, venture),
        **_finance_context(actor, venture, finance_form),
    }


@require_GET
@actor_required
def traction_detail(request: HttpRequest, actor: Actor, venture_id: int) -> HttpResponse:
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.VIEW)
    return render(request, "metrics/traction.html", _traction_context(actor, venture))


@require_GET
@actor_required
def kpi_download(request: HttpRequest, actor: Actor, venture_id: int, fmt: str) -> HttpResponse:
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.VIEW)
    kpis = list(selectors.kpi_list(venture=venture))
    name = f"{venture.organization.slug}-kpis"
    if fmt == "xlsx":
        return attachment(exports.kpi_xlsx(kpis), XLSX, f"{name}.xlsx")
    return attachment(exports.kpi_csv(kpis), CSV, f"{name}.csv")


@require_http_methods(["GET", "POST"])
@actor_required
def figures_create(request: HttpRequest, actor: Actor, venture_id: int) -> HttpResponse:
    """Typing in a month's figures; they are marked self-reported."""
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.EDIT)
    form = MonthFiguresForm(request.POST or None, initial={"currency": _default_currency(venture)})
    if request.method == "POST" and form.is_valid():
        try:
            kpi = kpi_self_report(
                actor=actor,
                venture=venture,
                figures=form.figures(),
                currency=form.cleaned_data["currency"],
            )
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(
                request,
                _("The figures of %(month)s are saved as self-reported.")
                % {"month": f"{kpi.month:%Y-%m}"},
            )
            return redirect("metrics:traction", venture_id=venture.pk)
    return render(request, "metrics/figures_form.html", {"venture": venture, "form": form})


@require_POST
@actor_required
def finance_create(request: HttpRequest, actor: Actor, venture_id: int) -> HttpResponse:
    """Saves a finance snapshot from the traction page; htmx gets the finance section back."""
    venture = access_venture_metrics(actor=actor, venture_id=venture_id, need=Need.EDIT)
    form = FinanceSnapshotForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            finance_snapshot_save(actor=actor, venture=venture, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            saved = True
    if getattr(request, "htmx", False):
        context = _finance_context(actor, venture, None if saved else form)
        return render(request, "metrics/traction.html#finance", {**context, "saved": saved})
    if saved:
        messages.success(request, _("The finance snapshot is saved."))
        return redirect(reverse("metrics:traction", args=[venture.pk]) + "#finance")
    context = _traction_context(actor, venture, form)
    return render(request, "metrics/traction.html", {"venture": venture, **context})
