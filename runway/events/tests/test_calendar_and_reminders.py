"""Calendar files (parsed back with icalendar) and reminder e-mails (each person once)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from runway.accounts.models import User
from runway.events.calendar import event_calendar, event_uid, slot_uid
from runway.events.models import EventApplication, EventFormat, EventReminder, EventStatus
from runway.events.reminders import event_reminders_send
from runway.events.tests.factories import (
    EventFactory,
    in_days,
    investor,
    organizer,
    registered,
    selected,
    slot_for,
    venture_actor,
)
from runway.orgs.models import Role
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def test_the_event_file_has_a_stable_uid_and_times_in_beijing_time() -> None:
    event = EventFactory(
        title="南山跨境电商路演",
        format=EventFormat.ONLINE,
        online_url="https://meet.example.cn/r/1",
    )
    calendar = parse(event_calendar(event=event))
    (component,) = calendar.events
    assert str(component["uid"]) == event_uid(event) == f"{event.uid}@events.runway"
    assert str(component["summary"]) == "南山跨境电商路演"
    start = component.start
    assert isinstance(start, dt.datetime)
    assert start == event.starts_at
    assert component["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert start.astimezone(SHANGHAI).hour == 14
    assert component.end == event.ends_at
    assert str(component["location"]) == "https://meet.example.cn/r/1"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    # The same event gives the same UID again; a change raises SEQUENCE.
    event.revision = 2
    again = parse(event_calendar(event=event)).events[0]
    assert str(again["uid"]) == str(component["uid"])
    assert int(str(again["sequence"])) == 2


def test_a_selected_ventures_file_holds_its_pitch_too() -> None:
    event = EventFactory()
    application = selected(event)
    slot = slot_for(application, event.starts_at + dt.timedelta(minutes=30))
    calendar = parse(event_calendar(event=event, slots=[slot]))
    pitch = next(c for c in calendar.events if str(c["uid"]) == slot_uid(slot))
    assert pitch.start == slot.starts_at
    assert pitch.end == slot.ends_at
    assert application.venture.organization.name in str(pitch["summary"])


def test_a_cancelled_event_says_so() -> None:
    event = EventFactory(status=EventStatus.CANCELLED)
    assert str(parse(event_calendar(event=event)).events[0]["status"]) == "CANCELLED"


def _download(client: Client, event_id: int) -> Calendar:
    response = client.get(f"/events/{event_id}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return parse(response.content)


def test_the_file_is_served_to_participants_only(client_for: Any) -> None:
    event = EventFactory()
    guest = investor()
    registered(event, guest)
    chosen = venture_actor()
    slot = slot_for(selected(event, chosen.organization.venture), event.starts_at)
    other_pitch = slot_for(selected(event), event.starts_at + dt.timedelta(minutes=15))

    investor_file = _download(client_for(guest), event.pk)
    assert [str(c["uid"]) for c in investor_file.events] == [event_uid(event)]
    venture_file = _download(client_for(chosen), event.pk)
    assert {str(c["uid"]) for c in venture_file.events} == {event_uid(event), slot_uid(slot)}
    organizer_file = _download(client_for(organizer(event, role=Role.VIEWER)), event.pk)
    assert len(organizer_file.events) == 3
    assert slot_uid(other_pitch) in {str(c["uid"]) for c in organizer_file.events}

    pending = venture_actor()
    EventApplication.objects.create(
        event=event, venture=pending.organization.venture, pitch_summary="x"
    )
    for outsider in (investor(), pending, venture_actor()):
        assert client_for(outsider).get(f"/events/{event.pk}/calendar.ics").status_code == 404
    assert Client().get(f"/events/{event.pk}/calendar.ics").status_code == 302


# --- Reminders ------------------------------------------------------------------------------


def test_reminders_go_once_to_every_participant_with_the_calendar_file() -> None:
    event = EventFactory()
    now = event.starts_at - dt.timedelta(hours=20)
    guest = investor()
    registered(event, guest)
    colleague = member_of(guest.organization)  # not the attendee: no reminder
    chosen = VentureFactory()
    founders = [member_of(chosen.organization, role=role) for role in (Role.OWNER, Role.VIEWER)]
    slot = slot_for(selected(event, chosen), event.starts_at)
    waiting = VentureFactory()
    member_of(waiting.organization)
    EventApplication.objects.create(event=event, venture=waiting, pitch_summary="x")

    assert event_reminders_send(now=now) == 3
    recipients = sorted(address for message in mail.outbox for address in message.to)
    expected = sorted(a.user.email for a in [guest, *founders])  # type: ignore[union-attr]
    assert recipients == expected
    assert colleague.user.email not in recipients  # type: ignore[union-attr]
    founder_mail = next(m for m in mail.outbox if m.to == [founders[0].user.email])  # type: ignore[union-attr]
    assert event.title in founder_mail.subject
    assert founder_mail.body.startswith("您好：")  # the platform's language, Chinese
    assert "14:00–14:15" in founder_mail.body  # their pitch
    name, content, mimetype = founder_mail.attachments[0]
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    uids = {str(c["uid"]) for c in parse(content).events}
    assert uids == {event_uid(event), slot_uid(slot)}

    # Run again, twice: nobody is reminded a second time.
    assert event_reminders_send(now=now) == 0
    assert event_reminders_send(now=now + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 3
    assert EventReminder.objects.filter(event=event).count() == 3


def test_reminders_wait_for_the_day_before_and_skip_cancelled_events() -> None:
    event = EventFactory()
    registered(event, investor())
    assert event_reminders_send(now=event.starts_at - dt.timedelta(hours=25)) == 0
    assert event_reminders_send(now=event.starts_at + dt.timedelta(minutes=1)) == 0
    cancelled = EventFactory(status=EventStatus.CANCELLED, starts_at=in_days(30))
    registered(cancelled, investor())
    assert event_reminders_send(now=cancelled.starts_at - dt.timedelta(hours=2)) == 0
    assert mail.outbox == []


def test_reminders_use_a_stored_language_when_a_person_has_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    event = EventFactory()
    registered(event, investor())
    # The platform stores no language per person yet; one stored later is honoured.
    monkeypatch.setattr(User, "language", "ru", raising=False)
    event_reminders_send(now=event.starts_at - dt.timedelta(hours=1))
    (message,) = mail.outbox
    assert message.body.startswith("Здравствуйте!")
