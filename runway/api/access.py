"""Who may manage an organization's API tokens: its admins and owners, signed in as people.

Tokens cannot mint or revoke tokens, so a leaked key cannot entrench itself.
"""

from __future__ import annotations

from runway.api.models import ApiToken
from runway.orgs.access import AccessDenied, Actor, Need


class TokenPolicy:
    @staticmethod
    def can_manage(actor: Actor) -> bool:
        return actor.user is not None and actor.can(Need.ADMIN)

    @staticmethod
    def can_revoke(actor: Actor, token: ApiToken) -> bool:
        return TokenPolicy.can_manage(actor) and actor.acts_for(token.organization_id)


def access_token_management(*, actor: Actor | None) -> Actor:
    """The actor, when it may list, create and revoke its organization's tokens."""
    if actor is None or not TokenPolicy.can_manage(actor):
        raise AccessDenied
    return actor


def access_api_token_by_id(*, actor: Actor | None, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None or actor is None or not TokenPolicy.can_revoke(actor, token):
        raise AccessDenied
    return token
