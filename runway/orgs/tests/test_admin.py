"""The Django admin for operators: users by e-mail, organizations and their verification."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runway.accounts.models import User
from runway.orgs.models import Organization
from runway.orgs.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client) -> Client:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "name",
    [
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:orgs_organization_changelist",
        "admin:orgs_organization_add",
        "admin:orgs_membership_changelist",
        "admin:orgs_invitation_changelist",
    ],
)
def test_admin_pages_open(staff_client: Client, name: str) -> None:
    MembershipFactory()
    InvitationFactory()

    assert staff_client.get(reverse(name)).status_code == 200


def test_change_pages_open(staff_client: Client) -> None:
    membership = MembershipFactory()
    invitation = InvitationFactory()

    for url in (
        reverse("admin:accounts_user_change", args=[membership.user.pk]),
        reverse("admin:orgs_organization_change", args=[membership.organization.pk]),
        reverse("admin:orgs_invitation_change", args=[invitation.pk]),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
    assert invitation.token_hash in response.text
    assert 'name="token_hash"' not in response.text  # shown, never editable


def test_invitations_are_not_added_in_the_admin(staff_client: Client) -> None:
    assert staff_client.get(reverse("admin:orgs_invitation_add")).status_code == 403


def test_staff_adds_a_user_by_email(staff_client: Client) -> None:
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Operator@Runway.cn",
            "full_name": "Operator",
            "usable_password": "true",
            "password1": "Runway-pass-2025!",
            "password2": "Runway-pass-2025!",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="operator@runway.cn").check_password("Runway-pass-2025!")


def test_organization_search_and_filters(staff_client: Client) -> None:
    OrganizationFactory(name="Blossom Trading", kind="venture", is_verified=True)
    OrganizationFactory(name="Bay Capital", kind="investor")
    url = reverse("admin:orgs_organization_changelist")

    found = staff_client.get(url, {"q": "Blossom"}).context["cl"].result_list
    investors = staff_client.get(url, {"kind__exact": "investor"}).context["cl"].result_list
    verified = staff_client.get(url, {"is_verified__exact": "1"}).context["cl"].result_list

    assert [o.name for o in found] == ["Blossom Trading"]
    assert [o.name for o in investors] == ["Bay Capital"]
    assert [o.name for o in verified] == ["Blossom Trading"]


def test_actions_mark_and_remove_verification(staff_client: Client) -> None:
    first, second = OrganizationFactory(), OrganizationFactory()
    url = reverse("admin:orgs_organization_changelist")

    staff_client.post(url, {"action": "mark_verified", "_selected_action": [first.pk, second.pk]})
    first.refresh_from_db()
    assert first.is_verified
    assert first.verified_at is not None

    staff_client.post(url, {"action": "remove_verification", "_selected_action": [first.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_verified, first.verified_at) == (False, None)
    assert second.is_verified


def test_admin_is_closed_to_non_staff(client: Client) -> None:
    client.force_login(UserFactory())

    response = client.get(reverse("admin:orgs_organization_changelist"))

    assert response.status_code == 302
    assert Organization.objects.count() == 0
