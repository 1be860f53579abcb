"""A venture's sale listing: created as a draft from its verified figures, edited, published,
made exclusive by an accepted offer (services.offers), then sold, reopened or withdrawn.

Every change locks the listing row and checks the status it found, so a repeated or concurrent
change is refused, never applied twice. The database also refuses a second live listing for a
venture whatever runs at once (`exits_one_live_listing`).
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.exits import adapters
from runway.exits.access import ListingPolicy
from runway.exits.models import (
    LIVE_STATUSES,
    Listing,
    ListingNda,
    ListingStatus,
    Offer,
    OfferStatus,
)
from runway.exits.services import notices
from runway.metrics.figures import CENT, MAX_MONEY
from runway.orgs.access import AccessDenied, Actor
from runway.taxonomy.models import Region, Sector
from runway.ventures.access import VenturePolicy
from runway.ventures.models import Venture

EDITABLE = ("code_name", "summary", "sector", "region", "asking_low", "asking_high")
SUMMARY_MAX = 4000
CODE_WORDS = (
    "Aster", "Birch", "Cedar", "Delta", "Ember", "Fern", "Garnet", "Harbor", "Iris", "Jade",
    "Kestrel", "Lotus", "Maple", "Nova", "Orchid", "Pine", "Quartz", "Reed", "Sable", "Tide",
)  # fmt: skip


def code_name_suggestion() -> str:
    """A neutral code name such as "Lotus 482": nothing in it points at the venture."""
    return f"{secrets.choice(CODE_WORDS)} {secrets.randbelow(900) + 100}"


def regions_allowed(venture: Venture) -> list[Region]:
    """The venture's city and every region above it: a listing may say less, never elsewhere."""
    found: list[Region] = []
    region: Region | None = venture.city
    while region is not None and region not in found:
        found.append(region)
        region = region.parent
    return found


def default_region(venture: Venture) -> Region:
    # The province rather than the city: one step less precise, one step more anonymous.
    regions = regions_allowed(venture)
    return regions[1] if len(regions) > 1 else regions[0]


def identifying_terms(venture: Venture) -> list[str]:
    """What would name the venture: its organization's name and short name, its websites'
    host names."""
    organization = venture.organization
    terms = [organization.name, organization.slug]
    for url in (venture.website, organization.website):
        host = (urlsplit(url).hostname or "") if url else ""
        if host:
            terms.append(host.removeprefix("www."))
    return [term.casefold() for term in terms if len(term.strip()) >= 2]


def _errors_of(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            name: list(ValidationError(items).messages) for name, items in error.error_dict.items()
        }
    return {NON_FIELD_ERRORS: list(error.messages)}


def _validate(listing: Listing, venture: Venture) -> None:
    """Model validation plus the listing's own rules, reported together, field by field."""
    errors: dict[str, list[str]] = {}
    try:
        # The constraints are checked below field by field; the database enforces them too.
        listing.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors.update(_errors_of(error))

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    terms = identifying_terms(venture)
    for name in ("code_name", "summary"):
        text = str(getattr(listing, name) or "").casefold()
        if any(term in text for term in terms):
            add(name, _("Leave out your name and website: buyers see them after the NDA."))
    if not listing.code_name.strip():
        add("code_name", _("Choose a code name."))
    if len(listing.summary) > SUMMARY_MAX:
        add("summary", _("At most %(max)d characters.") % {"max": SUMMARY_MAX})
    if listing.sector_id is not None and listing.sector not in adapters.venture_sectors(venture):
        add("sector", _("Choose one of your venture's sectors."))
    if listing.region_id is not None and listing.region not in regions_allowed(venture):
        add("region", _("Choose your city or a region that contains it."))
    for name in ("asking_low", "asking_high"):
        value: Decimal | None = getattr(listing, name)
        if value is None:
            continue
        if not value.is_finite() or value <= 0 or value > MAX_MONEY:
            add(
                name, _("Enter an amount above zero, up to %(max)s.") % {"max": f"{MAX_MONEY:,.2f}"}
            )
        elif value != value.quantize(CENT):
            add(name, _("Enter at most two decimal places."))
    low, high = listing.asking_low, listing.asking_high
    if low is not None and high is not None and low > high and "asking_high" not in errors:
        add("asking_high", _("The upper end cannot be below the lower end."))
    if errors:
        raise ValidationError(errors)


def _price(listing: Listing, venture: Venture) -> None:
    """The valuation band and the figures as of now, from the venture's verified data."""
    band = adapters.venture_valuation(venture, sector=listing.sector)
    if band is None:
        raise ValidationError(
            _(
                "A listing needs verified net revenue to value the company: import your orders "
                "first."
            )
        )
    figures = adapters.listing_figures(venture)
    listing.currency = band.low.currency.value
    listing.valuation_low = band.low.amount
    listing.valuation_high = band.high.amount
    listing.valuation_basis = band.basis
    listing.metrics = figures.bands
    listing.metrics_detail = figures.detail
    listing.metrics_as_of = figures.as_of


def locked_listing(listing: Listing) -> Listing:
    return (
        Listing.objects.select_for_update(of=("self",))
        .select_related("venture__organization", "venture__city", "sector", "region",
                        "exclusive_buyer")
        .get(pk=listing.pk)
    )  # fmt: skip


def _require_status(listing: Listing, *allowed: str) -> None:
    if listing.status not in allowed:
        raise ValidationError(
            _("The listing is %(status)s; this is no longer possible.")
            % {"status": ListingStatus(listing.status).label}
        )


@transaction.atomic
def listing_create(
    *,
    actor: Actor,
    venture: Venture,
    code_name: str = "",
    summary: str = "",
    sector: Sector | None = None,
    region: Region | None = None,
    asking_low: Decimal | None = None,
    asking_high: Decimal | None = None,
) -> Listing:
    """A draft listing priced from the venture's verified figures; one live listing a venture."""
    if not VenturePolicy.can_edit(actor, venture):
        raise AccessDenied
    # Serializes creations for the venture; the unique constraint backs it up.
    Venture.objects.select_for_update(of=("self",)).filter(pk=venture.pk).first()
    if Listing.objects.filter(venture=venture, status__in=LIVE_STATUSES).exists():
        raise ValidationError(_("Your venture already has a listing in progress."))
    sectors = adapters.venture_sectors(venture)
    listing = Listing(
        venture=venture,
        code_name=code_name.strip() or code_name_suggestion(),
        summary=summary.strip(),
        sector=sector or (sectors[0] if sectors else None),
        region=region or default_region(venture),
        asking_low=asking_low,
        asking_high=asking_high,
        status=ListingStatus.DRAFT,
        created_by=actor.user,
    )
    if listing.sector_id is None:
        raise ValidationError({"sector": _("Choose your venture's sectors first.")})
    _price(listing, venture)
    _validate(listing, venture)
    try:
        with transaction.atomic():
            listing.save()
    except IntegrityError as error:
        raise ValidationError(_("Your venture already has a listing in progress.")) from error
    return listing


@transaction.atomic
def listing_update(*, actor: Actor, listing: Listing, **fields: Any) -> Listing:
    """Changes the listing's words, sector, region or asking range while it is a draft or open;
    a new sector prices it again."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = locked_listing(listing)
    if not ListingPolicy.can_edit(actor, locked):
        raise AccessDenied
    _require_status(locked, ListingStatus.DRAFT, ListingStatus.OPEN)
    sector_changed = "sector" in fields and fields["sector"] != locked.sector
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    if sector_changed and locked.sector in adapters.venture_sectors(locked.venture):
        _price(locked, locked.venture)
    _validate(locked, locked.venture)
    locked.save()
    return locked


@transaction.atomic
def listing_publish(*, actor: Actor, listing: Listing) -> Listing:
    """Draft -> open, with the figures and valuation refreshed: buyers see it from now."""
    locked = locked_listing(listing)
    if not ListingPolicy.can_edit(actor, locked):
        raise AccessDenied
    _require_status(locked, ListingStatus.DRAFT)
    if not locked.summary.strip():
        raise ValidationError({"summary": _("Write the anonymous summary before publishing.")})
    _price(locked, locked.venture)
    _validate(locked, locked.venture)
    locked.status = ListingStatus.OPEN
    locked.published_at = timezone.now()
    locked.save()
    return locked


def revoke_ndas(listing: Listing, *, keep: int | None, reason: str, event: str) -> int:
    """Ends every live NDA of the listing but `keep`'s organization and tells each buyer."""
    ndas = ListingNda.objects.filter(listing=listing, revoked_at__isnull=True).select_related(
        "organization"
    )
    if keep is not None:
        ndas = ndas.exclude(organization_id=keep)
    ended = list(ndas)
    ListingNda.objects.filter(pk__in=[nda.pk for nda in ended]).update(revoked_at=timezone.now())
    for nda in ended:
        notices.access_ended(
            listing=listing, organization=nda.organization, reason=reason, event=event
        )
    return len(ended)


def _reject_open_offers(listing: Listing, *, except_buyer: int | None, note: str) -> list[Offer]:
    offers = Offer.objects.filter(listing=listing, status=OfferStatus.SUBMITTED).select_related(
        "buyer", "listing__venture__organization"
    )
    if except_buyer is not None:
        offers = offers.exclude(buyer_id=except_buyer)
    rejected = list(offers)
    Offer.objects.filter(pk__in=[offer.pk for offer in rejected]).update(
        status=OfferStatus.REJECTED, decided_at=timezone.now(), note=note
    )
    for offer in rejected:
        offer.status = OfferStatus.REJECTED
    return rejected


@transaction.atomic
def listing_withdraw(*, actor: Actor, listing: Listing) -> Listing:
    """The venture takes the listing down: every buyer's access ends, open offers are
    rejected and an accepted one lapses."""
    locked = locked_listing(listing)
    if not ListingPolicy.can_edit(actor, locked):
        raise AccessDenied
    _require_status(locked, *LIVE_STATUSES)
    _reject_open_offers(locked, except_buyer=None, note=_("The listing was withdrawn."))
    Offer.objects.filter(listing=locked, status=OfferStatus.ACCEPTED).update(
        status=OfferStatus.LAPSED, decided_at=timezone.now()
    )
    locked.status = ListingStatus.WITHDRAWN
    locked.closed_at = timezone.now()
    locked.exclusive_until = None
    locked.save()
    revoke_ndas(locked, keep=None, reason="withdrawn", event="withdrawn")
    return locked


def reopen(listing: Listing, *, user: Any) -> Listing:
    """Exclusive -> open (the caller holds the lock): the accepted offer lapses, the buyer keeps
    its NDA, and the others may accept the NDA again."""
    buyer = listing.exclusive_buyer
    accepted = Offer.objects.filter(listing=listing, status=OfferStatus.ACCEPTED).first()
    if accepted is not None:
        Offer.objects.filter(pk=accepted.pk).update(
            status=OfferStatus.LAPSED, decided_at=timezone.now(), decided_by=user
        )
    listing.status = ListingStatus.OPEN
    listing.exclusive_buyer = None
    listing.exclusive_until = None
    listing.save()
    if buyer is not None:
        notices.exclusivity_ended(
            listing=listing, buyer=buyer, offer_id=accepted.pk if accepted else None
        )
    return listing


@transaction.atomic
def listing_end_exclusivity(*, actor: Actor, listing: Listing) -> Listing:
    locked = locked_listing(listing)
    if not ListingPolicy.can_edit(actor, locked):
        raise AccessDenied
    _require_status(locked, ListingStatus.EXCLUSIVE)
    return reopen(locked, user=actor.user)


@transaction.atomic
def listing_mark_sold(*, actor: Actor, listing: Listing) -> Listing:
    """Exclusive -> sold, to the buyer holding exclusivity."""
    locked = locked_listing(listing)
    if not ListingPolicy.can_edit(actor, locked):
        raise AccessDenied
    _require_status(locked, ListingStatus.EXCLUSIVE)
    locked.status = ListingStatus.SOLD
    locked.closed_at = timezone.now()
    locked.save()
    if locked.exclusive_buyer is not None:
        notices.listing_sold(listing=locked, buyer=locked.exclusive_buyer)
    return locked
