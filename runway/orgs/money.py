"""Money fields for models: a Decimal amount column next to an explicit currency column."""

from __future__ import annotations

from decimal import Decimal
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


def money_text(amount: object, currency: object) -> str:
    """`1,234.50 CNY` for messages built in Python; "—" without an amount. Templates use the
    money include instead, which groups digits the way the reader's language does."""
    if amount is None:
        return "—"
    return f"{Decimal(str(amount)):,.2f} {currency or ''}".strip()
