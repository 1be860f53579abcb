"""Programs in the API: officers create and decide, ventures check eligibility and apply."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from runway.api.tests.client import ApiClient
from runway.orgs.models import OrganizationKind, Role
from runway.programs.models import Program, ProgramStatus
from runway.programs.tests.factories import ProgramFactory
from runway.ventures.tests.factories import VentureFactory

pytestmark = pytest.mark.django_db

Api = Callable[..., ApiClient]
NOT_FOUND = {"detail": "Not found"}
GUARANTEE: dict[str, Any] = {
    "title": "Longgang loan guarantee",
    "kind": "guarantee",
    "status": "open",
    "budget": "5000000.00",
    "rules": {"districts": ["longgang"]},
    "params": {"currency": "CNY", "coverage_share": "0.5", "fee_rate_annual": "0.01",
               "cap_per_loan": "1000000"},
}  # fmt: skip


def test_a_government_creates_a_program_and_bad_terms_name_the_field(api_as: Api) -> None:
    officer = api_as(kind=OrganizationKind.GOVERNMENT)
    created = officer.post("/programs", GUARANTEE)
    assert created.status_code == 201, created.json()
    assert created.json()["budget_left"] == "5000000.00"
    bad = officer.post("/programs", {**GUARANTEE, "params": {**GUARANTEE["params"],
                                                              "coverage_share": "2"}})  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "coverage_share"]
    assert Program.objects.count() == 1


def test_ventures_cannot_create_programs(api_as: Api) -> None:
    assert api_as(kind=OrganizationKind.VENTURE).post("/programs", GUARANTEE).status_code == 404


def test_a_venture_checks_eligibility_applies_and_the_officer_approves(api_as: Api) -> None:
    program = ProgramFactory(budget=Decimal("100000"), rules={"districts": ["futian"]})
    venture = VentureFactory(district="nanshan")
    client = api_as(organization=venture.organization)
    eligibility = client.get(f"/programs/{program.pk}/eligibility").json()
    assert eligibility["eligible"] is False
    assert eligibility["failures"][0]["code"] == "district_not_eligible"
    assert eligibility["failures"][0]["message"].startswith("District: the program is for")
    refused = client.post(f"/programs/{program.pk}/applications", {"amount": "1000.00"})
    assert refused.status_code == 422

    program.rules = {}
    program.save()
    applied = client.post(f"/programs/{program.pk}/applications", {"amount": "60000.00"})
    assert applied.status_code == 201, applied.json()
    application_id = applied.json()["id"]
    officer = api_as(organization=program.organization)
    assert [
        a["id"] for a in officer.get(f"/programs/{program.pk}/applications").json()["items"]
    ] == [application_id]
    # Neither the venture nor another government may decide it.
    assert client.post(f"/program-applications/{application_id}/approve", {}).json() == NOT_FOUND
    stranger = api_as(kind=OrganizationKind.GOVERNMENT)
    assert stranger.post(f"/program-applications/{application_id}/approve", {}).json() == NOT_FOUND
    approved = officer.post(f"/program-applications/{application_id}/approve", {"amount": "50000"})
    assert approved.status_code == 200
    assert approved.json()["awarded"] == "50000.00"
    assert officer.get(f"/programs/{program.pk}").json()["committed"] == "50000.00"


def test_viewer_tokens_cannot_decide(api_as: Api) -> None:
    program = ProgramFactory()
    venture = VentureFactory()
    applied = api_as(organization=venture.organization).post(
        f"/programs/{program.pk}/applications", {"amount": "10.00"}
    )
    viewer = api_as(organization=program.organization, role=Role.VIEWER)
    response = viewer.post(f"/program-applications/{applied.json()['id']}/approve", {})
    assert response.json() == NOT_FOUND


def test_drafts_stay_with_their_government(api_as: Api) -> None:
    draft = ProgramFactory(status=ProgramStatus.DRAFT)
    assert api_as().get(f"/programs/{draft.pk}").json() == NOT_FOUND
    assert api_as().get("/programs").json()["items"] == []
    assert api_as(organization=draft.organization).get(f"/programs/{draft.pk}").status_code == 200
