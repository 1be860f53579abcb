from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from runway.investors.models import Mandate, QualifiedInvestorDeclaration
from runway.orgs.admin import ReadOnlyAdmin


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin[Mandate]):
    list_display = ["title", "organization", "status", "ticket_range", "created_at"]
    list_filter = ["status", "currency", "instruments", "sectors", "stages", "regions"]
    list_select_related = ["organization"]
    search_fields = ["title", "thesis", "organization__name"]
    raw_id_fields = ["organization"]
    filter_horizontal = ["instruments", "sectors", "stages", "regions"]
    date_hierarchy = "created_at"

    @admin.display(description=_("ticket range"), ordering="ticket_min")
    def ticket_range(self, mandate: Mandate) -> str:
        return f"{mandate.ticket_min:,.2f}–{mandate.ticket_max:,.2f} {mandate.currency}"


@admin.register(QualifiedInvestorDeclaration)
class QualifiedInvestorDeclarationAdmin(ReadOnlyAdmin):
    """Read-only: a declaration is the investor's own statement, kept as it was made."""

    list_display = ["organization", "basis", "declared_by", "declared_at", "valid_until"]
    list_filter = ["basis"]
    list_select_related = ["organization", "declared_by"]
    search_fields = ["organization__name", "declared_by__email"]
    date_hierarchy = "declared_at"
