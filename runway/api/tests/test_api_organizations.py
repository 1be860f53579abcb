"""GET /organizations/me and GET /organizations/{id}."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from runway.api.tests.client import ApiClient
from runway.orgs.models import Role
from runway.orgs.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

Api = Callable[..., ApiClient]


def test_me_with_a_token_is_the_tokens_organization_and_role(api_as: Api) -> None:
    api = api_as(role=Role.VIEWER)

    body = api.get("/organizations/me").json()

    assert body["organization"]["id"] == api.organization.pk
    assert body["organization"]["credit_code"] == api.organization.credit_code
    assert (body["role"], body["acting_as"]) == ("viewer", "token")


def test_me_with_a_session_is_the_persons_current_organization(client: Client) -> None:
    membership = MembershipFactory(role=Role.ADMIN)
    client.force_login(membership.user)

    body = client.get("/api/v1/organizations/me").json()

    assert body["organization"]["id"] == membership.organization_id
    assert (body["role"], body["acting_as"]) == ("admin", "user")


def test_any_organizations_public_card_is_visible_without_its_registration(api_as: Api) -> None:
    api = api_as()
    other = OrganizationFactory(name="Shenzhen Angels", is_verified=True)

    response = api.get(f"/organizations/{other.pk}")

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["is_verified"]) == ("Shenzhen Angels", True)
    assert "credit_code" not in response.json()


def test_an_unknown_organization_is_not_found(api_as: Api) -> None:
    api = api_as()

    response = api.get("/organizations/987654")

    assert (response.status_code, response.json()) == (404, {"detail": "Not found"})


def test_an_id_out_of_range_is_a_422_not_a_server_error(api_as: Api) -> None:
    api = api_as()

    response = api.get(f"/organizations/{2**70}")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "organization_id"]
