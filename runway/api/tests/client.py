from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.test import Client

if TYPE_CHECKING:
    from runway.api.models import ApiToken
    from runway.orgs.models import Organization


class ApiClient:
    """Django's test client, speaking JSON to /api/v1/ with a token, in English."""

    def __init__(self, key: str | None, token: ApiToken | None = None) -> None:
        self.client = Client(HTTP_ACCEPT_LANGUAGE="en")
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.token = token

    @property
    def organization(self) -> Organization:
        assert self.token is not None
        return self.token.organization

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            f"/api/v1{path}", body, content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(
            f"/api/v1{path}", body, content_type="application/json", headers=self.headers
        )
