"""Government programs in the JSON API: terms, eligibility, applications and decisions."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS, WRITE_ERRORS, WRITE_RULE
from runway.api.schemas import MAX_ID, Amount, InputSchema, RunwayPagination, Text
from runway.engine.money import Currency
from runway.orgs.access import AccessDenied, Need
from runway.orgs.api import OrganizationRefOut
from runway.orgs.models import OrganizationKind
from runway.programs import adapters, selectors, services
from runway.programs.access import ProgramPolicy, access_application_by_id, access_program_by_id
from runway.programs.models import (
    Application,
    ApplicationStatus,
    Program,
    ProgramKind,
    ProgramStatus,
)
from runway.ventures.models import FundingRound, Venture

router = Router(tags=["programs"])
applications_router = Router(tags=["programs"])

RULES_HINT = (
    "Eligibility rules as data: sectors, stages, regions, districts, instruments (code lists, "
    "empty = any), min_company_age_months, max_company_age_months, max_annual_revenue "
    '({"amount": "...", "currency": "CNY"}), min_grade (A-E), pre_registration_required.'
)
PARAMS_HINT = (
    "Terms of the program's kind, always with `currency`. co_investment: ratio_public_to_private, "
    "max_share_of_round, cap_per_venture; risk_compensation: share_by_stage {stage: share}, "
    "cap_per_project, cap_per_investor_per_year; guarantee: coverage_share, fee_rate_annual, "
    "cap_per_loan; interest_subsidy: share_of_interest, cap_per_venture; grant: amount_cap. "
    "Shares as decimal strings from 0 to 1."
)


class ProgramOut(Schema):
    id: int
    organization: OrganizationRefOut
    title: str
    summary: str
    kind: ProgramKind
    status: ProgramStatus
    currency: Currency
    budget: Amount
    committed: Amount
    budget_left: Amount
    rules: dict[str, Any] = Field(description=RULES_HINT)
    params: dict[str, Any] = Field(description=PARAMS_HINT)
    opens_on: dt.date | None
    closes_on: dt.date | None


class ProgramIn(InputSchema):
    title: Text = Field(min_length=1, max_length=200)
    summary: Text = Field("", max_length=20_000)
    kind: ProgramKind
    status: ProgramStatus = ProgramStatus.DRAFT
    currency: Currency = Currency.CNY
    budget: Amount
    rules: dict[str, Any] = Field(default_factory=dict, description=RULES_HINT)
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_HINT)
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None


class FailureOut(Schema):
    code: str
    message: str
    params: dict[str, Any]


class EligibilityOut(Schema):
    program_id: int
    eligible: bool
    failures: list[FailureOut]


class ApplicationOut(Schema):
    id: int
    program_id: int
    venture_id: int
    funding_round_id: int | None
    amount: Amount
    private_amount: Amount
    currency: Currency
    note: str
    status: ApplicationStatus
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str
    awarded: Amount | None

    @staticmethod
    def resolve_awarded(obj: Application) -> Decimal | None:
        award = getattr(obj, "award", None)
        return award.amount if award is not None else None


class ApplicationIn(InputSchema):
    amount: Amount
    private_amount: Amount = Decimal(0)
    funding_round_id: int | None = Field(None, ge=1, le=MAX_ID)
    note: Text = Field("", max_length=5_000)


class DecisionIn(InputSchema):
    amount: Amount | None = Field(None, description="Approve only; empty awards what was asked.")
    note: Text = Field("", max_length=5_000)


@router.get(
    "",
    response={200: list[ProgramOut], **READ_ERRORS},
    summary="Programs the caller can see",
    description="Open and closed programs for everyone; a government's own drafts too.",
)
@paginate(RunwayPagination)
def program_list(request: HttpRequest, status: ProgramStatus | None = None) -> QuerySet[Program]:
    return selectors.program_list_visible(actor=request_actor(request), status=status)


@router.post(
    "",
    response={201: ProgramOut, **WRITE_ERRORS},
    summary="Create a program",
    description="For government organizations. " + WRITE_RULE,
)
def program_post(request: HttpRequest, payload: ProgramIn) -> Status[Program]:
    fields = payload.model_dump()
    return Status(201, services.program_create(actor=request_actor(request), **fields))


@router.get("/{program_id}", response={200: ProgramOut, **READ_ERRORS}, summary="A program")
def program_detail(request: HttpRequest, program_id: int = Path(..., ge=1, le=MAX_ID)) -> Program:
    return access_program_by_id(actor=request_actor(request), program_id=program_id, need=Need.VIEW)


def _own_venture(request: HttpRequest) -> Venture:
    actor = request_actor(request)
    venture = Venture.objects.filter(organization=actor.organization).first()
    if actor.kind != OrganizationKind.VENTURE or venture is None:
        raise AccessDenied
    return venture


@router.get(
    "/{program_id}/eligibility",
    response={200: EligibilityOut, **READ_ERRORS},
    summary="Whether the caller's venture qualifies",
    description="For ventures: every rule the venture fails, each with a code and a message.",
)
def program_eligibility(
    request: HttpRequest, program_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    program = access_program_by_id(
        actor=request_actor(request), program_id=program_id, need=Need.VIEW
    )
    venture = _own_venture(request)
    result = adapters.eligibility(program=program, venture=venture, on=timezone.localdate())
    return {
        "program_id": program.pk,
        "eligible": result.eligible,
        "failures": [
            {**failure.to_dict(), "message": adapters.failure_message(failure)}
            for failure in result.failures
        ],
    }


@router.post(
    "/{program_id}/applications",
    response={201: ApplicationOut, **WRITE_ERRORS},
    summary="Apply to a program",
    description="For ventures that meet its rules. " + WRITE_RULE,
)
def application_post(
    request: HttpRequest, payload: ApplicationIn, program_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[Application]:
    actor = request_actor(request)
    program = access_program_by_id(actor=actor, program_id=program_id, need=Need.VIEW)
    funding_round = None
    if payload.funding_round_id is not None:
        funding_round = FundingRound.objects.filter(pk=payload.funding_round_id).first()
        if funding_round is None:
            raise AccessDenied
    application = services.application_submit(
        actor=actor,
        program=program,
        amount=payload.amount,
        private_amount=payload.private_amount,
        funding_round=funding_round,
        note=payload.note,
    )
    return Status(201, application)


@router.get(
    "/{program_id}/applications",
    response={200: list[ApplicationOut], **READ_ERRORS},
    summary="A program's applications",
    description="For the program's officers; a venture sees only its own.",
)
@paginate(RunwayPagination)
def application_list(
    request: HttpRequest, program_id: int = Path(..., ge=1, le=MAX_ID)
) -> QuerySet[Application]:
    actor = request_actor(request)
    program = access_program_by_id(actor=actor, program_id=program_id, need=Need.VIEW)
    if ProgramPolicy.can_edit(actor, program):
        return selectors.application_list_for_program(program=program)
    return program.applications.filter(venture__organization=actor.organization).select_related(
        "award"
    )


def _decide(
    request: HttpRequest, application_id: int, payload: DecisionIn, approve: bool
) -> Application:
    actor = request_actor(request)
    application = access_application_by_id(
        actor=actor, application_id=application_id, need=Need.VIEW
    )
    if not ProgramPolicy.can_edit(actor, application.program):
        raise AccessDenied
    if approve:
        services.application_approve(
            actor=actor, application=application, amount=payload.amount, note=payload.note
        )
    else:
        services.application_reject(actor=actor, application=application, note=payload.note)
    return Application.objects.select_related("award").get(pk=application.pk)


@applications_router.post(
    "/{application_id}/approve",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Approve an application",
    description="For the program's officers. The award is committed from the budget, or "
    "refused (422) when the budget has less left. " + WRITE_RULE,
)
def application_approve(
    request: HttpRequest, payload: DecisionIn, application_id: int = Path(..., ge=1, le=MAX_ID)
) -> Application:
    return _decide(request, application_id, payload, approve=True)


@applications_router.post(
    "/{application_id}/reject",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Reject an application",
    description="For the program's officers; `note` says why. " + WRITE_RULE,
)
def application_reject(
    request: HttpRequest, payload: DecisionIn, application_id: int = Path(..., ge=1, le=MAX_ID)
) -> Application:
    return _decide(request, application_id, payload, approve=False)
