"""Reads for the rescue ladder, listings, letters of intent and who viewed what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from runway.directory.access import DirectoryPolicy
from runway.engine.financing.rescue import RescueLadder, rescue_ladder
from runway.exits import adapters
from runway.exits.access import is_owner, listing_queryset, live_nda
from runway.exits.models import (
    LIVE_STATUSES,
    Listing,
    ListingAccess,
    ListingNda,
    ListingStatus,
    Offer,
    OfferStatus,
)
from runway.investors.models import LenderGrid
from runway.metrics.models import FinanceSnapshot
from runway.orgs.access import Actor
from runway.orgs.models import AccessOutcome, OrganizationKind
from runway.ventures.models import FundingRound, RoundStatus, Venture

# --- The rescue ladder -------------------------------------------------------------------


@dataclass
class RescueOverview:
    venture: Venture
    ladder: RescueLadder
    snapshot: FinanceSnapshot | None
    failed_round: FundingRound | None
    grids: dict[str, LenderGrid] = field(default_factory=dict)  # by the bridge quotes' key
    open_round: FundingRound | None = None
    listing: Listing | None = None  # the venture's live listing, if any

    @property
    def bridge_rows(self) -> list[tuple[LenderGrid | None, Any]]:
        return [(self.grids.get(q.lender), q) for q in self.ladder.bridge.quotes]


def rescue_overview(*, venture: Venture, today: dt.date | None = None) -> RescueOverview:
    """The ladder from the venture's latest finance snapshot, its latest failed round, every
    lender's indicative advance and its valuation band, in the snapshot's currency (the figures'
    currency when there is no snapshot). Advances and bands in another currency are left out."""
    day = today or timezone.localdate()
    snapshot = adapters.latest_snapshot(venture)
    failed = adapters.latest_failed_round(venture)
    band = adapters.venture_valuation(venture)
    if snapshot is not None:
        currency = snapshot.currency
    else:
        currency = band.low.currency.value if band is not None else "CNY"
    if band is not None and band.low.currency != currency:
        band = None
    quotes, grids = adapters.bridge_quotes(venture=venture, currency=currency, as_of=day)
    ladder = rescue_ladder(
        currency=currency,
        cash=snapshot.cash if snapshot is not None else None,
        monthly_burn=snapshot.monthly_burn if snapshot is not None else None,
        quotes=quotes,
        valuation=band,
        days_since_failure=(day - failed.closes_on).days if failed is not None else None,
    )
    return RescueOverview(
        venture=venture,
        ladder=ladder,
        snapshot=snapshot,
        failed_round=failed,
        grids=grids,
        open_round=venture_open_round(venture=venture),
        listing=live_listing(venture=venture),
    )


def venture_open_round(*, venture: Venture) -> FundingRound | None:
    return (
        FundingRound.objects.filter(venture=venture, status=RoundStatus.OPEN)
        .order_by("-opens_on", "-pk")
        .first()
    )


# --- Listings ----------------------------------------------------------------------------


def live_listing(*, venture: Venture) -> Listing | None:
    return listing_queryset().filter(venture=venture, status__in=LIVE_STATUSES).first()


def listing_list_own(*, venture: Venture) -> QuerySet[Listing]:
    return (
        listing_queryset()
        .filter(venture=venture)
        .annotate(open_offers=Count("offers", filter=Q(offers__status=OfferStatus.SUBMITTED)))
    )


def listing_list_for_buyer(*, actor: Actor) -> QuerySet[Listing]:
    """Open listings, and those exclusive with (or sold to) the actor's organization; each with
    `has_nda` (the organization's NDA is live)."""
    if actor.kind != OrganizationKind.INVESTOR:
        return Listing.objects.none()
    organization = actor.organization
    ndas = ListingNda.objects.filter(
        listing=OuterRef("pk"), organization=organization, revoked_at__isnull=True
    )
    return (
        listing_queryset()
        .filter(
            Q(status=ListingStatus.OPEN)
            | Q(
                status__in=(ListingStatus.EXCLUSIVE, ListingStatus.SOLD),
                exclusive_buyer=organization,
            )
        )
        .exclude(venture__organization=organization)
        .annotate(has_nda=Exists(ndas))
        .order_by("-published_at", "-pk")
    )


def offer_list_for_listing(*, actor: Actor, listing: Listing) -> QuerySet[Offer]:
    """Every offer for the venture; a buyer's own offers for a buyer."""
    offers = Offer.objects.filter(listing=listing).select_related(
        "buyer", "submitted_by", "decided_by"
    )
    if is_owner(actor, listing):
        return offers
    return offers.filter(buyer=actor.organization)


def nda_list(*, listing: Listing) -> QuerySet[ListingNda]:
    return listing.ndas.select_related("organization", "user")


@dataclass(frozen=True)
class ViewerRow:
    organization: str
    person: str
    views: int
    denied: int
    last_at: dt.datetime


def viewer_rows(*, listing: Listing) -> list[ViewerRow]:
    """Who looked at the confidential part (or tried): per organization and person, how often,
    how often refused, and when last; most recent first."""
    rows = (
        ListingAccess.objects.filter(listing=listing)
        .values("organization__name", "user__full_name", "user__email")
        .annotate(
            views=Count("pk", filter=Q(outcome=AccessOutcome.ALLOWED)),
            denied=Count("pk", filter=Q(outcome=AccessOutcome.DENIED)),
            last_at=Max("at"),
        )
        .order_by("-last_at")
    )
    return [
        ViewerRow(
            organization=row["organization__name"] or "",
            person=row["user__full_name"] or row["user__email"] or "",
            views=row["views"],
            denied=row["denied"],
            last_at=row["last_at"],
        )
        for row in rows
    ]


def access_records(*, listing: Listing, limit: int = 200) -> list[ListingAccess]:
    return list(
        ListingAccess.objects.filter(listing=listing).select_related("organization", "user")[:limit]
    )


@dataclass(frozen=True)
class ListingPage:
    """One listing as the actor may see it."""

    listing: Listing
    owner: bool
    confidential: bool  # the actor sees who the venture is and its detailed figures
    nda: ListingNda | None  # the actor organization's live NDA (buyers)
    offers: list[Offer]


def listing_page(*, actor: Actor, listing: Listing) -> ListingPage:
    owner = is_owner(actor, listing)
    nda = None if owner else live_nda(listing=listing, organization_id=actor.organization.pk)
    return ListingPage(
        listing=listing,
        owner=owner,
        confidential=owner or nda is not None,
        nda=nda,
        offers=list(offer_list_for_listing(actor=actor, listing=listing)),
    )


def profile_url(venture: Venture) -> str | None:
    """Where a buyer under NDA reads the venture's public profile: the directory's when it is
    listed there, else the platform's profile page when it is public."""
    if DirectoryPolicy.is_listed(venture):
        return reverse("directory:profile", args=[venture.organization.slug])
    if venture.is_public:
        return reverse("ventures:detail", args=[venture.pk])
    return None


def detail_months(listing: Listing) -> list[dict[str, Any]]:
    """The stored detailed months with their amounts as Decimals, for templates."""
    rows = []
    for month in listing.metrics_detail.get("months", []):
        row = dict(month)
        for name in ("gmv", "net_revenue", "repeat_buyer_rate", "refund_rate"):
            value = row.get(name)
            row[name] = Decimal(value) if value is not None else None
        row["month"] = dt.date.fromisoformat(row["month"])
        rows.append(row)
    return rows
