from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from runway.orgs.validators import validate_credit_code


class OrganizationKind(models.TextChoices):
    VENTURE = "venture", _("Venture")
    INVESTOR = "investor", _("Investor or lender")
    INTERMEDIARY = "intermediary", _("Intermediary")
    GOVERNMENT = "government", _("Government program")
    PLATFORM = "platform", _("Platform operator")


class OrganizationCategory(models.TextChoices):
    """A finer kind, for the organization kinds that have them."""

    VC = "vc", _("Venture capital fund")
    ANGEL = "angel", _("Angel investor")
    STRATEGIC = "strategic", _("Strategic corporate")
    REVENUE_LENDER = "revenue_lender", _("Revenue-based lender")
    BANK = "bank", _("Bank")
    INCUBATOR = "incubator", _("Incubator")
    ADVISOR = "advisor", _("Advisor")
    COMMUNITY = "community", _("Community")
    GUIDANCE_FUND = "guidance_fund", _("Guidance fund")


CATEGORIES_BY_KIND: dict[str, set[str]] = {
    OrganizationKind.INVESTOR: {"vc", "angel", "strategic", "revenue_lender", "bank"},
    OrganizationKind.INTERMEDIARY: {"incubator", "advisor", "community"},
    OrganizationKind.GOVERNMENT: {"guidance_fund"},
}


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")
    VIEWER = "viewer", _("Viewer")


class Organization(models.Model):
    """A company, fund, program or the platform itself; people act for it through memberships."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    category = models.CharField(
        _("category"), max_length=20, choices=OrganizationCategory.choices, blank=True
    )
    country = models.CharField(
        _("country"), max_length=2, default="CN", help_text=_("ISO 3166 code")
    )
    credit_code = models.CharField(
        _("Unified Social Credit Code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, for organizations registered in mainland China"),
    )
    registry_number = models.CharField(
        _("registry number"),
        max_length=64,
        blank=True,
        help_text=_("Company registry number, for organizations registered outside mainland China"),
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="org_credit_code_unique",
            ),
            models.CheckConstraint(
                condition=~Q(country="CN") | ~Q(credit_code="") | Q(kind="platform"),
                name="org_cn_has_credit_code",
            ),
            models.CheckConstraint(
                condition=Q(country="CN") | ~Q(registry_number=""),
                name="org_foreign_has_registry_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"


class Invitation(models.Model):
    """An e-mailed link to join an organization; only the SHA-256 of the token is stored."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} -> {self.organization}"


class AccessOutcome(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    DENIED = "denied", _("Denied")


class AccessRecord(models.Model):
    """Who opened (or was refused) something confidential, from where: the fields every audit
    trail shares (data-room documents, a listing's confidential part, a held venture's metrics).
    Each app's record adds what was opened and its own Meta."""

    USER_AGENT_MAX = 300

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    outcome = models.CharField(_("outcome"), max_length=10, choices=AccessOutcome.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=USER_AGENT_MAX, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def record(
        cls, *, actor: Any, allowed: bool, ip: str | None, user_agent: str, **subject: Any
    ) -> Self:
        """Stores one look by `actor` (an orgs.access.Actor) at `subject` (the app's fields)."""
        return cls._default_manager.create(
            organization=actor.organization,
            user=actor.user,
            outcome=AccessOutcome.ALLOWED if allowed else AccessOutcome.DENIED,
            ip=ip,
            user_agent=user_agent[: cls.USER_AGENT_MAX],
            **subject,
        )
