"""Roadshow events: an intermediary or a government organization invites ventures to pitch and
investors to listen.

Ventures apply (`EventApplication`, one per venture per event); the organizer selects some and
gives each a `PitchSlot`; investor organizations register (`EventRegistration`), one seat per
organization, up to the event's `investor_capacity`. After the event a registered investor asks
the pitching ventures for introductions (through the deals app), and a day before it every
participant is reminded by e-mail (`EventReminder` records who was, so nobody is reminded twice).

`seats_taken` counts the active registrations; it only ever changes by a conditional UPDATE inside
the transaction that adds or cancels a registration (services.registrations), and the check
constraint is the database's own guarantee that an event never holds more organizations than its
capacity. On PostgreSQL two exclusion constraints (migration 0002) also refuse overlapping pitch
slots within an event and overlapping slots of one venture across events.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from runway.orgs.models import Organization
from runway.taxonomy.models import Sector
from runway.ventures.models import FundingRound, Venture


class EventFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    VENUE = "venue", _("At a venue")


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "published", pgettext_lazy("event status", "Published")
    # Still takes place; no longer takes applications or registrations.
    CLOSED = "closed", pgettext_lazy("event status", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class Event(models.Model):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organizer"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    # The calendar UID: stable for the event's whole life, whatever database it moves to.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.VENUE
    )
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    application_deadline = models.DateTimeField(
        _("application deadline"), help_text=_("Ventures apply until this moment.")
    )
    investor_capacity = models.PositiveIntegerField(
        _("investor capacity"),
        help_text=_("How many investor organizations may register: one seat each."),
    )
    pitch_slots = models.PositiveSmallIntegerField(_("pitch slots"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per pitch"), default=10)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("theme sectors"), related_name="events", blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    # Raised on every change, so calendar programs replace their copy (iCalendar SEQUENCE).
    revision = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="events_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(application_deadline__lte=F("starts_at")),
                name="events_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=Q(investor_capacity__gte=1), name="events_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("investor_capacity")),
                name="events_seats_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=1) & Q(slot_minutes__lte=240),
                name="events_slot_minutes_range",
            ),
            models.CheckConstraint(
                condition=~Q(format="venue") | ~Q(venue_address=""),
                name="events_venue_has_address",
            ),
            models.CheckConstraint(
                condition=~Q(format="online") | ~Q(online_url=""),
                name="events_online_has_link",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="events_status_known"
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at

    @property
    def seats_left(self) -> int:
        return max(self.investor_capacity - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.seats_taken >= self.investor_capacity

    @property
    def location(self) -> str:
        return self.online_url if self.format == EventFormat.ONLINE else self.venue_address


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("event application", "Pending")
    SELECTED = "selected", pgettext_lazy("event application", "Selected")
    DECLINED = "declined", pgettext_lazy("event application", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("event application", "Withdrawn")


class EventApplication(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="applications")
    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.CASCADE,
        related_name="event_applications",
    )  # fmt: skip
    funding_round = models.ForeignKey(
        FundingRound,
        verbose_name=_("round to present"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_applications",
    )
    pitch_summary = models.TextField(_("pitch summary"))
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event application")
        verbose_name_plural = _("event applications")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "venture"], name="events_one_application"),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="events_application_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venture_id} -> {self.event_id} ({self.status})"


class PitchSlot(models.Model):
    """When a selected venture pitches. `venture` repeats the application's so the database can
    refuse one venture's overlapping slots across events (PostgreSQL exclusion constraint)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    application = models.OneToOneField(
        EventApplication, on_delete=models.CASCADE, related_name="slot"
    )
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="pitch_slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("pitch slot")
        verbose_name_plural = _("pitch slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="events_slot_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["venture", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.venture_id} @ {self.event_id} {self.starts_at:%Y-%m-%d %H:%M}"


class EventRegistration(models.Model):
    """One investor organization's seat, taken by the person who attends (`attendee`)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organization = models.ForeignKey(
        Organization, verbose_name=_("investor"), on_delete=models.CASCADE,
        related_name="event_registrations",
    )  # fmt: skip
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("attendee"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="event_registrations",
    )  # fmt: skip
    registered_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"],
                condition=Q(cancelled_at__isnull=True),
                name="events_one_active_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} @ {self.event_id}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class EventReminder(models.Model):
    """A reminder e-mail sent: written before the mail goes out, so no one gets two."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event reminder")
        verbose_name_plural = _("event reminders")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_remind_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.event_id}"
