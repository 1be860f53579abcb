from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from runway.dashboard.selectors import dashboard_for


def home(request: HttpRequest) -> HttpResponse:
    """The landing page for visitors; each organization kind's own dashboard for members."""
    if not request.user.is_authenticated:
        return render(request, "dashboard/landing.html")
    actor = request.actor  # type: ignore[attr-defined]
    if actor is None:
        return render(request, "dashboard/no_organization.html")
    dashboard = dashboard_for(actor=actor)
    return render(request, dashboard.template, dashboard.context)
