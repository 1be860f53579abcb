"""Notifications to the other side of a listing; written in the transaction of the change they
announce, so a refused change announces nothing. Buyers are named to the venture (they accepted
its NDA); the venture is named to a buyer only once that buyer's NDA let it see the name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from runway.exits.models import Listing, Offer
from runway.notifications.services import notify
from runway.orgs.models import Organization


def _url(listing: Listing) -> str:
    return reverse("exits:listing", args=[listing.pk])


def _offer_params(offer: Offer) -> dict[str, Any]:
    return {
        "code_name": offer.listing.code_name,
        "venture": offer.listing.venture.organization.name,
        "buyer": offer.buyer.name,
        "price": str(offer.price),
        "currency": offer.currency,
    }


def nda_accepted(*, listing: Listing, buyer: Organization, nda_id: int) -> None:
    notify(
        organization=listing.venture.organization,
        verb="exit_nda_accepted",
        key=f"exit-nda:{nda_id}",
        params={"code_name": listing.code_name, "buyer": buyer.name},
        url=_url(listing),
    )


def offer_submitted(*, offer: Offer) -> None:
    notify(
        organization=offer.listing.venture.organization,
        verb="exit_offer_submitted",
        key=f"exit-offer:{offer.pk}:submitted",
        params=_offer_params(offer),
        url=_url(offer.listing) + f"#offer-{offer.pk}",
    )


def offer_withdrawn(*, offer: Offer) -> None:
    notify(
        organization=offer.listing.venture.organization,
        verb="exit_offer_withdrawn",
        key=f"exit-offer:{offer.pk}:withdrawn",
        params=_offer_params(offer),
        url=_url(offer.listing) + f"#offer-{offer.pk}",
    )


def offer_decided(*, offer: Offer, until: dt.datetime | None = None) -> None:
    """To the buyer: its offer was accepted (with exclusivity until `until`), rejected or
    lapsed."""
    params = _offer_params(offer)
    if until is not None:
        params["until"] = until.date().isoformat()
    notify(
        organization=offer.buyer,
        verb=f"exit_offer_{offer.status}",
        key=f"exit-offer:{offer.pk}:{offer.status}",
        params=params,
        url=_url(offer.listing),
    )


def access_ended(*, listing: Listing, organization: Organization, reason: str, event: str) -> None:
    """To a buyer whose NDA access ended: another buyer got exclusivity ("exclusive") or the
    venture withdrew the listing ("withdrawn"); `event` names the occasion (e.g. the accepted
    offer) so each is announced once. The venture stays unnamed: the buyer's access to its name
    is what just ended."""
    notify(
        organization=organization,
        verb="exit_access_ended",
        key=f"exit-access-ended:{listing.pk}:{organization.pk}:{event}",
        params={"code_name": listing.code_name, "reason": reason},
        url=reverse("exits:browse"),
    )


def exclusivity_ended(*, listing: Listing, buyer: Organization, offer_id: int | None) -> None:
    notify(
        organization=buyer,
        verb="exit_exclusivity_ended",
        key=f"exit-exclusivity-ended:{listing.pk}:{offer_id}",
        params={"code_name": listing.code_name, "venture": listing.venture.organization.name},
        url=_url(listing),
    )


def listing_sold(*, listing: Listing, buyer: Organization) -> None:
    notify(
        organization=buyer,
        verb="exit_listing_sold",
        key=f"exit-sold:{listing.pk}",
        params={"code_name": listing.code_name, "venture": listing.venture.organization.name},
        url=_url(listing),
    )
