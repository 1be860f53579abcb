"""Mandate pages end to end: list, create, read and edit, and 404 for everyone else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from runway.investors.models import Mandate, Rule
from runway.investors.tests.factories import MandateFactory
from runway.orgs.access import Actor
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.taxonomy.models import Instrument, Region, Sector, Stage
from runway.ventures.tests.factories import member_of

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Actor], Client]


def investor(role: str = Role.MEMBER) -> Actor:
    return make_actor(kind=OrganizationKind.INVESTOR, role=role, category="vc")


def mandate_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Revenue-based lending to Shenzhen sellers",
        "thesis": "",
        "status": "open",
        "instruments": [Instrument.objects.get(code="revenue-based").pk],
        "instruments_rule": "must",
        "sectors": [Sector.objects.get(code="apparel-wholesale").pk],
        "sectors_rule": "prefer",
        "stages": [Stage.objects.get(code="seed").pk],
        "stages_rule": "prefer",
        "regions": [Region.objects.get(code="shenzhen").pk],
        "regions_rule": "must",
        "currency": "CNY",
        "ticket_min": "100000",
        "ticket_max": "2000000",
        "ticket_rule": "must",
        "min_monthly_revenue": "300000",
        "min_growth_rate": "",
        "min_months_history": "12",
        "min_repeat_rate": "",
        "traction_rule": "must",
    }
    return data | overrides


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("investors:mandate_list", []),
        ("investors:mandate_create", []),
        ("investors:mandate_detail", [1]),
        ("investors:mandate_edit", [1]),
    ],
)
def test_visitors_are_sent_to_sign_in(client: Client, name: str, args: list[int]) -> None:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_investor_lists_its_own_mandates_only(client_for: ClientFor) -> None:
    ours = MandateFactory(title="Ours")
    MandateFactory(title="Someone else's")
    response = client_for(member_of(ours.organization, Role.VIEWER)).get(
        reverse("investors:mandate_list")
    )
    text = response.content.decode()
    assert "Ours" in text
    assert "Someone else" not in text
    assert "500,000.00&nbsp;–&nbsp;5,000,000.00&nbsp;CNY" in text
    assert reverse("investors:mandate_create") not in text  # viewers create nothing


def test_the_list_filters_by_status(client_for: ClientFor) -> None:
    ours = MandateFactory(title="Open one")
    MandateFactory(organization=ours.organization, title="Paused one", status="paused")
    client = client_for(member_of(ours.organization))
    response = client.get(reverse("investors:mandate_list"), {"status": "paused"})
    assert [m.title for m in response.context["page"]] == ["Paused one"]


@pytest.mark.parametrize(
    "kind", [OrganizationKind.VENTURE, OrganizationKind.INTERMEDIARY, OrganizationKind.GOVERNMENT]
)
def test_organizations_without_mandates_get_404_on_the_list(
    client_for: ClientFor, kind: str
) -> None:
    assert (
        client_for(make_actor(kind=kind)).get(reverse("investors:mandate_list")).status_code == 404
    )


def test_the_list_costs_the_same_queries_for_2_or_10_mandates(
    client_for: ClientFor, django_assert_num_queries: Callable[..., Any]
) -> None:
    actor = investor()
    sectors = list(Sector.objects.all()[:3])

    def add(count: int) -> None:
        for _ in range(count):
            MandateFactory(organization=actor.organization).sectors.set(sectors)

    client = client_for(actor)
    add(2)
    client.get(reverse("investors:mandate_list"))
    # session, user, actor, memberships, count, page, four criteria
    with django_assert_num_queries(10):
        client.get(reverse("investors:mandate_list"))
    add(8)
    with django_assert_num_queries(10):
        client.get(reverse("investors:mandate_list"))


def test_a_member_creates_a_mandate_with_its_rules(client_for: ClientFor) -> None:
    actor = investor()
    client = client_for(actor)
    form = client.get(reverse("investors:mandate_create")).content.decode()
    for criterion in ("Instruments", "Sectors", "Stages", "Regions", "Ticket range", "Traction"):
        assert criterion in form
    assert form.count('value="must"') == 6
    response = client.post(reverse("investors:mandate_create"), mandate_post())
    mandate = Mandate.objects.get(organization=actor.organization)
    assert response["Location"] == reverse("investors:mandate_detail", args=[mandate.pk])
    assert (mandate.instruments_rule, mandate.sectors_rule) == (Rule.MUST, Rule.PREFER)
    assert mandate.min_months_history == 12


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ticket_max": "50000"}, "ticket_max", "cannot be smaller than the smallest"),
        ({"ticket_min": "0"}, "ticket_min", "must be more than zero"),
        ({"regions": []}, "regions", "make this criterion a preference"),
        (
            {"min_monthly_revenue": "", "min_months_history": ""},
            "traction_rule",
            "Set at least one threshold",
        ),
        ({"min_repeat_rate": "140"}, "min_repeat_rate", "between 0 and 100"),
    ],
)
def test_mandate_errors_show_next_to_their_fields(
    client_for: ClientFor, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = client_for(investor()).post(
        reverse("investors:mandate_create"), mandate_post(**overrides)
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field]), (
        response.context["form"].errors
    )
    assert "Please correct the errors below." in response.content.decode()
    assert not Mandate.objects.exists()


@pytest.mark.parametrize(
    ("kind", "role"),
    [(OrganizationKind.INVESTOR, Role.VIEWER), (OrganizationKind.VENTURE, Role.OWNER)],
)
def test_viewers_and_ventures_cannot_create_mandates(
    client_for: ClientFor, kind: str, role: str
) -> None:
    client = client_for(make_actor(kind=kind, role=role))
    assert client.get(reverse("investors:mandate_create")).status_code == 404
    assert client.post(reverse("investors:mandate_create"), mandate_post()).status_code == 404
    assert not Mandate.objects.exists()


def test_the_detail_shows_each_criterion_with_its_rule(client_for: ClientFor) -> None:
    mandate = MandateFactory(sectors_rule=Rule.MUST, min_months_history=6)
    mandate.sectors.set([Sector.objects.get(code="mother-baby")])
    text = (
        client_for(member_of(mandate.organization))
        .get(reverse("investors:mandate_detail", args=[mandate.pk]))
        .content.decode()
    )
    assert "Mother and baby" in text
    assert '<span class="badge rule-must">Must</span>' in text
    assert "At least 6 months of order history" in text
    assert reverse("investors:mandate_edit", args=[mandate.pk]) in text


@pytest.mark.parametrize(
    "make",
    [
        lambda m: member_of(m.organization, Role.VIEWER),
        lambda m: make_actor(kind=OrganizationKind.PLATFORM),
    ],
)
def test_viewers_and_staff_read_the_mandate_without_an_edit_button(
    client_for: ClientFor, make: Callable[[Mandate], Actor]
) -> None:
    mandate = MandateFactory()
    response = client_for(make(mandate)).get(reverse("investors:mandate_detail", args=[mandate.pk]))
    assert response.status_code == 200
    assert reverse("investors:mandate_edit", args=[mandate.pk]) not in response.content.decode()


@pytest.mark.parametrize(
    "kind", [OrganizationKind.INVESTOR, OrganizationKind.VENTURE, OrganizationKind.INTERMEDIARY]
)
def test_other_organizations_get_404_for_a_mandate(client_for: ClientFor, kind: str) -> None:
    mandate = MandateFactory()
    client = client_for(make_actor(kind=kind, role=Role.OWNER))
    assert client.get(reverse("investors:mandate_detail", args=[mandate.pk])).status_code == 404
    assert client.get(reverse("investors:mandate_edit", args=[mandate.pk])).status_code == 404


def test_a_member_edits_the_mandate(client_for: ClientFor) -> None:
    mandate = MandateFactory()
    client = client_for(member_of(mandate.organization, Role.MEMBER))
    assert client.get(reverse("investors:mandate_edit", args=[mandate.pk])).status_code == 200
    response = client.post(
        reverse("investors:mandate_edit", args=[mandate.pk]), mandate_post(title="Renamed")
    )
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.title == "Renamed"
    assert [r.code for r in mandate.regions.all()] == ["shenzhen"]


@pytest.mark.parametrize(
    "make",
    [
        lambda m: member_of(m.organization, Role.VIEWER),
        lambda m: make_actor(kind=OrganizationKind.PLATFORM, role=Role.OWNER),
        lambda m: make_actor(kind=OrganizationKind.INVESTOR, role=Role.OWNER),
    ],
)
def test_viewers_staff_and_outsiders_get_404_posting_edits(
    client_for: ClientFor, make: Callable[[Mandate], Actor]
) -> None:
    mandate = MandateFactory()
    response = client_for(make(mandate)).post(
        reverse("investors:mandate_edit", args=[mandate.pk]), mandate_post(title="Taken")
    )
    assert response.status_code == 404
    mandate.refresh_from_db()
    assert mandate.title != "Taken"
