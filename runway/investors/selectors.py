from __future__ import annotations

from django.db.models import QuerySet

from runway.investors.models import LenderGrid, Mandate, MandateStatus
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


def grid_list_visible(*, actor: Actor) -> QuerySet[LenderGrid]:
    grids = LenderGrid.objects.select_related("organization")
    if not actor.is_platform:
        grids = grids.filter(organization=actor.organization)
    return grids


def grid_list_active() -> QuerySet[LenderGrid]:
    """Every active grid on the platform: ventures see offers computed from all of them."""
    return LenderGrid.objects.filter(is_active=True).select_related("organization")
