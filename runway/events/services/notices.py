"""In-app notifications about events; written in the transaction of the change they announce, so
a refused change announces nothing. Wording lives in runway/events/wording.py."""

from __future__ import annotations

from django.urls import reverse

from runway.events.models import Event, EventApplication, PitchSlot
from runway.events.times import span_text
from runway.notifications.services import notify
from runway.orgs.models import Organization


def _event_url(event: Event) -> str:
    return reverse("events:detail", args=[event.pk])


def application_received(*, application: EventApplication) -> None:
    event = application.event
    notify(
        organization=event.organization,
        verb="event_application_received",
        # An application reopened after a withdrawal is news again.
        key=f"event-application:{application.pk}:received:{application.submitted_at.timestamp():.0f}",
        params={"venture": application.venture.organization.name, "event": event.title},
        url=reverse("events:manage", args=[event.pk]) + "#applications",
    )


def application_decided(*, application: EventApplication) -> None:
    event = application.event
    notify(
        organization=application.venture.organization,
        verb="event_application_decided",
        key=f"event-application:{application.pk}:{application.status}",
        params={"event": event.title, "status": application.status},
        url=_event_url(event),
    )


def slot_scheduled(*, slot: PitchSlot) -> None:
    event = slot.event
    notify(
        organization=slot.venture.organization,
        verb="event_slot_scheduled",
        key=f"event-slot:{slot.pk}:{slot.revision}",
        params={"event": event.title, "when": span_text(slot.starts_at, slot.ends_at)},
        url=_event_url(event),
    )


def event_cancelled(*, event: Event, organization_ids: set[int]) -> None:
    for organization in Organization.objects.filter(pk__in=organization_ids):
        notify(
            organization=organization,
            verb="event_cancelled",
            key=f"event-cancelled:{event.pk}",
            params={"event": event.title, "organizer": event.organization.name},
            url=_event_url(event),
        )
