"""Venture profiles and funding rounds in the JSON API, with the same access rules as the pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS, WRITE_ERRORS, WRITE_RULE
from runway.api.schemas import (
    MAX_ID,
    NO_NUL,
    Amount,
    Code,
    InputSchema,
    RunwayPagination,
    SmallPercent,
    Text,
    partial,
    payload_fields,
)
from runway.api.taxonomy import codes, query_terms, with_terms
from runway.engine.money import Currency
from runway.orgs.access import Need
from runway.orgs.api import OrganizationRefOut
from runway.orgs.models import Organization
from runway.taxonomy.models import Instrument, Region, Sector, Stage
from runway.ventures.access import access_own_venture, access_round_by_id, access_venture_by_id
from runway.ventures.models import BusinessModel, FundingRound, RoundStatus, Venture
from runway.ventures.selectors import round_list_visible, venture_list_visible
from runway.ventures.services import round_create, round_update, venture_create, venture_update

router = Router(tags=["ventures"])
rounds_router = Router(tags=["rounds"])

VENTURE_TERMS = {
    "one": {"city": Region, "stage": Stage},
    "many": {"sectors": Sector, "markets": Region},
}
ROUND_TERMS = {"one": {"instrument": Instrument}}


def round_fields(payload: Schema, *, only_sent: bool = False) -> dict[str, Any]:
    """The round's fields for the services: taxonomy codes and the lead's id turned into rows,
    an empty investor limit left to its default."""
    fields = with_terms(payload_fields(payload, only_sent=only_sent), **ROUND_TERMS)
    if fields.get("max_investors", 0) is None:
        del fields["max_investors"]
    if "lead_investor" in fields and fields["lead_investor"] is not None:
        lead = Organization.objects.filter(pk=fields["lead_investor"]).first()
        if lead is None:
            message = _("The lead must be an investor in talks with you on this round.")
            raise ValidationError({"lead_investor": message})
        fields["lead_investor"] = lead
    return fields


TAXONOMY_HINT = "Codes as listed by GET /taxonomy."


class VentureOut(Schema):
    id: int
    organization: OrganizationRefOut
    tagline: str
    sectors: list[str] = Field(description=TAXONOMY_HINT)
    business_model: BusinessModel
    markets: list[str] = Field(description=TAXONOMY_HINT)
    city: str = Field(description=TAXONOMY_HINT)
    district: str
    stage: str = Field(description=TAXONOMY_HINT)
    founded_on: date | None
    team_size: int | None
    description_zh: str
    description_en: str
    description_ru: str
    website: str
    is_public: bool
    updated_at: datetime

    @staticmethod
    def resolve_sectors(obj: Venture) -> list[str]:
        return codes(obj.sectors.all())

    @staticmethod
    def resolve_markets(obj: Venture) -> list[str]:
        return codes(obj.markets.all())

    @staticmethod
    def resolve_city(obj: Venture) -> str:
        return obj.city.code

    @staticmethod
    def resolve_stage(obj: Venture) -> str:
        return obj.stage.code


class VentureIn(InputSchema):
    tagline: Text = Field("", max_length=200)
    sectors: list[Code] = Field(min_length=1, description=TAXONOMY_HINT)
    business_model: BusinessModel
    markets: list[Code] = Field(default_factory=list, description=TAXONOMY_HINT)
    city: Code = Field(description=TAXONOMY_HINT)
    district: Text = Field("", max_length=20)
    stage: Code = Field(description=TAXONOMY_HINT)
    founded_on: date | None = None
    team_size: int | None = Field(None, ge=0, le=2_147_483_647)
    description_zh: Text = Field("", max_length=20_000)
    description_en: Text = Field("", max_length=20_000)
    description_ru: Text = Field("", max_length=20_000)
    website: Text = Field("", max_length=200)
    is_public: bool = True


@partial
class VenturePatch(VentureIn):
    """Any fields of the profile; those left out stay as they are."""


class RoundOut(Schema):
    id: int
    venture_id: int
    organization: OrganizationRefOut
    title: str
    instrument: str = Field(description=TAXONOMY_HINT)
    currency: Currency
    target_amount: Amount
    min_ticket: Amount
    pre_money_valuation: Amount | None
    terms: str
    use_of_funds: str
    opens_on: date
    closes_on: date
    status: RoundStatus
    min_amount: Amount = Field(description="Hard commitments needed to close; 0: no minimum.")
    oversubscription_pct: SmallPercent
    hard_cap: Amount = Field(
        description="The most hard commitments may add up to: target x (1 + oversubscription)."
    )
    max_investors: int
    qualified_investors_only: bool
    lead_investor: OrganizationRefOut | None
    holders_first_until: date | None = Field(
        description="Until this date only the venture's existing holders may commit."
    )
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_organization(obj: FundingRound) -> Any:
        return obj.venture.organization

    @staticmethod
    def resolve_instrument(obj: FundingRound) -> str:
        return obj.instrument.code


class RoundIn(InputSchema):
    title: Text = Field(min_length=1, max_length=200)
    instrument: Code = Field(description=TAXONOMY_HINT)
    currency: Currency = Currency.CNY
    target_amount: Amount
    min_ticket: Amount
    pre_money_valuation: Amount | None = None
    terms: Text = Field("", max_length=20_000)
    use_of_funds: Text = Field(min_length=1, max_length=20_000)
    opens_on: date
    closes_on: date
    status: RoundStatus = Field(
        RoundStatus.DRAFT,
        description="A new round starts as `draft` or `open`. `closed` closes the round through "
        "its commitments (owners and admins, hard commitments at least `min_amount`).",
    )
    min_amount: Amount = Field(Decimal(0), description="At most the target; 0: no minimum.")
    oversubscription_pct: SmallPercent = Field(Decimal(0), ge=0, le=100)
    max_investors: int | None = Field(
        None, ge=1, le=32767, description="Empty: the platform's limit (200)."
    )
    qualified_investors_only: bool = False
    lead_investor: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Organization id of an investor in talks with the venture on this round.",
    )
    holders_first_until: date | None = None


@partial
class RoundPatch(RoundIn):
    """Any terms of the round, and its status along draft -> open -> closed (or cancelled)."""


@router.get(
    "",
    response={200: list[VentureOut], **READ_ERRORS},
    summary="Ventures the caller may see",
    description="Public profiles, plus the caller's own. `search` looks in names, taglines, "
    "descriptions and sector names; `sector` and `stage` take codes.",
)
@paginate(RunwayPagination)
def venture_list(
    request: HttpRequest,
    search: str = Query("", max_length=200, pattern=NO_NUL),
    sector: str | None = Query(None, max_length=60, pattern=NO_NUL),
    stage: str | None = Query(None, max_length=60, pattern=NO_NUL),
) -> QuerySet[Venture]:
    filters = query_terms({"sector": sector, "stage": stage}, {"sector": Sector, "stage": Stage})
    ventures = venture_list_visible(actor=request_actor(request), search=search, **filters)
    return ventures.prefetch_related("markets")


@router.post(
    "",
    response={201: VentureOut, **WRITE_ERRORS},
    summary="Create the caller's venture profile",
    description="For venture organizations without a profile yet. " + WRITE_RULE,
)
def venture_post(request: HttpRequest, payload: VentureIn) -> Status[Venture]:
    fields = with_terms(payload_fields(payload), **VENTURE_TERMS)
    return Status(201, venture_create(actor=request_actor(request), **fields))


@router.get("/{venture_id}", response={200: VentureOut, **READ_ERRORS}, summary="A venture")
def venture_detail(request: HttpRequest, venture_id: int = Path(..., ge=1, le=MAX_ID)) -> Venture:
    return access_venture_by_id(actor=request_actor(request), venture_id=venture_id, need=Need.VIEW)


@router.patch(
    "/{venture_id}",
    response={200: VentureOut, **WRITE_ERRORS},
    summary="Change a venture profile",
    description=WRITE_RULE,
)
def venture_patch(
    request: HttpRequest, payload: VenturePatch, venture_id: int = Path(..., ge=1, le=MAX_ID)
) -> Venture:
    actor = request_actor(request)
    venture = access_venture_by_id(actor=actor, venture_id=venture_id, need=Need.EDIT)
    fields = with_terms(payload_fields(payload, only_sent=True), **VENTURE_TERMS)
    return venture_update(actor=actor, venture=venture, **fields)


@rounds_router.get(
    "",
    response={200: list[RoundOut], **READ_ERRORS},
    summary="Funding rounds the caller may see",
    description="The caller's own rounds in every status, and other ventures' open or closed "
    "rounds on public profiles. `status`, `instrument` and `sector` (codes) narrow the list.",
)
@paginate(RunwayPagination)
def round_list(
    request: HttpRequest,
    status: RoundStatus | None = None,
    instrument: str | None = Query(None, max_length=60, pattern=NO_NUL),
    sector: str | None = Query(None, max_length=60, pattern=NO_NUL),
) -> QuerySet[FundingRound]:
    filters = query_terms(
        {"instrument": instrument, "sector": sector}, {"instrument": Instrument, "sector": Sector}
    )
    return round_list_visible(actor=request_actor(request), status=status, **filters)


@rounds_router.post(
    "",
    response={201: RoundOut, **WRITE_ERRORS},
    summary="Create a round on the caller's venture",
    description="The round belongs to the caller's own venture profile (404 when it has none). "
    + WRITE_RULE,
)
def round_post(request: HttpRequest, payload: RoundIn) -> Status[FundingRound]:
    actor = request_actor(request)
    venture = access_own_venture(actor=actor, need=Need.EDIT)
    return Status(201, round_create(actor=actor, venture=venture, **round_fields(payload)))


@rounds_router.get("/{round_id}", response={200: RoundOut, **READ_ERRORS}, summary="A round")
def round_detail(request: HttpRequest, round_id: int = Path(..., ge=1, le=MAX_ID)) -> FundingRound:
    return access_round_by_id(actor=request_actor(request), round_id=round_id, need=Need.VIEW)


@rounds_router.patch(
    "/{round_id}",
    response={200: RoundOut, **WRITE_ERRORS},
    summary="Change a round, or move its status",
    description=WRITE_RULE,
)
def round_patch(
    request: HttpRequest, payload: RoundPatch, round_id: int = Path(..., ge=1, le=MAX_ID)
) -> FundingRound:
    actor = request_actor(request)
    funding_round = access_round_by_id(actor=actor, round_id=round_id, need=Need.EDIT)
    fields = round_fields(payload, only_sent=True)
    return round_update(actor=actor, funding_round=funding_round, **fields)
