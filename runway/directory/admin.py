from __future__ import annotations

from django.contrib import admin

from runway.directory.models import DirectoryEntry, ProfileSettings


@admin.register(ProfileSettings)
class ProfileSettingsAdmin(admin.ModelAdmin[ProfileSettings]):
    list_display = ["venture", "listed", "show_raw_figures", "updated_at"]
    list_filter = ["listed", "show_raw_figures"]
    list_select_related = ["venture__organization"]
    raw_id_fields = ["venture"]
    search_fields = ["venture__organization__name"]


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(admin.ModelAdmin[DirectoryEntry]):
    """Read-only: entries are derived; `manage.py directory_reindex` rebuilds them."""

    list_display = ["venture", "grade", "verification", "revenue_band", "growth_band", "indexed_at"]
    list_filter = ["grade", "verification", "revenue_band", "growth_band"]
    list_select_related = ["venture__organization"]
    search_fields = ["venture__organization__name"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
