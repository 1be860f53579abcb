"""Commitments, a round's syndicate, closing, co-investment, holders' pro-rata and the
qualified-investor declaration in the JSON API, under the same rules as the pages.

Mounted by runway/api/urls.py at `/commitments`. Anything the caller may not see answers 404;
a refused rule answers 422 naming the field (`amount`, `kind`, `status`, `program`, ...).
"""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS, WRITE_ERRORS, WRITE_RULE
from runway.api.schemas import MAX_ID, Amount, InputSchema, RunwayPagination
from runway.deals import selectors
from runway.deals.access import DealPolicy, access_deal_by_id
from runway.deals.commitment_access import access_commitment_by_id, access_syndicate
from runway.deals.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Deal,
    DealState,
    ProgramReservation,
    ReservationStatus,
)
from runway.deals.services.closing import round_close
from runway.deals.services.commitments import (
    coinvestment_request,
    commitment_create,
    commitment_withdraw,
    pro_rata_start,
)
from runway.deals.views.client import client_ip
from runway.investors.models import QualificationBasis
from runway.investors.qualification import DeclarationPolicy, qualification_of
from runway.investors.services import declaration_record
from runway.orgs.access import AccessDenied, Need
from runway.orgs.api import OrganizationRefOut
from runway.orgs.models import OrganizationKind
from runway.portfolio.models import Holding
from runway.programs.models import Program, ProgramStatus
from runway.ventures.access import access_round_by_id
from runway.ventures.models import RoundStatus

router = Router(tags=["commitments"])

RULES = (
    "Soft: an indication, from an accepted intro until the deal commits; a new one replaces the "
    "last; withdrawable. Hard: binding, at the term-sheet stage on an accepted term sheet, at "
    "most its amount; moves the deal to `committed`. Both: at least the round's minimum ticket, "
    "in its currency, while it is open and before its close date; qualified investors only where "
    "the round asks; holders only, up to their pro-rata share, in a follow-on round's holders' "
    "window. Hard commitments never exceed the round's `hard_cap` nor `max_investors`."
)


class CommitmentOut(Schema):
    id: int
    deal_id: int
    round_id: int
    investor: OrganizationRefOut
    kind: CommitmentKind
    amount: Amount
    currency: str
    status: CommitmentStatus
    created_at: datetime
    status_changed_at: datetime | None

    @staticmethod
    def resolve_round_id(obj: Commitment) -> int:
        return obj.funding_round_id


class CommitmentIn(InputSchema):
    deal_id: int = Field(ge=1, le=MAX_ID)
    kind: CommitmentKind
    amount: Amount


class MemberOut(Schema):
    investor: OrganizationRefOut
    hard: Amount | None
    soft: Amount | None


class ReservationOut(Schema):
    id: int
    program_id: int
    program: str
    organization: OrganizationRefOut
    amount: Amount
    currency: str
    status: ReservationStatus

    @staticmethod
    def resolve_program(obj: ProgramReservation) -> str:
        return obj.program.title

    @staticmethod
    def resolve_organization(obj: ProgramReservation) -> Any:
        return obj.program.organization


class SyndicateOut(Schema):
    round_id: int
    status: RoundStatus
    currency: str
    target_amount: Amount
    min_amount: Amount
    hard_cap: Amount
    max_investors: int
    hard_total: Amount
    soft_total: Amount
    program_total: Amount
    investor_count: int
    lead: OrganizationRefOut | None
    followers: list[MemberOut] = Field(
        description="Who committed how much: for the venture only (empty for anyone else)."
    )
    follower_count: int
    reservations: list[ReservationOut]
    holders_first_until: date | None
    your_allowance: Amount | None = Field(
        description="The caller's pro-rata share, while the holders' window is open."
    )


class ClosedOut(Schema):
    round_id: int
    status: RoundStatus
    holdings: int


class ProgramIn(InputSchema):
    program_id: int = Field(ge=1, le=MAX_ID)


class ProRataOut(Schema):
    deal_id: int
    state: DealState


class DeclarationIn(InputSchema):
    basis: QualificationBasis
    accept: bool = Field(description="true: the person declares the text of the current version.")


class QualificationOut(Schema):
    individual: bool
    qualified: bool
    basis: QualificationBasis | None
    declared_at: datetime | None
    valid_until: date | None


def _visible_commitments(request: HttpRequest) -> QuerySet[Commitment]:
    actor = request_actor(request)
    commitments = Commitment.objects.select_related("investor").order_by("-created_at", "-pk")
    if actor.kind == OrganizationKind.INVESTOR:
        return commitments.filter(investor=actor.organization)
    if actor.kind == OrganizationKind.VENTURE:
        return commitments.filter(funding_round__venture__organization=actor.organization)
    return commitments.none()


@router.get(
    "",
    response={200: list[CommitmentOut], **READ_ERRORS},
    summary="The caller's commitments",
    description="An investor's own commitments; a venture's commitments on its rounds. "
    "`round_id` and `status` narrow the list.",
)
@paginate(RunwayPagination)
def commitment_list(
    request: HttpRequest,
    round_id: int | None = None,
    status: CommitmentStatus | None = None,
) -> QuerySet[Commitment]:
    commitments = _visible_commitments(request)
    if round_id is not None:
        commitments = commitments.filter(funding_round_id=round_id)
    if status is not None:
        commitments = commitments.filter(status=status)
    return commitments


@router.post(
    "",
    response={201: CommitmentOut, **WRITE_ERRORS},
    summary="Commit on a deal",
    description=RULES + " " + WRITE_RULE,
)
def commitment_post(request: HttpRequest, payload: CommitmentIn) -> Status[Commitment]:
    actor = request_actor(request)
    deal = access_deal_by_id(actor=actor, deal_id=payload.deal_id, need=Need.EDIT)
    commitment = commitment_create(actor=actor, deal=deal, kind=payload.kind, amount=payload.amount)
    return Status(201, commitment)


def _standing(request: HttpRequest) -> dict[str, Any]:
    standing = qualification_of(request_actor(request).organization)
    declaration = standing.declaration
    return {
        "individual": standing.individual,
        "qualified": standing.qualified,
        "basis": declaration.basis if declaration else None,
        "declared_at": declaration.declared_at if declaration else None,
        "valid_until": declaration.valid_until if declaration else None,
    }


@router.get(
    "/qualification",
    response={200: QualificationOut, **READ_ERRORS},
    summary="The caller's qualified-investor standing",
    description="Institutions are qualified; individual investors (angels) once they declare.",
)
def qualification_get(request: HttpRequest) -> dict[str, Any]:
    if request_actor(request).kind != OrganizationKind.INVESTOR:
        raise AccessDenied
    return _standing(request)


@router.post(
    "/qualification",
    response={201: QualificationOut, **WRITE_ERRORS},
    summary="Declare the caller qualified",
    description="For individual investors, by a signed-in person (the declaration records who, "
    "when and from where), valid for a year. " + WRITE_RULE,
)
def qualification_post(request: HttpRequest, payload: DeclarationIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    if not DeclarationPolicy.can_declare(actor) or actor.user is None:
        raise AccessDenied
    declaration_record(
        actor=actor,
        basis=payload.basis,
        accepted=payload.accept,
        ip=client_ip(request),
    )
    return Status(201, _standing(request))


@router.get(
    "/{commitment_id}", response={200: CommitmentOut, **READ_ERRORS}, summary="A commitment"
)
def commitment_detail(
    request: HttpRequest, commitment_id: int = Path(..., ge=1, le=MAX_ID)
) -> Commitment:
    return access_commitment_by_id(
        actor=request_actor(request), commitment_id=commitment_id, need=Need.VIEW
    )


@router.post(
    "/{commitment_id}/withdraw",
    response={200: CommitmentOut, **WRITE_ERRORS},
    summary="Withdraw a soft commitment",
    description="For the investor, on an active soft commitment; hard ones bind. " + WRITE_RULE,
)
def commitment_withdraw_post(
    request: HttpRequest, commitment_id: int = Path(..., ge=1, le=MAX_ID)
) -> Commitment:
    actor = request_actor(request)
    commitment = access_commitment_by_id(actor=actor, commitment_id=commitment_id, need=Need.EDIT)
    return commitment_withdraw(actor=actor, commitment=commitment)


@router.get(
    "/rounds/{round_id}",
    response={200: SyndicateOut, **READ_ERRORS},
    summary="A round's syndicate",
    description="For the venture, investors with a deal on the round and co-investing programs. "
    "Only the venture sees each follower's amounts.",
)
def syndicate(request: HttpRequest, round_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    actor = request_actor(request)
    funding_round = access_syndicate(actor=actor, round_id=round_id, need=Need.VIEW)
    page = selectors.syndicate_page(actor=actor, funding_round=funding_round)
    offer = selectors.holder_offer(actor=actor, funding_round=funding_round)
    return {
        "round_id": funding_round.pk,
        "status": funding_round.status,
        "currency": funding_round.currency,
        "target_amount": funding_round.target_amount,
        "min_amount": funding_round.min_amount,
        "hard_cap": funding_round.hard_cap,
        "max_investors": funding_round.max_investors,
        "hard_total": page.totals.hard,
        "soft_total": page.totals.soft,
        "program_total": page.totals.program,
        "investor_count": page.totals.investors,
        "lead": page.lead,
        "followers": [
            {"investor": m.investor, "hard": m.hard, "soft": m.soft} for m in page.followers
        ],
        "follower_count": page.follower_count,
        "reservations": page.reservations,
        "holders_first_until": funding_round.holders_first_until,
        "your_allowance": offer.allowance if offer is not None else None,
    }


@router.post(
    "/rounds/{round_id}/close",
    response={200: ClosedOut, **WRITE_ERRORS},
    summary="Close a round",
    description="For the venture's owners and administrators, once hard commitments reach the "
    "round's minimum: they become holdings, co-investment becomes awards and holdings, soft "
    "commitments lapse. Closing a closed round changes nothing. A refusal answers 422 on "
    "`status`. " + WRITE_RULE,
)
def round_close_post(
    request: HttpRequest, round_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    actor = request_actor(request)
    funding_round = access_round_by_id(actor=actor, round_id=round_id, need=Need.EDIT)
    closed = round_close(actor=actor, funding_round=funding_round)
    return {
        "round_id": closed.pk,
        "status": closed.status,
        "holdings": Holding.objects.filter(funding_round=closed).count(),
    }


@router.post(
    "/rounds/{round_id}/co-investment",
    response={201: ReservationOut, **WRITE_ERRORS},
    summary="Add a co-investment program to a round",
    description="For the venture, on an open equity round the program's rules admit: its share "
    "follows the hard commitments within its ratio and caps and is reserved from its budget. "
    "A refusal answers 422 on `program`. " + WRITE_RULE,
)
def coinvestment_post(
    request: HttpRequest, payload: ProgramIn, round_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[ProgramReservation]:
    actor = request_actor(request)
    funding_round = access_syndicate(actor=actor, round_id=round_id, need=Need.EDIT)
    program = Program.objects.filter(pk=payload.program_id, status=ProgramStatus.OPEN).first()
    if program is None:
        raise AccessDenied
    reservation = coinvestment_request(actor=actor, funding_round=funding_round, program=program)
    return Status(201, reservation)


@router.post(
    "/rounds/{round_id}/pro-rata",
    response={200: ProRataOut, **WRITE_ERRORS},
    summary="Take up a holder's pro-rata share",
    description="For an existing holder of the venture, in the round's holders' window: the "
    "deal is started and moved to the term-sheet stage on the round's own terms (equity rounds "
    "with a valuation; otherwise to due diligence). " + WRITE_RULE,
)
def pro_rata_post(
    request: HttpRequest, round_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    actor = request_actor(request)
    funding_round = access_round_by_id(actor=actor, round_id=round_id, need=Need.VIEW)
    if not DealPolicy.can_start(actor):
        raise AccessDenied
    deal: Deal = pro_rata_start(actor=actor, funding_round=funding_round)
    return {"deal_id": deal.pk, "state": deal.state}
