from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from runway.orgs.models import Organization
from runway.orgs.money import amount_field, currency_field
from runway.taxonomy.models import Instrument, Region, Sector, Stage


class Rule(models.TextChoices):
    """Whether a criterion excludes rounds that miss it, or only ranks them lower."""

    MUST = "must", _("Must")
    PREFER = "prefer", _("Prefer")


class MandateStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


def rule_field() -> models.CharField[str, str]:
    return models.CharField(_("rule"), max_length=6, choices=Rule.choices, default=Rule.PREFER)


class Mandate(models.Model):
    """What an investor or lender looks for; each criterion is either a must or a preference."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="mandates"
    )
    title = models.CharField(_("title"), max_length=200)
    thesis = models.TextField(_("thesis"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MandateStatus.choices, default=MandateStatus.OPEN
    )
    instruments = models.ManyToManyField(Instrument, verbose_name=_("instruments"), blank=True)
    instruments_rule = rule_field()
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    sectors_rule = rule_field()
    stages = models.ManyToManyField(Stage, verbose_name=_("stages"), blank=True)
    stages_rule = rule_field()
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), blank=True)
    regions_rule = rule_field()
    currency = currency_field()
    ticket_min = amount_field(_("smallest ticket"))
    ticket_max = amount_field(_("largest ticket"))
    ticket_rule = rule_field()
    min_monthly_revenue = amount_field(_("minimum monthly net revenue"), null=True, blank=True)
    min_growth_rate = models.DecimalField(
        _("minimum yearly growth (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    min_months_history = models.PositiveSmallIntegerField(
        _("minimum months of order history"), null=True, blank=True
    )
    min_repeat_rate = models.DecimalField(
        _("minimum repeat-buyer rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    traction_rule = rule_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket_min__gt=0) & Q(ticket_max__gte=F("ticket_min")),
                name="mandate_ticket_range_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.title}"

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.ticket_min is not None and self.ticket_min <= 0:
            errors["ticket_min"] = ValidationError(_("The smallest ticket must be more than zero."))
        elif (
            self.ticket_min is not None
            and self.ticket_max is not None
            and self.ticket_max < self.ticket_min
        ):
            errors["ticket_max"] = ValidationError(
                _("The largest ticket cannot be smaller than the smallest (%(min)s).")
                % {"min": self.ticket_min}
            )
        if errors:
            raise ValidationError(errors)


class GridKind(models.TextChoices):
    REVENUE_BASED = "revenue_based", _("Revenue-based financing")
    LOAN = "loan", _("Term loan")


GRADES = ("A", "B", "C", "D", "E")


class LenderGrid(models.Model):
    """A lender's published pricing: who qualifies and on what terms, by traction grade.

    `pricing_by_grade` maps a grade to the flat fee (share of the advance) of a revenue-based
    grid, or to the annual interest rate of a loan grid; a grade left out is declined. Offers are
    computed from it by the engine (runway.engine.financing) on the venture's own KPIs.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="lender_grids"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=GridKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    currency = currency_field()
    min_months_history = models.PositiveSmallIntegerField(_("minimum months of history"), default=6)
    min_monthly_revenue = amount_field(_("minimum monthly net revenue"), default=0)
    max_multiple = models.DecimalField(
        _("maximum multiple"),
        max_digits=6,
        decimal_places=2,
        help_text=_(
            "Revenue-based: of average monthly net revenue. Loan: of trailing-12-month net revenue."
        ),
    )
    pricing_by_grade = models.JSONField(
        _("pricing by grade"),
        default=dict,
        help_text=_("Fee share (revenue-based) or annual rate (loan) per grade, e.g. A: 0.06."),
    )
    remittance_share = models.DecimalField(
        _("remittance share of revenue"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    repayment_cap = models.DecimalField(
        _("repayment cap (multiple of the advance)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    singles_day_holiday = models.BooleanField(
        _("no remittance in November (Singles' Day)"), default=False
    )
    spring_festival_holiday = models.BooleanField(
        _("no remittance in the Spring Festival month"), default=False
    )
    term_months = models.PositiveSmallIntegerField(_("term in months"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lender grid")
        verbose_name_plural = _("lender grids")
        ordering = ["organization", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(max_multiple__gt=0), name="grid_multiple_positive"),
            models.CheckConstraint(
                condition=Q(min_monthly_revenue__gte=0), name="grid_min_revenue_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.title}"


class QualificationBasis(models.TextChoices):
    """The thresholds of China's qualified-investor rule an individual may declare it meets."""

    PROJECT_1M = "project_1m", _("I invest at least 1,000,000 CNY in this project")
    ASSETS_3M = "assets_3m", _("I hold financial assets of at least 3,000,000 CNY")
    INCOME_500K = (
        "income_500k",
        _("My yearly income over the last three years averaged at least 500,000 CNY"),
    )


class QualifiedInvestorDeclaration(models.Model):
    """An individual investor's declaration that it is a qualified investor, made by one of its
    people: which threshold, the declaration text's version, who, when, from where, and until
    when it holds. A newer declaration replaces an older one; they are never edited."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="qualification_declarations"
    )
    basis = models.CharField(_("basis"), max_length=20, choices=QualificationBasis.choices)
    version = models.CharField(_("declaration version"), max_length=20)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField(_("declared at"))
    valid_until = models.DateField(_("valid until"))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualified-investor declaration")
        verbose_name_plural = _("qualified-investor declarations")
        ordering = ["-declared_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(basis__in=QualificationBasis.values),
                name="investors_qualification_basis_known",
            ),
        ]
        indexes = [models.Index(fields=["organization", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.basis} until {self.valid_until}"
