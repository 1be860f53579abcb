"""Searching the directory, on whichever database the suite runs on (SQLite by default;
PostgreSQL when DATABASE_URL names it): the same queries must find the same ventures."""

from __future__ import annotations

import pytest

from runway.directory.selectors import DirectoryFilters, directory_search
from runway.directory.tests.factories import CHIPS, FLOWERS, MAMA, make_venture

pytestmark = pytest.mark.django_db


def names(q: str = "", **filters: str) -> list[str]:
    results = directory_search(actor=None, filters=DirectoryFilters(q=q, **filters))
    return [hit.venture.organization.name for hit in results[0:50]]


@pytest.fixture
def field() -> None:
    for spec in (MAMA, CHIPS, FLOWERS):
        make_venture(**spec)


@pytest.mark.usefixtures("field")
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("母婴", ["妈妈圈"]),
        ("电子元器件", ["华强芯链"]),
        ("元器件", ["华强芯链"]),
        ("线上", ["花间集"]),  # segmented 加线 / 上 in the text: found through its bigram
        ("宝妈社区", ["妈妈圈"]),
        ("芯链", ["华强芯链"]),
        ("龙华", ["妈妈圈"]),  # the district, by its Chinese name
        ("electronic components", ["华强芯链"]),
        ("Component", ["华强芯链"]),
        ("mothers group buys", ["妈妈圈"]),
        ("Huaqiangbei", ["华强芯链"]),
        ("深圳", ["华强芯链", "妈妈圈", "花间集"]),  # the city, indexed in every language
        ("электронные компоненты", ["华强芯链"]),
        ("цветочных магазинов", ["花间集"]),
        ("Товары для мам", ["妈妈圈"]),  # the sector's Russian name
        ("mama-circle", ["妈妈圈"]),  # the organization's short name
        ("母婴 components", []),  # every word must match
        ("区块链", []),
    ],
)
def test_queries_in_three_languages_find_the_right_ventures(query: str, found: list[str]) -> None:
    assert sorted(names(query)) == sorted(found)


@pytest.mark.usefixtures("field")
def test_an_exact_sector_match_ranks_above_a_passing_mention() -> None:
    mention = make_venture(
        "童装工厂",
        sectors=("apparel-wholesale",),
        tagline="Children's clothing made to order",
        zh="东莞童装工厂，为电商卖家代工，也给母婴店供货，支持小单快反和一件代发服务。",
    )
    assert names("母婴") == ["妈妈圈", mention.organization.name]


def test_a_name_match_ranks_above_a_description_match() -> None:
    make_venture(
        "Quick Courier",
        sectors=("logistics",),
        en="We carry blooms for florists every morning across the city and the suburbs.",
    )
    make_venture("Blooms Express", sectors=("logistics",), en="A courier.")
    assert names("blooms") == ["Blooms Express", "Quick Courier"]


@pytest.mark.usefixtures("field")
def test_results_show_why_they_matched() -> None:
    hits = directory_search(actor=None, filters=DirectoryFilters(q="团购"))[0:5]
    assert len(hits) == 1
    assert "<mark>团购</mark>" in hits[0].highlight
    assert hits[0].matched_in == ("description",)
    by_sector = directory_search(actor=None, filters=DirectoryFilters(q="Mother and baby"))[0:5]
    assert by_sector[0].highlight == "<mark>Mother</mark> and <mark>baby</mark>"
    assert by_sector[0].matched_in[0] == "sectors"


@pytest.mark.usefixtures("field")
def test_filters_narrow_a_search_and_a_listing() -> None:
    assert names(sector="mother-baby") == ["妈妈圈"]
    assert names(business_model="b2b_marketplace") == ["华强芯链"]
    assert names(market="hong-kong") == ["华强芯链"]
    assert names(district="futian") == ["华强芯链"]
    assert names(stage="pre-a") == ["花间集"]
    assert sorted(names(city="shenzhen")) == ["华强芯链", "妈妈圈", "花间集"]
    assert names(city="beijing") == []
    assert names("Shenzhen", district="longhua") == ["妈妈圈"]


def test_newest_first_without_a_query() -> None:
    first = make_venture("First shop")
    second = make_venture("Second shop")
    assert names()[:2] == [second.organization.name, first.organization.name]


def test_a_venture_that_was_never_indexed_is_not_listed_yet() -> None:
    make_venture("Not yet indexed", index=False)
    assert names() == []
