from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory

from runway.investors.models import GridKind, Mandate
from runway.orgs.models import OrganizationKind
from runway.orgs.tests.factories import OrganizationFactory


class MandateFactory(factory.django.DjangoModelFactory[Mandate]):
    class Meta:
        model = Mandate

    organization = factory.SubFactory(
        OrganizationFactory, kind=OrganizationKind.INVESTOR, category="vc"
    )
    title = "Seed-stage e-commerce in the Greater Bay Area"
    currency = "CNY"
    ticket_min = Decimal("500000.00")
    ticket_max = Decimal("5000000.00")


# A revenue-based lender's grid, as `grid_create` takes it.
RBF_GRID: dict[str, Any] = {
    "title": "Shop advance",
    "kind": GridKind.REVENUE_BASED,
    "currency": "CNY",
    "min_months_history": 6,
    "min_monthly_revenue": Decimal("50000"),
    "max_multiple": Decimal("1.5"),
    "pricing_by_grade": {"A": "0.06", "B": "0.08", "C": "0.10"},
    "remittance_share": Decimal("0.1"),
    "repayment_cap": Decimal("1.2"),
    "singles_day_holiday": True,
}
