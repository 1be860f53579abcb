"""Reads for events: what each reader may list, and what the event page shows them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from runway.events.access import (
    EventPolicy,
    active_registration,
    is_organizer,
)
from runway.events.models import (
    ApplicationStatus,
    Event,
    EventApplication,
    EventRegistration,
    EventStatus,
    PitchSlot,
)
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import OrganizationKind
from runway.ventures.models import Venture

WHEN_CHOICES = ("upcoming", "past", "mine")


def event_list_visible(
    *, actor: Actor | None, when: str | None = None, now: dt.datetime | None = None
) -> QuerySet[Event]:
    """Published, closed and cancelled events for everyone; the actor's own drafts too; every
    event for platform staff. `when`: upcoming (not yet ended), past, or mine (organized,
    registered for, or applied to by the actor's organization)."""
    now = now or timezone.now()
    events = Event.objects.select_related("organization").prefetch_related("sectors")
    if actor is None:
        events = events.exclude(status=EventStatus.DRAFT)
    elif not actor.is_platform:
        events = events.filter(~Q(status=EventStatus.DRAFT) | Q(organization=actor.organization))
    if when == "upcoming":
        events = events.filter(ends_at__gt=now)
    elif when == "past":
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    elif when == "mine":
        if actor is None:
            return events.none()
        events = events.filter(
            Q(organization=actor.organization)
            | Q(
                registrations__organization=actor.organization,
                registrations__cancelled_at__isnull=True,
            )
            | Q(applications__venture__organization=actor.organization)
        ).distinct()
    return events


def event_list_registered(*, actor: Actor) -> QuerySet[EventRegistration]:
    """The actor organization's registrations, live and cancelled, newest event first."""
    return (
        EventRegistration.objects.filter(organization=actor.organization)
        .select_related("event__organization", "attendee")
        .order_by("-event__starts_at", "-pk")
    )


def application_list_for_event(*, event: Event) -> QuerySet[EventApplication]:
    """For the organizer (the caller has checked EventPolicy.can_manage_view)."""
    return (
        event.applications.select_related(
            "venture__organization", "funding_round", "slot", "submitted_by"
        )
        .prefetch_related("venture__sectors")
        .order_by("status", "submitted_at", "pk")
    )


def registration_list_for_event(*, event: Event) -> QuerySet[EventRegistration]:
    return event.registrations.filter(cancelled_at__isnull=True).select_related(
        "organization", "attendee"
    )


def slot_list_for_event(*, event: Event) -> QuerySet[PitchSlot]:
    return event.slots.select_related("venture__organization", "application__funding_round")


def own_venture(actor: Actor | None) -> Venture | None:
    if actor is None or actor.kind != OrganizationKind.VENTURE:
        return None
    return Venture.objects.filter(organization=actor.organization).first()


@dataclass
class EventPage:
    """What the event page shows one reader."""

    event: Event
    now: dt.datetime
    can_edit: bool = False
    can_manage_view: bool = False
    is_participant: bool = False
    venture: Venture | None = None
    application: EventApplication | None = None
    registration: EventRegistration | None = None
    slots: list[PitchSlot] = field(default_factory=list)

    @property
    def has_started(self) -> bool:
        return self.now >= self.event.starts_at

    @property
    def has_ended(self) -> bool:
        return self.now >= self.event.ends_at

    @property
    def takes_applications(self) -> bool:
        return (
            self.event.status == EventStatus.PUBLISHED
            and self.now < self.event.application_deadline
        )

    @property
    def takes_registrations(self) -> bool:
        return self.event.status == EventStatus.PUBLISHED and not self.has_started

    @property
    def my_slot(self) -> PitchSlot | None:
        if self.application is None:
            return None
        return next((s for s in self.slots if s.application_id == self.application.pk), None)

    @property
    def intros_open(self) -> bool:
        return (
            self.registration is not None
            and self.has_ended
            and self.event.status != EventStatus.CANCELLED
        )


def event_page(*, actor: Actor | None, event: Event, now: dt.datetime | None = None) -> EventPage:
    page = EventPage(event=event, now=now or timezone.now())
    if actor is None:
        return page
    page.can_edit = EventPolicy.can_edit(actor, event)
    page.can_manage_view = EventPolicy.can_manage_view(actor, event)
    page.venture = own_venture(actor)
    if page.venture is not None:
        page.application = (
            EventApplication.objects.filter(event=event, venture=page.venture)
            .select_related("funding_round")
            .first()
        )
    page.registration = active_registration(actor, event)
    selected = page.application is not None and page.application.status == (
        ApplicationStatus.SELECTED
    )
    page.is_participant = is_organizer(actor, event) or page.registration is not None or selected
    if page.is_participant or actor.is_platform:
        page.slots = list(slot_list_for_event(event=event))
    return page


def calendar_slots(*, actor: Actor, event: Event) -> list[PitchSlot]:
    """The pitches the actor's calendar file holds beside the event: every pitch for the
    organizer, its own for a selected venture, none for a registered investor. AccessDenied for
    anyone else, so the file is served to participants only."""
    if not EventPolicy.is_participant(actor, event):
        raise AccessDenied
    event_slots = slot_list_for_event(event=event).select_related("event")
    if is_organizer(actor, event):
        return list(event_slots)
    if actor.kind == OrganizationKind.VENTURE:
        return list(event_slots.filter(venture__organization=actor.organization))
    return []
