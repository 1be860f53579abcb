"""Writes to organizations, memberships and invitations."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from runway.orgs.access import AccessDenied, Actor, Need
from runway.orgs.models import (
    CATEGORIES_BY_KIND,
    Invitation,
    Membership,
    Organization,
    OrganizationKind,
    Role,
)
from runway.orgs.tasks import send_invitation_email

if TYPE_CHECKING:
    from runway.accounts.models import User


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=False)[:60] or "org"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _validate_category(organization: Organization) -> None:
    allowed = CATEGORIES_BY_KIND.get(organization.kind, set())
    if organization.category and organization.category not in allowed:
        raise ValidationError(
            {"category": _("This category does not fit this kind of organization.")}
        )


@transaction.atomic
def organization_create(*, owner: User, name: str, kind: str, **fields: Any) -> Organization:
    """Creates an organization owned by `owner`. Platform organizations are made by staff."""
    if kind == OrganizationKind.PLATFORM and not owner.is_staff:
        raise ValidationError(
            {"kind": _("Only platform staff can create a platform organization.")}
        )
    fields.setdefault("slug", _unique_slug(name))
    if fields.get("credit_code"):
        fields["credit_code"] = fields["credit_code"].strip().upper()
    organization = Organization(name=name, kind=kind, **fields)
    _validate_category(organization)
    _validate_identity(organization)
    organization.full_clean()
    organization.save()
    Membership.objects.create(user=owner, organization=organization, role=Role.OWNER)
    return organization


def _validate_identity(organization: Organization) -> None:
    if organization.kind == OrganizationKind.PLATFORM:
        return
    if organization.country.upper() == "CN" and not organization.credit_code:
        raise ValidationError(
            {
                "credit_code": _(
                    "Organizations registered in mainland China need their "
                    "Unified Social Credit Code."
                )
            }
        )
    if organization.country.upper() != "CN" and not organization.registry_number:
        raise ValidationError(
            {
                "registry_number": _(
                    "Organizations registered outside mainland China need a registry number."
                )
            }
        )


# Staff verified these facts; once they change, the badge must wait for a new check.
VERIFIED_IDENTITY_FIELDS = ("name", "country", "credit_code", "registry_number")


@transaction.atomic
def organization_update(*, actor: Actor, organization: Organization, **fields: Any) -> Organization:
    """Changes an organization's card (admins and owners).

    Changing a verified identity removes the verification.
    """
    if not (actor.acts_for(organization.pk) and actor.can(Need.ADMIN)):
        raise AccessDenied
    for forbidden in ("kind", "is_verified", "verified_at", "slug"):
        fields.pop(forbidden, None)
    if fields.get("credit_code"):
        fields["credit_code"] = fields["credit_code"].strip().upper()
    stored = Organization.objects.get(pk=organization.pk)
    if stored.is_verified and any(
        name in fields and fields[name] != getattr(stored, name)
        for name in VERIFIED_IDENTITY_FIELDS
    ):
        organization.is_verified = False
        organization.verified_at = None
    for name, value in fields.items():
        setattr(organization, name, value)
    _validate_category(organization)
    _validate_identity(organization)
    organization.full_clean()
    organization.save()
    _listing_changed(organization)
    return organization


def organization_set_verified(*, organization: Organization, verified: bool) -> Organization:
    """Platform staff's decision, made in the Django admin."""
    organization.is_verified = verified
    organization.verified_at = timezone.now() if verified else None
    organization.save(update_fields=["is_verified", "verified_at"])
    _listing_changed(organization)
    return organization


def _listing_changed(organization: Organization) -> None:
    """A venture's name and badge are in the public directory's index: refresh it. Imported here,
    not at the top, because the directory is built on organizations, not the other way round."""
    if organization.kind == OrganizationKind.VENTURE:
        from runway.directory.triggers import organization_changed

        organization_changed(organization.pk)


@transaction.atomic
def invitation_create(*, actor: Actor, email: str, role: str) -> tuple[Invitation, str]:
    """Returns the invitation and its one-time token (only the token's hash is stored)."""
    if not actor.can(Need.ADMIN):
        raise AccessDenied
    if role == Role.OWNER and not actor.can(Need.OWN):
        raise ValidationError({"role": _("Only an owner can invite another owner.")})
    email = email.strip().lower()
    if Membership.objects.filter(organization=actor.organization, user__email=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=actor.organization,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=actor.user,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    return invitation, token


def invitation_send(
    *, actor: Actor, email: str, role: str, accept_url: Callable[[str], str], language: str
) -> Invitation:
    """Creates an invitation and, once it is committed, e-mails its link in `language`.

    `accept_url` turns the one-time token into the absolute link the e-mail carries; the token
    itself is never stored.
    """
    with transaction.atomic():
        invitation, token = invitation_create(actor=actor, email=email, role=role)
        url = accept_url(token)
        transaction.on_commit(
            lambda: send_invitation_email.enqueue(
                invitation_id=invitation.pk, accept_url=url, language=language
            )
        )
    return invitation


def invitation_by_token(*, token: str) -> Invitation | None:
    """The pending invitation for a token, or None when it is unknown, used, revoked or expired."""
    return (
        Invitation.objects.select_related("organization")
        .filter(
            token_hash=hash_token(token),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


@transaction.atomic
def invitation_accept(*, user: User, token: str) -> Membership:
    invitation = invitation_by_token(token=token)
    if invitation is None:
        raise ValidationError(_("This invitation is invalid, used or expired."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation is invalid, used or expired."))
    if invitation.email != user.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


def invitation_revoke(*, actor: Actor, invitation: Invitation) -> None:
    if not (actor.acts_for(invitation.organization_id) and actor.can(Need.ADMIN)):
        raise AccessDenied
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def membership_set_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    if not (actor.acts_for(membership.organization_id) and actor.can(Need.ADMIN)):
        raise AccessDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    membership = _locked(membership)
    if Role.OWNER in (role, membership.role) and not actor.can(Need.OWN):
        raise AccessDenied
    if membership.role == Role.OWNER and role != Role.OWNER:
        _keep_an_owner(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: Membership) -> None:
    if not (actor.acts_for(membership.organization_id) and actor.can(Need.ADMIN)):
        raise AccessDenied
    membership = _locked(membership)
    if membership.role == Role.OWNER:
        if not actor.can(Need.OWN):
            raise AccessDenied
        _keep_an_owner(membership)
    membership.delete()


def _locked(membership: Membership) -> Membership:
    """Locks the organization, so membership changes in it happen one after another, and
    re-reads the membership, whose role another request may just have changed."""
    Organization.objects.select_for_update().filter(pk=membership.organization_id).first()
    return Membership.objects.select_related("user", "organization").get(pk=membership.pk)


def _keep_an_owner(membership: Membership) -> None:
    others = Membership.objects.filter(
        organization_id=membership.organization_id, role=Role.OWNER
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("An organization needs at least one owner."))
