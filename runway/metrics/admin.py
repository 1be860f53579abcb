"""Operators read import jobs and figures here; figures change only through imports."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from runway.metrics.models import ImportJob, MonthlyKPI


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    list_display = ["original_name", "venture", "status", "rows", "excluded_rows", "created_at"]
    list_filter = ["status", "layout"]
    search_fields = ["original_name", "content_hash", "venture__organization__name"]
    list_select_related = ["venture__organization"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(MonthlyKPI)
class MonthlyKPIAdmin(admin.ModelAdmin[MonthlyKPI]):
    list_display = ["venture", "month", "gmv", "net_revenue", "orders", "buyers", "verification"]
    list_filter = ["verification"]
    search_fields = ["venture__organization__name"]
    list_select_related = ["venture__organization"]
    readonly_fields = [f.name for f in MonthlyKPI._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
