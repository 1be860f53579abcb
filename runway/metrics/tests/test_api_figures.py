"""The API end to end for pushed months (connected), traffic uploads and finance snapshots."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from runway.api.tests.factories import make_token
from runway.metrics.figures import local_today
from runway.metrics.models import DailyTraffic, FinanceSnapshot, ImportJob, MonthlyKPI
from runway.metrics.services import import_job_create, import_job_run
from runway.metrics.tests.factories import ORDERS_CSV, TRAFFIC_CSV, upload
from runway.orgs.models import OrganizationKind, Role
from runway.ventures.models import Venture
from runway.ventures.tests.factories import VentureFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("runway.metrics.tests.api_urls")]

MONTH = {"month": "2025-02", "gmv": "10000.00", "refunds": "500.00", "orders": 80, "buyers": 60,
         "new_buyers": 20}  # fmt: skip
SNAPSHOT = {"as_of": "2025-01-31", "currency": "CNY", "cash": "900000.00",
            "monthly_burn": "100000.00"}  # fmt: skip


class Caller:
    def __init__(self, key: str) -> None:
        self.client = Client(headers={"accept-language": "en", "authorization": f"Bearer {key}"})

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1/metrics{path}")

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"/api/v1/metrics{path}", body, content_type="application/json")

    def push(self, venture: Venture, *months: dict[str, Any], currency: str = "CNY") -> Any:
        body = {"currency": currency, "months": list(months or [MONTH])}
        return self.post(f"/ventures/{venture.pk}/kpis", body)


def caller_for(venture: Venture | None = None, role: str = Role.MEMBER, **kind: str) -> Caller:
    _token, key = make_token(
        organization=venture.organization if venture else None, role=role, **kind
    )
    return Caller(key)


def test_a_shop_pushes_months_which_are_stored_connected_and_idempotent() -> None:
    venture = VentureFactory()
    job = import_job_create(actor=None, venture=venture, upload=upload(ORDERS_CSV), enqueue=False)
    import_job_run(job=job)
    shop = caller_for(venture)
    response = shop.push(venture, MONTH, {**MONTH, "month": "2024-12", "visits": 4000})
    assert response.status_code == 200, response.content
    pushed = response.json()
    assert [(m["month"], m["verification"], m["gmv"]) for m in pushed] == [
        ("2024-12-01", "connected", "10000.00"),
        ("2025-02-01", "connected", "10000.00"),
    ]
    assert (pushed[1]["net_revenue"], pushed[1]["aov"], pushed[1]["refund_rate"]) == (
        "9500.00", "125.00", "0.050000"
    )  # fmt: skip
    assert pushed[0]["conversion"] == "0.020000"  # 80 orders over 4,000 visits
    kpis = shop.get(f"/ventures/{venture.pk}/kpis").json()
    assert [(k["month"], k["verification"]) for k in kpis] == [
        ("2024-12-01", "connected"),
        ("2025-01-01", "imported"),
        ("2025-02-01", "connected"),
        ("2025-03-01", "imported"),
    ]
    assert kpis[1]["gmv_mom"] is None  # January is partial in the export
    again = shop.push(venture, MONTH, {**MONTH, "month": "2024-12", "visits": 4000})
    assert again.status_code == 200
    assert again.json() == [{**m} for m in pushed]
    assert MonthlyKPI.objects.filter(venture=venture).count() == 4


@pytest.mark.parametrize(
    ("month", "where"),
    [
        ({**MONTH, "refunds": "10000.01"}, ["body", "months", 0, "refunds"]),
        ({**MONTH, "buyers": 81}, ["body", "months", 0, "buyers"]),
        ({**MONTH, "month": "2025-13"}, ["body", "months", 0, "month"]),
        ({**MONTH, "gmv": 10000.5}, ["body", "months", 0, "gmv"]),
        ({**MONTH, "orders": -1}, ["body", "months", 0, "orders"]),
        ({**MONTH, "colour": "red"}, ["body", "months", 0, "colour"]),
    ],
)
def test_wrong_months_answer_422_naming_the_field(month: dict[str, Any], where: list[Any]) -> None:
    venture = VentureFactory()
    response = caller_for(venture).push(venture, month)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == where
    assert not MonthlyKPI.objects.exists()


def test_a_month_not_begun_and_a_second_currency_answer_422() -> None:
    venture = VentureFactory()
    shop = caller_for(venture)
    later = local_today().replace(day=28) + dt.timedelta(days=5)
    future = shop.push(venture, {**MONTH, "month": f"{later:%Y-%m}"})
    assert future.json()["detail"][0]["loc"] == ["body", "months", 0, "month"]
    assert shop.push(venture).status_code == 200
    other = shop.push(venture, {**MONTH, "month": "2025-01"}, currency="USD")
    assert other.status_code == 422
    assert other.json()["detail"][0]["loc"] == ["body", "currency"]


def test_viewer_tokens_and_other_organizations_cannot_push() -> None:
    venture = VentureFactory(is_public=True)
    assert caller_for(venture, Role.VIEWER).push(venture).status_code == 404
    for kind in (OrganizationKind.VENTURE, OrganizationKind.INVESTOR):
        assert caller_for(kind=kind, role=Role.OWNER).push(venture).status_code == 404
    assert not MonthlyKPI.objects.exists()


def test_traffic_upload_then_poll(django_capture_on_commit_callbacks: Any) -> None:
    venture = VentureFactory()
    job = import_job_create(actor=None, venture=venture, upload=upload(ORDERS_CSV), enqueue=False)
    import_job_run(job=job)
    shop = caller_for(venture)
    url = f"/api/v1/metrics/ventures/{venture.pk}/traffic"
    with django_capture_on_commit_callbacks(execute=True):
        response = shop.client.post(url, {"file": upload(TRAFFIC_CSV, "traffic.csv")})
    assert response.status_code == 202, response.content
    assert response.json()["kind"] == "traffic"
    polled = shop.get(f"/imports/{response.json()['id']}").json()
    assert polled["status"] == "succeeded"
    assert [k["visits"] for k in shop.get(f"/ventures/{venture.pk}/kpis").json()] == [100, 25, 8]
    again = shop.client.post(url, {"file": upload(TRAFFIC_CSV, "traffic.csv")})
    assert (again.status_code, again.json()["id"]) == (200, polled["id"])
    stranger = caller_for(kind=OrganizationKind.INVESTOR)
    assert stranger.client.post(url, {"file": upload(TRAFFIC_CSV)}).status_code == 404
    assert ImportJob.objects.filter(kind="traffic").count() == 1
    assert DailyTraffic.objects.count() == 4


def test_finance_snapshots_are_written_by_members_and_read_by_viewers() -> None:
    venture = VentureFactory()
    member = caller_for(venture)
    created = member.post(f"/ventures/{venture.pk}/finance", SNAPSHOT)
    assert created.status_code == 201, created.content
    assert (created.json()["runway_months"], created.json()["verification"]) == (
        "9.0", "self_reported"
    )  # fmt: skip
    replaced = member.post(f"/ventures/{venture.pk}/finance", {**SNAPSHOT, "monthly_burn": "0"})
    assert (replaced.status_code, replaced.json()["runway_months"]) == (200, None)
    viewer = caller_for(venture, Role.VIEWER)
    listed = viewer.get(f"/ventures/{venture.pk}/finance")
    assert [(s["as_of"], s["cash"]) for s in listed.json()] == [("2025-01-31", "900000.00")]
    assert viewer.post(f"/ventures/{venture.pk}/finance", SNAPSHOT).status_code == 404
    assert FinanceSnapshot.objects.count() == 1


def test_finance_errors_name_the_field_and_strangers_get_404() -> None:
    venture = VentureFactory(is_public=True)
    member = caller_for(venture)
    later = f"{local_today() + dt.timedelta(days=3):%Y-%m-%d}"
    future = member.post(f"/ventures/{venture.pk}/finance", {**SNAPSHOT, "as_of": later})
    assert future.status_code == 422
    assert future.json()["detail"][0]["loc"] == ["body", "as_of"]
    negative = member.post(f"/ventures/{venture.pk}/finance", {**SNAPSHOT, "cash": "-1.00"})
    assert negative.json()["detail"][0]["loc"] == ["body", "cash"]
    stranger = caller_for(kind=OrganizationKind.INVESTOR, role=Role.OWNER)
    assert stranger.get(f"/ventures/{venture.pk}/finance").status_code == 404
    assert stranger.post(f"/ventures/{venture.pk}/finance", SNAPSHOT).status_code == 404
    assert not FinanceSnapshot.objects.exists()
