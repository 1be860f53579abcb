"""Platform operators find ventures and rounds in the admin by filter and search."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runway.orgs.tests.factories import OrganizationFactory, UserFactory
from runway.taxonomy.models import Sector
from runway.ventures.models import RoundStatus
from runway.ventures.tests.factories import FundingRoundFactory, VentureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_venture_changelist_searches_by_name_and_filters_by_sector(
    admin_client: Client,
) -> None:
    VentureFactory(organization=OrganizationFactory(name="Bloom Express"))
    VentureFactory(organization=OrganizationFactory(name="Chip Depot"), is_public=False)
    url = reverse("admin:ventures_venture_changelist")
    found = admin_client.get(url, {"q": "bloom"}).context["cl"].result_list
    assert [v.name for v in found] == ["Bloom Express"]
    private = admin_client.get(url, {"is_public__exact": "0"}).context["cl"].result_list
    assert [v.name for v in private] == ["Chip Depot"]
    finance = Sector.objects.get(code="finance")
    VentureFactory(organization=OrganizationFactory(name="Ledger"), sectors=[finance])
    by_sector = admin_client.get(url, {"sectors__id__exact": finance.pk}).context["cl"]
    assert [v.name for v in by_sector.result_list] == ["Ledger"]


def test_the_venture_change_page_shows_its_rounds(admin_client: Client) -> None:
    venture = VentureFactory()
    FundingRoundFactory(venture=venture, title="Seed in the admin")
    response = admin_client.get(reverse("admin:ventures_venture_change", args=[venture.pk]))
    assert "Seed in the admin" in response.content.decode()


def test_the_round_changelist_filters_by_status_and_shows_money(admin_client: Client) -> None:
    FundingRoundFactory(title="Open one")
    FundingRoundFactory(title="Draft one", status=RoundStatus.DRAFT)
    url = reverse("admin:ventures_fundinground_changelist")
    response = admin_client.get(url, {"status__exact": "draft"})
    assert [r.title for r in response.context["cl"].result_list] == ["Draft one"]
    assert "3,000,000.00 CNY" in response.content.decode()
    assert admin_client.get(url, {"q": "open"}).context["cl"].result_count == 1
