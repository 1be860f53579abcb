"""Money fields for models: a Decimal amount column next to an explicit currency column."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from runway.engine.money import Currency

CURRENCY_CHOICES = [(c.value, c.value) for c in Currency]


def amount_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)


def currency_field(**kwargs: Any) -> models.CharField[Any, Any]:
    kwargs.setdefault("default", Currency.CNY.value)
    return models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, **kwargs)
