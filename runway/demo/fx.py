"""The demo's exchange rates: indicative figures of the kind an operator would load each day
(`runway fx_load`), dated the day the demo is built. They are not market data."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from runway.fx.services import rates_load

DEMO_RATES = {
    "USD": Decimal("7.10"),
    "EUR": Decimal("7.75"),
    "HKD": Decimal("0.912"),
    "RUB": Decimal("0.088"),
}


def demo_rates_build() -> int:
    today = timezone.localdate().isoformat()
    rows = [
        {"currency": currency, "rate_to_cny": str(rate), "date": today}
        for currency, rate in DEMO_RATES.items()
    ]
    loaded = rates_load(rows=rows, source="demo (indicative, not market data)")
    return loaded.created + loaded.updated
