"""The portfolio in the JSON API: the same holders, figures and refusals as the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from runway.api.tests.client import ApiClient
from runway.api.tests.factories import make_token
from runway.matching.adapters import venture_grade
from runway.orgs.models import Organization, OrganizationKind, Role
from runway.orgs.tests.factories import OrganizationFactory
from runway.portfolio.models import MetricsAccessEvent
from runway.portfolio.services.alerts import portfolio_alerts_run
from runway.portfolio.tests.factories import (
    HoldingFactory,
    holder,
    investor_org,
    month,
    months,
    snapshot,
    year_of,
)

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found"}


@pytest.fixture
def api() -> Callable[..., ApiClient]:
    def build(organization: Organization, role: str = Role.MEMBER) -> ApiClient:
        token, key = make_token(organization=organization, role=role)
        return ApiClient(key, token)

    return build


def test_a_holder_reads_its_holdings_with_live_figures(api: Any) -> None:
    holding = HoldingFactory(ownership=Decimal("0.12500000"))
    months(holding.venture, year_of(month(2025, 10), [1000] * 12 + [690]))
    snapshot(holding.venture, cash="45000.00", burn="10000.00")

    response = api(holding.investor, role=Role.VIEWER).get("/portfolio/holdings")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == holding.pk
    assert item["venture"] == {"id": holding.venture_id, "name": holding.venture.name}
    assert item["funding_round"] == {
        "id": holding.funding_round_id, "title": holding.funding_round.title,
    }  # fmt: skip
    assert (item["instrument"], item["amount"], item["currency"]) == ("equity", "500000.00", "CNY")
    assert item["ownership"] == "0.12500000"
    assert item["acquired_on"] == "2025-06-30"
    assert item["kpis"] == {
        "currency": "CNY", "month": "2026-10-01", "net_revenue": "690.00",
        "net_revenue_yoy": "-0.310000", "repeat_buyer_rate": "0.625000",
        "months_of_history": 13,
    }  # fmt: skip
    assert item["runway"] == {
        "status": "months", "months": "4.5", "as_of": "2026-10-31", "cash": "45000.00",
        "monthly_burn": "10000.00", "currency": "CNY", "reason": "", "reason_text": "",
        "low": True,
    }  # fmt: skip
    assert item["grade"] == venture_grade(holding.venture)


def test_unknown_runway_says_why(api: Any) -> None:
    holding = HoldingFactory()
    item = api(holding.investor).get(f"/portfolio/holdings/{holding.pk}").json()
    assert item["runway"]["status"] == "unknown"
    assert item["runway"]["reason"] == "no_snapshot"
    assert item["runway"]["reason_text"] == (
        "the venture has not stated its cash and monthly burn yet"
    )
    assert item["kpis"]["months_of_history"] == 0
    assert item["grade"] is None


def test_holdings_are_paginated_newest_first(api: Any) -> None:
    investor = investor_org()
    days = [dt.date(2025, 1, 1), dt.date(2026, 1, 1), dt.date(2025, 6, 1)]
    held = [HoldingFactory(investor=investor, acquired_on=day) for day in days]
    client = api(investor)
    first = client.get("/portfolio/holdings", page_size=2).json()
    second = client.get("/portfolio/holdings", page_size=2, page=2).json()
    assert first["count"] == second["count"] == 3
    assert [i["id"] for i in first["items"]] == [held[1].pk, held[2].pk]
    assert [i["id"] for i in second["items"]] == [held[0].pk]
    assert client.get("/portfolio/holdings", page_size=500).status_code == 422


def test_another_investor_sees_none_of_them(api: Any) -> None:
    holding = HoldingFactory()
    other = api(investor_org())
    assert other.get("/portfolio/holdings").json() == {"items": [], "count": 0}
    assert other.get(f"/portfolio/holdings/{holding.pk}").json() == NOT_FOUND
    assert other.get(f"/portfolio/holdings/{holding.pk}").status_code == 404


@pytest.mark.parametrize(
    "kind", [OrganizationKind.VENTURE, OrganizationKind.INTERMEDIARY, OrganizationKind.PLATFORM]
)
def test_organizations_that_hold_nothing_get_404(api: Any, kind: str) -> None:
    holding = HoldingFactory()
    # The held venture itself included: holders' figures about it are not its to read here.
    organization = (
        holding.venture.organization
        if kind == OrganizationKind.VENTURE
        else OrganizationFactory(kind=kind)
    )
    client = api(organization, role=Role.OWNER)
    for path in ("/portfolio/holdings", f"/portfolio/holdings/{holding.pk}", "/portfolio/alerts"):
        response = client.get(path)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), path


def test_anonymous_callers_are_told_to_authenticate() -> None:
    holding = HoldingFactory()
    anonymous = ApiClient(None)
    for path in ("/portfolio/holdings", f"/portfolio/holdings/{holding.pk}", "/portfolio/alerts"):
        assert anonymous.get(path).status_code == 401, path
    assert not MetricsAccessEvent.objects.exists()


def test_reading_a_holding_is_audited_as_an_api_read(api: Any) -> None:
    holding = HoldingFactory()
    api(holding.investor).get(f"/portfolio/holdings/{holding.pk}")
    api(investor_org()).get(f"/portfolio/holdings/{holding.pk}")
    events = list(MetricsAccessEvent.objects.order_by("pk"))
    seen = [
        (e.organization_id == holding.investor_id, e.outcome, e.channel, e.user_id) for e in events
    ]
    assert seen == [(True, "allowed", "api", None), (False, "denied", "api", None)]


def test_a_signed_in_person_reads_through_the_session(client_for: Any) -> None:
    holding = HoldingFactory()
    client = client_for(holder(holding))
    response = client.get("/api/v1/portfolio/holdings")
    assert response.status_code == 200
    assert [i["id"] for i in response.json()["items"]] == [holding.pk]
    event = client.get(f"/api/v1/portfolio/holdings/{holding.pk}")
    assert event.status_code == 200
    assert MetricsAccessEvent.objects.get().user_id is not None


def test_alerts_are_the_holders_own_and_filter_by_kind(api: Any) -> None:
    mine = HoldingFactory()
    theirs = HoldingFactory()
    months(mine.venture, year_of(month(2025, 10), [1000] * 13))
    snapshot(mine.venture, cash="10000.00", burn="10000.00")
    portfolio_alerts_run(today=dt.date(2026, 11, 20))  # `theirs` never reported

    body = api(mine.investor, role=Role.VIEWER).get("/portfolio/alerts").json()
    assert body["count"] == 1
    (alert,) = body["items"]
    assert alert["holding_id"] == mine.pk
    assert alert["venture"] == {"id": mine.venture_id, "name": mine.venture.name}
    assert (alert["kind"], alert["period"]) == ("low_runway", "2026-10")
    assert alert["values"]["months"] == "1.0"
    assert alert["text"] == (
        f"{mine.venture.name} has 1.0 months of cash left at its current burn (as of 2026-10-31)."
    )
    assert alert["emailed_at"] is None
    client = api(theirs.investor)
    assert client.get("/portfolio/alerts", kind="low_runway").json()["count"] == 0
    assert client.get("/portfolio/alerts", kind="missed_update").json()["count"] == 1
    assert client.get("/portfolio/alerts", kind="nonsense").status_code == 422
