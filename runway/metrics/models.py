"""Verified traction: import jobs of order exports, the monthly KPIs and cohorts they yield.

Every figure carries its verification level: typed in by the venture, imported from an export,
or pushed by the shop through the API. Definitions of each KPI are in docs/metrics.md.
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from runway.orgs.money import currency_field
from runway.ventures.models import Venture

MONEY_DIGITS = 20  # monthly sums of large shops stay far below 10^18
RATE_DIGITS = 9  # shares in [0, 1]
GROWTH_DIGITS = 14  # growth is unbounded: a month 5,000 times the one before is 4999.0


def money(verbose_name: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(verbose_name, max_digits=MONEY_DIGITS, decimal_places=2, **kwargs)


def rate(verbose_name: Any, *, digits: int = RATE_DIGITS) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        verbose_name, max_digits=digits, decimal_places=6, null=True, blank=True
    )


class VerificationLevel(models.TextChoices):
    SELF_REPORTED = "self_reported", _("Self-reported")
    IMPORTED = "imported", _("Imported from an export")
    CONNECTED = "connected", _("Connected shop")


class JobStatus(models.TextChoices):
    # Uploaded and previewed, waiting for the person to confirm the layout or map columns:
    # nothing is read beyond the first rows until they do.
    DRAFT = "draft", _("Awaiting confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


FINISHED = (JobStatus.SUCCEEDED, JobStatus.REJECTED, JobStatus.FAILED)


class ImportKind(models.TextChoices):
    ORDERS = "orders", _("Order export")
    TRAFFIC = "traffic", _("Traffic export")


def import_upload_to(job: ImportJob, filename: str) -> str:
    """imports/<venture id>/<random>-<name>: names never collide and reveal nothing guessable."""
    name = PurePath(filename).name[-80:] or "orders"
    return f"imports/{job.venture_id}/{uuid.uuid4().hex}-{name}"


class ImportJob(models.Model):
    """One uploaded order or traffic export and what importing it found."""

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="import_jobs")
    kind = models.CharField(
        _("kind"), max_length=10, choices=ImportKind.choices, default=ImportKind.ORDERS
    )
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    # Blank until the import finds it: the file's own, else the one given, else the layout's.
    currency = currency_field(blank=True, default="")
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    excluded_rows = models.PositiveIntegerField(_("excluded rows"), default=0)
    layout = models.CharField(_("layout"), max_length=40, blank=True)
    problem_counts = models.JSONField(_("problems by reason"), default=dict, blank=True)
    warning_counts = models.JSONField(_("warnings by reason"), default=dict, blank=True)
    problems = models.JSONField(_("first problems"), default=list, blank=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=40, blank=True)
    rejection_params = models.JSONField(_("rejection details"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="metrics_job_progress_lte_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_draft(self) -> bool:
        return self.status == JobStatus.DRAFT


class MonthlyKPI(models.Model):
    """One calendar month of a venture's traction, as the engine's `monthly_kpis` computes it."""

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="monthly_kpis")
    month = models.DateField(_("month"))
    currency = currency_field()
    verification = models.CharField(
        _("verification"), max_length=20, choices=VerificationLevel.choices
    )
    source_job = models.ForeignKey(
        ImportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="kpis"
    )
    # Who typed in or pushed the month (self-reported and connected figures); imports have a job.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("days covered"))
    complete = models.BooleanField(_("complete month"))
    gmv = money(_("GMV"))
    refunds = money(_("refunds"))
    net_revenue = money(_("net revenue"))
    orders = models.PositiveIntegerField(_("orders"))
    cancelled_orders = models.PositiveIntegerField(_("cancelled orders"))
    buyers = models.PositiveIntegerField(_("buyers"))
    new_buyers = models.PositiveIntegerField(_("new buyers"))
    returning_buyers = models.PositiveIntegerField(_("returning buyers"))
    repeat_buyer_rate = rate(_("repeat-buyer rate"))
    aov = money(_("average order value"), null=True, blank=True)
    refund_rate = rate(_("refund rate"))
    visits = models.PositiveIntegerField(_("visits"), null=True, blank=True)
    page_views = models.PositiveIntegerField(_("page views"), null=True, blank=True)
    conversion = rate(_("conversion"))
    gmv_mom = rate(_("GMV growth, month on month"), digits=GROWTH_DIGITS)
    gmv_yoy = rate(_("GMV growth, year on year"), digits=GROWTH_DIGITS)
    net_revenue_mom = rate(_("net revenue growth, month on month"), digits=GROWTH_DIGITS)
    net_revenue_yoy = rate(_("net revenue growth, year on year"), digits=GROWTH_DIGITS)
    orders_mom = rate(_("orders growth, month on month"), digits=GROWTH_DIGITS)
    orders_yoy = rate(_("orders growth, year on year"), digits=GROWTH_DIGITS)
    buyers_mom = rate(_("buyers growth, month on month"), digits=GROWTH_DIGITS)
    buyers_yoy = rate(_("buyers growth, year on year"), digits=GROWTH_DIGITS)
    gmv_ttm = money(_("GMV, trailing 12 months"), null=True, blank=True)
    refunds_ttm = money(_("refunds, trailing 12 months"), null=True, blank=True)
    net_revenue_ttm = money(_("net revenue, trailing 12 months"), null=True, blank=True)
    orders_ttm = models.PositiveIntegerField(_("orders, trailing 12 months"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly KPI")
        verbose_name_plural = _("monthly KPIs")
        ordering = ["venture", "month"]
        constraints = [
            models.UniqueConstraint(fields=["venture", "month"], name="metrics_kpi_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.venture_id} {self.month:%Y-%m}"


class CohortCell(models.Model):
    """Buyers of one first-purchase month who ordered again `months_since` months later."""

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="cohort_cells")
    cohort = models.DateField(_("cohort month"))
    months_since = models.PositiveSmallIntegerField(_("months since"))
    buyers = models.PositiveIntegerField(_("buyers"))
    cohort_size = models.PositiveIntegerField(_("cohort size"))
    source_job = models.ForeignKey(
        ImportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="cohort_cells"
    )

    class Meta:
        verbose_name = _("cohort cell")
        verbose_name_plural = _("cohort cells")
        ordering = ["venture", "cohort", "months_since"]
        constraints = [
            models.UniqueConstraint(
                fields=["venture", "cohort", "months_since"], name="metrics_cohort_cell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.venture_id} {self.cohort:%Y-%m} +{self.months_since}"

    @property
    def rate(self) -> float:
        return self.buyers / self.cohort_size if self.cohort_size else 0.0


class DailyTraffic(models.Model):
    """One day of a venture's shop traffic, from a traffic export; months sum their days."""

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="daily_traffic")
    date = models.DateField(_("date"))
    visits = models.PositiveIntegerField(_("visits"))
    page_views = models.PositiveIntegerField(_("page views"), null=True, blank=True)
    source_job = models.ForeignKey(
        ImportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="traffic_days"
    )

    class Meta:
        verbose_name = _("daily traffic")
        verbose_name_plural = _("daily traffic")
        ordering = ["venture", "date"]
        constraints = [
            models.UniqueConstraint(fields=["venture", "date"], name="metrics_traffic_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.venture_id} {self.date:%Y-%m-%d}"


RUNWAY_PLACES = Decimal("0.1")


class FinanceSnapshot(models.Model):
    """Cash and monthly burn on a date, as the venture states them; runway follows."""

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="finance_snapshots")
    as_of = models.DateField(_("as of"))
    currency = currency_field()
    cash = money(_("cash"), validators=[MinValueValidator(Decimal(0))])
    monthly_burn = money(_("monthly burn"), validators=[MinValueValidator(Decimal(0))])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("finance snapshot")
        verbose_name_plural = _("finance snapshots")
        ordering = ["venture", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["venture", "as_of"], name="metrics_finance_one_per_date"
            ),
            models.CheckConstraint(
                condition=models.Q(cash__gte=0, monthly_burn__gte=0),
                name="metrics_finance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venture_id} {self.as_of:%Y-%m-%d}"

    @property
    def runway_months(self) -> Decimal | None:
        """cash / monthly_burn, to a tenth of a month; None when nothing is burnt (no limit)."""
        if not self.monthly_burn:
            return None
        months = Decimal(self.cash) / Decimal(self.monthly_burn)
        return months.quantize(RUNWAY_PLACES, rounding=ROUND_HALF_EVEN)
