"""A venture with verified figures, its listings in any status, buyers with or without the
listing's NDA, and their offers."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from runway.exits.models import Listing, ListingStatus, Offer
from runway.exits.services.listings import listing_create, listing_publish
from runway.exits.services.ndas import nda_accept
from runway.exits.services.offers import offer_submit
from runway.matching.tests.factories import store_history
from runway.orgs.access import Actor
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory, member_of

NUMBERS = itertools.count(1)
SUMMARY = "A community of young parents with group buys of baby products; we sell to focus."


def venture_with_figures(name: str = "", slug: str = "", **fields: object) -> Venture:
    """A public venture (flowers, Shenzhen) with two years of verified monthly figures."""
    number = next(NUMBERS)
    organization = OrganizationFactory(
        kind=OrganizationKind.VENTURE,
        name=name or f"Flowerco {number}",
        slug=slug or f"flowerco-{number}",
        website="https://www.blossom-express.cn",
    )
    venture = VentureFactory(
        organization=organization, website="https://blossom.example.cn", **fields
    )
    store_history(venture, months=24)
    return venture


def owner_of(venture: Venture, role: str = Role.OWNER) -> Actor:
    return member_of(venture.organization, role=role)


def buyer(role: str = Role.MEMBER, category: str = "strategic") -> Actor:
    organization = OrganizationFactory(kind=OrganizationKind.INVESTOR, category=category)
    return member_of(organization, role=role)


def draft_listing(venture: Venture | None = None, **fields: object) -> Listing:
    venture = venture or venture_with_figures()
    fields.setdefault("summary", SUMMARY)
    return listing_create(actor=owner_of(venture), venture=venture, **fields)  # type: ignore[arg-type]


def open_listing(venture: Venture | None = None, **fields: object) -> Listing:
    listing = draft_listing(venture, **fields)
    return listing_publish(actor=owner_of(listing.venture), listing=listing)


def with_nda(listing: Listing, actor: Actor) -> Actor:
    nda_accept(actor=actor, listing=listing, ip="203.0.113.7")
    return actor


def offer_from(actor: Actor, listing: Listing, price: str = "900000.00") -> Offer:
    return offer_submit(
        actor=actor,
        listing=listing,
        price=Decimal(price),
        currency="CNY",
        structure="share_purchase",
        conditions="Four weeks of diligence.",
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )


def listing_in(status: str) -> Listing:
    """A listing put straight into `status` (for access checks), exclusive with a fresh buyer."""
    listing = open_listing()
    if status in (ListingStatus.EXCLUSIVE, ListingStatus.SOLD):
        Listing.objects.filter(pk=listing.pk).update(
            status=status,
            exclusive_buyer=OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc"),
            exclusive_until=timezone.now() + dt.timedelta(days=30),
        )
    else:
        Listing.objects.filter(pk=listing.pk).update(status=status)
    listing.refresh_from_db()
    return listing
