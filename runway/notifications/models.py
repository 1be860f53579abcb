"""In-app notifications for an organization's members.

A notification stores a verb and its parameters, not a sentence: it is worded when shown, in the
reader's language (runway.notifications.wording).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from runway.orgs.models import Organization


class Notification(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(_("verb"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Deduplicates repeats of the same event (the same match found again by a nightly run).
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"], name="notifications_one_per_event"
            )
        ]
        indexes = [models.Index(fields=["organization", "read_at"])]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.verb}"
