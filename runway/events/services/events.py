"""Creating, editing, publishing, closing and cancelling events.

Every time-dependent rule reads `at` (now, unless a caller such as the demo replays the past).
Edits lock the event row, so a change of capacity or times cannot race a registration or a slot
being scheduled: the capacity never drops below the seats taken, the times never leave a
scheduled pitch outside the event, and the slot count never drops below the slots scheduled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.events.access import EventPolicy
from runway.events.models import (
    ApplicationStatus,
    Event,
    EventFormat,
    EventStatus,
)
from runway.events.services import notices
from runway.orgs.access import AccessDenied, Actor
from runway.taxonomy.models import Sector

EVENT_FIELDS = frozenset(
    {"title", "description", "format", "venue_address", "online_url", "starts_at", "ends_at",
     "application_deadline", "investor_capacity", "pitch_slots", "slot_minutes"}
)  # fmt: skip

# Which status each status may move to.
STATUS_MOVES: dict[str, frozenset[str]] = {
    EventStatus.DRAFT: frozenset({EventStatus.PUBLISHED, EventStatus.CANCELLED}),
    EventStatus.PUBLISHED: frozenset({EventStatus.CLOSED, EventStatus.CANCELLED}),
    EventStatus.CLOSED: frozenset({EventStatus.PUBLISHED, EventStatus.CANCELLED}),
    EventStatus.CANCELLED: frozenset(),
}


def _add(errors: dict[str, list[ValidationError]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(ValidationError(message))


def _validate(event: Event, *, now: dt.datetime, times_changed: bool) -> None:
    errors: dict[str, list[ValidationError]] = {}
    try:
        event.full_clean(exclude=["organization", "created_by"], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.update_error_dict({}))
    if event.format == EventFormat.VENUE and not event.venue_address.strip():
        _add(errors, "venue_address", _("Give the venue's address."))
    if event.format == EventFormat.ONLINE and not event.online_url.strip():
        _add(errors, "online_url", _("Give the link participants join the event with."))
    starts, ends, deadline = event.starts_at, event.ends_at, event.application_deadline
    if starts and ends and ends <= starts:
        _add(errors, "ends_at", _("The event must end after it starts."))
    if starts and deadline and deadline > starts:
        _add(errors, "application_deadline", _("Applications must close before the event starts."))
    if times_changed and starts and starts <= now:
        _add(errors, "starts_at", _("The event must start in the future."))
    if event.investor_capacity is not None and event.investor_capacity < max(event.seats_taken, 1):
        _add(
            errors,
            "investor_capacity",
            _("The capacity cannot be below the %(count)s organizations already registered.")
            % {"count": event.seats_taken}
            if event.seats_taken
            else _("Allow at least one investor organization."),
        )
    if event.slot_minutes is not None and not 1 <= event.slot_minutes <= 240:
        _add(errors, "slot_minutes", _("A pitch lasts from 1 to 240 minutes."))
    if (
        starts and ends and ends > starts and event.pitch_slots and event.slot_minutes
        and dt.timedelta(minutes=event.pitch_slots * event.slot_minutes) > ends - starts
    ):  # fmt: skip
        _add(
            errors,
            "pitch_slots",
            _("%(count)s pitches of %(minutes)s minutes do not fit in the event's time.")
            % {"count": event.pitch_slots, "minutes": event.slot_minutes},
        )
    if event.pk:
        _check_slots_still_fit(event, errors)
    if errors:
        raise ValidationError(errors)


def _check_slots_still_fit(event: Event, errors: dict[str, list[ValidationError]]) -> None:
    slots = event.slots.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    count = event.slots.count()
    if count and event.pitch_slots is not None and event.pitch_slots < count:
        _add(
            errors,
            "pitch_slots",
            _("%(count)s pitches are already scheduled; remove some first.") % {"count": count},
        )
    if slots["first"] and event.starts_at and slots["first"] < event.starts_at:
        _add(errors, "starts_at", _("A pitch is scheduled before this start; move it first."))
    if slots["last"] and event.ends_at and slots["last"] > event.ends_at:
        _add(errors, "ends_at", _("A pitch is scheduled after this end; move it first."))


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    sectors: Iterable[Sector] = (),
    at: dt.datetime | None = None,
    **fields: Any,
) -> Event:
    """A draft event organized by the actor's organization."""
    if not EventPolicy.can_create(actor):
        raise AccessDenied
    _check_fields(fields)
    event = Event(organization=actor.organization, created_by=actor.user, **fields)
    _validate(event, now=at or timezone.now(), times_changed=True)
    event.save()
    event.sectors.set(list(sectors))
    return event


@transaction.atomic
def event_update(
    *,
    actor: Actor,
    event: Event,
    sectors: Iterable[Sector] | None = None,
    at: dt.datetime | None = None,
    **fields: Any,
) -> Event:
    _check_fields(fields)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not EventPolicy.can_edit(actor, locked):
        raise AccessDenied
    now = at or timezone.now()
    if locked.status == EventStatus.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be changed."))
    if locked.ends_at <= now:
        raise ValidationError(_("The event is over; it can no longer be changed."))
    before = (locked.starts_at, locked.ends_at)
    for name, value in fields.items():
        setattr(locked, name, value)
    times_changed = (locked.starts_at, locked.ends_at) != before
    _validate(locked, now=now, times_changed=times_changed)
    locked.revision = F("revision") + 1
    locked.save()
    locked.refresh_from_db()
    if sectors is not None:
        locked.sectors.set(list(sectors))
    return locked


@transaction.atomic
def event_set_status(
    *, actor: Actor, event: Event, status: str, at: dt.datetime | None = None
) -> Event:
    """Publishes, closes, reopens or cancels the event; cancelling tells every registered
    investor and every venture with a live application."""
    locked = (
        Event.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=event.pk)
    )
    if not EventPolicy.can_edit(actor, locked):
        raise AccessDenied
    if status not in EventStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    now = at or timezone.now()
    if status not in STATUS_MOVES[locked.status]:
        raise ValidationError(
            {"status": _("An event that is “%(current)s” cannot become “%(wanted)s”.")
             % {"current": EventStatus(locked.status).label, "wanted": EventStatus(status).label}}
        )  # fmt: skip
    if locked.ends_at <= now:
        raise ValidationError({"status": _("The event is over; its status can no longer change.")})
    if status == EventStatus.PUBLISHED and locked.starts_at <= now:
        raise ValidationError({"status": _("The event has already started.")})
    Event.objects.filter(pk=locked.pk).update(status=status, revision=F("revision") + 1)
    locked.refresh_from_db()
    if status == EventStatus.CANCELLED:
        told = set(
            locked.registrations.filter(cancelled_at__isnull=True).values_list(
                "organization_id", flat=True
            )
        ) | set(
            locked.applications.filter(
                status__in=[ApplicationStatus.PENDING, ApplicationStatus.SELECTED]
            ).values_list("venture__organization_id", flat=True)
        )
        notices.event_cancelled(event=locked, organization_ids=told)
    return locked
