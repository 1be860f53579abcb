"""Pages for venture profiles and funding rounds: parse, check access, call a service or a
selector, render. Whatever the actor may not see answers 404, exactly like what does not exist."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from runway.deals import selectors as deal_selectors
from runway.deals.commitment_access import SyndicatePolicy
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.models import OrganizationKind
from runway.orgs.views import actor_required
from runway.ventures import selectors, services
from runway.ventures.access import (
    RoundPolicy,
    VenturePolicy,
    access_own_venture,
    access_round_by_id,
    access_venture_by_id,
)
from runway.ventures.forms import (
    RoundFilterForm,
    RoundForm,
    RoundStatusForm,
    VentureFilterForm,
    VentureForm,
)
from runway.ventures.models import RoundStatus

PAGE_SIZE = 20
M = TypeVar("M", bound=Model)


def paginate(request: HttpRequest, rows: QuerySet[M]) -> Page[M]:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@require_http_methods(["GET"])
@actor_required
def venture_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters = VentureFilterForm(request.GET)
    ventures = selectors.venture_list_visible(actor=actor, **filters.filters())
    return render(
        request,
        "ventures/venture_list.html",
        {"filters": filters, "page": paginate(request, ventures)},
    )


@require_http_methods(["GET"])
@actor_required
def venture_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    venture = access_venture_by_id(actor=actor, venture_id=pk, need=Need.VIEW)
    description, other_descriptions = selectors.venture_descriptions(venture=venture)
    is_own = actor.acts_for(venture.organization_id)
    return render(
        request,
        "ventures/venture_detail.html",
        {
            "venture": venture,
            "description": description,
            "other_descriptions": other_descriptions,
            "rounds": selectors.round_list_for_venture(actor=actor, venture=venture),
            "district": selectors.venture_district_label(venture=venture),
            "is_own": is_own,
            "can_edit": VenturePolicy.can_edit(actor, venture),
            "completeness": selectors.venture_completeness(venture=venture) if is_own else None,
        },
    )


@require_http_methods(["GET"])
@actor_required
def venture_mine(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.kind != OrganizationKind.VENTURE:
        raise AccessDenied
    try:
        venture = access_own_venture(actor=actor, need=Need.VIEW)
    except AccessDenied:
        if VenturePolicy.can_create(actor):
            return redirect("ventures:create")
        return render(request, "ventures/venture_missing.html")
    return redirect("ventures:detail", pk=venture.pk)


@require_http_methods(["GET", "POST"])
@actor_required
def venture_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not VenturePolicy.can_create(actor):
        raise AccessDenied
    try:
        existing = access_own_venture(actor=actor, need=Need.EDIT)
    except AccessDenied:
        existing = None
    if existing is not None:
        return redirect("ventures:edit", pk=existing.pk)
    form = VentureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            venture = services.venture_create(actor=actor, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your venture profile is saved."))
            return redirect("ventures:detail", pk=venture.pk)
    return render(request, "ventures/venture_form.html", {"form": form, "venture": None})


@require_http_methods(["GET", "POST"])
@actor_required
def venture_edit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    venture = access_venture_by_id(actor=actor, venture_id=pk, need=Need.EDIT)
    form = VentureForm(request.POST or None, instance=venture)
    if request.method == "POST" and form.is_valid():
        try:
            services.venture_update(actor=actor, venture=venture, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your venture profile is saved."))
            return redirect("ventures:detail", pk=venture.pk)
    return render(request, "ventures/venture_form.html", {"form": form, "venture": venture})


@require_http_methods(["GET"])
@actor_required
def round_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A venture sees its own rounds in every status; everyone else the open rounds it may see."""
    if actor.kind == OrganizationKind.VENTURE:
        try:
            venture = access_own_venture(actor=actor, need=Need.VIEW)
        except AccessDenied:
            return redirect("ventures:mine")
        rounds = selectors.round_list_for_venture(actor=actor, venture=venture)
        return render(
            request,
            "ventures/round_list_own.html",
            {
                "venture": venture,
                "page": paginate(request, rounds),
                "can_create": VenturePolicy.can_edit(actor, venture),
            },
        )
    filters = RoundFilterForm(request.GET)
    rounds = selectors.round_list_open(actor=actor, **filters.filters())
    return render(
        request,
        "ventures/round_list.html",
        {"filters": filters, "page": paginate(request, rounds)},
    )


@require_http_methods(["GET", "POST"])
@actor_required
def round_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not VenturePolicy.can_create(actor):
        raise AccessDenied
    try:
        venture = access_own_venture(actor=actor, need=Need.EDIT)
    except AccessDenied:
        messages.info(request, _("Create your venture profile first; rounds belong to it."))
        return redirect("ventures:create")
    form = RoundForm(request.POST or None, statuses=list(services.ROUND_START_STATUSES))
    if request.method == "POST" and form.is_valid():
        try:
            funding_round = services.round_create(
                actor=actor, venture=venture, **form.service_fields()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The round is saved."))
            return redirect("ventures:round_detail", pk=funding_round.pk)
    return render(request, "ventures/round_form.html", {"form": form, "venture": venture})


@require_http_methods(["GET"])
@actor_required
def round_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    funding_round = access_round_by_id(actor=actor, round_id=pk, need=Need.VIEW)
    can_edit = RoundPolicy.can_edit(actor, funding_round)
    # Closing has its own button, in the syndicate, with what it takes to close.
    next_statuses = [
        (status, RoundStatus(status).label)
        for status in services.round_next_statuses(funding_round=funding_round)
        if status != RoundStatus.CLOSED
    ]
    return render(
        request,
        "ventures/round_detail.html",
        {
            "round": funding_round,
            "venture": funding_round.venture,
            "can_edit": can_edit and funding_round.status not in services.ROUND_FINAL_STATUSES,
            "next_statuses": next_statuses if can_edit else [],
            "syndicate": deal_selectors.syndicate_page(actor=actor, funding_round=funding_round)
            if SyndicatePolicy.can_view(actor, funding_round)
            else None,
            "holder_offer": deal_selectors.holder_offer(actor=actor, funding_round=funding_round),
        },
    )


@require_http_methods(["GET", "POST"])
@actor_required
def round_edit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    funding_round = access_round_by_id(actor=actor, round_id=pk, need=Need.EDIT)
    if funding_round.status in services.ROUND_FINAL_STATUSES:
        messages.info(request, _("A closed or cancelled round can no longer be changed."))
        return redirect("ventures:round_detail", pk=funding_round.pk)
    statuses = [funding_round.status, *services.round_next_statuses(funding_round=funding_round)]
    form = RoundForm(request.POST or None, instance=funding_round, statuses=statuses)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(actor=actor, funding_round=funding_round, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The round is saved."))
            return redirect("ventures:round_detail", pk=funding_round.pk)
    return render(
        request,
        "ventures/round_form.html",
        {"form": form, "venture": funding_round.venture, "round": funding_round},
    )


@require_POST
@actor_required
def round_status(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """Moves a round one step along its lifecycle (open it, close it, cancel it)."""
    funding_round = access_round_by_id(actor=actor, round_id=pk, need=Need.EDIT)
    form = RoundStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect("ventures:round_detail", pk=funding_round.pk)
    try:
        services.round_update(
            actor=actor, funding_round=funding_round, status=form.cleaned_data["status"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The round is now %(status)s.")
            % {"status": RoundStatus(form.cleaned_data["status"]).label},
        )
    return redirect("ventures:round_detail", pk=funding_round.pk)
