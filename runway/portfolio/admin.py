"""Holdings, alerts, digests and the metrics audit for platform operators: read-only, because
holdings come only from closing a round and the rest is written by the nightly runs."""

from __future__ import annotations

from django.contrib import admin

from runway.orgs.admin import ReadOnlyAdmin
from runway.portfolio.models import (
    Alert,
    DigestDelivery,
    DigestPreference,
    Holding,
    MetricsAccessEvent,
)


@admin.register(Holding)
class HoldingAdmin(ReadOnlyAdmin):
    list_display = ["investor", "venture", "funding_round", "amount", "currency", "acquired_on"]
    list_filter = ["currency", "instrument"]
    list_select_related = ["investor", "venture__organization", "funding_round"]
    search_fields = ["investor__name", "venture__organization__name", "funding_round__title"]
    date_hierarchy = "acquired_on"


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["investor", "venture", "kind", "period", "created_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["investor", "venture__organization"]
    search_fields = ["investor__name", "venture__organization__name"]


@admin.register(DigestPreference)
class DigestPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["membership", "receive", "language", "updated_at"]
    list_filter = ["receive", "language"]
    list_select_related = ["membership__user", "membership__organization"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["user", "organization", "period", "sent_at", "language"]
    list_select_related = ["user", "organization"]
    date_hierarchy = "period"


@admin.register(MetricsAccessEvent)
class MetricsAccessEventAdmin(ReadOnlyAdmin):
    list_display = ["venture", "organization", "user", "channel", "outcome", "at", "ip"]
    list_filter = ["channel", "outcome"]
    list_select_related = ["venture__organization", "organization", "user"]
