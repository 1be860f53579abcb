"""Venture profile pages end to end: the directory, a profile, one's own, creating and editing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from runway.orgs.access import Actor
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory, UserFactory, make_actor
from runway.taxonomy.models import Region, Sector, Stage
from runway.ventures.models import RoundStatus, Venture
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Actor], Client]


def profile_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "tagline": "Phone cases to Moscow",
        "sectors": [Sector.objects.get(code="phones-digital").pk],
        "business_model": "cross_border",
        "markets": [Region.objects.get(code="russia-cis").pk],
        "city": Region.objects.get(code="shenzhen").pk,
        "district": "longhua",
        "stage": Stage.objects.get(code="seed").pk,
        "founded_on": "2021-04-01",
        "team_size": "8",
        "description_en": "Cases and cables.",
        "website": "https://cases.example.cn",
        "is_public": "on",
    }
    return data | overrides


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("ventures:list", []),
        ("ventures:mine", []),
        ("ventures:create", []),
        ("ventures:detail", [1]),
        ("ventures:edit", [1]),
    ],
)
def test_visitors_are_sent_to_sign_in(client: Client, name: str, args: list[int]) -> None:
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_user_without_an_organization_is_sent_to_create_one(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.get(reverse("ventures:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:create")


def test_the_directory_lists_public_ventures_and_hides_other_private_ones(
    client_for: ClientFor,
) -> None:
    VentureFactory(organization=OrganizationFactory(name="Open Flowers", is_verified=True))
    VentureFactory(organization=OrganizationFactory(name="Secret Phones"), is_public=False)
    body = client_for(make_actor(kind=OrganizationKind.INVESTOR)).get(reverse("ventures:list"))
    text = body.content.decode()
    assert "Open Flowers" in text
    assert "verified" in text
    assert "Secret Phones" not in text


def test_the_directory_searches_and_filters(client_for: ClientFor) -> None:
    VentureFactory(organization=OrganizationFactory(name="Bloom"), tagline="鲜花速递")
    VentureFactory(
        organization=OrganizationFactory(name="Ledger"),
        sectors=[Sector.objects.get(code="finance")],
        stage=Stage.objects.get(code="series-a"),
    )
    client = client_for(make_actor(kind=OrganizationKind.INVESTOR))
    listed = client.get(reverse("ventures:list"), {"q": "鲜花"}).context["page"].object_list
    assert [v.name for v in listed] == ["Bloom"]
    listed = client.get(reverse("ventures:list"), {"sector": "finance"}).context["page"]
    assert [v.name for v in listed] == ["Ledger"]
    listed = client.get(reverse("ventures:list"), {"stage": "seed"}).context["page"]
    assert [v.name for v in listed] == ["Bloom"]


def test_an_unknown_filter_code_is_ignored(client_for: ClientFor) -> None:
    VentureFactory()
    response = client_for(make_actor()).get(reverse("ventures:list"), {"sector": "nonsense"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1


def test_the_directory_is_paginated(client_for: ClientFor) -> None:
    for n in range(23):
        VentureFactory(organization=OrganizationFactory(name=f"Venture {n:02d}"))
    client = client_for(make_actor(kind=OrganizationKind.INVESTOR))
    first = client.get(reverse("ventures:list"))
    assert len(first.context["page"].object_list) == 20
    assert "?page=2" in first.content.decode()
    second = client.get(reverse("ventures:list"), {"page": 2})
    assert [v.name for v in second.context["page"].object_list] == [
        "Venture 20",
        "Venture 21",
        "Venture 22",
    ]


def test_the_directory_costs_the_same_queries_for_3_or_20_ventures(
    client_for: ClientFor, django_assert_num_queries: Callable[..., Any]
) -> None:
    client = client_for(make_actor(kind=OrganizationKind.INVESTOR))
    sectors = list(Sector.objects.filter(code__in=["finance", "logistics"]))
    for _ in range(3):
        VentureFactory(sectors=sectors)
    client.get(reverse("ventures:list"))  # warms the session
    # session, user, actor, memberships, count, page, sectors, two filter menus
    with django_assert_num_queries(9):
        client.get(reverse("ventures:list"))
    for _ in range(17):
        VentureFactory(sectors=sectors)
    with django_assert_num_queries(9):
        client.get(reverse("ventures:list"))


def test_a_profile_shows_its_facts_in_the_readers_language(client_for: ClientFor) -> None:
    venture = VentureFactory(
        description_zh="深圳鲜花",
        description_en="Shenzhen flowers",
        team_size=14,
        website="https://bloom.example.cn",
    )
    venture.markets.set([Region.objects.get(code="hong-kong")])
    FundingRoundFactory(venture=venture, title="Seed 2026")
    client = client_for(make_actor(kind=OrganizationKind.INVESTOR))
    response = client.get(reverse("ventures:detail", args=[venture.pk]))
    text = response.content.decode()
    for fact in ("Flowers and gifts", "Online shop", "Hong Kong", "Shenzhen, Nanshan", "Seed 2026"):
        assert fact in text
    assert '<div lang="en" class="description"><p>Shenzhen flowers</p></div>' in text
    assert '<div lang="zh-hans"><p>深圳鲜花</p></div>' in text
    assert "3,000,000.00&nbsp;CNY" in text


def test_a_profile_in_russian_groups_thousands_the_russian_way(client_for: ClientFor) -> None:
    venture = VentureFactory()
    FundingRoundFactory(venture=venture)
    client = client_for(make_actor(kind=OrganizationKind.INVESTOR))
    text = client.get(
        reverse("ventures:detail", args=[venture.pk]), headers={"accept-language": "ru"}
    ).content.decode()
    assert "3\xa0000\xa0000,00&nbsp;CNY" in text


def test_outsiders_see_no_drafts_and_no_edit_button(client_for: ClientFor) -> None:
    venture = VentureFactory()
    FundingRoundFactory(venture=venture, title="Secret bridge", status=RoundStatus.DRAFT)
    client = client_for(make_actor(kind=OrganizationKind.INVESTOR))
    text = client.get(reverse("ventures:detail", args=[venture.pk])).content.decode()
    assert "Secret bridge" not in text
    assert reverse("ventures:edit", args=[venture.pk]) not in text


@pytest.mark.parametrize(("role", "can_edit"), [(Role.MEMBER, True), (Role.VIEWER, False)])
def test_the_edit_button_shows_for_members_not_viewers(
    client_for: ClientFor, role: str, can_edit: bool
) -> None:
    venture = VentureFactory()
    FundingRoundFactory(venture=venture, title="Our draft", status=RoundStatus.DRAFT)
    text = (
        client_for(member_of(venture.organization, role))
        .get(reverse("ventures:detail", args=[venture.pk]))
        .content.decode()
    )
    assert (reverse("ventures:edit", args=[venture.pk]) in text) is can_edit
    assert "Our draft" in text
    assert "Profile completeness" in text


def test_a_private_profile_is_404_for_other_organizations(client_for: ClientFor) -> None:
    venture = VentureFactory(is_public=False)
    response = client_for(make_actor()).get(reverse("ventures:detail", args=[venture.pk]))
    assert response.status_code == 404


def test_mine_leads_to_the_own_profile_or_to_creating_it(client_for: ClientFor) -> None:
    venture = VentureFactory()
    response = client_for(member_of(venture.organization)).get(reverse("ventures:mine"))
    assert response["Location"] == reverse("ventures:detail", args=[venture.pk])
    response = client_for(make_actor(role=Role.MEMBER)).get(reverse("ventures:mine"))
    assert response["Location"] == reverse("ventures:create")


def test_mine_tells_a_viewer_that_there_is_no_profile_yet(client_for: ClientFor) -> None:
    response = client_for(make_actor(role=Role.VIEWER)).get(reverse("ventures:mine"))
    assert response.status_code == 200
    assert "No venture profile yet" in response.content.decode()


def test_mine_is_404_for_an_investor(client_for: ClientFor) -> None:
    investor = make_actor(kind=OrganizationKind.INVESTOR)
    assert client_for(investor).get(reverse("ventures:mine")).status_code == 404


def test_a_member_creates_the_profile(client_for: ClientFor) -> None:
    actor = make_actor(role=Role.MEMBER)
    client = client_for(actor)
    assert client.get(reverse("ventures:create")).status_code == 200
    response = client.post(reverse("ventures:create"), profile_post())
    venture = Venture.objects.get(organization=actor.organization)
    assert response["Location"] == reverse("ventures:detail", args=[venture.pk])
    assert [s.code for s in venture.sectors.all()] == ["phones-digital"]
    assert venture.district == "longhua"


def test_the_create_form_lists_sectors_in_the_readers_language(client_for: ClientFor) -> None:
    client = client_for(make_actor())
    assert "Flowers and gifts" in client.get(reverse("ventures:create")).content.decode()
    zh = client.get(reverse("ventures:create"), headers={"accept-language": "zh-hans"})
    assert "鲜花礼品" in zh.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"sectors": []}, "sectors", "Choose at least one sector."),
        ({"founded_on": "2999-01-01"}, "founded_on", "The founding date cannot be in the future."),
        ({"city": "guangzhou", "district": "futian"}, "district", "Districts are listed for"),
    ],
)
def test_create_shows_errors_next_to_their_fields(
    client_for: ClientFor, overrides: dict[str, Any], field: str, message: str
) -> None:
    if overrides.get("city") == "guangzhou":
        overrides["city"] = Region.objects.get(code="guangzhou").pk
    response = client_for(make_actor()).post(reverse("ventures:create"), profile_post(**overrides))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert "Please correct the errors below." in response.content.decode()
    assert not Venture.objects.exists()


def test_create_sends_an_organization_with_a_profile_to_edit_it(client_for: ClientFor) -> None:
    venture = VentureFactory()
    response = client_for(member_of(venture.organization)).get(reverse("ventures:create"))
    assert response["Location"] == reverse("ventures:edit", args=[venture.pk])


@pytest.mark.parametrize(
    ("kind", "role"),
    [(OrganizationKind.VENTURE, Role.VIEWER), (OrganizationKind.INVESTOR, Role.OWNER)],
)
def test_viewers_and_other_kinds_cannot_create_a_profile(
    client_for: ClientFor, kind: str, role: str
) -> None:
    client = client_for(make_actor(kind=kind, role=role))
    assert client.get(reverse("ventures:create")).status_code == 404
    assert client.post(reverse("ventures:create"), profile_post()).status_code == 404
    assert not Venture.objects.exists()


def test_a_member_edits_the_profile(client_for: ClientFor) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.ADMIN))
    assert client.get(reverse("ventures:edit", args=[venture.pk])).status_code == 200
    response = client.post(
        reverse("ventures:edit", args=[venture.pk]), profile_post(tagline="New tagline")
    )
    assert response.status_code == 302
    venture.refresh_from_db()
    assert venture.tagline == "New tagline"
    assert [m.code for m in venture.markets.all()] == ["russia-cis"]


def test_a_viewer_gets_404_on_edit_and_nothing_changes(client_for: ClientFor) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.VIEWER))
    assert client.get(reverse("ventures:edit", args=[venture.pk])).status_code == 404
    response = client.post(reverse("ventures:edit", args=[venture.pk]), profile_post(tagline="X"))
    assert response.status_code == 404
    venture.refresh_from_db()
    assert venture.tagline != "X"


def test_another_organization_gets_404_on_edit(client_for: ClientFor) -> None:
    venture = VentureFactory()
    client = client_for(make_actor(role=Role.OWNER))
    response = client.post(reverse("ventures:edit", args=[venture.pk]), profile_post(tagline="X"))
    assert response.status_code == 404
