"""The notifications page: an organization's notifications, worded in the reader's language."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from runway.notifications import services
from runway.notifications.selectors import notification_list
from runway.notifications.wording import text_of
from runway.orgs.access import Actor
from runway.orgs.views import actor_required

PAGE_SIZE = 30


@require_http_methods(["GET"])
@actor_required
def notification_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    page = Paginator(notification_list(actor=actor), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(notification, text_of(notification)) for notification in page]
    return render(request, "notifications/list.html", {"page": page, "items": items})


@require_http_methods(["POST"])
@actor_required
def notification_mark_read(request: HttpRequest, actor: Actor) -> HttpResponse:
    services.notifications_mark_read(actor=actor)
    return redirect("notifications:list")
