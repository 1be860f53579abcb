"""Data-room files, delivered only here: after the access check, with an AccessEvent either
way, never cached, and PDFs stamped with the reader's name for anyone outside the venture."""

from __future__ import annotations

from typing import cast

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runway.deals.access import DocumentPolicy
from runway.deals.models import AccessAction, Document
from runway.deals.services.audit import document_open
from runway.deals.views.client import client_ip, user_agent
from runway.deals.watermark import watermark_pdf
from runway.orgs.access import Actor
from runway.orgs.views import actor_required


def watermark_line(actor: Actor, *, token_name: str = "") -> str:
    """The stamp's text: the person, or for an API token (no person) the token's name."""
    if actor.user is not None:
        name = actor.user.get_full_name()
    else:
        name = _("API token “%(name)s”") % {"name": token_name} if token_name else _("API token")
    moment = timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")
    return _("Confidential · %(name)s · %(organization)s · %(time)s") % {
        "name": name,
        "organization": actor.organization.name,
        "time": moment,
    }


def deliver(
    actor: Actor, document: Document, *, attachment: bool, token_name: str = ""
) -> HttpResponseBase:
    """The file of a document the actor was allowed to open (check and record first)."""
    response: HttpResponseBase
    if document.is_pdf and not DocumentPolicy.is_owner(actor, document):
        with document.file.open("rb") as handle:
            body = watermark_pdf(handle, line=watermark_line(actor, token_name=token_name))
        response = HttpResponse(body, content_type=document.content_type)
    else:
        response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = (
        content_disposition_header(attachment, document.original_name) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _open(request: HttpRequest, actor: Actor, pk: int, action: str) -> HttpResponse:
    document = document_open(
        actor=actor,
        document_id=pk,
        action=action,
        ip=client_ip(request),
        user_agent=user_agent(request),
    )
    response = deliver(actor, document, attachment=action == AccessAction.DOWNLOAD)
    # actor_required is typed for HttpResponse; a streamed FileResponse serves the same way.
    return cast(HttpResponse, response)


@require_http_methods(["GET"])
@actor_required
def document_view(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return _open(request, actor, pk, AccessAction.VIEW)


@require_http_methods(["GET"])
@actor_required
def document_download(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    return _open(request, actor, pk, AccessAction.DOWNLOAD)
