"""Opening a listing's confidential part (who the venture is, its detailed figures): allowed or
refused, anyone outside the venture leaves a ListingAccess record.

The record is written in its own transaction before the caller learns the answer, so a refused
attempt is on record even though the caller only learns "not found".
"""

from __future__ import annotations

from django.db import transaction

from runway.exits.access import ListingPolicy, is_owner, listing_queryset
from runway.exits.models import Listing, ListingAccess
from runway.orgs.access import AccessDenied, Actor


def listing_confidential_open(
    *, actor: Actor, listing_id: int, ip: str | None, user_agent: str = ""
) -> Listing:
    """The listing if the actor may see its confidential part; AccessDenied otherwise (missing
    or refused). The venture's own members are not recorded: the record is of outsiders."""
    listing = listing_queryset().filter(pk=listing_id).first()
    if listing is None:
        raise AccessDenied
    allowed = ListingPolicy.can_see_confidential(actor, listing)
    if not is_owner(actor, listing):
        with transaction.atomic():
            ListingAccess.record(
                actor=actor, allowed=allowed, ip=ip, user_agent=user_agent, listing=listing
            )
    if not allowed:
        raise AccessDenied
    return listing
