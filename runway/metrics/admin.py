"""Operators read import jobs, figures, traffic and finance snapshots here; none is edited here:
figures change only through imports, the venture's own entries and its shop's pushes."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from runway.metrics.models import DailyTraffic, FinanceSnapshot, ImportJob, MonthlyKPI


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


@admin.register(FinanceSnapshot)
class FinanceSnapshotAdmin(admin.ModelAdmin[FinanceSnapshot]):
    list_display = ["venture", "as_of", "cash", "monthly_burn", "currency", "created_at"]
    search_fields = ["venture__organization__name"]
    list_select_related = ["venture__organization"]
    readonly_fields = [f.name for f in FinanceSnapshot._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(DailyTraffic)
class DailyTrafficAdmin(admin.ModelAdmin[DailyTraffic]):
    list_display = ["venture", "date", "visits", "page_views"]
    search_fields = ["venture__organization__name"]
    list_select_related = ["venture__organization"]
    readonly_fields = [f.name for f in DailyTraffic._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
