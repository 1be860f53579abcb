"""Data passports: signed, expiring attestations of a venture's monthly KPIs for a period.

The signed JSON document is kept exactly as issued; the columns beside it repeat what the pages
and look-ups need. The share link's token is stored only as its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from runway.ventures.models import Venture


class PassportStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Passport(models.Model):
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="passports")
    passport_id = models.UUIDField(_("passport id"), unique=True, default=uuid.uuid4)
    document = models.JSONField(_("signed document"))
    period_from = models.DateField(_("first month"))
    period_to = models.DateField(_("last month"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("data passport")
        verbose_name_plural = _("data passports")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_from__lte=models.F("period_to")),
                name="passport_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("issued_at")),
                name="passport_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.passport_id} ({self.period_from:%Y-%m}..{self.period_to:%Y-%m})"

    def status(self, now: dt.datetime) -> PassportStatus:
        """Revocation outranks expiry: a revoked passport says so even after it has expired."""
        if self.revoked_at is not None:
            return PassportStatus.REVOKED
        if now >= self.expires_at:
            return PassportStatus.EXPIRED
        return PassportStatus.VALID
