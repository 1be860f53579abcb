from __future__ import annotations

from django.contrib import admin

from runway.events.models import (
    Event,
    EventApplication,
    EventRegistration,
    EventReminder,
    PitchSlot,
)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = [
        "title",
        "organization",
        "status",
        "starts_at",
        "investor_capacity",
        "seats_taken",
    ]
    list_filter = ["status", "format"]
    list_select_related = ["organization"]
    search_fields = ["title", "description", "organization__name"]
    raw_id_fields = ["organization", "created_by"]
    date_hierarchy = "starts_at"
    # Seats change only through the registration services, under their capacity check.
    readonly_fields = ["seats_taken", "revision", "uid"]


@admin.register(EventApplication)
class EventApplicationAdmin(admin.ModelAdmin[EventApplication]):
    list_display = ["event", "venture", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["event", "venture__organization"]
    raw_id_fields = ["event", "venture", "funding_round", "submitted_by"]
    search_fields = ["event__title", "venture__organization__name"]


@admin.register(PitchSlot)
class PitchSlotAdmin(admin.ModelAdmin[PitchSlot]):
    list_display = ["event", "venture", "starts_at", "ends_at"]
    list_select_related = ["event", "venture__organization"]
    raw_id_fields = ["event", "application", "venture"]


@admin.register(EventRegistration)
class EventRegistrationAdmin(admin.ModelAdmin[EventRegistration]):
    list_display = ["event", "organization", "attendee", "registered_at", "cancelled_at"]
    list_select_related = ["event", "organization", "attendee"]
    raw_id_fields = ["event", "organization", "attendee"]

    # A registration added or removed here would leave the event's seat count wrong.
    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(EventReminder)
class EventReminderAdmin(admin.ModelAdmin[EventReminder]):
    list_display = ["event", "user", "sent_at"]
    raw_id_fields = ["event", "user"]
