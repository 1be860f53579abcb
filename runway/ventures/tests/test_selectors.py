"""Venture and round reads: what each actor sees, the filters, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone, translation

from runway.orgs.access import Actor
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory, make_actor
from runway.taxonomy.models import Instrument, Region, Sector, Stage
from runway.ventures.models import RoundStatus
from runway.ventures.selectors import (
    round_list_for_venture,
    round_list_open,
    round_list_visible,
    venture_completeness,
    venture_descriptions,
    venture_district_label,
    venture_list_visible,
)
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db

QueryCounter = Callable[..., Any]


def names(ventures: Any) -> set[str]:
    return {venture.name for venture in ventures}


def titles(rounds: Any) -> set[str]:
    return {funding_round.title for funding_round in rounds}


def test_ventures_listed_are_the_public_ones_and_the_actors_own() -> None:
    VentureFactory(organization=OrganizationFactory(name="Public Flowers"))
    VentureFactory(organization=OrganizationFactory(name="Hidden Phones"), is_public=False)
    own = VentureFactory(organization=OrganizationFactory(name="Our Shop"), is_public=False)
    actor = member_of(own.organization, Role.VIEWER)
    assert names(venture_list_visible(actor=actor)) == {"Public Flowers", "Our Shop"}
    investor = make_actor(kind=OrganizationKind.INVESTOR)
    assert names(venture_list_visible(actor=investor)) == {"Public Flowers"}


def test_platform_staff_list_every_venture() -> None:
    VentureFactory(is_public=False)
    VentureFactory()
    staff = make_actor(kind=OrganizationKind.PLATFORM)
    assert venture_list_visible(actor=staff).count() == 2


@pytest.mark.parametrize(
    "search",
    ["bloom", "两小时", "Доставка", "Flowers and", "鲜花礼品"],
)
def test_search_matches_name_tagline_descriptions_and_sector_names(search: str) -> None:
    VentureFactory(
        organization=OrganizationFactory(name="Bloom Express"),
        tagline="Same-day bouquets",
        description_zh="深圳两小时送达",
        description_ru="Доставка цветов",
    )
    VentureFactory(
        organization=OrganizationFactory(name="Chip Depot"),
        tagline="Components",
        sectors=[Sector.objects.get(code="electronic-components-b2b")],
    )
    found = venture_list_visible(actor=make_actor(kind=OrganizationKind.INVESTOR), search=search)
    assert names(found) == {"Bloom Express"}


def test_filters_by_sector_and_stage_and_lists_each_venture_once() -> None:
    finance, food = Sector.objects.get(code="finance"), Sector.objects.get(code="food-beverage")
    seed, series_a = Stage.objects.get(code="seed"), Stage.objects.get(code="series-a")
    VentureFactory(organization=OrganizationFactory(name="Both"), sectors=[finance, food])
    VentureFactory(organization=OrganizationFactory(name="Food A"), sectors=[food], stage=series_a)
    actor = make_actor(kind=OrganizationKind.INVESTOR)
    assert list(
        venture_list_visible(actor=actor, sector=food).values_list("pk", flat=True)
    ) == list(
        venture_list_visible(actor=actor, sector=food).values_list("pk", flat=True).distinct()
    )
    assert names(venture_list_visible(actor=actor, sector=food)) == {"Both", "Food A"}
    assert names(venture_list_visible(actor=actor, sector=finance)) == {"Both"}
    assert names(venture_list_visible(actor=actor, stage=seed)) == {"Both"}
    assert names(venture_list_visible(actor=actor, sector=food, stage=series_a)) == {"Food A"}


def test_listing_ventures_takes_two_queries_whatever_their_number(
    django_assert_num_queries: QueryCounter,
) -> None:
    for _ in range(6):
        VentureFactory(
            sectors=[Sector.objects.get(code="finance"), Sector.objects.get(code="food-beverage")]
        )
    actor = make_actor(kind=OrganizationKind.INVESTOR)
    with django_assert_num_queries(2):
        rows = [
            (v.organization.name, v.city.label, v.stage.label, [s.label for s in v.sectors.all()])
            for v in venture_list_visible(actor=actor)
        ]
    assert len(rows) == 6


def _rounds_by_status(venture_is_public: bool = True) -> None:
    venture = VentureFactory(is_public=venture_is_public)
    for status in RoundStatus.values:
        FundingRoundFactory(venture=venture, status=status, title=f"{status}-{venture_is_public}")


def test_rounds_visible_to_others_are_open_or_closed_on_public_profiles() -> None:
    _rounds_by_status(venture_is_public=True)
    _rounds_by_status(venture_is_public=False)
    investor = make_actor(kind=OrganizationKind.INVESTOR)
    assert titles(round_list_visible(actor=investor)) == {"open-True", "closed-True"}
    assert titles(round_list_open(actor=investor)) == {"open-True"}


def test_the_venture_sees_its_own_rounds_in_every_status() -> None:
    venture = VentureFactory(is_public=False)
    for status in RoundStatus.values:
        FundingRoundFactory(venture=venture, status=status, title=status)
    FundingRoundFactory(status=RoundStatus.DRAFT, title="someone else's draft")
    actor = member_of(venture.organization, Role.VIEWER)
    assert titles(round_list_visible(actor=actor)) == set(RoundStatus.values)
    assert titles(round_list_for_venture(actor=actor, venture=venture)) == set(RoundStatus.values)


def test_others_listing_a_ventures_rounds_see_only_its_public_ones() -> None:
    venture = VentureFactory()
    for status in RoundStatus.values:
        FundingRoundFactory(venture=venture, status=status, title=status)
    investor = make_actor(kind=OrganizationKind.INVESTOR)
    assert titles(round_list_for_venture(actor=investor, venture=venture)) == {"open", "closed"}


def test_platform_staff_see_every_round() -> None:
    _rounds_by_status(venture_is_public=False)
    staff = make_actor(kind=OrganizationKind.PLATFORM)
    assert round_list_visible(actor=staff).count() == len(RoundStatus.values)


def test_open_rounds_leave_out_those_past_their_closing_date() -> None:
    today = timezone.localdate()
    FundingRoundFactory(title="closes today", closes_on=today)
    FundingRoundFactory(
        title="closed yesterday",
        opens_on=today - dt.timedelta(days=60),
        closes_on=today - dt.timedelta(days=1),
    )
    actor: Actor = make_actor(kind=OrganizationKind.INVESTOR)
    assert titles(round_list_open(actor=actor)) == {"closes today"}


def test_open_rounds_filter_by_instrument_and_sector() -> None:
    rbf = Instrument.objects.get(code="revenue-based")
    finance = Sector.objects.get(code="finance")
    FundingRoundFactory(title="equity flowers")
    FundingRoundFactory(title="rbf flowers", instrument=rbf)
    FundingRoundFactory(
        title="rbf finance", instrument=rbf, venture=VentureFactory(sectors=[finance])
    )
    actor: Actor = make_actor(kind=OrganizationKind.INVESTOR)
    assert titles(round_list_open(actor=actor, instrument=rbf)) == {"rbf flowers", "rbf finance"}
    assert titles(round_list_open(actor=actor, sector=finance)) == {"rbf finance"}
    assert titles(round_list_open(actor=actor, instrument=rbf, sector=finance)) == {"rbf finance"}


def test_listing_rounds_takes_two_queries_whatever_their_number(
    django_assert_num_queries: QueryCounter,
) -> None:
    for _ in range(5):
        FundingRoundFactory()
    actor = make_actor(kind=OrganizationKind.INVESTOR)
    with django_assert_num_queries(2):
        rows = [
            (
                r.venture.organization.name,
                r.instrument.label,
                [s.label for s in r.venture.sectors.all()],
            )
            for r in round_list_open(actor=actor)
        ]
    assert len(rows) == 5


def test_the_reader_gets_their_language_and_the_other_descriptions_aside() -> None:
    venture = VentureFactory(description_zh="鲜花", description_en="Flowers", description_ru="")
    with translation.override("en"):
        shown, others = venture_descriptions(venture=venture)
    assert shown is not None
    assert shown.text == "Flowers"
    assert [d.language for d in others] == ["zh-hans"]
    with translation.override("ru"):
        shown, others = venture_descriptions(venture=venture)
    assert shown is not None
    assert shown.text == "鲜花"
    assert [d.text for d in others] == ["Flowers"]


def test_a_venture_without_description_has_none_to_show() -> None:
    assert venture_descriptions(venture=VentureFactory()) == (None, [])


def test_district_label_is_the_translated_name() -> None:
    with translation.override("en"):
        assert venture_district_label(venture=VentureFactory(district="baoan")) == "Bao'an"


def test_completeness_lists_what_is_missing_until_nothing_is() -> None:
    venture = VentureFactory(website="")
    completeness = venture_completeness(venture=venture)
    assert 0 < completeness.percent < 100
    assert "Add your website" in [str(step) for step in completeness.missing]


def test_a_complete_profile_is_complete_and_districts_count_only_in_shenzhen() -> None:
    venture = VentureFactory(
        organization=OrganizationFactory(is_verified=True),
        city=Region.objects.get(code="hong-kong"),
        district="",
        founded_on=dt.date(2020, 1, 1),
        team_size=5,
        description_zh="中",
        description_en="en",
        description_ru="Цветы",
        website="https://example.cn",
    )
    venture.markets.set([Region.objects.get(code="hong-kong")])
    FundingRoundFactory(venture=venture)
    assert venture_completeness(venture=venture).percent == 100
