"""Who may see a round's syndicate and act on commitments.

A round's syndicate is seen by the venture's own members, by investors with a deal on the round,
and by the government programs co-investing in it; everyone else is told it does not exist.
Only the venture sees who committed how much; investors and programs see the totals (and their
own commitments). Investors commit on their own deals (members and up); the venture's members
ask for co-investment, its owners and administrators close the round.
"""

from __future__ import annotations

from runway.deals.access import DealPolicy, deal_queryset, side_of
from runway.deals.models import Commitment, Deal, ProgramReservation
from runway.deals.transitions import Side
from runway.orgs.access import AccessDenied, Actor, Need, authorize
from runway.orgs.models import OrganizationKind
from runway.ventures.models import FundingRound


def is_venture_of(actor: Actor, funding_round: FundingRound) -> bool:
    return actor.acts_for(funding_round.venture.organization_id)


def own_deal(actor: Actor, funding_round: FundingRound) -> Deal | None:
    if actor.kind != OrganizationKind.INVESTOR:
        return None
    return deal_queryset().filter(funding_round=funding_round, investor=actor.organization).first()


def co_investing(actor: Actor, funding_round: FundingRound) -> bool:
    return (
        actor.kind == OrganizationKind.GOVERNMENT
        and ProgramReservation.objects.filter(
            funding_round=funding_round, program__organization=actor.organization
        ).exists()
    )


class SyndicatePolicy:
    @staticmethod
    def can_view(actor: Actor, funding_round: FundingRound) -> bool:
        if is_venture_of(actor, funding_round):
            return actor.can(Need.VIEW)
        return own_deal(actor, funding_round) is not None or co_investing(actor, funding_round)

    @staticmethod
    def sees_amounts(actor: Actor, funding_round: FundingRound) -> bool:
        """Who committed how much is the venture's to know."""
        return is_venture_of(actor, funding_round) and actor.can(Need.VIEW)

    @staticmethod
    def can_edit(actor: Actor, funding_round: FundingRound) -> bool:
        """The venture's members and up ask for co-investment and name the lead."""
        return is_venture_of(actor, funding_round) and actor.can(Need.EDIT)

    @staticmethod
    def can_close(actor: Actor, funding_round: FundingRound) -> bool:
        return is_venture_of(actor, funding_round) and actor.can(Need.ADMIN)


def access_syndicate(*, actor: Actor, round_id: int, need: Need) -> FundingRound:
    """The round, if the actor may `need` its syndicate; AccessDenied alike when missing."""
    rounds = FundingRound.objects.select_related(
        "venture__organization", "venture__city", "venture__stage", "instrument", "lead_investor"
    )
    funding_round = rounds.filter(pk=round_id).first()
    if funding_round is None:
        raise AccessDenied
    authorize(SyndicatePolicy, actor, funding_round, need)
    return funding_round


class CommitmentPolicy:
    @staticmethod
    def can_view(actor: Actor, commitment: Commitment) -> bool:
        return DealPolicy.can_view(actor, commitment.deal)

    @staticmethod
    def can_edit(actor: Actor, commitment: Commitment) -> bool:
        """The investor withdraws its own soft commitments."""
        deal = commitment.deal
        return DealPolicy.can_edit(actor, deal) and side_of(actor, deal) is Side.INVESTOR


def access_commitment_by_id(*, actor: Actor, commitment_id: int, need: Need) -> Commitment:
    commitments = Commitment.objects.select_related(
        "deal__investor",
        "deal__funding_round__venture__organization",
        "investor",
        "funding_round__venture__organization",
    )
    commitment = commitments.filter(pk=commitment_id).first()
    if commitment is None:
        raise AccessDenied
    authorize(CommitmentPolicy, actor, commitment, need)
    return commitment
