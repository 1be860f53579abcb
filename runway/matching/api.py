"""Capital decisions in the JSON API: a venture's score and offers; an investor's matches and
the policy calculator for each."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema

from runway.api.auth import request_actor
from runway.api.errors import READ_ERRORS
from runway.api.schemas import MAX_ID, Amount
from runway.engine.financing import LoanOffer, RbfOffer
from runway.matching import selectors
from runway.matching.access import access_match_by_id
from runway.matching.models import Match
from runway.matching.presenters import component_label
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.api import OrganizationRefOut
from runway.orgs.models import OrganizationKind
from runway.ventures.models import Venture

router = Router(tags=["capital"])


class ComponentOut(Schema):
    name: str
    label: str
    value: float | str | None
    normalized: float
    weight: float
    contribution: float


class ScoreOut(Schema):
    score: float | None = Field(description="0-100; null when there is too little data.")
    grade: str | None
    basis: str
    as_of_month: dt.date | None
    months: int
    components: list[ComponentOut]


class OfferOut(Schema):
    grid_id: int
    lender: OrganizationRefOut
    grid: str
    kind: str
    declined: bool
    decline_reason: str = Field(description="Why the lender declines, worded; empty otherwise.")
    currency: str | None
    amount: Amount | None
    fee: Amount | None = Field(description="Revenue-based: the flat fee.")
    total_repayable: Amount | None
    payback_months: int | None = Field(description="Revenue-based: projected months to repay.")
    remittance_share: Decimal | None
    annual_rate: Decimal | None = Field(description="Loan: the annual interest rate.")
    term_months: int | None
    monthly_payment: Amount | None


class OffersOut(Schema):
    currency: str
    grade: str | None
    offers: list[OfferOut]


class MatchOut(Schema):
    id: int
    mandate_id: int
    round_id: int
    venture_id: int
    venture: str
    score: Decimal
    rank_for_mandate: int | None
    explanation: list[dict[str, Any]] = Field(
        description="Each score component: component, value (0-1), weight, points."
    )
    engine_version: str

    @staticmethod
    def resolve_round_id(obj: Match) -> int:
        return obj.funding_round_id

    @staticmethod
    def resolve_venture_id(obj: Match) -> int:
        return obj.funding_round.venture_id

    @staticmethod
    def resolve_venture(obj: Match) -> str:
        return obj.funding_round.venture.organization.name


class ExposureOut(Schema):
    party: str
    program_id: int | None
    exposure: Amount
    expected_loss: Amount
    probability_of_default: Decimal
    loss_given_default: Decimal


class AppliedOut(Schema):
    program_id: int
    kind: str
    amount: Amount
    fee: Amount
    limits: list[str]


class PolicyOut(Schema):
    match_id: int
    ticket: Amount
    currency: str
    probability_of_default: Decimal
    investor_expected_loss_without: Amount
    investor_expected_loss_with: Amount
    without: list[ExposureOut]
    with_programs: list[ExposureOut]
    applied: list[AppliedOut]
    not_applied: list[int]


def _venture(actor: Actor) -> Venture:
    venture = Venture.objects.filter(organization=actor.organization).first()
    if actor.kind != OrganizationKind.VENTURE or venture is None:
        raise AccessDenied
    return venture


@router.get(
    "/score",
    response={200: ScoreOut, **READ_ERRORS},
    summary="The caller's traction score",
    description="For ventures: the score 0-100, grade A-E and each component with its weight.",
)
def score(request: HttpRequest) -> dict[str, Any]:
    from runway.matching.adapters import venture_score

    result = venture_score(_venture(request_actor(request)))
    if result is None or result.basis == "insufficient":
        return {"score": None, "grade": None, "basis": "insufficient", "as_of_month": None,
                "months": 0 if result is None else result.months, "components": []}  # fmt: skip
    return {
        "score": result.value, "grade": result.grade, "basis": result.basis,
        "as_of_month": result.as_of_month, "months": result.months,
        "components": [
            {"name": c.name, "label": component_label(c.name), "value": c.value,
             "normalized": c.normalized, "weight": c.weight, "contribution": c.contribution}
            for c in result.components
        ],
    }  # fmt: skip


def _offer_out(outcome: selectors.GridOutcome) -> dict[str, Any]:
    grid, offer = outcome.grid, outcome.offer
    out: dict[str, Any] = {
        "grid_id": grid.pk, "lender": grid.organization, "grid": grid.title, "kind": grid.kind,
        "declined": offer is None, "decline_reason": outcome.decline, "currency": None,
        "amount": None, "fee": None, "total_repayable": None, "payback_months": None,
        "remittance_share": None, "annual_rate": None, "term_months": None,
        "monthly_payment": None,
    }  # fmt: skip
    if isinstance(offer, RbfOffer):
        out |= {
            "currency": str(offer.amount.currency), "amount": offer.amount.amount,
            "fee": offer.fee.amount, "total_repayable": offer.total_repayable.amount,
            "payback_months": offer.payback_months, "remittance_share": offer.remittance_share,
        }  # fmt: skip
    elif isinstance(offer, LoanOffer):
        out |= {
            "currency": str(offer.amount.currency), "amount": offer.amount.amount,
            "total_repayable": offer.total_repayable.amount, "annual_rate": offer.annual_rate,
            "term_months": offer.term_months, "monthly_payment": offer.monthly_payment.amount,
        }  # fmt: skip
    return out


@router.get(
    "/offers",
    response={200: OffersOut, **READ_ERRORS},
    summary="Indicative offers from every lender",
    description="For ventures: an offer or a worded decline from every active lender grid, "
    "computed on the venture's stored monthly figures. `ask` caps the amount.",
)
def offers(request: HttpRequest, ask: Amount | None = None) -> dict[str, Any]:
    venture = _venture(request_actor(request))
    result, currency, outcomes = selectors.lender_offers(venture=venture, ask=ask)
    grade = None if result is None or result.basis == "insufficient" else result.grade
    return {"currency": currency, "grade": grade, "offers": [_offer_out(o) for o in outcomes]}


@router.get(
    "/matches",
    response={200: list[MatchOut], **READ_ERRORS},
    summary="The caller's matches",
    description="For investors: open rounds ranked for each open mandate, with the explanation "
    "(component, value 0-1, weight, points).",
)
def matches(request: HttpRequest) -> list[Match]:
    actor = request_actor(request)
    if actor.kind != OrganizationKind.INVESTOR:
        raise AccessDenied
    return list(selectors.match_list_for_investor(actor=actor)[:500])


@router.get(
    "/matches/{match_id}/policy",
    response={200: PolicyOut, **READ_ERRORS},
    summary="The policy calculator for a match",
    description="Each party's exposure and expected loss on a ticket in the matched round, "
    "without and with the open programs the deal qualifies for. `amount` is the ticket "
    "(default: the mandate's largest ticket the round can take).",
)
def policy(
    request: HttpRequest,
    match_id: int = Path(..., ge=1, le=MAX_ID),
    amount: Amount | None = None,
) -> dict[str, Any]:
    match = access_match_by_id(actor=request_actor(request), match_id=match_id, need=Need.VIEW)
    result, _programs, ticket = selectors.policy_for_match(match=match, amount=amount)

    def rows(exposures: Any) -> list[dict[str, Any]]:
        return [
            {"party": str(e.party), "program_id": int(e.program_id) if e.program_id else None,
             "exposure": e.exposure, "expected_loss": e.expected_loss,
             "probability_of_default": e.probability_of_default,
             "loss_given_default": e.loss_given_default}
            for e in exposures
        ]  # fmt: skip

    return {
        "match_id": match.pk, "ticket": ticket, "currency": match.funding_round.currency,
        "probability_of_default": result.probability_of_default,
        "investor_expected_loss_without": result.expected_loss("investor", with_programs=False),
        "investor_expected_loss_with": result.expected_loss("investor"),
        "without": rows(result.without), "with_programs": rows(result.with_programs),
        "applied": [
            {"program_id": int(a.program_id), "kind": str(a.kind), "amount": a.amount,
             "fee": a.fee, "limits": list(a.reason_codes)}
            for a in result.applied
        ],
        "not_applied": [int(n.program_id) for n in result.not_applied],
    }  # fmt: skip
