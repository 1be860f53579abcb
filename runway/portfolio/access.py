"""Who may see holdings, their alerts and the held ventures' figures.

A portfolio belongs to the organization holding it: an investor, or a government organization
whose program co-invested. Every member of the holder reads it (viewers included); nobody writes
holdings here, since only closing a round does. Other organizations, ventures included, get the
same AccessDenied as for a holding that does not exist.

A venture's detailed metrics are otherwise its own (runway.metrics.access). A holding is the
grant that opens them to its holder: the holder sees the held venture's KPIs, runway and grade
through its holdings, and each look at the detail is audited (services.audit).
"""

from __future__ import annotations

from runway.orgs.access import AccessDenied, Actor, Need, authorized_by_id
from runway.orgs.models import OrganizationKind
from runway.portfolio.models import Holding

HOLDER_KINDS = frozenset({OrganizationKind.INVESTOR, OrganizationKind.GOVERNMENT})
# What a holding's row and page show beside it.
HOLDING_RELATED = ("venture__organization", "funding_round", "instrument", "program", "investor")


class PortfolioPolicy:
    @staticmethod
    def can_view_portfolio(actor: Actor) -> bool:
        return actor.kind in HOLDER_KINDS and actor.can(Need.VIEW)

    @staticmethod
    def can_view(actor: Actor, holding: Holding) -> bool:
        return PortfolioPolicy.can_view_portfolio(actor) and actor.acts_for(holding.investor_id)

    @staticmethod
    def can_edit(actor: Actor, holding: Holding) -> bool:
        return False  # holdings are written only by closing a round (runway.deals)

    @staticmethod
    def can_choose_digest(actor: Actor) -> bool:
        """A person (not an API token) in a holder chooses their own digest."""
        return PortfolioPolicy.can_view_portfolio(actor) and actor.user is not None


def require_portfolio(actor: Actor) -> None:
    if not PortfolioPolicy.can_view_portfolio(actor):
        raise AccessDenied


def access_holding_by_id(*, actor: Actor, holding_id: int, need: Need = Need.VIEW) -> Holding:
    """The holding if the actor's organization holds it; AccessDenied alike otherwise."""
    return authorized_by_id(
        Holding.objects.select_related(*HOLDING_RELATED),
        holding_id,
        policy=PortfolioPolicy,
        actor=actor,
        need=need,
    )
