"""Pages for the current organization: its card, its people and invitations, and switching."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runway.accounts.models import User
from runway.orgs.access import AccessDenied, Actor, Need, access_organization_by_id
from runway.orgs.forms import (
    InvitationForm,
    OrganizationCreateForm,
    OrganizationEditForm,
    RoleForm,
    SwitchForm,
    add_service_errors,
)
from runway.orgs.middleware import SESSION_KEY
from runway.orgs.selectors import (
    invitation_pending_in_organization,
    membership_for_user,
    membership_in_organization,
    organization_page,
)
from runway.orgs.services import (
    invitation_accept,
    invitation_by_token,
    invitation_revoke,
    invitation_send,
    membership_remove,
    membership_set_role,
    organization_create,
    organization_update,
)

P = ParamSpec("P")
ActorView = Callable[Concatenate[HttpRequest, Actor, P], HttpResponse]


def actor_required(view: ActorView[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Signed-in users acting for an organization; AccessDenied is answered as 404.

    A signed-in user without any organization is sent to create one.
    """

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        actor: Actor | None = getattr(request, "actor", None)
        if actor is None:
            messages.info(
                request, _("Create an organization, or ask to be invited to one, to go on.")
            )
            return redirect("orgs:create")
        try:
            return view(request, actor, *args, **kwargs)
        except AccessDenied as denied:
            raise Http404 from denied

    # functools.wraps keeps the view's signature for mypy; the actor is no longer a parameter.
    return wrapped  # type: ignore[return-value]


@require_GET
@actor_required
def detail(request: HttpRequest, actor: Actor) -> HttpResponse:
    page = organization_page(organization=actor.organization)
    return render(
        request,
        "orgs/detail.html",
        {
            "page": page,
            "organization": page.organization,
            "can_manage": actor.can(Need.ADMIN),
            "is_owner": actor.can(Need.OWN),
            "role_form": RoleForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@actor_required
def edit(request: HttpRequest, actor: Actor) -> HttpResponse:
    organization = access_organization_by_id(
        actor=actor, organization_id=actor.organization.pk, need=Need.ADMIN
    )
    data = request.POST if request.method == "POST" else None
    form = OrganizationEditForm(data, instance=organization)
    if data is not None and form.is_valid():
        try:
            organization_update(actor=actor, organization=organization, **form.service_fields())
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The organization is saved."))
            return redirect("orgs:detail")
    # The form fills `organization` as it validates; the heading shows the card as stored.
    return render(
        request,
        "orgs/edit.html",
        {"form": form, "organization": actor.organization},
        status=400 if data is not None else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """Another organization for the signed-in user, who owns it and now acts for it."""
    data = request.POST if request.method == "POST" else None
    form = OrganizationCreateForm(data)
    if data is not None and form.is_valid():
        try:
            organization = organization_create(
                owner=cast(User, request.user), **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            request.session[SESSION_KEY] = organization.pk
            messages.success(
                request, _("%(name)s is created; you now act for it.") % {"name": organization.name}
            )
            return redirect("orgs:detail")
    return render(
        request, "orgs/create.html", {"form": form}, status=400 if data is not None else 200
    )


@login_required
@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    """Acting for another of the user's organizations; any other id is answered as not found."""
    form = SwitchForm(request.POST)
    if not form.is_valid():
        raise Http404
    membership = membership_for_user(
        user=cast(User, request.user), organization_id=form.cleaned_data["organization"]
    )
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = membership.organization_id
    return redirect("dashboard:home")


@require_http_methods(["GET", "POST"])
@actor_required
def invite(request: HttpRequest, actor: Actor) -> HttpResponse:
    actor.require(Need.ADMIN)
    data = request.POST if request.method == "POST" else None
    form = InvitationForm(data, may_invite_owner=actor.can(Need.OWN))
    if data is not None and form.is_valid():
        try:
            invitation = invitation_send(
                actor=actor,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                accept_url=lambda token: request.build_absolute_uri(
                    reverse("orgs:invitation_accept", args=[token])
                ),
                language=get_language(),
            )
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect("orgs:detail")
    return render(
        request,
        "orgs/invite.html",
        {
            "form": form,
            "organization": actor.organization,
            "invitation_days": settings.INVITATION_DAYS,
        },
        status=400 if data is not None else 200,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation e-mail. Anyone holding it sees who invites them; only the
    signed-in person with the invited address can accept it."""
    invitation = invitation_by_token(token=token)
    if invitation is None:
        return render(request, "orgs/invitation_invalid.html", status=404)
    user = request.user if request.user.is_authenticated else None
    error = None
    if request.method == "POST":
        if user is None:
            return redirect_to_login(request.get_full_path())
        try:
            membership = invitation_accept(user=user, token=token)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            request.session[SESSION_KEY] = membership.organization_id
            messages.success(
                request, _("You joined %(name)s.") % {"name": membership.organization.name}
            )
            return redirect("dashboard:home")
    email_matches = user is not None and user.email.lower() == invitation.email
    return render(
        request,
        "orgs/invitation_accept.html",
        {
            "invitation": invitation,
            "organization": invitation.organization,
            "token": token,
            "email_matches": email_matches,
            "error": error,
        },
        status=400 if error else 200,
    )


@require_POST
def invitation_sign_out(request: HttpRequest, token: str) -> HttpResponse:
    """Signs out the person who opened someone else's invitation, so the invitee can sign in."""
    logout(request)
    return redirect("orgs:invitation_accept", token=token)


@require_POST
@actor_required
def invitation_revoke_view(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    invitation = invitation_pending_in_organization(
        organization=actor.organization, invitation_id=pk
    )
    if invitation is None:
        raise AccessDenied
    invitation_revoke(actor=actor, invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
    )
    return redirect("orgs:detail")


@require_POST
@actor_required
def member_role(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    membership = membership_in_organization(organization=actor.organization, membership_id=pk)
    if membership is None:
        raise AccessDenied
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect("orgs:detail")
    try:
        membership_set_role(actor=actor, membership=membership, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s is now %(role)s.")
            % {"person": membership.user, "role": membership.get_role_display()},
        )
    return redirect("orgs:detail")


@require_POST
@actor_required
def member_remove(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    membership = membership_in_organization(organization=actor.organization, membership_id=pk)
    if membership is None:
        raise AccessDenied
    try:
        membership_remove(actor=actor, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s no longer belongs to %(organization)s.")
            % {"person": membership.user, "organization": actor.organization.name},
        )
    return redirect("orgs:detail")
