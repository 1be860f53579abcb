"""The pitch schedule: the organizer gives each selected venture a slot inside the event.

A slot lasts the event's `slot_minutes`. Scheduling locks the event row, then the venture's row
(always in that order, so two schedulers never wait on each other in a circle): pitches of one
event are placed one at a time, and one venture's slots across events too. Under those locks the
service refuses a slot outside the event, beyond the event's number of slots, overlapping another
pitch of the event, or overlapping the venture's pitch at another event (naming that event). On
PostgreSQL two exclusion constraints refuse the same overlaps whatever the code above does.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.events.access import EventPolicy
from runway.events.models import (
    ApplicationStatus,
    Event,
    EventApplication,
    EventStatus,
    PitchSlot,
)
from runway.events.services import notices
from runway.events.times import span_text
from runway.orgs.access import AccessDenied, Actor
from runway.ventures.models import Venture


def _overlapping(starts_at: dt.datetime, ends_at: dt.datetime) -> dict[str, dt.datetime]:
    return {"starts_at__lt": ends_at, "ends_at__gt": starts_at}


@transaction.atomic
def slot_schedule(
    *,
    actor: Actor,
    application: EventApplication,
    starts_at: dt.datetime,
    at: dt.datetime | None = None,
) -> PitchSlot:
    """Gives the selected application its pitch slot starting at `starts_at`, or moves it."""
    if not EventPolicy.can_edit(actor, application.event):
        raise AccessDenied
    if starts_at is None or timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Give the pitch's start time.")})
    event = Event.objects.select_for_update().get(pk=application.event_id)
    Venture.objects.select_for_update().filter(pk=application.venture_id).first()
    application = (
        EventApplication.objects.select_related("venture__organization")
        .filter(pk=application.pk)
        .get()
    )
    now = at or timezone.now()
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("The event is cancelled."))
    if now >= event.ends_at:
        raise ValidationError(_("The event is over."))
    if application.status != ApplicationStatus.SELECTED:
        raise ValidationError(_("Select the application before giving it a pitch slot."))
    ends_at = starts_at + dt.timedelta(minutes=event.slot_minutes)
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ValidationError(
            {"starts_at": _("The pitch (%(slot)s) must fall within the event (%(event)s).")
             % {"slot": span_text(starts_at, ends_at),
                "event": span_text(event.starts_at, event.ends_at)}}
        )  # fmt: skip
    others = PitchSlot.objects.filter(event=event).exclude(application=application)
    if others.count() >= event.pitch_slots:
        raise ValidationError(
            _("All %(count)s pitch slots of this event are taken.") % {"count": event.pitch_slots}
        )
    clash = (
        others.filter(**_overlapping(starts_at, ends_at))
        .select_related("venture__organization")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {"starts_at": _("This overlaps the pitch of %(venture)s (%(slot)s).")
             % {"venture": clash.venture.organization.name,
                "slot": span_text(clash.starts_at, clash.ends_at)}}
        )  # fmt: skip
    elsewhere = (
        PitchSlot.objects.filter(
            venture_id=application.venture_id, **_overlapping(starts_at, ends_at)
        )
        .exclude(event=event)
        .select_related("event")
        .first()
    )
    if elsewhere is not None:
        raise ValidationError(
            {"starts_at": _("%(venture)s pitches at “%(event)s” at that time (%(slot)s).")
             % {"venture": application.venture.organization.name,
                "event": elsewhere.event.title,
                "slot": span_text(elsewhere.starts_at, elsewhere.ends_at)}}
        )  # fmt: skip
    slot = PitchSlot.objects.filter(application=application).first()
    if slot is None:
        slot = PitchSlot.objects.create(
            event=event,
            application=application,
            venture_id=application.venture_id,
            starts_at=starts_at,
            ends_at=ends_at,
        )
    else:
        PitchSlot.objects.filter(pk=slot.pk).update(
            starts_at=starts_at, ends_at=ends_at, revision=F("revision") + 1
        )
    slot = PitchSlot.objects.select_related("event", "venture__organization").get(pk=slot.pk)
    notices.slot_scheduled(slot=slot)
    return slot


@transaction.atomic
def slot_remove(*, actor: Actor, slot: PitchSlot) -> None:
    if not EventPolicy.can_edit(actor, slot.event):
        raise AccessDenied
    PitchSlot.objects.filter(pk=slot.pk).delete()
