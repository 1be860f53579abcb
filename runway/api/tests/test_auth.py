"""Who may call the API: live tokens, signed-in people (with CSRF on writes); floods get 429."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from runway.api.models import ApiToken
from runway.api.services import api_token_revoke
from runway.api.tests.client import ApiClient
from runway.api.tests.factories import make_token
from runway.orgs.access import Actor
from runway.orgs.models import Role
from runway.orgs.tests.factories import MembershipFactory
from runway.ventures.tests.factories import VentureFactory

pytestmark = pytest.mark.django_db

Api = Callable[..., ApiClient]
UNAUTHORIZED = {"detail": "Unauthorized"}
# What a page would have put in the csrftoken cookie (32 letters or digits).
CSRF_SECRET = "Q" * 32


def test_no_credentials_is_401() -> None:
    response = ApiClient(None).get("/organizations/me")

    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


@pytest.mark.parametrize("key", ["garbage", "rw_deadbeef_not-a-real-secret", "rw_"])
def test_an_unknown_key_is_401(key: str) -> None:
    make_token()

    assert ApiClient(key).get("/organizations/me").status_code == 401


def test_a_valid_key_acts_for_its_organization_and_records_its_use() -> None:
    token, key = make_token()
    assert token.last_used_at is None

    response = ApiClient(key).get("/organizations/me")

    assert response.status_code == 200
    assert response.json()["organization"]["id"] == token.organization_id
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_key_is_401() -> None:
    token, key = make_token()
    owner = MembershipFactory(organization=token.organization, role=Role.OWNER)
    api_token_revoke(
        actor=Actor(organization=token.organization, role=Role.OWNER, user=owner.user), token=token
    )

    response = ApiClient(key).get("/organizations/me")

    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


def test_a_bad_key_is_refused_even_beside_a_valid_session(client: Client) -> None:
    membership = MembershipFactory(role=Role.OWNER)
    client.force_login(membership.user)

    response = client.get("/api/v1/organizations/me", headers={"Authorization": "Bearer rw_x_y"})

    assert response.status_code == 401


def test_session_writes_need_the_csrf_token() -> None:
    membership = MembershipFactory(role=Role.MEMBER)
    venture = VentureFactory(organization=membership.organization, tagline="Before")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(membership.user)
    url = f"/api/v1/ventures/{venture.pk}"

    read = browser.get(url)
    refused = browser.patch(url, {"tagline": "Forged"}, content_type="application/json")
    browser.cookies["csrftoken"] = CSRF_SECRET
    allowed = browser.patch(
        url,
        {"tagline": "After"},
        content_type="application/json",
        headers={"X-CSRFToken": CSRF_SECRET},
    )

    assert read.status_code == 200
    assert refused.status_code == 403
    assert allowed.status_code == 200, allowed.json()
    venture.refresh_from_db()
    assert venture.tagline == "After"


def test_a_token_needs_no_csrf_token() -> None:
    token, key = make_token(role=Role.MEMBER)
    venture = VentureFactory(organization=token.organization)
    api = ApiClient(key)
    api.client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")

    assert api.patch(f"/ventures/{venture.pk}", {"tagline": "Synced"}).status_code == 200


def test_a_flood_from_one_token_gets_429_and_others_are_not_slowed(
    api_as: Api, settings: Any
) -> None:
    settings.API_RATE_LIMIT = "3/min"
    flooding, other = api_as(), api_as()

    statuses = [flooding.get("/organizations/me").status_code for _ in range(4)]
    refused = flooding.get("/organizations/me")

    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert other.get("/organizations/me").status_code == 200


def test_the_key_is_stored_only_as_its_hash() -> None:
    token, key = make_token()

    assert not ApiToken.objects.filter(token_hash=key).exists()
    assert key not in {token.name, token.prefix, token.token_hash}
