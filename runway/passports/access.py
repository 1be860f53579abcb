"""Who may list, read, issue and revoke a venture's data passports.

Only the venture's own members: viewers list and read, members and up issue and revoke. Nobody
else, platform staff included, sees them here: a passport reaches others through its share link.
Checks answer the same AccessDenied for what does not exist and what may not be seen.
"""

from __future__ import annotations

import uuid

from runway.orgs.access import AccessDenied, Actor, Need
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


def _check(*, actor: Actor, venture: Venture, need: Need) -> None:
    allowed = (
        PassportPolicy.can_issue(actor, venture)
        if need > Need.VIEW
        else PassportPolicy.can_view(actor, venture)
    )
    if not allowed:
        raise AccessDenied


def access_venture_passports(*, actor: Actor, venture_id: int, need: Need) -> Venture:
    """The venture whose passports the actor may `need` (VIEW lists, EDIT issues)."""
    venture = Venture.objects.select_related("organization").filter(pk=venture_id).first()
    if venture is None:
        raise AccessDenied
    _check(actor=actor, venture=venture, need=need)
    return venture


def access_passport_by_id(*, actor: Actor, passport_id: uuid.UUID, need: Need) -> Passport:
    """A passport the actor may `need` (VIEW reads, EDIT revokes)."""
    passport = (
        Passport.objects.select_related("venture__organization", "issued_by")
        .filter(passport_id=passport_id)
        .first()
    )
    if passport is None:
        raise AccessDenied
    _check(actor=actor, venture=passport.venture, need=need)
    return passport
