"""/rounds and /rounds/{id}: drafts stay with their venture, amounts are decimal strings."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from runway.api.tests.client import ApiClient
from runway.orgs.models import OrganizationKind, Role
from runway.taxonomy.models import Instrument
from runway.ventures.models import FundingRound, RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found"}
Api = Callable[..., ApiClient]


def round_body(**changes: Any) -> dict[str, Any]:
    body = {
        "title": "Pre-A",
        "instrument": "equity",
        "currency": "CNY",
        "target_amount": "5000000.00",
        "min_ticket": "250000",
        "pre_money_valuation": "30000000.00",
        "use_of_funds": "Two more cold-chain vans",
        "opens_on": "2026-12-01",
        "closes_on": "2027-03-31",
    }
    return {**body, **changes}


def locs(response: Any) -> list[list[Any]]:
    return [error["loc"] for error in response.json()["detail"]]


def test_list_shows_own_drafts_and_others_open_rounds_only(api_as: Api) -> None:
    api = api_as(role=Role.VIEWER)
    own_draft = FundingRoundFactory(
        venture=VentureFactory(organization=api.organization), status=RoundStatus.DRAFT
    )
    others_open = FundingRoundFactory(status=RoundStatus.OPEN)
    FundingRoundFactory(status=RoundStatus.DRAFT)
    FundingRoundFactory(status=RoundStatus.OPEN, venture__is_public=False)

    body = api.get("/rounds").json()

    assert {item["id"] for item in body["items"]} == {own_draft.pk, others_open.pk}
    assert body["count"] == 2


def test_list_status_filter(api_as: Api) -> None:
    api = api_as(kind=OrganizationKind.INVESTOR)
    open_round = FundingRoundFactory(status=RoundStatus.OPEN)
    FundingRoundFactory(status=RoundStatus.CLOSED)

    assert [r["id"] for r in api.get("/rounds", status="open").json()["items"]] == [open_round.pk]
    assert api.get("/rounds", status="bogus").status_code == 422


def test_list_instrument_filter_by_code(api_as: Api) -> None:
    api = api_as(kind=OrganizationKind.INVESTOR)
    loan = FundingRoundFactory(instrument=Instrument.objects.get(code="term-loan"))
    FundingRoundFactory()

    found = api.get("/rounds", instrument="term-loan").json()["items"]

    assert [r["id"] for r in found] == [loan.pk]
    assert api.get("/rounds", instrument="tulips").json()["detail"][0]["loc"] == [
        "query",
        "instrument",
    ]


def test_list_is_paginated(api_as: Api) -> None:
    api = api_as()
    FundingRoundFactory.create_batch(3)

    body = api.get("/rounds", page=2, page_size=2).json()

    assert (body["count"], len(body["items"])) == (3, 1)


def test_detail_gives_decimal_strings_currency_and_instrument_code(api_as: Api) -> None:
    api = api_as(kind=OrganizationKind.INVESTOR)
    funding_round = FundingRoundFactory(target_amount=Decimal("3000000"), pre_money_valuation=None)

    body = api.get(f"/rounds/{funding_round.pk}").json()

    assert body["target_amount"] == "3000000.00"
    assert body["min_ticket"] == "200000.00"
    assert body["pre_money_valuation"] is None
    assert (body["currency"], body["instrument"], body["status"]) == ("CNY", "equity", "open")
    expected = (funding_round.opens_on.isoformat(), funding_round.closes_on.isoformat())
    assert (body["opens_on"], body["closes_on"]) == expected
    assert body["organization"]["id"] == funding_round.venture.organization_id


def test_detail_of_another_ventures_draft_is_not_found(api_as: Api) -> None:
    api = api_as(kind=OrganizationKind.INVESTOR)
    draft = FundingRoundFactory(status=RoundStatus.DRAFT)

    response = api.get(f"/rounds/{draft.pk}")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_detail_of_own_draft_is_shown(api_as: Api) -> None:
    api = api_as(role=Role.VIEWER)
    draft = FundingRoundFactory(
        venture=VentureFactory(organization=api.organization), status=RoundStatus.DRAFT
    )

    assert api.get(f"/rounds/{draft.pk}").json()["status"] == "draft"


def test_create_on_own_venture(api_as: Api) -> None:
    api = api_as(role=Role.MEMBER)
    venture = VentureFactory(organization=api.organization)

    response = api.post("/rounds", round_body())

    assert response.status_code == 201, response.json()
    created = FundingRound.objects.get(venture=venture)
    assert (created.target_amount, created.min_ticket) == (Decimal("5000000"), Decimal("250000"))
    assert (created.status, created.instrument.code) == (RoundStatus.DRAFT, "equity")
    assert response.json()["min_ticket"] == "250000.00"


def test_create_refuses_float_amounts_at_the_field(api_as: Api) -> None:
    api = api_as()
    VentureFactory(organization=api.organization)

    response = api.post("/rounds", round_body(target_amount=5000000.5))

    assert response.status_code == 422
    assert locs(response) == [["body", "target_amount"]]
    assert not FundingRound.objects.exists()


def test_create_reports_service_rules_at_the_field(api_as: Api) -> None:
    api = api_as()
    VentureFactory(organization=api.organization)

    too_big_ticket = api.post("/rounds", round_body(min_ticket="9000000.00"))
    closes_first = api.post("/rounds", round_body(closes_on="2026-01-01"))
    unknown = api.post("/rounds", round_body(instrument="tulip-futures"))

    assert locs(too_big_ticket) == [["body", "min_ticket"]]
    assert locs(closes_first) == [["body", "closes_on"]]
    assert locs(unknown) == [["body", "instrument"]]
    assert "tulip-futures" in unknown.json()["detail"][0]["msg"]
    assert not FundingRound.objects.exists()


def test_create_by_a_viewer_is_not_found(api_as: Api) -> None:
    api = api_as(role=Role.VIEWER)
    VentureFactory(organization=api.organization)

    response = api.post("/rounds", round_body())

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert not FundingRound.objects.exists()


def test_create_without_a_venture_profile_is_not_found(api_as: Api) -> None:
    api = api_as(kind=OrganizationKind.INVESTOR, role=Role.OWNER)

    assert api.post("/rounds", round_body()).status_code == 404


def test_patch_moves_a_draft_to_open(api_as: Api) -> None:
    api = api_as()
    draft = FundingRoundFactory(
        venture=VentureFactory(organization=api.organization), status=RoundStatus.DRAFT
    )

    response = api.patch(f"/rounds/{draft.pk}", {"status": "open", "target_amount": "4000000"})

    assert response.status_code == 200, response.json()
    draft.refresh_from_db()
    assert (draft.status, draft.target_amount) == (RoundStatus.OPEN, Decimal("4000000"))


def test_patch_refuses_a_backward_transition_at_the_status_field(api_as: Api) -> None:
    api = api_as()
    open_round = FundingRoundFactory(venture=VentureFactory(organization=api.organization))

    response = api.patch(f"/rounds/{open_round.pk}", {"status": "draft"})

    assert response.status_code == 422
    assert locs(response) == [["body", "status"]]


def test_patch_by_a_viewer_is_not_found(api_as: Api) -> None:
    api = api_as(role=Role.VIEWER)
    own = FundingRoundFactory(venture=VentureFactory(organization=api.organization))

    response = api.patch(f"/rounds/{own.pk}", {"title": "Renamed"})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    own.refresh_from_db()
    assert own.title == "Seed round"


def test_patch_of_another_ventures_visible_round_is_not_found(api_as: Api) -> None:
    api = api_as(role=Role.OWNER)
    theirs = FundingRoundFactory(status=RoundStatus.OPEN)

    assert api.patch(f"/rounds/{theirs.pk}", {"status": "cancelled"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == RoundStatus.OPEN
