"""Funding round pages end to end: lists, creating, the lifecycle, and who gets 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from runway.orgs.access import Actor
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory, make_actor
from runway.taxonomy.models import Instrument, Sector
from runway.ventures.models import FundingRound, RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory, member_of

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Actor], Client]


def round_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Pre-A for the Moscow warehouse",
        "instrument": Instrument.objects.get(code="equity").pk,
        "currency": "CNY",
        "target_amount": "5000000",
        "min_ticket": "250000",
        "pre_money_valuation": "",
        "terms": "",
        "use_of_funds": "Inventory",
        "opens_on": "2026-12-01",
        "closes_on": "2027-03-31",
        "status": "draft",
    }
    return data | overrides


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("ventures:round_list", []),
        ("ventures:round_create", []),
        ("ventures:round_detail", [1]),
        ("ventures:round_edit", [1]),
    ],
)
def test_visitors_are_sent_to_sign_in(client: Client, name: str, args: list[int]) -> None:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_venture_lists_its_own_rounds_in_every_status(client_for: ClientFor) -> None:
    venture = VentureFactory()
    for status in RoundStatus.values:
        FundingRoundFactory(venture=venture, status=status, title=f"Ours {status}")
    FundingRoundFactory(title="Theirs open")
    response = client_for(member_of(venture.organization, Role.VIEWER)).get(
        reverse("ventures:round_list")
    )
    text = response.content.decode()
    assert {r.title for r in response.context["page"]} == {f"Ours {s}" for s in RoundStatus.values}
    assert "Theirs open" not in text
    assert reverse("ventures:round_create") not in text  # a viewer creates nothing


def test_a_venture_without_profile_is_sent_to_its_profile_first(client_for: ClientFor) -> None:
    response = client_for(make_actor()).get(reverse("ventures:round_list"))
    assert response["Location"] == reverse("ventures:mine")


@pytest.mark.parametrize(
    "kind", [OrganizationKind.INVESTOR, OrganizationKind.INTERMEDIARY, OrganizationKind.GOVERNMENT]
)
def test_others_list_open_rounds_of_public_profiles_only(client_for: ClientFor, kind: str) -> None:
    FundingRoundFactory(title="Open public")
    FundingRoundFactory(title="Closed public", status=RoundStatus.CLOSED)
    FundingRoundFactory(title="Draft public", status=RoundStatus.DRAFT)
    FundingRoundFactory(title="Open private", venture=VentureFactory(is_public=False))
    response = client_for(make_actor(kind=kind)).get(reverse("ventures:round_list"))
    assert [r.title for r in response.context["page"]] == ["Open public"]
    text = response.content.decode()
    assert "Draft public" not in text
    assert "Open private" not in text


def test_open_rounds_filter_by_instrument_and_sector(client_for: ClientFor) -> None:
    FundingRoundFactory(title="Equity flowers")
    FundingRoundFactory(
        title="RBF finance",
        instrument=Instrument.objects.get(code="revenue-based"),
        venture=VentureFactory(sectors=[Sector.objects.get(code="finance")]),
    )
    client = client_for(make_actor(kind=OrganizationKind.INVESTOR))
    by_instrument = client.get(reverse("ventures:round_list"), {"instrument": "revenue-based"})
    assert [r.title for r in by_instrument.context["page"]] == ["RBF finance"]
    by_sector = client.get(reverse("ventures:round_list"), {"sector": "flowers-gifts"})
    assert [r.title for r in by_sector.context["page"]] == ["Equity flowers"]


def test_open_rounds_cost_the_same_queries_for_2_or_12_rounds(
    client_for: ClientFor, django_assert_num_queries: Callable[..., Any]
) -> None:
    client = client_for(make_actor(kind=OrganizationKind.INVESTOR))
    for _ in range(2):
        FundingRoundFactory(
            venture=VentureFactory(organization=OrganizationFactory(is_verified=True))
        )
    client.get(reverse("ventures:round_list"))
    # session, user, actor, memberships, count, page, sectors, two filter menus
    with django_assert_num_queries(9):
        client.get(reverse("ventures:round_list"))
    for _ in range(10):
        FundingRoundFactory()
    with django_assert_num_queries(9):
        client.get(reverse("ventures:round_list"))


def test_money_shows_with_currency_and_thousands_separators(client_for: ClientFor) -> None:
    funding_round = FundingRoundFactory(currency="USD", pre_money_valuation="12500000")
    text = (
        client_for(make_actor(kind=OrganizationKind.INVESTOR))
        .get(reverse("ventures:round_detail", args=[funding_round.pk]))
        .content.decode()
    )
    assert "3,000,000.00&nbsp;USD" in text
    assert "200,000.00&nbsp;USD" in text
    assert "12,500,000.00&nbsp;USD" in text


def test_money_in_chinese_groups_thousands_with_commas(client_for: ClientFor) -> None:
    funding_round = FundingRoundFactory()
    text = (
        client_for(make_actor(kind=OrganizationKind.INVESTOR))
        .get(
            reverse("ventures:round_detail", args=[funding_round.pk]),
            headers={"accept-language": "zh-hans"},
        )
        .content.decode()
    )
    assert "3,000,000.00&nbsp;CNY" in text


def test_a_member_creates_a_draft_round(client_for: ClientFor) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    assert client.get(reverse("ventures:round_create")).status_code == 200
    response = client.post(reverse("ventures:round_create"), round_post())
    funding_round = FundingRound.objects.get(venture=venture)
    assert response["Location"] == reverse("ventures:round_detail", args=[funding_round.pk])
    assert funding_round.status == RoundStatus.DRAFT


def test_the_create_form_offers_only_draft_or_open(client_for: ClientFor) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization))
    response = client.post(reverse("ventures:round_create"), round_post(status="closed"))
    assert "status" in response.context["form"].errors
    assert not FundingRound.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"target_amount": "0"}, "target_amount", "The target must be more than zero."),
        ({"min_ticket": "6000000"}, "min_ticket", "cannot be larger than the target"),
        ({"closes_on": "2026-11-01"}, "closes_on", "cannot close before it opens"),
        ({"pre_money_valuation": "-1"}, "pre_money_valuation", "must be more than zero"),
    ],
)
def test_round_errors_show_next_to_their_fields(
    client_for: ClientFor, overrides: dict[str, Any], field: str, message: str
) -> None:
    venture = VentureFactory()
    response = client_for(member_of(venture.organization)).post(
        reverse("ventures:round_create"), round_post(**overrides)
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not FundingRound.objects.exists()


def test_a_venture_without_profile_is_sent_to_create_it_before_a_round(
    client_for: ClientFor,
) -> None:
    response = client_for(make_actor()).get(reverse("ventures:round_create"))
    assert response["Location"] == reverse("ventures:create")


@pytest.mark.parametrize(
    ("kind", "role"),
    [(OrganizationKind.VENTURE, Role.VIEWER), (OrganizationKind.INVESTOR, Role.OWNER)],
)
def test_viewers_and_other_kinds_cannot_create_rounds(
    client_for: ClientFor, kind: str, role: str
) -> None:
    actor = make_actor(kind=kind, role=role)
    VentureFactory(organization=actor.organization)
    response = client_for(actor).post(reverse("ventures:round_create"), round_post())
    assert response.status_code == 404
    assert not FundingRound.objects.exists()


@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.CANCELLED])
def test_unpublished_rounds_are_404_for_other_organizations(
    client_for: ClientFor, status: str
) -> None:
    funding_round = FundingRoundFactory(status=status)
    client = client_for(make_actor(kind=OrganizationKind.INVESTOR))
    assert client.get(reverse("ventures:round_detail", args=[funding_round.pk])).status_code == 404


@pytest.mark.parametrize(
    ("make", "editable"),
    [
        (lambda r: member_of(r.venture.organization, Role.MEMBER), True),
        (lambda r: member_of(r.venture.organization, Role.VIEWER), False),
        (lambda r: make_actor(kind=OrganizationKind.INVESTOR, role=Role.OWNER), False),
    ],
)
def test_the_edit_and_status_buttons_show_only_to_members_and_up(
    client_for: ClientFor, make: Callable[[FundingRound], Actor], editable: bool
) -> None:
    funding_round = FundingRoundFactory(status=RoundStatus.OPEN)
    text = (
        client_for(make(funding_round))
        .get(reverse("ventures:round_detail", args=[funding_round.pk]))
        .content.decode()
    )
    assert (reverse("ventures:round_edit", args=[funding_round.pk]) in text) is editable
    assert (reverse("ventures:round_status", args=[funding_round.pk]) in text) is editable


def test_a_member_opens_a_draft_through_the_edit_form(client_for: ClientFor) -> None:
    funding_round = FundingRoundFactory(status=RoundStatus.DRAFT)
    client = client_for(member_of(funding_round.venture.organization))
    form = client.get(reverse("ventures:round_edit", args=[funding_round.pk])).context["form"]
    assert [value for value, _label in form.fields["status"].choices] == [
        "draft",
        "open",
        "cancelled",
    ]
    response = client.post(
        reverse("ventures:round_edit", args=[funding_round.pk]),
        round_post(status="open", title="Seed, now open"),
    )
    assert response.status_code == 302
    funding_round.refresh_from_db()
    assert (funding_round.status, funding_round.title) == (RoundStatus.OPEN, "Seed, now open")


def test_the_edit_form_does_not_offer_skipping_to_closed(client_for: ClientFor) -> None:
    funding_round = FundingRoundFactory(status=RoundStatus.DRAFT)
    response = client_for(member_of(funding_round.venture.organization)).post(
        reverse("ventures:round_edit", args=[funding_round.pk]), round_post(status="closed")
    )
    assert "status" in response.context["form"].errors
    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.DRAFT


def test_a_closed_round_cannot_be_edited(client_for: ClientFor) -> None:
    funding_round = FundingRoundFactory(status=RoundStatus.CLOSED)
    client = client_for(member_of(funding_round.venture.organization))
    response = client.post(
        reverse("ventures:round_edit", args=[funding_round.pk]), round_post(title="Renamed")
    )
    assert response["Location"] == reverse("ventures:round_detail", args=[funding_round.pk])
    funding_round.refresh_from_db()
    assert funding_round.title == "Seed round"


@pytest.mark.parametrize(
    "make",
    [
        lambda r: member_of(r.venture.organization, Role.VIEWER),
        lambda r: make_actor(kind=OrganizationKind.INVESTOR, role=Role.OWNER),
        lambda r: make_actor(kind=OrganizationKind.VENTURE, role=Role.OWNER),
    ],
)
def test_viewers_and_outsiders_get_404_posting_edits_or_status(
    client_for: ClientFor, make: Callable[[FundingRound], Actor]
) -> None:
    funding_round = FundingRoundFactory(status=RoundStatus.OPEN)
    client = client_for(make(funding_round))
    edit = reverse("ventures:round_edit", args=[funding_round.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, round_post(status="open", title="X")).status_code == 404
    status = reverse("ventures:round_status", args=[funding_round.pk])
    assert client.post(status, {"status": "closed"}).status_code == 404
    funding_round.refresh_from_db()
    assert (funding_round.status, funding_round.title) == (RoundStatus.OPEN, "Seed round")


def test_the_status_buttons_move_a_round_along_its_lifecycle(client_for: ClientFor) -> None:
    funding_round = FundingRoundFactory(status=RoundStatus.DRAFT)
    client = client_for(member_of(funding_round.venture.organization))
    url = reverse("ventures:round_status", args=[funding_round.pk])
    client.post(url, {"status": "open"})
    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.OPEN
    response = client.post(url, {"status": "draft"}, follow=True)
    assert "cannot become" in response.content.decode()
    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.OPEN
    assert client.get(url).status_code == 405
