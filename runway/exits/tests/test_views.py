"""Exits pages: the authorization matrix over every page (venture owner, member and viewer;
buyer before and after the NDA; buyer whose access ended; another investor; an intermediary;
anonymous), the audit of the confidential part, anonymity, and the pages' own flows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runway.exits.models import (
    Listing,
    ListingAccess,
    ListingNda,
    ListingStatus,
    Offer,
    OfferStatus,
)
from runway.exits.services.offers import offer_accept
from runway.exits.tests.factories import (
    buyer,
    offer_from,
    open_listing,
    owner_of,
    venture_with_figures,
    with_nda,
)
from runway.orgs.access import Actor
from runway.orgs.models import AccessOutcome, OrganizationKind, Role
from runway.orgs.tests.factories import make_actor

pytestmark = pytest.mark.django_db


@dataclass
class World:
    listing: Listing
    actors: dict[str, Actor]
    offer: Offer  # from the buyer under NDA


def world() -> World:
    listing = open_listing()
    actors = {
        "owner": owner_of(listing.venture, Role.OWNER),
        "member": owner_of(listing.venture, Role.MEMBER),
        "viewer": owner_of(listing.venture, Role.VIEWER),
        "buyer_before": buyer(),
        "buyer_after": with_nda(listing, buyer()),
        "intermediary": make_actor(kind=OrganizationKind.INTERMEDIARY, role=Role.OWNER),
        "other_venture": owner_of(venture_with_figures()),
    }
    offer = offer_from(actors["buyer_after"], listing)
    return World(listing, actors, offer)


def client(client_for: Any, actor: Actor | None) -> Client:
    return Client() if actor is None else client_for(actor)


ROLES = ("owner", "member", "viewer", "buyer_before", "buyer_after", "intermediary",
         "other_venture", "anonymous")  # fmt: skip

# Expected status per page and role; 302 for anonymous is the login redirect.
GET_MATRIX: dict[str, dict[str, int]] = {
    "listing": {"owner": 200, "member": 200, "viewer": 200, "buyer_before": 200,
                "buyer_after": 200, "intermediary": 404, "other_venture": 404, "anonymous": 302},
    "confidential": {"owner": 200, "member": 200, "viewer": 200, "buyer_before": 404,
                     "buyer_after": 200, "intermediary": 404, "other_venture": 404,
                     "anonymous": 302},
    "nda": {"owner": 404, "member": 404, "viewer": 404, "buyer_before": 200, "buyer_after": 200,
            "intermediary": 404, "other_venture": 404, "anonymous": 302},
    "offer_new": {"owner": 404, "member": 404, "viewer": 404, "buyer_before": 404,
                  "buyer_after": 200, "intermediary": 404, "other_venture": 404,
                  "anonymous": 302},
    "listing_edit": {"owner": 200, "member": 200, "viewer": 404, "buyer_before": 404,
                     "buyer_after": 404, "intermediary": 404, "other_venture": 404,
                     "anonymous": 302},
}  # fmt: skip
PLAIN_PAGES: dict[str, dict[str, int]] = {
    "mine": {"owner": 200, "member": 200, "viewer": 200, "buyer_before": 404,
             "buyer_after": 404, "intermediary": 404, "other_venture": 200, "anonymous": 302},
    "browse": {"owner": 404, "member": 404, "viewer": 404, "buyer_before": 200,
               "buyer_after": 200, "intermediary": 404, "other_venture": 404, "anonymous": 302},
    "rescue": {"owner": 200, "member": 200, "viewer": 200, "buyer_before": 404,
               "buyer_after": 404, "intermediary": 404, "other_venture": 200, "anonymous": 302},
    "listing_new": {"owner": 302, "member": 302, "viewer": 404, "buyer_before": 404,
                    "buyer_after": 404, "intermediary": 404, "other_venture": 200,
                    "anonymous": 302},
}  # fmt: skip


def test_every_page_answers_each_role_as_the_matrix_says(client_for: Any) -> None:
    w = world()
    seen: dict[tuple[str, str], int] = {}
    for role in ROLES:
        browser = client(client_for, w.actors.get(role))
        for name in GET_MATRIX:
            url = reverse(f"exits:{name}", args=[w.listing.pk])
            seen[(name, role)] = browser.get(url).status_code
        for name in PLAIN_PAGES:
            seen[(name, role)] = browser.get(reverse(f"exits:{name}")).status_code
    expected = {
        (name, role): status
        for matrix in (GET_MATRIX, PLAIN_PAGES)
        for name, row in matrix.items()
        for role, status in row.items()
    }
    assert seen == expected


def test_anonymous_visitors_are_sent_to_sign_in(client_for: Any) -> None:
    w = world()
    response = Client().get(reverse("exits:confidential", args=[w.listing.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not ListingAccess.objects.exists()


def test_every_look_at_the_confidential_part_from_outside_is_recorded(client_for: Any) -> None:
    w = world()
    url = reverse("exits:confidential", args=[w.listing.pk])
    for role in ("owner", "viewer", "buyer_before", "buyer_after", "buyer_after", "intermediary"):
        client(client_for, w.actors[role]).get(url, REMOTE_ADDR="198.51.100.4")
    records = list(ListingAccess.objects.order_by("pk"))
    assert [(r.organization_id, r.outcome) for r in records] == [
        (w.actors["buyer_before"].organization.pk, AccessOutcome.DENIED),
        (w.actors["buyer_after"].organization.pk, AccessOutcome.ALLOWED),
        (w.actors["buyer_after"].organization.pk, AccessOutcome.ALLOWED),
        (w.actors["intermediary"].organization.pk, AccessOutcome.DENIED),
    ]
    assert {r.ip for r in records} == {"198.51.100.4"}
    assert records[1].user == w.actors["buyer_after"].user
    # The venture sees who looked.
    page = client_for(w.actors["viewer"]).get(reverse("exits:listing", args=[w.listing.pk]))
    viewers = page.context["viewers"]
    assert [(v.organization, v.views, v.denied) for v in viewers] == [
        (w.actors["intermediary"].organization.name, 0, 1),
        (w.actors["buyer_after"].organization.name, 2, 0),
        (w.actors["buyer_before"].organization.name, 0, 1),
    ]


def test_the_anonymous_card_never_names_the_venture(client_for: Any) -> None:
    w = world()
    venture = w.listing.venture
    secrets = [venture.organization.name, venture.organization.slug, "blossom", venture.website]
    looker = client_for(w.actors["buyer_before"])
    pages = [
        looker.get(reverse("exits:listing", args=[w.listing.pk])),
        looker.get(reverse("exits:browse")),
        looker.get(reverse("exits:nda", args=[w.listing.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode().lower()
        assert w.listing.code_name.lower() in html
        for secret in secrets:
            assert secret.lower() not in html
    confidential = client_for(w.actors["buyer_after"]).get(
        reverse("exits:confidential", args=[w.listing.pk])
    )
    assert venture.organization.name in confidential.content.decode()


def test_after_exclusivity_only_the_winner_still_sees_the_listing(client_for: Any) -> None:
    w = world()
    loser = w.actors["buyer_after"]
    winner = with_nda(w.listing, buyer())
    chosen = offer_from(winner, w.listing, "1200000.00")
    offer_accept(actor=w.actors["owner"], offer=chosen)
    card = reverse("exits:listing", args=[w.listing.pk])
    confidential = reverse("exits:confidential", args=[w.listing.pk])
    assert client_for(winner).get(card).status_code == 200
    assert client_for(winner).get(confidential).status_code == 200
    for actor in (loser, w.actors["buyer_before"]):
        assert client_for(actor).get(card).status_code == 404
        assert client_for(actor).get(confidential).status_code == 404
        assert client_for(actor).get(reverse("exits:nda", args=[w.listing.pk])).status_code == 404
    denied = ListingAccess.objects.filter(outcome=AccessOutcome.DENIED)
    assert set(denied.values_list("organization_id", flat=True)) == {
        loser.organization.pk,
        w.actors["buyer_before"].organization.pk,
    }
    browse = client_for(loser).get(reverse("exits:browse"))
    assert w.listing.code_name not in browse.content.decode()
    # The loser's offer was declined and cannot be withdrawn any more.
    w.offer.refresh_from_db()
    assert w.offer.status == OfferStatus.REJECTED


def test_writes_refused_to_the_wrong_side_change_nothing(client_for: Any) -> None:
    w = world()
    action = reverse("exits:listing_action", args=[w.listing.pk])
    for role in ("viewer", "buyer_after", "intermediary", "other_venture"):
        browser = client_for(w.actors[role])
        assert browser.post(action, {"action": "withdraw", "seen": "open"}).status_code == 404
        assert browser.post(reverse("exits:offer_accept", args=[w.offer.pk])).status_code == 404
        assert browser.post(reverse("exits:offer_reject", args=[w.offer.pk])).status_code in (404,)
    for role in ("owner", "viewer", "buyer_before", "intermediary"):
        url = reverse("exits:offer_withdraw", args=[w.offer.pk])
        assert client_for(w.actors[role]).post(url).status_code == 404
    assert client_for(w.actors["viewer"]).post(reverse("exits:rescue_round")).status_code == 404
    assert (
        client_for(w.actors["buyer_after"]).post(reverse("exits:rescue_listing")).status_code == 404
    )
    w.listing.refresh_from_db()
    w.offer.refresh_from_db()
    assert (w.listing.status, w.offer.status) == (ListingStatus.OPEN, OfferStatus.SUBMITTED)


def test_a_buyer_accepts_the_nda_and_makes_an_offer_through_the_pages(client_for: Any) -> None:
    listing = open_listing()
    partner = buyer()
    browser = client_for(partner)
    refused = browser.post(reverse("exits:nda", args=[listing.pk]), {})
    assert refused.status_code == 400
    assert not ListingNda.objects.exists()
    accepted = browser.post(
        reverse("exits:nda", args=[listing.pk]), {"accept": "on"}, REMOTE_ADDR="192.0.2.8"
    )
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("exits:confidential", args=[listing.pk])
    assert ListingNda.objects.get().ip == "192.0.2.8"
    bad = browser.post(
        reverse("exits:offer_new", args=[listing.pk]),
        {"price": "0", "currency": "CNY", "structure": "merger", "valid_until": "2001-01-01"},
    )
    assert bad.status_code == 422
    valid_until = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    made = browser.post(
        reverse("exits:offer_new", args=[listing.pk]),
        {"price": "750000.00", "currency": "CNY", "structure": "asset_purchase",
         "conditions": "Stock at cost.", "valid_until": valid_until},
    )  # fmt: skip
    assert made.status_code == 302
    offer = Offer.objects.get()
    assert (offer.structure, offer.buyer_id) == ("asset_purchase", partner.organization.pk)


def test_the_venture_creates_publishes_and_accepts_through_the_pages(client_for: Any) -> None:
    venture = venture_with_figures()
    owner = owner_of(venture)
    browser = client_for(owner)
    form = browser.get(reverse("exits:listing_new"))
    assert form.status_code == 200
    initial = form.context["form"].initial
    leaked = browser.post(
        reverse("exits:listing_new"),
        {"code_name": "Fern 100", "sector": initial["sector"].pk, "region": initial["region"].pk,
         "summary": f"We are {venture.organization.name}."},
    )  # fmt: skip
    assert leaked.status_code == 422
    assert "summary" in leaked.context["form"].errors
    created = browser.post(
        reverse("exits:listing_new"),
        {"code_name": "Fern 100", "sector": initial["sector"].pk, "region": initial["region"].pk,
         "summary": "Same-day flowers in a large southern city."},
    )  # fmt: skip
    listing = Listing.objects.get()
    assert created["Location"] == reverse("exits:listing", args=[listing.pk])
    action = reverse("exits:listing_action", args=[listing.pk])
    stale = browser.post(action, {"action": "publish", "seen": "open"})
    assert stale.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DRAFT
    browser.post(action, {"action": "publish", "seen": "draft"})
    listing.refresh_from_db()
    assert listing.status == ListingStatus.OPEN

    partner = with_nda(listing, buyer())
    offer = offer_from(partner, listing)
    page = browser.get(reverse("exits:listing", args=[listing.pk]))
    assert f'id="offer-{offer.pk}"' in page.content.decode()
    browser.post(reverse("exits:offer_accept", args=[offer.pk]), {"exclusivity_days": "21"})
    listing.refresh_from_db()
    assert listing.status == ListingStatus.EXCLUSIVE
    assert listing.exclusive_until is not None
    assert (listing.exclusive_until - timezone.now()).days == 20
    browser.post(action, {"action": "sold", "seen": "exclusive"})
    listing.refresh_from_db()
    assert listing.status == ListingStatus.SOLD


def test_the_listing_page_costs_a_fixed_number_of_queries(
    client_for: Any, django_assert_max_num_queries: Any
) -> None:
    w = world()
    for _ in range(5):
        partner = with_nda(w.listing, buyer())
        offer_from(partner, w.listing)
    browser = client_for(w.actors["owner"])
    browser.get(reverse("exits:listing", args=[w.listing.pk]))
    with django_assert_max_num_queries(25):
        assert browser.get(reverse("exits:listing", args=[w.listing.pk])).status_code == 200
