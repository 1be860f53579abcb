"""Letters of intent: a buyer under NDA submits or withdraws one; the venture rejects or accepts
one. Accepting gives that buyer exclusivity for a period and ends every other buyer's access:
their NDAs are revoked, their open offers rejected, and each is told.

Each decision locks the listing row first, then moves the offer with a conditional UPDATE from
`submitted`, so of two acceptances at once (or an acceptance and a withdrawal) exactly one
applies; the database's `exits_one_accepted_offer` stands behind it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.engine.money import Currency
from runway.exits.access import ListingPolicy, OfferPolicy, live_nda
from runway.exits.models import Listing, ListingStatus, Offer, OfferStatus, OfferStructure
from runway.exits.services import notices
from runway.exits.services.listings import locked_listing, revoke_ndas
from runway.metrics.figures import CENT, MAX_MONEY
from runway.orgs.access import AccessDenied, Actor

CONDITIONS_MAX = 4000
NOTE_MAX = 2000
MAX_VALIDITY_DAYS = 365
# What the venture may grant: a week to half a year, a month and a half unless it says.
EXCLUSIVITY_DAYS_DEFAULT = 45
EXCLUSIVITY_DAYS_MIN = 7
EXCLUSIVITY_DAYS_MAX = 180


def _offer_errors(
    *, price: Decimal, currency: str, structure: str, conditions: str, valid_until: dt.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not price.is_finite() or price <= 0 or price > MAX_MONEY:
        errors["price"] = _("Enter an amount above zero, up to %(max)s.") % {
            "max": f"{MAX_MONEY:,.2f}"
        }
    elif price != price.quantize(CENT):
        errors["price"] = _("Enter at most two decimal places.")
    if currency not in Currency.__members__:
        errors["currency"] = _("Choose a currency.")
    if structure not in OfferStructure.values:
        errors["structure"] = _("Choose a structure.")
    if len(conditions) > CONDITIONS_MAX:
        errors["conditions"] = _("At most %(max)d characters.") % {"max": CONDITIONS_MAX}
    today = timezone.localdate()
    if valid_until <= today:
        errors["valid_until"] = _("Choose a date after today.")
    elif valid_until > today + dt.timedelta(days=MAX_VALIDITY_DAYS):
        errors["valid_until"] = _("An offer is valid for at most a year.")
    return errors


@transaction.atomic
def offer_submit(
    *,
    actor: Actor,
    listing: Listing,
    price: Decimal,
    currency: str,
    structure: str,
    conditions: str = "",
    valid_until: dt.date,
) -> Offer:
    """The buyer's letter of intent; one open offer per buyer (withdraw it to make another)."""
    if not ListingPolicy.can_view(actor, listing):
        raise AccessDenied
    if not ListingPolicy.can_accept_nda(actor, listing):
        raise AccessDenied
    locked = locked_listing(listing)
    if live_nda(listing=locked, organization_id=actor.organization.pk) is None:
        raise ValidationError(_("Accept the listing's NDA before making an offer."))
    if locked.status != ListingStatus.OPEN:
        raise ValidationError(_("The listing is not open to offers."))
    conditions = conditions.strip()
    errors = _offer_errors(
        price=price, currency=currency, structure=structure, conditions=conditions,
        valid_until=valid_until,
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    already = _("You already have an open offer on this listing; withdraw it to make a new one.")
    if Offer.objects.filter(
        listing=locked, buyer=actor.organization, status=OfferStatus.SUBMITTED
    ).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():
            offer = Offer.objects.create(
                listing=locked,
                buyer=actor.organization,
                price=price,
                currency=currency,
                structure=structure,
                conditions=conditions,
                valid_until=valid_until,
                submitted_by=actor.user,
            )
    except IntegrityError as error:
        raise ValidationError(already) from error
    notices.offer_submitted(offer=offer)
    return offer


def _move(offer: Offer, *, to: str, actor: Actor, note: str = "") -> Offer:
    """submitted -> `to`, only if the offer is still submitted (the caller holds the listing's
    lock); a repeated or raced decision is refused."""
    moved = Offer.objects.filter(pk=offer.pk, status=OfferStatus.SUBMITTED).update(
        status=to, decided_by=actor.user, decided_at=timezone.now(), note=note
    )
    if not moved:
        current = Offer.objects.get(pk=offer.pk).status
        raise ValidationError(
            _("This offer is already %(status)s.") % {"status": OfferStatus(current).label}
        )
    return Offer.objects.select_related("buyer", "listing__venture__organization").get(pk=offer.pk)


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("At most %(max)d characters.") % {"max": NOTE_MAX}})
    return note


@transaction.atomic
def offer_withdraw(*, actor: Actor, offer: Offer) -> Offer:
    if not OfferPolicy.can_withdraw(actor, offer):
        raise AccessDenied
    locked_listing(offer.listing)
    withdrawn = _move(offer, to=OfferStatus.WITHDRAWN, actor=actor)
    notices.offer_withdrawn(offer=withdrawn)
    return withdrawn


@transaction.atomic
def offer_reject(*, actor: Actor, offer: Offer, note: str = "") -> Offer:
    if not OfferPolicy.can_decide(actor, offer):
        raise AccessDenied
    note = _note(note)
    locked_listing(offer.listing)
    rejected = _move(offer, to=OfferStatus.REJECTED, actor=actor, note=note)
    notices.offer_decided(offer=rejected)
    return rejected


@transaction.atomic
def offer_accept(
    *,
    actor: Actor,
    offer: Offer,
    exclusivity_days: int = EXCLUSIVITY_DAYS_DEFAULT,
    note: str = "",
) -> Offer:
    """The venture accepts the letter of intent: the listing becomes exclusive with the buyer
    for `exclusivity_days`; every other buyer's NDA access ends and their open offers are
    rejected."""
    if not OfferPolicy.can_decide(actor, offer):
        raise AccessDenied
    note = _note(note)
    if not EXCLUSIVITY_DAYS_MIN <= exclusivity_days <= EXCLUSIVITY_DAYS_MAX:
        raise ValidationError(
            {
                "exclusivity_days": _("Choose from %(min)d to %(max)d days.")
                % {"min": EXCLUSIVITY_DAYS_MIN, "max": EXCLUSIVITY_DAYS_MAX}
            }
        )
    listing = locked_listing(offer.listing)
    if listing.status != ListingStatus.OPEN:
        raise ValidationError(
            _("The listing is %(status)s: no offer can be accepted now.")
            % {"status": ListingStatus(listing.status).label}
        )
    current = Offer.objects.get(pk=offer.pk)
    if current.status == OfferStatus.SUBMITTED and current.valid_until < timezone.localdate():
        raise ValidationError(
            _("This offer was valid until %(date)s.") % {"date": current.valid_until.isoformat()}
        )
    if live_nda(listing=listing, organization_id=current.buyer_id) is None:
        raise ValidationError(_("The buyer's NDA access has ended; it cannot be accepted."))
    accepted = _move(offer, to=OfferStatus.ACCEPTED, actor=actor, note=note)
    until = timezone.now() + dt.timedelta(days=exclusivity_days)
    listing.status = ListingStatus.EXCLUSIVE
    listing.exclusive_buyer = accepted.buyer
    listing.exclusive_until = until
    listing.save()
    others = Offer.objects.filter(listing=listing, status=OfferStatus.SUBMITTED).exclude(
        buyer_id=accepted.buyer_id
    )
    Offer.objects.filter(pk__in=list(others.values_list("pk", flat=True))).update(
        status=OfferStatus.REJECTED,
        decided_by=actor.user,
        decided_at=timezone.now(),
        note=_("Another buyer was given exclusivity."),
    )
    revoke_ndas(listing, keep=accepted.buyer_id, reason="exclusive", event=f"offer-{accepted.pk}")
    notices.offer_decided(offer=accepted, until=until)
    return accepted
