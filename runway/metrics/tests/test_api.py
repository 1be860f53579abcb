"""The traction API end to end: upload an export, poll the job, read monthly KPIs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from runway.api.tests.factories import make_token
from runway.metrics.models import ImportJob, JobStatus
from runway.metrics.services import import_job_create, import_job_run
from runway.metrics.tests.factories import BAD_ORDERS_CSV, ORDERS_CSV, upload
from runway.orgs.models import OrganizationKind, Role
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("runway.metrics.tests.api_urls")]


class Caller:
    def __init__(self, key: str) -> None:
        self.client = Client(headers={"accept-language": "en", "authorization": f"Bearer {key}"})

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1/metrics{path}")

    def upload(
        self, venture: Venture, content: bytes = ORDERS_CSV, fields: dict[str, str] | None = None
    ) -> Any:
        data = {"file": upload(content), **(fields or {})}
        return self.client.post(f"/api/v1/metrics/ventures/{venture.pk}/imports", data)


def caller_for(venture: Venture | None = None, role: str = Role.MEMBER, **kind: str) -> Caller:
    organization = venture.organization if venture else None
    _token, key = make_token(organization=organization, role=role, **kind)
    return Caller(key)


def imported(venture: Venture, content: bytes = ORDERS_CSV) -> ImportJob:
    job = import_job_create(actor=None, venture=venture, upload=upload(content), enqueue=False)
    return import_job_run(job=job)


def test_upload_then_poll_then_read_kpis(django_capture_on_commit_callbacks: Any) -> None:
    venture = VentureFactory()
    caller = caller_for(venture)
    with django_capture_on_commit_callbacks(execute=True):
        response = caller.upload(
            venture, fields={"mapping": '{"customer_id": "customer_id"}', "currency": "EUR"}
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued"
    job = caller.get(f"/imports/{body['id']}").json()
    assert (job["status"], job["progress"], job["rows"], job["currency"]) == (
        "succeeded", 100, 4, "EUR"
    )  # fmt: skip
    kpis = caller.get(f"/ventures/{venture.pk}/kpis").json()
    assert [(k["month"], k["gmv"], k["orders"], k["verification"]) for k in kpis] == [
        ("2025-01-01", "150.50", 2, "imported"),
        ("2025-02-01", "30.25", 1, "imported"),
        ("2025-03-01", "10.00", 1, "imported"),
    ]
    assert kpis[1]["repeat_buyer_rate"] == "1.000000"


def test_the_same_content_again_answers_the_import_that_did_it() -> None:
    venture = VentureFactory()
    job = imported(venture)
    response = caller_for(venture).upload(venture)
    assert response.status_code == 200
    assert response.json()["id"] == job.pk


def test_a_rejected_job_lists_its_problems() -> None:
    venture = VentureFactory()
    job = imported(venture, BAD_ORDERS_CSV)
    body = caller_for(venture, Role.VIEWER).get(f"/imports/{job.pk}").json()
    assert body["status"] == JobStatus.REJECTED
    assert body["rejection_reason"] == "too_many_bad_rows"
    assert body["problems"][0]["value"] == "ten yuan"


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"mapping": "{nope"}, "mapping"),
        ({"mapping": '{"colour": "Farbe"}'}, "mapping"),
        ({"time_zone": "Mars/Base"}, "time_zone"),
    ],
)
def test_bad_fields_answer_422(fields: dict[str, str], where: str) -> None:
    venture = VentureFactory()
    response = caller_for(venture).upload(venture, fields=fields)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == where
    assert not ImportJob.objects.exists()


def test_viewer_token_may_read_but_not_upload() -> None:
    venture = VentureFactory()
    imported(venture)
    viewer = caller_for(venture, Role.VIEWER)
    assert viewer.get(f"/ventures/{venture.pk}/kpis").status_code == 200
    assert viewer.upload(venture, content=b"order_id\n").status_code == 404
    assert ImportJob.objects.count() == 1


@pytest.mark.parametrize("kind", [OrganizationKind.VENTURE, OrganizationKind.INVESTOR])
def test_other_organizations_get_404(kind: str) -> None:
    venture = VentureFactory(is_public=True)
    job = imported(venture)
    stranger = caller_for(kind=kind)
    assert stranger.get(f"/ventures/{venture.pk}/kpis").status_code == 404
    assert stranger.get(f"/imports/{job.pk}").status_code == 404
    assert stranger.upload(venture, content=b"x").status_code == 404


def test_without_a_token_the_api_answers_401() -> None:
    venture = VentureFactory()
    response = Client().get(f"/api/v1/metrics/ventures/{venture.pk}/kpis")
    assert response.status_code == 401


def test_the_document_declares_the_errors_of_each_endpoint() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    operations = {
        (method, path): operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    assert set(operations) == {
        ("post", "/api/v1/metrics/ventures/{venture_id}/imports"),
        ("get", "/api/v1/metrics/imports/{job_id}"),
        ("get", "/api/v1/metrics/ventures/{venture_id}/kpis"),
        ("post", "/api/v1/metrics/ventures/{venture_id}/kpis"),
        ("post", "/api/v1/metrics/ventures/{venture_id}/traffic"),
        ("get", "/api/v1/metrics/ventures/{venture_id}/finance"),
        ("post", "/api/v1/metrics/ventures/{venture_id}/finance"),
    }
    for (method, path), operation in operations.items():
        declared = set(operation["responses"])
        assert {"401", "404", "422"} <= declared, (method, path)
        if method != "get":
            assert "403" in declared, (method, path)
