from __future__ import annotations

from decimal import Decimal

import pytest

from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from runway.programs.tests.factories import ProgramFactory
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db


def test_an_officer_creates_a_program_through_the_form(client_for) -> None:
    officer = make_actor(kind=OrganizationKind.GOVERNMENT, category="guidance_fund")
    response = client_for(officer).post(
        "/programs/new/",
        {
            "title": "Longgang loan guarantee", "summary": "", "kind": "guarantee",
            "status": "open", "currency": "CNY", "budget": "8000000",
            "stages": ["seed"], "districts": ["longgang"], "max_annual_revenue": "20000000",
            "coverage_share": "50", "fee_rate_annual": "1", "cap_per_loan": "2000000",
        },
    )  # fmt: skip
    program = Program.objects.get()
    assert response.status_code == 302
    assert program.params["coverage_share"] == "0.5"
    assert program.rules["max_annual_revenue"] == {"amount": "20000000", "currency": "CNY"}
    page = client_for(officer).get(f"/programs/{program.pk}/")
    assert "Share of the loan covered" in page.content.decode()
    assert "50%" in page.content.decode()


def test_the_form_shows_a_bad_stage_share_next_to_its_field(client_for) -> None:
    officer = make_actor(kind=OrganizationKind.GOVERNMENT, category="guidance_fund")
    response = client_for(officer).post(
        "/programs/new/",
        {"title": "x", "kind": "risk_compensation", "status": "draft", "currency": "CNY",
         "budget": "1000", "share_by_stage": "seed = 160", "cap_per_project": "10",
         "cap_per_investor_per_year": "10"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "the share must be a percentage from 0 to 100" in response.content.decode()
    assert not Program.objects.exists()


def test_drafts_are_hidden_from_other_organizations(client_for) -> None:
    draft = ProgramFactory(status=ProgramStatus.DRAFT)
    venture = VentureFactory()
    outsider = member_of(venture.organization)
    assert client_for(outsider).get(f"/programs/{draft.pk}/").status_code == 404
    assert draft.title not in client_for(outsider).get("/programs/").content.decode()
    officer = member_of(draft.organization, role=Role.VIEWER)
    assert client_for(officer).get(f"/programs/{draft.pk}/").status_code == 200


def test_a_venture_sees_its_eligibility_and_applies(client_for) -> None:
    program = ProgramFactory(rules={"districts": ["nanshan"]})
    venture = VentureFactory(district="nanshan")
    funding_round = FundingRoundFactory(venture=venture)
    actor = member_of(venture.organization)
    client = client_for(actor)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "Your venture meets every rule of this program." in page
    response = client.post(
        f"/programs/{program.pk}/apply/",
        {"amount": "500000", "private_amount": "1000000", "funding_round": funding_round.pk},
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.funding_round == funding_round
    # Only the program's officers see the applications list.
    assert 'id="applications"' not in client.get(f"/programs/{program.pk}/").content.decode()


def test_a_venture_cannot_apply_with_another_ventures_round(client_for) -> None:
    program = ProgramFactory()
    actor = member_of(VentureFactory().organization)
    foreign_round = FundingRoundFactory()
    response = client_for(actor).post(
        f"/programs/{program.pk}/apply/", {"amount": "10", "funding_round": foreign_round.pk}
    )
    assert response.status_code == 422
    assert not Application.objects.exists()


def test_officers_decide_and_others_get_404(client_for) -> None:
    program = ProgramFactory(budget=Decimal("100000"))
    actor = member_of(VentureFactory().organization)
    client_for(actor).post(f"/programs/{program.pk}/apply/", {"amount": "40000"})
    application = Application.objects.get()
    other_government = make_actor(kind=OrganizationKind.GOVERNMENT, category="guidance_fund")
    url = f"/programs/applications/{application.pk}/approve/"
    assert client_for(other_government).post(url, {}).status_code == 404
    assert client_for(actor).post(url, {}).status_code == 404
    officer = member_of(program.organization)
    assert client_for(officer).post(url, {"amount": "30000"}).status_code == 302
    application.refresh_from_db()
    program.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert program.committed == Decimal("30000")


def test_the_government_dashboard_shows_take_up_and_leverage(client_for) -> None:
    program = ProgramFactory(budget=Decimal("1000000"))
    venture = VentureFactory()
    FundingRoundFactory(venture=venture, target_amount=Decimal("5000000"))
    actor = member_of(venture.organization)
    client_for(actor).post(
        f"/programs/{program.pk}/apply/", {"amount": "250000", "private_amount": "750000"}
    )
    officer = member_of(program.organization)
    client_for(officer).post(f"/programs/applications/{Application.objects.get().pk}/approve/", {})
    page = client_for(officer).get("/programs/dashboard/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "25%" in html  # take-up: 250k of 1M
    assert "3.00×" in html  # leverage: 750k private per 250k public
    assert "Flowers" in html  # the open round's sector in the funding gaps
    assert client_for(actor).get("/programs/dashboard/").status_code == 404
