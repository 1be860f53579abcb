"""Confidential sale listings and buyers' letters of intent.

A listing shows buyers (investor organizations) an anonymous card: a code name, sector, region,
a summary the venture writes, its verified figures as bands and an indicative valuation band.
A buyer whose organization accepts the listing's NDA (`ListingNda`) sees who the venture is and
its detailed verified figures; every look at that part, allowed or refused, is an
`ListingAccess` record. Offers are letters of intent; the venture accepts one, which gives that
buyer exclusivity and ends every other buyer's access.

The database holds what must never break whatever runs at once: at most one live listing per
venture, one accepted offer per listing, one open offer per buyer and listing, one live NDA per
buyer and listing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from runway.orgs.models import AccessRecord, Organization
from runway.orgs.money import amount_field, currency_field
from runway.taxonomy.models import Region, Sector
from runway.ventures.models import Venture


class ListingStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("listing status", "Draft")
    OPEN = "open", pgettext_lazy("listing status", "Open")
    EXCLUSIVE = "exclusive", pgettext_lazy("listing status", "Exclusive")
    SOLD = "sold", pgettext_lazy("listing status", "Sold")
    WITHDRAWN = "withdrawn", pgettext_lazy("listing status", "Withdrawn")


LIVE_STATUSES = (ListingStatus.DRAFT, ListingStatus.OPEN, ListingStatus.EXCLUSIVE)


class ValuationBasis(models.TextChoices):
    REVENUE = "revenue", _("Multiples of trailing revenue")
    PROFIT = "profit", _("Multiples of trailing profit")


class Listing(models.Model):
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="listings")
    code_name = models.CharField(
        _("code name"),
        max_length=80,
        help_text=_("What buyers see instead of your name until they accept the NDA."),
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(
        _("anonymous summary"),
        blank=True,
        help_text=_("What you sell, to whom, and why you sell; without your name or website."),
    )
    # The verified figures as bands and codes, as every buyer sees them (selectors.MetricsBands).
    metrics = models.JSONField(_("verified figures (bands)"), default=dict, blank=True)
    # The detailed verified figures buyers see once they accept the NDA (selectors.MetricsDetail).
    metrics_detail = models.JSONField(_("verified figures (detail)"), default=dict, blank=True)
    metrics_as_of = models.DateField(_("figures as of"), null=True, blank=True)
    currency = currency_field()
    valuation_low = amount_field(_("valuation, low"))
    valuation_high = amount_field(_("valuation, high"))
    valuation_basis = models.CharField(
        _("valuation basis"), max_length=10, choices=ValuationBasis.choices
    )
    asking_low = amount_field(_("asking price, from"), null=True, blank=True)
    asking_high = amount_field(_("asking price, up to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    exclusive_buyer = models.ForeignKey(
        Organization, verbose_name=_("exclusive buyer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    exclusive_until = models.DateTimeField(_("exclusive until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sale listing")
        verbose_name_plural = _("sale listings")
        ordering = ["-published_at", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ListingStatus.values), name="exits_listing_status_known"
            ),
            models.CheckConstraint(
                condition=Q(valuation_low__gte=0) & Q(valuation_low__lte=F("valuation_high")),
                name="exits_valuation_band_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(asking_low__isnull=True) | Q(asking_low__gt=0))
                & (Q(asking_high__isnull=True) | Q(asking_high__gt=0))
                & (
                    Q(asking_low__isnull=True)
                    | Q(asking_high__isnull=True)
                    | Q(asking_low__lte=F("asking_high"))
                ),
                name="exits_asking_range_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status=ListingStatus.EXCLUSIVE) | Q(exclusive_until__isnull=False),
                name="exits_exclusive_has_an_end",
            ),
            models.UniqueConstraint(
                fields=["venture"],
                condition=Q(status__in=LIVE_STATUSES),
                name="exits_one_live_listing",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.code_name


class ListingNda(models.Model):
    """A person's click-through acceptance of the listing NDA `version` for their organization.

    Revoked when another buyer gets exclusivity or the listing is withdrawn; the record stays, and
    accepting again (once the listing is open again) writes a new one.
    """

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="ndas")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    version = models.CharField(_("NDA version"), max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("access ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("listing NDA acceptance")
        verbose_name_plural = _("listing NDA acceptances")
        ordering = ["-accepted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "organization"],
                condition=Q(revoked_at__isnull=True),
                name="exits_one_live_nda",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} -> {self.listing_id} (v{self.version})"


class ListingAccess(AccessRecord):
    """One look at a listing's confidential part (identity and detailed figures), or one refused
    attempt, by someone outside the venture."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="access_records")

    class Meta:
        verbose_name = _("listing access record")
        verbose_name_plural = _("listing access records")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["listing", "outcome", "organization"])]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.outcome} by {self.organization_id}"


class OfferStructure(models.TextChoices):
    SHARE_PURCHASE = "share_purchase", _("Share purchase")
    ASSET_PURCHASE = "asset_purchase", _("Asset purchase")
    MERGER = "merger", _("Merger")


class OfferStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("offer status", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("offer status", "Accepted")
    REJECTED = "rejected", pgettext_lazy("offer status", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("offer status", "Withdrawn")
    # Past its valid-until date unanswered, or accepted but exclusivity ended without a sale.
    LAPSED = "lapsed", pgettext_lazy("offer status", "Lapsed")


class Offer(models.Model):
    """A buyer's letter of intent: a price, a structure and conditions, valid until a date."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="offers")
    buyer = models.ForeignKey(
        Organization, verbose_name=_("buyer"), on_delete=models.CASCADE, related_name="+"
    )
    price = amount_field(_("price"))
    currency = currency_field()
    structure = models.CharField(_("structure"), max_length=20, choices=OfferStructure.choices)
    conditions = models.TextField(
        _("conditions"),
        blank=True,
        help_text=_("Diligence, financing, approvals, key people staying, and so on."),
    )
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("letter of intent")
        verbose_name_plural = _("letters of intent")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="exits_offer_price_positive"),
            models.CheckConstraint(
                condition=Q(status__in=OfferStatus.values), name="exits_offer_status_known"
            ),
            models.CheckConstraint(
                condition=Q(structure__in=OfferStructure.values),
                name="exits_offer_structure_known",
            ),
            models.UniqueConstraint(
                fields=["listing"],
                condition=Q(status=OfferStatus.ACCEPTED),
                name="exits_one_accepted_offer",
            ),
            models.UniqueConstraint(
                fields=["listing", "buyer"],
                condition=Q(status=OfferStatus.SUBMITTED),
                name="exits_one_open_offer_per_buyer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buyer_id} -> {self.listing_id}: {self.price} {self.currency}"
