"""Stored traction for shell tests: a steady, growing shop's monthly KPIs, written as rows (the
engine's figures are tested against real files in tests/engine)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from runway.metrics.models import MonthlyKPI, VerificationLevel
from runway.ventures.models import Venture


def month_starts(count: int, *, until: dt.date | None = None) -> list[dt.date]:
    """`count` first-of-month dates ending with the last complete month before `until`."""
    last = (until or timezone.localdate()).replace(day=1)
    months = []
    year, month = last.year, last.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(dt.date(year, month, 1))
    return sorted(months)


def store_history(
    venture: Venture,
    *,
    months: int = 24,
    first_revenue: Decimal = Decimal("300000"),
    monthly_growth: Decimal = Decimal("0.03"),
    verification: str = VerificationLevel.IMPORTED,
    repeat_share: Decimal = Decimal("0.35"),
) -> list[MonthlyKPI]:
    """`months` complete months ending last month; from the second month on, `repeat_share`
    of each month's buyers bought before."""
    rows = []
    revenue = first_revenue
    for index, month in enumerate(month_starts(months)):
        orders = int(revenue / 150)
        buyers = int(orders * 0.8)
        returning = int(buyers * repeat_share) if index else 0
        rows.append(
            MonthlyKPI(
                venture=venture,
                month=month,
                currency="CNY",
                verification=verification,
                days=28,
                complete=True,
                gmv=revenue * Decimal("1.05"),
                refunds=revenue * Decimal("0.05"),
                net_revenue=revenue.quantize(Decimal("0.01")),
                orders=orders,
                cancelled_orders=0,
                buyers=buyers,
                new_buyers=buyers - returning,
                returning_buyers=returning,
                repeat_buyer_rate=Decimal(returning) / Decimal(buyers) if buyers else None,
            )
        )
        revenue = (revenue * (1 + monthly_growth)).quantize(Decimal("0.01"))
    return MonthlyKPI.objects.bulk_create(rows)
