"""Rescue ladder and exits pages.

The venture: its rescue ladder, its listings (create, edit, publish, withdraw, exclusivity,
sold), the offers on them and who looked at the confidential part. Buyers (investor
organizations): open listings, each anonymous until their organization accepts its NDA; then the
venture's identity and detailed figures (every look recorded) and their letters of intent.
Anything the actor may not see answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runway.deals.views.client import client_ip, user_agent
from runway.engine.financing.rescue import DEFAULT_PARAMS
from runway.exits import selectors
from runway.exits.access import (
    ListingPolicy,
    OfferPolicy,
    access_listing_by_id,
    access_offer_by_id,
    is_buyer_kind,
)
from runway.exits.forms import (
    AcceptOfferForm,
    ListingActionForm,
    ListingForm,
    NdaForm,
    OfferForm,
    RejectOfferForm,
)
from runway.exits.models import Listing, ListingStatus
from runway.exits.nda import NDA_PARAGRAPHS, NDA_VERSION
from runway.exits.presenters import band_rows, ladder_columns, trigger_lines
from runway.exits.services import listings as listing_services
from runway.exits.services import offers as offer_services
from runway.exits.services.audit import listing_confidential_open
from runway.exits.services.ndas import nda_accept
from runway.exits.services.rescue import rescue_listing_start, rescue_round_open
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.models import OrganizationKind
from runway.orgs.views import actor_required
from runway.ventures.access import access_own_venture
from runway.ventures.models import Venture

PAGE_SIZE = 30


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _own_venture(actor: Actor, need: Need) -> Venture:
    if actor.kind != OrganizationKind.VENTURE:
        raise AccessDenied
    return access_own_venture(actor=actor, need=need)


# --- The rescue ladder -------------------------------------------------------------------


@require_http_methods(["GET"])
@actor_required
def rescue(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.kind != OrganizationKind.VENTURE:
        raise AccessDenied
    venture = Venture.objects.filter(organization=actor.organization).first()
    if venture is None:
        return render(request, "exits/rescue.html", {"overview": None})
    overview = selectors.rescue_overview(venture=venture)
    return render(
        request,
        "exits/rescue.html",
        {
            "overview": overview,
            "ladder": overview.ladder,
            "reasons": trigger_lines(overview.ladder),
            "columns": ladder_columns(overview),
            "threshold": DEFAULT_PARAMS.runway_threshold_months,
            "can_act": actor.can(Need.EDIT),
        },
    )


@require_http_methods(["POST"])
@actor_required
def rescue_round(request: HttpRequest, actor: Actor) -> HttpResponse:
    venture = _own_venture(actor, Need.EDIT)
    try:
        funding_round = rescue_round_open(actor=actor, venture=venture)
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect("exits:rescue")
    messages.success(request, _("The rescue round is open: matched investors are told about it."))
    return redirect("ventures:round_detail", pk=funding_round.pk)


@require_http_methods(["POST"])
@actor_required
def rescue_listing(request: HttpRequest, actor: Actor) -> HttpResponse:
    venture = _own_venture(actor, Need.EDIT)
    existing = selectors.live_listing(venture=venture)
    if existing is not None:
        messages.info(request, _("Your venture already has a listing in progress."))
        return redirect("exits:listing", pk=existing.pk)
    try:
        listing = rescue_listing_start(actor=actor, venture=venture)
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect("exits:rescue")
    messages.success(
        request, _("The draft listing is ready: write its anonymous summary, then publish it.")
    )
    return redirect("exits:listing_edit", pk=listing.pk)


# --- Listings: the venture's side --------------------------------------------------------


@require_http_methods(["GET"])
@actor_required
def index(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.kind == OrganizationKind.VENTURE:
        return redirect("exits:mine")
    if is_buyer_kind(actor):
        return redirect("exits:browse")
    raise AccessDenied


@require_http_methods(["GET"])
@actor_required
def listing_list_mine(request: HttpRequest, actor: Actor) -> HttpResponse:
    venture = _own_venture(actor, Need.VIEW)
    return render(
        request,
        "exits/listing_list.html",
        {
            "listings": list(selectors.listing_list_own(venture=venture)),
            "venture": venture,
            "can_create": actor.can(Need.EDIT) and selectors.live_listing(venture=venture) is None,
        },
    )


@require_http_methods(["GET", "POST"])
@actor_required
def listing_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    venture = _own_venture(actor, Need.EDIT)
    existing = selectors.live_listing(venture=venture)
    if existing is not None:
        messages.info(request, _("Your venture already has a listing in progress."))
        return redirect("exits:listing", pk=existing.pk)
    initial = {
        "code_name": listing_services.code_name_suggestion(),
        "sector": venture.sectors.order_by("position", "code").first(),
        "region": listing_services.default_region(venture),
    }
    form = ListingForm(request.POST or None, venture=venture, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            listing = listing_services.listing_create(
                actor=actor, venture=venture, **form.service_fields()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("The draft listing is saved; buyers see it once published.")
            )
            return redirect("exits:listing", pk=listing.pk)
    return render(
        request,
        "exits/listing_form.html",
        {"form": form, "venture": venture},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@actor_required
def listing_edit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    listing = access_listing_by_id(actor=actor, listing_id=pk, need=Need.EDIT)
    if listing.status not in (ListingStatus.DRAFT, ListingStatus.OPEN):
        messages.info(request, _("The listing can no longer be changed."))
        return redirect("exits:listing", pk=listing.pk)
    initial = {name: getattr(listing, name) for name in listing_services.EDITABLE}
    form = ListingForm(request.POST or None, venture=listing.venture, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            listing_services.listing_update(actor=actor, listing=listing, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The listing is saved."))
            return redirect("exits:listing", pk=listing.pk)
    return render(
        request,
        "exits/listing_form.html",
        {"form": form, "venture": listing.venture, "listing": listing},
        status=422 if form.errors else 200,
    )


ACTIONS = {
    "publish": (listing_services.listing_publish, _("The listing is open to buyers.")),
    "withdraw": (listing_services.listing_withdraw, _("The listing is withdrawn.")),
    "end_exclusivity": (
        listing_services.listing_end_exclusivity,
        _("Exclusivity has ended; the listing is open again."),
    ),
    "sold": (listing_services.listing_mark_sold, _("The sale is recorded.")),
}


@require_http_methods(["POST"])
@actor_required
def listing_action(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    listing = access_listing_by_id(actor=actor, listing_id=pk, need=Need.EDIT)
    form = ListingActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action from the page."))
        return redirect("exits:listing", pk=listing.pk)
    if form.cleaned_data["seen"] != listing.status:
        messages.error(request, _("The listing changed since the page was shown; look again."))
        return redirect("exits:listing", pk=listing.pk)
    service, done = ACTIONS[form.cleaned_data["action"]]
    try:
        service(actor=actor, listing=listing)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, str(done))
    return redirect("exits:listing", pk=listing.pk)


# --- One listing, both sides ---------------------------------------------------------------


@require_http_methods(["GET"])
@actor_required
def listing_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    listing = access_listing_by_id(actor=actor, listing_id=pk, need=Need.VIEW)
    page = selectors.listing_page(actor=actor, listing=listing)
    context = {
        "page": page,
        "listing": listing,
        "bands": band_rows(listing),
        "can_edit": ListingPolicy.can_edit(actor, listing),
        "can_accept_nda": ListingPolicy.can_accept_nda(actor, listing),
        "can_bid": ListingPolicy.can_bid(actor, listing),
        "accept_form": AcceptOfferForm(),
        "reject_form": RejectOfferForm(),
    }
    if page.owner:
        context.update(
            {
                "ndas": list(selectors.nda_list(listing=listing)),
                "viewers": selectors.viewer_rows(listing=listing),
                "months": selectors.detail_months(listing),
                "profile_url": selectors.profile_url(listing.venture),
            }
        )
    return render(request, "exits/listing_detail.html", context)


@require_http_methods(["GET"])
@actor_required
def listing_confidential(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """Who the venture is and its detailed figures: for the venture and buyers under NDA; every
    look from outside the venture, allowed or refused, is recorded."""
    listing = listing_confidential_open(
        actor=actor, listing_id=pk, ip=client_ip(request), user_agent=user_agent(request)
    )
    return render(
        request,
        "exits/listing_confidential.html",
        {
            "listing": listing,
            "venture": listing.venture,
            "bands": band_rows(listing),
            "months": selectors.detail_months(listing),
            "detail": listing.metrics_detail,
            "profile_url": selectors.profile_url(listing.venture),
        },
    )


@require_http_methods(["GET", "POST"])
@actor_required
def nda(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    listing = access_listing_by_id(actor=actor, listing_id=pk, need=Need.VIEW)
    if not is_buyer_kind(actor) or actor.acts_for(listing.venture.organization_id):
        raise AccessDenied
    form = NdaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nda_accept(actor=actor, listing=listing, ip=client_ip(request))
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(
                request, _("The NDA is accepted: the company and its figures are open to you.")
            )
            return redirect("exits:confidential", pk=listing.pk)
        return redirect("exits:listing", pk=listing.pk)
    return render(
        request,
        "exits/nda.html",
        {
            "listing": listing,
            "form": form,
            "paragraphs": NDA_PARAGRAPHS,
            "version": NDA_VERSION,
            "can_accept": ListingPolicy.can_accept_nda(actor, listing),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Letters of intent ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@actor_required
def offer_new(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    listing = access_listing_by_id(actor=actor, listing_id=pk, need=Need.VIEW)
    if not ListingPolicy.can_bid(actor, listing):
        raise AccessDenied
    form = OfferForm(request.POST or None, initial={"currency": listing.currency})
    if request.method == "POST" and form.is_valid():
        try:
            offer = offer_services.offer_submit(
                actor=actor, listing=listing, **form.service_fields()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your offer is sent to the company."))
            return redirect(reverse("exits:listing", args=[listing.pk]) + f"#offer-{offer.pk}")
    return render(
        request,
        "exits/offer_form.html",
        {"form": form, "listing": listing},
        status=422 if form.errors else 200,
    )


@require_http_methods(["POST"])
@actor_required
def offer_withdraw(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    offer = access_offer_by_id(actor=actor, offer_id=pk, need=Need.EDIT)
    try:
        offer_services.offer_withdraw(actor=actor, offer=offer)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("Your offer is withdrawn."))
    return redirect("exits:listing", pk=offer.listing_id)


@require_http_methods(["POST"])
@actor_required
def offer_accept(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    offer = access_offer_by_id(actor=actor, offer_id=pk, need=Need.EDIT)
    if not OfferPolicy.can_decide(actor, offer):
        raise AccessDenied
    form = AcceptOfferForm(request.POST)
    if not form.is_valid():
        for message in [str(m) for errors in form.errors.values() for m in errors]:
            messages.error(request, message)
        return redirect("exits:listing", pk=offer.listing_id)
    try:
        offer_services.offer_accept(actor=actor, offer=offer, **form.service_fields())
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            _(
                "The offer is accepted: the buyer has exclusivity and the other buyers' access "
                "ended."
            ),
        )
    return redirect("exits:listing", pk=offer.listing_id)


@require_http_methods(["POST"])
@actor_required
def offer_reject(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    offer = access_offer_by_id(actor=actor, offer_id=pk, need=Need.EDIT)
    if not OfferPolicy.can_decide(actor, offer):
        raise AccessDenied
    form = RejectOfferForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        offer_services.offer_reject(actor=actor, offer=offer, note=note)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("The offer is declined."))
    return redirect("exits:listing", pk=offer.listing_id)


# --- Buyers --------------------------------------------------------------------------------


@require_http_methods(["GET"])
@actor_required
def browse(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not is_buyer_kind(actor):
        raise AccessDenied
    listings = selectors.listing_list_for_buyer(actor=actor)
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    rows: list[tuple[Listing, list[tuple[str, str]]]] = [
        (listing, band_rows(listing)) for listing in page
    ]
    return render(request, "exits/browse.html", {"page": page, "rows": rows})
