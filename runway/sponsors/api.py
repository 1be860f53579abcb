"""Sponsorships in the JSON API: list, propose, accept, decline, end, and the intermediary's
sponsored ventures with their progress."""

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS, WRITE_ERRORS, WRITE_RULE
from runway.api.schemas import MAX_ID, Amount, InputSchema, RunwayPagination, Text
from runway.engine.money import Currency
from runway.metrics.models import VerificationLevel
from runway.orgs.access import AccessDenied, Need
from runway.orgs.api import OrganizationRefOut
from runway.orgs.models import OrganizationKind
from runway.sponsors import selectors, services
from runway.sponsors.access import access_sponsorship_by_id
from runway.sponsors.models import Sponsorship, SponsorshipStatus
from runway.sponsors.selectors import SponsoredVenture
from runway.sponsors.services import MESSAGE_MAX
from runway.ventures.access import VenturePolicy
from runway.ventures.models import FundingRound, RoundStatus, Venture

router = Router(tags=["sponsors"])


class VentureRefOut(Schema):
    id: int
    name: str
    slug: str = Field(description="The profile is /directory/<slug>/")
    is_verified: bool

    @staticmethod
    def resolve_name(venture: Venture) -> str:
        return venture.organization.name

    @staticmethod
    def resolve_slug(venture: Venture) -> str:
        return venture.organization.slug

    @staticmethod
    def resolve_is_verified(venture: Venture) -> bool:
        return venture.organization.is_verified


class SponsorshipOut(Schema):
    id: int
    intermediary: OrganizationRefOut
    venture: VentureRefOut
    status: SponsorshipStatus
    message: str
    proposed_at: dt.datetime
    decided_at: dt.datetime | None
    ended_at: dt.datetime | None
    ended_by_side: str | None = Field(description="venture or intermediary, once ended.")

    @staticmethod
    def resolve_ended_by_side(sponsorship: Sponsorship) -> str | None:
        return sponsorship.ended_by_side or None


class ProposalIn(InputSchema):
    venture_id: int = Field(ge=1, le=MAX_ID, description="A venture the caller can see.")
    message: Text = Field("", max_length=MESSAGE_MAX)


SEEN = Query(
    None,
    description="The status the caller last read: the move is refused (422) when the "
    "sponsorship has moved on since. Without it, the move applies to its current status.",
)


class RoundRefOut(Schema):
    id: int
    title: str
    instrument: str
    status: RoundStatus
    currency: Currency
    target_amount: Amount
    min_ticket: Amount

    @staticmethod
    def resolve_instrument(funding_round: FundingRound) -> str:
        return funding_round.instrument.code


class SponsoredVentureOut(Schema):
    sponsorship_id: int
    venture: VentureRefOut
    sponsored_since: dt.datetime | None
    stage: str
    listed: bool = Field(description="False when the venture left the directory: no figures.")
    verification: VerificationLevel | None
    grade: str | None
    revenue_band: str | None
    growth_band: str | None
    currency: Currency | None = Field(description="Only when the venture shows exact figures.")
    annual_revenue: Amount | None = Field(description="Only when the venture shows exact figures.")
    current_round: RoundRefOut | None = Field(
        description="The open round, else the latest closed one."
    )
    deals_in_progress: int = Field(
        description="Deals on its rounds from the introduction request on, still open."
    )
    passport_valid_until: dt.datetime | None

    @staticmethod
    def resolve_sponsorship_id(row: SponsoredVenture) -> int:
        return row.sponsorship.pk

    @staticmethod
    def resolve_sponsored_since(row: SponsoredVenture) -> dt.datetime | None:
        return row.sponsorship.decided_at

    @staticmethod
    def resolve_stage(row: SponsoredVenture) -> str:
        return row.venture.stage.code

    @staticmethod
    def resolve_verification(row: SponsoredVenture) -> str | None:
        return (row.entry.verification or None) if row.entry else None

    @staticmethod
    def resolve_grade(row: SponsoredVenture) -> str | None:
        return (row.entry.grade or None) if row.entry else None

    @staticmethod
    def resolve_revenue_band(row: SponsoredVenture) -> str | None:
        return (row.entry.revenue_band or None) if row.entry else None

    @staticmethod
    def resolve_growth_band(row: SponsoredVenture) -> str | None:
        return (row.entry.growth_band or None) if row.entry else None

    @staticmethod
    def resolve_currency(row: SponsoredVenture) -> str | None:
        if row.entry is None or not row.raw_figures or row.entry.annual_revenue is None:
            return None
        return str(row.entry.currency)

    @staticmethod
    def resolve_annual_revenue(row: SponsoredVenture) -> Decimal | None:
        return row.entry.annual_revenue if row.entry is not None and row.raw_figures else None


@router.get(
    "",
    response={200: list[SponsorshipOut], **READ_ERRORS},
    summary="The caller's sponsorships",
    description="As the intermediary or as the sponsored venture, newest proposal first.",
)
@paginate(RunwayPagination)
def sponsorship_list(
    request: HttpRequest, status: SponsorshipStatus | None = None
) -> QuerySet[Sponsorship]:
    return selectors.sponsorship_list_visible(actor=request_actor(request), status=status)


@router.post(
    "",
    response={201: SponsorshipOut, **WRITE_ERRORS},
    summary="Propose to sponsor a venture",
    description="For intermediaries, about a venture they can see; the venture's owners and "
    "admins accept or decline. One live proposal or sponsorship per venture. " + WRITE_RULE,
)
def sponsorship_propose(request: HttpRequest, payload: ProposalIn) -> Status[Sponsorship]:
    actor = request_actor(request)
    venture = Venture.objects.select_related("organization").filter(pk=payload.venture_id).first()
    if venture is None or not VenturePolicy.can_view(actor, venture):
        raise AccessDenied
    sponsorship = services.sponsorship_propose(
        actor=actor, venture=venture, message=payload.message
    )
    return Status(201, sponsorship)


@router.get(
    "/ventures",
    response={200: list[SponsoredVentureOut], **READ_ERRORS},
    summary="The ventures the caller sponsors, with their progress",
    description="For intermediaries: stage, verification, grade, bands (exact figures only "
    "when the venture shows them), current round, deals in progress (a count) and passport.",
)
def sponsored_ventures(request: HttpRequest) -> list[SponsoredVenture]:
    actor = request_actor(request)
    if actor.kind != OrganizationKind.INTERMEDIARY:
        raise AccessDenied
    return selectors.intermediary_board(actor=actor).sponsored


@router.get(
    "/{sponsorship_id}", response={200: SponsorshipOut, **READ_ERRORS}, summary="A sponsorship"
)
def sponsorship_detail(
    request: HttpRequest, sponsorship_id: int = Path(..., ge=1, le=MAX_ID)
) -> Sponsorship:
    return access_sponsorship_by_id(
        actor=request_actor(request), sponsorship_id=sponsorship_id, need=Need.VIEW
    )


def _move(
    request: HttpRequest, sponsorship_id: int, seen: SponsorshipStatus | None, move: str
) -> Sponsorship:
    actor = request_actor(request)
    sponsorship = access_sponsorship_by_id(
        actor=actor, sponsorship_id=sponsorship_id, need=Need.EDIT
    )
    if seen is not None:
        sponsorship.status = seen
    if move == "accept":
        services.sponsorship_accept(actor=actor, sponsorship=sponsorship)
    elif move == "decline":
        services.sponsorship_decline(actor=actor, sponsorship=sponsorship)
    else:
        services.sponsorship_end(actor=actor, sponsorship=sponsorship)
    return access_sponsorship_by_id(actor=actor, sponsorship_id=sponsorship_id, need=Need.VIEW)


@router.post(
    "/{sponsorship_id}/accept",
    response={200: SponsorshipOut, **WRITE_ERRORS},
    summary="Accept a proposal",
    description="For the venture's owners and admins (others get 404). The intermediary then "
    "appears as the venture's sponsor on its profile. 422 when it is no longer proposed.",
)
def sponsorship_accept(
    request: HttpRequest,
    sponsorship_id: int = Path(..., ge=1, le=MAX_ID),
    seen: SponsorshipStatus | None = SEEN,
) -> Sponsorship:
    return _move(request, sponsorship_id, seen, "accept")


@router.post(
    "/{sponsorship_id}/decline",
    response={200: SponsorshipOut, **WRITE_ERRORS},
    summary="Decline a proposal",
    description="For the venture's owners and admins (others get 404). 422 when it is no longer "
    "proposed.",
)
def sponsorship_decline(
    request: HttpRequest,
    sponsorship_id: int = Path(..., ge=1, le=MAX_ID),
    seen: SponsorshipStatus | None = SEEN,
) -> Sponsorship:
    return _move(request, sponsorship_id, seen, "decline")


@router.post(
    "/{sponsorship_id}/end",
    response={200: SponsorshipOut, **WRITE_ERRORS},
    summary="End a sponsorship, or withdraw a proposal",
    description="The intermediary's members end a sponsorship or withdraw their proposal; the "
    "venture's owners and admins end an accepted sponsorship (a proposal they decline). "
    + WRITE_RULE,
)
def sponsorship_end(
    request: HttpRequest,
    sponsorship_id: int = Path(..., ge=1, le=MAX_ID),
    seen: SponsorshipStatus | None = SEEN,
) -> Sponsorship:
    return _move(request, sponsorship_id, seen, "end")
