"""Calendar files (.ics, RFC 5545) for an event's participants.

An event and each pitch keep their UID for life (the event's UUID; a pitch's is the event's plus
its application), and SEQUENCE rises with every change, so a calendar program that imports the
file again updates its entry instead of adding a second one. Times carry the platform's time zone
(Asia/Shanghai) with its VTIMEZONE definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from runway.events.models import Event, EventFormat, EventStatus, PitchSlot

PRODID = "-//Runway//Roadshow events//EN"
UID_DOMAIN = "events.runway"


def event_uid(event: Event) -> str:
    return f"{event.uid}@{UID_DOMAIN}"


def slot_uid(slot: PitchSlot) -> str:
    return f"{slot.event.uid}-pitch-{slot.application_id}@{UID_DOMAIN}"


def _component(
    *,
    uid: str,
    summary: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    sequence: int,
    stamp: dt.datetime,
    event: Event,
    description: str,
    url: str,
) -> CalendarEvent:
    component = CalendarEvent()
    component.add("uid", uid)
    component.add("dtstamp", stamp)
    component.add("sequence", sequence)
    component.add("summary", summary)
    component.add("dtstart", timezone.localtime(starts_at))
    component.add("dtend", timezone.localtime(ends_at))
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    if event.location:
        component.add("location", event.location)
    if description:
        component.add("description", description)
    if url:
        component.add("url", url)
    return component


def event_calendar(*, event: Event, slots: Sequence[PitchSlot] = (), page_url: str = "") -> bytes:
    """The event and the given pitch slots as one calendar file."""
    stamp = timezone.now().astimezone(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.title)
    online = event.format == EventFormat.ONLINE
    organizer = _("Organized by %(organizer)s") % {"organizer": event.organization.name}
    calendar.add_component(
        _component(
            uid=event_uid(event),
            summary=event.title,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            sequence=event.revision,
            stamp=stamp,
            event=event,
            description="\n\n".join(part for part in (event.description, organizer) if part),
            url=event.online_url if online else page_url,
        )
    )
    for slot in slots:
        calendar.add_component(
            _component(
                uid=slot_uid(slot),
                summary=_("Pitch by %(venture)s at “%(event)s”")
                % {"venture": slot.venture.organization.name, "event": event.title},
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                sequence=event.revision + slot.revision,
                stamp=stamp,
                event=event,
                description=organizer,
                url=event.online_url if online else page_url,
            )
        )
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def calendar_filename(event: Event) -> str:
    return f"runway-event-{event.pk}.ics"
