"""Reads for capital decisions: a venture's score, offers, programs and matched investors; an
investor's matched rounds; the policy calculator for one of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from runway.engine.financing import Decline, LoanOffer, RbfOffer, ValuationBand, valuation_band
from runway.engine.programs import PolicyResult
from runway.engine.programs.eligibility import Eligibility
from runway.engine.scoring import Score
from runway.fx.selectors import rates_on
from runway.investors.models import LenderGrid, Mandate
from runway.investors.selectors import grid_list_active
from runway.matching import adapters
from runway.matching.models import Match, ProgramEligibility
from runway.matching.reasons import decline_message
from runway.orgs.access import Actor
from runway.programs.models import Program, ProgramStatus
from runway.ventures.models import FundingRound, Venture


@dataclass(frozen=True)
class GridOutcome:
    grid: LenderGrid
    offer: RbfOffer | LoanOffer | None
    decline: str  # the reason, worded; empty with an offer


@dataclass(frozen=True)
class ProgramOutcome:
    program: Program
    eligibility: Eligibility
    reasons: list[str]


@dataclass
class CapitalOverview:
    venture: Venture
    score: Score | None
    currency: str
    offers: list[GridOutcome] = field(default_factory=list)
    programs: list[ProgramOutcome] = field(default_factory=list)
    valuation: ValuationBand | None = None
    matches: list[Match] = field(default_factory=list)

    @property
    def grade(self) -> str | None:
        if self.score is None or self.score.basis == "insufficient":
            return None
        return self.score.grade


def lender_offers(
    *, venture: Venture, ask: Decimal | None = None, as_of: dt.date | None = None
) -> tuple[Score | None, str, list[GridOutcome]]:
    """The venture's offer or decline from every active grid, best offers first."""
    today = as_of or timezone.localdate()
    kpis, currency, _level = adapters.kpi_frame(venture)
    score = adapters.venture_score(venture)
    grade = None if score is None or score.basis == "insufficient" else score.grade
    outcomes = []
    rates = rates_on(today)
    for grid in grid_list_active():
        result = adapters.grid_offer(
            grid, kpis=kpis, currency=currency, grade=grade, ask=ask, as_of=today, rates=rates
        )
        if isinstance(result, Decline):
            outcomes.append(GridOutcome(grid, None, decline_message(result.reason, result.params)))
        else:
            outcomes.append(GridOutcome(grid, result, ""))
    outcomes.sort(key=lambda o: (o.offer is None, -(o.offer.amount.amount if o.offer else 0)))
    return score, currency, outcomes


def capital_overview(*, venture: Venture, ask: Decimal | None = None) -> CapitalOverview:
    from runway.programs.adapters import eligibility, failure_messages

    score, currency, offers = lender_offers(venture=venture, ask=ask)
    overview = CapitalOverview(venture=venture, score=score, currency=currency, offers=offers)
    today = timezone.localdate()
    for program in Program.objects.filter(status=ProgramStatus.OPEN).select_related("organization"):
        result = eligibility(program=program, venture=venture, on=today)
        overview.programs.append(ProgramOutcome(program, result, failure_messages(result)))
    overview.programs.sort(key=lambda outcome: not outcome.eligibility.eligible)
    revenue = adapters.venture_ttm_revenue(venture)
    sector = venture.sectors.order_by("position").first()
    if revenue is not None and revenue[0] > 0 and sector is not None:
        overview.valuation = valuation_band(
            sector.code, ttm_revenue=revenue[0], currency=revenue[1]
        )
    overview.matches = list(match_list_for_venture(venture=venture)[:20])
    return overview


def match_list_for_venture(*, venture: Venture) -> QuerySet[Match]:
    """Investors whose open mandates match the venture's open rounds, best first. The venture
    sees the investor and the score, never the mandate's private terms."""
    return (
        Match.objects.filter(funding_round__venture=venture, rank_for_round__isnull=False)
        .select_related("mandate__organization", "funding_round")
        .order_by("funding_round", "rank_for_round")
    )


def match_list_for_mandate(*, mandate: Mandate) -> QuerySet[Match]:
    return (
        Match.objects.filter(mandate=mandate, rank_for_mandate__isnull=False)
        .select_related("funding_round__venture__organization", "funding_round__instrument")
        .order_by("rank_for_mandate")
    )


def match_list_for_investor(*, actor: Actor) -> QuerySet[Match]:
    return (
        Match.objects.filter(
            mandate__organization=actor.organization, rank_for_mandate__isnull=False
        )
        .select_related(
            "mandate", "funding_round__venture__organization", "funding_round__instrument"
        )
        .order_by("mandate", "rank_for_mandate")
    )


def ticket_for(match: Match) -> Decimal:
    """The ticket the calculator assumes: the mandate's largest that the round can take."""
    ticket: Decimal = min(match.mandate.ticket_max, match.funding_round.target_amount)
    return ticket


def policy_for_match(
    *, match: Match, amount: Decimal | None = None
) -> tuple[PolicyResult, dict[str, Program], Decimal]:
    funding_round: FundingRound = match.funding_round
    ticket = amount if amount and amount > 0 else ticket_for(match)
    grade = adapters.venture_grade(funding_round.venture)
    result, programs = adapters.policy_for_round(
        funding_round=funding_round, amount=ticket, on=timezone.localdate(), grade=grade
    )
    return result, programs, ticket


def eligible_programs(*, venture: Venture) -> QuerySet[ProgramEligibility]:
    return ProgramEligibility.objects.filter(venture=venture, eligible=True).select_related(
        "program"
    )
