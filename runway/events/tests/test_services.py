"""Event services: terms, applications, selection, pitch slots and registrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from runway.events.models import (
    ApplicationStatus,
    Event,
    EventApplication,
    EventFormat,
    EventRegistration,
    EventStatus,
    PitchSlot,
)
from runway.events.services.applications import (
    application_decide,
    application_submit,
    application_withdraw,
)
from runway.events.services.events import event_create, event_set_status, event_update
from runway.events.services.registrations import registration_cancel, registration_create
from runway.events.services.slots import slot_schedule
from runway.events.tests.factories import (
    EventFactory,
    in_days,
    investor,
    organizer,
    other_intermediary,
    registered,
    selected,
    slot_for,
    venture_actor,
)
from runway.notifications.models import Notification
from runway.orgs.access import AccessDenied
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.taxonomy.models import Sector
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db


def terms(**changes: Any) -> dict[str, Any]:
    starts = in_days(20)
    fields: dict[str, Any] = {
        "title": "Futian electronics pitch night",
        "description": "",
        "format": EventFormat.VENUE,
        "venue_address": "深圳市福田区华强北路 1002 号",
        "online_url": "",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "application_deadline": starts - dt.timedelta(days=3),
        "investor_capacity": 20,
        "pitch_slots": 8,
        "slot_minutes": 10,
    }
    return {**fields, **changes}


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# --- Events ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [OrganizationKind.INTERMEDIARY, OrganizationKind.GOVERNMENT])
def test_intermediaries_and_governments_create_draft_events(kind: str) -> None:
    actor = make_actor(kind=kind)
    sector = Sector.objects.get(code="electronic-components-b2b")
    event = event_create(actor=actor, sectors=[sector], **terms())
    assert event.status == EventStatus.DRAFT
    assert event.organization == actor.organization
    assert list(event.sectors.all()) == [sector]


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrganizationKind.VENTURE, Role.OWNER),
        (OrganizationKind.INVESTOR, Role.OWNER),
        (OrganizationKind.INTERMEDIARY, Role.VIEWER),
    ],
)
def test_others_cannot_create_events(kind: str, role: str) -> None:
    with pytest.raises(AccessDenied):
        event_create(actor=make_actor(kind=kind, role=role), **terms())
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"venue_address": ""}, "venue_address"),
        ({"format": EventFormat.ONLINE}, "online_url"),
        ({"ends_at": in_days(20) - dt.timedelta(hours=1)}, "ends_at"),
        ({"application_deadline": in_days(21)}, "application_deadline"),
        ({"starts_at": in_days(-2), "ends_at": in_days(-2) + dt.timedelta(hours=1),
          "application_deadline": in_days(-3)}, "starts_at"),
        ({"pitch_slots": 20}, "pitch_slots"),
        ({"investor_capacity": 0}, "investor_capacity"),
    ],
)  # fmt: skip
def test_bad_terms_are_refused_naming_the_field(changes: dict[str, object], field: str) -> None:
    actor = make_actor(kind=OrganizationKind.INTERMEDIARY)
    with pytest.raises(ValidationError) as error:
        event_create(actor=actor, **terms(**changes))
    assert field in error.value.error_dict
    assert not Event.objects.exists()


def test_capacity_cannot_drop_below_the_seats_taken() -> None:
    event = EventFactory(investor_capacity=3)
    registered(event, investor())
    registered(event, investor())
    with pytest.raises(ValidationError) as error:
        event_update(actor=organizer(event), event=event, investor_capacity=1)
    assert "2 organizations already registered" in messages_of(error)
    updated = event_update(actor=organizer(event), event=event, investor_capacity=2)
    assert updated.investor_capacity == 2
    assert updated.revision == 1


def test_times_cannot_leave_a_scheduled_pitch_outside() -> None:
    event = EventFactory()
    slot_for(selected(event), event.ends_at - dt.timedelta(minutes=15))
    with pytest.raises(ValidationError) as error:
        event_update(
            actor=organizer(event), event=event, ends_at=event.ends_at - dt.timedelta(hours=1)
        )
    assert "ends_at" in error.value.error_dict


def test_viewers_and_other_organizers_cannot_edit() -> None:
    event = EventFactory()
    for actor in (organizer(event, role=Role.VIEWER), other_intermediary()):
        with pytest.raises(AccessDenied):
            event_update(actor=actor, event=event, title="Taken over")


def test_status_moves_and_cancelling_tells_participants() -> None:
    draft = EventFactory(status=EventStatus.DRAFT)
    actor = organizer(draft)
    event = event_set_status(actor=actor, event=draft, status=EventStatus.PUBLISHED)
    guest = investor()
    registered(event, guest)
    applicant = VentureFactory()
    EventApplication.objects.create(event=event, venture=applicant, pitch_summary="x")
    event = event_set_status(actor=actor, event=event, status=EventStatus.CANCELLED)
    assert event.status == EventStatus.CANCELLED
    told = set(
        Notification.objects.filter(verb="event_cancelled").values_list("organization", flat=True)
    )
    assert told == {guest.organization.pk, applicant.organization_id}
    with pytest.raises(ValidationError):
        event_set_status(actor=actor, event=event, status=EventStatus.PUBLISHED)


# --- Applications ---------------------------------------------------------------------------


def test_a_venture_applies_once_and_the_organizer_is_told() -> None:
    event = EventFactory()
    actor = venture_actor()
    funding_round = FundingRoundFactory(venture=actor.organization.venture)
    application = application_submit(
        actor=actor,
        event=event,
        pitch_summary="B2B exports to Kazakhstan",
        funding_round=funding_round,
    )
    assert application.status == ApplicationStatus.PENDING
    notice = Notification.objects.get(organization=event.organization)
    assert notice.verb == "event_application_received"
    with pytest.raises(ValidationError) as error:
        application_submit(actor=actor, event=event, pitch_summary="Again")
    assert messages_of(error) == "Your venture has already applied to this event."
    assert EventApplication.objects.count() == 1


def test_the_database_refuses_a_second_application_of_one_venture() -> None:
    event = EventFactory()
    venture = VentureFactory()
    EventApplication.objects.create(event=event, venture=venture, pitch_summary="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        EventApplication.objects.create(event=event, venture=venture, pitch_summary="y")


def test_a_withdrawn_application_can_be_sent_again() -> None:
    event = EventFactory()
    actor = venture_actor()
    first = application_submit(actor=actor, event=event, pitch_summary="First try")
    application_withdraw(actor=actor, application=first)
    again = application_submit(actor=actor, event=event, pitch_summary="Second try")
    assert again.pk == first.pk
    assert again.status == ApplicationStatus.PENDING
    assert again.pitch_summary == "Second try"


def test_applications_close_at_the_deadline() -> None:
    event = EventFactory()
    actor = venture_actor()
    with pytest.raises(ValidationError) as error:
        application_submit(
            actor=actor, event=event, pitch_summary="Late", at=event.application_deadline
        )
    assert "Applications closed on" in messages_of(error)
    application_submit(
        actor=actor,
        event=event,
        pitch_summary="Just in time",
        at=event.application_deadline - dt.timedelta(minutes=1),
    )


@pytest.mark.parametrize("status", [EventStatus.CLOSED, EventStatus.CANCELLED])
def test_only_published_events_take_applications(status: str) -> None:
    event = EventFactory(status=status)
    with pytest.raises(ValidationError, match="does not take applications"):
        application_submit(actor=venture_actor(), event=event, pitch_summary="x")


def test_drafts_and_viewers_and_foreign_rounds_are_refused() -> None:
    with pytest.raises(AccessDenied):
        application_submit(
            actor=venture_actor(), event=EventFactory(status=EventStatus.DRAFT), pitch_summary="x"
        )
    with pytest.raises(AccessDenied):
        application_submit(
            actor=venture_actor(role=Role.VIEWER), event=EventFactory(), pitch_summary="x"
        )
    with pytest.raises(AccessDenied):
        application_submit(
            actor=venture_actor(),
            event=EventFactory(),
            pitch_summary="x",
            funding_round=FundingRoundFactory(),
        )
    with pytest.raises(AccessDenied):
        application_submit(actor=investor(), event=EventFactory(), pitch_summary="x")


def test_the_organizer_selects_and_declining_frees_the_slot() -> None:
    event = EventFactory()
    actor = venture_actor()
    application = application_submit(actor=actor, event=event, pitch_summary="x")
    officer = organizer(event)
    application = application_decide(actor=officer, application=application, status="selected")
    slot_schedule(actor=officer, application=application, starts_at=event.starts_at)
    assert PitchSlot.objects.filter(application=application).exists()
    application = application_decide(actor=officer, application=application, status="declined")
    assert application.status == ApplicationStatus.DECLINED
    assert not PitchSlot.objects.exists()
    verbs = list(
        Notification.objects.filter(organization=actor.organization).values_list("verb", "params")
    )
    statuses = [params["status"] for verb, params in verbs if verb == "event_application_decided"]
    assert sorted(statuses) == ["declined", "selected"]
    with pytest.raises(AccessDenied):
        application_decide(actor=actor, application=application, status="selected")


# --- Pitch slots ----------------------------------------------------------------------------


def test_a_slot_is_scheduled_and_the_venture_told() -> None:
    event = EventFactory(slot_minutes=15)
    application = selected(event)
    slot = slot_schedule(actor=organizer(event), application=application, starts_at=event.starts_at)
    assert slot.ends_at - slot.starts_at == dt.timedelta(minutes=15)
    notice = Notification.objects.get(verb="event_slot_scheduled")
    assert notice.organization_id == application.venture.organization_id
    assert notice.params["when"].endswith("14:00–14:15")


def test_two_pitches_of_one_event_never_overlap() -> None:
    event = EventFactory(slot_minutes=15)
    officer = organizer(event)
    first = selected(event)
    slot_schedule(actor=officer, application=first, starts_at=event.starts_at)
    second = selected(event)
    with pytest.raises(ValidationError) as error:
        slot_schedule(
            actor=officer, application=second, starts_at=event.starts_at + dt.timedelta(minutes=10)
        )
    assert "starts_at" in error.value.error_dict
    assert first.venture.organization.name in messages_of(error)
    # Back to back is fine.
    slot_schedule(
        actor=officer, application=second, starts_at=event.starts_at + dt.timedelta(minutes=15)
    )
    assert PitchSlot.objects.filter(event=event).count() == 2


def test_a_venture_never_pitches_at_two_events_at_once() -> None:
    venture = VentureFactory()
    morning = EventFactory(title="Qianhai morning session")
    afternoon = EventFactory(
        starts_at=morning.starts_at + dt.timedelta(hours=1),
        ends_at=morning.starts_at + dt.timedelta(hours=4),
    )
    slot_schedule(
        actor=organizer(morning),
        application=selected(morning, venture),
        starts_at=morning.starts_at + dt.timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as error:
        slot_schedule(
            actor=organizer(afternoon),
            application=selected(afternoon, venture),
            starts_at=afternoon.starts_at + dt.timedelta(minutes=5),
        )
    assert "“Qianhai morning session”" in messages_of(error)
    assert PitchSlot.objects.filter(event=afternoon).count() == 0


def test_slots_stay_inside_the_event_and_within_its_count() -> None:
    event = EventFactory(pitch_slots=1, slot_minutes=30)
    officer = organizer(event)
    with pytest.raises(ValidationError, match="must fall within the event"):
        slot_schedule(
            actor=officer,
            application=selected(event),
            starts_at=event.ends_at - dt.timedelta(minutes=10),
        )
    slot_schedule(actor=officer, application=selected(event), starts_at=event.starts_at)
    with pytest.raises(ValidationError, match="All 1 pitch slots"):
        slot_schedule(
            actor=officer,
            application=selected(event),
            starts_at=event.starts_at + dt.timedelta(hours=1),
        )


def test_moving_a_slot_keeps_one_slot_and_raises_its_revision() -> None:
    event = EventFactory()
    officer = organizer(event)
    application = selected(event)
    slot_schedule(actor=officer, application=application, starts_at=event.starts_at)
    moved = slot_schedule(
        actor=officer, application=application, starts_at=event.starts_at + dt.timedelta(hours=1)
    )
    assert PitchSlot.objects.count() == 1
    assert moved.revision == 1


def test_only_selected_applications_get_slots_and_only_from_the_organizer() -> None:
    event = EventFactory()
    pending = EventApplication.objects.create(
        event=event, venture=VentureFactory(), pitch_summary="x"
    )
    with pytest.raises(ValidationError, match="Select the application"):
        slot_schedule(actor=organizer(event), application=pending, starts_at=event.starts_at)
    for actor in (organizer(event, role=Role.VIEWER), other_intermediary()):
        with pytest.raises(AccessDenied):
            slot_schedule(actor=actor, application=selected(event), starts_at=event.starts_at)


# --- Registrations --------------------------------------------------------------------------


def test_investors_register_until_the_event_is_full() -> None:
    event = EventFactory(investor_capacity=2)
    registration_create(actor=investor(), event=event)
    registration_create(actor=investor(), event=event)
    with pytest.raises(ValidationError) as error:
        registration_create(actor=investor(), event=event)
    assert messages_of(error) == "The event is full: all 2 seats are taken."
    event.refresh_from_db()
    assert event.seats_taken == 2
    assert EventRegistration.objects.filter(event=event).count() == 2


def test_one_organization_registers_once_and_a_cancelled_seat_is_free_again() -> None:
    event = EventFactory(investor_capacity=1)
    guest = investor()
    registration = registration_create(actor=guest, event=event)
    colleague = member_of(guest.organization)
    with pytest.raises(ValidationError) as error:
        registration_create(actor=colleague, event=event)
    assert messages_of(error) == "Your organization is already registered for this event."
    registration_cancel(actor=colleague, registration=registration)
    event.refresh_from_db()
    assert event.seats_taken == 0
    other = investor()
    registration_create(actor=other, event=event)
    with pytest.raises(ValidationError, match="already cancelled"):
        registration_cancel(actor=guest, registration=registration)


def test_the_attendee_must_belong_to_the_investor() -> None:
    guest = investor()
    stranger = investor()
    with pytest.raises(ValidationError) as error:
        registration_create(actor=guest, event=EventFactory(), attendee=stranger.user)
    assert "attendee" in error.value.error_dict


def test_registration_needs_a_published_event_not_started() -> None:
    event = EventFactory()
    with pytest.raises(ValidationError, match="already started"):
        registration_create(actor=investor(), event=event, at=event.starts_at)
    closed = EventFactory(status=EventStatus.CLOSED)
    with pytest.raises(ValidationError, match="does not take registrations"):
        registration_create(actor=investor(), event=closed)
    for actor in (investor(role=Role.VIEWER), venture_actor()):
        with pytest.raises(AccessDenied):
            registration_create(actor=actor, event=event)
    with pytest.raises(AccessDenied):
        registration_create(actor=investor(), event=EventFactory(status=EventStatus.DRAFT))
