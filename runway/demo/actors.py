"""The demo's people acting for their organizations, for the demo modules that build through
the services (which all take an actor)."""

from __future__ import annotations

from runway.orgs.access import Actor
from runway.orgs.models import Membership, Organization, Role


def demo_actor(organization: Organization | str, role: str = Role.OWNER) -> Actor | None:
    """The first member with `role` of the organization (or its slug); None without one."""
    memberships = Membership.objects.select_related("organization", "user").filter(role=role)
    if isinstance(organization, Organization):
        memberships = memberships.filter(organization=organization)
    else:
        memberships = memberships.filter(organization__slug=organization)
    membership = memberships.order_by("created_at", "pk").first()
    if membership is None:
        return None
    return Actor(organization=membership.organization, role=role, user=membership.user)


def required_actor(organization: Organization | str, role: str = Role.OWNER) -> Actor:
    actor = demo_actor(organization, role)
    if actor is None:
        raise LookupError(f"the demo has no {role} of {organization}")
    return actor
