from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from runway.orgs.selectors import membership_list_for_user


def actor(request: HttpRequest) -> dict[str, Any]:
    current = getattr(request, "actor", None)
    memberships = []
    if request.user.is_authenticated:
        memberships = membership_list_for_user(user=request.user)
    return {"actor": current, "memberships": memberships}
