"""Government programs: guidance-fund schemes with eligibility rules as data, a budget, the
ventures that pre-register and apply, and the awards officers grant.

A program's `committed` is the sum of its awards, and `reserved` the co-investment it holds for
open rounds (deals.ProgramReservation); both are kept beside the budget and only ever changed by
conditional UPDATEs (services.application_approve, services.budget_reserve and the functions
beside it); the check constraint is the database's own guarantee that awards and reservations
together never exceed the budget, whatever the code above it does.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from runway.orgs.models import Organization
from runway.orgs.money import amount_field, currency_field
from runway.ventures.models import FundingRound, Venture


class ProgramKind(models.TextChoices):
    CO_INVESTMENT = "co_investment", _("Co-investment")
    RISK_COMPENSATION = "risk_compensation", _("Risk compensation")
    GUARANTEE = "guarantee", _("Loan guarantee")
    INTEREST_SUBSIDY = "interest_subsidy", _("Interest subsidy")
    GRANT = "grant", _("Grant")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Program(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="programs"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgramKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    currency = currency_field()
    budget = amount_field(_("budget"))
    committed = amount_field(_("committed"), default=0, editable=False)
    reserved = amount_field(_("reserved for open rounds"), default=0, editable=False)
    # Validated by the engine (runway.engine.programs) before every save.
    rules = models.JSONField(_("eligibility rules"), default=dict, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="programs_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(committed__gte=0)
                & Q(reserved__gte=0)
                & Q(committed__lte=F("budget") - F("reserved")),
                name="programs_committed_within_budget",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def budget_left(self) -> Decimal:
        left: Decimal = self.budget - self.committed - self.reserved
        return left


class PreRegistration(models.Model):
    """A venture's registration with a program before it raises: some programs compensate a loss
    only on investments made after the venture registered."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="registrations")
    venture = models.ForeignKey(
        Venture, on_delete=models.CASCADE, related_name="program_registrations"
    )
    registered_on = models.DateField(_("registered on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pre-registration")
        verbose_name_plural = _("pre-registrations")
        constraints = [
            models.UniqueConstraint(fields=["program", "venture"], name="programs_one_registration")
        ]

    def __str__(self) -> str:
        return f"{self.venture_id} @ {self.program_id}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="applications")
    venture = models.ForeignKey(
        Venture, on_delete=models.CASCADE, related_name="program_applications"
    )
    funding_round = models.ForeignKey(
        FundingRound,
        verbose_name=_("funding round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_applications",
    )
    amount = amount_field(_("amount requested"))
    private_amount = amount_field(
        _("private capital alongside"),
        default=0,
        help_text=_("Private money invested or lent in the same deal, for co-investment."),
    )
    currency = currency_field()
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "venture"],
                condition=Q(status="submitted"),
                name="programs_one_pending_application",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="programs_amount_positive"),
            models.CheckConstraint(
                condition=Q(private_amount__gte=0), name="programs_private_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venture_id} -> {self.program_id} ({self.status})"


class Award(models.Model):
    """Money a program committed to a venture: the only thing that counts against the budget."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="awards")
    venture = models.ForeignKey(Venture, on_delete=models.PROTECT, related_name="program_awards")
    amount = amount_field(_("amount"))
    currency = currency_field()
    private_amount = amount_field(_("private capital alongside"), default=0)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    awarded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-awarded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="programs_award_positive")
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} -> {self.venture_id}"
