"""Writes of exchange rates: operators load a dated table (the batch matcher's `rates.csv`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from runway.engine.money import Currency
from runway.fx.models import FxRate

COLUMNS = ("currency", "rate_to_cny", "date")


@dataclass(frozen=True)
class LoadedRates:
    created: int
    updated: int


def _row_error(line: int, column: str, message: str) -> ValidationError:
    return ValidationError(
        _("Line %(line)s, column %(column)s: %(message)s")
        % {"line": line, "column": column, "message": message}
    )


def _parse(line: int, row: dict[str, str]) -> tuple[str, dt.date, Decimal]:
    currency = (row.get("currency") or "").strip().upper()
    if currency not in Currency.__members__ or currency == Currency.CNY:
        raise _row_error(
            line,
            "currency",
            _("expected one of HKD, USD, EUR, RUB, got “%(value)s”.") % {"value": currency},
        )
    try:
        rate = Decimal((row.get("rate_to_cny") or "").strip())
    except InvalidOperation:
        rate = Decimal(0)
    if not rate.is_finite() or rate <= 0:
        raise _row_error(line, "rate_to_cny", _("expected a positive number of yuan per unit."))
    try:
        on = dt.date.fromisoformat((row.get("date") or "").strip())
    except ValueError:
        raise _row_error(line, "date", _("expected a date as YYYY-MM-DD.")) from None
    return currency, on, rate


@transaction.atomic
def rates_load(*, rows: list[dict[str, str]], source: str) -> LoadedRates:
    """Stores every row or, on the first bad one, nothing; a day's existing rate is replaced.

    Rows are numbered from 2, as the header is line 1 of the file they came from."""
    if rows and set(COLUMNS) - set(rows[0]):
        missing = ", ".join(sorted(set(COLUMNS) - set(rows[0])))
        raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": missing})
    created = updated = 0
    for line, row in enumerate(rows, start=2):
        currency, on, rate = _parse(line, row)
        _rate, was_created = FxRate.objects.update_or_create(
            currency=currency, on=on, defaults={"rate_to_cny": rate, "source": source}
        )
        created += was_created
        updated += not was_created
    return LoadedRates(created=created, updated=updated)
