from __future__ import annotations

import factory

from runway.api.models import ApiToken
from runway.api.services import api_token_create
from runway.orgs.access import Actor
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import MembershipFactory, OrganizationFactory


def make_token(
    *,
    organization: Organization | None = None,
    kind: str = OrganizationKind.VENTURE,
    role: str = Role.MEMBER,
    name: str = "ERP sync",
) -> tuple[ApiToken, str]:
    """A token made through the service, as the settings page makes it, with its one-time key."""
    if organization is None:
        organization = OrganizationFactory(kind=kind)
    owner = MembershipFactory(organization=organization, role=Role.OWNER)
    actor = Actor(organization=organization, role=Role.OWNER, user=owner.user)
    return api_token_create(actor=actor, name=name, role=role)


class ApiTokenFactory(factory.django.DjangoModelFactory[ApiToken]):
    """A stored token whose key nobody knows, for listing and revoking."""

    class Meta:
        model = ApiToken

    organization = factory.SubFactory(OrganizationFactory)
    name = "Reporting"
    prefix = factory.Sequence(lambda n: f"{n:08x}")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    role = Role.VIEWER
