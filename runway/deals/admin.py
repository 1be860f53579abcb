"""Deals and data rooms for platform operators: read-only, because every change goes through the
services (states through deal_transition, files through the upload checks)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from runway.deals.models import (
    AccessEvent,
    AccessGrant,
    Commitment,
    Deal,
    DealEvent,
    Document,
    NdaAcceptance,
    ProgramReservation,
)
from runway.orgs.admin import ReadOnlyAdmin


@admin.register(Deal)
class DealAdmin(ReadOnlyAdmin):
    list_display = ["funding_round", "investor", "state", "state_changed_at"]
    list_filter = ["state"]
    list_select_related = ["funding_round__venture__organization", "investor"]
    search_fields = ["investor__name", "funding_round__title"]


@admin.register(DealEvent)
class DealEventAdmin(ReadOnlyAdmin):
    list_display = ["deal", "from_state", "to_state", "organization", "user", "at"]
    list_filter = ["to_state"]
    list_select_related = ["deal", "organization", "user"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    # The file itself is not linked: documents are served only through the checked views.
    list_display = [
        "title", "venture", "content_type", "size", "confidentiality", "uploaded_at", "deleted_at",
    ]  # fmt: skip
    list_filter = ["confidentiality", "content_type"]
    list_select_related = ["venture__organization"]
    exclude = ["file"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        # Operators see deleted and replaced versions too: they answer for the audit trail.
        return Document.all_versions.select_related("venture__organization")


@admin.register(AccessGrant)
class AccessGrantAdmin(ReadOnlyAdmin):
    list_display = ["venture", "organization", "document", "level", "expires_at", "revoked_at"]
    list_select_related = ["venture__organization", "organization", "document"]


@admin.register(NdaAcceptance)
class NdaAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["organization", "venture", "version", "user", "accepted_at", "ip"]
    list_select_related = ["organization", "venture__organization", "user"]


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ["document", "organization", "user", "action", "outcome", "at", "ip"]
    list_filter = ["action", "outcome"]
    list_select_related = ["document", "organization", "user"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = [
        "funding_round",
        "investor",
        "kind",
        "amount",
        "currency",
        "status",
        "created_at",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["funding_round__venture__organization", "investor"]
    search_fields = ["investor__name", "funding_round__title"]


@admin.register(ProgramReservation)
class ProgramReservationAdmin(ReadOnlyAdmin):
    # Reservations move the program's `reserved` with them; only the services change them.
    list_display = ["funding_round", "program", "amount", "currency", "status", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["funding_round__venture__organization", "program"]
