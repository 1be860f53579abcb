"""The directory page, public profiles and the listing settings, end to end through the client."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from runway.directory.models import ProfileSettings
from runway.directory.services import venture_reindex
from runway.directory.tests.factories import CHIPS, FLOWERS, MAMA, add_months, make_venture
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.passports.services import passport_issue
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db


def page(client: Client | None = None, **params: Any) -> str:
    response = (client or Client(headers={"accept-language": "en"})).get("/directory/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def chips() -> Any:
    venture = make_venture(**CHIPS, team_size=65)
    add_months(venture)  # ~1.7 million a year, growing 27% a year
    venture.organization.is_verified = True
    venture.organization.save()
    return venture_reindex(venture_id=venture.pk).venture  # type: ignore[union-attr]


def test_anonymous_visitors_see_bands_and_badges_not_figures(chips: Any) -> None:
    html = page(q="电子元器件")
    assert "<mark>华强</mark>" not in html  # the name did not match the query
    assert "<mark>电子</mark><mark>元器件</mark>" in html or "<mark>电子元器件</mark>" in html
    assert "¥1–5 million a year" in html
    assert "Growing (20–50% a year)" in html
    assert "Traction: imported" in html
    assert "✓ verified" in html
    assert "Grade " not in html
    assert "Annual net revenue" not in html
    assert 'name="grade"' not in html


def test_investors_see_the_fuller_view(chips: Any, client_for: Any) -> None:
    investor = make_actor(kind=OrganizationKind.INVESTOR, category="vc")
    html = page(client_for(investor), q="元器件")
    assert f"Grade {chips.directory_entry.grade}" in html
    assert "24 months of figures" in html
    assert "65 people" in html
    assert 'name="grade"' in html
    # Exact figures still only when the venture chose to show them.
    assert "Annual net revenue" not in html


def test_a_venture_that_shows_exact_figures_shows_them_to_everyone(chips: Any) -> None:
    ProfileSettings.objects.create(venture=chips, show_raw_figures=True)
    html = page(q="元器件")
    assert "Annual net revenue" in html
    assert "26.8% growth a year" in html


def test_filters_and_sorts_by_bands(chips: Any) -> None:
    small = make_venture(**FLOWERS)
    add_months(small, net_revenue=Decimal(20_000), monthly_growth=Decimal("-0.01"))
    venture_reindex(venture_id=small.pk)
    make_venture(**MAMA)  # no figures at all
    assert "花间集" in page(revenue_band="under-1m")
    assert "华强芯链" not in page(revenue_band="under-1m")
    assert "华强芯链" in page(growth_band="growing")
    assert "花间集" not in page(verification="connected")
    html = page(sort="size")
    assert html.index("华强芯链") < html.index("花间集") < html.index("妈妈圈")
    html = page(sort="growth")
    assert html.index("华强芯链") < html.index("花间集")
    # An unknown code is ignored rather than failing the page.
    assert "华强芯链" in page(sector="no-such-sector")


def test_results_are_paginated() -> None:
    for n in range(23):
        make_venture(f"Shop {n:02d}", index=True)
    first, second = page(), page(page=2)
    assert "23 ventures" in first
    assert first.count('class="directory-hit"') == 20
    assert second.count('class="directory-hit"') == 3
    assert "Shop 00" in second  # newest first


def test_the_page_takes_a_fixed_number_of_queries(django_assert_max_num_queries: Any) -> None:
    for n in range(20):
        make_venture(f"母婴店 {n}", sectors=("mother-baby", "fresh-grocery"))
    with django_assert_max_num_queries(10):
        html = page(q="母婴")
    assert html.count('class="directory-hit"') == 20


def test_names_and_text_are_escaped_around_the_marks() -> None:
    make_venture("<script>alert(1)</script>母婴", tagline="<b>母婴</b> & more")
    html = page(q="母婴")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>母婴</mark>" in html
    assert "&lt;b&gt;<mark>母婴</mark>&lt;/b&gt; &amp; more" in html


def test_the_query_is_escaped_where_the_page_repeats_it() -> None:
    html = page(q="<script>alert(1)</script>")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_profile_has_open_graph_tags_and_badges(chips: Any) -> None:
    owner = member_of(chips.organization, Role.OWNER)
    passport, _token = passport_issue(
        actor=owner, venture=chips, period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 1), valid_days=90,
    )  # fmt: skip
    response = Client(headers={"accept-language": "en"}).get("/directory/hqb-chiplink/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta property="og:title" content="华强芯链">' in html
    assert (
        '<meta property="og:description" content="Electronic components exchange in Huaqiangbei">'
        in html
    )
    assert '<meta property="og:url" content="http://testserver/directory/hqb-chiplink/">' in html
    assert '<meta property="og:type" content="website">' in html
    assert "Data passport valid until" in html
    assert "Traction: imported" in html
    assert "✓ verified" in html
    assert "Hong Kong" in html  # markets
    assert "65" in html  # team size
    assert "¥1–5 million a year" in html
    assert passport.expires_at.year > 2000


def test_a_profile_with_a_script_in_its_name_is_escaped_in_the_meta_tags() -> None:
    make_venture('"><script>x</script>', slug="sneaky", tagline='"><img src=x>')
    html = Client().get("/directory/sneaky/").content.decode()
    assert "<script>x" not in html
    assert 'content="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert "<img src=x>" not in html


def test_members_change_the_settings_and_others_get_404(client_for: Any) -> None:
    venture = make_venture(**MAMA)
    member = member_of(venture.organization, Role.MEMBER)
    response = client_for(member).post("/directory/mine/settings/", {"show_raw_figures": "on"})
    assert response.status_code == 302
    settings = ProfileSettings.objects.get(venture=venture)
    assert (settings.listed, settings.show_raw_figures) == (False, True)
    assert "妈妈圈" not in page()
    viewer = member_of(venture.organization, Role.VIEWER)
    assert client_for(viewer).get("/directory/mine/settings/").status_code == 200
    assert client_for(viewer).post("/directory/mine/settings/", {"listed": "on"}).status_code == 404
    investor = make_actor(kind=OrganizationKind.INVESTOR, category="vc")
    assert client_for(investor).get("/directory/mine/settings/").status_code == 404
    assert Client().get("/directory/mine/settings/").status_code == 302  # to sign in
