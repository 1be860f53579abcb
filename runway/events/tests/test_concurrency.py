"""Event invariants under many simultaneous requests (PostgreSQL, real row locks): an event never
seats more investor organizations than its capacity, an organization holds one seat, and pitch
slots never overlap, within an event or for one venture across events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from runway.events.models import EventRegistration, PitchSlot
from runway.events.services.registrations import registration_create
from runway.events.services.slots import slot_schedule
from runway.events.tests.factories import EventFactory, investor, organizer, selected, slot_for
from runway.ventures.tests.factories import VentureFactory, member_of
from tests.concurrency.test_invariants import run_at_once

# One xdist worker runs every concurrency test, so their many connections never add up.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("taxonomy", "english"),
    pytest.mark.xdist_group("concurrency"),
]

CAPACITY = 10
INVESTORS = 40


def unexpected(results: list[Any]) -> list[Any]:
    return [r for r in results if isinstance(r, Exception) and not isinstance(r, ValidationError)]


def test_simultaneous_registrations_stop_exactly_at_the_capacity() -> None:
    event = EventFactory(investor_capacity=CAPACITY)
    calls: list[Callable[[], Any]] = [
        partial(registration_create, actor=investor(), event=event) for _ in range(INVESTORS)
    ]
    results = run_at_once(calls)

    event.refresh_from_db()
    assert unexpected(results) == []
    assert event.seats_taken == CAPACITY
    assert EventRegistration.objects.filter(event=event).count() == CAPACITY
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(refusals) == INVESTORS - CAPACITY
    assert {r.messages[0] for r in refusals} == {
        f"The event is full: all {CAPACITY} seats are taken."
    }


def test_one_organization_registering_at_once_from_many_desks_gets_one_seat() -> None:
    event = EventFactory(investor_capacity=CAPACITY)
    first = investor()
    colleagues = [first, *(member_of(first.organization) for _ in range(7))]
    results = run_at_once(
        [partial(registration_create, actor=actor, event=event) for actor in colleagues]
    )
    event.refresh_from_db()
    assert unexpected(results) == []
    assert event.seats_taken == 1
    assert EventRegistration.objects.filter(event=event).count() == 1
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert {r.messages[0] for r in refusals} == {
        "Your organization is already registered for this event."
    }


def test_simultaneous_slots_at_one_time_give_one_pitch() -> None:
    event = EventFactory(pitch_slots=8)
    officers = [organizer(event) for _ in range(2)]
    applications = [selected(event) for _ in range(8)]
    results = run_at_once(
        [
            partial(
                slot_schedule,
                actor=officers[i % 2],
                application=application,
                starts_at=event.starts_at + dt.timedelta(minutes=i),
            )
            for i, application in enumerate(applications)
        ]
    )
    assert unexpected(results) == []
    assert PitchSlot.objects.filter(event=event).count() == 1


def test_one_venture_scheduled_at_two_events_at_once_pitches_at_one() -> None:
    venture = VentureFactory()
    events = [EventFactory() for _ in range(4)]  # all at the same hour
    calls: list[Callable[[], Any]] = [
        partial(
            slot_schedule,
            actor=organizer(event),
            application=selected(event, venture),
            starts_at=event.starts_at,
        )
        for event in events
    ]
    results = run_at_once(calls)
    assert unexpected(results) == []
    assert PitchSlot.objects.filter(venture=venture).count() == 1
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(refusals) == 3
    assert all("pitches at “" in r.messages[0] for r in refusals)


def test_the_database_refuses_overlapping_slots_whatever_the_code() -> None:
    event = EventFactory(slot_minutes=15)
    slot_for(selected(event), event.starts_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        slot_for(selected(event), event.starts_at + dt.timedelta(minutes=5))
    venture = VentureFactory()
    other = EventFactory()
    slot_for(selected(other, venture), other.starts_at + dt.timedelta(hours=1))
    third = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        slot_for(selected(third, venture), third.starts_at + dt.timedelta(hours=1, minutes=5))
    # Back to back is allowed: ranges are half-open.
    slot_for(selected(event), event.starts_at + dt.timedelta(minutes=15))
