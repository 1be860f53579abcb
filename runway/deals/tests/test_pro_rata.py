"""Follow-on rounds: holders' allowances, their notice, their window, and their way in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from runway.deals.models import DealEvent, DealState, TermSheetStatus
from runway.deals.services.commitments import (
    commitment_create,
    holder_allowances,
    pro_rata_start,
)
from runway.deals.services.pro_rata import Held, allowances, current_ownership
from runway.deals.tests.factories import DealFactory, agreed_deal, investor, investor_member
from runway.notifications.models import Notification
from runway.notifications.wording import text_of
from runway.orgs.access import AccessDenied, Actor
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.portfolio.models import Holding
from runway.taxonomy.models import Instrument
from runway.ventures.models import FundingRound, RoundStatus, Venture
from runway.ventures.services import round_create, round_update
from runway.ventures.tests.factories import FundingRoundFactory, member_of

D = Decimal
DAY = dt.date(2024, 1, 1)


# --- The arithmetic --------------------------------------------------------------------------


def test_ownership_today_is_diluted_by_the_rounds_that_followed() -> None:
    held = [
        Held(holder_id=1, round_id=10, acquired_on=DAY, amount=D(1), ownership=D("0.20")),
        Held(holder_id=2, round_id=11, acquired_on=DAY.replace(year=2025), amount=D(1),
             ownership=D("0.10")),
        Held(holder_id=None, round_id=11, acquired_on=DAY.replace(year=2025), amount=D(1),
             ownership=D("0.15")),
    ]  # fmt: skip
    stakes = current_ownership(held)
    # The second round issued 25% of the company (a program took part of it): 20% becomes 15%.
    assert stakes == {1: D("0.1500"), 2: D("0.10")}


def test_allowances_are_ownership_times_target_for_equity() -> None:
    held = [
        Held(holder_id=1, round_id=10, acquired_on=DAY, amount=D(500000), ownership=D("0.05")),
        Held(holder_id=2, round_id=10, acquired_on=DAY, amount=D(1000000), ownership=D("0.10")),
    ]
    assert allowances(held, target=D("3000000"), equity=True) == {
        1: D("150000.00"),
        2: D("300000.00"),
    }


def test_holders_without_a_stake_get_their_share_of_the_amounts_held() -> None:
    held = [
        Held(holder_id=1, round_id=10, acquired_on=DAY, amount=D(300000), ownership=None),
        Held(holder_id=2, round_id=10, acquired_on=DAY, amount=D(600000), ownership=None),
        Held(holder_id=None, round_id=10, acquired_on=DAY, amount=D(100000), ownership=None),
    ]
    assert allowances(held, target=D("1000000"), equity=True) == {
        1: D("300000.00"),
        2: D("600000.00"),
    }
    # A round that is not equity shares by amounts whatever the stakes.
    staked = [Held(1, 10, DAY, D(100), D("0.5")), Held(2, 10, DAY, D(300), D("0.1"))]
    assert allowances(staked, target=D(1000), equity=False) == {1: D("250.00"), 2: D("750.00")}


def test_allowances_round_down_and_never_pass_the_target() -> None:
    held = [Held(n, 10, DAY, D(1), D("0.333333")) for n in range(3)]
    shares = allowances(held, target=D("100.00"), equity=True)
    assert shares == {0: D("33.33"), 1: D("33.33"), 2: D("33.33")}
    assert sum(shares.values()) <= D(100)


# --- The platform ---------------------------------------------------------------------------


def hold(
    earlier: FundingRound, holder: Organization, amount: str, ownership: str | None
) -> Holding:
    venture = earlier.venture
    return Holding.objects.create(
        investor=holder,
        venture=venture,
        funding_round=earlier,
        instrument=earlier.instrument,
        currency="CNY",
        amount=D(amount),
        ownership=None if ownership is None else D(ownership),
        acquired_on=timezone.localdate() - dt.timedelta(days=400),
    )


def follow_on(venture: Venture, *, window_days: int = 10, **fields: object) -> FundingRound:
    today = timezone.localdate()
    defaults: dict[str, object] = {
        "title": "Series A",
        "target_amount": D("5000000"),
        "pre_money_valuation": D("30000000"),
        "min_ticket": D("100000"),
        "holders_first_until": today + dt.timedelta(days=window_days),
    }
    return FundingRoundFactory(venture=venture, **{**defaults, **fields})


@pytest.fixture
def holders(db: None) -> tuple[Venture, Actor, Actor]:
    seed = FundingRoundFactory(status=RoundStatus.CLOSED, title="Seed")
    first, second = investor(), investor()
    hold(seed, first.organization, "600000", "0.05")
    hold(seed, second.organization, "1200000", "0.10")
    return seed.venture, first, second


@pytest.mark.django_db
def test_opening_a_follow_on_round_offers_each_holder_its_share(
    holders: tuple[Venture, Actor, Actor],
) -> None:
    venture, first, second = holders
    founder = member_of(venture.organization)
    today = timezone.localdate()
    funding_round = round_create(
        actor=founder,
        venture=venture,
        title="Series A",
        instrument=Instrument.objects.get(code="equity"),
        currency="CNY",
        target_amount=D("5000000"),
        min_ticket=D("100000"),
        use_of_funds="Warehouses",
        opens_on=today,
        closes_on=today + dt.timedelta(days=60),
        holders_first_until=today + dt.timedelta(days=14),
    )
    assert not Notification.objects.filter(verb="follow_on_offer").exists()  # a draft
    round_update(actor=founder, funding_round=funding_round, status=RoundStatus.OPEN)
    offers = {
        n.organization_id: n.params["allowance"]
        for n in Notification.objects.filter(verb="follow_on_offer")
    }
    assert offers == {
        first.organization.pk: "250,000.00 CNY",
        second.organization.pk: "500,000.00 CNY",
    }
    offer = Notification.objects.get(organization=first.organization, verb="follow_on_offer")
    assert "you may take up to 250,000.00 CNY" in text_of(offer)
    round_update(actor=founder, funding_round=funding_round, title="Series A (2026)")
    assert Notification.objects.filter(verb="follow_on_offer").count() == 2


@pytest.mark.django_db
def test_in_the_window_only_holders_commit_up_to_their_share(
    holders: tuple[Venture, Actor, Actor],
) -> None:
    venture, first, _second = holders
    funding_round = follow_on(venture)
    assert holder_allowances(funding_round)[first.organization.pk] == D("250000.00")
    outsider = agreed_deal(funding_round, amount="300000")
    with pytest.raises(ValidationError, match="existing holders only"):
        commitment_create(
            actor=investor_member(outsider), deal=outsider, kind="hard", amount="300000"
        )
    mine = agreed_deal(funding_round, amount="300000", investor_org=first.organization)
    with pytest.raises(ValidationError, match=r"250,000\.00 CNY") as caught:
        commitment_create(actor=first, deal=mine, kind="hard", amount="300000")
    assert "amount" in caught.value.message_dict
    commitment_create(actor=first, deal=mine, kind="hard", amount="250000")


@pytest.mark.django_db
def test_after_the_window_the_round_is_open_to_everyone(
    holders: tuple[Venture, Actor, Actor],
) -> None:
    venture, _first, _second = holders
    today = timezone.localdate()
    funding_round = follow_on(
        venture,
        opens_on=today - dt.timedelta(days=20),
        holders_first_until=today - dt.timedelta(days=1),
    )
    outsider = agreed_deal(funding_round, amount="300000")
    commitment_create(actor=investor_member(outsider), deal=outsider, kind="hard", amount="300000")


@pytest.mark.django_db
def test_a_holder_reaches_the_term_sheet_stage_one_recorded_step_at_a_time(
    holders: tuple[Venture, Actor, Actor],
) -> None:
    venture, first, _second = holders
    funding_round = follow_on(venture)
    deal = pro_rata_start(actor=first, funding_round=funding_round)
    assert deal.state == DealState.TERM_SHEET
    events = list(DealEvent.objects.filter(deal=deal).order_by("at", "pk"))
    assert [(e.from_state, e.to_state) for e in events] == [
        ("", DealState.INTERESTED),
        (DealState.INTERESTED, DealState.INTRO_REQUESTED),
        (DealState.INTRO_REQUESTED, DealState.INTRO_ACCEPTED),
        (DealState.INTRO_ACCEPTED, DealState.DILIGENCE),
        (DealState.DILIGENCE, DealState.TERM_SHEET),
    ]
    # The venture's step is recorded in its name; nobody of it clicked.
    accepted = events[2]
    assert (accepted.organization, accepted.user) == (venture.organization, None)
    sheet = deal.term_sheets.get()
    assert sheet.status == TermSheetStatus.ACCEPTED
    assert sheet.terms["amount"] == "250000.00"
    assert sheet.terms["pre_money_valuation"] == "30000000.00"
    # Then the holder commits, like anyone, within its share.
    commitment_create(actor=first, deal=deal, kind="hard", amount="250000")
    deal.refresh_from_db()
    assert deal.state == DealState.COMMITTED
    # Asking again changes nothing.
    assert pro_rata_start(actor=first, funding_round=funding_round).pk == deal.pk
    assert DealEvent.objects.filter(deal=deal).count() == 6


@pytest.mark.django_db
def test_a_holder_picks_up_an_existing_deal_where_it_stands(
    holders: tuple[Venture, Actor, Actor],
) -> None:
    venture, first, _second = holders
    funding_round = follow_on(venture)
    DealFactory(funding_round=funding_round, investor=first.organization, state=DealState.DILIGENCE)
    deal = pro_rata_start(actor=first, funding_round=funding_round)
    assert deal.state == DealState.TERM_SHEET
    assert [e.to_state for e in DealEvent.objects.filter(deal=deal)] == [DealState.TERM_SHEET]


@pytest.mark.django_db
def test_without_a_valuation_the_holder_stops_at_due_diligence(
    holders: tuple[Venture, Actor, Actor],
) -> None:
    venture, first, _second = holders
    funding_round = follow_on(venture, pre_money_valuation=None)
    deal = pro_rata_start(actor=first, funding_round=funding_round)
    assert deal.state == DealState.DILIGENCE
    assert not deal.term_sheets.exists()


@pytest.mark.django_db
def test_only_holders_in_the_window_take_the_holders_way(
    holders: tuple[Venture, Actor, Actor],
) -> None:
    venture, first, _second = holders
    funding_round = follow_on(venture)
    with pytest.raises(ValidationError, match="holds no part"):
        pro_rata_start(actor=investor(), funding_round=funding_round)
    closed_window = follow_on(venture, holders_first_until=None)
    with pytest.raises(ValidationError, match="not in a holders' window"):
        pro_rata_start(actor=first, funding_round=closed_window)
    with pytest.raises(AccessDenied):
        pro_rata_start(
            actor=member_of(first.organization, Role.VIEWER), funding_round=funding_round
        )
    venture_side = member_of(OrganizationFactory(kind=OrganizationKind.VENTURE))
    with pytest.raises(ValidationError):
        pro_rata_start(actor=venture_side, funding_round=funding_round)
