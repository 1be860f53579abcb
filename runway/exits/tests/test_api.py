"""Exits through the API: the same matrix, anonymity, audit and decisions as the pages."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from runway.api.tests.client import ApiClient
from runway.api.tests.factories import make_token
from runway.exits.models import (
    Listing,
    ListingAccess,
    ListingNda,
    ListingStatus,
    OfferStatus,
)
from runway.exits.tests.factories import (
    buyer,
    offer_from,
    open_listing,
    owner_of,
    venture_with_figures,
    with_nda,
)
from runway.orgs.models import AccessOutcome, Organization, OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found"}


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> Callable[..., ApiClient]:
    def build(organization: Organization, role: str = Role.MEMBER) -> ApiClient:
        token, key = make_token(organization=organization, role=role)
        return ApiClient(key, token)

    return build


def test_the_matrix_of_reads(api: Any) -> None:
    listing = open_listing()
    venture = listing.venture.organization
    under_nda = with_nda(listing, buyer())
    offer = offer_from(under_nda, listing)
    callers = {
        "owner": api(venture, Role.OWNER),
        "viewer": api(venture, Role.VIEWER),
        "buyer_before": api(buyer().organization),
        "buyer_after": api(under_nda.organization, Role.VIEWER),
        "intermediary": api(OrganizationFactory(kind=OrganizationKind.INTERMEDIARY)),
        "other_venture": api(venture_with_figures().organization),
        "anonymous": ApiClient(None),
    }
    paths = {
        "card": f"/exits/listings/{listing.pk}",
        "confidential": f"/exits/listings/{listing.pk}/confidential",
        "offers": f"/exits/listings/{listing.pk}/offers",
        "viewers": f"/exits/listings/{listing.pk}/viewers",
        "rescue": "/exits/rescue",
    }
    expected = {
        "owner": {"card": 200, "confidential": 200, "offers": 200, "viewers": 200, "rescue": 200},
        "viewer": {"card": 200, "confidential": 200, "offers": 200, "viewers": 200, "rescue": 200},
        "buyer_before": {"card": 200, "confidential": 404, "offers": 200, "viewers": 404,
                         "rescue": 404},
        "buyer_after": {"card": 200, "confidential": 200, "offers": 200, "viewers": 404,
                        "rescue": 404},
        "intermediary": {"card": 404, "confidential": 404, "offers": 404, "viewers": 404,
                         "rescue": 404},
        "other_venture": {"card": 404, "confidential": 404, "offers": 404, "viewers": 404,
                          "rescue": 200},
        "anonymous": dict.fromkeys(paths, 401),
    }  # fmt: skip
    seen = {
        who: {name: caller.get(path).status_code for name, path in paths.items()}
        for who, caller in callers.items()
    }
    assert seen == expected
    assert callers["intermediary"].get(paths["card"]).json() == NOT_FOUND
    # A buyer sees only its own offers; the venture sees all.
    assert callers["buyer_before"].get(paths["offers"]).json() == []
    assert [o["id"] for o in callers["buyer_after"].get(paths["offers"]).json()] == [offer.pk]
    assert [o["id"] for o in callers["viewer"].get(paths["offers"]).json()] == [offer.pk]
    # Refused and allowed looks from outside the venture are on record.
    outcomes = list(ListingAccess.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [
        AccessOutcome.DENIED,  # buyer before the NDA
        AccessOutcome.ALLOWED,  # buyer under NDA
        AccessOutcome.DENIED,  # intermediary
        AccessOutcome.DENIED,  # another venture
    ]


def test_the_card_and_the_list_never_name_the_venture(api: Any) -> None:
    listing = open_listing()
    organization = listing.venture.organization
    stranger = api(buyer().organization)
    card = stranger.get(f"/exits/listings/{listing.pk}").json()
    listed = stranger.get("/exits/listings").json()
    assert [item["id"] for item in listed["items"]] == [listing.pk]
    text = json.dumps([card, listed], ensure_ascii=False).lower()
    for secret in (organization.name, organization.slug, "blossom"):
        assert secret.lower() not in text
    assert not {key for key in card if "venture" in key or "organization" in key}
    assert card["code_name"] == listing.code_name
    assert card["figures"]["revenue_band"] == "5m-20m"
    assert card["nda_accepted"] is False


def test_a_venture_lists_and_a_buyer_bids_and_gets_exclusivity(api: Any) -> None:
    venture = venture_with_figures()
    founders = api(venture.organization)
    made = founders.post("/exits/listings", {"summary": "Flowers in a large southern city."})
    assert made.status_code == 201, made.json()
    listing_id = made.json()["id"]
    assert made.json()["status"] == "draft"
    assert made.json()["region"] == "guangdong"
    leaked = founders.patch(f"/exits/listings/{listing_id}", {"summary": venture.website})
    assert leaked.status_code == 422
    assert leaked.json()["detail"][0]["loc"] == ["body", "summary"]
    wrong = founders.patch(f"/exits/listings/{listing_id}", {"sector": "no-such-sector"})
    assert wrong.status_code == 422
    assert founders.post(f"/exits/listings/{listing_id}/publish", {}).json()["status"] == "open"
    again = founders.post(f"/exits/listings/{listing_id}/publish", {})
    assert again.status_code == 422

    partner = buyer()
    token = api(partner.organization)
    nda = token.post(f"/exits/listings/{listing_id}/nda", {})
    assert nda.status_code == 422  # a person accepts, not a token
    person = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert partner.user is not None
    person.force_login(partner.user)
    by_person = person.post(
        f"/api/v1/exits/listings/{listing_id}/nda", content_type="application/json"
    )
    assert by_person.status_code == 200, by_person.json()
    assert ListingNda.objects.get().user == partner.user

    valid_until = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    body = {"price": "880000.00", "currency": "CNY", "structure": "merger",
            "conditions": "Board approval.", "valid_until": valid_until}  # fmt: skip
    float_price = token.post(f"/exits/listings/{listing_id}/offers", {**body, "price": 1.5})
    assert float_price.status_code == 422
    offer = token.post(f"/exits/listings/{listing_id}/offers", body)
    assert offer.status_code == 201, offer.json()
    offer_id = offer.json()["id"]
    assert token.post(f"/exits/offers/{offer_id}/accept", {}).status_code == 404
    viewer = api(venture.organization, Role.VIEWER)
    assert viewer.post(f"/exits/offers/{offer_id}/accept", {}).status_code == 404
    long = founders.post(f"/exits/offers/{offer_id}/accept", {"exclusivity_days": 400})
    assert long.status_code == 422
    accepted = founders.post(f"/exits/offers/{offer_id}/accept", {"exclusivity_days": 14})
    assert accepted.status_code == 200
    assert accepted.json()["status"] == OfferStatus.ACCEPTED
    twice = founders.post(f"/exits/offers/{offer_id}/accept", {"exclusivity_days": 14})
    assert twice.status_code == 422
    listing = Listing.objects.get(pk=listing_id)
    assert listing.status == ListingStatus.EXCLUSIVE
    confidential = token.get(f"/exits/listings/{listing_id}/confidential").json()
    assert confidential["venture"]["organization"]["name"] == venture.organization.name
    assert confidential["venture"]["website"] == venture.website
    assert len(confidential["months"]) == 12
    assert founders.post(f"/exits/listings/{listing_id}/sold", {}).json()["status"] == "sold"


def test_an_ended_access_answers_not_found(api: Any) -> None:
    listing = open_listing()
    owner = owner_of(listing.venture)
    loser = with_nda(listing, buyer())
    winner = with_nda(listing, buyer())
    offer_from(loser, listing, "500000.00")
    won = offer_from(winner, listing, "900000.00")
    founders = api(listing.venture.organization)
    assert founders.post(f"/exits/offers/{won.pk}/accept", {}).status_code == 200
    late = api(loser.organization)
    assert late.get(f"/exits/listings/{listing.pk}").json() == NOT_FOUND
    assert late.get(f"/exits/listings/{listing.pk}/confidential").status_code == 404
    assert late.get("/exits/listings").json()["items"] == []
    assert ListingAccess.objects.filter(
        organization=loser.organization, outcome=AccessOutcome.DENIED
    ).exists()
    assert owner.organization == listing.venture.organization
