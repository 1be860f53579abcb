"""The demo's roadshow events, built through the services on the catalogue's organizations."""

from __future__ import annotations

import pytest
from django.utils import timezone

from runway.demo import events as demo
from runway.events.models import ApplicationStatus, Event, EventStatus, PitchSlot
from runway.events.services.intros import IntroResult, event_intros_request
from runway.orgs.access import Actor
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import MembershipFactory, OrganizationFactory
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory

pytestmark = pytest.mark.django_db


def owner_of(slug: str, kind: str) -> Actor:
    organization = OrganizationFactory(slug=slug, kind=kind)
    membership = MembershipFactory(organization=organization, role=Role.OWNER)
    if kind == OrganizationKind.VENTURE:
        FundingRoundFactory(venture=VentureFactory(organization=organization))
    return Actor(organization=organization, role=Role.OWNER, user=membership.user)


@pytest.fixture
def catalogue_organizations() -> dict[str, Actor]:
    kinds = {
        demo.PAST_ORGANIZER: OrganizationKind.INTERMEDIARY,
        demo.UPCOMING_ORGANIZER: OrganizationKind.GOVERNMENT,
        **dict.fromkeys([*demo.PAST_PITCHES, *demo.PAST_DECLINED, *demo.UPCOMING_PITCHES],
                        OrganizationKind.VENTURE),
        **dict.fromkeys([*demo.PAST_INVESTORS, *demo.UPCOMING_INVESTORS, "pengcheng-capital"],
                        OrganizationKind.INVESTOR),
    }  # fmt: skip
    return {slug: owner_of(slug, kind) for slug, kind in kinds.items()}


def test_the_demo_has_a_past_and_an_upcoming_event(
    catalogue_organizations: dict[str, Actor],
) -> None:
    created = demo.demo_events_build()
    assert created == demo.EventsCreated(events=2, applications=7, slots=4, registrations=4)
    now = timezone.now()
    past = Event.objects.get(organization__slug=demo.PAST_ORGANIZER)
    assert past.ends_at < now
    assert past.status == EventStatus.PUBLISHED
    assert past.seats_taken == 3
    assert PitchSlot.objects.filter(event=past).count() == 3
    assert past.applications.filter(status=ApplicationStatus.DECLINED).count() == 1
    upcoming = Event.objects.get(organization__slug=demo.UPCOMING_ORGANIZER)
    assert upcoming.starts_at > now
    assert upcoming.status == EventStatus.PUBLISHED
    assert upcoming.applications.filter(status=ApplicationStatus.PENDING).count() == 2
    assert demo.demo_events_count() == 2

    # A registered demo investor can ask the past event's ventures for introductions.
    guest = catalogue_organizations[demo.PAST_INVESTORS[0]]
    ventures = past.applications.filter(status=ApplicationStatus.SELECTED).values_list(
        "venture_id", flat=True
    )
    outcomes = event_intros_request(actor=guest, event=past, venture_ids=list(ventures))
    assert {o.result for o in outcomes} == {IntroResult.REQUESTED}


def test_deleting_the_demo_organizations_removes_their_events(
    catalogue_organizations: dict[str, Actor],
) -> None:
    demo.demo_events_build()
    Organization.objects.filter(slug__in=list(catalogue_organizations)).delete()
    assert not Event.objects.exists()
