"""Invariants that must hold when many requests arrive at once (PostgreSQL, real row locks)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from runway.orgs.access import Actor
from runway.orgs.models import Membership, OrganizationKind, Role
from runway.orgs.services import membership_remove, membership_set_role
from runway.orgs.tests.factories import MembershipFactory, OrganizationFactory
from runway.ventures.models import FundingRound, RoundStatus
from runway.ventures.services import round_update
from runway.ventures.tests.factories import FundingRoundFactory

# One xdist worker runs every concurrency test, so their many connections never add up.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("taxonomy"),
    pytest.mark.xdist_group("concurrency"),
]


def _backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity")
        return int(cursor.fetchone()[0])


def _wait_for_backends(at_most: int) -> None:
    """PostgreSQL ends a closed connection's backend a moment after the client goes: wait for
    them, or the next test's 200 connections would find the server still full."""
    deadline = time.monotonic() + 15
    while _backends() > at_most and time.monotonic() < deadline:
        time.sleep(0.05)


def run_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Runs every call in its own thread and connection, released together by a barrier, in the
    calling thread's language (a new thread starts in the default one)."""
    before = _backends() if connection.vendor == "postgresql" else 0
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    language = translation.get_language()

    def run(index: int, call: Callable[[], Any]) -> None:
        translation.activate(language)
        barrier.wait()
        try:
            results[index] = call()
        except (ValidationError, Exception) as error:  # noqa: BLE001 - the outcome is the result
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if connection.vendor == "postgresql":
        _wait_for_backends(at_most=before + 10)  # the other test worker may open a few
    return results


def test_owners_demoting_each_other_at_once_leave_one_owner() -> None:
    organization = OrganizationFactory(kind=OrganizationKind.VENTURE)
    owners = [MembershipFactory(organization=organization, role=Role.OWNER) for _ in range(4)]
    actors = [Actor(organization=organization, role=Role.OWNER, user=m.user) for m in owners]
    # Each owner demotes the next one, all at the same moment.
    calls: list[Callable[[], Any]] = [
        partial(membership_set_role, actor=actor, membership=owners[(i + 1) % 4], role=Role.MEMBER)
        for i, actor in enumerate(actors)
    ]
    results = run_at_once(calls)
    remaining = Membership.objects.filter(organization=organization, role=Role.OWNER).count()
    assert remaining == 1
    assert sum(isinstance(result, ValidationError) for result in results) == 1


def test_removing_owners_at_once_never_empties_the_organization() -> None:
    organization = OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc")
    owners = [MembershipFactory(organization=organization, role=Role.OWNER) for _ in range(3)]
    actor = Actor(organization=organization, role=Role.OWNER, user=owners[0].user)
    results = run_at_once([partial(membership_remove, actor=actor, membership=m) for m in owners])
    assert Membership.objects.filter(organization=organization, role=Role.OWNER).count() == 1
    assert sum(isinstance(result, ValidationError) for result in results) == 1


def test_a_round_takes_exactly_one_of_two_conflicting_transitions() -> None:
    funding_round = FundingRoundFactory(status=RoundStatus.OPEN)
    member = MembershipFactory(organization=funding_round.venture.organization, role=Role.MEMBER)
    actor = Actor(organization=member.organization, role=Role.MEMBER, user=member.user)
    wanted = [RoundStatus.CLOSED, RoundStatus.CANCELLED] * 4
    results = run_at_once(
        [partial(round_update, actor=actor, funding_round=funding_round, status=s) for s in wanted]
    )
    # The first transition wins; repeating it is harmless, the conflicting one is refused.
    won = {result.status for result in results if isinstance(result, FundingRound)}
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(won) == 1
    assert len(refused) == 4
    funding_round.refresh_from_db()
    assert funding_round.status == won.pop()
