"""A member's choice of e-mail digest: on or off, and the language it is written in."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import Membership
from runway.portfolio.access import PortfolioPolicy
from runway.portfolio.models import DigestPreference

# When a member never chose: the platform's default interface language.
DEFAULT_DIGEST_LANGUAGE = "zh-hans"


def digest_language(preference: DigestPreference | None) -> str:
    if preference is not None and preference.language:
        return preference.language
    return DEFAULT_DIGEST_LANGUAGE


def digest_preference_of(*, actor: Actor) -> DigestPreference | None:
    """The actor's own choice in its organization; None when never made."""
    if not PortfolioPolicy.can_choose_digest(actor):
        raise AccessDenied
    return DigestPreference.objects.filter(
        membership__user=actor.user, membership__organization=actor.organization
    ).first()


@transaction.atomic
def digest_preference_save(*, actor: Actor, receive: bool, language: str) -> DigestPreference:
    """Stores the actor's own digest choice for the organization it acts for (any role: it is
    about the person's mailbox, not the organization's data)."""
    if not PortfolioPolicy.can_choose_digest(actor):
        raise AccessDenied
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Choose one of the languages offered.")]})
    membership = Membership.objects.filter(user=actor.user, organization=actor.organization).first()
    if membership is None:
        raise AccessDenied
    preference, _created = DigestPreference.objects.update_or_create(
        membership=membership, defaults={"receive": receive, "language": language}
    )
    return preference
