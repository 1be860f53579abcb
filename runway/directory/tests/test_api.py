"""GET /api/v1/directory: open to anonymous callers, fuller for capital-side tokens."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from runway.directory.models import ProfileSettings
from runway.directory.services import venture_reindex
from runway.directory.tests.factories import CHIPS, FLOWERS, MAMA, add_months, make_venture
from runway.orgs.models import OrganizationKind
from runway.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/directory"


@pytest.fixture
def field() -> Any:
    for spec in (MAMA, FLOWERS):
        make_venture(**spec)
    chips = make_venture(**CHIPS)
    add_months(chips)
    return venture_reindex(venture_id=chips.pk).venture  # type: ignore[union-attr]


def get(client: Client | None = None, /, **params: Any) -> Any:
    return (client or Client(headers={"accept-language": "en"})).get(URL, params)


@pytest.mark.usefixtures("field")
def test_anonymous_callers_search_with_highlights() -> None:
    response = get(q="母婴")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["name"] == "妈妈圈"
    assert item["slug"] == "mama-circle"
    assert item["url"] == "/directory/mama-circle/"
    assert item["sectors"] == ["mother-baby", "community-content"]
    assert item["sector_names"] == ["Mother and baby", "Community and content"]
    assert item["highlight"] == "<mark>母婴</mark>"  # the sector's Chinese name
    assert item["matched_in"][0] == "sectors"
    assert item["grade"] is None


def test_bands_for_everyone_exact_figures_only_when_shown(field: Any) -> None:
    (item,) = get(q="元器件").json()["items"]
    assert (item["revenue_band"], item["growth_band"], item["verification"]) == (
        "1m-5m", "growing", "imported",
    )  # fmt: skip
    assert (item["annual_revenue"], item["growth_yoy"], item["currency"]) == (None, None, None)
    settings = ProfileSettings.objects.create(venture=field, show_raw_figures=True)
    (item,) = get(q="元器件", page_size=5).json()["items"]
    assert item["currency"] == "CNY"
    assert Decimal(item["annual_revenue"]) == field.directory_entry.annual_revenue
    assert item["growth_yoy"] == "0.268242"
    # Back to bands: a cached response with the figures is never reused.
    settings.show_raw_figures = False
    settings.save()
    (item,) = get(q="元器件", page_size=5).json()["items"]
    assert (item["annual_revenue"], item["growth_yoy"]) == (None, None)


@pytest.mark.usefixtures("field")
def test_capital_side_tokens_get_the_fuller_view_and_the_grade_filter(
    field: Any, api_client_for: Any
) -> None:
    investor = OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc")
    client = api_client_for(investor, role="viewer")
    (item,) = get(client, q="元器件").json()["items"]
    assert item["grade"] == field.directory_entry.grade
    assert item["months_of_history"] == 24
    graded = get(client, grade=field.directory_entry.grade).json()["items"]
    assert [i["slug"] for i in graded] == ["hqb-chiplink"]
    # For anonymous callers the grade filter is ignored, as the grade is not theirs to see.
    assert get(grade=field.directory_entry.grade).json()["count"] == 3


def test_a_bad_token_is_refused_not_treated_as_anonymous() -> None:
    response = Client(headers={"authorization": "Bearer rw_nope_nope"}).get(URL)
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("param", "value"),
    [("sector", "no-such"), ("revenue_band", "huge"), ("sort", "random"), ("grade", "Z"),
     ("business_model", "pyramid")],
)  # fmt: skip
def test_unknown_codes_answer_422_at_their_parameter(param: str, value: str) -> None:
    response = get(**{param: value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:2] == ["query", param]


def test_highlights_are_escaped_html() -> None:
    make_venture("<script>alert(1)</script>", tagline="<i>母婴</i> shop")
    (item,) = get(q="母婴").json()["items"]
    assert item["name"] == "<script>alert(1)</script>"  # JSON carries the name as text
    assert item["highlight"] == "&lt;i&gt;<mark>母婴</mark>&lt;/i&gt; shop"


def test_pages_and_sorting() -> None:
    for n in range(7):
        make_venture(f"Shop {n}")
    body = get(page_size=5, page=2).json()
    assert body["count"] == 7
    assert [item["name"] for item in body["items"]] == ["Shop 1", "Shop 0"]
    assert get(sort="newest", page_size=1).json()["items"][0]["name"] == "Shop 6"
