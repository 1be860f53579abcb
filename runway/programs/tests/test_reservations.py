"""Co-investment reservations against a program's budget: the conditional UPDATEs and the
database's own check, beside awards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from runway.programs.models import Program
from runway.programs.services import budget_release, budget_reserve, reservation_award
from runway.programs.tests.factories import ProgramFactory
from runway.ventures.tests.factories import FundingRoundFactory

pytestmark = pytest.mark.django_db


def test_reserving_stops_at_the_budget_and_releasing_gives_back() -> None:
    program = ProgramFactory(budget=Decimal("1000000"))
    assert budget_reserve(program=program, amount=Decimal("600000")) is True
    assert budget_reserve(program=program, amount=Decimal("400000.01")) is False
    assert budget_reserve(program=program, amount=Decimal("400000")) is True
    program.refresh_from_db()
    assert (program.reserved, program.budget_left) == (Decimal("1000000.00"), Decimal("0.00"))
    budget_release(program=program, amount=Decimal("250000"))
    program.refresh_from_db()
    assert program.budget_left == Decimal("250000.00")


def test_awarded_and_reserved_money_never_pass_the_budget_in_the_database() -> None:
    program = ProgramFactory(budget=Decimal("1000000"))
    budget_reserve(program=program, amount=Decimal("700000"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(committed=Decimal("300000.01"))


def test_a_reservation_becomes_an_award_without_touching_the_rest_of_the_budget() -> None:
    program = ProgramFactory(budget=Decimal("1000000"))
    funding_round = FundingRoundFactory()
    budget_reserve(program=program, amount=Decimal("400000"))
    award = reservation_award(
        program=program,
        venture=funding_round.venture,
        funding_round=funding_round,
        amount=Decimal("400000"),
        private_amount=Decimal("800000"),
        note="Co-investment",
    )
    program.refresh_from_db()
    assert (program.committed, program.reserved) == (Decimal("400000.00"), Decimal("0.00"))
    assert award.application.funding_round == funding_round
    with pytest.raises(ValueError, match="positive"):
        budget_reserve(program=program, amount=Decimal(0))
