"""Who may see and change mandates: the investor's own members (viewers read), and platform staff
(read only). A mandate is an investor's private strategy; ventures do not see it."""

from __future__ import annotations

from runway.investors.models import LenderGrid, Mandate
from runway.orgs.access import Actor, Need, authorized_by_id
from runway.orgs.models import OrganizationKind


class MandatePolicy:
    @staticmethod
    def can_list(actor: Actor) -> bool:
        """Investors list their own mandates; platform staff list everyone's."""
        return actor.kind == OrganizationKind.INVESTOR or actor.is_platform

    @staticmethod
    def can_view(actor: Actor, mandate: Mandate) -> bool:
        return actor.acts_for(mandate.organization_id) or actor.is_platform

    @staticmethod
    def can_edit(actor: Actor, mandate: Mandate) -> bool:
        return actor.acts_for(mandate.organization_id) and actor.can(Need.EDIT)

    @staticmethod
    def can_create(actor: Actor) -> bool:
        return actor.kind == OrganizationKind.INVESTOR and actor.can(Need.EDIT)


def access_mandate_by_id(*, actor: Actor, mandate_id: int, need: Need) -> Mandate:
    """The mandate if the actor may `need` it; AccessDenied alike when missing or not allowed."""
    return authorized_by_id(
        Mandate.objects.select_related("organization"),
        mandate_id,
        policy=MandatePolicy,
        actor=actor,
        need=need,
    )


class LenderGridPolicy:
    """A lender's grid is its own pricing: its members read and write it, platform staff read.
    Ventures never see a grid, only the offers computed from it."""

    @staticmethod
    def can_view(actor: Actor, grid: LenderGrid) -> bool:
        return actor.acts_for(grid.organization_id) or actor.is_platform

    @staticmethod
    def can_edit(actor: Actor, grid: LenderGrid) -> bool:
        return actor.acts_for(grid.organization_id) and actor.can(Need.EDIT)

    @staticmethod
    def can_create(actor: Actor) -> bool:
        return actor.kind == OrganizationKind.INVESTOR and actor.can(Need.EDIT)


def access_grid_by_id(*, actor: Actor, grid_id: int, need: Need) -> LenderGrid:
    return authorized_by_id(
        LenderGrid.objects.select_related("organization"),
        grid_id,
        policy=LenderGridPolicy,
        actor=actor,
        need=need,
    )
