"""Listings and letters of intent for platform operators: read-only, because every change goes
through the services (row locks, exclusivity, revocations and notifications)."""

from __future__ import annotations

from django.contrib import admin

from runway.exits.models import Listing, ListingAccess, ListingNda, Offer
from runway.orgs.admin import ReadOnlyAdmin


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ["code_name", "venture", "status", "valuation_low", "valuation_high",
                    "currency", "exclusive_buyer", "exclusive_until", "published_at"]  # fmt: skip
    list_filter = ["status"]
    list_select_related = ["venture__organization", "exclusive_buyer"]
    search_fields = ["code_name", "venture__organization__name"]


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["listing", "buyer", "price", "currency", "structure", "status",
                    "valid_until", "submitted_at"]  # fmt: skip
    list_filter = ["status", "structure"]
    list_select_related = ["listing", "buyer"]
    search_fields = ["buyer__name", "listing__code_name"]


@admin.register(ListingNda)
class ListingNdaAdmin(ReadOnlyAdmin):
    list_display = ["listing", "organization", "version", "user", "accepted_at", "ip", "revoked_at"]
    list_select_related = ["listing", "organization", "user"]


@admin.register(ListingAccess)
class ListingAccessAdmin(ReadOnlyAdmin):
    list_display = ["listing", "organization", "user", "outcome", "at", "ip"]
    list_filter = ["outcome"]
    list_select_related = ["listing", "organization", "user"]
