from __future__ import annotations

from django.contrib import admin

from runway.sponsors.models import Sponsorship


@admin.register(Sponsorship)
class SponsorshipAdmin(admin.ModelAdmin[Sponsorship]):
    """Read-only for operators: both sides change sponsorships through the site, which notifies
    the other side and reindexes the venture."""

    list_display = ["intermediary", "venture", "status", "proposed_at", "decided_at", "ended_at"]
    list_filter = ["status"]
    list_select_related = ["intermediary", "venture__organization"]
    raw_id_fields = ["intermediary", "venture", "proposed_by", "decided_by", "ended_by"]
    search_fields = ["intermediary__name", "venture__organization__name"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
