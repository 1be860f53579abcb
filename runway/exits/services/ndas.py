"""A buyer's click-through acceptance of a listing's NDA, which opens the confidential part."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from runway.exits.access import ListingPolicy, live_nda
from runway.exits.models import Listing, ListingNda, ListingStatus
from runway.exits.nda import NDA_VERSION
from runway.exits.services import notices
from runway.exits.services.listings import locked_listing
from runway.orgs.access import AccessDenied, Actor


@transaction.atomic
def nda_accept(*, actor: Actor, listing: Listing, ip: str | None) -> ListingNda:
    """The person's acceptance of the current listing NDA for their organization. Accepting
    again while the first acceptance is live returns it; after the access ended (another buyer's
    exclusivity, now over), it is a new acceptance."""
    if not ListingPolicy.can_view(actor, listing):
        raise AccessDenied
    if not ListingPolicy.can_accept_nda(actor, listing):
        raise AccessDenied
    if actor.user is None:
        raise ValidationError(_("A person accepts the NDA, signed in, not an API token."))
    locked = locked_listing(listing)
    if locked.status != ListingStatus.OPEN:
        raise ValidationError(_("The listing is not open to new buyers."))
    current = live_nda(listing=locked, organization_id=actor.organization.pk)
    if current is not None:
        return current
    try:
        with transaction.atomic():
            nda = ListingNda.objects.create(
                listing=locked,
                organization=actor.organization,
                version=NDA_VERSION,
                user=actor.user,
                ip=ip,
            )
    except IntegrityError:
        # Another person of the organization accepted at the same moment: theirs stands.
        existing = live_nda(listing=locked, organization_id=actor.organization.pk)
        if existing is None:
            raise
        return existing
    notices.nda_accepted(listing=locked, buyer=actor.organization, nda_id=nda.pk)
    return nda
