"""Who may see and act on sponsorships.

Both sides' members see their sponsorships, viewers included, and platform staff see all; nobody
else learns that a proposal exists (an accepted sponsorship is public through the venture's
profile, not through this app). An intermediary's members (member and up) propose sponsoring a
venture they can see, and may end their own proposals and sponsorships; the venture's owners and
admins accept or decline, and may end an accepted sponsorship.

Role checks (answered as not found) are kept apart from state checks (answered as a validation
error): a founder who accepts a proposal the intermediary has just withdrawn is told so.
"""

from __future__ import annotations

from django.db.models import QuerySet

from runway.orgs.access import AccessDenied, Actor, Need, authorize
from runway.orgs.models import OrganizationKind
from runway.sponsors.models import Sponsorship, SponsorshipStatus
from runway.ventures.access import VenturePolicy
from runway.ventures.models import Venture

INTERMEDIARY = "intermediary"
VENTURE = "venture"


def side_of(actor: Actor, sponsorship: Sponsorship) -> str | None:
    """ "intermediary" or "venture" when the actor acts for one side of the sponsorship."""
    if actor.acts_for(sponsorship.intermediary_id):
        return INTERMEDIARY
    if actor.acts_for(sponsorship.venture.organization_id):
        return VENTURE
    return None


class SponsorshipPolicy:
    @staticmethod
    def can_view(actor: Actor, sponsorship: Sponsorship) -> bool:
        if actor.is_platform:
            return True
        return side_of(actor, sponsorship) is not None and actor.can(Need.VIEW)

    @staticmethod
    def can_edit(actor: Actor, sponsorship: Sponsorship) -> bool:
        """Whether the actor's side and role act on the sponsorship at all (its state aside)."""
        return SponsorshipPolicy.answers(actor, sponsorship) or SponsorshipPolicy.ends(
            actor, sponsorship
        )

    @staticmethod
    def may_propose(actor: Actor) -> bool:
        """Whether the actor's organization and role propose sponsorships at all."""
        return actor.kind == OrganizationKind.INTERMEDIARY and actor.can(Need.EDIT)

    @staticmethod
    def can_propose(actor: Actor, venture: Venture) -> bool:
        return SponsorshipPolicy.may_propose(actor) and VenturePolicy.can_view(actor, venture)

    @staticmethod
    def answers(actor: Actor, sponsorship: Sponsorship) -> bool:
        """The venture's owners and admins answer proposals."""
        return side_of(actor, sponsorship) == VENTURE and actor.can(Need.ADMIN)

    @staticmethod
    def ends(actor: Actor, sponsorship: Sponsorship) -> bool:
        """The intermediary's members and the venture's owners and admins end sponsorships."""
        side = side_of(actor, sponsorship)
        if side == INTERMEDIARY:
            return actor.can(Need.EDIT)
        return side == VENTURE and actor.can(Need.ADMIN)

    @staticmethod
    def can_decide(actor: Actor, sponsorship: Sponsorship) -> bool:
        """Accept or decline now: the venture's owners and admins, while it is proposed."""
        return sponsorship.status == SponsorshipStatus.PROPOSED and SponsorshipPolicy.answers(
            actor, sponsorship
        )

    @staticmethod
    def can_end(actor: Actor, sponsorship: Sponsorship) -> bool:
        """End now: the intermediary ends its proposal or sponsorship; the venture ends an
        accepted one (a proposal it declines instead)."""
        if not SponsorshipPolicy.ends(actor, sponsorship):
            return False
        if side_of(actor, sponsorship) == INTERMEDIARY:
            return sponsorship.is_live
        return sponsorship.status == SponsorshipStatus.ACCEPTED

    @staticmethod
    def manages_incoming(actor: Actor) -> bool:
        """Whether the actor answers proposals for its venture (its owners and admins)."""
        return actor.kind == OrganizationKind.VENTURE and actor.can(Need.ADMIN)


def sponsorship_queryset() -> QuerySet[Sponsorship]:
    return Sponsorship.objects.select_related(
        "intermediary", "venture__organization", "venture__stage"
    )


def access_sponsorship_by_id(*, actor: Actor, sponsorship_id: int, need: Need) -> Sponsorship:
    """The sponsorship if the actor may `need` it; AccessDenied alike when missing or not
    allowed."""
    sponsorship = sponsorship_queryset().filter(pk=sponsorship_id).first()
    if sponsorship is None:
        raise AccessDenied
    authorize(SponsorshipPolicy, actor, sponsorship, need)
    return sponsorship
