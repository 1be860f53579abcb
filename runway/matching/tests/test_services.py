from __future__ import annotations

from decimal import Decimal

import pytest

from runway.investors.models import Rule
from runway.investors.services import mandate_update
from runway.investors.tests.factories import MandateFactory
from runway.matching import services
from runway.matching.models import Match
from runway.matching.tests.factories import store_history
from runway.notifications.models import Notification
from runway.orgs.models import Role
from runway.taxonomy.models import Sector
from runway.ventures.models import RoundStatus
from runway.ventures.services import round_create, round_update
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def flowers_mandate(**fields):
    mandate = MandateFactory(sectors_rule=Rule.MUST, **fields)
    mandate.sectors.set([Sector.objects.get(code="flowers-gifts")])
    return mandate


def test_a_full_run_stores_ranked_explained_matches() -> None:
    mandate = flowers_mandate()
    best = FundingRoundFactory()  # a flowers venture, seed, 3M target
    store_history(best.venture)
    other = FundingRoundFactory()
    baby = FundingRoundFactory(
        venture=VentureFactory(sectors=[Sector.objects.get(code="mother-baby")])
    )
    assert services.rematch_all() == 2
    matches = {m.funding_round_id: m for m in Match.objects.filter(mandate=mandate)}
    assert set(matches) == {best.pk, other.pk}  # the must-sector filter drops the baby shop
    assert baby.pk not in matches
    assert matches[best.pk].rank_for_mandate == 1  # verified traction ranks it first
    assert matches[best.pk].score > matches[other.pk].score
    components = {part["component"] for part in matches[best.pk].explanation}
    assert components == {"sector", "stage", "region", "ticket", "traction"}
    assert sum(p["points"] for p in matches[best.pk].explanation) == pytest.approx(
        float(matches[best.pk].score), abs=0.05
    )


def test_investors_are_notified_once_of_new_verified_matches() -> None:
    mandate = flowers_mandate()
    verified = FundingRoundFactory()
    store_history(verified.venture)
    FundingRoundFactory()  # no imported figures: matched, but not announced
    services.rematch_all()
    services.rematch_all()
    notes = Notification.objects.filter(organization=mandate.organization)
    assert [n.verb for n in notes] == ["new_match"]
    assert notes[0].params["venture"] == verified.venture.organization.name


def test_a_new_round_is_matched_as_soon_as_it_opens(django_capture_on_commit_callbacks) -> None:
    mandate = flowers_mandate()
    venture = VentureFactory()
    # Closing a round takes an admin or owner.
    actor = member_of(venture.organization, Role.ADMIN)
    funding_round = FundingRoundFactory.build(venture=venture)
    with django_capture_on_commit_callbacks(execute=True):
        created = round_create(
            actor=actor, venture=venture, title="Seed", instrument=funding_round.instrument,
            currency="CNY", target_amount=Decimal("2000000"), min_ticket=Decimal("100000"),
            use_of_funds="Vans", opens_on=funding_round.opens_on,
            closes_on=funding_round.closes_on, status=RoundStatus.OPEN,
        )  # fmt: skip
    match = Match.objects.get(mandate=mandate, funding_round=created)
    assert (match.rank_for_mandate, match.rank_for_round) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        round_update(actor=actor, funding_round=created, status=RoundStatus.CLOSED)
    assert not Match.objects.filter(funding_round=created).exists()


def test_a_round_leaving_a_list_makes_room_for_the_next_one() -> None:
    mandate = flowers_mandate()
    rounds = [FundingRoundFactory() for _ in range(3)]
    services.rematch_all()
    closing = Match.objects.get(mandate=mandate, rank_for_mandate=1).funding_round
    closing.status = RoundStatus.CANCELLED
    closing.save()
    services.rematch_round(funding_round=closing)
    left = Match.objects.filter(mandate=mandate).order_by("rank_for_mandate")
    assert [m.rank_for_mandate for m in left] == [1, 2]
    assert {m.funding_round_id for m in left} == {r.pk for r in rounds} - {closing.pk}


def test_a_changed_mandate_is_rematched(django_capture_on_commit_callbacks) -> None:
    mandate = flowers_mandate()
    FundingRoundFactory()
    services.rematch_all()
    assert Match.objects.filter(mandate=mandate).count() == 1
    owner = member_of(mandate.organization)
    with django_capture_on_commit_callbacks(execute=True):
        mandate_update(
            actor=owner, mandate=mandate, sectors=[Sector.objects.get(code="mother-baby")]
        )
    assert not Match.objects.filter(mandate=mandate).exists()


def test_incremental_round_matches_equal_a_full_run() -> None:
    mandates = [flowers_mandate(ticket_max=Decimal(t)) for t in ("1000000", "3000000", "9000000")]
    rounds = [FundingRoundFactory(target_amount=Decimal(t)) for t in ("800000", "2500000")]
    store_history(rounds[0].venture)
    services.rematch_all()
    full = set(
        Match.objects.values_list("mandate_id", "funding_round_id", "score", "rank_for_mandate")
    )
    for funding_round in rounds:
        services.rematch_round(funding_round=funding_round)
    again = set(
        Match.objects.values_list("mandate_id", "funding_round_id", "score", "rank_for_mandate")
    )
    assert again == full
    assert len({m for m, *_ in full}) == len(mandates)


def test_incremental_mandate_matches_equal_a_full_run() -> None:
    mandates = [flowers_mandate(ticket_max=Decimal(t)) for t in ("1000000", "3000000")]
    mandates.append(MandateFactory())  # no must rule: matches every round, ranked lower
    for target in ("800000", "2500000", "6000000"):
        FundingRoundFactory(target_amount=Decimal(target))
    FundingRoundFactory(venture=VentureFactory(sectors=[Sector.objects.get(code="mother-baby")]))
    services.rematch_all()
    columns = ("mandate_id", "funding_round_id", "score", "rank_for_mandate", "rank_for_round")
    full = set(Match.objects.values_list(*columns))
    for mandate in mandates:
        services.rematch_mandate(mandate=mandate)
    assert set(Match.objects.values_list(*columns)) == full
