from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from runway.accounts.models import User
from runway.engine.credit_code import with_check_character
from runway.orgs.access import Actor
from runway.orgs.models import Invitation, Membership, Organization, OrganizationKind, Role
from runway.orgs.services import hash_token


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.cn")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


def credit_code_for(n: int) -> str:
    return with_check_character(f"91440300MA{n:07d}")


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganizationKind.VENTURE
    country = "CN"
    credit_code = factory.Sequence(credit_code_for)
    city = "Shenzhen"


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.MEMBER


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    """A pending invitation; pass `token=` to know the link's secret (only its hash is stored)."""

    class Meta:
        model = Invitation

    class Params:
        token = factory.Sequence(lambda n: f"invitation-token-{n}")

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.cn")
    role = Role.MEMBER
    token_hash = factory.LazyAttribute(lambda invitation: hash_token(invitation.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


def make_actor(
    *, kind: str = OrganizationKind.VENTURE, role: str = Role.OWNER, **org: Any
) -> Actor:
    """A user with `role` in a new organization of `kind`, as the Actor the views would build."""
    membership = MembershipFactory(role=role, organization=OrganizationFactory(kind=kind, **org))
    return Actor(organization=membership.organization, role=role, user=membership.user)
