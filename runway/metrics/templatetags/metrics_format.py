"""Template filters for traction figures."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()

HUNDREDTH = Decimal("0.01")


@register.filter
def percent(value: Decimal | None) -> str:
    """A stored rate (0.0213) as a percentage with two places ("2.13%"); "—" when there is none."""
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(HUNDREDTH)}%"
