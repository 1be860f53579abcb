from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from runway.orgs.access import AccessDenied
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.programs import services
from runway.programs.models import ApplicationStatus, Award, Program, ProgramKind
from runway.programs.tests.factories import CO_INVESTMENT_PARAMS, ProgramFactory
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db


def government(role: str = Role.MEMBER):
    return make_actor(kind=OrganizationKind.GOVERNMENT, role=role, category="guidance_fund")


def venture_actor(**venture_fields):
    venture = VentureFactory(**venture_fields)
    return member_of(venture.organization), venture


def test_an_officer_creates_a_program_with_rules_and_terms_normalized() -> None:
    officer = government()
    program = services.program_create(
        actor=officer,
        title="Futian risk compensation",
        kind=ProgramKind.RISK_COMPENSATION,
        currency="CNY",
        budget=Decimal("5000000"),
        rules={"stages": ["seed", "angel"], "districts": ["futian"]},
        params={
            "currency": "CNY",
            "share_by_stage": {"seed": "0.6", "angel": "0.3"},
            "cap_per_project": "1000000",
            "cap_per_investor_per_year": "3000000",
        },
    )
    assert program.organization == officer.organization
    assert program.rules["stages"] == ["angel", "seed"]
    assert program.rules["pre_registration_required"] is False


def test_bad_terms_are_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        services.program_create(
            actor=government(),
            title="Broken",
            kind=ProgramKind.GUARANTEE,
            currency="CNY",
            budget=Decimal("100"),
            rules={"min_company_age_months": 24, "max_company_age_months": 12},
            params={"currency": "CNY", "coverage_share": "1.5", "fee_rate_annual": "0.01",
                    "cap_per_loan": "100"},
        )  # fmt: skip
    errors = caught.value.message_dict
    assert "min_company_age_months" in errors
    assert errors["coverage_share"] == ["Enter a share above 0% and at most 100%."]
    assert not Program.objects.exists()


def test_only_government_members_create_programs() -> None:
    venture, _ = venture_actor()
    with pytest.raises(AccessDenied):
        services.program_create(actor=venture, title="x", kind="grant", budget=Decimal(1))
    with pytest.raises(AccessDenied):
        services.program_create(
            actor=government(role=Role.VIEWER), title="x", kind="grant", budget=Decimal(1)
        )


def test_another_government_cannot_edit_the_program() -> None:
    program = ProgramFactory()
    with pytest.raises(AccessDenied):
        services.program_update(actor=government(), program=program, title="Mine now")


def test_an_eligible_venture_applies_and_an_officer_awards_within_budget() -> None:
    program = ProgramFactory(budget=Decimal("1000000"))
    officer = member_of(program.organization)
    actor, _venture = venture_actor()
    application = services.application_submit(
        actor=actor, program=program, amount=Decimal("600000"), private_amount=Decimal("1200000")
    )
    award = services.application_approve(actor=officer, application=application)
    program.refresh_from_db()
    assert award.amount == Decimal("600000")
    assert program.committed == Decimal("600000")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED

    # A second venture asks for more than is left: the officer cannot award it in full.
    other, _ = venture_actor()
    second = services.application_submit(actor=other, program=program, amount=Decimal("400000"))
    program.budget = Decimal("900000")  # cut after the application was submitted
    program.save()
    with pytest.raises(ValidationError, match=r"300,000\.00 CNY of the budget is left"):
        services.application_approve(actor=officer, application=second)
    program.refresh_from_db()
    assert program.committed == Decimal("600000")
    assert Award.objects.count() == 1
    # Awarding what is left works.
    services.application_approve(actor=officer, application=second, amount=Decimal("300000"))
    program.refresh_from_db()
    assert program.committed == program.budget


def test_a_decided_application_cannot_be_decided_again() -> None:
    program = ProgramFactory()
    officer = member_of(program.organization)
    actor, _ = venture_actor()
    application = services.application_submit(actor=actor, program=program, amount=Decimal("1000"))
    services.application_approve(actor=officer, application=application)
    with pytest.raises(ValidationError, match="already been decided"):
        services.application_approve(actor=officer, application=application)
    with pytest.raises(ValidationError, match="already been decided"):
        services.application_reject(actor=officer, application=application, note="no")
    assert Award.objects.count() == 1


def test_ineligible_ventures_are_told_every_rule_they_fail() -> None:
    program = ProgramFactory(
        rules={"districts": ["futian"], "stages": ["angel"], "max_company_age_months": 36}
    )
    actor, _venture = venture_actor(district="nanshan", founded_on=dt.date(2015, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.application_submit(actor=actor, program=program, amount=Decimal("1000"))
    messages = caught.value.messages
    assert any(m.startswith("District: the program is for Futian") for m in messages)
    assert any(m.startswith("Stage: the program is for") for m in messages)
    assert any(m.startswith("Company age:") for m in messages)
    assert not program.applications.exists()


def test_one_pending_application_per_program_and_venture() -> None:
    program = ProgramFactory()
    actor, _ = venture_actor()
    services.application_submit(actor=actor, program=program, amount=Decimal("1000"))
    with pytest.raises(ValidationError, match="already have an application waiting"):
        services.application_submit(actor=actor, program=program, amount=Decimal("2000"))


def test_rejection_needs_a_reason_and_only_officers_decide() -> None:
    program = ProgramFactory()
    actor, _ = venture_actor()
    application = services.application_submit(actor=actor, program=program, amount=Decimal("10"))
    with pytest.raises(AccessDenied):
        services.application_approve(actor=actor, application=application)
    with pytest.raises(AccessDenied):
        services.application_approve(actor=government(), application=application)
    officer = member_of(program.organization)
    with pytest.raises(ValidationError):
        services.application_reject(actor=officer, application=application, note="  ")
    services.application_reject(actor=officer, application=application, note="Outside scope")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_pre_registration_is_idempotent_and_keeps_its_first_date() -> None:
    program = ProgramFactory()
    actor, _ = venture_actor()
    first = services.preregister(actor=actor, program=program, on=dt.date(2026, 1, 5))
    again = services.preregister(actor=actor, program=program, on=dt.date(2026, 3, 1))
    assert again.pk == first.pk
    assert again.registered_on == dt.date(2026, 1, 5)


def test_the_budget_cannot_be_cut_below_what_is_awarded() -> None:
    program = ProgramFactory(budget=Decimal("1000"))
    officer = member_of(program.organization)
    actor, _ = venture_actor()
    application = services.application_submit(actor=actor, program=program, amount=Decimal("800"))
    services.application_approve(actor=officer, application=application)
    with pytest.raises(ValidationError) as caught:
        services.program_update(actor=officer, program=program, budget=Decimal("500"),
                                params=dict(CO_INVESTMENT_PARAMS))  # fmt: skip
    assert "budget" in caught.value.message_dict


def test_terms_in_another_currency_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        services.program_create(
            actor=government(), title="Mixed", kind=ProgramKind.CO_INVESTMENT, currency="CNY",
            budget=Decimal("1000"),
            rules={"max_annual_revenue": {"amount": "1", "currency": "USD"}},
            params={**CO_INVESTMENT_PARAMS, "currency": "USD"},
        )  # fmt: skip
    assert caught.value.message_dict["currency"] == ["Use the program's currency, CNY."]
    assert caught.value.message_dict["max_annual_revenue"] == ["Use the program's currency, CNY."]
