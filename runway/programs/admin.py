from __future__ import annotations

from django.contrib import admin

from runway.programs.models import Application, Award, PreRegistration, Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ["title", "organization", "kind", "status", "currency", "budget", "committed"]
    list_filter = ["kind", "status", "currency"]
    list_select_related = ["organization"]
    search_fields = ["title", "summary", "organization__name"]
    raw_id_fields = ["organization"]
    # Awards change `committed` only through the service, under its budget check.
    readonly_fields = ["committed"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ["program", "venture", "amount", "currency", "status", "submitted_at"]
    list_filter = ["status", "program__kind"]
    list_select_related = ["program", "venture__organization"]
    raw_id_fields = ["program", "venture", "funding_round", "submitted_by", "decided_by"]
    search_fields = ["program__title", "venture__organization__name"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin[Award]):
    list_display = ["program", "venture", "amount", "currency", "awarded_at"]
    list_select_related = ["program", "venture__organization"]

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(PreRegistration)
class PreRegistrationAdmin(admin.ModelAdmin[PreRegistration]):
    list_display = ["program", "venture", "registered_on"]
    raw_id_fields = ["program", "venture", "registered_by"]
