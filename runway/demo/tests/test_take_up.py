"""The capital side of the built demo: lenders' grids, open programs of every kind, applications
from ventures that qualify and awards within budget; a refused application undoes the build."""

from __future__ import annotations

import dataclasses
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Sum

from runway.accounts.models import User
from runway.demo.builder import DemoBuildError
from runway.demo.catalogue import DEMO_DOMAIN, load_catalogue
from runway.demo.services import demo_build, demo_delete
from runway.engine.money import Currency, Money
from runway.investors.models import LenderGrid
from runway.orgs.access import Actor
from runway.orgs.models import Membership, Organization, OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.programs.models import Application, Award, PreRegistration, Program
from runway.programs.selectors import government_dashboard
from runway.programs.services import application_approve, application_submit
from runway.programs.tests.factories import ProgramFactory
from runway.ventures.models import RoundStatus, Venture
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db
SMALL: dict[str, Any] = {"scale": 0.05, "months": 2}
CATALOGUE = load_catalogue()
PROGRAM_KINDS = {"co_investment", "risk_compensation", "guarantee", "interest_subsidy"}


def test_lenders_have_grids_and_ventures_use_open_programs_of_every_kind(media: Path) -> None:
    report = demo_build(**SMALL)
    lenders = Organization.objects.filter(category__in=["revenue_lender", "bank"])
    assert lenders.count() == 7
    for lender in lenders:
        assert 1 <= lender.lender_grids.count() <= 2, lender.slug
    assert (
        LenderGrid.objects.count()
        == report.grids
        == LenderGrid.objects.filter(organization__in=lenders).count()
    )
    banks = LenderGrid.objects.filter(organization__category="bank")
    assert set(banks.values_list("kind", flat=True)) == {"loan"}
    open_programs = Program.objects.filter(status="open", organization__kind="government")
    assert set(open_programs.values_list("kind", flat=True)) == PROGRAM_KINDS
    assert report.programs == Program.objects.count() == 4
    assert report.registrations == PreRegistration.objects.count() == 6
    assert report.applications == {"approved": 2, "submitted": 7, "rejected": 1}
    # Closing the demo syndicate's round turns its program reservation into one more award.
    assert Counter(Application.objects.values_list("status", flat=True)) == Counter(
        {"approved": 3, "submitted": 7, "rejected": 1}
    )
    for program in Program.objects.all():
        awarded = program.awards.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        assert program.committed == awarded <= program.budget
    assert report.awards == 2
    assert Award.objects.count() == 3
    co_investment = Award.objects.filter(program__kind="co_investment").earliest("pk")
    assert co_investment.private_amount > co_investment.amount  # private money mobilised
    funding_round = co_investment.application.funding_round
    assert funding_round is not None
    assert funding_round.status == RoundStatus.CLOSED  # the demo syndicate closed it


def test_the_government_login_s_dashboard_shows_take_up_and_leverage(
    media: Path, client_for: Any
) -> None:
    demo_build(**SMALL)
    membership = Membership.objects.select_related("organization", "user").get(
        user__email=f"government@{DEMO_DOMAIN}"
    )
    officer = Actor(
        organization=membership.organization, role=membership.role, user=membership.user
    )
    figures = {f.program.kind: f for f in government_dashboard(actor=officer).programs}
    assert set(figures) == {"co_investment", "risk_compensation"}
    # The catalogue's award and the syndicate's co-investment: 1.8 million of 50 million.
    assert figures["co_investment"].take_up == pytest.approx(0.036)
    assert figures["risk_compensation"].take_up == pytest.approx(0.02)  # 600,000 of 30 million
    page = client_for(officer).get("/programs/dashboard/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "电商与数字贸易初创企业跟投计划" in html
    assert "2.56×" in html  # 4.6 million private alongside 1.8 million public
    assert "1.67×" in html  # 1 million invested against 600,000 of loss cover


def test_a_refused_application_stops_the_build_and_leaves_no_demo(
    media: Path, english: None
) -> None:
    co_investment, *others = CATALOGUE.programs["pengcheng-guidance"]
    ceiling = Money(Decimal(1), Currency.CNY)  # every applicant earns more than 1 yuan a year
    strict = dataclasses.replace(
        co_investment, rules=dataclasses.replace(co_investment.rules, max_annual_revenue=ceiling)
    )
    catalogue = dataclasses.replace(
        CATALOGUE, programs={**CATALOGUE.programs, "pengcheng-guidance": (strict, *others)}
    )
    with pytest.raises(DemoBuildError, match=r"futian-chipstock to .* was refused: Revenue"):
        demo_build(**SMALL, catalogue=catalogue)
    assert not Organization.objects.exists()
    assert not User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists()
    assert not any(p.is_file() for p in (media / "demo-exports").rglob("*"))


def test_delete_gives_another_program_s_award_to_a_demo_venture_back_to_its_budget(
    media: Path,
) -> None:
    demo_build(**SMALL)
    officer = make_actor(kind=OrganizationKind.GOVERNMENT, category="guidance_fund")
    program = ProgramFactory(organization=officer.organization)
    venture = Venture.objects.get(organization__slug="dianzhanggui-saas")
    applicant = member_of(venture.organization, role=Role.OWNER)
    application = application_submit(actor=applicant, program=program, amount=Decimal(500_000))
    application_approve(actor=officer, application=application)
    demo_delete()
    program.refresh_from_db()
    assert program.committed == Decimal(0)
    assert list(Program.objects.all()) == [program]
    assert not Award.objects.exists()
