"""Reminder e-mails a day before an event, each with the recipient's calendar file attached.

`event_reminders_send()` is safe to run as often as wanted (the scheduler runs it hourly): it looks
at events starting within the next `LEAD` that are still on, and e-mails each registered
investor's attendee and each member of each selected venture who has not been reminded yet. The
`EventReminder` row is written in the same transaction as the sending, under a unique constraint,
so two runs at once remind each person once; a failed send rolls its row back for the next run.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from runway.accounts.models import User
from runway.events.calendar import calendar_filename, event_calendar
from runway.events.models import (
    ApplicationStatus,
    Event,
    EventReminder,
    EventStatus,
    PitchSlot,
)
from runway.events.times import local_text, span_text
from runway.orgs.models import Membership

LEAD = dt.timedelta(hours=24)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    user: User
    slots: tuple[PitchSlot, ...]  # the recipient's own pitch, for a selected venture's members


def recipient_language(user: User) -> str:
    """The person's language when the platform stores one (it does not yet), else the default."""
    stored = getattr(user, "language", "") or ""
    return stored if stored in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def recipients(event: Event) -> Iterator[Recipient]:
    """Registered investors' attendees, then the members of selected ventures, each once."""
    seen: set[int] = set()
    registrations = event.registrations.filter(
        cancelled_at__isnull=True, attendee__is_active=True
    ).select_related("attendee")
    for registration in registrations:
        if registration.attendee is not None and registration.attendee.pk not in seen:
            seen.add(registration.attendee.pk)
            yield Recipient(user=registration.attendee, slots=())
    slots = {
        slot.application_id: slot
        for slot in event.slots.select_related("venture__organization", "event__organization")
    }
    for application in event.applications.filter(status=ApplicationStatus.SELECTED):
        slot = slots.get(application.pk)
        members = Membership.objects.filter(
            organization__venture=application.venture_id, user__is_active=True
        ).select_related("user")
        for membership in members:
            if membership.user.pk not in seen:
                seen.add(membership.user.pk)
                yield Recipient(user=membership.user, slots=(slot,) if slot else ())


def due_events(now: dt.datetime) -> Sequence[Event]:
    return list(
        Event.objects.filter(
            status__in=[EventStatus.PUBLISHED, EventStatus.CLOSED],
            starts_at__gt=now,
            starts_at__lte=now + LEAD,
        ).select_related("organization")
    )


def _send(event: Event, recipient: Recipient, page_url: str) -> None:
    with translation.override(recipient_language(recipient.user)):
        context = {
            "event": event,
            "user": recipient.user,
            "starts": local_text(event.starts_at),
            "ends": local_text(event.ends_at),
            "pitches": [span_text(slot.starts_at, slot.ends_at) for slot in recipient.slots],
            "page_url": page_url,
        }
        subject = " ".join(render_to_string("events/emails/reminder_subject.txt", context).split())
        body = render_to_string("events/emails/reminder.txt", context)
    message = EmailMultiAlternatives(subject, body, None, [recipient.user.email])
    message.attach(
        calendar_filename(event),
        event_calendar(event=event, slots=recipient.slots, page_url=page_url),
        "text/calendar; charset=utf-8; method=PUBLISH",
    )
    message.send()


def event_reminders_send(*, now: dt.datetime | None = None, base_url: str = "") -> int:
    """Reminds everyone due a reminder; returns how many e-mails went out."""
    now = now or timezone.now()
    base_url = base_url or settings.SITE_URL
    sent = 0
    for event in due_events(now):
        page_url = base_url.rstrip("/") + reverse("events:detail", args=[event.pk])
        for recipient in recipients(event):
            try:
                with transaction.atomic():
                    _reminder, created = EventReminder.objects.get_or_create(
                        event=event, user=recipient.user
                    )
                    if not created:
                        continue
                    _send(event, recipient, page_url)
            except IntegrityError:
                continue  # another run reminded this person at the same moment
            except OSError:
                logger.exception(
                    "event %s: reminder to user %s not sent", event.pk, recipient.user.pk
                )
                continue
            sent += 1
    return sent
