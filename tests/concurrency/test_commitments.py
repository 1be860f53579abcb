"""A round's syndicate under load: hard commitments never exceed the cap or the investor limit,
program reservations never exceed the budget, and a round closes once, however many requests
arrive at once (PostgreSQL, real row locks, one connection per thread)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from runway.deals.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Deal,
    DealEvent,
    DealState,
    ProgramReservation,
)
from runway.deals.services.closing import round_close
from runway.deals.services.commitments import coinvestment_request, commitment_create
from runway.deals.tests.factories import agreed_deal, investor_member
from runway.notifications.models import Notification
from runway.orgs.models import Role
from runway.portfolio.models import Holding
from runway.programs.models import Award, Program
from runway.programs.tests.factories import ProgramFactory
from runway.ventures.models import FundingRound, RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, member_of
from tests.concurrency.test_invariants import run_at_once

# One xdist worker runs every concurrency test, so their many connections never add up.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("taxonomy"),
    pytest.mark.xdist_group("concurrency"),
]

INVESTORS = 200  # connections at once: CI's PostgreSQL allows 300
TICKET = Decimal("100000.00")


def unexpected(results: list[Any], *expected: type) -> list[Any]:
    return [r for r in results if isinstance(r, Exception) and not isinstance(r, expected)]


def test_two_hundred_hard_commitments_at_once_stop_at_the_cap() -> None:
    # Room for 110 tickets under the cap (10M + 10%); the investor limit lets in 100 of them.
    funding_round = FundingRoundFactory(
        target_amount=Decimal("10000000"),
        oversubscription_pct=Decimal("10"),
        min_ticket=Decimal("50000"),
        max_investors=100,
    )
    deals = [agreed_deal(funding_round, amount=str(TICKET)) for _ in range(INVESTORS)]
    calls: list[Callable[[], Any]] = [
        partial(
            commitment_create,
            actor=investor_member(deal),
            deal=Deal.objects.get(pk=deal.pk),
            kind=CommitmentKind.HARD,
            amount=TICKET,
        )
        for deal in deals
    ]
    results = run_at_once(calls)

    assert unexpected(results, ValidationError) == []
    made = [r for r in results if isinstance(r, Commitment)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    hard = Commitment.objects.filter(funding_round=funding_round, kind=CommitmentKind.HARD)
    total = hard.aggregate(total=Sum("amount"))["total"]
    assert total <= funding_round.hard_cap
    assert hard.values("investor").distinct().count() <= funding_round.max_investors
    assert len(made) == hard.count() == 100
    assert len(refused) == INVESTORS - 100
    # Threads speak the platform's default language: the refusal is told by its code.
    assert {error.code for error in refused} == {"investor_limit"}
    committed = Deal.objects.filter(funding_round=funding_round, state=DealState.COMMITTED)
    assert committed.count() == 100
    assert DealEvent.objects.filter(deal__in=committed, to_state=DealState.COMMITTED).count() == 100
    venture = funding_round.venture.organization
    assert Notification.objects.filter(organization=venture, verb="commitment_made").count() == 100


def test_two_hundred_hard_commitments_at_once_never_pass_the_amount_cap() -> None:
    # This time the cap binds first: 5M + 20% takes 60 tickets, the limit of 200 does not.
    funding_round = FundingRoundFactory(
        target_amount=Decimal("5000000"),
        oversubscription_pct=Decimal("20"),
        min_ticket=Decimal("50000"),
    )
    deals = [agreed_deal(funding_round, amount=str(TICKET)) for _ in range(INVESTORS)]
    results = run_at_once(
        [
            partial(
                commitment_create,
                actor=investor_member(deal),
                deal=Deal.objects.get(pk=deal.pk),
                kind=CommitmentKind.HARD,
                amount=TICKET,
            )
            for deal in deals
        ]
    )
    assert unexpected(results, ValidationError) == []
    hard = Commitment.objects.filter(funding_round=funding_round, kind=CommitmentKind.HARD)
    assert hard.aggregate(total=Sum("amount"))["total"] == funding_round.hard_cap
    assert hard.count() == sum(isinstance(r, Commitment) for r in results) == 60


def test_simultaneous_co_investment_requests_never_exceed_the_budget() -> None:
    # 0.5 public per private yuan: each round with 1M committed asks the program for 500k;
    # the budget holds 6 of the 30 rounds asking at once, and the seventh gets what is left.
    program = ProgramFactory(budget=Decimal("3200000.00"))
    rounds = []
    for _ in range(30):
        funding_round = FundingRoundFactory(target_amount=Decimal("4000000"))
        deal = agreed_deal(funding_round, amount="1000000")
        commitment_create(
            actor=investor_member(deal), deal=deal, kind=CommitmentKind.HARD, amount="1000000"
        )
        rounds.append(funding_round)
    calls: list[Callable[[], Any]] = [
        partial(
            coinvestment_request,
            actor=member_of(funding_round.venture.organization),
            funding_round=funding_round,
            program=program,
        )
        for funding_round in rounds
    ]
    results = run_at_once(calls)

    assert unexpected(results, ValidationError) == []
    program.refresh_from_db()
    reserved = ProgramReservation.objects.filter(program=program).aggregate(total=Sum("amount"))
    assert program.reserved == reserved["total"] == program.budget
    assert program.committed + program.reserved <= program.budget
    amounts = sorted(
        ProgramReservation.objects.filter(program=program).values_list("amount", flat=True)
    )
    assert amounts.count(Decimal("500000.00")) == 6
    assert Decimal("200000.00") in amounts


def test_a_double_submitted_close_applies_once() -> None:
    program: Program = ProgramFactory(budget=Decimal("5000000.00"))
    funding_round = FundingRoundFactory(
        target_amount=Decimal("3000000"), min_amount=Decimal("500000"),
        pre_money_valuation=Decimal("12000000"),
    )  # fmt: skip
    deals = [agreed_deal(funding_round, amount="500000") for _ in range(3)]
    for deal in deals:
        commitment_create(
            actor=investor_member(deal), deal=deal, kind=CommitmentKind.HARD, amount="500000"
        )
    founder = member_of(funding_round.venture.organization, Role.OWNER)
    coinvestment_request(actor=founder, funding_round=funding_round, program=program)
    admins = [member_of(funding_round.venture.organization, Role.ADMIN) for _ in range(4)]
    results = run_at_once(
        [
            partial(
                round_close,
                actor=admins[i % 4],
                funding_round=FundingRound.objects.get(pk=funding_round.pk),
            )
            for i in range(20)
        ]
    )

    assert unexpected(results) == []
    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.CLOSED
    assert Holding.objects.filter(funding_round=funding_round, program__isnull=True).count() == 3
    assert Holding.objects.filter(funding_round=funding_round, program=program).count() == 1
    program = Program.objects.get(pk=program.pk)
    assert Award.objects.filter(program=program).count() == 1
    assert (program.committed, program.reserved) == (Decimal("750000.00"), 0)
    converted = Commitment.objects.filter(
        funding_round=funding_round, status=CommitmentStatus.CONVERTED
    )
    assert converted.count() == 3
    assert DealEvent.objects.filter(deal__in=deals, to_state=DealState.CLOSED).count() == 3
