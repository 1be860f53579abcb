from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from runway.ventures.models import FundingRound, Venture


class FundingRoundInline(admin.TabularInline[FundingRound, Venture]):
    model = FundingRound
    extra = 0
    fields = ["title", "instrument", "status", "currency", "target_amount", "opens_on", "closes_on"]
    show_change_link = True


@admin.register(Venture)
class VentureAdmin(admin.ModelAdmin[Venture]):
    list_display = ["name", "business_model", "city", "stage", "is_public", "updated_at"]
    list_filter = ["is_public", "business_model", "stage", "sectors", "city"]
    list_select_related = ["organization", "city", "stage"]
    search_fields = [
        "organization__name",
        "tagline",
        "description_zh",
        "description_en",
        "description_ru",
    ]
    raw_id_fields = ["organization"]
    filter_horizontal = ["sectors", "markets"]
    inlines = [FundingRoundInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("name"), ordering="organization__name")
    def name(self, venture: Venture) -> str:
        return venture.organization.name


@admin.register(FundingRound)
class FundingRoundAdmin(admin.ModelAdmin[FundingRound]):
    list_display = ["title", "venture", "instrument", "status", "target", "opens_on", "closes_on"]
    list_filter = ["status", "instrument", "currency", "venture__sectors"]
    list_select_related = ["venture__organization", "instrument"]
    search_fields = ["title", "venture__organization__name", "use_of_funds"]
    raw_id_fields = ["venture"]
    date_hierarchy = "opens_on"

    @admin.display(description=_("target amount"), ordering="target_amount")
    def target(self, funding_round: FundingRound) -> str:
        return f"{funding_round.target_amount:,.2f} {funding_round.currency}"
