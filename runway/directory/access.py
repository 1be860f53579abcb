"""Who sees which ventures in the directory, and how much of each.

A venture is listed when its profile is public and it has not taken itself out of the directory
(ProfileSettings.listed). Listed ventures are seen by everyone, signed in or not; an unlisted or
private one only by its own organization's members, never by anyone else, platform staff
included (they have the venture pages and the admin). Capital-side organizations (investors,
intermediaries, government programs, the platform) see the fuller view: grade, team and history
figures. Exact revenue and growth figures are shown only when the venture chose so.
"""

from __future__ import annotations

from django.db.models import Q

from runway.directory.models import ProfileSettings
from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.models import OrganizationKind
from runway.ventures.access import VenturePolicy
from runway.ventures.models import Venture

FULL_VIEW_KINDS = frozenset(
    {
        OrganizationKind.INVESTOR,
        OrganizationKind.INTERMEDIARY,
        OrganizationKind.GOVERNMENT,
        OrganizationKind.PLATFORM,
    }
)


def profile_settings(venture: Venture) -> ProfileSettings:
    """The venture's settings, or the defaults (listed, bands) when it never changed them."""
    # The reverse one-to-one raises an AttributeError subclass when there is no row.
    settings: ProfileSettings | None = getattr(venture, "directory_settings", None)
    return settings if settings is not None else ProfileSettings(venture=venture)


class DirectoryPolicy:
    @staticmethod
    def is_listed(venture: Venture) -> bool:
        return venture.is_public and profile_settings(venture).listed

    @staticmethod
    def can_view(actor: Actor | None, venture: Venture) -> bool:
        if actor is not None and actor.acts_for(venture.organization_id):
            return actor.can(Need.VIEW)
        return DirectoryPolicy.is_listed(venture)

    @staticmethod
    def can_edit(actor: Actor, venture: Venture) -> bool:
        return VenturePolicy.can_edit(actor, venture)

    @staticmethod
    def sees_full(actor: Actor | None) -> bool:
        return actor is not None and actor.kind in FULL_VIEW_KINDS


def visible_to(actor: Actor | None, *, prefix: str = "") -> Q:
    """The ventures `actor` may find, as a filter on Venture (or through `prefix`, e.g.
    "venture__" on DirectoryEntry)."""
    listed = Q(**{f"{prefix}is_public": True}) & ~Q(
        **{f"{prefix}directory_settings__listed": False}
    )
    if actor is None:
        return listed
    return listed | Q(**{f"{prefix}organization": actor.organization})


def access_profile_by_slug(*, actor: Actor | None, slug: str) -> Venture:
    """The venture of the organization `slug` if `actor` (None: anonymous) may see its directory
    profile; AccessDenied alike when it does not exist or may not be seen."""
    venture = (
        Venture.objects.select_related(
            "organization", "city", "stage", "directory_settings", "directory_entry"
        )
        .filter(organization__slug=slug)
        .first()
    )
    if venture is None or not DirectoryPolicy.can_view(actor, venture):
        raise AccessDenied
    return venture
