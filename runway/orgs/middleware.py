from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from runway.orgs.access import actor_for

SESSION_KEY = "runway_organization_id"


class ActorMiddleware:
    """Sets `request.actor`: the signed-in user acting for their current organization, or None."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            request.actor = actor_for(  # type: ignore[attr-defined]
                user=request.user,
                organization_id=request.session.get(SESSION_KEY),
            )
        return self.get_response(request)
