"""Platform operators maintain the vocabulary in the admin."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runway.orgs.tests.factories import UserFactory
from runway.taxonomy.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["sector", "stage", "region", "instrument"])
def test_each_kind_of_term_has_a_changelist(admin_client: Client, model: str) -> None:
    response = admin_client.get(reverse(f"admin:taxonomy_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize("search", ["flowers", "鲜花", "Цветы"])
def test_terms_are_found_by_any_of_their_names(admin_client: Client, search: str) -> None:
    response = admin_client.get(reverse("admin:taxonomy_sector_changelist"), {"q": search})
    assert [s.code for s in response.context["cl"].result_list] == ["flowers-gifts"]


def test_regions_filter_by_parent(admin_client: Client) -> None:
    parent = Region.objects.get(code="guangdong")
    response = admin_client.get(
        reverse("admin:taxonomy_region_changelist"), {"parent__id__exact": parent.pk}
    )
    codes = {r.code for r in response.context["cl"].result_list}
    assert codes == {"shenzhen", "guangzhou", "dongguan"}
