"""Sponsorship: an intermediary vouching for a venture it works with, once the venture accepts.

An intermediary proposes, the venture accepts or declines, and either side may end an accepted
sponsorship (the intermediary may also withdraw its own proposal, which ends it). A pair has at
most one live sponsorship (proposed or accepted) at a time, held by a partial unique constraint,
so two proposals sent at once leave one; the rows of declined and ended ones stay as history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from runway.orgs.models import Organization
from runway.ventures.models import Venture


class SponsorshipStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("sponsorship status", "Proposed")
    ACCEPTED = "accepted", pgettext_lazy("sponsorship status", "Accepted")
    DECLINED = "declined", pgettext_lazy("sponsorship status", "Declined")
    ENDED = "ended", pgettext_lazy("sponsorship status", "Ended")


LIVE_STATUSES = (SponsorshipStatus.PROPOSED, SponsorshipStatus.ACCEPTED)


class Sponsorship(models.Model):
    intermediary = models.ForeignKey(
        Organization,
        verbose_name=_("intermediary"),
        on_delete=models.CASCADE,
        related_name="sponsorships",
    )
    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.CASCADE, related_name="sponsorships"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SponsorshipStatus.choices,
        default=SponsorshipStatus.PROPOSED,
    )
    message = models.TextField(_("message"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Which side ended it: "venture" or "intermediary"; blank until it ends.
    ended_by_side = models.CharField(max_length=12, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["intermediary", "venture"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="sponsors_one_live_sponsorship",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "accepted", "declined", "ended"]),
                name="sponsors_known_status",
            ),
            # A decided sponsorship says when; an ended one says when it ended.
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(status="ended") | Q(decided_at__isnull=False),
                name="sponsors_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_at__isnull=False),
                name="sponsors_ended_has_date",
            ),
        ]
        indexes = [models.Index(fields=["venture", "status"], name="sponsors_venture_status")]

    def __str__(self) -> str:
        return f"{self.intermediary_id} → {self.venture_id} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES
