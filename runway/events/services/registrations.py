"""Investor seats: one per investor organization, taken by the person who attends.

Capacity counts organizations. Registering locks the event row, so registrations to one event
are decided one at a time: of many arriving together for the last seat, one gets it and the rest
are told the event is full. The seat itself is taken by one conditional UPDATE
(`seats_taken < investor_capacity`), and the database's check constraint
(`seats_taken <= investor_capacity`) holds whatever the code above does. A partial unique
constraint refuses a second active registration of the same organization.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.accounts.models import User
from runway.events.access import EventPolicy, RegistrationPolicy
from runway.events.models import Event, EventRegistration, EventStatus
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import Membership


def already_registered_message() -> str:
    return _("Your organization is already registered for this event.")


@transaction.atomic
def registration_create(
    *,
    actor: Actor,
    event: Event,
    attendee: User | None = None,
    at: dt.datetime | None = None,
) -> EventRegistration:
    """Takes a seat for the actor's investor organization; `attendee` (a member of it, the acting
    person by default) receives the reminder."""
    if not EventPolicy.can_register(actor, event):
        raise AccessDenied
    attendee = attendee or actor.user
    if attendee is None:
        raise ValidationError({"attendee": _("Name the person who attends, by e-mail address.")})
    if not Membership.objects.filter(user=attendee, organization=actor.organization).exists():
        raise ValidationError(
            {"attendee": _("The attendee must be a member of your organization.")}
        )
    locked = Event.objects.select_for_update().get(pk=event.pk)
    now = at or timezone.now()
    if locked.status != EventStatus.PUBLISHED:
        raise ValidationError(_("This event does not take registrations."))
    if now >= locked.starts_at:
        raise ValidationError(_("The event has already started."))
    if EventRegistration.objects.filter(
        event=locked, organization=actor.organization, cancelled_at__isnull=True
    ).exists():
        raise ValidationError(already_registered_message())
    seated = Event.objects.filter(pk=locked.pk, seats_taken__lt=F("investor_capacity")).update(
        seats_taken=F("seats_taken") + 1
    )
    if not seated:
        raise ValidationError(
            _("The event is full: all %(count)s seats are taken.")
            % {"count": locked.investor_capacity}
        )
    try:
        with transaction.atomic():
            registration = EventRegistration.objects.create(
                event=locked, organization=actor.organization, attendee=attendee
            )
    except IntegrityError as duplicate:
        raise ValidationError(already_registered_message()) from duplicate
    return EventRegistration.objects.select_related("event__organization", "organization").get(
        pk=registration.pk
    )


@transaction.atomic
def registration_cancel(
    *, actor: Actor, registration: EventRegistration, at: dt.datetime | None = None
) -> EventRegistration:
    """Gives the seat back, until the event starts."""
    if not RegistrationPolicy.can_edit(actor, registration):
        raise AccessDenied
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    locked = EventRegistration.objects.select_for_update().get(pk=registration.pk)
    now = at or timezone.now()
    if locked.cancelled_at is not None:
        raise ValidationError(_("This registration is already cancelled."))
    if now >= event.starts_at:
        raise ValidationError(_("The event has already started."))
    locked.cancelled_at = now
    locked.save(update_fields=["cancelled_at"])
    Event.objects.filter(pk=event.pk, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
    return locked
