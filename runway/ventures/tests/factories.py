from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from runway.orgs.access import Actor
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import MembershipFactory, OrganizationFactory
from runway.taxonomy.models import Instrument, Region, Sector, Stage
from runway.ventures.models import BusinessModel, FundingRound, RoundStatus, Venture


class VentureFactory(factory.django.DjangoModelFactory[Venture]):
    class Meta:
        model = Venture
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.VENTURE)
    tagline = "Flowers delivered across Shenzhen in two hours"
    business_model = BusinessModel.ONLINE_SHOP
    city = factory.LazyFunction(lambda: Region.objects.get(code="shenzhen"))
    district = "nanshan"
    stage = factory.LazyFunction(lambda: Stage.objects.get(code="seed"))
    is_public = True

    @factory.post_generation
    def sectors(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.sectors.set(extracted or [Sector.objects.get(code="flowers-gifts")])


class FundingRoundFactory(factory.django.DjangoModelFactory[FundingRound]):
    class Meta:
        model = FundingRound

    venture = factory.SubFactory(VentureFactory)
    title = "Seed round"
    instrument = factory.LazyFunction(lambda: Instrument.objects.get(code="equity"))
    currency = "CNY"
    target_amount = Decimal("3000000.00")
    min_ticket = Decimal("200000.00")
    use_of_funds = "Cold-chain vans and two new stores"
    # Relative to today, so an open round is still taking money whenever the suite runs.
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=25))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90))
    status = RoundStatus.OPEN


def member_of(organization: Organization, role: str = Role.MEMBER) -> Actor:
    """An actor with `role` in an existing organization (a venture's, an investor's...)."""
    membership = MembershipFactory(organization=organization, role=role)
    return Actor(organization=organization, role=role, user=membership.user)
