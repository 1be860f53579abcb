"""The rescue ladder and the exits marketplace in the JSON API, under the same rules as the pages.

A listing's card (`ListingOut`) never names the venture; its confidential part
(`GET /listings/{id}/confidential`) does, for the venture and for buyers whose organization
accepted the listing's NDA, and every call from outside the venture is recorded.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS, WRITE_ERRORS, WRITE_RULE
from runway.api.schemas import MAX_ID, Amount, InputSchema, RunwayPagination, Text, partial
from runway.api.schemas import payload_fields as fields_of
from runway.api.taxonomy import with_terms
from runway.deals.views.client import client_ip, user_agent
from runway.engine.money import Currency
from runway.exits import selectors
from runway.exits.access import (
    access_listing_by_id,
    access_offer_by_id,
    is_buyer_kind,
    is_owner,
    live_nda,
)
from runway.exits.models import (
    Listing,
    ListingNda,
    ListingStatus,
    Offer,
    OfferStatus,
    OfferStructure,
    ValuationBasis,
)
from runway.exits.presenters import ladder_columns, trigger_lines
from runway.exits.services import listings as listing_services
from runway.exits.services import offers as offer_services
from runway.exits.services.audit import listing_confidential_open
from runway.exits.services.listings import SUMMARY_MAX
from runway.exits.services.ndas import nda_accept
from runway.exits.services.offers import (
    CONDITIONS_MAX,
    EXCLUSIVITY_DAYS_DEFAULT,
    EXCLUSIVITY_DAYS_MAX,
    EXCLUSIVITY_DAYS_MIN,
    NOTE_MAX,
)
from runway.exits.services.rescue import rescue_listing_start, rescue_round_open
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.api import OrganizationRefOut
from runway.orgs.models import OrganizationKind
from runway.taxonomy.models import Region, Sector
from runway.ventures.access import access_own_venture
from runway.ventures.api import RoundOut
from runway.ventures.models import FundingRound, Venture

router = Router(tags=["exits"])

LISTING_TERMS: dict[str, Any] = {"one": {"sector": Sector, "region": Region}}
BUYER_RULE = (
    "For buyers: members and up of an investor organization (strategic corporates and funds). "
    "Anything else answers 404."
)


def _actor(context: Any) -> Actor:
    return request_actor(context["request"])


def _own_venture(actor: Actor, need: Need) -> Venture:
    if actor.kind != OrganizationKind.VENTURE:
        raise AccessDenied
    return access_own_venture(actor=actor, need=need)


# --- The rescue ladder -------------------------------------------------------------------


class QuoteOut(Schema):
    lender: OrganizationRefOut | None
    grid: str
    amount: Amount
    fee: Amount
    currency: str
    payback_months: int
    remittance_share: Decimal
    holidays: list[str]


class RouteOut(Schema):
    key: str = Field(description="bridge, round or sale")
    title: str
    available: bool
    reason: str = Field(description="Why the route is not available; empty when it is.")
    time_to_cash_days: int
    dilution: Decimal | None = Field(description="Share of the company given up, 0 to 1.")
    amount: Amount | None = Field(
        description="Bridge: the best advance; round: the target; sale: the band's middle."
    )
    currency: str


class RescueOut(Schema):
    needed: bool
    reasons: list[str] = Field(description="Why the ladder is shown, or why it is not needed.")
    reason_codes: list[str]
    runway_months: Decimal | None
    currency: str
    routes: list[RouteOut]
    bridge_offers: list[QuoteOut]
    round_pre_money: Amount | None
    round_min_ticket: Amount | None
    sale_valuation_low: Amount | None
    sale_valuation_high: Amount | None
    open_round_id: int | None
    listing_id: int | None


@router.get(
    "/rescue",
    response={200: RescueOut, **READ_ERRORS},
    summary="The caller's rescue ladder",
    description="For a venture's members: whether a rescue is needed (a round failed recently, or "
    "cash lasts under 3 months), and three routes with time to cash and dilution.",
)
def rescue(request: HttpRequest) -> dict[str, Any]:
    venture = _own_venture(request_actor(request), Need.VIEW)
    overview = selectors.rescue_overview(venture=venture)
    ladder = overview.ladder
    rescue_round, band = ladder.rescue_round, ladder.sale.band
    return {
        "needed": ladder.trigger.needed,
        "reasons": trigger_lines(ladder),
        "reason_codes": list(ladder.trigger.reasons),
        "runway_months": ladder.trigger.runway_months,
        "currency": ladder.currency.value,
        "routes": [asdict(column) for column in ladder_columns(overview)],
        "bridge_offers": [
            {
                "lender": grid.organization if grid is not None else None,
                "grid": grid.title if grid is not None else "",
                "amount": quote.amount.amount,
                "fee": quote.fee.amount,
                "currency": quote.amount.currency.value,
                "payback_months": quote.payback_months,
                "remittance_share": quote.remittance_share,
                "holidays": sorted(quote.holidays),
            }
            for grid, quote in overview.bridge_rows
        ],
        "round_pre_money": rescue_round.pre_money.amount if rescue_round.pre_money else None,
        "round_min_ticket": rescue_round.min_ticket.amount if rescue_round.min_ticket else None,
        "sale_valuation_low": band.low.amount if band else None,
        "sale_valuation_high": band.high.amount if band else None,
        "open_round_id": overview.open_round.pk if overview.open_round else None,
        "listing_id": overview.listing.pk if overview.listing else None,
    }


@router.post(
    "/rescue/round",
    response={201: RoundOut, **WRITE_ERRORS},
    summary="Open the rescue round",
    description="Opens the ladder's rescue round on the caller's venture, at the ladder's target, "
    "minimum ticket and pre-money valuation; matched investors are told. Refused (422) when no "
    "rescue is needed, a round is already open, or the route is not available. " + WRITE_RULE,
)
def rescue_round_post(request: HttpRequest) -> Status[FundingRound]:
    actor = request_actor(request)
    venture = _own_venture(actor, Need.EDIT)
    return Status(201, rescue_round_open(actor=actor, venture=venture))


# --- Listings ----------------------------------------------------------------------------


class ListingOut(Schema):
    """The anonymous card: nothing in it names the venture."""

    id: int
    code_name: str
    sector: str
    region: str
    summary: str
    figures: dict[str, Any] = Field(
        description="Verified figures as bands: revenue_band, growth_band (codes as in the "
        "directory), grade, verification, months of complete history."
    )
    currency: Currency
    valuation_low: Amount
    valuation_high: Amount
    valuation_basis: ValuationBasis
    asking_low: Amount | None
    asking_high: Amount | None
    status: ListingStatus
    published_at: datetime | None
    exclusive_until: datetime | None
    nda_accepted: bool = Field(description="The caller's organization holds a live NDA.")
    owner: bool = Field(description="The listing is the caller's own.")

    @staticmethod
    def resolve_sector(obj: Listing) -> str:
        return obj.sector.code

    @staticmethod
    def resolve_region(obj: Listing) -> str:
        return obj.region.code

    @staticmethod
    def resolve_figures(obj: Listing) -> dict[str, Any]:
        return dict(obj.metrics)

    @staticmethod
    def resolve_nda_accepted(obj: Listing, context: Any) -> bool:
        actor = _actor(context)
        has = getattr(obj, "has_nda", None)
        if has is not None:
            return bool(has)
        if is_owner(actor, obj):
            return False
        return live_nda(listing=obj, organization_id=actor.organization.pk) is not None

    @staticmethod
    def resolve_owner(obj: Listing, context: Any) -> bool:
        return is_owner(_actor(context), obj)


class ListingIn(InputSchema):
    code_name: Text = Field("", max_length=80, description="Empty: a code name is chosen.")
    sector: str | None = Field(None, max_length=60, description="A sector code of the venture.")
    region: str | None = Field(
        None, max_length=60, description="The venture's city or a region containing it."
    )
    summary: Text = Field("", max_length=SUMMARY_MAX)
    asking_low: Amount | None = None
    asking_high: Amount | None = None


@partial
class ListingPatch(ListingIn):
    """Any of the listing's words, sector, region or asking range."""


class MonthOut(Schema):
    month: str
    gmv: str
    net_revenue: str
    orders: int
    buyers: int
    repeat_buyer_rate: str | None
    refund_rate: str | None
    verification: str


class VentureIdentityOut(Schema):
    id: int
    organization: OrganizationRefOut
    slug: str
    website: str
    tagline: str
    profile_url: str | None


class ListingConfidentialOut(Schema):
    id: int
    code_name: str
    venture: VentureIdentityOut
    currency: str
    annual_revenue: str | None
    growth_yoy: str | None
    score: str | None
    months: list[MonthOut]
    figures_as_of: date | None


def _confidential(listing: Listing) -> dict[str, Any]:
    venture = listing.venture
    detail = listing.metrics_detail or {}
    return {
        "id": listing.pk,
        "code_name": listing.code_name,
        "venture": {
            "id": venture.pk,
            "organization": venture.organization,
            "slug": venture.organization.slug,
            "website": venture.website,
            "tagline": venture.tagline,
            "profile_url": selectors.profile_url(venture),
        },
        "currency": detail.get("currency", listing.currency),
        "annual_revenue": detail.get("annual_revenue"),
        "growth_yoy": detail.get("growth_yoy"),
        "score": detail.get("score"),
        "months": detail.get("months", []),
        "figures_as_of": listing.metrics_as_of,
    }


@router.get(
    "/listings",
    response={200: list[ListingOut], **READ_ERRORS},
    summary="Listings the caller may see",
    description="A venture's own listings in every status; for buyers (investor organizations), "
    "the open listings and those exclusive with them, anonymous until they accept the NDA.",
)
@paginate(RunwayPagination)
def listing_list(request: HttpRequest) -> QuerySet[Listing]:
    actor = request_actor(request)
    if actor.kind == OrganizationKind.VENTURE:
        venture = Venture.objects.filter(organization=actor.organization).first()
        return selectors.listing_list_own(venture=venture) if venture else Listing.objects.none()
    return selectors.listing_list_for_buyer(actor=actor)


@router.post(
    "/listings",
    response={201: ListingOut, **WRITE_ERRORS},
    summary="Create a draft listing",
    description="On the caller's venture, priced from its verified figures; one listing in "
    "progress at a time. Your name or website in the code name or summary answers 422. "
    + WRITE_RULE,
)
def listing_post(request: HttpRequest, payload: ListingIn) -> Status[Listing]:
    actor = request_actor(request)
    venture = _own_venture(actor, Need.EDIT)
    fields = with_terms(
        {k: v for k, v in fields_of(payload).items() if v is not None}, **LISTING_TERMS
    )
    return Status(201, listing_services.listing_create(actor=actor, venture=venture, **fields))


@router.post(
    "/rescue/listing",
    response={201: ListingOut, **WRITE_ERRORS},
    summary="Start the ladder's confidential listing",
    description="A draft listing with a code name, the province and the first sector. "
    + WRITE_RULE,
)
def rescue_listing_post(request: HttpRequest) -> Status[Listing]:
    actor = request_actor(request)
    venture = _own_venture(actor, Need.EDIT)
    return Status(201, rescue_listing_start(actor=actor, venture=venture))


@router.get(
    "/listings/{listing_id}", response={200: ListingOut, **READ_ERRORS}, summary="A listing's card"
)
def listing_detail(request: HttpRequest, listing_id: int = Path(..., ge=1, le=MAX_ID)) -> Listing:
    return access_listing_by_id(actor=request_actor(request), listing_id=listing_id, need=Need.VIEW)


@router.patch(
    "/listings/{listing_id}",
    response={200: ListingOut, **WRITE_ERRORS},
    summary="Change a listing",
    description="While it is a draft or open. " + WRITE_RULE,
)
def listing_patch(
    request: HttpRequest, payload: ListingPatch, listing_id: int = Path(..., ge=1, le=MAX_ID)
) -> Listing:
    actor = request_actor(request)
    listing = access_listing_by_id(actor=actor, listing_id=listing_id, need=Need.EDIT)
    sent = fields_of(payload, only_sent=True)
    # Only the asking range can be cleared; a null elsewhere leaves the field as it is.
    sent = {k: v for k, v in sent.items() if v is not None or k.startswith("asking_")}
    fields = with_terms(sent, **LISTING_TERMS)
    return listing_services.listing_update(actor=actor, listing=listing, **fields)


def _status_route(name: str, summary: str, description: str) -> None:
    service = {
        "publish": listing_services.listing_publish,
        "withdraw": listing_services.listing_withdraw,
        "end-exclusivity": listing_services.listing_end_exclusivity,
        "sold": listing_services.listing_mark_sold,
    }[name]

    def move(request: HttpRequest, listing_id: int = Path(..., ge=1, le=MAX_ID)) -> Listing:
        actor = request_actor(request)
        listing = access_listing_by_id(actor=actor, listing_id=listing_id, need=Need.EDIT)
        return service(actor=actor, listing=listing)

    move.__name__ = f"listing_{name.replace('-', '_')}"
    router.post(
        f"/listings/{{listing_id}}/{name}",
        response={200: ListingOut, **WRITE_ERRORS},
        summary=summary,
        description=description + " A repeated or stale move answers 422. " + WRITE_RULE,
    )(move)


_status_route("publish", "Publish a listing", "Draft -> open: buyers see its card.")
_status_route(
    "withdraw",
    "Withdraw a listing",
    "Every buyer's access ends, open offers are declined, an accepted one lapses.",
)
_status_route(
    "end-exclusivity",
    "End exclusivity",
    "Exclusive -> open: the accepted offer lapses; other buyers may accept the NDA again.",
)
_status_route("sold", "Record the sale", "Exclusive -> sold, to the buyer holding exclusivity.")


@router.get(
    "/listings/{listing_id}/confidential",
    response={200: ListingConfidentialOut, **READ_ERRORS},
    summary="Who the venture is, and its detailed figures",
    description="For the venture and for buyers whose organization accepted the listing's NDA "
    "(and whose access has not ended). Every call from outside the venture, allowed or "
    "refused, is recorded and shown to the venture.",
)
def listing_confidential(
    request: HttpRequest, listing_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    listing = listing_confidential_open(
        actor=request_actor(request),
        listing_id=listing_id,
        ip=client_ip(request),
        user_agent=user_agent(request),
    )
    return _confidential(listing)


class NdaOut(Schema):
    id: int
    listing_id: int
    organization: OrganizationRefOut
    version: str
    accepted_at: datetime
    revoked_at: datetime | None


@router.post(
    "/listings/{listing_id}/nda",
    response={200: NdaOut, **WRITE_ERRORS},
    summary="Accept the listing's NDA",
    description="A person accepts, signed in (an API token answers 422). The listing must be "
    "open. " + BUYER_RULE,
)
def nda_post(request: HttpRequest, listing_id: int = Path(..., ge=1, le=MAX_ID)) -> ListingNda:
    actor = request_actor(request)
    listing = access_listing_by_id(actor=actor, listing_id=listing_id, need=Need.VIEW)
    return nda_accept(actor=actor, listing=listing, ip=client_ip(request))


class ViewerOut(Schema):
    organization: str
    person: str
    views: int
    denied: int
    last_at: datetime


@router.get(
    "/listings/{listing_id}/viewers",
    response={200: list[ViewerOut], **READ_ERRORS},
    summary="Who viewed the confidential part",
    description="For the venture's members: per organization and person, views, refusals, last.",
)
def viewer_list(request: HttpRequest, listing_id: int = Path(..., ge=1, le=MAX_ID)) -> list[Any]:
    actor = request_actor(request)
    listing = access_listing_by_id(actor=actor, listing_id=listing_id, need=Need.VIEW)
    if not is_owner(actor, listing):
        raise AccessDenied
    return selectors.viewer_rows(listing=listing)


# --- Letters of intent ---------------------------------------------------------------------


class OfferOut(Schema):
    id: int
    listing_id: int
    buyer: OrganizationRefOut
    price: Amount
    currency: Currency
    structure: OfferStructure
    conditions: str
    valid_until: date
    status: OfferStatus
    submitted_at: datetime
    decided_at: datetime | None
    note: str


class OfferIn(InputSchema):
    price: Amount
    currency: Currency = Currency.CNY
    structure: OfferStructure
    conditions: Text = Field("", max_length=CONDITIONS_MAX)
    valid_until: date


class AcceptIn(InputSchema):
    exclusivity_days: int = Field(
        EXCLUSIVITY_DAYS_DEFAULT, ge=EXCLUSIVITY_DAYS_MIN, le=EXCLUSIVITY_DAYS_MAX
    )
    note: Text = Field("", max_length=NOTE_MAX)


class NoteIn(InputSchema):
    note: Text = Field("", max_length=NOTE_MAX)


@router.get(
    "/listings/{listing_id}/offers",
    response={200: list[OfferOut], **READ_ERRORS},
    summary="Letters of intent on a listing",
    description="Every offer for the venture; a buyer's own offers for a buyer.",
)
def offer_list(request: HttpRequest, listing_id: int = Path(..., ge=1, le=MAX_ID)) -> list[Offer]:
    actor = request_actor(request)
    listing = access_listing_by_id(actor=actor, listing_id=listing_id, need=Need.VIEW)
    return list(selectors.offer_list_for_listing(actor=actor, listing=listing))


@router.post(
    "/listings/{listing_id}/offers",
    response={201: OfferOut, **WRITE_ERRORS},
    summary="Make an offer (letter of intent)",
    description="Needs the organization's live NDA on an open listing; one open offer per buyer. "
    + BUYER_RULE,
)
def offer_post(
    request: HttpRequest, payload: OfferIn, listing_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[Offer]:
    actor = request_actor(request)
    if not is_buyer_kind(actor):
        raise AccessDenied
    listing = access_listing_by_id(actor=actor, listing_id=listing_id, need=Need.VIEW)
    return Status(
        201, offer_services.offer_submit(actor=actor, listing=listing, **fields_of(payload))
    )


@router.post(
    "/offers/{offer_id}/withdraw",
    response={200: OfferOut, **WRITE_ERRORS},
    summary="Withdraw an offer",
    description="For the buyer, while the offer is submitted. " + BUYER_RULE,
)
def offer_withdraw(request: HttpRequest, offer_id: int = Path(..., ge=1, le=MAX_ID)) -> Offer:
    actor = request_actor(request)
    offer = access_offer_by_id(actor=actor, offer_id=offer_id, need=Need.EDIT)
    return offer_services.offer_withdraw(actor=actor, offer=offer)


@router.post(
    "/offers/{offer_id}/accept",
    response={200: OfferOut, **WRITE_ERRORS},
    summary="Accept an offer",
    description="For the venture, on an open listing: the buyer gets exclusivity for "
    "`exclusivity_days`; every other buyer's access ends and their open offers are declined. "
    "A second acceptance answers 422. " + WRITE_RULE,
)
def offer_accept(
    request: HttpRequest, payload: AcceptIn, offer_id: int = Path(..., ge=1, le=MAX_ID)
) -> Offer:
    actor = request_actor(request)
    offer = access_offer_by_id(actor=actor, offer_id=offer_id, need=Need.EDIT)
    return offer_services.offer_accept(actor=actor, offer=offer, **fields_of(payload))


@router.post(
    "/offers/{offer_id}/reject",
    response={200: OfferOut, **WRITE_ERRORS},
    summary="Decline an offer",
    description="For the venture, while the offer is submitted. " + WRITE_RULE,
)
def offer_reject(
    request: HttpRequest, payload: NoteIn, offer_id: int = Path(..., ge=1, le=MAX_ID)
) -> Offer:
    actor = request_actor(request)
    offer = access_offer_by_id(actor=actor, offer_id=offer_id, need=Need.EDIT)
    return offer_services.offer_reject(actor=actor, offer=offer, note=payload.note)
