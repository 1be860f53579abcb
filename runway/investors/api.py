"""Investors' mandates in the JSON API: private to the investor that owns them."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS, WRITE_ERRORS, WRITE_RULE
from runway.api.schemas import (
    MAX_ID,
    Amount,
    Code,
    InputSchema,
    Percent,
    RunwayPagination,
    SmallPercent,
    Text,
    partial,
    payload_fields,
)
from runway.api.taxonomy import codes, with_terms
from runway.engine.money import Currency
from runway.investors.access import MandatePolicy, access_mandate_by_id
from runway.investors.models import Mandate, MandateStatus, Rule
from runway.investors.selectors import mandate_list_visible
from runway.investors.services import mandate_create, mandate_update
from runway.orgs.access import AccessDenied, Need
from runway.orgs.api import OrganizationRefOut
from runway.taxonomy.models import Instrument, Region, Sector, Stage

router = Router(tags=["mandates"])

CRITERIA = {"instruments": Instrument, "sectors": Sector, "stages": Stage, "regions": Region}
TAXONOMY_HINT = "Codes as listed by GET /taxonomy."
RULE_HINT = "`must` excludes rounds that miss the criterion; `prefer` only ranks them lower."


class MandateOut(Schema):
    id: int
    organization: OrganizationRefOut
    title: str
    thesis: str
    status: MandateStatus
    instruments: list[str] = Field(description=TAXONOMY_HINT)
    instruments_rule: Rule
    sectors: list[str] = Field(description=TAXONOMY_HINT)
    sectors_rule: Rule
    stages: list[str] = Field(description=TAXONOMY_HINT)
    stages_rule: Rule
    regions: list[str] = Field(description=TAXONOMY_HINT)
    regions_rule: Rule
    currency: Currency
    ticket_min: Amount
    ticket_max: Amount
    ticket_rule: Rule
    min_monthly_revenue: Amount | None
    min_growth_rate: Percent | None
    min_months_history: int | None
    min_repeat_rate: SmallPercent | None
    traction_rule: Rule
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_instruments(obj: Mandate) -> list[str]:
        return codes(obj.instruments.all())

    @staticmethod
    def resolve_sectors(obj: Mandate) -> list[str]:
        return codes(obj.sectors.all())

    @staticmethod
    def resolve_stages(obj: Mandate) -> list[str]:
        return codes(obj.stages.all())

    @staticmethod
    def resolve_regions(obj: Mandate) -> list[str]:
        return codes(obj.regions.all())


class MandateIn(InputSchema):
    title: Text = Field(min_length=1, max_length=200)
    thesis: Text = Field("", max_length=20_000)
    status: MandateStatus = MandateStatus.OPEN
    instruments: list[Code] = Field(default_factory=list, description=TAXONOMY_HINT)
    instruments_rule: Rule = Field(Rule.PREFER, description=RULE_HINT)
    sectors: list[Code] = Field(default_factory=list, description=TAXONOMY_HINT)
    sectors_rule: Rule = Field(Rule.PREFER, description=RULE_HINT)
    stages: list[Code] = Field(default_factory=list, description=TAXONOMY_HINT)
    stages_rule: Rule = Field(Rule.PREFER, description=RULE_HINT)
    regions: list[Code] = Field(default_factory=list, description=TAXONOMY_HINT)
    regions_rule: Rule = Field(Rule.PREFER, description=RULE_HINT)
    currency: Currency = Currency.CNY
    ticket_min: Amount
    ticket_max: Amount
    ticket_rule: Rule = Field(Rule.PREFER, description=RULE_HINT)
    min_monthly_revenue: Amount | None = None
    min_growth_rate: Percent | None = Field(None, description="Minimum yearly growth, in percent.")
    min_months_history: int | None = Field(None, ge=0, le=32_767)
    min_repeat_rate: SmallPercent | None = Field(
        None, description="Minimum repeat-buyer rate, in percent."
    )
    traction_rule: Rule = Field(Rule.PREFER, description=RULE_HINT)


@partial
class MandatePatch(MandateIn):
    """Any criteria of the mandate; those left out stay as they are."""


@router.get(
    "",
    response={200: list[MandateOut], **READ_ERRORS},
    summary="The caller's mandates",
    description="For investors (404 for other kinds of organization). An investor's mandates "
    "are its own: other organizations never see them. `status` narrows the list.",
)
@paginate(RunwayPagination)
def mandate_list(request: HttpRequest, status: MandateStatus | None = None) -> QuerySet[Mandate]:
    actor = request_actor(request)
    if not MandatePolicy.can_list(actor):
        raise AccessDenied
    return mandate_list_visible(actor=actor, status=status)


@router.post(
    "",
    response={201: MandateOut, **WRITE_ERRORS},
    summary="Create a mandate",
    description="For investor organizations. " + WRITE_RULE,
)
def mandate_post(request: HttpRequest, payload: MandateIn) -> Status[Mandate]:
    fields = with_terms(payload_fields(payload), many=CRITERIA)
    return Status(201, mandate_create(actor=request_actor(request), **fields))


@router.get("/{mandate_id}", response={200: MandateOut, **READ_ERRORS}, summary="A mandate")
def mandate_detail(request: HttpRequest, mandate_id: int = Path(..., ge=1, le=MAX_ID)) -> Mandate:
    return access_mandate_by_id(actor=request_actor(request), mandate_id=mandate_id, need=Need.VIEW)


@router.patch(
    "/{mandate_id}",
    response={200: MandateOut, **WRITE_ERRORS},
    summary="Change a mandate",
    description=WRITE_RULE,
)
def mandate_patch(
    request: HttpRequest, payload: MandatePatch, mandate_id: int = Path(..., ge=1, le=MAX_ID)
) -> Mandate:
    actor = request_actor(request)
    mandate = access_mandate_by_id(actor=actor, mandate_id=mandate_id, need=Need.EDIT)
    fields = with_terms(payload_fields(payload, only_sent=True), many=CRITERIA)
    return mandate_update(actor=actor, mandate=mandate, **fields)
