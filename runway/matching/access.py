"""Who may see a match: the investor whose mandate it is (and platform staff). A venture sees its
matches only as the list of interested investors on its own capital page."""

from __future__ import annotations

from runway.matching.models import Match
from runway.orgs.access import Actor, Need, authorized_by_id


class MatchPolicy:
    @staticmethod
    def can_view(actor: Actor, match: Match) -> bool:
        return actor.acts_for(match.mandate.organization_id) or actor.is_platform

    @staticmethod
    def can_edit(actor: Actor, match: Match) -> bool:
        return False  # matches are computed, never edited


def access_match_by_id(*, actor: Actor, match_id: int, need: Need) -> Match:
    return authorized_by_id(
        Match.objects.select_related(
            "mandate__organization",
            "funding_round__venture__organization",
            "funding_round__venture__stage",
            "funding_round__instrument",
        ),
        match_id,
        policy=MatchPolicy,
        actor=actor,
        need=need,
    )
