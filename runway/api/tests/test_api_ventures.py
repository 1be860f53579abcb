"""GET/POST /ventures and GET/PATCH /ventures/{id}, through tokens, allowed and denied."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from runway.api.tests.client import ApiClient
from runway.orgs.models import OrganizationKind, Role
from runway.taxonomy.models import Sector, Stage
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found"}
Api = Callable[..., ApiClient]


def venture_body(**changes: Any) -> dict[str, Any]:
    body = {
        "tagline": "Fresh flowers in two hours",
        "sectors": ["flowers-gifts"],
        "business_model": "online_shop",
        "markets": ["shenzhen", "hong-kong"],
        "city": "shenzhen",
        "stage": "seed",
        "founded_on": "2021-03-05",
        "is_public": False,
    }
    return {**body, **changes}


def errors_by_field(response: Any) -> dict[str, str]:
    return {"/".join(map(str, e["loc"])): e["msg"] for e in response.json()["detail"]}


def test_list_shows_public_ventures_and_own_private_one_but_not_others_private(api_as: Api) -> None:
    api = api_as(role=Role.VIEWER)
    own = VentureFactory(organization=api.organization, is_public=False)
    public = VentureFactory(is_public=True)
    VentureFactory(is_public=False)

    response = api.get("/ventures")

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert {item["id"] for item in response.json()["items"]} == {own.pk, public.pk}


def test_list_search_narrows_by_name_and_tagline(api_as: Api) -> None:
    api = api_as()
    VentureFactory(organization__name="Lotus Flowers", tagline="Bouquets")
    VentureFactory(organization__name="Volt Parts", tagline="Capacitors for factories")

    names = [
        v["organization"]["name"] for v in api.get("/ventures", search="capacitor").json()["items"]
    ]

    assert names == ["Volt Parts"]


def test_list_filters_by_sector_and_stage_codes(api_as: Api) -> None:
    api = api_as()
    flowers = VentureFactory()
    VentureFactory(sectors=[Sector.objects.get(code="logistics")])
    VentureFactory(stage=Stage.objects.get(code="series-a"))

    found = api.get("/ventures", sector="flowers-gifts", stage="seed").json()["items"]

    assert [v["id"] for v in found] == [flowers.pk]


def test_list_with_an_unknown_filter_code_names_it_at_the_query_parameter(api_as: Api) -> None:
    response = api_as().get("/ventures", sector="space-mining")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "sector"]
    assert "space-mining" in error["msg"]


def test_list_is_paginated_by_page_and_page_size(api_as: Api, settings: Any) -> None:
    api = api_as()
    VentureFactory.create_batch(5)
    settings.API_PAGE_SIZE = 2

    first = api.get("/ventures").json()
    last = api.get("/ventures", page=3).json()
    bigger = api.get("/ventures", page_size=4).json()

    assert (first["count"], len(first["items"])) == (5, 2)
    assert len(last["items"]) == 1
    assert len(bigger["items"]) == 4
    all_ids = [
        v["id"] for page in (1, 2, 3) for v in api.get("/ventures", page=page).json()["items"]
    ]
    assert len(set(all_ids)) == 5


def test_list_does_not_query_per_venture(api_as: Api, django_assert_max_num_queries: Any) -> None:
    api = api_as()
    VentureFactory.create_batch(3)
    api.get("/ventures")  # warms the per-process caches (content types, sessions)
    VentureFactory.create_batch(6)

    with django_assert_max_num_queries(8):
        response = api.get("/ventures")

    assert len(response.json()["items"]) == 9


def test_detail_gives_taxonomy_codes_and_verified_organization(api_as: Api) -> None:
    api = api_as(kind=OrganizationKind.INVESTOR)
    venture = VentureFactory(organization__is_verified=True)

    body = api.get(f"/ventures/{venture.pk}").json()

    assert body["sectors"] == ["flowers-gifts"]
    assert (body["city"], body["stage"]) == ("shenzhen", "seed")
    assert body["organization"] == {
        "id": venture.organization_id,
        "name": venture.organization.name,
        "kind": "venture",
        "is_verified": True,
    }


def test_detail_of_another_organizations_private_venture_is_not_found(api_as: Api) -> None:
    api = api_as()
    private = VentureFactory(is_public=False)

    response = api.get(f"/ventures/{private.pk}")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert api.get("/ventures/999999").json() == NOT_FOUND


def test_detail_of_own_private_venture_is_shown_even_to_a_viewer(api_as: Api) -> None:
    api = api_as(role=Role.VIEWER)
    own = VentureFactory(organization=api.organization, is_public=False)

    assert api.get(f"/ventures/{own.pk}").status_code == 200


def test_create_own_profile_with_codes(api_as: Api) -> None:
    api = api_as(role=Role.MEMBER)

    response = api.post("/ventures", venture_body())

    assert response.status_code == 201, response.json()
    venture = Venture.objects.get(organization=api.organization)
    assert response.json()["id"] == venture.pk
    assert response.json()["markets"] == ["shenzhen", "hong-kong"]
    assert list(venture.sectors.values_list("code", flat=True)) == ["flowers-gifts"]
    assert venture.city.code == "shenzhen"
    assert venture.is_public is False


def test_create_names_every_unknown_code_in_its_field(api_as: Api) -> None:
    api = api_as()

    response = api.post(
        "/ventures", venture_body(sectors=["flowers-gifts", "space-mining"], city="atlantis")
    )

    assert response.status_code == 422
    errors = errors_by_field(response)
    assert "space-mining" in errors["body/sectors"]
    assert "atlantis" in errors["body/city"]
    assert not Venture.objects.exists()


def test_create_with_a_missing_field_answers_ninjas_422_at_the_field(api_as: Api) -> None:
    api = api_as()
    body = venture_body()
    del body["business_model"]

    response = api.post("/ventures", body)

    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "business_model"]]


def test_create_a_second_profile_is_refused_without_a_field(api_as: Api) -> None:
    api = api_as()
    VentureFactory(organization=api.organization)

    response = api.post("/ventures", venture_body())

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]


@pytest.mark.parametrize(
    ("role", "kind"),
    [(Role.VIEWER, OrganizationKind.VENTURE), (Role.OWNER, OrganizationKind.INVESTOR)],
)
def test_create_by_a_viewer_or_a_non_venture_is_not_found(
    api_as: Api, role: str, kind: str
) -> None:
    api = api_as(role=role, kind=kind)

    response = api.post("/ventures", venture_body())

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert not Venture.objects.exists()


def test_patch_changes_only_the_fields_sent(api_as: Api) -> None:
    api = api_as(role=Role.MEMBER)
    venture = VentureFactory(organization=api.organization, tagline="Old", team_size=4)

    response = api.patch(
        f"/ventures/{venture.pk}", {"tagline": "New", "sectors": ["flowers-gifts", "mother-baby"]}
    )

    assert response.status_code == 200, response.json()
    venture.refresh_from_db()
    assert (venture.tagline, venture.team_size) == ("New", 4)
    assert set(venture.sectors.values_list("code", flat=True)) == {"flowers-gifts", "mother-baby"}


def test_patch_with_an_invalid_value_answers_422_at_the_field(api_as: Api) -> None:
    api = api_as()
    venture = VentureFactory(organization=api.organization)

    invalid_url = api.patch(f"/ventures/{venture.pk}", {"website": "not a url"})
    null_tagline = api.patch(f"/ventures/{venture.pk}", {"tagline": None})

    assert invalid_url.status_code == 422
    assert list(errors_by_field(invalid_url)) == ["body/website"]
    assert null_tagline.status_code == 422
    assert list(errors_by_field(null_tagline)) == ["body/tagline"]


def test_patch_with_an_unknown_field_is_refused_rather_than_ignored(api_as: Api) -> None:
    api = api_as()
    venture = VentureFactory(organization=api.organization, tagline="Kept")

    response = api.patch(f"/ventures/{venture.pk}", {"tagline": "New", "tagling": "typo"})

    assert response.status_code == 422
    assert list(errors_by_field(response)) == ["body/tagling"]
    venture.refresh_from_db()
    assert venture.tagline == "Kept"


def test_patch_by_a_viewer_is_not_found_and_changes_nothing(api_as: Api) -> None:
    api = api_as(role=Role.VIEWER)
    venture = VentureFactory(organization=api.organization, tagline="Kept")

    response = api.patch(f"/ventures/{venture.pk}", {"tagline": "Changed"})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    venture.refresh_from_db()
    assert venture.tagline == "Kept"


def test_patch_of_another_organizations_public_venture_is_not_found(api_as: Api) -> None:
    api = api_as(role=Role.OWNER)
    other = VentureFactory(is_public=True, tagline="Theirs")

    response = api.patch(f"/ventures/{other.pk}", {"tagline": "Mine now"})

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.tagline == "Theirs"
