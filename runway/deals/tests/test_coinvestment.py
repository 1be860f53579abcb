"""Government co-investment in a round: eligibility, the reservation following the hard
commitments within ratio, caps and budget, and the budget shared with awards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from runway.deals.models import ProgramReservation, ReservationStatus
from runway.deals.services.commitments import (
    coinvestment_candidates,
    coinvestment_request,
    commitment_create,
)
from runway.deals.tests.factories import agreed_deal, investor_member
from runway.notifications.models import Notification
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import Role
from runway.programs.models import Application, Program, ProgramKind, ProgramStatus
from runway.programs.services import application_approve, program_update
from runway.programs.tests.factories import CO_INVESTMENT_PARAMS, ProgramFactory
from runway.taxonomy.models import Instrument
from runway.ventures.models import FundingRound, RoundStatus
from runway.ventures.services import round_update
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db


def founder(funding_round: FundingRound, role: str = Role.MEMBER) -> Actor:
    return member_of(funding_round.venture.organization, role)


def hard(funding_round: FundingRound, amount: str) -> None:
    deal = agreed_deal(funding_round, amount=amount)
    commitment_create(actor=investor_member(deal), deal=deal, kind="hard", amount=amount)


def reserved(program: Program) -> Decimal:
    amount: Decimal = Program.objects.get(pk=program.pk).reserved
    return amount


def test_the_reservation_follows_the_hard_commitments_within_the_programs_limits() -> None:
    # 0.5 public per private yuan, at most 30% of the round, at most 2M per venture.
    program = ProgramFactory()
    funding_round = FundingRoundFactory(target_amount=Decimal("4000000"))
    reservation = coinvestment_request(
        actor=founder(funding_round), funding_round=funding_round, program=program
    )
    assert (reservation.amount, reservation.status) == (Decimal("0.00"), ReservationStatus.ACTIVE)
    hard(funding_round, "1000000")
    assert reserved(program) == Decimal("500000.00")  # the ratio
    hard(funding_round, "1000000")
    assert reserved(program) == Decimal("1000000.00")
    hard(funding_round, "1000000")
    assert reserved(program) == Decimal("1200000.00")  # 30% of the target
    reservation.refresh_from_db()
    assert reservation.amount == reserved(program)
    note = Notification.objects.get(organization=program.organization)
    assert note.verb == "coinvestment_requested"


def test_the_reservation_never_exceeds_the_budget_left() -> None:
    program = ProgramFactory(budget=Decimal("700000"))
    other = FundingRoundFactory()
    hard(other, "1000000")
    coinvestment_request(actor=founder(other), funding_round=other, program=program)
    assert reserved(program) == Decimal("500000.00")
    funding_round = FundingRoundFactory()
    hard(funding_round, "1000000")
    reservation = coinvestment_request(
        actor=founder(funding_round), funding_round=funding_round, program=program
    )
    assert reservation.amount == Decimal("200000.00")
    program.refresh_from_db()
    assert program.reserved == program.budget
    assert program.budget_left == 0


def test_the_cap_per_venture_counts_awards_and_other_rounds() -> None:
    program = ProgramFactory(params={**CO_INVESTMENT_PARAMS, "cap_per_venture": "600000"})
    venture = VentureFactory()
    first = FundingRoundFactory(venture=venture, target_amount=Decimal("10000000"))
    second = FundingRoundFactory(venture=venture, target_amount=Decimal("10000000"))
    hard(first, "1000000")
    hard(second, "1000000")
    coinvestment_request(actor=founder(first), funding_round=first, program=program)
    taken = coinvestment_request(actor=founder(second), funding_round=second, program=program)
    assert taken.amount == Decimal("100000.00")  # 600k for the venture, 500k already in the first
    assert reserved(program) == Decimal("600000.00")


def test_awards_and_reservations_share_the_budget() -> None:
    program = ProgramFactory(budget=Decimal("1000000"))
    funding_round = FundingRoundFactory()
    hard(funding_round, "1000000")
    coinvestment_request(actor=founder(funding_round), funding_round=funding_round, program=program)
    application = Application.objects.create(
        program=program, venture=VentureFactory(), amount=Decimal("600000"), currency="CNY"
    )
    officer = member_of(program.organization)
    with pytest.raises(ValidationError, match=r"500,000\.00 CNY of the budget is left"):
        application_approve(actor=officer, application=application)
    award = application_approve(actor=officer, application=application, amount=Decimal("500000"))
    program.refresh_from_db()
    assert (program.committed, program.reserved, program.budget_left) == (
        award.amount,
        Decimal("500000.00"),
        Decimal("0.00"),
    )
    with pytest.raises(ValidationError) as caught:
        program_update(actor=officer, program=program, budget=Decimal("900000"))
    assert "budget" in caught.value.message_dict


def test_a_lower_target_gives_back_what_the_share_of_round_no_longer_allows() -> None:
    program = ProgramFactory()
    funding_round = FundingRoundFactory(target_amount=Decimal("4000000"))
    hard(funding_round, "3000000")
    coinvestment_request(actor=founder(funding_round), funding_round=funding_round, program=program)
    assert reserved(program) == Decimal("1200000.00")
    round_update(
        actor=founder(funding_round), funding_round=funding_round, target_amount=Decimal("3000000")
    )
    assert reserved(program) == Decimal("900000.00")


@pytest.mark.parametrize(
    ("program_fields", "round_fields", "reason"),
    [
        ({"currency": "USD", "params": {"currency": "USD", "ratio_public_to_private": "1",
                                        "max_share_of_round": "0.3", "cap_per_venture": "1"}},
         {}, "invests in USD only"),
        ({}, {"instrument": "term-loan"}, "equity rounds only"),
        ({"rules": {"sectors": ["fintech"]}}, {}, "Sector"),
        ({"status": ProgramStatus.CLOSED}, {}, "does not take new rounds"),
        ({"kind": ProgramKind.GRANT, "params": {"currency": "CNY", "amount_cap": "100000"}},
         {}, "does not co-invest"),
    ],
)  # fmt: skip
def test_a_program_the_round_does_not_qualify_for_is_refused_with_its_reasons(
    program_fields: dict[str, object], round_fields: dict[str, object], reason: str
) -> None:
    program = ProgramFactory(**program_fields)
    if "instrument" in round_fields:
        round_fields = {"instrument": Instrument.objects.get(code=str(round_fields["instrument"]))}
    funding_round = FundingRoundFactory(**round_fields)
    with pytest.raises(ValidationError) as caught:
        coinvestment_request(
            actor=founder(funding_round), funding_round=funding_round, program=program
        )
    assert any(reason in message for message in caught.value.message_dict["program"])
    assert not ProgramReservation.objects.exists()


def test_a_program_joins_a_round_once() -> None:
    program = ProgramFactory()
    funding_round = FundingRoundFactory()
    actor = founder(funding_round)
    coinvestment_request(actor=actor, funding_round=funding_round, program=program)
    with pytest.raises(ValidationError, match="already in the round"):
        coinvestment_request(actor=actor, funding_round=funding_round, program=program)
    assert [p for p, _reasons in coinvestment_candidates(funding_round=funding_round)] == []


def test_only_the_ventures_members_ask_and_only_for_an_open_round() -> None:
    program = ProgramFactory()
    funding_round = FundingRoundFactory()
    deal = agreed_deal(funding_round)
    for actor in (
        founder(funding_round, Role.VIEWER),
        investor_member(deal),
        member_of(program.organization),
    ):
        with pytest.raises(AccessDenied):
            coinvestment_request(actor=actor, funding_round=funding_round, program=program)
    draft = FundingRoundFactory(status=RoundStatus.DRAFT)
    with pytest.raises(ValidationError, match="open round"):
        coinvestment_request(actor=founder(draft), funding_round=draft, program=program)
    assert not ProgramReservation.objects.exists()
