"""Settings > API tokens: an organization's admins list, create and revoke its tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from runway.api.access import access_api_token_by_id, access_token_management
from runway.api.forms import ApiTokenForm
from runway.api.selectors import api_token_list
from runway.api.services import api_token_create, api_token_revoke
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.forms import add_service_errors


def _manager(request: HttpRequest) -> Actor:
    try:
        return access_token_management(actor=getattr(request, "actor", None))
    except AccessDenied as error:
        raise Http404 from error


def _list_page(
    request: HttpRequest, actor: Actor, form: ApiTokenForm, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "tokens": api_token_list(organization=actor.organization),
        "form": form,
        "organization": actor.organization,
    }
    return render(request, "api/token_list.html", context, status=status)


@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    return _list_page(request, actor, ApiTokenForm(actor=actor))


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Creates a token and shows its key, this once; the page is never cached."""
    actor = _manager(request)
    form = ApiTokenForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            token, key = api_token_create(
                actor=actor, name=form.cleaned_data["name"], role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            return render(request, "api/token_created.html", {"token": token, "key": key})
    return _list_page(request, actor, form, status=400)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    actor = _manager(request)
    try:
        token = access_api_token_by_id(actor=actor, token_id=token_id)
    except AccessDenied as error:
        raise Http404 from error
    api_token_revoke(actor=actor, token=token)
    messages.success(
        request,
        _("The token “%(name)s” is revoked: requests made with it are refused from now on.")
        % {"name": token.name},
    )
    return redirect("api_tokens:list")
