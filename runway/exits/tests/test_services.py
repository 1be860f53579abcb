"""Listings, NDAs and letters of intent through their services: every transition allowed and
refused, exclusivity revoking the others, expiry, and the notifications each side gets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from runway.exits.models import Listing, ListingNda, ListingStatus, Offer, OfferStatus
from runway.exits.nda import NDA_VERSION
from runway.exits.services.expiry import exits_expire
from runway.exits.services.listings import (
    listing_create,
    listing_end_exclusivity,
    listing_mark_sold,
    listing_publish,
    listing_update,
    listing_withdraw,
)
from runway.exits.services.ndas import nda_accept
from runway.exits.services.offers import offer_accept, offer_reject, offer_submit, offer_withdraw
from runway.exits.tests.factories import (
    SUMMARY,
    buyer,
    draft_listing,
    offer_from,
    open_listing,
    owner_of,
    venture_with_figures,
    with_nda,
)
from runway.notifications.models import Notification
from runway.orgs.access import AccessDenied
from runway.orgs.models import Organization, Role
from runway.taxonomy.models import Region, Sector
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory

pytestmark = pytest.mark.django_db

D = Decimal


def verbs(organization: Organization) -> list[str]:
    return list(
        Notification.objects.filter(organization=organization)
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def test_a_listing_is_priced_from_verified_figures_and_shown_as_bands() -> None:
    venture = venture_with_figures()
    listing = draft_listing(venture)
    assert listing.status == ListingStatus.DRAFT
    assert listing.code_name  # chosen for the venture
    assert listing.sector.code == "flowers-gifts"
    assert listing.region.code == "guangdong"  # the province, not the city
    # 24 months from 300,000 growing 3% a month: the last twelve add up to about 5.3 million;
    # flowers are valued at 0.3-1.0 times trailing net revenue.
    ttm = sum(D("300000") * D("1.03") ** i for i in range(12, 24))
    assert abs(listing.valuation_low - ttm * D("0.3")) < 100
    assert abs(listing.valuation_high - ttm * D("1.0")) < 100
    assert listing.valuation_basis == "revenue"
    assert listing.metrics["revenue_band"] == "5m-20m"
    assert listing.metrics["months"] == 24
    assert listing.metrics["verification"] == "imported"
    assert len(listing.metrics_detail["months"]) == 12
    # Nothing in the bands is an exact figure.
    assert set(listing.metrics) == {
        "revenue_band",
        "growth_band",
        "grade",
        "verification",
        "months",
    }


def test_a_listing_without_revenue_or_from_outside_is_refused() -> None:
    venture = VentureFactory()
    with pytest.raises(ValidationError, match="verified net revenue"):
        listing_create(actor=owner_of(venture), venture=venture, summary=SUMMARY)
    assert not Listing.objects.exists()
    other = venture_with_figures()
    for actor in (owner_of(venture), owner_of(other, Role.VIEWER), buyer()):
        with pytest.raises(AccessDenied):
            listing_create(actor=actor, venture=other)


def test_the_name_and_website_never_go_into_the_anonymous_words() -> None:
    venture = venture_with_figures(name="Blossom Express", slug="blossom-express")
    owner = owner_of(venture)
    for summary in (
        "Blossom Express sells flowers.",
        "Find us at blossom.example.cn",
        "See blossom-express.cn",
        "we are BLOSSOM-EXPRESS",
    ):
        with pytest.raises(ValidationError) as caught:
            listing_create(actor=owner, venture=venture, summary=summary)
        assert "summary" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        listing_create(actor=owner, venture=venture, code_name="Blossom Express")
    assert "code_name" in caught.value.message_dict
    assert not Listing.objects.exists()


def test_sector_region_and_asking_range_are_checked() -> None:
    venture = venture_with_figures()
    owner = owner_of(venture)
    with pytest.raises(ValidationError) as caught:
        listing_create(
            actor=owner,
            venture=venture,
            sector=Sector.objects.get(code="finance"),
            region=Region.objects.get(code="beijing"),
            asking_low=D("2000000"),
            asking_high=D("1000000"),
        )
    assert set(caught.value.message_dict) == {"sector", "region", "asking_high"}
    with pytest.raises(ValidationError) as caught:
        listing_create(actor=owner, venture=venture, asking_low=D("0.001"))
    assert "asking_low" in caught.value.message_dict


def test_one_listing_in_progress_per_venture() -> None:
    listing = draft_listing()
    with pytest.raises(ValidationError, match="already has a listing"):
        listing_create(actor=owner_of(listing.venture), venture=listing.venture)
    listing_withdraw(actor=owner_of(listing.venture), listing=listing)
    again = listing_create(actor=owner_of(listing.venture), venture=listing.venture)
    assert again.status == ListingStatus.DRAFT


def test_publishing_needs_a_summary_and_happens_once() -> None:
    listing = draft_listing(summary="")
    owner = owner_of(listing.venture)
    with pytest.raises(ValidationError) as caught:
        listing_publish(actor=owner, listing=listing)
    assert "summary" in caught.value.message_dict
    listing = listing_update(actor=owner, listing=listing, summary=SUMMARY)
    published = listing_publish(actor=owner, listing=listing)
    assert published.status == ListingStatus.OPEN
    assert published.published_at is not None
    with pytest.raises(ValidationError, match="Open"):
        listing_publish(actor=owner, listing=listing)
    with pytest.raises(AccessDenied):
        listing_publish(actor=owner_of(listing.venture, Role.VIEWER), listing=listing)


def test_an_edit_to_another_sector_of_the_venture_prices_it_again() -> None:
    venture = venture_with_figures()
    venture.sectors.add(Sector.objects.get(code="community-content"))
    listing = draft_listing(venture)
    low = listing.valuation_low
    changed = listing_update(
        actor=owner_of(venture),
        listing=listing,
        sector=Sector.objects.get(code="community-content"),
    )
    assert changed.valuation_low == (low / D("0.3") * D("1.0")).quantize(D("0.01"))
    with pytest.raises(ValueError, match="not editable"):
        listing_update(actor=owner_of(venture), listing=listing, status="sold")


def test_the_nda_is_recorded_once_per_organization_and_tells_the_venture() -> None:
    listing = open_listing()
    partner = buyer()
    first = nda_accept(actor=partner, listing=listing, ip="203.0.113.7")
    assert (first.version, first.ip, first.user) == (NDA_VERSION, "203.0.113.7", partner.user)
    colleague = buyer()
    colleague = type(partner)(partner.organization, Role.MEMBER, colleague.user)
    assert nda_accept(actor=colleague, listing=listing, ip=None) == first
    assert ListingNda.objects.filter(listing=listing).count() == 1
    assert verbs(listing.venture.organization) == ["exit_nda_accepted"]


def test_who_may_accept_the_nda() -> None:
    listing = open_listing()
    for actor in (buyer(Role.VIEWER), owner_of(listing.venture), owner_of(venture_with_figures())):
        with pytest.raises(AccessDenied):
            nda_accept(actor=actor, listing=listing, ip=None)
    token = buyer()
    token = type(token)(token.organization, Role.MEMBER, None)
    with pytest.raises(ValidationError, match="signed in"):
        nda_accept(actor=token, listing=listing, ip=None)
    draft = draft_listing()
    with pytest.raises(AccessDenied):
        nda_accept(actor=buyer(), listing=draft, ip=None)


def test_an_offer_needs_the_nda_and_valid_terms() -> None:
    listing = open_listing()
    partner = buyer()
    with pytest.raises(ValidationError, match="NDA"):
        offer_from(partner, listing)
    with_nda(listing, partner)
    with pytest.raises(ValidationError) as caught:
        offer_submit(
            actor=partner,
            listing=listing,
            price=D("-5"),
            currency="XYZ",
            structure="gift",
            conditions="x" * 5000,
            valid_until=timezone.localdate(),
        )
    assert set(caught.value.message_dict) == {
        "price",
        "currency",
        "structure",
        "conditions",
        "valid_until",
    }
    offer = offer_from(partner, listing)
    assert offer.status == OfferStatus.SUBMITTED
    with pytest.raises(ValidationError, match="already have an open offer"):
        offer_from(partner, listing, price="950000.00")
    assert verbs(listing.venture.organization) == ["exit_nda_accepted", "exit_offer_submitted"]
    offer_withdraw(actor=partner, offer=offer)
    assert offer_from(partner, listing, price="950000.00").price == D("950000.00")


def test_accepting_gives_exclusivity_and_ends_every_other_buyers_access() -> None:
    listing = open_listing()
    owner = owner_of(listing.venture)
    winner, loser, watcher = (with_nda(listing, buyer()) for _ in range(3))
    chosen = offer_from(winner, listing, "1000000.00")
    other = offer_from(loser, listing, "800000.00")

    accepted = offer_accept(actor=owner, offer=chosen, exclusivity_days=30, note="Welcome")
    assert accepted.status == OfferStatus.ACCEPTED
    listing.refresh_from_db()
    assert listing.status == ListingStatus.EXCLUSIVE
    assert listing.exclusive_buyer_id == winner.organization.pk
    assert listing.exclusive_until is not None
    remaining = listing.exclusive_until - timezone.now()
    assert dt.timedelta(days=29) < remaining <= dt.timedelta(days=30)
    other.refresh_from_db()
    assert other.status == OfferStatus.REJECTED
    live = ListingNda.objects.filter(listing=listing, revoked_at__isnull=True)
    assert list(live.values_list("organization_id", flat=True)) == [winner.organization.pk]
    assert verbs(winner.organization) == ["exit_offer_accepted"]
    assert verbs(loser.organization) == ["exit_access_ended"]
    assert verbs(watcher.organization) == ["exit_access_ended"]

    # Twice, or another offer: refused, nothing changes.
    with pytest.raises(ValidationError, match="Exclusive"):
        offer_accept(actor=owner, offer=chosen)
    with pytest.raises(ValidationError, match="Exclusive"):
        offer_accept(actor=owner, offer=other)
    with pytest.raises(AccessDenied):
        nda_accept(actor=loser, listing=listing, ip=None)
    assert Offer.objects.filter(listing=listing, status=OfferStatus.ACCEPTED).count() == 1


def test_who_may_decide_on_an_offer() -> None:
    listing = open_listing()
    partner = with_nda(listing, buyer())
    offer = offer_from(partner, listing)
    for actor in (partner, owner_of(listing.venture, Role.VIEWER), buyer()):
        with pytest.raises(AccessDenied):
            offer_accept(actor=actor, offer=offer)
        with pytest.raises(AccessDenied):
            offer_reject(actor=actor, offer=offer)
    with pytest.raises(AccessDenied):
        offer_withdraw(actor=owner_of(listing.venture), offer=offer)
    with pytest.raises(ValidationError) as caught:
        offer_accept(actor=owner_of(listing.venture), offer=offer, exclusivity_days=365)
    assert "exclusivity_days" in caught.value.message_dict
    rejected = offer_reject(actor=owner_of(listing.venture), offer=offer, note="Too low")
    assert (rejected.status, rejected.note) == (OfferStatus.REJECTED, "Too low")
    assert verbs(partner.organization) == ["exit_offer_rejected"]
    with pytest.raises(ValidationError, match="already Rejected"):
        offer_withdraw(actor=partner, offer=offer)


def test_a_lapsed_offer_cannot_be_accepted_and_expiry_lapses_it() -> None:
    listing = open_listing()
    partner = with_nda(listing, buyer())
    offer = offer_from(partner, listing)
    Offer.objects.filter(pk=offer.pk).update(valid_until=timezone.localdate() - dt.timedelta(1))
    with pytest.raises(ValidationError, match="valid until"):
        offer_accept(actor=owner_of(listing.venture), offer=offer)
    assert exits_expire().offers == 1
    offer.refresh_from_db()
    assert offer.status == OfferStatus.LAPSED
    assert verbs(partner.organization) == ["exit_offer_lapsed"]
    assert exits_expire().offers == 0


def test_exclusivity_ends_by_the_venture_or_by_time_and_the_others_may_return() -> None:
    listing = open_listing()
    owner = owner_of(listing.venture)
    winner, loser = with_nda(listing, buyer()), with_nda(listing, buyer())
    offer = offer_accept(actor=owner, offer=offer_from(winner, listing))
    reopened = listing_end_exclusivity(actor=owner, listing=listing)
    assert (reopened.status, reopened.exclusive_buyer) == (ListingStatus.OPEN, None)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.LAPSED
    assert "exit_exclusivity_ended" in verbs(winner.organization)
    # The winner keeps its NDA; the other buyer accepts again, as a new record.
    assert ListingNda.objects.filter(
        listing=listing, organization=winner.organization, revoked_at__isnull=True
    ).exists()
    nda_accept(actor=loser, listing=listing, ip=None)
    assert ListingNda.objects.filter(listing=listing, organization=loser.organization).count() == 2
    with pytest.raises(ValidationError, match="Open"):
        listing_end_exclusivity(actor=owner, listing=listing)

    second = offer_accept(actor=owner, offer=offer_from(loser, listing))
    Listing.objects.filter(pk=listing.pk).update(
        exclusive_until=timezone.now() - dt.timedelta(minutes=1)
    )
    assert exits_expire().exclusivities == 1
    listing.refresh_from_db()
    assert listing.status == ListingStatus.OPEN
    second.refresh_from_db()
    assert second.status == OfferStatus.LAPSED


def test_sold_only_from_exclusive_and_withdrawn_ends_everything() -> None:
    listing = open_listing()
    owner = owner_of(listing.venture)
    with pytest.raises(ValidationError, match="Open"):
        listing_mark_sold(actor=owner, listing=listing)
    winner = with_nda(listing, buyer())
    offer_accept(actor=owner, offer=offer_from(winner, listing))
    sold = listing_mark_sold(actor=owner, listing=listing)
    assert sold.status == ListingStatus.SOLD
    assert "exit_listing_sold" in verbs(winner.organization)
    with pytest.raises(ValidationError, match="Sold"):
        listing_withdraw(actor=owner, listing=listing)

    other = open_listing(venture_with_figures_other())
    partner = with_nda(other, buyer())
    pending = offer_from(partner, other)
    listing_withdraw(actor=owner_of(other.venture), listing=other)
    pending.refresh_from_db()
    assert pending.status == OfferStatus.REJECTED
    assert not ListingNda.objects.filter(listing=other, revoked_at__isnull=True).exists()
    assert verbs(partner.organization) == ["exit_access_ended"]


def venture_with_figures_other() -> Venture:
    from runway.matching.tests.factories import store_history

    venture = VentureFactory()
    store_history(venture, months=14)
    return venture


def test_every_notification_reads_as_a_sentence_and_ended_access_names_no_venture() -> None:
    from runway.exits.wording import WORDING
    from runway.notifications.wording import text_of

    listing = open_listing()
    owner = owner_of(listing.venture)
    first, second, third = (with_nda(listing, buyer()) for _ in range(3))
    withdrawn = offer_from(first, listing)
    offer_withdraw(actor=first, offer=withdrawn)
    offer_reject(actor=owner, offer=offer_from(first, listing, "100000.00"))
    lapsing = offer_from(third, listing)
    Offer.objects.filter(pk=lapsing.pk).update(valid_until=timezone.localdate() - dt.timedelta(1))
    exits_expire()
    offer_accept(actor=owner, offer=offer_from(second, listing))
    listing_end_exclusivity(actor=owner, listing=listing)
    offer_accept(actor=owner, offer=offer_from(second, listing, "990000.00"))
    listing_mark_sold(actor=owner, listing=listing)
    other = open_listing(venture_with_figures_other())
    with_nda(other, first)
    listing_withdraw(actor=owner_of(other.venture), listing=other)

    notifications = list(Notification.objects.filter(verb__startswith="exit_"))
    assert {n.verb for n in notifications} == set(WORDING)
    for notification in notifications:
        text = text_of(notification)
        assert text != notification.verb, notification.verb
        if notification.verb == "exit_access_ended":
            assert listing.venture.organization.name not in text
            assert other.venture.organization.name not in text
    prices = [text_of(n) for n in notifications if n.verb == "exit_offer_submitted"]
    assert any("900,000.00 CNY" in text for text in prices)
