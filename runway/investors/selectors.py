from __future__ import annotations

from django.db.models import QuerySet

from runway.investors.models import Mandate, MandateStatus
from runway.orgs.access import Actor


def mandate_list_visible(*, actor: Actor, status: str | None = None) -> QuerySet[Mandate]:
    mandates = Mandate.objects.select_related("organization").prefetch_related(
        "instruments", "sectors", "stages", "regions"
    )
    if not actor.is_platform:
        mandates = mandates.filter(organization=actor.organization)
    if status:
        mandates = mandates.filter(status=status)
    return mandates.order_by("-created_at", "-pk")


def mandate_list_open(*, actor: Actor) -> QuerySet[Mandate]:
    return mandate_list_visible(actor=actor, status=MandateStatus.OPEN)
