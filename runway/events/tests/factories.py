"""Events in any state, their participants, and the actors of every side."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from runway.events.models import (
    ApplicationStatus,
    Event,
    EventApplication,
    EventFormat,
    EventRegistration,
    EventStatus,
    PitchSlot,
)
from runway.orgs.access import Actor
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory, member_of


def in_days(days: float, hour: int = 14) -> dt.datetime:
    """`hour` o'clock Beijing time, `days` from today (whole days keep slots on the hour)."""
    day = timezone.localtime() + dt.timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory[Event]):
    """A published event at a venue ten days from now, 14:00-17:00, applications until five
    days before."""

    class Meta:
        model = Event

    organization = factory.SubFactory(
        OrganizationFactory, kind=OrganizationKind.INTERMEDIARY, category="incubator"
    )
    title = factory.Sequence(lambda n: f"Nanshan cross-border roadshow {n}")
    description = "Ten ventures, thirty investors, one afternoon."
    format = EventFormat.VENUE
    venue_address = "深圳市南山区科技园 1 号楼"
    starts_at = factory.LazyFunction(lambda: in_days(10))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=3))
    application_deadline = factory.LazyAttribute(lambda e: e.starts_at - dt.timedelta(days=5))
    investor_capacity = 3
    pitch_slots = 6
    slot_minutes = 15
    status = EventStatus.PUBLISHED


def past_event(**fields: object) -> Event:
    """A published event that ended yesterday."""
    starts = in_days(-1, hour=14)
    return EventFactory(
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        application_deadline=starts - dt.timedelta(days=5),
        **fields,
    )


def organizer(event: Event, role: str = Role.MEMBER) -> Actor:
    return member_of(event.organization, role=role)


def investor(role: str = Role.MEMBER) -> Actor:
    return member_of(OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc"), role=role)


def venture_actor(venture: Venture | None = None, role: str = Role.MEMBER) -> Actor:
    return member_of((venture or VentureFactory()).organization, role=role)


def other_intermediary(role: str = Role.OWNER) -> Actor:
    return member_of(
        OrganizationFactory(kind=OrganizationKind.INTERMEDIARY, category="advisor"), role=role
    )


def selected(event: Event, venture: Venture | None = None, **fields: object) -> EventApplication:
    return EventApplication.objects.create(
        event=event,
        venture=venture or VentureFactory(),
        pitch_summary="Cross-border sales to Eastern Europe",
        status=ApplicationStatus.SELECTED,
        **fields,
    )


def slot_for(application: EventApplication, starts_at: dt.datetime) -> PitchSlot:
    event = application.event
    return PitchSlot.objects.create(
        event=event,
        application=application,
        venture=application.venture,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=event.slot_minutes),
    )


def registered(event: Event, actor: Actor) -> EventRegistration:
    """The actor's organization registered straight into the database (seat counted)."""
    event.seats_taken += 1
    event.save(update_fields=["seats_taken"])
    return EventRegistration.objects.create(
        event=event, organization=actor.organization, attendee=actor.user
    )
