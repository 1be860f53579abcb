from __future__ import annotations

from django.contrib import admin

from runway.taxonomy.models import Instrument, Region, Sector, Stage

TERM_FIELDS = ("code", "name_zh", "name_en", "name_ru", "position")
TERM_SEARCH = ("code", "name_zh", "name_en", "name_ru")


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin[Sector]):
    list_display = TERM_FIELDS
    list_editable = ["position"]
    search_fields = TERM_SEARCH


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin[Stage]):
    list_display = TERM_FIELDS
    list_editable = ["position"]
    search_fields = TERM_SEARCH


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = (*TERM_FIELDS, "parent")
    list_editable = ["position"]
    list_filter = ["parent"]
    list_select_related = ["parent"]
    search_fields = TERM_SEARCH
    raw_id_fields = ["parent"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin[Instrument]):
    list_display = (*TERM_FIELDS, "is_debt")
    list_editable = ["position"]
    list_filter = ["is_debt"]
    search_fields = TERM_SEARCH
