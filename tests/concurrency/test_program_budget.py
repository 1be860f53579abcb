"""A program's awards never exceed its budget, however many officers approve at once."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from runway.programs.models import Application, Award
from runway.programs.services import application_approve
from runway.programs.tests.factories import ProgramFactory
from runway.ventures.tests.factories import VentureFactory, member_of
from tests.concurrency.test_invariants import run_at_once

# One xdist worker runs every concurrency test, so their many connections never add up.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("taxonomy"),
    pytest.mark.xdist_group("concurrency"),
]

APPLICATIONS = 40
ASKED = Decimal("50000.00")
BUDGET = Decimal("1000000.00")  # room for 20 of the 40


def test_concurrent_awards_stop_exactly_at_the_budget() -> None:
    program = ProgramFactory(budget=BUDGET)
    officers = [member_of(program.organization) for _ in range(4)]
    applications = [
        Application.objects.create(
            program=program, venture=VentureFactory(), amount=ASKED, currency="CNY"
        )
        for _ in range(APPLICATIONS)
    ]
    # Every application approved, half of them twice by two officers, all at the same moment
    # (60 connections: PostgreSQL allows 100 by default).
    twice = applications + applications[: APPLICATIONS // 2]
    calls: list[Callable[[], Any]] = [
        partial(application_approve, actor=officers[i % 4], application=application)
        for i, application in enumerate(twice)
    ]
    results = run_at_once(calls)

    program.refresh_from_db()
    awarded = Award.objects.filter(program=program).aggregate(total=Sum("amount"))["total"]
    assert program.committed == awarded == BUDGET
    assert Award.objects.filter(program=program).count() == BUDGET / ASKED
    refusals = [result for result in results if isinstance(result, ValidationError)]
    assert len(refusals) == len(calls) - 20
    unexpected = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, ValidationError)
    ]
    assert unexpected == []
