"""The directory: each venture's listing choices, and the index row the directory is read from.

`ProfileSettings` is what the venture chose (listed or not, raw figures or bands). `DirectoryEntry`
is derived, never edited: the venture's search tokens and traction facts as of its last reindex
(services.venture_reindex). The full-text index itself is a table the migrations create for the
database in use (SQLite FTS5 or PostgreSQL tsvector), keyed by the same venture id.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from runway.metrics.models import VerificationLevel
from runway.orgs.money import currency_field
from runway.ventures.models import Venture


class ProfileSettings(models.Model):
    """How a venture appears in the directory; a venture without a row is listed, with bands."""

    venture = models.OneToOneField(
        Venture, on_delete=models.CASCADE, primary_key=True, related_name="directory_settings"
    )
    listed = models.BooleanField(
        _("listed in the directory"),
        default=True,
        help_text=_("Public profiles are listed unless you take yours out."),
    )
    show_raw_figures = models.BooleanField(
        _("show exact figures"),
        default=False,
        help_text=_(
            "Your public profile shows revenue and growth as bands; tick this to show the "
            "exact verified figures instead."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("directory settings")
        verbose_name_plural = _("directory settings")

    def __str__(self) -> str:
        return str(self.venture_id)


class DirectoryEntry(models.Model):
    """A venture as the directory searches, filters and sorts it (rebuilt by reindexing)."""

    venture = models.OneToOneField(
        Venture, on_delete=models.CASCADE, primary_key=True, related_name="directory_entry"
    )
    # Space-separated, lowercased tokens (jieba-segmented for Chinese), by ranking weight.
    tokens_name = models.TextField(blank=True)
    tokens_sectors = models.TextField(blank=True)
    tokens_profile = models.TextField(blank=True)
    tokens_body = models.TextField(blank=True)
    joined_at = models.DateTimeField()
    grade = models.CharField(_("grade"), max_length=1, blank=True)
    verification = models.CharField(
        _("verification"), max_length=20, choices=VerificationLevel.choices, blank=True
    )
    months_of_history = models.PositiveSmallIntegerField(_("months of history"), default=0)
    latest_month = models.DateField(_("latest month"), null=True, blank=True)
    currency = currency_field()
    annual_revenue = models.DecimalField(
        _("annual net revenue"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    # The same in yuan at indicative rates, so ventures in different currencies sort together.
    annual_revenue_cny = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    growth_yoy = models.DecimalField(
        _("net revenue growth, year on year"),
        max_digits=14,
        decimal_places=6,
        null=True,
        blank=True,
    )
    revenue_band = models.CharField(_("revenue band"), max_length=20, blank=True)
    # The band's place, 1 for the lowest; 0 without figures.
    revenue_rank = models.PositiveSmallIntegerField(default=0)
    growth_band = models.CharField(_("growth band"), max_length=20, blank=True)
    growth_rank = models.PositiveSmallIntegerField(default=0)
    passport_expires_at = models.DateTimeField(_("passport valid until"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"))

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        # One index per sort, in its exact order, so a page is read in order and stops early.
        # Ranks are 0 without figures, so descending order puts those last with no NULLS LAST
        # (which SQLite indexes cannot hold); within rank 0 every raw figure is null.
        indexes = [
            models.Index(F("joined_at").desc(), F("venture_id").desc(), name="directory_newest"),
            models.Index(
                F("revenue_rank").desc(), F("venture_id").desc(), name="directory_revenue_band"
            ),
            models.Index(
                F("revenue_rank").desc(),
                F("annual_revenue_cny").desc(),
                F("venture_id").desc(),
                name="directory_revenue",
            ),
            models.Index(
                F("growth_rank").desc(), F("venture_id").desc(), name="directory_growth_band"
            ),
            models.Index(
                F("growth_rank").desc(),
                F("growth_yoy").desc(),
                F("venture_id").desc(),
                name="directory_growth",
            ),
            models.Index(fields=["indexed_at"], name="directory_indexed_at"),
        ]

    def __str__(self) -> str:
        return str(self.venture_id)
