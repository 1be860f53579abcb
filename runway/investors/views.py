"""Pages for investors' mandates: parse, check access, call a service or a selector, render.
Mandates are private to their investor; anything else answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runway.deals.views.client import client_ip
from runway.investors import services
from runway.investors.access import (
    LenderGridPolicy,
    MandatePolicy,
    access_grid_by_id,
    access_mandate_by_id,
)
from runway.investors.forms import (
    DeclarationForm,
    LenderGridForm,
    MandateFilterForm,
    MandateForm,
)
from runway.investors.models import QualifiedInvestorDeclaration
from runway.investors.qualification import (
    DECLARATION_PARAGRAPHS,
    DECLARATION_VERSION,
    DeclarationPolicy,
    qualification_of,
)
from runway.investors.selectors import grid_list_visible, mandate_list_visible
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.views import actor_required

PAGE_SIZE = 20


@require_http_methods(["GET"])
@actor_required
def mandate_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not MandatePolicy.can_list(actor):
        raise AccessDenied
    filters = MandateFilterForm(request.GET)
    mandates = mandate_list_visible(actor=actor, **filters.filters())
    return render(
        request,
        "investors/mandate_list.html",
        {
            "filters": filters,
            "page": Paginator(mandates, PAGE_SIZE).get_page(request.GET.get("page")),
            "can_create": MandatePolicy.can_create(actor),
        },
    )


@require_http_methods(["GET", "POST"])
@actor_required
def mandate_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not MandatePolicy.can_create(actor):
        raise AccessDenied
    form = MandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mandate = services.mandate_create(actor=actor, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The mandate is saved."))
            return redirect("investors:mandate_detail", pk=mandate.pk)
    return render(request, "investors/mandate_form.html", {"form": form, "mandate": None})


@require_http_methods(["GET"])
@actor_required
def mandate_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    mandate = access_mandate_by_id(actor=actor, mandate_id=pk, need=Need.VIEW)
    return render(
        request,
        "investors/mandate_detail.html",
        {"mandate": mandate, "can_edit": MandatePolicy.can_edit(actor, mandate)},
    )


@require_http_methods(["GET", "POST"])
@actor_required
def mandate_edit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    mandate = access_mandate_by_id(actor=actor, mandate_id=pk, need=Need.EDIT)
    form = MandateForm(request.POST or None, instance=mandate)
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_update(actor=actor, mandate=mandate, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The mandate is saved."))
            return redirect("investors:mandate_detail", pk=mandate.pk)
    return render(request, "investors/mandate_form.html", {"form": form, "mandate": mandate})


@require_http_methods(["GET"])
@actor_required
def grid_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not LenderGridPolicy.can_create(actor) and not actor.is_platform:
        raise AccessDenied
    return render(
        request,
        "investors/grid_list.html",
        {"grids": grid_list_visible(actor=actor), "can_create": LenderGridPolicy.can_create(actor)},
    )


def _grid_form_page(request: HttpRequest, actor: Actor, pk: int | None) -> HttpResponse:
    grid = access_grid_by_id(actor=actor, grid_id=pk, need=Need.EDIT) if pk else None
    if grid is None and not LenderGridPolicy.can_create(actor):
        raise AccessDenied
    form = LenderGridForm(request.POST or None, instance=grid)
    if request.method == "POST" and form.is_valid():
        try:
            if grid is None:
                services.grid_create(actor=actor, **form.service_fields())
            else:
                services.grid_update(actor=actor, grid=grid, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The grid is saved."))
            return redirect("investors:grid_list")
    return render(request, "investors/grid_form.html", {"form": form, "grid": grid})


@require_http_methods(["GET", "POST"])
@actor_required
def grid_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _grid_form_page(request, actor, None)


@require_http_methods(["GET", "POST"])
@actor_required
def grid_edit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return _grid_form_page(request, actor, pk)


@require_http_methods(["GET", "POST"])
@actor_required
def qualification(request: HttpRequest, actor: Actor) -> HttpResponse:
    """An individual investor's qualified-investor standing, and the declaration form."""
    if not DeclarationPolicy.can_view(actor):
        raise AccessDenied
    form = DeclarationForm(request.POST or None)
    can_declare = DeclarationPolicy.can_declare(actor)
    if request.method == "POST":
        if not can_declare:
            raise AccessDenied
        if form.is_valid():
            try:
                services.declaration_record(
                    actor=actor,
                    basis=form.cleaned_data["basis"],
                    accepted=form.cleaned_data["accept"],
                    ip=client_ip(request),
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Your declaration is recorded."))
                return redirect("investors:qualification")
    return render(
        request,
        "investors/qualification.html",
        {
            "form": form,
            "standing": qualification_of(actor.organization),
            "paragraphs": DECLARATION_PARAGRAPHS,
            "version": DECLARATION_VERSION,
            "can_declare": can_declare,
            "history": QualifiedInvestorDeclaration.objects.filter(
                organization=actor.organization
            ).select_related("declared_by")[:20],
        },
        status=422 if form.errors else 200,
    )
