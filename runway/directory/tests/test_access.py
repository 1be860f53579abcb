"""Private and unlisted ventures never appear to anyone outside their organization: not in the
directory page, not in the API, not as a profile, whatever the query."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from runway.directory.access import DirectoryPolicy
from runway.directory.models import ProfileSettings
from runway.directory.services import profile_settings_update
from runway.directory.tests.factories import MAMA, make_venture
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db

SECRET = {**MAMA, "name": "暗仓母婴", "slug": "hidden-stock", "tagline": "Hidden stock"}


@pytest.fixture(params=["private", "unlisted"])
def hidden(request: pytest.FixtureRequest) -> Any:
    if request.param == "private":
        return make_venture(**SECRET, is_public=False)
    venture = make_venture(**SECRET)
    ProfileSettings.objects.create(venture=venture, listed=False)
    return venture


def outsiders() -> list[Any]:
    return [
        make_actor(kind=OrganizationKind.INVESTOR, category="vc"),
        make_actor(kind=OrganizationKind.VENTURE),
        make_actor(kind=OrganizationKind.PLATFORM),
    ]


def seen_by(client: Client, venture: Any) -> list[bool]:
    """Whether the venture shows up on the page, in the API, and as a profile."""
    page = client.get("/directory/", {"q": "母婴"}).content.decode()
    api = client.get("/api/v1/directory", {"q": "母婴"}).json()["items"]
    listing = client.get("/api/v1/directory").json()["items"]
    profile = client.get(f"/directory/{venture.organization.slug}/")
    return [
        f'href="/directory/{venture.organization.slug}/"' in page,
        any(item["slug"] == "hidden-stock" for item in api + listing),
        profile.status_code == 200,
    ]


def test_anonymous_visitors_never_see_it(hidden: Any) -> None:
    make_venture(**MAMA)  # a listed venture the same query finds
    assert seen_by(Client(), hidden) == [False, False, False]
    found = Client().get("/directory/", {"q": "母婴"}).content.decode()
    assert 'href="/directory/mama-circle/"' in found


def test_other_organizations_never_see_it(
    hidden: Any, client_for: Any, api_client_for: Any
) -> None:
    for actor in outsiders():
        assert seen_by(client_for(actor), hidden) == [False, False, False]
        assert seen_by(api_client_for(actor.organization), hidden)[1] is False


def test_its_own_members_see_it_marked_as_not_listed(hidden: Any, client_for: Any) -> None:
    member = member_of(hidden.organization, Role.VIEWER)
    assert seen_by(client_for(member), hidden) == [True, True, True]
    page = client_for(member).get("/directory/", {"q": "母婴"}).content.decode()
    assert "Not listed: only your team sees it" in page


def test_the_policy_branch_by_branch() -> None:
    venture = make_venture(**MAMA)
    investor = make_actor(kind=OrganizationKind.INVESTOR, category="vc")
    assert DirectoryPolicy.can_view(None, venture)
    assert DirectoryPolicy.can_view(investor, venture)
    venture.is_public = False
    assert not DirectoryPolicy.can_view(None, venture)
    assert not DirectoryPolicy.can_view(investor, venture)
    assert DirectoryPolicy.can_view(member_of(venture.organization, Role.VIEWER), venture)
    assert DirectoryPolicy.sees_full(investor)
    assert not DirectoryPolicy.sees_full(make_actor(kind=OrganizationKind.VENTURE))
    assert not DirectoryPolicy.sees_full(None)


def test_a_cached_page_never_shows_a_venture_that_went_private() -> None:
    venture = make_venture(**SECRET)
    anonymous = Client()
    assert seen_by(anonymous, venture) == [True, True, True]
    # Served from the cache now; going private must still take it off at once.
    venture.is_public = False
    venture.save()
    assert seen_by(anonymous, venture) == [False, False, False]


def test_a_cached_page_never_shows_a_venture_that_unlisted_itself() -> None:
    venture = make_venture(**SECRET)
    anonymous = Client()
    assert seen_by(anonymous, venture) == [True, True, True]
    owner = member_of(venture.organization, Role.OWNER)
    profile_settings_update(actor=owner, venture=venture, listed=False, show_raw_figures=False)
    assert seen_by(anonymous, venture) == [False, False, False]


def test_anonymous_repeats_are_served_from_the_cache(django_assert_max_num_queries: Any) -> None:
    make_venture(**MAMA)
    Client().get("/directory/", {"q": "母婴"})
    Client().get("/api/v1/directory", {"q": "母婴"})
    with django_assert_max_num_queries(0):  # the cache's generation, no query
        found = Client().get("/directory/", {"q": "母婴"}).content.decode()
    assert 'href="/directory/mama-circle/"' in found
    with django_assert_max_num_queries(0):
        assert Client().get("/api/v1/directory", {"q": "母婴"}).json()["count"] == 1
