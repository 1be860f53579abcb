"""Pages for government programs: list, terms, a venture's eligibility and application, officers'
decisions, and the government dashboard. Anything the actor may not see answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.models import OrganizationKind
from runway.orgs.views import actor_required
from runway.programs import adapters, selectors, services
from runway.programs.access import (
    ApplicationPolicy,
    ProgramPolicy,
    access_application_by_id,
    access_program_by_id,
)
from runway.programs.forms import ApplicationForm, DecisionForm, ProgramForm
from runway.programs.models import Program, ProgramStatus
from runway.ventures.models import Venture

PAGE_SIZE = 20


def _own_venture(actor: Actor) -> Venture | None:
    if actor.kind != OrganizationKind.VENTURE:
        return None
    return Venture.objects.filter(organization=actor.organization).first()


@require_http_methods(["GET"])
@actor_required
def program_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in (None, *ProgramStatus.values):
        status = None
    programs = selectors.program_list_visible(actor=actor, status=status)
    return render(
        request,
        "programs/program_list.html",
        {
            "page": Paginator(programs, PAGE_SIZE).get_page(request.GET.get("page")),
            "can_create": ProgramPolicy.can_create(actor),
            "statuses": ProgramStatus.choices,
            "status": status,
        },
    )


def _program_form_page(request: HttpRequest, actor: Actor, program_id: int | None) -> HttpResponse:
    program = (
        access_program_by_id(actor=actor, program_id=program_id, need=Need.EDIT)
        if program_id is not None
        else None
    )
    if program is None and not ProgramPolicy.can_create(actor):
        raise AccessDenied
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            if program is None:
                program = services.program_create(actor=actor, **form.service_fields())
            else:
                services.program_update(actor=actor, program=program, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The program is saved."))
            return redirect("programs:detail", pk=program.pk)
    return render(
        request,
        "programs/program_form.html",
        {
            "form": form,
            "program": program,
            "rule_sets": [
                form[name] for name in ("sectors", "stages", "regions", "districts", "instruments")
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@actor_required
def program_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _program_form_page(request, actor, None)


@require_http_methods(["GET", "POST"])
@actor_required
def program_edit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return _program_form_page(request, actor, pk)


@require_http_methods(["GET"])
@actor_required
def program_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    program = access_program_by_id(actor=actor, program_id=pk, need=Need.VIEW)
    return render(request, "programs/program_detail.html", _detail_context(actor, program))


def _detail_context(
    actor: Actor, program: Program, form: ApplicationForm | None = None
) -> dict[str, Any]:
    """What the program page shows this actor: terms; for a venture its eligibility, registration
    and applications (with `form`, a refused one, or a blank form); for officers the queue."""
    venture = _own_venture(actor)
    context: dict[str, Any] = {
        "program": program,
        "rules": adapters.rules_display(program),
        "params": adapters.params_display(program),
        "can_edit": ProgramPolicy.can_edit(actor, program),
        "can_apply": ProgramPolicy.can_apply(actor, program) and venture is not None,
        "venture": venture,
    }
    if venture is not None:
        eligibility = adapters.eligibility(
            program=program, venture=venture, on=timezone.localdate()
        )
        context |= {
            "eligibility": eligibility,
            "failures": adapters.failure_messages(eligibility),
            "registration": selectors.registration_for(program=program, venture=venture),
            "my_applications": program.applications.filter(venture=venture).select_related("award"),
            "form": form or ApplicationForm(venture=venture),
        }
    if context["can_edit"]:
        context["applications"] = selectors.application_list_for_program(program=program)
        context["decision_form"] = DecisionForm()
    return context


@require_http_methods(["POST"])
@actor_required
def program_register(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    program = access_program_by_id(actor=actor, program_id=pk, need=Need.VIEW)
    try:
        services.preregister(actor=actor, program=program)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You are pre-registered with this program."))
    return redirect("programs:detail", pk=program.pk)


@require_http_methods(["POST"])
@actor_required
def program_apply(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    program = access_program_by_id(actor=actor, program_id=pk, need=Need.VIEW)
    venture = _own_venture(actor)
    if not ProgramPolicy.can_apply(actor, program) or venture is None:
        raise AccessDenied
    form = ApplicationForm(request.POST, venture=venture)
    if form.is_valid():
        try:
            services.application_submit(actor=actor, program=program, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your application is submitted."))
            return redirect("programs:detail", pk=program.pk)
    return render(
        request, "programs/program_detail.html", _detail_context(actor, program, form), status=422
    )


@require_http_methods(["POST"])
@actor_required
def application_decide(request: HttpRequest, actor: Actor, pk: int, decision: str) -> HttpResponse:
    application = access_application_by_id(actor=actor, application_id=pk, need=Need.VIEW)
    if not ProgramPolicy.can_edit(actor, application.program):
        raise AccessDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("amount", []) + form.errors.get("note", []):
            messages.error(request, str(message))
        return redirect("programs:detail", pk=application.program_id)
    note = form.cleaned_data["note"] or ""
    try:
        if decision == "approve":
            services.application_approve(
                actor=actor, application=application, amount=form.cleaned_data["amount"], note=note
            )
            messages.success(request, _("Approved: the award is committed from the budget."))
        else:
            services.application_reject(actor=actor, application=application, note=note)
            messages.success(request, _("The application is rejected."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("programs:detail", pk=application.program_id)


@require_http_methods(["POST"])
@actor_required
def application_withdraw(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    application = access_application_by_id(actor=actor, application_id=pk, need=Need.VIEW)
    if not ApplicationPolicy.can_edit(actor, application):
        raise AccessDenied
    try:
        services.application_withdraw(actor=actor, application=application)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("programs:detail", pk=application.program_id)


@require_http_methods(["GET"])
@actor_required
def government_dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.kind != OrganizationKind.GOVERNMENT and not actor.is_platform:
        raise AccessDenied
    board = selectors.government_dashboard(actor=actor)
    return render(
        request,
        "programs/government_dashboard.html",
        {"board": board, "chart": selectors.dashboard_chart(board)},
    )
