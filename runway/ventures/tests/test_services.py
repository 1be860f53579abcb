"""Venture and round writes: who may make them, what they reject, and the round lifecycle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from runway.orgs.access import AccessDenied
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.taxonomy.models import Instrument, Region, Sector, Stage
from runway.ventures.models import BusinessModel, FundingRound, RoundStatus, Venture
from runway.ventures.services import (
    round_create,
    round_next_statuses,
    round_update,
    venture_create,
    venture_update,
)
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db


def profile_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "sectors": [Sector.objects.get(code="cross-border-b2b")],
        "markets": [Region.objects.get(code="russia-cis")],
        "business_model": BusinessModel.CROSS_BORDER,
        "city": Region.objects.get(code="shenzhen"),
        "district": "longgang",
        "stage": Stage.objects.get(code="pre-a"),
        "tagline": "Phone accessories to Moscow wholesalers",
    }
    return fields | overrides


def round_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Pre-A",
        "instrument": Instrument.objects.get(code="equity"),
        "currency": "CNY",
        "target_amount": Decimal("5000000"),
        "min_ticket": Decimal("500000"),
        "use_of_funds": "Inventory for the Moscow warehouse",
        "opens_on": dt.date(2026, 12, 1),
        "closes_on": dt.date(2027, 3, 31),
    }
    return fields | overrides


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# Venture profiles


def test_a_member_creates_the_profile_with_its_sectors_and_markets() -> None:
    actor = make_actor(role=Role.MEMBER)
    venture = venture_create(actor=actor, **profile_fields())
    assert venture.organization == actor.organization
    assert [s.code for s in venture.sectors.all()] == ["cross-border-b2b"]
    assert [m.code for m in venture.markets.all()] == ["russia-cis"]


def test_a_profile_needs_at_least_one_sector() -> None:
    with pytest.raises(ValidationError) as error:
        venture_create(actor=make_actor(), **profile_fields(sectors=[]))
    assert messages_of(error)["sectors"] == ["Choose at least one sector."]
    assert not Venture.objects.exists()


def test_field_errors_are_reported_together_with_the_missing_sectors() -> None:
    with pytest.raises(ValidationError) as error:
        venture_create(actor=make_actor(), **profile_fields(sectors=[], business_model="barter"))
    assert set(messages_of(error)) == {"sectors", "business_model"}


def test_the_founding_date_cannot_be_in_the_future() -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        venture_create(actor=make_actor(), **profile_fields(founded_on=tomorrow))
    assert "founded_on" in messages_of(error)


def test_a_district_is_only_for_shenzhen() -> None:
    guangzhou = Region.objects.get(code="guangzhou")
    with pytest.raises(ValidationError) as error:
        venture_create(actor=make_actor(), **profile_fields(city=guangzhou))
    assert "district" in messages_of(error)
    venture = venture_create(actor=make_actor(), **profile_fields(city=guangzhou, district=""))
    assert venture.city == guangzhou


def test_an_unknown_district_is_rejected() -> None:
    with pytest.raises(ValidationError) as error:
        venture_create(actor=make_actor(), **profile_fields(district="atlantis"))
    assert messages_of(error)["district"] == ["Unknown district."]


def test_an_organization_has_one_profile() -> None:
    actor = make_actor()
    venture_create(actor=actor, **profile_fields())
    with pytest.raises(ValidationError):
        venture_create(actor=actor, **profile_fields())


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrganizationKind.VENTURE, Role.VIEWER),
        (OrganizationKind.INVESTOR, Role.OWNER),
        (OrganizationKind.PLATFORM, Role.OWNER),
    ],
)
def test_viewers_and_other_kinds_cannot_create_a_profile(kind: str, role: str) -> None:
    with pytest.raises(AccessDenied):
        venture_create(actor=make_actor(kind=kind, role=role), **profile_fields())


def test_update_changes_fields_and_sectors_and_keeps_markets_not_given() -> None:
    venture = VentureFactory()
    venture.markets.set([Region.objects.get(code="hong-kong")])
    actor = member_of(venture.organization, Role.MEMBER)
    finance = Sector.objects.get(code="finance")
    venture_update(actor=actor, venture=venture, sectors=[finance], team_size=12)
    venture.refresh_from_db()
    assert venture.team_size == 12
    assert list(venture.sectors.all()) == [finance]
    assert [m.code for m in venture.markets.all()] == ["hong-kong"]


def test_update_to_no_sectors_is_rejected_and_nothing_changes() -> None:
    venture = VentureFactory(team_size=3)
    actor = member_of(venture.organization)
    with pytest.raises(ValidationError):
        venture_update(actor=actor, venture=venture, sectors=[], team_size=40)
    venture.refresh_from_db()
    assert venture.team_size == 3
    assert venture.sectors.count() == 1


@pytest.mark.parametrize("same_organization", [True, False])
def test_viewers_and_outsiders_cannot_update(same_organization: bool) -> None:
    venture = VentureFactory()
    actor = (
        member_of(venture.organization, Role.VIEWER)
        if same_organization
        else make_actor(role=Role.OWNER)
    )
    with pytest.raises(AccessDenied):
        venture_update(actor=actor, venture=venture, team_size=9)


# Funding rounds


def test_a_new_round_starts_as_a_draft() -> None:
    venture = VentureFactory()
    funding_round = round_create(
        actor=member_of(venture.organization), venture=venture, **round_fields()
    )
    assert funding_round.status == RoundStatus.DRAFT


def test_a_new_round_may_open_at_once_but_not_start_closed() -> None:
    venture = VentureFactory()
    actor = member_of(venture.organization)
    opened = round_create(actor=actor, venture=venture, status=RoundStatus.OPEN, **round_fields())
    assert opened.status == RoundStatus.OPEN
    with pytest.raises(ValidationError) as error:
        round_create(actor=actor, venture=venture, status=RoundStatus.CLOSED, **round_fields())
    assert "status" in messages_of(error)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"target_amount": Decimal("0")}, "target_amount"),
        ({"target_amount": Decimal("-5")}, "target_amount"),
        ({"min_ticket": Decimal("0")}, "min_ticket"),
        ({"min_ticket": Decimal("5000000.01")}, "min_ticket"),
        ({"closes_on": dt.date(2026, 11, 30)}, "closes_on"),
        ({"pre_money_valuation": Decimal("0")}, "pre_money_valuation"),
        ({"use_of_funds": ""}, "use_of_funds"),
    ],
)
def test_round_amounts_and_dates_are_validated_field_by_field(
    overrides: dict[str, Any], field: str
) -> None:
    venture = VentureFactory()
    with pytest.raises(ValidationError) as error:
        round_create(
            actor=member_of(venture.organization), venture=venture, **round_fields(**overrides)
        )
    assert field in messages_of(error)
    assert not FundingRound.objects.exists()


def test_the_minimum_ticket_may_equal_the_target_and_a_round_may_close_the_day_it_opens() -> None:
    venture = VentureFactory()
    funding_round = round_create(
        actor=member_of(venture.organization),
        venture=venture,
        **round_fields(min_ticket=Decimal("5000000"), closes_on=dt.date(2026, 12, 1)),
    )
    assert funding_round.pk


def test_viewers_and_outsiders_cannot_create_rounds() -> None:
    venture = VentureFactory()
    for actor in (member_of(venture.organization, Role.VIEWER), make_actor(role=Role.OWNER)):
        with pytest.raises(AccessDenied):
            round_create(actor=actor, venture=venture, **round_fields())


ALLOWED = {
    (RoundStatus.DRAFT, RoundStatus.OPEN),
    (RoundStatus.DRAFT, RoundStatus.CANCELLED),
    (RoundStatus.OPEN, RoundStatus.CLOSED),
    (RoundStatus.OPEN, RoundStatus.CANCELLED),
}


@pytest.mark.parametrize("current", RoundStatus.values)
@pytest.mark.parametrize("wanted", RoundStatus.values)
def test_status_moves_only_along_the_lifecycle(current: str, wanted: str) -> None:
    funding_round = FundingRoundFactory(status=current)
    # Closing is for owners and administrators (runway.deals.services.closing).
    actor = member_of(funding_round.venture.organization, Role.ADMIN)
    if current == wanted or (current, wanted) in ALLOWED:
        assert (
            round_update(actor=actor, funding_round=funding_round, status=wanted).status == wanted
        )
    else:
        with pytest.raises(ValidationError) as error:
            round_update(actor=actor, funding_round=funding_round, status=wanted)
        assert "status" in messages_of(error)
    funding_round.refresh_from_db()
    expected = wanted if current == wanted or (current, wanted) in ALLOWED else current
    assert funding_round.status == expected


def test_next_statuses_follow_the_lifecycle() -> None:
    assert round_next_statuses(funding_round=FundingRoundFactory(status=RoundStatus.DRAFT)) == [
        RoundStatus.OPEN,
        RoundStatus.CANCELLED,
    ]
    assert round_next_statuses(funding_round=FundingRoundFactory(status=RoundStatus.CLOSED)) == []


def test_an_unknown_status_is_rejected() -> None:
    funding_round = FundingRoundFactory()
    with pytest.raises(ValidationError):
        round_update(
            actor=member_of(funding_round.venture.organization),
            funding_round=funding_round,
            status="paused",
        )


@pytest.mark.parametrize("status", [RoundStatus.CLOSED, RoundStatus.CANCELLED])
def test_a_finished_round_keeps_its_terms(status: str) -> None:
    funding_round = FundingRoundFactory(status=status)
    with pytest.raises(ValidationError):
        round_update(
            actor=member_of(funding_round.venture.organization),
            funding_round=funding_round,
            title="Renamed",
        )
    funding_round.refresh_from_db()
    assert funding_round.title == "Seed round"


def test_an_open_round_changes_its_terms_and_closes_in_one_step() -> None:
    funding_round = FundingRoundFactory(status=RoundStatus.OPEN)
    updated = round_update(
        actor=member_of(funding_round.venture.organization, Role.ADMIN),
        funding_round=funding_round,
        target_amount=Decimal("3500000"),
        status=RoundStatus.CLOSED,
    )
    assert (updated.target_amount, updated.status) == (Decimal("3500000"), RoundStatus.CLOSED)


def test_an_update_that_breaks_the_ticket_rule_is_rejected() -> None:
    funding_round = FundingRoundFactory()
    with pytest.raises(ValidationError) as error:
        round_update(
            actor=member_of(funding_round.venture.organization),
            funding_round=funding_round,
            target_amount=Decimal("100000"),
        )
    assert "min_ticket" in messages_of(error)


def test_a_viewer_cannot_update_a_round() -> None:
    funding_round = FundingRoundFactory(status=RoundStatus.DRAFT)
    with pytest.raises(AccessDenied):
        round_update(
            actor=member_of(funding_round.venture.organization, Role.VIEWER),
            funding_round=funding_round,
            status=RoundStatus.OPEN,
        )


def test_another_organization_cannot_update_a_round() -> None:
    funding_round = FundingRoundFactory(status=RoundStatus.OPEN)
    investor = make_actor(kind=OrganizationKind.INVESTOR, role=Role.OWNER)
    with pytest.raises(AccessDenied):
        round_update(actor=investor, funding_round=funding_round, status=RoundStatus.CLOSED)
