"""Who may see and change venture profiles and funding rounds.

A venture's own members see everything of theirs (viewers read, members and up write). Everyone
else sees a profile only when it is public, and a round only when it is open or closed on a public
profile; drafts and cancelled rounds stay with the venture. An investor holding a stake in the
venture also sees its private profile and open or closed rounds: it is offered its pro-rata share
of follow-ons there. Platform staff read everything.
"""

from __future__ import annotations

from runway.orgs.access import AccessDenied, Actor, Need, authorized_by_id
from runway.orgs.models import OrganizationKind
from runway.ventures.models import FundingRound, RoundStatus, Venture

PUBLIC_ROUND_STATUSES = (RoundStatus.OPEN, RoundStatus.CLOSED)


def holds_stake(actor: Actor, venture: Venture) -> bool:
    # Imported here: holdings are written by closing rounds, a layer above ventures.
    from runway.portfolio.models import Holding

    return Holding.objects.filter(investor=actor.organization, venture=venture).exists()


class VenturePolicy:
    @staticmethod
    def can_view(actor: Actor, venture: Venture) -> bool:
        if actor.acts_for(venture.organization_id):
            return actor.can(Need.VIEW)
        return venture.is_public or actor.is_platform or holds_stake(actor, venture)

    @staticmethod
    def can_edit(actor: Actor, venture: Venture) -> bool:
        return actor.acts_for(venture.organization_id) and actor.can(Need.EDIT)

    @staticmethod
    def can_create(actor: Actor) -> bool:
        """Members and up of a venture organization may write its (single) profile."""
        return actor.kind == OrganizationKind.VENTURE and actor.can(Need.EDIT)


class RoundPolicy:
    @staticmethod
    def can_view(actor: Actor, funding_round: FundingRound) -> bool:
        venture = funding_round.venture
        if actor.acts_for(venture.organization_id):
            return actor.can(Need.VIEW)
        if actor.is_platform:
            return True
        if funding_round.status not in PUBLIC_ROUND_STATUSES:
            return False
        return venture.is_public or holds_stake(actor, venture)

    @staticmethod
    def can_edit(actor: Actor, funding_round: FundingRound) -> bool:
        return VenturePolicy.can_edit(actor, funding_round.venture)


def access_venture_by_id(*, actor: Actor, venture_id: int, need: Need) -> Venture:
    """The venture if the actor may `need` it; AccessDenied alike when missing or not allowed."""
    return authorized_by_id(
        Venture.objects.select_related("organization", "city", "stage"),
        venture_id,
        policy=VenturePolicy,
        actor=actor,
        need=need,
    )


def access_own_venture(*, actor: Actor, need: Need) -> Venture:
    """The venture profile of the actor's own organization (AccessDenied when it has none)."""
    venture = (
        Venture.objects.select_related("organization", "city", "stage")
        .filter(organization=actor.organization)
        .first()
    )
    if venture is None or not actor.can(need):
        raise AccessDenied
    return venture


def access_round_by_id(*, actor: Actor, round_id: int, need: Need) -> FundingRound:
    """The round if the actor may `need` it; AccessDenied alike when missing or not allowed."""
    return authorized_by_id(
        FundingRound.objects.select_related(
            "venture__organization", "venture__city", "venture__stage", "instrument"
        ),
        round_id,
        policy=RoundPolicy,
        actor=actor,
        need=need,
    )
