"""Event pages: who reaches what (the access matrix) and the journeys through the forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from runway.deals.models import Deal, DealState
from runway.events.models import (
    ApplicationStatus,
    Event,
    EventApplication,
    EventRegistration,
    EventStatus,
    PitchSlot,
)
from runway.events.tests.factories import (
    EventFactory,
    in_days,
    investor,
    organizer,
    other_intermediary,
    past_event,
    registered,
    selected,
    slot_for,
    venture_actor,
)
from runway.orgs.access import Actor
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.ventures.tests.factories import FundingRoundFactory, member_of

pytestmark = pytest.mark.django_db

ROLES = [
    "organizer_owner",
    "organizer_member",
    "organizer_viewer",
    "other_intermediary",
    "venture",
    "investor_registered",
    "investor",
    "anonymous",
]


def client_as(who: str, event: Event, client_for: Callable[[Actor], Client]) -> Client:
    """A client for one cell of the access matrix."""
    if who == "anonymous":
        return Client(headers={"accept-language": "en"})
    actors: dict[str, Callable[[], Actor]] = {
        "organizer_owner": lambda: organizer(event, role=Role.OWNER),
        "organizer_member": lambda: organizer(event, role=Role.MEMBER),
        "organizer_viewer": lambda: organizer(event, role=Role.VIEWER),
        "other_intermediary": other_intermediary,
        "venture": venture_actor,
        "investor": investor,
    }
    if who == "investor_registered":
        actor = investor()
        registered(event, actor)
        return client_for(actor)
    return client_for(actors[who]())


def expect(allowed: set[str], who: str, yes: int = 200, no: int = 404) -> int:
    if who == "anonymous" and "anonymous" not in allowed:
        return 302  # sent to sign in
    return yes if who in allowed else no


ORGANIZER_TEAM = {"organizer_owner", "organizer_member", "organizer_viewer"}
ORGANIZER_EDITORS = {"organizer_owner", "organizer_member"}


@pytest.mark.parametrize("who", ROLES)
def test_a_published_event_is_public(who: str, client_for: Any) -> None:
    event = EventFactory()
    response = client_as(who, event, client_for).get(f"/events/{event.pk}/")
    assert response.status_code == 200
    assert event.title in response.content.decode()
    listing = client_as(who, event, client_for).get("/events/")
    assert event.title in listing.content.decode()


@pytest.mark.parametrize("who", ROLES)
def test_a_draft_is_seen_by_its_organizer_only(who: str, client_for: Any) -> None:
    event = EventFactory(status=EventStatus.DRAFT)
    client = client_as(who, event, client_for)
    response = client.get(f"/events/{event.pk}/")
    assert response.status_code == (200 if who in ORGANIZER_TEAM else 404)
    assert (event.title in client.get("/events/").content.decode()) is (who in ORGANIZER_TEAM)


@pytest.mark.parametrize("who", ROLES)
def test_the_management_page_is_for_the_organizers_team(who: str, client_for: Any) -> None:
    event = EventFactory()
    EventApplication.objects.create(
        event=event, venture=venture_actor().organization.venture, pitch_summary="Pet food"
    )
    response = client_as(who, event, client_for).get(f"/events/{event.pk}/manage/")
    assert response.status_code == expect(ORGANIZER_TEAM, who)
    if response.status_code == 200:
        html = response.content.decode()
        assert "Pet food" in html
        # Viewers read; only editors get the buttons.
        assert ('value="selected"' in html) is (who in ORGANIZER_EDITORS)


@pytest.mark.parametrize("who", ROLES)
def test_editing_and_publishing_need_the_edit_role_in_the_organizer(
    who: str, client_for: Any
) -> None:
    event = EventFactory(status=EventStatus.DRAFT)
    client = client_as(who, event, client_for)
    assert client.get(f"/events/{event.pk}/edit/").status_code == expect(ORGANIZER_EDITORS, who)
    response = client.post(f"/events/{event.pk}/status/", {"status": "published"})
    assert response.status_code == expect(ORGANIZER_EDITORS, who, yes=302)
    event.refresh_from_db()
    published = who in ORGANIZER_EDITORS
    assert event.status == (EventStatus.PUBLISHED if published else EventStatus.DRAFT)


@pytest.mark.parametrize("who", ROLES)
def test_only_ventures_apply(who: str, client_for: Any) -> None:
    event = EventFactory()
    response = client_as(who, event, client_for).post(
        f"/events/{event.pk}/apply/", {"pitch_summary": "Smart locks for Russia"}
    )
    assert response.status_code == expect({"venture"}, who, yes=302)
    assert EventApplication.objects.exists() is (who == "venture")


@pytest.mark.parametrize("who", ROLES)
def test_only_investors_register(who: str, client_for: Any) -> None:
    event = EventFactory(investor_capacity=5)
    client = client_as(who, event, client_for)
    before = EventRegistration.objects.count()
    response = client.post(f"/events/{event.pk}/register/")
    investors = {"investor", "investor_registered"}
    assert response.status_code == expect(investors, who, yes=302)
    # A registered investor is told it already is, and nothing is added.
    added = EventRegistration.objects.count() - before
    assert added == (1 if who == "investor" else 0)


@pytest.mark.parametrize("who", ROLES)
def test_intros_after_the_event_are_for_registered_investors(who: str, client_for: Any) -> None:
    event = past_event()
    selected(event)
    response = client_as(who, event, client_for).get(f"/events/{event.pk}/intros/")
    assert response.status_code == expect({"investor_registered"}, who)


@pytest.mark.parametrize("who", ROLES)
def test_the_calendar_file_is_for_participants(who: str, client_for: Any) -> None:
    event = EventFactory()
    response = client_as(who, event, client_for).get(f"/events/{event.pk}/calendar.ics")
    assert response.status_code == expect(ORGANIZER_TEAM | {"investor_registered"}, who)


def test_viewers_of_a_venture_or_investor_cannot_act(client_for: Any) -> None:
    event = EventFactory()
    viewer = venture_actor(role=Role.VIEWER)
    assert (
        client_for(viewer).post(f"/events/{event.pk}/apply/", {"pitch_summary": "x"}).status_code
        == 404
    )
    assert (
        client_for(investor(role=Role.VIEWER)).post(f"/events/{event.pk}/register/").status_code
        == 404
    )
    assert not EventApplication.objects.exists()
    assert not EventRegistration.objects.exists()


# --- Journeys -------------------------------------------------------------------------------


def test_an_organizer_creates_an_event_through_the_form(client_for: Any) -> None:
    actor = make_actor(kind=OrganizationKind.GOVERNMENT, category="guidance_fund")
    starts = in_days(30)
    data = {
        "title": "Longhua smart-hardware roadshow",
        "description": "",
        "format": "venue",
        "venue_address": "深圳市龙华区民治大道 1 号",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "application_deadline": (starts - dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "investor_capacity": "25",
        "pitch_slots": "8",
        "slot_minutes": "12",
        "sectors": ["smart-hardware"],
    }
    response = client_for(actor).post("/events/new/", data)
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.status == EventStatus.DRAFT
    # Typed in Beijing time, stored aware.
    assert timezone.localtime(event.starts_at).hour == 14
    assert [s.code for s in event.sectors.all()] == ["smart-hardware"]
    refused = client_for(actor).post("/events/new/", {**data, "pitch_slots": "30"})
    assert refused.status_code == 422
    assert "do not fit in the event" in refused.content.decode()


def test_a_venture_applies_through_the_page_and_sees_its_status(client_for: Any) -> None:
    event = EventFactory()
    actor = venture_actor()
    funding_round = FundingRoundFactory(venture=actor.organization.venture)
    client = client_for(actor)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Apply to pitch" in page
    empty = client.post(f"/events/{event.pk}/apply/", {"pitch_summary": ""})
    assert empty.status_code == 422
    sent = client.post(
        f"/events/{event.pk}/apply/",
        {"pitch_summary": "Baby carriers to Kazakhstan", "funding_round": funding_round.pk},
    )
    assert sent.status_code == 302
    again = client.post(f"/events/{event.pk}/apply/", {"pitch_summary": "Again"})
    assert again.status_code == 422
    assert "Your venture has already applied to this event." in again.content.decode()
    assert EventApplication.objects.get().funding_round == funding_round


def test_the_organizer_selects_schedules_and_sees_conflicts(client_for: Any) -> None:
    event = EventFactory(title="Futian evening", slot_minutes=15)
    venture = venture_actor().organization.venture
    elsewhere = EventFactory(title="Qianhai afternoon")
    slot_for(selected(elsewhere, venture), elsewhere.starts_at)
    application = EventApplication.objects.create(event=event, venture=venture, pitch_summary="x")
    client = client_for(organizer(event))
    client.post(f"/events/applications/{application.pk}/decide/", {"status": "selected"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SELECTED
    local = timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(
        f"/events/applications/{application.pk}/slot/", {"starts_at": local}, follow=True
    )
    assert "pitches at “Qianhai afternoon” at that time" in refused.content.decode()
    later = timezone.localtime(event.starts_at + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(f"/events/applications/{application.pk}/slot/", {"starts_at": later})
    slot = PitchSlot.objects.get(event=event)
    assert slot.starts_at == event.starts_at + dt.timedelta(hours=1)


def test_a_full_event_refuses_with_a_message(client_for: Any) -> None:
    event = EventFactory(investor_capacity=1)
    registered(event, investor())
    late = investor()
    page = client_for(late).get(f"/events/{event.pk}/").content.decode()
    assert "The event is full." in page
    response = client_for(late).post(f"/events/{event.pk}/register/", follow=True)
    assert "The event is full: all 1 seats are taken." in response.content.decode()
    assert EventRegistration.objects.count() == 1


def test_after_the_event_an_investor_requests_intros_in_one_step(client_for: Any) -> None:
    event = past_event(title="Nanshan demo day")
    chosen, skipped_round, not_picked = (selected(event) for _ in range(3))
    FundingRoundFactory(venture=chosen.venture)
    guest = investor()
    registered(event, guest)
    client = client_for(guest)
    detail = client.get(f"/events/{event.pk}/").content.decode()
    assert f"/events/{event.pk}/intros/" in detail
    form = client.get(f"/events/{event.pk}/intros/").content.decode()
    assert not_picked.venture.organization.name in form
    response = client.post(
        f"/events/{event.pk}/intros/",
        {"venture_ids": [chosen.venture_id, skipped_round.venture_id], "note": "Hello"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Introduction requested" in html
    assert "No open round to invest in." in html
    deal = Deal.objects.get(investor=guest.organization)
    assert deal.state == DealState.INTRO_REQUESTED
    assert "Nanshan demo day" in deal.intro_message


def test_intros_before_the_event_ends_send_the_investor_back(client_for: Any) -> None:
    event = EventFactory()
    guest = investor()
    registered(event, guest)
    response = client_for(guest).get(f"/events/{event.pk}/intros/", follow=True)
    assert "Introductions open when the event ends" in response.content.decode()


def test_the_online_link_is_for_participants(client_for: Any) -> None:
    event = EventFactory(format="online", venue_address="", online_url="https://meet.example.cn/x")
    assert "meet.example.cn" not in Client().get(f"/events/{event.pk}/").content.decode()
    guest = investor()
    registered(event, guest)
    assert "meet.example.cn" in client_for(guest).get(f"/events/{event.pk}/").content.decode()


def test_the_list_costs_a_fixed_number_of_queries(
    client_for: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        EventFactory()
    actor = investor()
    client = client_for(actor)
    client.get("/events/")
    with django_assert_max_num_queries(12):
        response = client.get("/events/")
    assert response.status_code == 200


def test_a_withdrawn_selection_frees_the_slot(client_for: Any) -> None:
    event = EventFactory()
    actor = venture_actor()
    application = selected(event, actor.organization.venture)
    slot_for(application, event.starts_at)
    client_for(actor).post(f"/events/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert not PitchSlot.objects.exists()
    other = member_of(event.organization)
    response = client_for(other).post(f"/events/applications/{application.pk}/withdraw/")
    assert response.status_code == 404


def test_a_selected_venture_sees_its_pitch_and_the_organizer_the_schedule(client_for: Any) -> None:
    event = EventFactory(slot_minutes=15)
    actor = venture_actor()
    slot_for(selected(event, actor.organization.venture), event.starts_at + dt.timedelta(hours=1))
    page = client_for(actor).get(f"/events/{event.pk}/").content.decode()
    assert "Your pitch" in page
    assert "15:00 – 15:15" in page
    assert f'href="/events/{event.pk}/calendar.ics"' in page
    manage = client_for(organizer(event)).get(f"/events/{event.pk}/manage/").content.decode()
    local = timezone.localtime(event.starts_at + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{local}"' in manage  # the move form starts from the current time
    assert "1 of 6 slots scheduled" in manage
    outsider = client_for(investor()).get(f"/events/{event.pk}/").content.decode()
    assert "Pitch schedule" not in outsider
    assert "calendar.ics" not in outsider


def test_a_past_event_reads_as_ended() -> None:
    event = past_event()
    anonymous = Client(headers={"accept-language": "en"})
    assert (
        '<span class="badge">Ended</span>' in anonymous.get(f"/events/{event.pk}/").content.decode()
    )
    listing = anonymous.get("/events/?when=past").content.decode()
    assert '<span class="badge">Ended</span>' in listing
