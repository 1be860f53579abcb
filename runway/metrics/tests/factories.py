"""Order exports small enough to write inline, and a helper to upload them."""

from __future__ import annotations

from django.core.files.base import ContentFile

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
