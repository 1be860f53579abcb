"""Qualified-investor declarations: who must declare, who may, what is recorded, how long it
holds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from runway.investors.models import QualificationBasis, QualifiedInvestorDeclaration
from runway.investors.qualification import commitment_refusal, is_individual, qualification_of
from runway.investors.services import declaration_record
from runway.orgs.access import AccessDenied
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db


def test_angels_are_individuals_and_institutions_are_qualified() -> None:
    fund = OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc")
    angel = OrganizationFactory(kind=OrganizationKind.INVESTOR, category="angel")
    assert (is_individual(angel), is_individual(fund)) == (True, False)
    assert qualification_of(fund).qualified is True
    assert qualification_of(angel).qualified is False
    amount = Decimal("10")
    assert commitment_refusal(fund, amount=amount, currency="CNY") is None
    assert commitment_refusal(angel, amount=amount, currency="CNY") is not None


def test_a_member_declares_for_a_year_with_who_when_and_where() -> None:
    angel = OrganizationFactory(kind=OrganizationKind.INVESTOR, category="angel")
    actor = member_of(angel)
    declaration = declaration_record(
        actor=actor, basis=QualificationBasis.INCOME_500K, accepted=True, ip="203.0.113.9"
    )
    assert (declaration.declared_by, declaration.ip, declaration.version) == (
        actor.user,
        "203.0.113.9",
        "2026.1",
    )
    assert declaration.valid_until == timezone.localdate() + dt.timedelta(days=365)
    standing = qualification_of(angel)
    assert standing.declaration == declaration
    later = timezone.localdate() + dt.timedelta(days=366)
    assert qualification_of(angel, on=later).qualified is False


def test_a_declaration_needs_a_basis_and_the_tick() -> None:
    angel = OrganizationFactory(kind=OrganizationKind.INVESTOR, category="angel")
    with pytest.raises(ValidationError) as caught:
        declaration_record(actor=member_of(angel), basis="rich", accepted=False)
    assert set(caught.value.message_dict) == {"basis", "accept"}
    assert not QualifiedInvestorDeclaration.objects.exists()


def test_viewers_funds_and_ventures_do_not_declare() -> None:
    angel = OrganizationFactory(kind=OrganizationKind.INVESTOR, category="angel")
    fund = OrganizationFactory(kind=OrganizationKind.INVESTOR, category="vc")
    venture = OrganizationFactory(kind=OrganizationKind.VENTURE)
    for actor in (member_of(angel, Role.VIEWER), member_of(fund), member_of(venture)):
        with pytest.raises(AccessDenied):
            declaration_record(actor=actor, basis=QualificationBasis.ASSETS_3M, accepted=True)
