"""Holdings as closing a round writes them, and the held venture's months and cash."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from runway.accounts.models import User
from runway.metrics.figures import MonthFigures, kpi_push_connected
from runway.metrics.finance import finance_snapshot_save
from runway.metrics.models import FinanceSnapshot, MonthlyKPI
from runway.orgs.access import Actor
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.portfolio.models import Holding
from runway.ventures.models import RoundStatus, Venture
from runway.ventures.tests.factories import FundingRoundFactory, member_of


class HoldingFactory(factory.django.DjangoModelFactory[Holding]):
    class Meta:
        model = Holding

    investor = factory.SubFactory(
        OrganizationFactory, kind=OrganizationKind.INVESTOR, category="vc"
    )
    funding_round = factory.SubFactory(FundingRoundFactory, status=RoundStatus.CLOSED)
    venture = factory.LazyAttribute(lambda h: h.funding_round.venture)
    instrument = factory.LazyAttribute(lambda h: h.funding_round.instrument)
    currency = "CNY"
    amount = Decimal("500000.00")
    ownership = Decimal("0.05000000")
    acquired_on = dt.date(2025, 6, 30)


def investor_org() -> Organization:
    return OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc")


def holder(holding: Holding, role: str = Role.MEMBER) -> Actor:
    """A person with `role` in the holding's investor."""
    return member_of(holding.investor, role=role)


def user_of(actor: Actor) -> User:
    if actor.user is None:
        raise ValueError("an actor of a person, not of a token")
    return actor.user


def founder(venture: Venture) -> Actor:
    return member_of(venture.organization, role=Role.OWNER)


def months(
    venture: Venture, net: dict[dt.date, Decimal | int | str], *, currency: str = "CNY"
) -> list[MonthlyKPI]:
    """Pushes whole months with the given net revenue (no refunds), as a connected shop would;
    growth and trailing totals are derived by the platform as for any push."""
    figures = [
        MonthFigures(month=month, gmv=Decimal(value), orders=100, buyers=80, new_buyers=30)
        for month, value in net.items()
    ]
    return kpi_push_connected(
        actor=founder(venture), venture=venture, currency=currency, months=figures
    )


def snapshot(
    venture: Venture,
    *,
    cash: Decimal | int | str,
    burn: Decimal | int | str,
    as_of: dt.date = dt.date(2026, 10, 31),
    currency: str = "CNY",
) -> FinanceSnapshot:
    saved, _new = finance_snapshot_save(
        actor=founder(venture),
        venture=venture,
        as_of=as_of,
        cash=Decimal(cash),
        monthly_burn=Decimal(burn),
        currency=currency,
    )
    return saved


def month(year: int, number: int) -> dt.date:
    return dt.date(year, number, 1)


def year_of(start: dt.date, values: list[int]) -> dict[dt.date, Decimal | int | str]:
    """Consecutive months from `start`, one value each."""
    out: dict[dt.date, Decimal | int | str] = {}
    index = start.year * 12 + start.month - 1
    for offset, value in enumerate(values):
        year, number = divmod(index + offset, 12)
        out[dt.date(year, number + 1, 1)] = value
    return out
