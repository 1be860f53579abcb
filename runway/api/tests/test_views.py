"""Settings > API tokens: admins and owners list, create and revoke; everyone else gets 404."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from runway.api.models import ApiToken
from runway.api.tests.factories import ApiTokenFactory
from runway.orgs.models import Membership, Role
from runway.orgs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api_tokens:list")
CREATE = reverse("api_tokens:create")


def signed_in(client: Client, role: str) -> Membership:
    membership = MembershipFactory(role=role)
    client.force_login(membership.user)
    return membership


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [Role.MEMBER, Role.VIEWER])
def test_members_and_viewers_get_404_everywhere(client: Client, role: str) -> None:
    membership = signed_in(client, role)
    token = ApiTokenFactory(organization=membership.organization)

    assert client.get(LIST).status_code == 404
    assert client.post(CREATE, {"name": "Sneaky", "role": "viewer"}).status_code == 404
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("role", [Role.ADMIN, Role.OWNER])
def test_admins_and_owners_see_their_organizations_tokens_only(client: Client, role: str) -> None:
    membership = signed_in(client, role)
    ApiTokenFactory(organization=membership.organization, name="Warehouse sync", prefix="ab12cd34")
    ApiTokenFactory(name="Someone else's token")

    response = client.get(LIST)

    assert response.status_code == 200
    assert "Warehouse sync" in response.text
    assert "rw_ab12cd34_" in response.text
    assert "Someone else" not in response.text


def test_create_shows_the_key_once_and_stores_its_hash(client: Client) -> None:
    membership = signed_in(client, Role.ADMIN)

    created = client.post(CREATE, {"name": "ERP sync", "role": "member"})

    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    key = re.search(r"rw_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", created.text)
    assert key is not None
    token = ApiToken.objects.get(organization=membership.organization)
    assert (token.name, token.role, token.created_by) == ("ERP sync", "member", membership.user)
    assert token.token_hash == hashlib.sha256(key.group().encode()).hexdigest()
    assert key.group() not in client.get(LIST).text


def test_create_refuses_a_role_above_ones_own_next_to_the_field(client: Client) -> None:
    signed_in(client, Role.ADMIN)

    response = client.post(CREATE, {"name": "Too strong", "role": "owner"})

    assert response.status_code == 400
    assert response.context["form"].errors["role"]
    assert not ApiToken.objects.exists()


def test_create_needs_a_name(client: Client) -> None:
    signed_in(client, Role.OWNER)

    response = client.post(CREATE, {"name": "", "role": "viewer"})

    assert response.status_code == 400
    assert response.context["form"].errors["name"]


def test_revoke_marks_the_token_and_returns_to_the_list(client: Client) -> None:
    membership = signed_in(client, Role.ADMIN)
    token = ApiTokenFactory(organization=membership.organization)

    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))

    assert response.status_code == 302
    assert response["Location"] == LIST
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_revoke_of_another_organizations_token_is_404(client: Client) -> None:
    signed_in(client, Role.OWNER)
    theirs = ApiTokenFactory()

    response = client.post(reverse("api_tokens:revoke", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_revoke_needs_post(client: Client) -> None:
    membership = signed_in(client, Role.ADMIN)
    token = ApiTokenFactory(organization=membership.organization)

    assert client.get(reverse("api_tokens:revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
