"""Sign-up and the profile page; signing in and out and password resets are Django's own views."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from runway.accounts.forms import ProfileForm, SignupForm
from runway.accounts.models import User
from runway.accounts.services import user_signup, user_update_profile
from runway.orgs.forms import OrganizationCreateForm, add_service_errors
from runway.orgs.middleware import SESSION_KEY
from runway.orgs.selectors import membership_list_for_user
from runway.orgs.services import invitation_by_token


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """A new account with a new organization, or, from an invitation link, in the inviting one."""
    token = request.GET.get("invitation", "").strip()
    invitation = invitation_by_token(token=token) if token else None
    if request.user.is_authenticated:
        if invitation is not None:
            return redirect("orgs:invitation_accept", token=token)
        return redirect("dashboard:home")
    if token and invitation is None:
        messages.error(request, _("This invitation is invalid, used or expired."))

    data = request.POST if request.method == "POST" else None
    user_form = SignupForm(data, invited_email=invitation.email if invitation else None)
    org_form = OrganizationCreateForm(data) if invitation is None else None
    forms_ = [form for form in (user_form, org_form) if form is not None]
    # Every form is validated, so all errors show at once.
    valid = [form.is_valid() for form in forms_]
    if data is not None and all(valid):
        try:
            user, organization = user_signup(
                email=user_form.cleaned_data["email"],
                full_name=user_form.cleaned_data["full_name"],
                password=user_form.cleaned_data["password1"],
                organization=org_form.service_fields() if org_form else None,
                invitation_token=token if invitation else None,
            )
        except ValidationError as error:
            add_service_errors(error, *forms_)
        else:
            login(request, user)
            request.session[SESSION_KEY] = organization.pk
            messages.success(request, _("Welcome to Runway."))
            return redirect("dashboard:home")
    return render(
        request,
        "accounts/signup.html",
        {
            "form": user_form,
            "org_form": org_form,
            "invitation": invitation,
            "accept_path": reverse("orgs:invitation_accept", args=[token]) if invitation else "",
        },
        status=400 if data is not None else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's name and e-mail address, and the organizations they belong to."""
    user = cast(User, request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            user_update_profile(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "own_memberships": membership_list_for_user(user=user)},
        status=400 if form.is_bound else 200,
    )
