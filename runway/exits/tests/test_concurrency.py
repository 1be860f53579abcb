"""Exits invariants when requests arrive at once (PostgreSQL, real row locks): of two
acceptances one wins, an acceptance and a withdrawal never both apply, one listing in progress
per venture, one live NDA per buyer."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from runway.exits.models import Listing, ListingNda, ListingStatus, Offer, OfferStatus
from runway.exits.services.listings import listing_create
from runway.exits.services.ndas import nda_accept
from runway.exits.services.offers import offer_accept, offer_withdraw
from runway.exits.tests.factories import (
    buyer,
    offer_from,
    open_listing,
    owner_of,
    venture_with_figures,
    with_nda,
)
from runway.notifications.models import Notification
from runway.orgs.models import Role
from runway.ventures.tests.factories import member_of
from tests.concurrency.test_invariants import run_at_once

# One xdist worker runs every concurrency test, so their many connections never add up.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("taxonomy"),
    pytest.mark.xdist_group("concurrency"),
]


def test_two_acceptances_at_once_leave_one_exclusive_buyer() -> None:
    listing = open_listing()
    founders = [owner_of(listing.venture, Role.MEMBER) for _ in range(2)]
    first, second = with_nda(listing, buyer()), with_nda(listing, buyer())
    offers = [offer_from(first, listing, "900000.00"), offer_from(second, listing, "950000.00")]
    calls: list[Callable[[], Any]] = [
        partial(offer_accept, actor=founders[i], offer=Offer.objects.get(pk=offers[i].pk))
        for i in range(2)
    ]
    results = run_at_once(calls)

    won = [result for result in results if isinstance(result, Offer)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert (len(won), len(refused)) == (1, 1), results
    listing.refresh_from_db()
    assert listing.status == ListingStatus.EXCLUSIVE
    assert listing.exclusive_buyer_id == won[0].buyer_id
    statuses = dict(Offer.objects.filter(listing=listing).values_list("buyer_id", "status"))
    loser = second if won[0].buyer_id == first.organization.pk else first
    assert statuses == {won[0].buyer_id: OfferStatus.ACCEPTED,
                        loser.organization.pk: OfferStatus.REJECTED}  # fmt: skip
    live = ListingNda.objects.filter(listing=listing, revoked_at__isnull=True)
    assert list(live.values_list("organization_id", flat=True)) == [won[0].buyer_id]
    assert (
        Notification.objects.filter(
            organization=loser.organization, verb="exit_access_ended"
        ).count()
        == 1
    )


def test_the_same_acceptance_ten_times_applies_once() -> None:
    listing = open_listing()
    partner = with_nda(listing, buyer())
    offer = offer_from(partner, listing)
    founder = owner_of(listing.venture)
    results = run_at_once(
        [partial(offer_accept, actor=founder, offer=Offer.objects.get(pk=offer.pk))] * 10
    )
    assert sum(isinstance(result, Offer) for result in results) == 1
    assert sum(isinstance(result, ValidationError) for result in results) == 9
    assert (
        Notification.objects.filter(
            organization=partner.organization, verb="exit_offer_accepted"
        ).count()
        == 1
    )


def test_acceptance_and_withdrawal_at_once_never_both_apply() -> None:
    for _ in range(3):
        listing = open_listing()
        partner = with_nda(listing, buyer())
        offer = offer_from(partner, listing)
        results = run_at_once(
            [
                partial(offer_accept, actor=owner_of(listing.venture), offer=offer),
                partial(offer_withdraw, actor=partner, offer=offer),
            ]
        )
        assert sum(isinstance(result, Offer) for result in results) == 1, results
        offer.refresh_from_db()
        listing.refresh_from_db()
        if offer.status == OfferStatus.ACCEPTED:
            assert listing.status == ListingStatus.EXCLUSIVE
        else:
            assert (offer.status, listing.status) == (OfferStatus.WITHDRAWN, ListingStatus.OPEN)


def test_one_listing_in_progress_and_one_live_nda_whatever_runs_at_once() -> None:
    venture = venture_with_figures()
    founders = [owner_of(venture) for _ in range(5)]
    results = run_at_once(
        [partial(listing_create, actor=actor, venture=venture) for actor in founders]
    )
    assert sum(isinstance(result, Listing) for result in results) == 1, results
    assert Listing.objects.filter(venture=venture).count() == 1

    listing = open_listing()
    partner = buyer()
    colleagues = [partner] + [member_of(partner.organization) for _ in range(4)]
    accepted = run_at_once(
        [partial(nda_accept, actor=actor, listing=listing, ip=None) for actor in colleagues]
    )
    assert all(isinstance(result, ListingNda) for result in accepted), accepted
    assert ListingNda.objects.filter(listing=listing).count() == 1
    assert Notification.objects.filter(verb="exit_nda_accepted").count() == 1
