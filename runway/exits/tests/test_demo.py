"""The demo's exits: the distressed community site with a failed round, a short runway, an open
listing and a strategic buyer's letter of intent; built twice, it is the same; deleted, it is
gone."""

from __future__ import annotations

import pytest

from runway.demo.exits import BUYER, VENTURE, exits_demo_build, exits_demo_delete
from runway.exits.models import Listing, ListingNda, ListingStatus, Offer, OfferStatus
from runway.exits.selectors import rescue_overview
from runway.matching.tests.factories import store_history
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.ventures.models import RoundStatus
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db


def catalogue_organizations() -> None:
    venture = VentureFactory(
        organization=OrganizationFactory(kind=OrganizationKind.VENTURE, slug=VENTURE, name="妈妈圈")
    )
    store_history(venture, months=24)
    member_of(venture.organization, role=Role.OWNER)
    strategic = OrganizationFactory(
        kind=OrganizationKind.INVESTOR, category="strategic", slug=BUYER
    )
    member_of(strategic, role=Role.OWNER)


def test_the_demo_shows_a_venture_in_need_with_an_open_listing_and_one_offer() -> None:
    catalogue_organizations()
    built = exits_demo_build()
    assert built.failed_round is not None
    assert built.failed_round.status == RoundStatus.FAILED
    assert built.listing is not None
    assert built.listing.status == ListingStatus.OPEN
    assert built.offer is not None
    assert built.offer.status == OfferStatus.SUBMITTED
    assert built.listing.valuation_low <= built.offer.price <= built.listing.valuation_high
    overview = rescue_overview(venture=built.listing.venture)
    assert overview.ladder.trigger.reasons == ("round_failed", "runway_short")
    assert overview.ladder.rescue_round.available
    assert overview.ladder.sale.available

    again = exits_demo_build()
    assert (again.listing, again.offer, again.failed_round) == (
        built.listing,
        built.offer,
        built.failed_round,
    )
    assert (Listing.objects.count(), Offer.objects.count(), ListingNda.objects.count()) == (1, 1, 1)

    demo = Organization.objects.filter(slug__in=[VENTURE, BUYER])
    assert exits_demo_delete(demo) == 1
    assert (Listing.objects.count(), Offer.objects.count(), ListingNda.objects.count()) == (0, 0, 0)


def test_without_the_catalogue_nothing_is_made() -> None:
    assert exits_demo_build().listing is None
