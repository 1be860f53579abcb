"""Each organization kind lands on a dashboard with its own real content."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from runway.investors.tests.factories import MandateFactory
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import UserFactory, make_actor
from runway.ventures.models import RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory

pytestmark = pytest.mark.django_db


def client_for(actor: Any) -> Client:
    client = Client()
    client.force_login(actor.user)
    return client


def test_visitor_sees_the_landing_page(client: Client) -> None:
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert reverse("accounts:signup") in response.content.decode()


def test_user_without_organization_is_asked_to_create_one(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.get(reverse("dashboard:home"))
    assert reverse("orgs:create") in response.content.decode()


def test_venture_without_profile_is_asked_to_create_it() -> None:
    actor = make_actor(kind=OrganizationKind.VENTURE)
    response = client_for(actor).get(reverse("dashboard:home"))
    assert reverse("ventures:create") in response.content.decode()


def test_venture_dashboard_shows_completeness_and_next_steps() -> None:
    actor = make_actor(kind=OrganizationKind.VENTURE)
    venture = VentureFactory(organization=actor.organization, website="")
    FundingRoundFactory(venture=venture, title="Bridge to Singles' Day", status=RoundStatus.DRAFT)
    response = client_for(actor).get(reverse("dashboard:home"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.context["completeness"].percent < 100
    assert "Add your website" in body
    assert "Bridge to Singles&#x27; Day" in body


def test_investor_dashboard_lists_its_mandates_and_visible_open_rounds() -> None:
    actor = make_actor(kind=OrganizationKind.INVESTOR, category="vc")
    MandateFactory(organization=actor.organization, title="Cross-border seed")
    MandateFactory(title="Someone else's mandate")
    FundingRoundFactory(title="Open public round")
    FundingRoundFactory(title="Secret draft", status=RoundStatus.DRAFT)
    FundingRoundFactory(title="Private venture round", venture=VentureFactory(is_public=False))
    body = client_for(actor).get(reverse("dashboard:home")).content.decode()
    assert "Cross-border seed" in body
    assert "Someone else" not in body
    assert "Open public round" in body
    assert "Secret draft" not in body
    assert "Private venture round" not in body


@pytest.mark.parametrize("kind", [OrganizationKind.INTERMEDIARY, OrganizationKind.GOVERNMENT])
def test_ecosystem_dashboards_show_the_field(kind: str) -> None:
    actor = make_actor(kind=kind)
    FundingRoundFactory(title="Flower network expansion")
    response = client_for(actor).get(reverse("dashboard:home"))
    assert response.context["venture_count"] == 1
    assert "Flower network expansion" in response.content.decode()


def test_platform_dashboard_counts_organizations_awaiting_verification() -> None:
    actor = make_actor(kind=OrganizationKind.PLATFORM, role=Role.ADMIN)
    make_actor(kind=OrganizationKind.VENTURE)
    response = client_for(actor).get(reverse("dashboard:home"))
    assert response.context["counts"]["unverified"] == 1
