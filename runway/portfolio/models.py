"""Holdings after a round closes, and watching them: alerts found by the nightly run, the
members' e-mail digests of them, and the audit of every look at a held venture's metrics."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from runway.orgs.models import AccessRecord, Membership, Organization
from runway.orgs.money import amount_field, currency_field
from runway.programs.models import Program
from runway.taxonomy.models import Instrument
from runway.ventures.models import FundingRound, Venture


class Holding(models.Model):
    """What an investor (or a government program co-investing) holds after a round closed.

    Written only by closing a round; one holding per holder and round.
    """

    investor = models.ForeignKey(
        Organization,
        verbose_name=_("investor"),
        on_delete=models.PROTECT,
        related_name="holdings",
    )
    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.PROTECT, related_name="holdings"
    )
    funding_round = models.ForeignKey(
        FundingRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="holdings"
    )
    # Set when the holder is a government co-investment program rather than a private investor.
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="holdings",
        null=True,
        blank=True,
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="+"
    )
    currency = currency_field()
    amount = amount_field(_("amount invested"))
    # Fraction of the company after the round (equity and converted notes); null for debt.
    ownership = models.DecimalField(
        _("ownership"), max_digits=9, decimal_places=8, null=True, blank=True
    )
    acquired_on = models.DateField(_("acquired on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("holding")
        verbose_name_plural = _("holdings")
        ordering = ["-acquired_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="holding_amount_positive"),
            models.CheckConstraint(
                condition=Q(ownership__isnull=True) | (Q(ownership__gt=0) & Q(ownership__lte=1)),
                name="holding_ownership_fraction",
            ),
            models.UniqueConstraint(
                fields=["funding_round", "investor"],
                condition=Q(program__isnull=True),
                name="holding_one_per_investor_round",
            ),
            models.UniqueConstraint(
                fields=["funding_round", "program"],
                condition=Q(program__isnull=False),
                name="holding_one_per_program_round",
            ),
        ]
        indexes = [models.Index(fields=["investor", "venture"])]

    def __str__(self) -> str:
        return f"{self.investor} · {self.funding_round}"


class AccessChannel(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API")


class AlertKind(models.TextChoices):
    LOW_RUNWAY = "low_runway", _("Runway below six months")
    REVENUE_DROP = "revenue_drop", _("Net revenue down on last year")
    MISSED_UPDATE = "missed_update", _("Monthly update missed")


class Alert(models.Model):
    """Something a holder should know about a venture it holds, found by the nightly run.

    One per (holder, venture, kind, period): `period` is the month the alert is about (the month
    of the finance snapshot, the month whose revenue fell, the month whose figures are missing),
    so running the rules again the same night, or every night, never repeats an alert.
    """

    investor = models.ForeignKey(
        Organization,
        verbose_name=_("investor"),
        on_delete=models.CASCADE,
        related_name="portfolio_alerts",
    )
    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.CASCADE, related_name="+"
    )
    # The holder's first holding in the venture, for the link; alerts are about the venture.
    holding = models.ForeignKey(
        Holding,
        verbose_name=_("holding"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    period = models.DateField(_("month"))
    values = models.JSONField(_("values"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["investor", "venture", "kind", "period"], name="portfolio_alert_once"
            ),
            models.CheckConstraint(
                condition=Q(period__day=1), name="portfolio_alert_period_is_a_month"
            ),
        ]
        indexes = [models.Index(fields=["investor", "created_at"])]

    def __str__(self) -> str:
        return f"{self.investor_id} · {self.venture_id} · {self.kind} {self.period:%Y-%m}"


class DigestPreference(models.Model):
    """Whether a member of a holder receives the e-mail digest, and in which language.

    A membership without a row receives it, in the platform's default language: digests are on
    by default because alerts are about money already invested.
    """

    membership = models.OneToOneField(
        Membership,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="digest_preference",
    )
    receive = models.BooleanField(_("e-mail me a digest"), default=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")

    def __str__(self) -> str:
        return f"{self.membership_id}: {'on' if self.receive else 'off'}"


class DigestDelivery(models.Model):
    """One digest e-mailed to one person for one organization on one day, and what it held.

    The unique row is written in the same transaction that sends the e-mail, so a second run on
    the same day (or a concurrent one) finds it and sends nothing.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    period = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"))
    language = models.CharField(_("language"), max_length=10)
    alert_ids = models.JSONField(default=list, blank=True)
    notification_ids = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "period"], name="portfolio_digest_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.organization_id} · {self.period}"


class MetricsAccessEvent(AccessRecord):
    """One view of a held venture's detailed metrics through a holding, or a refused attempt.

    A venture's detailed metrics are otherwise its own (runway.metrics.access); a holding is the
    grant that lets its holder see them, so each use of that grant is on record, like the data
    room's AccessEvent (which is tied to a document and cannot hold this).
    """

    holding = models.ForeignKey(
        Holding, on_delete=models.CASCADE, related_name="metrics_access_events"
    )
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=AccessChannel.choices)

    class Meta:
        verbose_name = _("metrics access event")
        verbose_name_plural = _("metrics access events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["venture", "at"])]

    def __str__(self) -> str:
        return f"{self.venture_id} {self.channel} {self.outcome} by {self.organization_id}"
