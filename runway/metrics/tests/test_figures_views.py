"""Pages for typed-in months, traffic uploads and finance snapshots, and the verification shown
on the traction page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from runway.metrics.figures import kpi_push_connected, kpi_self_report
from runway.metrics.finance import finance_snapshot_save
from runway.metrics.models import FinanceSnapshot, ImportJob, JobStatus, MonthlyKPI
from runway.metrics.services import import_job_create, import_job_run
from runway.metrics.tests.factories import ORDERS_CSV, TRAFFIC_CSV, figures, upload
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db

MONTH = {
    "month": "2024-06", "currency": "CNY", "gmv": "10000.00", "refunds": "500", "orders": "80",
    "cancelled_orders": "", "buyers": "60", "new_buyers": "20", "visits": "", "page_views": "",
}  # fmt: skip
SNAPSHOT = {"as_of": "2025-01-31", "currency": "CNY", "cash": "900000.00", "monthly_burn": "100000"}


def with_three_levels(venture: Venture) -> None:
    job = import_job_create(actor=None, venture=venture, upload=upload(ORDERS_CSV), enqueue=False)
    import_job_run(job=job)
    actor = member_of(venture.organization, Role.MEMBER)
    kpi_self_report(
        actor=actor, venture=venture, figures=figures(dt.date(2024, 6, 1)), currency="CNY"
    )
    kpi_push_connected(
        actor=actor, venture=venture, currency="CNY", months=[figures(dt.date(2025, 4, 1))]
    )


def test_a_member_types_in_a_month_and_sees_it_marked_self_reported(client_for: Any) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    url = reverse("metrics:figures_create", args=[venture.pk])
    assert 'type="month"' in client.get(url).content.decode()
    response = client.post(url, MONTH, follow=True)
    assert response.redirect_chain[-1][0] == reverse("metrics:traction", args=[venture.pk])
    body = response.content.decode()
    assert "The figures of 2024-06 are saved as self-reported." in body
    assert 'verification verification-self_reported" title="Self-reported"' in body
    kpi = MonthlyKPI.objects.get(venture=venture)
    assert (kpi.gmv, kpi.refunds, kpi.cancelled_orders) == (Decimal("10000.00"), 500, 0)


def test_typing_over_an_imported_month_says_why_next_to_the_month(client_for: Any) -> None:
    venture = VentureFactory()
    job = import_job_create(actor=None, venture=venture, upload=upload(ORDERS_CSV), enqueue=False)
    import_job_run(job=job)
    client = client_for(member_of(venture.organization, Role.MEMBER))
    page = client.post(
        reverse("metrics:figures_create", args=[venture.pk]), {**MONTH, "month": "2025-01"}
    )
    assert page.status_code == 200
    errors = page.context["form"].errors["month"]
    assert "2025-01 already has figures imported from an order export" in errors[0]
    assert MonthlyKPI.objects.get(month=dt.date(2025, 1, 1)).verification == "imported"


def test_the_traction_page_marks_every_month_and_the_chart_legend_by_level(
    client_for: Any,
) -> None:
    venture = VentureFactory()
    with_three_levels(venture)
    page = client_for(member_of(venture.organization, Role.VIEWER)).get(
        reverse("metrics:traction", args=[venture.pk])
    )
    body = page.content.decode()
    rows = body.split('<table class="striped" id="kpi-table">')[1].split("</table>")[0]
    assert rows.count('<mark class="verification verification-') == 5  # one badge per month
    assert rows.count("verification-connected") == 1
    assert rows.count("verification-self_reported") == 1
    data = page.context["chart_data"]
    assert data["levels"] == ["self_reported", "imported", "connected"]
    assert data["gmv_by_level"]["connected"] == [None, None, None, None, 10000.0]
    assert data["gmv_by_level"]["self_reported"][0] == 10000.0
    labels = page.context["chart_labels"]["levels"]
    assert labels["connected"] == "GMV, pushed by the connected shop"
    assert "Enter monthly figures" not in body  # a viewer types nothing in


def test_a_member_uploads_traffic_and_sees_visits_and_conversion(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    venture = VentureFactory()
    job = import_job_create(actor=None, venture=venture, upload=upload(ORDERS_CSV), enqueue=False)
    import_job_run(job=job)
    client = client_for(member_of(venture.organization, Role.MEMBER))
    url = reverse("metrics:traffic_create", args=[venture.pk])
    assert b"data-dropzone" in client.get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"file": upload(TRAFFIC_CSV, "traffic.csv"), "time_zone": "Asia/Shanghai"}
        )
    traffic = ImportJob.objects.get(kind="traffic")
    assert response["Location"] == reverse("metrics:job", args=[traffic.pk])
    assert traffic.status == JobStatus.SUCCEEDED
    page = client.get(reverse("metrics:traction", args=[venture.pk])).content.decode()
    assert "<td>100</td>\n    <td>2.00%</td>" in page  # January: 2 orders over 100 visits


def test_a_member_saves_a_snapshot_through_htmx_and_sees_the_runway(client_for: Any) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    url = reverse("metrics:finance_create", args=[venture.pk])
    fragment = client.post(url, SNAPSHOT, headers={"hx-request": "true"})
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in body
    assert 'id="finance"' in body
    assert "9.0 months" in body
    assert "The finance snapshot is saved." in body
    assert FinanceSnapshot.objects.get(venture=venture).created_by is not None


def test_a_snapshot_without_htmx_redirects_and_errors_render_the_page(client_for: Any) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    url = reverse("metrics:finance_create", args=[venture.pk])
    saved = client.post(url, SNAPSHOT)
    assert saved["Location"] == reverse("metrics:traction", args=[venture.pk]) + "#finance"
    page = client.get(reverse("metrics:traction", args=[venture.pk])).content.decode()
    assert 'id="latest-runway"' in page
    assert "9.0 months" in page
    refused = client.post(url, {**SNAPSHOT, "cash": "-5"})
    assert refused.status_code == 200
    assert "finance_form" in refused.context
    assert refused.context["finance_form"].errors["cash"]
    assert FinanceSnapshot.objects.count() == 1


def test_a_viewer_reads_snapshots_but_has_no_form_and_cannot_post(client_for: Any) -> None:
    venture = VentureFactory()
    finance_snapshot_save(
        actor=member_of(venture.organization, Role.MEMBER),
        venture=venture,
        as_of=dt.date(2025, 1, 31),
        cash=Decimal("300.00"),
        monthly_burn=Decimal("100.00"),
        currency="CNY",
    )
    viewer = client_for(member_of(venture.organization, Role.VIEWER))
    page = viewer.get(reverse("metrics:traction", args=[venture.pk])).content.decode()
    assert "3.0 months" in page
    assert 'id="finance-form"' not in page
    response = viewer.post(reverse("metrics:finance_create", args=[venture.pk]), SNAPSHOT)
    assert response.status_code == 404
    assert viewer.get(reverse("metrics:figures_create", args=[venture.pk])).status_code == 404
    assert (
        viewer.post(reverse("metrics:figures_create", args=[venture.pk]), MONTH).status_code == 404
    )
    assert FinanceSnapshot.objects.count() == 1
    assert not MonthlyKPI.objects.exists()


def test_platform_staff_read_snapshots_but_do_not_write(client_for: Any) -> None:
    venture = VentureFactory(is_public=False)
    finance_snapshot_save(
        actor=member_of(venture.organization, Role.MEMBER),
        venture=venture,
        as_of=dt.date(2025, 1, 31),
        cash=Decimal("300.00"),
        monthly_burn=Decimal("0.00"),
        currency="CNY",
    )
    staff = client_for(make_actor(kind=OrganizationKind.PLATFORM, role=Role.OWNER))
    page = staff.get(reverse("metrics:traction", args=[venture.pk])).content.decode()
    assert "no burn" in page
    assert (
        staff.post(reverse("metrics:finance_create", args=[venture.pk]), SNAPSHOT).status_code
        == 404
    )


@pytest.mark.parametrize("kind", [OrganizationKind.VENTURE, OrganizationKind.INVESTOR])
def test_another_organization_can_neither_read_nor_write_figures(
    client_for: Any, kind: str
) -> None:
    venture = VentureFactory(is_public=True)
    stranger = client_for(make_actor(kind=kind, role=Role.OWNER))
    assert (
        stranger.post(reverse("metrics:finance_create", args=[venture.pk]), SNAPSHOT).status_code
        == 404
    )
    assert (
        stranger.post(reverse("metrics:figures_create", args=[venture.pk]), MONTH).status_code
        == 404
    )
    traffic = {"file": upload(TRAFFIC_CSV), "time_zone": "Asia/Shanghai"}
    assert (
        stranger.post(reverse("metrics:traffic_create", args=[venture.pk]), traffic).status_code
        == 404
    )
    assert not FinanceSnapshot.objects.exists()
    assert not MonthlyKPI.objects.exists()
    assert not ImportJob.objects.exists()
