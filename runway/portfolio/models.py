from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from runway.orgs.models import Organization
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
