"""Writes to organization API tokens: create (the key is returned once), revoke, and use."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from runway.api.access import TokenPolicy
from runway.api.models import ApiToken
from runway.orgs.access import ROLE_GRANTS, AccessDenied, Actor
from runway.orgs.models import Role
from runway.orgs.services import hash_token

KEY_START = "rw"
# last_used_at is a hint for people reviewing their tokens; writing it on every request of a
# busy client would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _new_key() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{KEY_START}_{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def api_token_create(*, actor: Actor, name: str, role: str) -> tuple[ApiToken, str]:
    """Returns the token and its key, which is never stored and cannot be shown again."""
    if not TokenPolicy.can_manage(actor):
        raise AccessDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if ROLE_GRANTS[role] > ROLE_GRANTS[actor.role]:
        raise ValidationError({"role": _("A token cannot have a higher role than your own.")})
    prefix, key = _new_key()
    token = ApiToken(
        organization=actor.organization,
        name=name.strip(),
        prefix=prefix,
        token_hash=hash_token(key),
        role=role,
        created_by=actor.user,
    )
    token.full_clean()
    token.save()
    return token, key


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if not TokenPolicy.can_revoke(actor, token):
        raise AccessDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The live token for `key` (its organization loaded), else None; records when it was used."""
    if not key.startswith(f"{KEY_START}_"):
        return None
    token = (
        ApiToken.objects.select_related("organization")
        .filter(token_hash=hash_token(key), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
