"""Platform operators find mandates in the admin by filter and search."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runway.investors.tests.factories import MandateFactory
from runway.orgs.tests.factories import OrganizationFactory, UserFactory
from runway.taxonomy.models import Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_mandates_are_found_by_investor_name_and_filtered_by_sector(admin_client: Client) -> None:
    MandateFactory(organization=OrganizationFactory(name="Pearl River Capital", kind="investor"))
    finance = Sector.objects.get(code="finance")
    MandateFactory(title="Fintech").sectors.set([finance])
    url = reverse("admin:investors_mandate_changelist")
    response = admin_client.get(url, {"q": "pearl"})
    assert response.context["cl"].result_count == 1
    assert "500,000.00–5,000,000.00 CNY" in response.content.decode()
    by_sector = admin_client.get(url, {"sectors__id__exact": finance.pk}).context["cl"]
    assert [m.title for m in by_sector.result_list] == ["Fintech"]


def test_the_mandate_change_page_opens(admin_client: Client) -> None:
    mandate = MandateFactory()
    response = admin_client.get(reverse("admin:investors_mandate_change", args=[mandate.pk]))
    assert response.status_code == 200
