"""Who may see and act on sale listings and letters of intent.

A listing belongs to its venture: the venture's members see all of it (viewers read, members and
up act). Buyers are investor organizations. Any of them sees an open listing's anonymous card;
only a buyer whose organization holds a live NDA acceptance sees the confidential part (who the
venture is, its detailed figures). Once the listing is exclusive or sold, it is seen only by the
buyer it is exclusive with. Drafts and withdrawn listings stay with the venture. Platform staff
are not shown listings here (the admin is theirs): a sale is confidential between the two sides.

An offer is seen by its buyer and by the listing's venture, nobody else.
"""

from __future__ import annotations

from django.db.models import QuerySet

from runway.exits.models import Listing, ListingNda, ListingStatus, Offer
from runway.orgs.access import AccessDenied, Actor, Need, authorize, authorized_by_id
from runway.orgs.models import OrganizationKind


def is_owner(actor: Actor, listing: Listing) -> bool:
    return actor.acts_for(listing.venture.organization_id)


def is_buyer_kind(actor: Actor) -> bool:
    return actor.kind == OrganizationKind.INVESTOR


def live_nda(*, listing: Listing, organization_id: int) -> ListingNda | None:
    return ListingNda.objects.filter(
        listing=listing, organization_id=organization_id, revoked_at__isnull=True
    ).first()


class ListingPolicy:
    @staticmethod
    def can_view(actor: Actor, listing: Listing) -> bool:
        """The anonymous card (or everything, for the venture's own members)."""
        if is_owner(actor, listing):
            return actor.can(Need.VIEW)
        if not is_buyer_kind(actor):
            return False
        if listing.status == ListingStatus.OPEN:
            return True
        if listing.status in (ListingStatus.EXCLUSIVE, ListingStatus.SOLD):
            return listing.exclusive_buyer_id == actor.organization.pk
        return False

    @staticmethod
    def can_edit(actor: Actor, listing: Listing) -> bool:
        """Changing the listing and deciding on offers: the venture's members and up."""
        return is_owner(actor, listing) and actor.can(Need.EDIT)

    @staticmethod
    def can_see_confidential(actor: Actor, listing: Listing) -> bool:
        """Who the venture is and its detailed figures."""
        if is_owner(actor, listing):
            return actor.can(Need.VIEW)
        return ListingPolicy.can_view(actor, listing) and (
            live_nda(listing=listing, organization_id=actor.organization.pk) is not None
        )

    @staticmethod
    def can_accept_nda(actor: Actor, listing: Listing) -> bool:
        return (
            not is_owner(actor, listing)
            and is_buyer_kind(actor)
            and actor.can(Need.EDIT)
            and listing.status == ListingStatus.OPEN
        )

    @staticmethod
    def can_bid(actor: Actor, listing: Listing) -> bool:
        return ListingPolicy.can_accept_nda(actor, listing) and (
            live_nda(listing=listing, organization_id=actor.organization.pk) is not None
        )


class OfferPolicy:
    @staticmethod
    def is_buyer(actor: Actor, offer: Offer) -> bool:
        return actor.acts_for(offer.buyer_id)

    @staticmethod
    def can_view(actor: Actor, offer: Offer) -> bool:
        if is_owner(actor, offer.listing) or OfferPolicy.is_buyer(actor, offer):
            return actor.can(Need.VIEW)
        return False

    @staticmethod
    def can_edit(actor: Actor, offer: Offer) -> bool:
        return OfferPolicy.can_view(actor, offer) and actor.can(Need.EDIT)

    @staticmethod
    def can_decide(actor: Actor, offer: Offer) -> bool:
        """Accepting or declining: the listing's venture, members and up."""
        return is_owner(actor, offer.listing) and actor.can(Need.EDIT)

    @staticmethod
    def can_withdraw(actor: Actor, offer: Offer) -> bool:
        return OfferPolicy.is_buyer(actor, offer) and actor.can(Need.EDIT)


def listing_queryset() -> QuerySet[Listing]:
    return Listing.objects.select_related(
        "venture__organization", "sector", "region", "exclusive_buyer"
    )


def access_listing_by_id(*, actor: Actor, listing_id: int, need: Need) -> Listing:
    """The listing if the actor may `need` it (VIEW: the card; more: the venture's own
    decisions); AccessDenied alike when it is missing or not allowed."""
    listing = listing_queryset().filter(pk=listing_id).first()
    if listing is None:
        raise AccessDenied
    authorize(ListingPolicy, actor, listing, need)
    return listing


def access_offer_by_id(*, actor: Actor, offer_id: int, need: Need) -> Offer:
    return authorized_by_id(
        Offer.objects.select_related(
            "buyer", "listing__venture__organization", "listing__exclusive_buyer"
        ),
        offer_id,
        policy=OfferPolicy,
        actor=actor,
        need=need,
    )
