"""Organizations, memberships and invitations for platform operators, who also verify here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from runway.orgs.models import Invitation, Membership, Organization
from runway.orgs.services import organization_set_verified


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """For records kept as they were made (audit trails, deal histories, declarations):
    operators read them, nobody edits them here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organization"
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "category",
        "country",
        "credit_code",
        "registry_number",
        "city",
        "is_verified",
        "created_at",
    )
    list_filter = ("kind", "is_verified", "category", "country")
    search_fields = ("name", "slug", "credit_code", "registry_number", "city")
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Verification changes only through the actions, which record when it happened.
    readonly_fields = ("is_verified", "verified_at", "created_at")
    inlines = (MembershipInline,)
    actions = ("mark_verified", "remove_verification")
    date_hierarchy = "created_at"

    @admin.action(description=_("Mark verified"))
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[Organization]) -> None:
        self._set_verified(request, queryset, verified=True)

    @admin.action(description=_("Remove verification"))
    def remove_verification(self, request: HttpRequest, queryset: QuerySet[Organization]) -> None:
        self._set_verified(request, queryset, verified=False)

    def _set_verified(
        self, request: HttpRequest, queryset: QuerySet[Organization], *, verified: bool
    ) -> None:
        count = 0
        for organization in queryset:
            organization_set_verified(organization=organization, verified=verified)
            count += 1
        if verified:
            message = ngettext(
                "%(count)d organization is verified.",
                "%(count)d organizations are verified.",
                count,
            )
        else:
            message = ngettext(
                "%(count)d organization is no longer verified.",
                "%(count)d organizations are no longer verified.",
                count,
            )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role", "organization__kind")
    search_fields = ("user__email", "user__full_name", "organization__name")
    autocomplete_fields = ("user", "organization")
    list_select_related = ("user", "organization")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = (
        "email",
        "organization",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("role",)
    search_fields = ("email", "organization__name")
    list_select_related = ("organization", "invited_by")
    autocomplete_fields = ("organization",)
    readonly_fields = ("token_hash", "invited_by", "created_at", "accepted_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The link goes out by e-mail from the organization page; a token made here could not be.
        return False
