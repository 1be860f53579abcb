from __future__ import annotations

from decimal import Decimal

import factory

from runway.investors.models import Mandate
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
