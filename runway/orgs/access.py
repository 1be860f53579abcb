"""Who is acting, for which organization, with which role; and what that allows.

Every page and API endpoint works with an `Actor`: a user acting for their current organization,
or an organization API token. Checks answer the same `AccessDenied` whether a thing does not exist
or may not be seen, so ids cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet

from runway.orgs.models import Membership, Organization, OrganizationKind, Role

if TYPE_CHECKING:
    from runway.accounts.models import User


M = TypeVar("M", bound=Model)


class AccessDenied(Exception):
    """The thing does not exist or the actor may not do this with it (deliberately the same)."""


class Need(IntEnum):
    """What an action needs; each role grants every need up to its own rank."""

    VIEW = 0
    EDIT = 1
    ADMIN = 2
    OWN = 3


ROLE_GRANTS: dict[str, Need] = {
    Role.VIEWER: Need.VIEW,
    Role.MEMBER: Need.EDIT,
    Role.ADMIN: Need.ADMIN,
    Role.OWNER: Need.OWN,
}


@dataclass(frozen=True)
class Actor:
    organization: Organization
    role: str
    user: User | None = None

    @property
    def kind(self) -> str:
        return self.organization.kind

    def can(self, need: Need) -> bool:
        return ROLE_GRANTS[self.role] >= need

    def require(self, need: Need) -> None:
        if not self.can(need):
            raise AccessDenied

    def acts_for(self, organization_id: int) -> bool:
        return self.organization.pk == organization_id

    @property
    def is_platform(self) -> bool:
        return self.organization.kind == OrganizationKind.PLATFORM


def authorize(policy: Any, actor: Actor, obj: object, need: Need) -> None:
    """Raises AccessDenied unless `policy` lets `actor` have `need` on `obj`: VIEW asks the
    policy's `can_view`, anything more its `can_edit`. Every app's access checks end here."""
    allowed = policy.can_edit(actor, obj) if need > Need.VIEW else policy.can_view(actor, obj)
    if not allowed:
        raise AccessDenied


def authorized_by_id(
    objects: QuerySet[M], object_id: int, *, policy: Any, actor: Actor, need: Need
) -> M:
    """The row of `objects` with this id if `policy` lets `actor` have `need` on it; the same
    AccessDenied whether it is missing or not allowed, so ids cannot be probed."""
    obj = objects.filter(pk=object_id).first()
    if obj is None:
        raise AccessDenied
    authorize(policy, actor, obj, need)
    return obj


def actor_for(*, user: User, organization_id: int | None) -> Actor | None:
    """The actor for `user` in the organization they chose, else in their first membership."""
    memberships = Membership.objects.filter(user=user).select_related("organization")
    membership = None
    if organization_id is not None:
        membership = memberships.filter(organization_id=organization_id).first()
    if membership is None:
        membership = memberships.order_by("created_at", "pk").first()
    if membership is None:
        return None
    return Actor(organization=membership.organization, role=membership.role, user=user)


def access_organization_by_id(*, actor: Actor, organization_id: int, need: Need) -> Organization:
    """Viewing any organization's public card is open to members; changing it needs a role in it."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise AccessDenied
    if need > Need.VIEW and not (actor.acts_for(organization.pk) and actor.can(need)):
        raise AccessDenied
    return organization
