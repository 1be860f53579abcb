"""Uploading an order export end to end: drop zone, draft, preview, mapping, confirm, progress."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from runway.metrics.models import ImportJob, JobStatus, MonthlyKPI
from runway.metrics.tests.factories import BAD_ORDERS_CSV, ORDERS_CSV, upload
from runway.orgs.models import OrganizationKind, Role
from runway.orgs.tests.factories import make_actor
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory, member_of

pytestmark = pytest.mark.django_db

UNKNOWN_HEADERS_CSV = (
    ORDERS_CSV.replace(b"order_id", b"Bestellung")
    .replace(b"ordered_at", b"Zeitpunkt")
    .replace(b"amount", b"Betrag")
    .replace(b"customer_id", b"Kunde")
)
FIELDS = ("order_id", "ordered_at", "customer_id", "amount", "currency", "quantity", "status",
          "refund_amount", "country", "channel", "sku", "price")  # fmt: skip


def upload_data(content: bytes = ORDERS_CSV, name: str = "orders.csv") -> dict[str, Any]:
    return {"file": upload(content, name), "time_zone": "Asia/Shanghai", "currency": "CNY"}


def mapping_data(action: str = "confirm", **chosen: str) -> dict[str, str]:
    return {"action": action, **dict.fromkeys(FIELDS, ""), **chosen}


def drafted(client: Any, venture: Venture, content: bytes = ORDERS_CSV) -> ImportJob:
    response = client.post(
        reverse("metrics:import_create", args=[venture.pk]), upload_data(content)
    )
    job = ImportJob.objects.get(venture=venture)
    assert response["Location"] == reverse("metrics:job_preview", args=[job.pk])
    return job


def test_the_upload_page_has_a_drop_zone_over_a_plain_file_input(client_for: Any) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    page = client.get(reverse("metrics:import_create", args=[venture.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "data-dropzone" in page
    assert 'type="file" name="file"' in page  # without JavaScript the input still works
    assert "metrics/upload.js" in page


def test_upload_previews_first_then_imports_only_on_confirm(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    job = drafted(client, venture)
    assert job.status == JobStatus.DRAFT
    preview = client.get(reverse("metrics:job_preview", args=[job.pk]))
    body = preview.content.decode()
    assert "<strong>generic</strong>" in body
    assert "A1" in body
    assert "100.50" in body
    assert "→ Order amount" in body
    assert not MonthlyKPI.objects.exists()  # nothing before the person confirms
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("metrics:job_preview", args=[job.pk]), mapping_data())
    assert response["Location"] == reverse("metrics:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.mapping) == (JobStatus.SUCCEEDED, {})
    page = client.get(response["Location"])
    assert b"4 rows imported" in page.content
    assert b"every 1s" not in page.content
    assert MonthlyKPI.objects.filter(venture=venture).count() == 3


def test_the_upload_form_shows_errors_next_to_fields(client_for: Any) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    data = {**upload_data(), "time_zone": "Mars/Base"}
    page = client.post(reverse("metrics:import_create", args=[venture.pk]), data)
    assert page.status_code == 200
    assert b"Please correct the errors below." in page.content
    assert b"Unknown time zone" in page.content
    assert not ImportJob.objects.exists()


def test_unknown_headers_are_mapped_and_each_missing_field_is_named(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    job = drafted(client, venture, UNKNOWN_HEADERS_CSV)
    url = reverse("metrics:job_preview", args=[job.pk])
    body = client.get(url).content.decode()
    assert "did not recognize the headers" in body
    assert "Bestellung" in body

    refused = client.post(url, mapping_data(order_id="Bestellung"))
    errors = refused.context["form"].errors
    assert set(errors) == {"ordered_at", "amount"}
    assert "“Order amount” is required" in errors["amount"][0]
    assert "“Order date and time” is required" in errors["ordered_at"][0]
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT
    assert not MonthlyKPI.objects.exists()

    chosen = {"order_id": "Bestellung", "ordered_at": "Zeitpunkt", "amount": "Betrag",
              "customer_id": "Kunde"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, mapping_data(**chosen))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.mapping) == (JobStatus.SUCCEEDED, chosen)
    assert MonthlyKPI.objects.filter(venture=venture).count() == 3


def test_checking_a_mapping_shows_it_in_the_preview_without_importing(client_for: Any) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    job = drafted(client, venture, UNKNOWN_HEADERS_CSV)
    page = client.post(
        reverse("metrics:job_preview", args=[job.pk]), mapping_data("check", amount="Betrag")
    )
    assert "Betrag<small>→ Order amount</small>" in page.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT


def test_a_file_that_is_no_table_is_rejected_at_upload(client_for: Any) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    response = client.post(
        reverse("metrics:import_create", args=[venture.pk]),
        upload_data(b"\x00\x01\x02binary\x00" * 20, "orders.bin"),
    )
    job = ImportJob.objects.get(venture=venture)
    assert response["Location"] == reverse("metrics:job", args=[job.pk])
    assert (job.status, job.rejection_reason) == (JobStatus.REJECTED, "not_a_table")
    page = client.get(response["Location"])
    assert b"Nothing was imported." in page.content
    assert not MonthlyKPI.objects.exists()


def test_a_confirmed_file_with_too_many_bad_rows_saves_no_kpis(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    job = drafted(client, venture, BAD_ORDERS_CSV)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("metrics:job_preview", args=[job.pk]), mapping_data())
    job.refresh_from_db()
    assert (job.status, job.rejection_reason) == (JobStatus.REJECTED, "too_many_bad_rows")
    assert not MonthlyKPI.objects.exists()


def test_confirming_twice_queues_the_job_once(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    job = drafted(client, venture)
    url = reverse("metrics:job_preview", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=False) as first:
        client.post(url, mapping_data())
    with django_capture_on_commit_callbacks(execute=False) as second:
        again = client.post(url, mapping_data())
    assert (len(first), len(second)) == (1, 0)
    assert again["Location"] == reverse("metrics:job", args=[job.pk])


def test_a_draft_can_be_discarded_with_its_file(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    job = drafted(client, venture)
    assert default_storage.exists(job.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("metrics:job_discard", args=[job.pk]))
    assert response["Location"] == reverse("metrics:traction", args=[venture.pk])
    assert not ImportJob.objects.exists()
    assert not default_storage.exists(job.file.name)


def test_the_same_file_again_leads_to_the_import_that_did_it(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    venture = VentureFactory()
    client = client_for(member_of(venture.organization, Role.MEMBER))
    job = drafted(client, venture)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("metrics:job_preview", args=[job.pk]), mapping_data())
    again = client.post(reverse("metrics:import_create", args=[venture.pk]), upload_data())
    assert again["Location"] == reverse("metrics:job", args=[job.pk])
    assert ImportJob.objects.count() == 1


def test_a_viewer_sees_a_draft_waiting_but_cannot_preview_confirm_or_discard(
    client_for: Any,
) -> None:
    venture = VentureFactory()
    job = drafted(client_for(member_of(venture.organization, Role.MEMBER)), venture)
    viewer = client_for(member_of(venture.organization, Role.VIEWER))
    page = viewer.get(reverse("metrics:job", args=[job.pk]))
    assert page.status_code == 200
    assert b"Awaiting confirmation" in page.content
    assert b"every 1s" not in page.content  # a draft does not move by itself
    url = reverse("metrics:job_preview", args=[job.pk])
    assert viewer.get(url).status_code == 404
    assert viewer.post(url, mapping_data()).status_code == 404
    assert viewer.post(reverse("metrics:job_discard", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT


@pytest.mark.parametrize("kind", [OrganizationKind.VENTURE, OrganizationKind.INVESTOR])
def test_another_organization_cannot_touch_a_draft(client_for: Any, kind: str) -> None:
    venture = VentureFactory()
    job = drafted(client_for(member_of(venture.organization, Role.MEMBER)), venture)
    stranger = client_for(make_actor(kind=kind, role=Role.OWNER))
    assert stranger.get(reverse("metrics:job_preview", args=[job.pk])).status_code == 404
    assert (
        stranger.post(reverse("metrics:job_preview", args=[job.pk]), mapping_data()).status_code
        == 404
    )
    assert stranger.post(reverse("metrics:job_discard", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT
