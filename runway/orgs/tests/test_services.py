"""Services of organizations that the pages rely on beyond what the view tests show."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from runway.orgs.access import AccessDenied
from runway.orgs.models import Invitation, OrganizationKind, Role
from runway.orgs.selectors import membership_for_user, organization_page
from runway.orgs.services import invitation_send, organization_update
from runway.orgs.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    make_actor,
)

pytestmark = pytest.mark.django_db


def test_invitation_send_stores_only_the_hash_and_mails_after_commit(
    django_capture_on_commit_callbacks: object,
) -> None:
    actor = make_actor(role=Role.ADMIN)
    tokens: list[str] = []

    def accept_url(token: str) -> str:
        tokens.append(token)
        return f"https://runway.test/i/{token}/"

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        invitation = invitation_send(
            actor=actor,
            email="x@example.cn",
            role=Role.MEMBER,
            accept_url=accept_url,
            language="en",
        )

    [token] = tokens
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert invitation.token_hash != token
    assert f"https://runway.test/i/{token}/" in mail.outbox[0].body


def test_invitation_send_by_a_member_is_denied() -> None:
    actor = make_actor(role=Role.MEMBER)

    with pytest.raises(AccessDenied):
        invitation_send(
            actor=actor, email="x@example.cn", role=Role.MEMBER, accept_url=str, language="en"
        )
    assert not Invitation.objects.exists()


def test_update_of_another_organization_is_denied() -> None:
    actor = make_actor(role=Role.OWNER)
    other = OrganizationFactory(city="Shenzhen")

    with pytest.raises(AccessDenied):
        organization_update(actor=actor, organization=other, city="Beijing")
    other.refresh_from_db()
    assert other.city == "Shenzhen"


def test_update_keeps_verification_when_only_contact_details_change() -> None:
    actor = make_actor(role=Role.OWNER, is_verified=True)

    organization_update(actor=actor, organization=actor.organization, city="Foshan", website="")

    actor.organization.refresh_from_db()
    assert actor.organization.is_verified


@pytest.mark.parametrize("field", ["name", "credit_code"])
def test_update_of_identity_removes_verification(field: str) -> None:
    actor = make_actor(role=Role.OWNER, is_verified=True)
    value = {"name": "Renamed", "credit_code": "91110000802100433B"}[field]

    organization_update(actor=actor, organization=actor.organization, **{field: value})

    actor.organization.refresh_from_db()
    assert not actor.organization.is_verified
    assert actor.organization.verified_at is None


def test_update_checks_the_category_against_the_kind() -> None:
    actor = make_actor(role=Role.OWNER, kind=OrganizationKind.VENTURE)

    with pytest.raises(ValidationError):
        organization_update(actor=actor, organization=actor.organization, category="bank")


def test_membership_for_user_only_finds_the_users_own() -> None:
    membership = MembershipFactory()
    stranger = OrganizationFactory()

    assert membership_for_user(user=membership.user, organization_id=membership.organization_id)
    assert membership_for_user(user=membership.user, organization_id=stranger.pk) is None


def test_organization_page_lists_pending_invitations_only(
    django_assert_num_queries: object,
) -> None:
    membership = MembershipFactory(role=Role.OWNER)
    pending = InvitationFactory(organization=membership.organization, invited_by=membership.user)
    InvitationFactory(organization=membership.organization, revoked_at="2024-01-01T00:00Z")

    with django_assert_num_queries(2):  # type: ignore[operator]
        page = organization_page(organization=membership.organization)
        inviters = [invitation.invited_by for invitation in page.invitations]

    assert page.invitations == [pending]
    assert inviters == [membership.user]
    assert page.owner_count == 1
