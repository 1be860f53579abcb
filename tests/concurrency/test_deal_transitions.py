"""A deal never repeats a transition, and term-sheet versions never collide, however many
requests arrive at once."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from runway.deals.models import AccessGrant, Deal, DealEvent, DealState, TermSheet, TermSheetStatus
from runway.deals.services.deals import deal_transition
from runway.deals.services.term_sheets import term_sheet_offer
from runway.deals.tests.factories import DealFactory
from runway.notifications.models import Notification
from runway.ventures.tests.factories import member_of
from tests.concurrency.test_invariants import run_at_once

# One xdist worker runs every concurrency test, so their many connections never add up.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("taxonomy"),
    pytest.mark.xdist_group("concurrency"),
]

REQUESTS = 50  # connections at once: PostgreSQL allows 100 by default


def test_fifty_identical_acceptances_apply_exactly_once() -> None:
    deal = DealFactory(state=DealState.INTRO_REQUESTED)
    founders = [member_of(deal.funding_round.venture.organization) for _ in range(5)]
    # Every request saw the deal waiting for an answer, as fifty open pages would.
    calls: list[Callable[[], Any]] = [
        partial(
            deal_transition,
            actor=founders[i % len(founders)],
            deal=Deal.objects.get(pk=deal.pk),
            to=DealState.INTRO_ACCEPTED,
        )
        for i in range(REQUESTS)
    ]
    results = run_at_once(calls)

    applied = [result for result in results if isinstance(result, Deal)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(applied) == 1
    assert len(refused) == REQUESTS - 1
    assert [r for r in results if not isinstance(r, Deal | ValidationError)] == []
    assert Deal.objects.get(pk=deal.pk).state == DealState.INTRO_ACCEPTED
    assert DealEvent.objects.filter(deal=deal).count() == 1
    assert AccessGrant.objects.filter(deal=deal).count() == 1
    assert Notification.objects.filter(organization=deal.investor).count() == 1


def test_conflicting_answers_at_once_leave_one() -> None:
    deal = DealFactory(state=DealState.INTRO_REQUESTED)
    founder = member_of(deal.funding_round.venture.organization)
    wanted = [DealState.INTRO_ACCEPTED, DealState.INTRO_DECLINED, DealState.WITHDRAWN] * 10
    results = run_at_once(
        [
            partial(deal_transition, actor=founder, deal=Deal.objects.get(pk=deal.pk), to=to)
            for to in wanted
        ]
    )
    won = [result for result in results if isinstance(result, Deal)]
    assert len(won) == 1
    events = list(DealEvent.objects.filter(deal=deal))
    assert [(e.from_state, e.to_state) for e in events] == [
        (DealState.INTRO_REQUESTED, won[0].state)
    ]


def test_offers_at_once_get_consecutive_versions_and_one_stays_open() -> None:
    deal = DealFactory(state=DealState.TERM_SHEET)
    partner = member_of(deal.investor)
    terms = {"amount": "1000000", "rate": "6", "term_months": 24}
    results = run_at_once(
        [
            partial(term_sheet_offer, actor=partner, deal=deal, kind="loan", terms=terms)
            for _ in range(20)
        ]
    )
    assert all(isinstance(result, TermSheet) for result in results), results
    sheets = TermSheet.objects.filter(deal=deal)
    assert sorted(sheets.values_list("version", flat=True)) == list(range(1, 21))
    assert sheets.filter(status=TermSheetStatus.OFFERED).count() == 1
