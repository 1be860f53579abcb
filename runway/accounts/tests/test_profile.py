"""The profile page: name and e-mail address, and the organizations with their roles."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from runway.accounts.services import user_update_profile
from runway.orgs.models import Role
from runway.orgs.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_profile_shows_name_email_and_memberships_with_roles(client: Client) -> None:
    owner = MembershipFactory(role=Role.OWNER, organization__name="Shenzhen Flowers")
    MembershipFactory(user=owner.user, role=Role.VIEWER, organization__name="Bay Capital")
    MembershipFactory(role=Role.ADMIN, organization__name="Someone Else's")
    client.force_login(owner.user)

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    assert owner.user.email in response.text
    rows = [(m.organization.name, m.role) for m in response.context["own_memberships"]]
    assert rows == [("Bay Capital", Role.VIEWER), ("Shenzhen Flowers", Role.OWNER)]
    assert "Someone Else" not in response.text
    assert "Viewer" in response.text
    assert "Owner" in response.text


def test_profile_saves_name_and_lowercases_email(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"), {"full_name": "Li Wei", "email": "Li.Wei@Example.CN"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.email) == ("Li Wei", "li.wei@example.cn")


def test_profile_refuses_an_email_another_account_uses(client: Client) -> None:
    other = UserFactory(email="taken@example.cn")
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"), {"full_name": "Li Wei", "email": "TAKEN@example.cn"}
    )

    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    user.refresh_from_db()
    assert user.email != other.email


def test_service_refuses_a_taken_email_whatever_its_case() -> None:
    UserFactory(email="taken@example.cn")
    user = UserFactory()

    with pytest.raises(ValidationError, match="already uses"):
        user_update_profile(user=user, full_name="X", email="Taken@Example.cn")
