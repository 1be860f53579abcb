from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from runway.orgs.money import currency_field


class FxRate(models.Model):
    """How many yuan one unit of a currency was worth on a day.

    The platform compares amounts across currencies (a rouble round against a yuan mandate) only
    through these dated rates, kept by operators; CNY itself is never stored (it is 1).
    """

    currency = currency_field()
    on = models.DateField(_("date"))
    rate_to_cny = models.DecimalField(_("yuan per unit"), max_digits=18, decimal_places=8)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-on"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "on"], name="fx_one_rate_per_day"),
            models.CheckConstraint(condition=Q(rate_to_cny__gt=0), name="fx_rate_positive"),
            models.CheckConstraint(condition=~Q(currency="CNY"), name="fx_not_cny"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate_to_cny} CNY ({self.on})"
