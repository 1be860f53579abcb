from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from runway.orgs.models import Invitation, Membership, Organization, Role

if TYPE_CHECKING:
    from runway.accounts.models import User


def membership_list_for_user(*, user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )


def membership_list_for_organization(*, organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__email")
    )


def invitation_list_pending(*, organization: Organization) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organization=organization,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


@dataclass(frozen=True)
class OrganizationPage:
    """What the organization page shows: the card, its people and the invitations still open."""

    organization: Organization
    members: list[Membership]
    invitations: list[Invitation]

    @property
    def owner_count(self) -> int:
        return sum(1 for member in self.members if member.role == Role.OWNER)


def organization_page(*, organization: Organization) -> OrganizationPage:
    return OrganizationPage(
        organization=organization,
        members=list(membership_list_for_organization(organization=organization)),
        invitations=list(
            invitation_list_pending(organization=organization).select_related("invited_by")
        ),
    )


def membership_for_user(*, user: User, organization_id: int) -> Membership | None:
    """The user's membership in an organization, or None when they do not belong to it."""
    return (
        Membership.objects.filter(user=user, organization_id=organization_id)
        .select_related("organization")
        .first()
    )


def membership_in_organization(
    *, organization: Organization, membership_id: int
) -> Membership | None:
    return (
        Membership.objects.filter(organization=organization, pk=membership_id)
        .select_related("user", "organization")
        .first()
    )


def invitation_pending_in_organization(
    *, organization: Organization, invitation_id: int
) -> Invitation | None:
    return invitation_list_pending(organization=organization).filter(pk=invitation_id).first()
