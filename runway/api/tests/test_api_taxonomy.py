"""GET /taxonomy: the codes that requests and responses use."""

from __future__ import annotations

import pytest

from runway.api.tests.client import ApiClient
from runway.api.tests.factories import make_token

pytestmark = pytest.mark.django_db


def test_lists_every_kind_of_code_with_names_in_the_request_language() -> None:
    _token, key = make_token()
    api = ApiClient(key)

    english = api.get("/taxonomy").json()
    russian = api.client.get(
        "/api/v1/taxonomy", headers={**api.headers, "Accept-Language": "ru"}
    ).json()

    assert {"code": "flowers-gifts", "name": "Flowers and gifts"} in english["sectors"]
    assert {"code": "flowers-gifts", "name": "Цветы и подарки"} in russian["sectors"]
    assert {term["code"] for term in english["instruments"]} >= {"equity", "revenue-based"}
    assert "shenzhen" in {term["code"] for term in english["regions"]}
    assert "seed" in {term["code"] for term in english["stages"]}


def test_needs_authentication() -> None:
    assert ApiClient(None).get("/taxonomy").status_code == 401
