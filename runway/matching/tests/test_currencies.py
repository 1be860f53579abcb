"""Rounds and mandates in different currencies are compared through the platform's dated
exchange rates, and not at all without one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from runway.fx.models import FxRate
from runway.investors.tests.factories import MandateFactory
from runway.matching import services
from runway.matching.models import Match
from runway.ventures.tests.factories import FundingRoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]


@pytest.fixture
def rouble_round():
    return FundingRoundFactory(
        currency="RUB", target_amount=Decimal("30000000"), min_ticket=Decimal("5000000")
    )


@pytest.fixture
def yuan_mandate():
    # 5M RUB at 0.09 is 450k CNY: inside 300k-2M; the rouble amounts are outside it as numbers.
    return MandateFactory(
        currency="CNY", ticket_min=Decimal("300000"), ticket_max=Decimal("2000000")
    )


def _matched() -> set[tuple[int, int]]:
    return set(Match.objects.values_list("mandate_id", "funding_round_id"))


def test_without_a_rate_differing_currencies_do_not_match(rouble_round, yuan_mandate) -> None:
    services.rematch_all()
    assert (yuan_mandate.pk, rouble_round.pk) not in _matched()


def test_with_a_rate_the_amounts_are_compared_in_yuan(rouble_round, yuan_mandate) -> None:
    FxRate.objects.create(currency="RUB", on=timezone.localdate(), rate_to_cny=Decimal("0.09"))
    services.rematch_all()
    assert (yuan_mandate.pk, rouble_round.pk) in _matched()
    Match.objects.all().delete()
    # The incremental paths use the same rates as the full run.
    services.rematch_round(funding_round=rouble_round)
    assert (yuan_mandate.pk, rouble_round.pk) in _matched()
