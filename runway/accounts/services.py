"""Writes to user accounts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from runway.accounts.models import User
from runway.orgs.models import Organization
from runway.orgs.services import invitation_accept, organization_create


@transaction.atomic
def user_signup(
    *,
    email: str,
    full_name: str,
    password: str,
    organization: Mapping[str, Any] | None = None,
    invitation_token: str | None = None,
) -> tuple[User, Organization]:
    """Creates a person together with their first organization, or joins the one that invited them.

    Either `organization` (the fields of `organization_create`) or `invitation_token` is given. All
    in one transaction: when the organization or the invitation is refused, no account is left.
    """
    if (organization is None) == (invitation_token is None):
        raise ValueError("Give either an organization or an invitation token.")
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    user = User.objects.create_user(email=email, password=password, full_name=full_name.strip())
    if invitation_token is not None:
        membership = invitation_accept(user=user, token=invitation_token)
        return user, membership.organization
    return user, organization_create(owner=user, **(organization or {}))


@transaction.atomic
def user_update_profile(*, user: User, full_name: str, email: str) -> User:
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("Another account already uses this e-mail address.")})
    user.full_name = full_name.strip()
    user.email = email
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "email"])
    return user
