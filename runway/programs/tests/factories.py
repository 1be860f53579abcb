from __future__ import annotations

from decimal import Decimal

import factory

from runway.orgs.models import OrganizationKind
from runway.orgs.tests.factories import OrganizationFactory
from runway.programs.models import Program, ProgramKind, ProgramStatus

CO_INVESTMENT_PARAMS = {
    "currency": "CNY",
    "ratio_public_to_private": "0.5",
    "max_share_of_round": "0.3",
    "cap_per_venture": "2000000",
}


class ProgramFactory(factory.django.DjangoModelFactory[Program]):
    class Meta:
        model = Program

    organization = factory.SubFactory(
        OrganizationFactory, kind=OrganizationKind.GOVERNMENT, category="guidance_fund"
    )
    title = factory.Sequence(lambda n: f"Nanshan seed co-investment {n}")
    kind = ProgramKind.CO_INVESTMENT
    status = ProgramStatus.OPEN
    currency = "CNY"
    budget = Decimal("10000000.00")
    rules = factory.LazyFunction(dict)
    params = factory.LazyFunction(lambda: dict(CO_INVESTMENT_PARAMS))
