"""One live sponsorship per pair and one answer per proposal, however many requests arrive at
once (PostgreSQL, real connections)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from runway.notifications.models import Notification
from runway.orgs.models import Role
from runway.sponsors.models import Sponsorship, SponsorshipStatus
from runway.sponsors.services import sponsorship_accept, sponsorship_end, sponsorship_propose
from runway.sponsors.tests.factories import make_pair
from runway.ventures.tests.factories import member_of
from tests.concurrency.test_invariants import run_at_once

# One xdist worker runs every concurrency test, so their many connections never add up.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("taxonomy"),
    pytest.mark.xdist_group("concurrency"),
]

REQUESTS = 20


@pytest.fixture(autouse=True)
def _jieba_cache(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.JIEBA_CACHE_DIR = tmp_path_factory.getbasetemp()


def test_proposals_sent_at_once_leave_one_live_sponsorship() -> None:
    pair = make_pair()
    brokers = [member_of(pair.intermediary, Role.MEMBER) for _ in range(5)]
    calls: list[Callable[[], Any]] = [
        partial(sponsorship_propose, actor=brokers[i % len(brokers)], venture=pair.venture)
        for i in range(REQUESTS)
    ]
    results = run_at_once(calls)

    made = [r for r in results if isinstance(r, Sponsorship)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(made) == 1
    assert len(refused) == REQUESTS - 1
    assert all("venture" in error.message_dict for error in refused)
    assert Sponsorship.objects.filter(venture=pair.venture).count() == 1
    assert Notification.objects.filter(organization=pair.venture.organization).count() == 1


def test_an_acceptance_and_a_withdrawal_at_once_leave_one_outcome() -> None:
    pair = make_pair()
    proposal = pair.propose()
    calls: list[Callable[[], Any]] = []
    for i in range(REQUESTS):
        seen = Sponsorship.objects.get(pk=proposal.pk)  # every page showed the proposal
        if i % 2:
            calls.append(partial(sponsorship_accept, actor=pair.founder, sponsorship=seen))
        else:
            calls.append(partial(sponsorship_end, actor=pair.broker, sponsorship=seen))
    results = run_at_once(calls)

    won = [r for r in results if isinstance(r, Sponsorship)]
    assert len(won) == 1
    assert [r for r in results if not isinstance(r, Sponsorship | ValidationError)] == []
    final = Sponsorship.objects.get(pk=proposal.pk)
    assert final.status == won[0].status
    assert final.status in (SponsorshipStatus.ACCEPTED, SponsorshipStatus.ENDED)
    # The proposal's notice, then exactly one for the outcome.
    assert Notification.objects.filter(organization=pair.intermediary).count() == (
        1 if final.status == SponsorshipStatus.ACCEPTED else 0
    )
    assert Notification.objects.filter(organization=pair.venture.organization).count() == (
        2 if final.status == SponsorshipStatus.ENDED else 1
    )
