"""Deal pages: each side's list, a deal with its timeline, thread, documents and the moves the
viewer may make, the NDA, and starting a deal from a round or a match."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runway.deals import selectors
from runway.deals.access import DealPolicy, access_deal_by_id
from runway.deals.forms import IntroRequestForm, MessageForm, NdaForm, TransitionForm
from runway.deals.models import Deal, DealState
from runway.deals.nda import NDA_PARAGRAPHS, NDA_VERSION
from runway.deals.presenters import move_buttons
from runway.deals.services import grants
from runway.deals.services import messages as thread
from runway.deals.services.deals import deal_request_intro, deal_start, deal_transition
from runway.deals.transitions import Side
from runway.deals.views.client import client_ip
from runway.matching.access import access_match_by_id
from runway.matching.models import Match
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.models import OrganizationKind
from runway.orgs.views import actor_required
from runway.ventures.access import access_round_by_id

PAGE_SIZE = 30


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_http_methods(["GET"])
@actor_required
def deal_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    state = request.GET.get("state") or None
    if state not in (None, *DealState.values):
        state = None
    deals = selectors.deal_list_visible(actor=actor, state=state)
    return render(
        request,
        "deals/deal_list.html",
        {
            "page": Paginator(deals, PAGE_SIZE).get_page(request.GET.get("page")),
            "states": DealState.choices,
            "state": state,
            "is_investor": actor.kind == OrganizationKind.INVESTOR,
        },
    )


def _detail(request: HttpRequest, actor: Actor, deal: Deal, **forms: object) -> HttpResponse:
    page = selectors.deal_page(actor=actor, deal=deal)
    context = {
        "page": page,
        "deal": deal,
        "round": deal.funding_round,
        "venture": deal.funding_round.venture,
        "is_investor": page.side is Side.INVESTOR,
        "buttons": move_buttons(page.moves),
        "message_form": forms.get("message_form") or MessageForm(),
        "states": dict(DealState.choices),
    }
    return render(request, "deals/deal_detail.html", context, status=422 if forms else 200)


@require_http_methods(["GET"])
@actor_required
def deal_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    deal = access_deal_by_id(actor=actor, deal_id=pk, need=Need.VIEW)
    return _detail(request, actor, deal)


@require_http_methods(["POST"])
@actor_required
def deal_move(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    deal = access_deal_by_id(actor=actor, deal_id=pk, need=Need.EDIT)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a move from the page."))
        return redirect("deals:detail", pk=deal.pk)
    deal.state = form.cleaned_data["seen"]
    try:
        moved = deal_transition(
            actor=actor, deal=deal, to=form.cleaned_data["to"], note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            _("The deal is now “%(state)s”.") % {"state": DealState(moved.state).label},
        )
    return redirect("deals:detail", pk=deal.pk)


@require_http_methods(["POST"])
@actor_required
def message_post(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    deal = access_deal_by_id(actor=actor, deal_id=pk, need=Need.EDIT)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message = thread.message_post(actor=actor, deal=deal, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return redirect(reverse("deals:detail", args=[deal.pk]) + f"#message-{message.pk}")
    return _detail(request, actor, deal, message_form=form)


@require_http_methods(["GET", "POST"])
@actor_required
def nda(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    deal = access_deal_by_id(actor=actor, deal_id=pk, need=Need.VIEW)
    if not actor.acts_for(deal.investor_id):
        raise AccessDenied
    form = NdaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grants.nda_accept(actor=actor, deal=deal, ip=client_ip(request))
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("The NDA is accepted; documents under NDA are open."))
        return redirect("deals:detail", pk=deal.pk)
    return render(
        request,
        "deals/nda.html",
        {
            "deal": deal,
            "form": form,
            "paragraphs": NDA_PARAGRAPHS,
            "version": NDA_VERSION,
            "can_accept": DealPolicy.can_edit(actor, deal),
        },
        status=400 if request.method == "POST" else 200,
    )


def _start_page(
    request: HttpRequest, actor: Actor, round_id: int, match: Match | None
) -> HttpResponse:
    funding_round = access_round_by_id(actor=actor, round_id=round_id, need=Need.VIEW)
    if not DealPolicy.can_start(actor):
        raise AccessDenied
    existing = selectors.deal_list_visible(actor=actor).filter(funding_round=funding_round).first()
    if existing is not None and existing.state != DealState.INTERESTED:
        return redirect("deals:detail", pk=existing.pk)
    form = IntroRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "track":
                deal = deal_start(actor=actor, funding_round=funding_round, match=match)
                messages.success(request, _("The round is on your deal list."))
            else:
                deal = deal_request_intro(
                    actor=actor, funding_round=funding_round,
                    message=form.cleaned_data["message"], match=match,
                )  # fmt: skip
                messages.success(request, _("Your request is sent; the venture will answer."))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return redirect("deals:detail", pk=deal.pk)
    return render(
        request,
        "deals/deal_start.html",
        {"form": form, "round": funding_round, "match": match, "deal": existing},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@actor_required
def start_from_round(request: HttpRequest, actor: Actor, round_id: int) -> HttpResponse:
    return _start_page(request, actor, round_id, None)


@require_http_methods(["GET", "POST"])
@actor_required
def start_from_match(request: HttpRequest, actor: Actor, match_id: int) -> HttpResponse:
    match = access_match_by_id(actor=actor, match_id=match_id, need=Need.VIEW)
    return _start_page(request, actor, match.funding_round_id, match)
