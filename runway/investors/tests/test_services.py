"""Mandate writes: who may make them, the ticket range, and must-rules that need values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from runway.investors.models import Mandate, Rule
from runway.investors.services import mandate_create, mandate_update
from runway.investors.tests.factories import MandateFactory
from runway.orgs.access import AccessDenied
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.taxonomy.models import Instrument, Region, Sector, Stage
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db


def mandate_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Cross-border seed",
        "currency": "CNY",
        "ticket_min": Decimal("500000"),
        "ticket_max": Decimal("3000000"),
        "sectors": [Sector.objects.get(code="cross-border-b2b")],
        "sectors_rule": Rule.MUST,
        "instruments": [Instrument.objects.get(code="equity")],
        "stages": [Stage.objects.get(code="seed"), Stage.objects.get(code="pre-a")],
        "regions": [Region.objects.get(code="guangdong")],
        "min_monthly_revenue": Decimal("200000"),
        "traction_rule": Rule.MUST,
    }
    return fields | overrides


def investor(role: str = Role.MEMBER) -> Any:
    return make_actor(kind=OrganizationKind.INVESTOR, role=role, category="vc")


def test_an_investor_member_creates_a_mandate_with_its_criteria() -> None:
    actor = investor()
    mandate = mandate_create(actor=actor, **mandate_fields())
    assert mandate.organization == actor.organization
    assert [s.code for s in mandate.sectors.all()] == ["cross-border-b2b"]
    assert sorted(s.code for s in mandate.stages.all()) == ["pre-a", "seed"]
    assert mandate.sectors_rule == Rule.MUST


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ticket_min": Decimal("0")}, "ticket_min"),
        ({"ticket_max": Decimal("100000")}, "ticket_max"),
        ({"sectors": []}, "sectors"),
        ({"instruments": [], "instruments_rule": Rule.MUST}, "instruments"),
        ({"min_monthly_revenue": None}, "traction_rule"),
        ({"min_monthly_revenue": Decimal("-1")}, "min_monthly_revenue"),
        ({"min_repeat_rate": Decimal("120")}, "min_repeat_rate"),
        ({"min_growth_rate": Decimal("-150")}, "min_growth_rate"),
        ({"title": ""}, "title"),
    ],
)
def test_invalid_mandates_are_rejected_field_by_field(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        mandate_create(actor=investor(), **mandate_fields(**overrides))
    assert field in error.value.message_dict
    assert not Mandate.objects.exists()


def test_prefer_rules_may_leave_a_criterion_empty() -> None:
    mandate = mandate_create(
        actor=investor(),
        **mandate_fields(
            sectors=[],
            sectors_rule=Rule.PREFER,
            min_monthly_revenue=None,
            traction_rule=Rule.PREFER,
        ),
    )
    assert not mandate.sectors.exists()


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrganizationKind.INVESTOR, Role.VIEWER),
        (OrganizationKind.VENTURE, Role.OWNER),
        (OrganizationKind.PLATFORM, Role.OWNER),
    ],
)
def test_viewers_and_other_kinds_cannot_create_mandates(kind: str, role: str) -> None:
    with pytest.raises(AccessDenied):
        mandate_create(actor=make_actor(kind=kind, role=role), **mandate_fields())


def test_update_changes_fields_and_replaces_only_the_criteria_given() -> None:
    mandate = MandateFactory()
    mandate.regions.set([Region.objects.get(code="shenzhen")])
    actor = member_of(mandate.organization, Role.ADMIN)
    finance = Sector.objects.get(code="finance")
    mandate_update(actor=actor, mandate=mandate, sectors=[finance], ticket_max=Decimal("9000000"))
    mandate.refresh_from_db()
    assert mandate.ticket_max == Decimal("9000000")
    assert list(mandate.sectors.all()) == [finance]
    assert [r.code for r in mandate.regions.all()] == ["shenzhen"]


def test_a_must_rule_is_checked_against_the_criteria_already_saved() -> None:
    mandate = MandateFactory()
    actor = member_of(mandate.organization)
    with pytest.raises(ValidationError) as error:
        mandate_update(actor=actor, mandate=mandate, stages_rule=Rule.MUST)
    assert "stages" in error.value.message_dict
    mandate.stages.set([Stage.objects.get(code="seed")])
    assert (
        mandate_update(actor=actor, mandate=mandate, stages_rule=Rule.MUST).stages_rule == Rule.MUST
    )


def test_a_rejected_update_changes_nothing() -> None:
    mandate = MandateFactory()
    with pytest.raises(ValidationError):
        mandate_update(
            actor=member_of(mandate.organization),
            mandate=mandate,
            ticket_max=Decimal("1"),
            sectors=[Sector.objects.get(code="finance")],
        )
    mandate.refresh_from_db()
    assert mandate.ticket_max == Decimal("5000000.00")
    assert not mandate.sectors.exists()


@pytest.mark.parametrize("same_organization", [True, False])
def test_viewers_and_other_investors_cannot_update(same_organization: bool) -> None:
    mandate = MandateFactory()
    actor = (
        member_of(mandate.organization, Role.VIEWER) if same_organization else investor(Role.OWNER)
    )
    with pytest.raises(AccessDenied):
        mandate_update(actor=actor, mandate=mandate, title="Taken over")
