"""A mandate's must traction thresholds on months of history and repeat-buyer rate, from the
stored KPIs to the stored matches, in full and incremental runs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from runway.investors.models import Rule
from runway.investors.tests.factories import MandateFactory
from runway.matching import adapters, services
from runway.matching.models import Match
from runway.matching.tests.factories import store_history
from runway.ventures.tests.factories import FundingRoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def matched(mandate) -> set[int]:
    return set(Match.objects.filter(mandate=mandate).values_list("funding_round_id", flat=True))


@pytest.fixture
def ventures():
    """A young shop (12 months, 35% repeat buyers), an old one (30 months, 20% repeat buyers)
    and one without figures."""
    young, old, unknown = (FundingRoundFactory() for _ in range(3))
    store_history(young.venture, months=12)
    store_history(old.venture, months=30, repeat_share=Decimal("0.2"))
    return young, old, unknown


def test_the_venture_figures_are_the_scores_months_and_repeat_rate(ventures) -> None:
    young, old, unknown = ventures

    facts = {r: adapters.venture_traction(r.venture) for r in (young, old, unknown)}

    assert facts[young].months_history == 12
    assert facts[old].months_history == 30
    # Returning over all buyers of the last 12 months (the first three left out): int(x * share)
    # of each month's buyers, so a little under the share.
    young_rate, old_rate = facts[young].repeat_rate, facts[old].repeat_rate
    assert young_rate is not None
    assert old_rate is not None
    assert Decimal("0.34") < young_rate < Decimal("0.35")
    assert Decimal("0.19") < old_rate < Decimal("0.2")
    assert (facts[unknown].months_history, facts[unknown].repeat_rate) == (None, None)
    spec = adapters.round_spec(old, facts[old])
    assert (spec.months_history, spec.repeat_rate) == (30, facts[old].repeat_rate)


def test_must_history_and_repeat_thresholds_filter_the_matches(ventures) -> None:
    young, old, unknown = ventures
    history = MandateFactory(traction_rule=Rule.MUST, min_months_history=24)
    loyalty = MandateFactory(traction_rule=Rule.MUST, min_repeat_rate=Decimal("30.00"))
    both = MandateFactory(
        traction_rule=Rule.MUST, min_months_history=24, min_repeat_rate=Decimal("30.00")
    )
    preferred = MandateFactory(
        traction_rule=Rule.PREFER, min_months_history=24, min_repeat_rate=Decimal("30.00")
    )

    services.rematch_all()

    assert matched(history) == {old.pk}  # 30 months >= 24; 12 months and unknown fail
    assert matched(loyalty) == {young.pk}  # 35% >= 30%; 20% and unknown fail
    assert matched(both) == set()
    assert matched(preferred) == {young.pk, old.pk, unknown.pk}  # a preference never filters

    columns = ("mandate_id", "funding_round_id", "score", "rank_for_mandate", "rank_for_round")
    full = set(Match.objects.values_list(*columns))
    for mandate in (history, loyalty, both, preferred):
        services.rematch_mandate(mandate=mandate)
    for funding_round in ventures:
        services.rematch_round(funding_round=funding_round)
    assert set(Match.objects.values_list(*columns)) == full


def test_thresholds_reach_the_engine_only_when_traction_is_a_must() -> None:
    must = MandateFactory(
        traction_rule=Rule.MUST, min_months_history=24, min_repeat_rate=Decimal("35.50")
    )
    prefer = MandateFactory(
        traction_rule=Rule.PREFER, min_months_history=24, min_repeat_rate=Decimal("35.50")
    )

    hard, soft = adapters.mandate_spec(must), adapters.mandate_spec(prefer)

    assert (hard.min_months_history, hard.min_repeat_rate) == (24, Decimal("0.355"))
    assert (soft.min_months_history, soft.min_repeat_rate) == (None, None)
