"""Who is calling the API: an organization token, or a person signed in to the site.

Either way the operation receives an `Actor` as `request.auth` (and `request.actor`), so every
endpoint runs the same access checks as the pages.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import AuthRateThrottle

from runway.api.services import api_token_authenticate
from runway.orgs.access import Actor

DEFAULT_RATE = "600/min"


class TokenAuth(HttpBearer):
    """`Authorization: Bearer rw_<prefix>_<secret>`, acting for the token's organization."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor:
        api_token = api_token_authenticate(key=token.strip())
        if api_token is None:
            # A bad key is refused outright rather than falling back to a browser session.
            raise AuthenticationError
        actor = Actor(organization=api_token.organization, role=api_token.role, user=None)
        request.api_token = api_token  # type: ignore[attr-defined]
        request.actor = actor  # type: ignore[attr-defined]
        return actor


class SessionActorAuth(APIKeyCookie):
    """The signed-in person acting for their current organization; unsafe methods need CSRF."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Only a signed-in person meets the CSRF check, so a token client without cookies is
        # told 401 (who are you) rather than 403 (CSRF).
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        if key is None:
            return None
        actor = getattr(request, "actor", None)
        return actor if isinstance(actor, Actor) else None


def request_actor(request: HttpRequest) -> Actor:
    """The actor authentication settled on; every operation needs one."""
    actor = getattr(request, "auth", None)
    if not isinstance(actor, Actor):
        raise AuthenticationError
    return actor


class ApiRateThrottle(AuthRateThrottle):
    """Requests per token, or per signed-in person, at the API_RATE_LIMIT setting (e.g. 600/min).

    The counts live in Django's cache, so several app servers need a shared cache to agree.
    """

    scope = "runway_api"

    def __init__(self) -> None:
        super().__init__(rate=DEFAULT_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        # Read on every request, so the limit follows the setting without a restart.
        self.rate = getattr(settings, "API_RATE_LIMIT", DEFAULT_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        api_token: Any = getattr(request, "api_token", None)
        if api_token is not None:
            ident = f"token-{api_token.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
