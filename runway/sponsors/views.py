"""Sponsorship pages: an intermediary's dashboard of the ventures it sponsors, a venture's
proposals and sponsors, proposing, and each side's answers. Anything the actor may not see or
do answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.models import OrganizationKind
from runway.orgs.views import actor_required
from runway.sponsors import selectors, services
from runway.sponsors.access import SponsorshipPolicy, access_sponsorship_by_id
from runway.sponsors.forms import ProposeForm
from runway.sponsors.models import Sponsorship, SponsorshipStatus
from runway.ventures.access import VenturePolicy
from runway.ventures.models import Venture


@require_http_methods(["GET"])
@actor_required
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.kind == OrganizationKind.INTERMEDIARY:
        return render(
            request,
            "sponsors/intermediary_dashboard.html",
            {
                "board": selectors.intermediary_board(actor=actor),
                "can_propose": SponsorshipPolicy.may_propose(actor),
                "form": ProposeForm(),
            },
        )
    if actor.kind == OrganizationKind.VENTURE:
        return render(
            request,
            "sponsors/venture_sponsors.html",
            {
                "board": selectors.venture_board(actor=actor),
                "answers": SponsorshipPolicy.manages_incoming(actor),
            },
        )
    raise AccessDenied


def _visible_venture(actor: Actor, slug: str) -> Venture | None:
    venture = Venture.objects.select_related("organization").filter(organization__slug=slug).first()
    if venture is None or not VenturePolicy.can_view(actor, venture):
        return None
    return venture


@require_http_methods(["GET", "POST"])
@actor_required
def propose(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not SponsorshipPolicy.may_propose(actor):
        raise AccessDenied
    initial = {"venture": request.GET.get("venture", "")[:80]}
    form = ProposeForm(request.POST or None, initial=initial)
    venture = _visible_venture(actor, request.POST.get("venture") or initial["venture"])
    if request.method == "POST" and form.is_valid():
        if venture is None:
            form.add_error("venture", _("No venture you can see has this short name."))
        else:
            try:
                services.sponsorship_propose(
                    actor=actor, venture=venture, message=form.cleaned_data["message"]
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("Your proposal is sent to %(venture)s.")
                    % {"venture": venture.organization.name},
                )
                return redirect("sponsors:home")
    return render(
        request,
        "sponsors/propose.html",
        {"form": form, "venture": venture},
        status=422 if form.errors else 200,
    )


def _seen(request: HttpRequest, sponsorship: Sponsorship) -> Sponsorship:
    """The sponsorship as the page showed it, so a stale page's click is refused, not applied."""
    seen = request.POST.get("seen", "")
    if seen in SponsorshipStatus.values:
        sponsorship.status = seen
    return sponsorship


def _flash(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_http_methods(["POST"])
@actor_required
def decide(request: HttpRequest, actor: Actor, pk: int, decision: str) -> HttpResponse:
    sponsorship = access_sponsorship_by_id(actor=actor, sponsorship_id=pk, need=Need.VIEW)
    if not SponsorshipPolicy.answers(actor, sponsorship):
        raise AccessDenied
    sponsorship = _seen(request, sponsorship)
    try:
        if decision == "accept":
            services.sponsorship_accept(actor=actor, sponsorship=sponsorship)
            messages.success(
                request,
                _("%(intermediary)s now sponsors you; your profile shows it.")
                % {"intermediary": sponsorship.intermediary.name},
            )
        else:
            services.sponsorship_decline(actor=actor, sponsorship=sponsorship)
            messages.success(request, _("The proposal is declined."))
    except ValidationError as error:
        _flash(request, error)
    return redirect("sponsors:home")


@require_http_methods(["POST"])
@actor_required
def end(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    sponsorship = access_sponsorship_by_id(actor=actor, sponsorship_id=pk, need=Need.VIEW)
    if not SponsorshipPolicy.ends(actor, sponsorship):
        raise AccessDenied
    sponsorship = _seen(request, sponsorship)
    was = sponsorship.status
    try:
        services.sponsorship_end(actor=actor, sponsorship=sponsorship)
    except ValidationError as error:
        _flash(request, error)
    else:
        if was == SponsorshipStatus.PROPOSED:
            messages.success(request, _("Your proposal is withdrawn."))
        else:
            messages.success(request, _("The sponsorship is ended."))
    return redirect("sponsors:home")
