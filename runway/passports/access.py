"""Who may list, read, issue and revoke a venture's data passports.

Only the venture's own members: viewers list and read, members and up issue and revoke. Nobody
else, platform staff included, sees them here: a passport reaches others through its share link.
Checks answer the same AccessDenied for what does not exist and what may not be seen.
"""

from __future__ import annotations

import uuid

from runway.orgs.access import AccessDenied, Actor, Need, authorize, authorized_by_id
from runway.passports.models import Passport
from runway.ventures.models import Venture


class PassportPolicy:
    @staticmethod
    def can_view(actor: Actor, venture: Venture) -> bool:
        return actor.acts_for(venture.organization_id) and actor.can(Need.VIEW)

    @staticmethod
    def can_issue(actor: Actor, venture: Venture) -> bool:
        """Issuing and revoking alike: members and up of the venture."""
        return actor.acts_for(venture.organization_id) and actor.can(Need.EDIT)

    can_edit = can_issue  # what `authorize` asks for anything beyond reading


def access_venture_passports(*, actor: Actor, venture_id: int, need: Need) -> Venture:
    """The venture whose passports the actor may `need` (VIEW lists, EDIT issues)."""
    return authorized_by_id(
        Venture.objects.select_related("organization"),
        venture_id,
        policy=PassportPolicy,
        actor=actor,
        need=need,
    )


def access_passport_by_id(*, actor: Actor, passport_id: uuid.UUID, need: Need) -> Passport:
    """A passport the actor may `need` (VIEW reads, EDIT revokes)."""
    passport = (
        Passport.objects.select_related("venture__organization", "issued_by")
        .filter(passport_id=passport_id)
        .first()
    )
    if passport is None:
        raise AccessDenied
    authorize(PassportPolicy, actor, passport.venture, need)
    return passport
