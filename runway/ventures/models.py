from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from runway.orgs.models import Organization
from runway.orgs.money import amount_field, currency_field
from runway.taxonomy.models import Instrument, Region, Sector, Stage


class BusinessModel(models.TextChoices):
    ONLINE_SHOP = "online_shop", _("Online shop")
    MARKETPLACE_SELLER = (
        "marketplace_seller",
        _("Marketplace seller (Taobao, Tmall, JD, Pinduoduo)"),
    )
    B2B_MARKETPLACE = "b2b_marketplace", _("B2B marketplace")
    CROSS_BORDER = "cross_border", _("Cross-border seller")
    COMMUNITY = "community", _("Community site")
    SUBSCRIPTION = "subscription", _("Subscription")
    SAAS = "saas", _("Software for merchants")
    MANUFACTURER = "manufacturer", _("Small manufacturer")


class ShenzhenDistrict(models.TextChoices):
    FUTIAN = "futian", _("Futian")
    LUOHU = "luohu", _("Luohu")
    NANSHAN = "nanshan", _("Nanshan")
    YANTIAN = "yantian", _("Yantian")
    BAOAN = "baoan", _("Bao'an")
    LONGGANG = "longgang", _("Longgang")
    LONGHUA = "longhua", _("Longhua")
    PINGSHAN = "pingshan", _("Pingshan")
    GUANGMING = "guangming", _("Guangming")
    DAPENG = "dapeng", _("Dapeng")


class Venture(models.Model):
    """An online business's profile: what it sells, where, how far along, in three languages."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="venture"
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), related_name="ventures")
    business_model = models.CharField(
        _("business model"), max_length=30, choices=BusinessModel.choices
    )
    markets = models.ManyToManyField(
        Region, verbose_name=_("markets"), related_name="market_ventures", blank=True
    )
    city = models.ForeignKey(
        Region, verbose_name=_("city"), on_delete=models.PROTECT, related_name="ventures"
    )
    district = models.CharField(_("district"), max_length=20, blank=True)
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.PROTECT)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    team_size = models.PositiveIntegerField(_("team size"), null=True, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(
        _("public profile"),
        default=True,
        help_text=_("Public profiles are listed for investors; private ones only for your team."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("venture")
        verbose_name_plural = _("ventures")
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return self.organization.name

    @property
    def name(self) -> str:
        return self.organization.name

    @property
    def description(self) -> str:
        """The description in the reader's language, else the first one written."""
        language = (get_language() or "zh-hans").lower()
        preferred = {"ru": self.description_ru, "en": self.description_en}.get(language[:2])
        return preferred or self.description_zh or self.description_en or self.description_ru


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    # The close date passed with hard commitments below the round's minimum.
    FAILED = "failed", pgettext_lazy("round status", "Failed")
    CANCELLED = "cancelled", _("Cancelled")


def max_investors_limit() -> int:
    """The most investors a round may take: China's 200-investor limit for private placements,
    unless the platform configures a lower one (RUNWAY_MAX_INVESTORS_PER_ROUND)."""
    return int(getattr(settings, "RUNWAY_MAX_INVESTORS_PER_ROUND", 200))


MAX_OVERSUBSCRIPTION_PCT = Decimal(100)
CENT = Decimal("0.01")


class FundingRound(models.Model):
    """A venture's round, with the terms its syndicate commits under.

    Hard commitments are counted against `hard_cap` (the target plus the allowed
    oversubscription) and `max_investors`; the round closes once they reach `min_amount` and fails
    when its close date passes below it (a minimum of zero: no minimum, the round never fails).
    """

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT
    )
    currency = currency_field()
    target_amount = amount_field(_("target amount"))
    min_ticket = amount_field(_("minimum ticket"))
    pre_money_valuation = amount_field(_("pre-money valuation"), null=True, blank=True)
    terms = models.TextField(
        _("terms"),
        blank=True,
        help_text=_("For debt and revenue-based rounds: rate, term, security."),
    )
    use_of_funds = models.TextField(_("use of funds"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    min_amount = amount_field(
        _("minimum to close"),
        default=0,
        help_text=_(
            "Hard commitments needed to close the round; below it when the round closes, it "
            "fails. Zero: no minimum."
        ),
    )
    oversubscription_pct = models.DecimalField(
        _("allowed oversubscription (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("Hard commitments may exceed the target by this much, from 0% to 100%."),
    )
    max_investors = models.PositiveSmallIntegerField(
        _("maximum investors"),
        default=max_investors_limit,
        help_text=_("Investors with a hard commitment, at most 200 for a private placement."),
    )
    qualified_investors_only = models.BooleanField(
        _("qualified investors only"),
        default=False,
        help_text=_("Individuals must have declared themselves qualified investors to commit."),
    )
    lead_investor = models.ForeignKey(
        Organization,
        verbose_name=_("lead investor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_rounds",
    )
    holders_first_until = models.DateField(
        _("existing holders first until"),
        null=True,
        blank=True,
        help_text=_(
            "Until this date only existing holders may commit, each up to its pro-rata share."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("funding round")
        verbose_name_plural = _("funding rounds")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(target_amount__gt=0), name="round_target_positive"),
            models.CheckConstraint(
                condition=Q(min_ticket__gt=0) & Q(min_ticket__lte=F("target_amount")),
                name="round_min_ticket_within_target",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="round_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(min_amount__gte=0) & Q(min_amount__lte=F("target_amount")),
                name="round_min_amount_within_target",
            ),
            models.CheckConstraint(
                condition=Q(oversubscription_pct__gte=0) & Q(oversubscription_pct__lte=100),
                name="round_oversubscription_percent",
            ),
            models.CheckConstraint(
                condition=Q(max_investors__gte=1), name="round_takes_an_investor"
            ),
        ]
        indexes = [models.Index(fields=["status", "closes_on"])]

    def __str__(self) -> str:
        return f"{self.venture} · {self.title}"

    @property
    def hard_cap(self) -> Decimal:
        """The most the round's hard commitments may add up to: target x (1 + oversubscription)."""
        cap: Decimal = Decimal(self.target_amount) * (1 + Decimal(self.oversubscription_pct) / 100)
        return cap.quantize(CENT, rounding=ROUND_DOWN)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.target_amount is not None and self.target_amount <= 0:
            errors["target_amount"] = ValidationError(_("The target must be more than zero."))
        if self.min_ticket is not None and self.min_ticket <= 0:
            errors["min_ticket"] = ValidationError(_("The minimum ticket must be more than zero."))
        elif (
            self.min_ticket is not None
            and self.target_amount is not None
            and self.min_ticket > self.target_amount
        ):
            errors["min_ticket"] = ValidationError(
                _("The minimum ticket cannot be larger than the target (%(target)s).")
                % {"target": self.target_amount}
            )
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = ValidationError(
                _("The round cannot close before it opens (%(opens)s).") % {"opens": self.opens_on}
            )
        errors.update(self._syndicate_errors())
        if errors:
            raise ValidationError(errors)

    def _syndicate_errors(self) -> dict[str, ValidationError]:
        errors: dict[str, ValidationError] = {}
        if self.min_amount is not None and self.min_amount < 0:
            errors["min_amount"] = ValidationError(_("Enter zero or more."))
        elif (
            self.min_amount is not None
            and self.target_amount is not None
            and self.min_amount > self.target_amount
        ):
            errors["min_amount"] = ValidationError(
                _("The minimum to close cannot be larger than the target (%(target)s).")
                % {"target": self.target_amount}
            )
        pct = self.oversubscription_pct
        if pct is not None and not Decimal(0) <= pct <= MAX_OVERSUBSCRIPTION_PCT:
            errors["oversubscription_pct"] = ValidationError(_("Enter a percentage from 0 to 100."))
        limit = max_investors_limit()
        if self.max_investors is not None and not 1 <= self.max_investors <= limit:
            errors["max_investors"] = ValidationError(
                _("Enter a number of investors from 1 to %(limit)s.") % {"limit": limit}
            )
        until = self.holders_first_until
        if until is not None and self.opens_on and until < self.opens_on:
            errors["holders_first_until"] = ValidationError(
                _("The holders' window cannot end before the round opens (%(opens)s).")
                % {"opens": self.opens_on}
            )
        elif until is not None and self.closes_on and until > self.closes_on:
            errors["holders_first_until"] = ValidationError(
                _("The holders' window must end by the close date (%(closes)s).")
                % {"closes": self.closes_on}
            )
        return errors
