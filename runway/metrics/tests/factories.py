"""Order exports small enough to write inline, and a helper to upload them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from runway.metrics.figures import MonthFigures

ORDERS_CSV = (
    b"order_id,ordered_at,customer_id,amount\n"
    b"A1,2025-01-05 10:00,c1,100.50\n"
    b"A2,2025-01-20 10:00,c2,50\n"
    b"A3,2025-02-03 10:00,c1,30.25\n"
    b"A4,2025-03-03 10:00,c3,10\n"
)
OTHER_ORDERS_CSV = (
    b"order_id,ordered_at,customer_id,amount\n"
    b"B1,2025-04-05 10:00,c9,7.00\n"
    b"B2,2025-05-20 10:00,c9,8.00\n"
)
BAD_ORDERS_CSV = ORDERS_CSV.replace(b"c3,10", b"c3,ten yuan")


def upload(content: bytes = ORDERS_CSV, name: str = "orders.csv") -> ContentFile[bytes]:
    return ContentFile(content, name=name)


# Daily traffic for the months of ORDERS_CSV: January 2025 has 2 orders, February 1, March 1.
TRAFFIC_CSV = (
    b"date,visits,page views\n"
    b"2025-01-01,40,100\n"
    b"2025-01-31,60,150\n"
    b"2025-02-10,25,80\n"
    b"2025-03-03,8,\n"
)


def figures(month: dt.date, **overrides: Any) -> MonthFigures:
    """A plausible month: 10,000.00 GMV, 500.00 refunds, 80 orders by 60 buyers, 20 new."""
    values: dict[str, Any] = {
        "month": month, "gmv": Decimal("10000.00"), "refunds": Decimal("500.00"), "orders": 80,
        "buyers": 60, "new_buyers": 20, **overrides,
    }  # fmt: skip
    return MonthFigures(**values)
