"""The demo's portfolio step: cash and burn for held demo ventures, then alerts; and the holdings
removed before the demo's organizations are."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from runway.demo.portfolio import portfolio_demo_build, portfolio_demo_delete
from runway.metrics.models import FinanceSnapshot
from runway.orgs.models import Organization, OrganizationKind
from runway.orgs.tests.factories import OrganizationFactory
from runway.portfolio.models import Alert, Holding
from runway.portfolio.tests.factories import HoldingFactory, founder, month, months, year_of
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory

pytestmark = pytest.mark.django_db


def _demo_holding(slug: str) -> Holding:
    venture = VentureFactory(
        organization=OrganizationFactory(kind=OrganizationKind.VENTURE, slug=slug)
    )
    founder(venture)
    months(venture, year_of(month(2025, 10), [40000] * 13))
    return HoldingFactory(funding_round=FundingRoundFactory(venture=venture))


def test_held_demo_ventures_get_cash_and_the_first_a_short_runway_alert() -> None:
    first, second = _demo_holding("silkroad-trade"), _demo_holding("hqb-chiplink")
    outsider = HoldingFactory()  # not a demo venture: left alone
    run = portfolio_demo_build(today=dt.date(2026, 11, 20))

    snapshots = {s.venture_id: s for s in FinanceSnapshot.objects.all()}
    assert set(snapshots) == {first.venture_id, second.venture_id}
    # A quarter of 40,000 a month is burnt; cash lasts 4.5 and 14 months, in order of id.
    assert snapshots[first.venture_id].monthly_burn == Decimal("10000.00")
    assert snapshots[first.venture_id].runway_months == Decimal("4.5")
    assert snapshots[second.venture_id].runway_months == Decimal("14.0")
    kinds = {(a.venture_id, a.kind) for a in run.created}
    assert (first.venture_id, "low_runway") in kinds
    assert (second.venture_id, "low_runway") not in kinds
    assert (outsider.venture_id, "missed_update") in kinds  # alerts run for every holding

    again = portfolio_demo_build(today=dt.date(2026, 11, 20))
    assert again.created == []
    assert FinanceSnapshot.objects.count() == 2


def test_deleting_the_demo_removes_its_holdings_first() -> None:
    holding = _demo_holding("silkroad-trade")
    portfolio_demo_build(today=dt.date(2026, 11, 20))
    demo = Organization.objects.filter(slug="silkroad-trade")
    assert portfolio_demo_delete(demo) == 1
    assert not Holding.objects.exists()
    demo.delete()  # no holding protects the venture any more
    assert not Alert.objects.filter(venture_id=holding.venture_id).exists()
