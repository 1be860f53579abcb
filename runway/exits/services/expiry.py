"""What runs out on its own: offers past their valid-until date lapse, and exclusivity past its
end reopens the listing. Run nightly by `tasks.expire_exits`; safe to run twice."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from runway.exits.models import Listing, ListingStatus, Offer, OfferStatus
from runway.exits.services import notices
from runway.exits.services.listings import locked_listing, reopen


@dataclass(frozen=True)
class Expired:
    offers: int
    exclusivities: int


def exits_expire() -> Expired:
    today = timezone.localdate()
    offers = 0
    for offer_id in Offer.objects.filter(
        status=OfferStatus.SUBMITTED, valid_until__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            moved = Offer.objects.filter(
                pk=offer_id, status=OfferStatus.SUBMITTED, valid_until__lt=today
            ).update(status=OfferStatus.LAPSED, decided_at=timezone.now())
            if moved:
                offers += 1
                lapsed = Offer.objects.select_related(
                    "buyer", "listing__venture__organization"
                ).get(pk=offer_id)
                notices.offer_decided(offer=lapsed)
    exclusivities = 0
    for listing_id in Listing.objects.filter(
        status=ListingStatus.EXCLUSIVE, exclusive_until__lt=timezone.now()
    ).values_list("pk", flat=True):
        with transaction.atomic():
            listing = locked_listing(Listing(pk=listing_id))
            if listing.status == ListingStatus.EXCLUSIVE and (
                listing.exclusive_until is not None and listing.exclusive_until < timezone.now()
            ):
                reopen(listing, user=None)
                exclusivities += 1
    return Expired(offers=offers, exclusivities=exclusivities)
