"""Reads of exchange rates: the rate in force on a day, and amounts converted through it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from runway.engine.money import CENT, Currency
from runway.fx.models import FxRate

# A rate older than this is not used: comparing amounts through a stale rate misleads more than
# not comparing them at all.
MAX_RATE_AGE = dt.timedelta(days=45)


def rates_on(on: dt.date | None = None) -> dict[str, Decimal]:
    """Yuan per unit for every currency with a rate in force on `on` (today by default),
    CNY included as 1."""
    day = on or timezone.localdate()
    latest = (
        FxRate.objects.filter(on__lte=day, on__gt=day - MAX_RATE_AGE)
        .values("currency")
        .annotate(latest=Max("on"))
    )
    wanted = {(row["currency"], row["latest"]) for row in latest}
    rates = {Currency.CNY.value: Decimal(1)}
    for rate in FxRate.objects.filter(currency__in={c for c, _ in wanted}, on__lte=day):
        if (rate.currency, rate.on) in wanted:
            rates[rate.currency] = rate.rate_to_cny
    return rates


def convert(
    amount: Decimal, *, from_currency: str, to_currency: str, on: dt.date | None = None
) -> Decimal | None:
    """`amount` in `to_currency`, to the cent; None when either rate is missing or stale."""
    if from_currency == to_currency:
        return amount
    rates = rates_on(on)
    source, target = rates.get(from_currency), rates.get(to_currency)
    if source is None or target is None:
        return None
    return (amount * source / target).quantize(CENT)
