"""GET/POST /mandates and GET/PATCH /mandates/{id}: a mandate is its investor's own."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from runway.api.tests.client import ApiClient
from runway.investors.models import Mandate, MandateStatus
from runway.investors.tests.factories import MandateFactory
from runway.orgs.models import OrganizationKind, Role

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found"}
INVESTOR = OrganizationKind.INVESTOR
Api = Callable[..., ApiClient]


def mandate_body(**changes: Any) -> dict[str, Any]:
    body = {
        "title": "Cross-border sellers to Russia",
        "instruments": ["equity", "revenue-based"],
        "instruments_rule": "must",
        "sectors": ["cross-border-b2b"],
        "regions": ["russia-cis"],
        "ticket_min": "300000.00",
        "ticket_max": "3000000.00",
        "min_growth_rate": "40.5",
        "min_months_history": 12,
    }
    return {**body, **changes}


def locs(response: Any) -> list[list[Any]]:
    return [error["loc"] for error in response.json()["detail"]]


def test_list_shows_only_the_callers_mandates(api_as: Api) -> None:
    api = api_as(kind=INVESTOR, role=Role.VIEWER)
    own = MandateFactory(organization=api.organization)
    MandateFactory()

    body = api.get("/mandates").json()

    assert [m["id"] for m in body["items"]] == [own.pk]
    assert body["count"] == 1


def test_list_status_filter_and_pages(api_as: Api) -> None:
    api = api_as(kind=INVESTOR)
    MandateFactory.create_batch(3, organization=api.organization)
    MandateFactory(organization=api.organization, status=MandateStatus.PAUSED)

    assert api.get("/mandates", status="paused").json()["count"] == 1
    page = api.get("/mandates", status="open", page=2, page_size=2).json()
    assert (page["count"], len(page["items"])) == (3, 1)


def test_detail_gives_codes_rules_and_decimal_strings(api_as: Api) -> None:
    api = api_as(kind=INVESTOR)
    mandate = MandateFactory(organization=api.organization, min_repeat_rate=Decimal("25"))

    body = api.get(f"/mandates/{mandate.pk}").json()

    assert (body["ticket_min"], body["ticket_max"]) == ("500000.00", "5000000.00")
    assert body["min_repeat_rate"] == "25.00"
    assert (body["currency"], body["ticket_rule"], body["sectors"]) == ("CNY", "prefer", [])


def test_another_organizations_mandate_is_not_found(api_as: Api) -> None:
    api = api_as(kind=INVESTOR, role=Role.OWNER)
    theirs = MandateFactory()

    response = api.get(f"/mandates/{theirs.pk}")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_a_venture_cannot_see_an_investors_mandate(api_as: Api) -> None:
    api = api_as(kind=OrganizationKind.VENTURE)
    mandate = MandateFactory()

    assert api.get(f"/mandates/{mandate.pk}").status_code == 404
    assert api.get("/mandates").json() == NOT_FOUND


def test_create_with_codes(api_as: Api) -> None:
    api = api_as(kind=INVESTOR, role=Role.MEMBER)

    response = api.post("/mandates", mandate_body())

    assert response.status_code == 201, response.json()
    mandate = Mandate.objects.get(organization=api.organization)
    assert set(mandate.instruments.values_list("code", flat=True)) == {"equity", "revenue-based"}
    assert mandate.min_growth_rate == Decimal("40.5")
    assert response.json()["regions"] == ["russia-cis"]
    assert response.json()["min_growth_rate"] == "40.50"


def test_create_names_unknown_codes_in_each_field(api_as: Api) -> None:
    api = api_as(kind=INVESTOR)

    response = api.post("/mandates", mandate_body(sectors=["moon-bases"], stages=["pre-seed-x"]))

    assert response.status_code == 422
    messages = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert set(messages) == {("body", "sectors"), ("body", "stages")}
    assert "moon-bases" in messages[("body", "sectors")]
    assert "pre-seed-x" in messages[("body", "stages")]


def test_create_with_an_inverted_ticket_range_answers_422_at_the_field(api_as: Api) -> None:
    api = api_as(kind=INVESTOR)

    response = api.post("/mandates", mandate_body(ticket_min="900000", ticket_max="100000"))

    assert response.status_code == 422
    assert locs(response) == [["body", "ticket_max"]]


@pytest.mark.parametrize(
    ("role", "kind"), [(Role.VIEWER, INVESTOR), (Role.OWNER, OrganizationKind.VENTURE)]
)
def test_create_by_a_viewer_or_a_venture_is_not_found(api_as: Api, role: str, kind: str) -> None:
    api = api_as(role=role, kind=kind)

    response = api.post("/mandates", mandate_body())

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert not Mandate.objects.exists()


def test_patch_changes_criteria_sent_and_keeps_the_rest(api_as: Api) -> None:
    api = api_as(kind=INVESTOR)
    mandate = MandateFactory(organization=api.organization, title="Kept")

    response = api.patch(f"/mandates/{mandate.pk}", {"sectors": ["logistics"], "status": "paused"})

    assert response.status_code == 200, response.json()
    mandate.refresh_from_db()
    assert (mandate.title, mandate.status) == ("Kept", MandateStatus.PAUSED)
    assert list(mandate.sectors.values_list("code", flat=True)) == ["logistics"]


def test_patch_by_a_viewer_is_not_found(api_as: Api) -> None:
    api = api_as(kind=INVESTOR, role=Role.VIEWER)
    mandate = MandateFactory(organization=api.organization)

    response = api.patch(f"/mandates/{mandate.pk}", {"title": "Changed"})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    mandate.refresh_from_db()
    assert mandate.title != "Changed"


def test_patch_of_another_investors_mandate_is_not_found(api_as: Api) -> None:
    api = api_as(kind=INVESTOR, role=Role.OWNER)
    theirs = MandateFactory()

    assert api.patch(f"/mandates/{theirs.pk}", {"title": "Mine"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title != "Mine"
