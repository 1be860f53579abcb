"""Traction pages end to end: job progress and problems, the traction page, downloads, access.

Uploading, previewing and mapping are in test_import_views.py."""

from __future__ import annotations

import csv
import io
from typing import Any

import polars as pl
import pytest
from django.test import Client
from django.urls import reverse

from runway.metrics.models import ImportJob
from runway.metrics.services import import_job_create, import_job_run
from runway.metrics.tests.factories import BAD_ORDERS_CSV, ORDERS_CSV, upload
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db


def imported(venture: Venture, content: bytes = ORDERS_CSV) -> ImportJob:
    job = import_job_create(actor=None, venture=venture, upload=upload(content), enqueue=False)
    return import_job_run(job=job)


def test_a_running_job_polls_its_status(client_for: Any) -> None:
    venture = VentureFactory()
    job = import_job_create(actor=None, venture=venture, upload=upload(), enqueue=False)
    client = client_for(member_of(venture.organization, Role.VIEWER))
    page = client.get(reverse("metrics:job", args=[job.pk]))
    assert b'hx-trigger="every 1s"' in page.content
    fragment = client.get(
        reverse("metrics:job_status", args=[job.pk]), headers={"hx-request": "true"}
    )
    assert fragment.status_code == 200
    assert b'id="job-status"' in fragment.content
    assert b"<html" not in fragment.content
    assert b'value="0"' in fragment.content


def test_rejected_job_lists_its_problems_and_offers_them_as_csv(client_for: Any) -> None:
    venture = VentureFactory()
    job = imported(venture, BAD_ORDERS_CSV)
    client = client_for(member_of(venture.organization, Role.VIEWER))
    page = client.get(reverse("metrics:job", args=[job.pk]))
    assert b"Nothing was imported." in page.content
    assert b"The amount is not a number." in page.content
    assert b"ten yuan" in page.content
    download = client.get(reverse("metrics:job_problems", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows == [["row", "column", "value", "reason", "warning"],
                    ["5", "amount", "ten yuan", "unparseable_amount", "False"]]  # fmt: skip


def test_traction_page_shows_figures_charts_and_verification(client_for: Any) -> None:
    venture = VentureFactory()
    imported(venture)
    client = client_for(member_of(venture.organization, Role.VIEWER))
    mine = client.get(reverse("metrics:mine"))
    assert mine["Location"] == reverse("metrics:traction", args=[venture.pk])
    page = client.get(mine["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="traction-data"' in body
    assert "echarts.min.js" in body
    assert "Imported from an export" in body
    assert "2025-01" in body
    assert "150.50" in body
    assert page.context["chart_data"]["gmv"] == [150.5, 30.25, 10.0]
    assert page.context["chart_data"]["cohort_cells"] == [[0, 0, 1.0], [1, 0, 0.5], [0, 1, 1.0]]
    assert "Import orders" not in body  # a viewer does not import


def test_traction_page_without_figures_invites_an_import(client_for: Any) -> None:
    venture = VentureFactory()
    page = client_for(member_of(venture.organization, Role.OWNER)).get(
        reverse("metrics:traction", args=[venture.pk])
    )
    assert b"No monthly figures yet." in page.content
    assert b"Import orders" in page.content
    assert b"traction-data" not in page.content


def test_kpi_csv_download_has_one_row_per_month(client_for: Any) -> None:
    venture = VentureFactory()
    imported(venture)
    client = client_for(member_of(venture.organization, Role.VIEWER))
    response = client.get(reverse("metrics:kpis_csv", args=[venture.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["month"], r["gmv"], r["orders"], r["verification"]) for r in rows] == [
        ("2025-01", "150.50", "2", "imported"),
        ("2025-02", "30.25", "1", "imported"),
        ("2025-03", "10.00", "1", "imported"),
    ]


def test_kpi_excel_download_has_one_row_per_month(client_for: Any) -> None:
    venture = VentureFactory()
    imported(venture)
    client = client_for(member_of(venture.organization, Role.VIEWER))
    response = client.get(reverse("metrics:kpis_xlsx", args=[venture.pk]))
    sheet = pl.read_excel(io.BytesIO(response.content), sheet_name="KPIs")
    assert sheet.columns[:6] == ["month", "currency", "verification", "days", "complete", "gmv"]
    assert sheet.select("month", "gmv").rows() == [
        ("2025-01", 150.5), ("2025-02", 30.25), ("2025-03", 10.0)
    ]  # fmt: skip


def urls_of(venture: Venture, job: ImportJob) -> list[str]:
    return [
        reverse("metrics:traction", args=[venture.pk]),
        reverse("metrics:kpis_csv", args=[venture.pk]),
        reverse("metrics:kpis_xlsx", args=[venture.pk]),
        reverse("metrics:import_create", args=[venture.pk]),
        reverse("metrics:traffic_create", args=[venture.pk]),
        reverse("metrics:figures_create", args=[venture.pk]),
        reverse("metrics:job", args=[job.pk]),
        reverse("metrics:job_preview", args=[job.pk]),
        reverse("metrics:job_status", args=[job.pk]),
        reverse("metrics:job_problems", args=[job.pk]),
    ]


@pytest.mark.parametrize("kind", [OrganizationKind.VENTURE, OrganizationKind.INVESTOR])
def test_another_organization_gets_404_everywhere(client_for: Any, kind: str) -> None:
    venture = VentureFactory(is_public=True)
    job = imported(venture)
    client = client_for(make_actor(kind=kind, role=Role.OWNER))
    for url in urls_of(venture, job):
        assert client.get(url).status_code == 404, url


def test_viewer_may_not_upload(client_for: Any) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.VIEWER))
    url = reverse("metrics:import_create", args=[venture.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"file": upload(), "time_zone": "Asia/Shanghai", "currency": "CNY"})
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_platform_staff_read_a_private_ventures_traction(client_for: Any) -> None:
    venture = VentureFactory(is_public=False)
    imported(venture)
    client = client_for(make_actor(kind=OrganizationKind.PLATFORM, role=Role.MEMBER))
    assert client.get(reverse("metrics:traction", args=[venture.pk])).status_code == 200
    assert client.get(reverse("metrics:import_create", args=[venture.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in() -> None:
    venture = VentureFactory()
    job = imported(venture)
    client = Client()
    for url in [*urls_of(venture, job), reverse("metrics:mine")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_nav_links_venture_members_to_traction(client_for: Any) -> None:
    venture = VentureFactory()
    page = client_for(member_of(venture.organization, Role.VIEWER)).get(reverse("dashboard:home"))
    assert reverse("metrics:mine").encode() in page.content
    investor = client_for(make_actor(kind=OrganizationKind.INVESTOR))
    assert reverse("metrics:mine").encode() not in investor.get(reverse("dashboard:home")).content
