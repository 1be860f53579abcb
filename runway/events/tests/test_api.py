"""Events in the JSON API: the same access matrix and rules as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from runway.deals.models import Deal
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
    past_event,
    registered,
    selected,
    slot_for,
    venture_actor,
)
from runway.orgs.access import Actor
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found"}


class Api:
    """JSON to /api/v1/events with an organization token (or none: anonymous)."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1/events{path}", params)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            f"/api/v1/events{path}", body or {}, content_type="application/json"
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api/v1/events{path}")


@pytest.fixture
def api(api_client_for: Any) -> Any:
    def build(organization: Organization | None = None, role: str = Role.MEMBER) -> Api:
        if organization is None:
            return Api(Client(headers={"accept-language": "en"}))
        return Api(api_client_for(organization, role=role))

    return build


def email(actor: Actor) -> str:
    assert actor.user is not None
    return actor.user.email


def terms(**changes: Any) -> dict[str, Any]:
    starts = timezone.localtime(in_days(15)).replace(tzinfo=None)
    return {
        "title": "Shenzhen Bay cross-border roadshow",
        "format": "online",
        "online_url": "https://meet.example.cn/bay",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
        "application_deadline": (starts - dt.timedelta(days=3)).isoformat(),
        "investor_capacity": 10,
        "pitch_slots": 6,
        "slot_minutes": 15,
        "sectors": ["cross-border-b2b"],
        **changes,
    }


def test_an_intermediary_creates_and_publishes_an_event(api: Any) -> None:
    organization = OrganizationFactory(kind=OrganizationKind.INTERMEDIARY, category="incubator")
    client = api(organization)
    created = client.post("", terms())
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft"
    assert body["sectors"] == ["cross-border-b2b"]
    assert body["online_url"] == "https://meet.example.cn/bay"  # the organizer's own event
    # Sent without an offset: read in Beijing time.
    assert body["starts_at"].endswith("+08:00")
    assert timezone.localtime(Event.objects.get().starts_at).hour == 14
    published = client.post(f"/{body['id']}/status", {"status": "published"})
    assert published.json()["status"] == "published"
    bad = client.post("", terms(pitch_slots=50))
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "pitch_slots"]
    unknown = client.post("", terms(sectors=["no-such-sector"]))
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "sectors"]


@pytest.mark.parametrize(
    ("kind", "role"),
    [(OrganizationKind.VENTURE, Role.OWNER), (OrganizationKind.INVESTOR, Role.OWNER),
     (OrganizationKind.INTERMEDIARY, Role.VIEWER)],
)  # fmt: skip
def test_others_cannot_create_events(api: Any, kind: str, role: str) -> None:
    organization = OrganizationFactory(kind=kind)
    assert api(organization, role=role).post("", terms()).status_code == 404
    assert not Event.objects.exists()


def test_anyone_lists_published_events_and_organizers_see_their_drafts(api: Any) -> None:
    public = EventFactory(title="Public roadshow")
    draft = EventFactory(title="Secret draft", status=EventStatus.DRAFT)
    past = past_event(title="Last week's demo day")
    anonymous = api()
    titles = [e["title"] for e in anonymous.get("").json()["items"]]
    assert titles == ["Public roadshow"]
    assert [e["title"] for e in anonymous.get("", when="past").json()["items"]] == [past.title]
    assert anonymous.get(f"/{public.pk}").status_code == 200
    assert anonymous.get(f"/{draft.pk}").json() == NOT_FOUND
    assert api(VentureFactory().organization).get(f"/{draft.pk}").status_code == 404
    own = api(draft.organization, role=Role.VIEWER)
    assert {e["title"] for e in own.get("").json()["items"]} == {"Public roadshow", "Secret draft"}
    assert own.get(f"/{draft.pk}").status_code == 200
    assert anonymous.get("", when="mine").json()["items"] == []
    bad_token = Client(headers={"authorization": "Bearer rw_nope_nope"})
    assert bad_token.get("/api/v1/events").status_code == 401


def test_the_online_link_goes_to_participants_only(api: Any) -> None:
    event = EventFactory(format="online", venue_address="", online_url="https://meet.example.cn/x")
    assert api().get(f"/{event.pk}").json()["online_url"] == ""
    guest = investor()
    registered(event, guest)
    assert api(guest.organization).get(f"/{event.pk}").json()["online_url"] == event.online_url


def test_a_venture_applies_once_and_the_organizer_selects_and_schedules(api: Any) -> None:
    event = EventFactory(slot_minutes=20)
    venture = VentureFactory()
    funding_round = FundingRoundFactory(venture=venture)
    applicant = api(venture.organization)
    sent = applicant.post(
        f"/{event.pk}/applications",
        {"pitch_summary": "Flowers by drone", "funding_round_id": funding_round.pk},
    )
    assert sent.status_code == 201, sent.json()
    application_id = sent.json()["id"]
    again = applicant.post(f"/{event.pk}/applications", {"pitch_summary": "Again"})
    assert again.status_code == 422
    assert again.json()["detail"][0]["msg"] == "Your venture has already applied to this event."
    foreign = applicant.post(
        f"/{event.pk}/applications",
        {"pitch_summary": "x", "funding_round_id": FundingRoundFactory().pk},
    )
    assert foreign.status_code in (404, 422)

    officer = api(event.organization)
    listed = officer.get(f"/{event.pk}/applications").json()["items"]
    assert [a["id"] for a in listed] == [application_id]
    assert api(investor().organization).get(f"/{event.pk}/applications").json()["items"] == []
    assert (
        api(event.organization, role=Role.VIEWER)
        .post(f"/applications/{application_id}/decision", {"status": "selected"})
        .json()
        == NOT_FOUND
    )
    chosen = officer.post(f"/applications/{application_id}/decision", {"status": "selected"})
    assert chosen.json()["status"] == "selected"

    starts = timezone.localtime(event.starts_at + dt.timedelta(minutes=40)).isoformat()
    slot = officer.post(
        f"/{event.pk}/slots", {"application_id": application_id, "starts_at": starts}
    )
    assert slot.status_code == 201, slot.json()
    assert (
        slot.json()["ends_at"]
        == timezone.localtime(event.starts_at + dt.timedelta(minutes=60)).isoformat()
    )
    outside = officer.post(
        f"/{event.pk}/slots",
        {"application_id": application_id, "starts_at": (event.ends_at).isoformat()},
    )
    assert outside.status_code == 422
    assert outside.json()["detail"][0]["loc"] == ["body", "starts_at"]
    assert applicant.get(f"/{event.pk}/slots").json()[0]["venture_name"] == venture.name
    assert api(investor().organization).get(f"/{event.pk}/slots").json() == NOT_FOUND
    other = EventFactory()
    other_officer = api(other.organization)
    stolen = other_officer.post(
        f"/{other.pk}/slots", {"application_id": application_id, "starts_at": starts}
    )
    assert stolen.status_code == 404
    assert applicant.delete(f"/slots/{slot.json()['id']}").status_code == 404
    assert officer.delete(f"/slots/{slot.json()['id']}").status_code == 204
    assert not PitchSlot.objects.exists()


def test_a_cross_event_conflict_names_the_other_event(api: Any) -> None:
    venture = VentureFactory()
    first = EventFactory(title="Luohu jewellery morning")
    slot_for(selected(first, venture), first.starts_at)
    second = EventFactory(starts_at=first.starts_at, ends_at=first.ends_at)
    application = selected(second, venture)
    refused = api(second.organization).post(
        f"/{second.pk}/slots",
        {"application_id": application.pk, "starts_at": second.starts_at.isoformat()},
    )
    assert refused.status_code == 422
    assert "“Luohu jewellery morning”" in refused.json()["detail"][0]["msg"]


def test_investors_register_until_full_and_list_their_registrations(api: Any) -> None:
    event = EventFactory(investor_capacity=1)
    first = investor()
    client = api(first.organization)
    # A token acts for no person: it names the attendee.
    anonymous_seat = client.post(f"/{event.pk}/registrations")
    assert anonymous_seat.status_code == 422
    assert anonymous_seat.json()["detail"][0]["loc"] == ["body", "attendee_email"]
    taken = client.post(f"/{event.pk}/registrations", {"attendee_email": email(first)})
    assert taken.status_code == 201, taken.json()
    assert (
        client.post(f"/{event.pk}/registrations", {"attendee_email": email(first)}).json()[
            "detail"
        ][0]["msg"]
        == "Your organization is already registered for this event."
    )
    late = investor()
    full = api(late.organization).post(
        f"/{event.pk}/registrations", {"attendee_email": email(late)}
    )
    assert full.status_code == 422
    assert full.json()["detail"][0]["msg"] == "The event is full: all 1 seats are taken."
    mine = client.get("/registrations").json()["items"]
    assert [(r["event_id"], r["active"]) for r in mine] == [(event.pk, True)]
    assert api(late.organization).get("/registrations").json()["items"] == []
    registration_id = taken.json()["id"]
    assert (
        api(late.organization).post(f"/registrations/{registration_id}/cancel").json() == NOT_FOUND
    )
    assert (
        api(first.organization, role=Role.VIEWER)
        .post(f"/registrations/{registration_id}/cancel")
        .json()
        == NOT_FOUND
    )
    cancelled = client.post(f"/registrations/{registration_id}/cancel")
    assert cancelled.json()["active"] is False
    assert (
        api(late.organization)
        .post(
            f"/{event.pk}/registrations",
            {"attendee_email": late.user.email},  # type: ignore[union-attr]
        )
        .status_code
        == 201
    )
    assert api(venture_actor().organization).post(f"/{event.pk}/registrations").status_code == 404
    stranger = api(investor().organization).post(
        f"/{event.pk}/registrations", {"attendee_email": email(first)}
    )
    assert stranger.status_code == 422
    assert stranger.json()["detail"][0]["loc"] == ["body", "attendee_email"]
    assert EventRegistration.objects.filter(cancelled_at__isnull=True).count() == 1


def test_intros_after_the_event(api: Any) -> None:
    event = past_event()
    ready = selected(event)
    FundingRoundFactory(venture=ready.venture)
    no_round = selected(event)
    guest = investor()
    registered(event, guest)
    client = api(guest.organization)
    candidates = client.get(f"/{event.pk}/intros").json()
    assert {c["venture_id"]: c["round_id"] is not None for c in candidates} == {
        ready.venture_id: True,
        no_round.venture_id: False,
    }
    outcomes = client.post(
        f"/{event.pk}/intros", {"venture_ids": [ready.venture_id, no_round.venture_id]}
    ).json()
    assert {o["venture_id"]: o["result"] for o in outcomes} == {
        ready.venture_id: "requested",
        no_round.venture_id: "no_open_round",
    }
    assert Deal.objects.filter(investor=guest.organization).count() == 1
    assert api(investor().organization).get(f"/{event.pk}/intros").json() == NOT_FOUND
    assert (
        api(guest.organization, role=Role.VIEWER)
        .post(f"/{event.pk}/intros", {"venture_ids": [ready.venture_id]})
        .json()
        == NOT_FOUND
    )
    upcoming = EventFactory()
    registered(upcoming, guest)
    early = client.post(f"/{upcoming.pk}/intros", {"venture_ids": [ready.venture_id]})
    assert early.status_code == 422
    assert "Introductions open when the event ends" in early.json()["detail"][0]["msg"]


def test_the_calendar_file_in_the_api(api: Any) -> None:
    event = EventFactory()
    chosen = VentureFactory()
    slot = slot_for(selected(event, chosen), event.starts_at)
    response = api(chosen.organization, role=Role.VIEWER).get(f"/{event.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert {c.start for c in calendar.events} == {event.starts_at, slot.starts_at}
    assert api(investor().organization).get(f"/{event.pk}/calendar.ics").json() == NOT_FOUND
    assert api().get(f"/{event.pk}/calendar.ics").status_code == 401


def test_a_withdrawal_in_the_api(api: Any) -> None:
    event = EventFactory()
    actor = venture_actor()
    application = EventApplication.objects.create(
        event=event, venture=actor.organization.venture, pitch_summary="x"
    )
    assert (
        api(event.organization).post(f"/applications/{application.pk}/withdraw").json() == NOT_FOUND
    )
    withdrawn = api(actor.organization).post(f"/applications/{application.pk}/withdraw")
    assert withdrawn.json()["status"] == ApplicationStatus.WITHDRAWN
    member_of(actor.organization)
