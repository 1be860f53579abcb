"""Operators read passports here; they are issued and revoked only by the venture's members,
and a signed document is never edited (any change would break its signature)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from runway.passports.models import Passport


@admin.register(Passport)
class PassportAdmin(admin.ModelAdmin[Passport]):
    list_display = ["passport_id", "venture", "period_from", "period_to", "issued_at",
                    "expires_at", "revoked_at"]  # fmt: skip
    list_filter = ["revoked_at"]
    search_fields = ["passport_id", "venture__organization__name"]
    list_select_related = ["venture__organization"]
    readonly_fields = [f.name for f in Passport._meta.fields]
    exclude = ["token_hash"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
