from django.contrib import admin

from runway.fx.models import FxRate


@admin.register(FxRate)
class FxRateAdmin(admin.ModelAdmin[FxRate]):
    list_display = ("currency", "on", "rate_to_cny", "source")
    list_filter = ("currency",)
    date_hierarchy = "on"
    search_fields = ("source",)
