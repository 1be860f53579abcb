from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache

from runway.api.tests.client import ApiClient
from runway.api.tests.factories import make_token
from runway.orgs.models import Organization, OrganizationKind, Role


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> Iterator[None]:
    # Rate-limit counts live in the cache, which outlives each test's database rollback.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_as() -> Callable[..., ApiClient]:
    """`api_as(role=..., kind=... or organization=...)`: a client holding a fresh token."""

    def build(
        *,
        role: str = Role.MEMBER,
        kind: str = OrganizationKind.VENTURE,
        organization: Organization | None = None,
    ) -> ApiClient:
        token, key = make_token(role=role, kind=kind, organization=organization)
        return ApiClient(key, token)

    return build
